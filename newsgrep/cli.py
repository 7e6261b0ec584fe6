"""The ``newsgrep`` command line: options in, library call, printer out.

Each command turns its options into a library call on an
:class:`~newsgrep.archive.Archive` (or :func:`~newsgrep.index.update_index`)
and hands the plain results to a printer, on an
:class:`~newsgrep.printers.Output` chosen once. Errors cross one boundary,
:func:`main`, which maps them to grep's exit statuses (:class:`ExitStatus`).
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .errors import NewsgrepError, OutputError


class ExitStatus(enum.IntEnum):
    """grep's exit statuses, and the shell's for an interrupt."""

    MATCH = 0
    NO_MATCH = 1
    ERROR = 2
    INTERRUPTED = 130


#: Seconds `newsgrep index` waits for another writer by default.
LOCK_WAIT = 60.0
DEFAULT_LIMIT = 20
#: Articles `top --by name|term` reads, at random, when more match (--all: every one).
TOP_SAMPLE = 1000

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSGREP_INDEX",
    show_envvar=True,
    help="Index folder (default: a per-user data folder; see `newsgrep where`).",
)

sort_option = click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
    help="Order of the articles.",
)


FIELD_HELP = (
    "Read article field TARGET (title, text, date, source, author, url, lang, id; "
    "other names are kept as extra metadata) from SOURCE in JSON, JSON Lines and CSV "
    "records: a field name (body, source.name) or, in a CSV file without header, a "
    "column number (0 is the first). Repeat the option for more fields; a TARGET "
    "given twice reads both, in order."
)


def _parse_fields(ctx, param, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        target, eq, source = value.partition("=")
        target, source = target.strip().lower(), source.strip()
        if not eq or not target.isidentifier() or not source:
            raise click.BadParameter(
                f"{value!r} is not TARGET=SOURCE, e.g. text=body or text=1", ctx, param
            )
        pairs.append((target, source))
    return tuple(pairs)


def _parse_char(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    value = {"tab": "\t", "\\t": "\t"}.get(value.lower(), value)
    if len(value) != 1:
        raise click.BadParameter(f"{value!r} is not a single character", ctx, param)
    return value


def _parse_lang(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 2 or not value.isalpha():
        raise click.BadParameter(f"{value!r} is not a two-letter code such as en or fr", ctx, param)
    return value.lower()


def reading_options(command: Callable) -> Callable:
    """The options that say how to read files: field names, CSV dialect, defaults."""
    for option in reversed(
        [
            click.option("--field", "fields", multiple=True, metavar="TARGET=SOURCE",
                         callback=_parse_fields, help=FIELD_HELP),
            click.option("--csv-delimiter", metavar="CHAR", callback=_parse_char,
                         help="Column separator of CSV files (default: guessed; a tab for "
                         ".tsv). Write 'tab' for a tab."),
            click.option("--csv-quotechar", metavar="CHAR", callback=_parse_char,
                         help="Quote character of CSV files (default: guessed, usually \")."),
            click.option("--csv-no-header", is_flag=True,
                         help="CSV files have no header row: give their columns with "
                         "--field TARGET=N."),
            click.option("--lang", metavar="CODE", callback=_parse_lang,
                         help="Language (two-letter code) of articles that do not state "
                         "one, instead of detecting it."),
            click.option("--source", metavar="NAME",
                         help="Source (outlet) of articles that do not name one."),
            click.option("--pdf-pages", type=click.IntRange(min=0), default=0, metavar="N",
                         help="Make one article of every N pages of a PDF (an e-paper "
                         "issue, a clippings file) instead of one per file; 0: per file."),
        ]
    ):  # fmt: skip
        command = option(command)
    return command


def _read_options(fields, csv_delimiter, csv_quotechar, csv_no_header, lang, source, pdf_pages):
    from .readers import ReadOptions

    if csv_no_header and not any(s.isdigit() for t, s in fields if t in ("text", "title")):
        raise click.UsageError(
            "--csv-no-header needs the column of the text: add --field text=N (0 is the first)"
        )
    options = ReadOptions.from_pairs(
        fields,
        csv_delimiter=csv_delimiter,
        csv_quotechar=csv_quotechar,
        csv_header=not csv_no_header,
        lang=lang,
        source=source.strip() if source else None,
        pdf_pages_per_article=pdf_pages,
    )
    return None if options == ReadOptions() else options  # None: none given


@click.group(
    context_settings=CONTEXT,
    epilog="""\b
Examples:
  newsgrep index corpus/                 index a folder of articles
  newsgrep search Witkoff                articles naming Witkoff
  newsgrep search 'Witkoff NOT Kushner'  ...but never Kushner, anywhere in the article
  newsgrep search '"Steve Witkoff"' --json | jq .title
""",
)
@click.version_option(None, "-V", "--version", package_name="newsgrep", prog_name="newsgrep")
def cli() -> None:
    """Full-text search for news archives.

    Index folders of articles once, then search them: boolean logic spans
    whole articles, results show the matching paragraphs.
    """


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
Examples:
  newsgrep index corpus/
  newsgrep index ~/archive/2025 ~/archive/2026 -v
  newsgrep index --rebuild corpus/
  newsgrep index ~/archive --exclude 'README*' --exclude drafts/
  newsgrep index --compact ~/archive
  newsgrep index --field text=body --field date=created exports/
  newsgrep index --csv-delimiter ';' --csv-quotechar "'" --csv-no-header \\
                 --field label=0 --field text=1 --lang de test.csv
  jq -c '.articles[]' response.json | newsgrep index --source 'Le Monde' -
""",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Start the index over instead of updating it.")
@reading_options
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out files and folders matching GLOB (gitignore syntax, relative to each PATH: "
    "README*, drafts/, /notes.txt); repeatable. Remembered with the reading options.",
)
@click.option(
    "--reset-options",
    is_flag=True,
    help="Forget the reading options and exclusions remembered for PATHS: read them with the "
    "defaults again.",
)
@click.option(
    "--compact",
    is_flag=True,
    help="Also merge the whole index into one segment, reclaiming the space of every "
    "deleted document.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=LOCK_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another `newsgrep index` on the same index to finish.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Processes that read and index files  [default: one per CPU].",
)
@click.option("-v", "--verbose", is_flag=True, help="List each skipped file with its reason.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def index(paths: tuple[Path, ...], index_dir: Path | None, rebuild: bool, wait: float,
          jobs: int | None, verbose: bool, quiet: bool, exclude: tuple[str, ...],
          reset_options: bool, compact: bool, **reading) -> None:  # fmt: skip
    """Index the articles in PATHS (folders are read recursively; - reads standard input).

    \b
    Formats, by file name:
      .txt .text .md .markdown   plain text and Markdown (first line: title)
      .html .htm .xhtml          web pages (main text, title, date, author, site)
      .json .jsonl .ndjson       article objects, lists of them, API responses
      .csv .tsv                  one article per row
      .rss .atom, feed .xml      one article per entry
      .warc .warc.gz             one article per HTML page
      .sgm .sgml .trec           Reuters-21578 and TREC newswire records
    Files without a suffix are read when their start shows a TREC, WARC,
    SGML, feed, HTML, PDF, RTF, e-mail or mbox file, or a LexisNexis or
    Factiva export. Other files and hidden ones are skipped.

    Standard input (-) takes JSON Lines or one JSON document; each article
    is kept under the path stdin:URL (or stdin:id:ID, or a hash of its
    text), so piping the same articles again adds nothing.

    Dates come from the article's own metadata, then YAML front matter, then
    a date opening its first paragraph, then a YYYY-MM-DD in the file name;
    times with a zone are converted to UTC first.

    Running it again reads only new and changed files (and files indexed
    with other reading options) and drops the files that are gone (moved,
    renamed, deleted: checked again at the end of the run), counting them.
    Each run is committed at once at the end: interrupted or killed, it
    leaves the index as the previous run left it; searches meanwhile see
    that state.

    Reading options (--field, --csv-*, --lang, --source, --pdf-pages) and
    --exclude are remembered for each PATH they are given with, and apply to
    every later run that reads files under it (`newsgrep index ~/archive`
    reads a CSV folder inside it as it was first read); giving other options
    for a PATH replaces them, --reset-options forgets them, `newsgrep stats`
    lists them. A .newsgrepignore file at the top of an indexed folder
    excludes files too (gitignore syntax).
    """
    from .index import update_index
    from .printers import Progress, print_summary, stderr_output
    from .readers import ReadOptions

    options = _read_options(**reading)
    piped: list = []
    if any(str(p) == "-" for p in paths):
        from .readers.json import read_stdin

        piped = list(read_stdin(sys.stdin.buffer, options or ReadOptions()))
        paths = tuple(p for p in paths if str(p) != "-")
    err = stderr_output()
    with Progress(err, quiet) as progress:
        summary = update_index(
            paths,
            index_dir,
            rebuild=rebuild,
            progress=progress,
            options=options,
            piped=piped,
            lock_timeout=wait,
            jobs=jobs,
            exclude=exclude,
            reset=reset_options,
            compact=compact,
        )
    print_summary(summary, err, verbose=verbose, quiet=quiet)
    if not quiet:
        from .reports import alert_lines

        for line in alert_lines(summary.alerts):
            err.write(line + "\n")


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
Examples:
  newsgrep forget ~/archive/2019
  newsgrep forget old-exports/ drafts/notes.txt
""",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=LOCK_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a `newsgrep index` on the same index to finish.",
)
def forget(paths: tuple[Path, ...], index_dir: Path | None, wait: float) -> None:
    """Remove the articles of the files under PATHS from the index, and their remembered options.

    The files need not exist any more: a folder that was moved or deleted is
    forgotten by the name it was indexed under. Exit status 1 when nothing
    was indexed under PATHS.
    """
    from .index import forget as forget_paths
    from .printers import forget_line, stderr_output

    summary = forget_paths(paths, index_dir, lock_timeout=wait)
    stderr_output().write(forget_line(summary, [str(p) for p in paths]) + "\n")
    raise SystemExit(_status(bool(summary.files_removed or summary.forgotten_folders)))


def filter_options(f: Callable) -> Callable:
    """--since, --until, --source, --lang: shared by the commands that search."""
    f = click.option(
        "--lang",
        "langs",
        multiple=True,
        metavar="CODE",
        help="Only articles in this language (ISO 639-1, e.g. fr); repeatable.",
    )(f)
    f = click.option(
        "--source",
        "sources",
        multiple=True,
        metavar="NAME",
        help='Only articles from this source (its words, e.g. "Le Monde"); repeatable.',
    )(f)
    f = click.option("--until", metavar="DATE", help="Only articles dated up to DATE (inclusive).")(
        f
    )
    f = click.option(
        "--since",
        metavar="DATE",
        help="Only articles dated from DATE: YYYY, YYYY-MM or YYYY-MM-DD.",
    )(f)
    return f


def query_options(f: Callable) -> Callable:
    f = click.option(
        "--exact",
        is_flag=True,
        help="Match words as written (case and accents still ignored): no stemming.",
    )(f)
    f = click.option(
        "-p",
        "--same-paragraph",
        is_flag=True,
        help="Every term must match inside one paragraph (default: anywhere in the article).",
    )(f)
    return filter_options(f)


def _filters(since, until, sources, langs, paths=()):
    from .corpus import logical_path
    from .query import Filters, parse_date

    return Filters(
        since=parse_date(since) if since else None,
        until=parse_date(until, end=True) if until else None,
        sources=tuple(sources),
        langs=tuple(langs),
        paths=tuple(os.path.realpath(logical_path(p)) for p in paths),
    )


def count_option(f: Callable) -> Callable:
    return click.option(
        "--count",
        "counted",
        type=click.Choice(["stories", "articles"]),
        default="stories",
        show_default=True,
        help="Count stories (copies of one story once, as its earliest copy) or every "
        "matching article.",
    )(f)


def _counted(archive, query, exact, same_paragraph, since, until, sources, langs, counted):
    """(all matching articles, those counted, what they are: "stories" or "articles")."""
    from . import analytics

    result = archive.search(
        " ".join(query),
        limit=None,
        exact=exact,
        same_paragraph=same_paragraph,
        filters=_filters(since, until, sources, langs),
        highlight=False,
        collapse=False,
    )
    every = list(result.articles)
    if counted == "articles":
        return every, every, "articles"
    if not archive.has_stories():
        from .printers import stderr_output

        stderr_output().write(
            "newsgrep: this index has no stories (built before newsgrep grouped copies): "
            "counting articles; `newsgrep index --rebuild PATH...` groups them\n"
        )
        return every, every, "articles"
    return every, analytics.fold_stories(every), "stories"


def _status(found: bool) -> ExitStatus:
    return ExitStatus.MATCH if found else ExitStatus.NO_MATCH


color_option = click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colours. auto: only on a terminal and when NO_COLOR is unset.",
)


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
Query syntax (the README's "Query syntax" has it all):
  Witkoff Kushner         both words, anywhere in the same article (AND)
  Witkoff OR Kushner      either word (also: or, ||)
  Witkoff -Kushner        articles naming Witkoff that never name Kushner
                          (also: NOT Kushner, not Kushner, !Kushner)
  "Steve Witkoff"         a phrase, inside one paragraph; "war or peace": words
  "Witkoff Kremlin"~10    the words within 10 positions of each other
  Witkoff NEAR/5 Poutine  at most 5 words apart, either order (ONEAR/5: in this order);
                          also "Steve Witkoff" NEAR/10 "Vladimir Poutine"
  SENTENCE(Witkoff Poutine)   both in one sentence (PARAGRAPH(...): in one paragraph)
  title:Ukraine           a word in the headline; also text:, source:, lang:
  speaker:Ushakov         quoting him, any spelling; quote:compromis, inside quotes
  date:2025-12            a month; also date:2025, date:[2025-12-01 to 2025-12-31]
  Witkof~  Witkof~2       a word within one typo, within two
  négoc*  Witk?ff         words starting with négoc; ? stands for one letter
  (Witkoff OR Kushner) AND Poutine

\b
Output: in a terminal, articles with highlighted paragraphs; in a pipe,
one line per paragraph, ADDRESS:PARAGRAPH:TEXT (paragraph 0 is the
headline; context paragraphs from -C are ADDRESS-PARAGRAPH-TEXT). An
article's address is its file's path, or PATH#N for the N-th article of a
file that holds several (a CSV row, a feed entry, a Reuters record).

\b
Exit status: 0 if something matched, 1 if nothing did, 2 on error.

\b
Examples:
  newsgrep search Witkoff
  newsgrep search 'Witkoff NOT Kushner'
  newsgrep search cocoa --since 1987-03 --until 1987-04 --sort oldest
  newsgrep search compromis --json | jq -r .text
  newsgrep search cocoa ~/archive/reuters          only articles under that folder
  newsgrep search -e cocoa -e coffee -C 1          either word, a paragraph around
  newsgrep search Ukraine -l -0 | xargs -0 -n 1 newsgrep show | wc -w
""",
)
@click.argument("query", nargs=-1)
@click.option(
    "-e",
    "--regexp",
    "patterns",
    multiple=True,
    metavar="QUERY",
    help="A query to search for; repeatable: articles matching any of them (OR). With -e, every "
    "other argument is a PATH.",
)
@click.option(
    "-F",
    "--fixed-strings",
    is_flag=True,
    help="Take each query as a phrase of words, written as it is (no operators, no patterns).",
)
@index_option
@query_options
@sort_option
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="Show at most this many articles (0: all).",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    help="Skip this many articles first (for paging).",
)
@click.option(
    "-m",
    "--max-count",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Show at most N matching paragraphs of each article (in reading order).",
)
@click.option(
    "-C",
    "--context",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Also show N paragraphs before and after each matching one.",
)
@click.option(
    "-A",
    "--after-context",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Also show N paragraphs after each matching one.",
)
@click.option(
    "-B",
    "--before-context",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Also show N paragraphs before each matching one.",
)
@click.option(
    "--no-collapse",
    is_flag=True,
    help="Show exact copies of articles and paragraphs too (default: folded into the first).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per paragraph.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, one row per paragraph.")
@click.option(
    "-l", "--files-with-matches", "as_files", is_flag=True,
    help="Only the matching articles' addresses.",
)  # fmt: skip
@click.option(
    "-c", "--count", "as_count", is_flag=True,
    help="ADDRESS:COUNT of matching paragraphs per article.",
)  # fmt: skip
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print nothing: the exit status says whether anything matched.",
)
@click.option(
    "-0", "--null", is_flag=True, help="With -l: end each address with a NUL byte (for xargs -0)."
)
@click.option("--full", is_flag=True, help="On a terminal, show long paragraphs whole.")
@click.option("--no-suggest", is_flag=True, help="Never propose a corrected query.")
@color_option
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], patterns: tuple[str, ...],
           fixed_strings: bool, index_dir: Path | None, exact: bool, same_paragraph: bool,
           since: str | None, until: str | None, sources: tuple[str, ...],
           langs: tuple[str, ...], sort: str, limit: int, offset: int, max_count: int | None,
           context: int | None, after_context: int | None, before_context: int | None,
           no_collapse: bool, as_json: bool, as_csv: bool, as_files: bool, as_count: bool,
           quiet: bool, null: bool, full: bool, no_suggest: bool, color: str) -> None:  # fmt: skip
    """Search the index for QUERY and show the matching paragraphs.

    QUERY may be given as one argument or several words; arguments after it
    that name files or folders (with a / in them) restrict the search to the
    articles under them, as in rg.
    """
    from .archive import open_archive
    from .printers import print_suggestion, select_output, select_printer, stderr_output

    fmt = _one_format(as_json=as_json, as_csv=as_csv, as_files=as_files, as_count=as_count,
                      quiet=quiet)  # fmt: skip
    if null and fmt != "files":
        raise click.UsageError("-0/--null goes with -l (addresses ended by NUL bytes)")
    text, paths = _query_and_paths(query, patterns, fixed_strings)
    filters = _filters(since, until, sources, langs, paths)
    out = select_output(color if fmt not in ("json", "quiet") else "never")
    printer = select_printer(fmt, out, null=null, full=full)
    before = before_context if before_context is not None else context or 0
    after = after_context if after_context is not None else context or 0
    err = stderr_output()
    options = dict(
        limit=limit or None, same_paragraph=same_paragraph, exact=exact, filters=filters,
        sort=sort, context=(before, after), collapse=not no_collapse,
        highlight=printer.needs_spans, max_count=max_count, lazy=True,
    )  # fmt: skip
    with open_archive(index_dir) as archive:
        result = archive.search(text, offset=offset, **options)
        # As grep: any -A, -B or -C (even 0) parts groups that do not follow each other.
        result.context = any(n is not None for n in (context, after_context, before_context))
        printer.print(result)
        out.stream.flush()
        shown = 0 if quiet else len(result.articles) + result.collapsed  # (all read by now)
        suggestion = None if no_suggest or quiet else archive.suggest(text, result, filters, exact)
        hints = [] if quiet else archive.hints(text, result, filters)
        if not result.total_articles and not suggestion and not hints and not quiet:
            _all_but_one(archive, text, options, printer, fmt, err)
    default_limit = ctx.get_parameter_source("limit") == click.core.ParameterSource.DEFAULT
    if default_limit and not out.is_terminal and shown < result.total_articles and not quiet:
        err.write(
            f"newsgrep: showing the best {len(result.articles):,} of "
            f"{result.total_articles:,} matching articles; -n 0 shows them all\n"
        )
    for hint in hints:
        err.write(f"newsgrep: {hint}\n")
    if suggestion:
        print_suggestion(suggestion, err)
    raise SystemExit(_status(bool(result.total_articles)))


def _all_but_one(archive, text: str, options: dict, printer, fmt: str, err) -> None:
    """An AND query found nothing: the articles with all its words but one, under a heading
    on a terminal; elsewhere, one line on stderr with their count and the query."""
    from .printers import plural

    looser = _relaxed_query(text)
    if not looser:
        return
    more = archive.search(looser, **options)
    if not more.total_articles:
        return
    unit = "paragraph" if options["same_paragraph"] else "article"
    command = f"newsgrep search {shlex.quote(looser)}"
    if printer.out.is_terminal and fmt == "lines":
        printer.heading(
            f"No {unit} has every word of {text!r}. These have all but one ({command}):"
        )
        printer.print(more)
    else:
        n = more.total_articles
        err.write(
            f"newsgrep: no {unit} has every word of the query; {plural(n, 'article')} "
            f"{'has' if n == 1 else 'have'} all but one: {command}\n"
        )


def _relaxed_query(text: str) -> str | None:
    """The query for the articles with all the words of ``text`` but one (its date clauses
    kept), when ``text`` is an AND of words (see grammar.relaxed)."""
    from .errors import QueryError
    from .grammar import relaxed
    from .query import DATE_CLAUSE, normalize_text

    text = normalize_text(text)
    dates = [m.group() for m in DATE_CLAUSE.finditer(text)]
    try:
        looser = relaxed(DATE_CLAUSE.sub(" ", text).strip())
    except QueryError:
        return None
    if looser is None:
        return None
    return f"({looser}) {' '.join(dates)}" if dates else looser


def _one_format(**flags: bool) -> str:
    """The one output format asked for; two at once is an error."""
    chosen = [name for name, on in flags.items() if on]
    if len(chosen) > 1:
        names = {"as_json": "--json", "as_csv": "--csv", "as_files": "-l", "as_count": "-c",
                 "quiet": "-q"}  # fmt: skip
        raise click.UsageError(f"{' and '.join(names[c] for c in chosen)} cannot go together")
    return {"as_json": "json", "as_csv": "csv", "as_files": "files", "as_count": "count",
            "quiet": "quiet"}.get(chosen[0], "lines") if chosen else "lines"  # fmt: skip


def _query_and_paths(
    words: tuple[str, ...], patterns: tuple[str, ...], fixed: bool
) -> tuple[str, tuple[str, ...]]:
    """The query and the paths it is restricted to, from the command's arguments.

    With -e, the patterns are the query (OR of them) and every argument a
    path; without, the first argument starts the query, and the arguments
    after it that name existing files or folders (with a / in them, or . and
    ..) are paths, as are all the arguments after the first path.
    """
    if patterns:
        queries, paths = list(patterns), list(words)
    else:
        if not words:
            raise click.UsageError("no QUERY given: `newsgrep search WORDS` or -e QUERY")
        cut = len(words)
        for i, word in enumerate(words[1:], 1):
            if (os.sep in word or word in (".", "..")) and os.path.exists(word):
                cut = i
                break
        queries, paths = [" ".join(words[:cut])], list(words[cut:])
    if fixed:
        queries = [_as_phrase(q) for q in queries]
    if len(queries) == 1:
        return queries[0], tuple(paths)
    return " OR ".join(f"({q})" for q in queries), tuple(paths)


def _as_phrase(text: str) -> str:
    """A query matching ``text`` as a phrase of words, whatever operators it holds."""
    words = re.findall(r"[^\s\"]+", text)
    return '"' + " ".join(words) + '"' if words else text


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
ARTICLE is an article's address (a file's path, or PATH#N for the N-th
article of a file that holds several, as search prints them) or its id
(from --json output). A file that holds several articles shows them all,
each after a line ==> ADDRESS <==.

\b
Examples:
  newsgrep show corpus/2025-12-03-le-monde-ukraine-witkoff-moscou.txt
  newsgrep show b09f00292d49 Witkoff
  newsgrep show reuters-21578/reut2-010.sgm#37
""",
)
@click.argument("article")
@click.argument("query", nargs=-1)
@index_option
@click.option("--json", "fmt", flag_value="json", help="JSON Lines, one object per paragraph.")
@color_option
def show(article: str, query: tuple[str, ...], index_dir: Path | None, fmt: str | None,
         color: str) -> None:  # fmt: skip
    """Print a whole ARTICLE, with the matches of QUERY highlighted if one is given."""
    from .archive import open_archive
    from .printers import print_articles, select_output

    with open_archive(index_dir) as archive:
        found = archive.article(article, " ".join(query))
    if not found:
        raise NewsgrepError(
            f"no article {article!r} in the index",
            hint="Give an article id from `newsgrep search --json` or an indexed file's path.",
        )
    print_articles(found, select_output(color), fmt=fmt)


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
ARTICLE is an article's address or id, as for `newsgrep show`. The earliest
copy comes first; each other copy is compared with it paragraph by paragraph
(case, accents, punctuation and spacing aside): paragraphs added, removed,
changed (mostly the same words) and moved. Then the paragraphs of these
copies found again, verbatim or nearly (a dateline added, a sentence cut),
in articles of other stories: PATH:PARAGRAPH = PATH:PARAGRAPH, as in
`newsgrep search` lines.

\b
Examples:
  newsgrep copies ../shared/data/bbc-news/business/209.txt
  newsgrep copies reuters-21578/reut2-010.sgm#37 --json
""",
)
@click.argument("article")
@index_option
@click.option("--json", "fmt", flag_value="json", help="JSON Lines, one object per copy.")
def copies(article: str, index_dir: Path | None, fmt: str | None) -> None:
    """List the copies of ARTICLE's story, with what each changed."""
    from . import stories
    from .archive import open_archive
    from .printers import print_copies, select_output

    with open_archive(index_dir) as archive:
        if not archive.has_stories():
            from .engine.store import STORIES_HINT

            raise NewsgrepError("this index has no stories (built by an earlier newsgrep)",
                                hint=STORIES_HINT)  # fmt: skip
        found = archive.copies(article)
        reused = archive.reused([copy.key for copy in found]) if found else None
    if not found:
        raise NewsgrepError(
            f"no article {article!r} in the index",
            hint="Give an article id from `newsgrep search --json` or an indexed file's path.",
        )
    first = [h.text for h in found[0].hits if h.paragraph > 0]
    compared = [
        stories.compare(first, [h.text for h in copy.hits if h.paragraph > 0]) for copy in found[1:]
    ]
    print_copies(found, compared, select_output("never"), fmt=fmt, reused=reused)


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
In a terminal, a bar chart; in a pipe, CSV (period,stories,paragraphs,
total,share; "articles" with --count articles); --json gives JSON Lines.
Periods with no match between the first and the last are listed with zero.
Stories are counted on the date of their earliest matching copy.

\b
Examples:
  newsgrep timeline cocoa --by month
  newsgrep timeline Ukraine --by week --normalize --since 2025
  newsgrep timeline --quotes --speaker Ushakov --by month
""",
)
@click.argument("query", nargs=-1)
@index_option
@query_options
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
    help="Period length (weeks are ISO weeks, from Monday).",
)
@click.option(
    "--normalize",
    is_flag=True,
    help="Chart the share of all articles of each period that match.",
)
@click.option(
    "--quotes",
    "quoted",
    is_flag=True,
    help="Count the quotations of the matching articles instead of the articles.",
)
@click.option("--speaker", metavar="NAME", help="With --quotes: only this person's quotations.")
@count_option
@click.option("--json", "fmt", flag_value="json", help="JSON Lines, one object per period.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV even on a terminal.")
@color_option
def timeline(query: tuple[str, ...], index_dir: Path | None, exact: bool, same_paragraph: bool,
             since: str | None, until: str | None, sources: tuple[str, ...],
             langs: tuple[str, ...], by: str, normalize: bool, quoted: bool,
             speaker: str | None, counted: str, fmt: str | None, color: str) -> None:  # fmt: skip
    """Count the stories, articles or quotations matching QUERY per day, week, month or year."""
    from . import analytics
    from .archive import open_archive
    from .printers import print_timeline, select_output, stderr_output

    if speaker and not quoted:
        raise click.UsageError("--speaker counts quotations: add --quotes")
    if quoted:
        if normalize:
            raise click.UsageError("--normalize counts articles, not quotations")
        if not query and not speaker:
            raise click.UsageError("give a QUERY or a --speaker")
        with open_archive(index_dir) as archive:
            found = archive.quotes(" ".join(query), speaker=speaker, exact=exact,
                                   same_paragraph=same_paragraph,
                                   filters=_filters(since, until, sources, langs))  # fmt: skip
        periods, undated = analytics.quote_timeline(found, by)
        print_timeline(periods, undated, False, select_output(color), stderr_output(), fmt=fmt,
                       quotes=True)  # fmt: skip
        raise SystemExit(_status(bool(found)))
    if not query:
        raise click.UsageError("Missing argument 'QUERY...'.")
    with open_archive(index_dir) as archive:
        _every, articles, what = _counted(archive, query, exact, same_paragraph, since, until,
                                          sources, langs, counted)  # fmt: skip
        dates = []
        if normalize:
            facts = archive.facts()
            dates = analytics.story_dates(facts) if what == "stories" else facts.dates
    periods, undated = analytics.timeline(articles, dates, by)
    print_timeline(periods, undated, normalize, select_output(color), stderr_output(), fmt=fmt,
                   what=what)  # fmt: skip
    raise SystemExit(_status(bool(articles)))


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
--by source, lang: matching stories (or articles, --count articles) per outlet
or language, and how much more often than in the whole archive (lift);
--by source adds each outlet's wire share: the share of its matching articles
that copy a story another outlet ran first.
--by name: capitalised names written most often in the matching paragraphs.
--by term: the words most distinctive of the matching paragraphs against the
rest of the archive (log-likelihood).
--by speaker: the people quoted most in the matching articles (quotations,
and the articles they are in), all the quotations of those articles; the
spellings of one person (Iouri Ouchakov, Yuri Ushakov, Juri Uschakow, Юрий
Ушаков) are one row, under the spelling quoted most.

\b
Examples:
  newsgrep top Ukraine --by source
  newsgrep top Witkoff --by name
  newsgrep top cocoa --by term --json
  newsgrep top Ukraine --by speaker
""",
)
@click.argument("query", nargs=-1, required=True)
@index_option
@query_options
@click.option(
    "--by",
    type=click.Choice(["source", "lang", "name", "term", "speaker"]),
    default="source",
    show_default=True,
)
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help=f"--by name, term: read every matching article, not a sample of "
    f"{TOP_SAMPLE:,} (slower on a large archive).",
)
@count_option
@click.option("--json", "fmt", flag_value="json", help="JSON Lines, one object per row.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV even on a terminal.")
@color_option
def top(query: tuple[str, ...], index_dir: Path | None, exact: bool, same_paragraph: bool,
        since: str | None, until: str | None, sources: tuple[str, ...], langs: tuple[str, ...],
        by: str, limit: int, every: bool, counted: str, fmt: str | None,
        color: str) -> None:  # fmt: skip
    """The top sources, languages, names or words of the articles matching QUERY."""
    from . import analytics
    from .archive import open_archive
    from .printers import plural, print_top, select_output, stderr_output

    if by == "speaker":
        with open_archive(index_dir) as archive:
            found = archive.quotes(" ".join(query), exact=exact, same_paragraph=same_paragraph,
                                   filters=_filters(since, until, sources, langs))  # fmt: skip
        print_top(analytics.top_speakers(found, limit), by, select_output(color), fmt=fmt)
        raise SystemExit(_status(bool(found)))
    if by in ("source", "lang"):
        with open_archive(index_dir) as archive:
            all_articles, articles, what = _counted(archive, query, exact, same_paragraph, since,
                                                    until, sources, langs, counted)  # fmt: skip
            rows = analytics.top(archive, articles, by, limit, every=all_articles)
        print_top(rows, by, select_output(color), fmt=fmt, what=what)
        raise SystemExit(_status(bool(articles)))
    sample = None if every else TOP_SAMPLE
    with open_archive(index_dir) as archive:
        result = archive.search(
            " ".join(query), limit=None, exact=exact, same_paragraph=same_paragraph,
            filters=_filters(since, until, sources, langs), highlight=False, sample=sample,
            collapse=counted == "stories",
        )  # fmt: skip
        rows = analytics.top(archive, result.articles, by, limit)
    print_top(rows, by, select_output(color), fmt=fmt)
    if result.sampled:
        stderr_output().write(
            f"newsgrep: sampled {len(result.articles):,} of "
            f"{plural(result.total_articles, 'matching article')} at random; the counts are "
            f"the sample's (--all reads them all)\n"
        )
    raise SystemExit(_status(bool(result.articles)))


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
The quotations that match QUERY (all quotations without one), best article
first: the words in quotation marks (« », “ ”, „ “, ...) and dialogue
dashes, with who said them. A quotation matches when its own words or its
paragraph hold a word of QUERY (when an article matches by its fields or
filters alone, all its quotations do). In QUERY, quote:WORD keeps the
quotations with that word, speaker:NAME those of that person, in any
spelling or script (speaker:Ushakov finds Ouchakov and Ушаков). Quoted
titles and scare quotes are left out unless --kind asks for them.

\b
In a terminal, each quotation with its speaker, source, date and address;
in a pipe, one line each, ADDRESS:PARAGRAPH:DATE:SPEAKER: TEXT; --json
gives JSON Lines, --csv CSV.

\b
Examples:
  newsgrep quotes --speaker Ushakov
  newsgrep quotes quote:compromis --since 2025-12
  newsgrep quotes Ukraine --speaker Zelensky --json
""",
)
@click.argument("query", nargs=-1)
@index_option
@query_options
@click.option("--speaker", metavar="NAME", help="Only this person's quotations (any spelling).")
@click.option(
    "--kind",
    type=click.Choice(["speech", "title", "scare", "all"]),
    default="speech",
    show_default=True,
    help="Speech, quoted titles of works, scare quotes (a word or two), or all.",
)
@sort_option
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Show at most this many quotations (0: all).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per quotation.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, one row per quotation.")
@color_option
def quotes(query: tuple[str, ...], index_dir: Path | None, exact: bool, same_paragraph: bool,
           since: str | None, until: str | None, sources: tuple[str, ...],
           langs: tuple[str, ...], speaker: str | None, kind: str, sort: str, limit: int,
           as_json: bool, as_csv: bool, color: str) -> None:  # fmt: skip
    """List who said what: the quotations matching QUERY."""
    from .archive import open_archive
    from .printers import print_quotes, select_output

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    kinds = ("speech", "title", "scare") if kind == "all" else (kind,)
    with open_archive(index_dir) as archive:
        found = archive.quotes(
            " ".join(query), speaker=speaker, kinds=kinds, limit=limit or None, exact=exact,
            same_paragraph=same_paragraph, filters=_filters(since, until, sources, langs),
            sort=sort, matching=True,
        )  # fmt: skip
    print_quotes(found, select_output(color), fmt="json" if as_json else "csv" if as_csv else None)
    raise SystemExit(_status(bool(found)))


@cli.command(context_settings=CONTEXT)
@index_option
@click.option("--json", "fmt", flag_value="json", help="One JSON object.")
def stats(index_dir: Path | None, fmt: str | None) -> None:
    """What the index holds: articles, paragraphs, languages, sources, dates, size."""
    from .archive import default_index_dir, open_archive
    from .engine.store import index_disk_facts
    from .printers import print_stats, select_output

    index_dir = index_dir or default_index_dir()
    with open_archive(index_dir) as archive:
        facts = archive.facts()
    size, updated = index_disk_facts(index_dir)
    print_stats(facts, str(index_dir), size, updated, select_output("never"), fmt=fmt)


@cli.command(context_settings=CONTEXT)
@index_option
def where(index_dir: Path | None) -> None:
    """Print the index folder in use."""
    from .archive import default_index_dir

    click.echo(str(index_dir or default_index_dir()))


# ---------------------------------------------------------------- lists of queries


#: Queries in a list from which `newsgrep batch` shows a progress bar (on a terminal).
BATCH_PROGRESS = 20


def _list_lines(file) -> tuple[list, list, str]:
    """The queries and malformed lines of a list file (``-``: standard input)."""
    from .batch import read_list

    name = getattr(file, "name", "-")
    where = "stdin" if name in ("-", "<stdin>") or not isinstance(name, str) else name
    queries, bad = read_list(file)
    return queries, bad, where


def _report_bad(bad: list, where: str, err) -> None:
    from .printers import safe

    for b in bad:
        err.write(f"newsgrep: {safe(where)}:{b.line}: {safe(b.message)}\n")


@cli.command(
    context_settings=CONTEXT,
    epilog="""\b
FILE holds one query per line (# starts a comment), or is a CSV file with
a query column and optional name, since, until, source and lang columns
(several sources or languages separated by ;). - reads standard input.

\b
Output: for each query, the articles and paragraphs it matches, the first
and last date, the top sources and the best article; a table on a
terminal, CSV in a pipe (--json: JSON Lines). --hits writes every hit
instead, tagged with its query's name: NAME:ADDRESS:PARAGRAPH:TEXT lines,
or JSON Lines and CSV with a query field first.

\b
Exit status: 0 if a query matched, 1 if none did, 2 if a line of FILE is
not a well-formed query (reported with its line number; the others run).

\b
Examples:
  newsgrep batch names.txt
  newsgrep batch companies.csv --json | jq 'select(.articles > 0) | .name'
  printf 'Witkoff\\nKushner\\n' | newsgrep batch -
  newsgrep batch names.txt --hits --csv > hits.csv
""",
)
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"))
@index_option
@click.option(
    "-p",
    "--same-paragraph",
    is_flag=True,
    help="Every term must match inside one paragraph (default: anywhere in the article).",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Match words as written (case and accents still ignored): no stemming.",
)
@click.option("--hits", is_flag=True, help="Every matching paragraph, tagged with its query.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per query (hit).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV even on a terminal.")
@click.option("--full", is_flag=True, help="With --hits on a terminal, long paragraphs whole.")
@color_option
def batch(file, index_dir: Path | None, same_paragraph: bool, exact: bool, hits: bool,
          as_json: bool, as_csv: bool, full: bool, color: str) -> None:  # fmt: skip
    """Run every query of FILE on the index: a summary per query, or every hit."""
    from .archive import open_archive
    from .batch import summarize
    from .printers import Progress, select_output, stderr_output
    from .reports import SummaryPrinter, TaggedHitPrinter

    fmt = _one_format(as_json=as_json, as_csv=as_csv)
    queries, bad, where = _list_lines(file)
    err = stderr_output()
    _report_bad(bad, where, err)
    out = select_output(color if fmt != "json" else "never")
    found = failed = False
    with (
        open_archive(index_dir) as archive,
        Progress(err, len(queries) < BATCH_PROGRESS, label="searching") as progress,
    ):
        if progress:
            progress(0, len(queries))
        if hits:
            printer = TaggedHitPrinter(out, fmt, full=full)
            for done, named in enumerate(queries, 1):
                try:
                    result = archive.search(
                        named.query, limit=None, exact=exact, same_paragraph=same_paragraph,
                        filters=named.filters(), highlight=printer.needs_spans, lazy=True,
                    )  # fmt: skip
                except NewsgrepError as e:
                    _report_bad([_bad(named, e.message)], where, err)
                    failed = True
                    continue
                if result.total_articles:
                    found = True
                    printer.print(named.name, result,
                                  f"{named.name}: {named.described()}")  # fmt: skip
                if progress:
                    progress(done, len(queries))
        else:
            table = SummaryPrinter(out, None if fmt == "lines" else fmt)
            report = (lambda done: progress(done, len(queries))) if progress else None
            for summary in summarize(archive, queries, exact=exact,
                                     same_paragraph=same_paragraph, progress=report):  # fmt: skip
                if summary.error:
                    _report_bad([_bad(summary.query, summary.error)], where, err)
                    failed = True
                    continue
                found = found or bool(summary.articles)
                table.add(summary)
    if not hits:
        table.close()
    if bad or failed:
        raise SystemExit(ExitStatus.ERROR)
    raise SystemExit(_status(found))


def _bad(named, message: str):
    from .batch import BadLine

    return BadLine(named.line, message)


# ---------------------------------------------------------------- saved searches


wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=LOCK_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a `newsgrep index` on the same index to finish.",
)


@cli.group(
    context_settings=CONTEXT,
    epilog="""\b
Saved searches are kept inside the index folder: a copied index keeps them.
Every `newsgrep index` run ends with a line on stderr for each saved search
with new matching articles ("3 new articles for sanctions-list");
`newsgrep watch new` shows them.

\b
Examples:
  newsgrep watch add sanctions 'Deripaska OR Vekselberg' --since 2025
  newsgrep watch import names.csv
  newsgrep watch list
  newsgrep index ~/archive && newsgrep watch new --json | mail -E -s news me@example.org
""",
)
def watch() -> None:
    """Saved searches, and the articles that are new for them after each index run."""


@watch.command(
    "add",
    context_settings=CONTEXT,
    epilog="""\b
The articles QUERY matches now count as seen: only articles indexed from
now on are new for it.

\b
Examples:
  newsgrep watch add witkoff Witkoff
  newsgrep watch add sanctions 'Deripaska OR Vekselberg' --source Reuters --lang en
""",
)
@click.argument("name")
@click.argument("query", nargs=-1, required=True)
@index_option
@filter_options
@wait_option
def watch_add(name: str, query: tuple[str, ...], index_dir: Path | None, since: str | None,
              until: str | None, sources: tuple[str, ...], langs: tuple[str, ...],
              wait: float) -> None:  # fmt: skip
    """Save QUERY (with the filters given) under NAME."""
    from . import watch as watches
    from .batch import NamedQuery
    from .printers import plural, safe, stderr_output

    named = NamedQuery(watches.check_name(name), " ".join(query), since, until,
                       tuple(sources), tuple(langs))  # fmt: skip
    [(saved, _how)] = watches.add(index_dir, [named], lock_timeout=wait)
    stderr_output().write(
        f"newsgrep: saved {safe(saved.name)}: {plural(len(saved.seen), 'article')} "
        f"{'matches' if len(saved.seen) == 1 else 'match'} now (seen); new ones will be "
        f"announced by `newsgrep index`\n"
    )


@watch.command(
    "import",
    context_settings=CONTEXT,
    epilog="""\b
FILE is a list as `newsgrep batch` reads it: one query per line (the query
is its name), or CSV with query, name, since, until, source and lang
columns; - reads standard input. A saved search of the same name is
replaced (given again unchanged, it keeps what it has seen).

\b
Examples:
  newsgrep watch import names.txt
  newsgrep watch import sanctions.csv
""",
)
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"))
@index_option
@wait_option
def watch_import(file, index_dir: Path | None, wait: float) -> None:
    """Save every query of FILE."""
    from collections import Counter

    from . import watch as watches
    from .printers import plural, stderr_output

    queries, bad, where = _list_lines(file)
    err = stderr_output()
    _report_bad(bad, where, err)
    done = watches.add(index_dir, queries, replace=True, lock_timeout=wait) if queries else []
    how = Counter(h for _w, h in done)
    parts = [f"{how[h]:,} {h}" for h in ("added", "replaced", "unchanged") if how[h]]
    err.write(f"newsgrep: imported {plural(len(done), 'saved search', 'saved searches')}"
              f"{' (' + ', '.join(parts) + ')' if parts else ''}\n")  # fmt: skip
    if bad:
        raise SystemExit(ExitStatus.ERROR)


@watch.command(
    "list",
    context_settings=CONTEXT,
    epilog="""\b
Examples:
  newsgrep watch list
  newsgrep watch list --json | jq -r 'select(.unseen > 0) | .name'
""",
)
@index_option
@click.option("--json", "fmt", flag_value="json", help="JSON Lines, one object per search.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV even on a terminal.")
def watch_list(index_dir: Path | None, fmt: str | None) -> None:
    """The saved searches: name, query and filters, unseen matches.

    Exit status 1 when there is none.
    """
    from . import watch as watches
    from .printers import select_output
    from .reports import print_watches

    rows = watches.listed(index_dir)
    print_watches(rows, select_output("never"), fmt)
    raise SystemExit(_status(bool(rows)))


@watch.command(
    "remove",
    context_settings=CONTEXT,
    epilog="""\b
Examples:
  newsgrep watch remove sanctions
  newsgrep watch list --json | jq -r .name | xargs newsgrep watch remove
""",
)
@click.argument("names", nargs=-1, required=True)
@index_option
@wait_option
def watch_remove(names: tuple[str, ...], index_dir: Path | None, wait: float) -> None:
    """Forget the saved searches NAMES (and what they have seen)."""
    from . import watch as watches

    missing = watches.remove(index_dir, names, lock_timeout=wait)
    if missing:
        raise NewsgrepError(f"no saved search named {missing[0]!r}",
                            hint="`newsgrep watch list` shows them.")  # fmt: skip


@watch.command(
    "new",
    context_settings=CONTEXT,
    epilog="""\b
Output: on a terminal, each saved search's new articles under its name; in
a pipe, NAME:ADDRESS:PARAGRAPH:TEXT lines; --json and --csv carry the
records of `newsgrep search --json` with a query field first.

\b
Exit status: 0 if something was new, 1 if nothing was.

\b
Examples:
  newsgrep watch new
  newsgrep watch new sanctions --peek
  newsgrep index ~/archive && newsgrep watch new --json | mail -E -s news me@example.org
""",
)
@click.argument("names", nargs=-1)
@index_option
@click.option("--peek", is_flag=True, help="Leave the matches unseen.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per paragraph.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, one row per paragraph.")
@click.option("--full", is_flag=True, help="On a terminal, show long paragraphs whole.")
@color_option
@wait_option
def watch_new(names: tuple[str, ...], index_dir: Path | None, peek: bool, as_json: bool,
              as_csv: bool, full: bool, color: str, wait: float) -> None:  # fmt: skip
    """Print the unseen matches of the saved searches (or of NAMES) and mark them seen."""
    from .printers import plural, safe, select_output, stderr_output
    from .reports import TaggedHitPrinter
    from .watch import Inbox

    fmt = _one_format(as_json=as_json, as_csv=as_csv)
    out = select_output(color if fmt != "json" else "never")
    printer = TaggedHitPrinter(out, fmt, full=full)
    err = stderr_output()
    found = False
    with Inbox(index_dir, peek=peek, lock_timeout=wait) as inbox:
        for news in inbox.news(names, highlight=printer.needs_spans):
            if news.gone:
                err.write(f"newsgrep: {plural(news.gone, 'unseen article')} for "
                          f"{safe(news.name)} left the index\n")  # fmt: skip
            if news.result.total_articles:
                found = True
                n = plural(news.result.total_articles, "new article")
                printer.print(news.name, news.result, f"{news.name}: {n}")
        out.stream.flush()
        inbox.mark_seen()
    raise SystemExit(_status(found))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map failures to grep's exit statuses."""
    if hasattr(signal, "SIGPIPE"):
        # When the reader of a pipe goes away (`| head -1`), end at once and
        # quietly, with the status grep has then (141), as pipe users expect.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if sys.stdout is None:  # started with `>&-`: output goes nowhere, as Click's does
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the run
    _forgiving_streams()
    try:
        cli.main(args=argv, prog_name="newsgrep", standalone_mode=False)
    except NewsgrepError as e:
        if isinstance(e, OutputError):
            _discard_output()
        _error(e.message, e.hint)
        raise SystemExit(ExitStatus.ERROR) from None
    except (click.exceptions.Abort, KeyboardInterrupt):
        _quiet_exit(ExitStatus.INTERRUPTED)
    except click.UsageError as e:
        # As grep and rg: the program's name, the error, then where to look.
        command = e.ctx.command_path if e.ctx else "newsgrep"
        _error(e.format_message(), f"`{command} --help` lists the options and examples.")
        raise SystemExit(ExitStatus.ERROR) from None
    except click.ClickException as e:
        _error(e.format_message())
        raise SystemExit(ExitStatus.ERROR) from None
    except BrokenPipeError:
        # `newsgrep search ... | head -1`: the reader has gone; stop quietly.
        _discard_output()
        raise SystemExit(ExitStatus.MATCH) from None
    except OSError as e:
        # Not the output (that is an OutputError): a file or folder newsgrep needed.
        where = f": {e.filename}" if e.filename else ""
        _error(f"{e.strerror or e}{where}")
        raise SystemExit(ExitStatus.ERROR) from None
    raise SystemExit(ExitStatus.MATCH)


def _forgiving_streams() -> None:
    """Under an output encoding that cannot write every letter (PYTHONIOENCODING=ascii,
    LANG=C), write what can be written and a replacement for the rest, rather than fail
    on the first accent."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or (stream.errors or "") != "strict":
            continue
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")


def _error(message: str, hint: str | None = None) -> None:
    from .printers import safe

    with contextlib.suppress(OSError):
        sys.stderr.write(f"newsgrep: error: {safe(message)}\n")
        if hint:
            sys.stderr.write(f"hint: {safe(hint)}\n")
        sys.stderr.flush()


def _discard_output() -> None:
    """Whatever is still buffered for stdout goes nowhere (it cannot be written)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _quiet_exit(status: int) -> None:
    try:
        sys.stderr.write("newsgrep: interrupted\n")
    finally:
        raise SystemExit(status)
