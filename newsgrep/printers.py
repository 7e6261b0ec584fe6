"""Printers: how every command's results are written, to an :class:`Output` decided once.

An :class:`Output` is a stream, whether it is a terminal, and whether to
colour: :func:`select_output` reads ``--color auto|always|never``,
``NO_COLOR`` and "is it a terminal?" once per command, and every printer
writes to the output it is given. Without colour not one escape sequence is
written, on a terminal either (no bold, no dim, no underline). JSON Lines
and CSV rows of a paragraph are the same record (:func:`paragraph_record`)
whether they come from ``search`` or ``show``.

Only :mod:`newsgrep.results` types are printed here: importing this module
loads no search engine.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from .errors import OutputError
from .results import (
    ArchiveFacts,
    ArticleHit,
    Hit,
    IndexSummary,
    QuoteHit,
    SearchResult,
    Suggestion,
)

if TYPE_CHECKING:
    from rich.console import Console

    from .analytics import Period, TopRow

#: What untrusted text must not send to a terminal: C0 controls (escape, newline...),
#: DEL and C1 controls (U+009B is an 8-bit CSI), the bidirectional overrides, embeddings
#: and isolates (U+202E turns the rest of a line around), line and paragraph separators,
#: and lone surrogates (which no encoding can write).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                      "\u2028\u2029\ud800-\udfff]")  # fmt: skip
#: The same, in JSON: C0 controls are escaped by the JSON writer itself.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                          "\u2028\u2029\ud800-\udfff]")  # fmt: skip


def safe(text: str) -> str:
    """Text with every control character (escape, newline, C1, bidi override...) made
    visible as '?', one for one, so that match offsets still hold."""
    return _CONTROL.sub("?", text)


def display_path(path: str) -> str:
    """``path`` (or an address, ``path#N``) relative to the current folder when it lies below it.

    The current folder is the shell's ($PWD) when that names it, so paths
    through a link the user entered stay as the user knows them. Paths that
    are not file paths (``stdin:https://…`` for piped articles) are shown
    as they are.
    """
    if not os.path.isabs(path):
        return safe(path)
    here = _here()
    if path == here or not path.startswith(here.rstrip(os.sep) + os.sep):
        return safe(path)
    return safe(path[len(here.rstrip(os.sep)) + 1 :])


def _here() -> str:
    cwd = os.getcwd()
    pwd = os.environ.get("PWD")
    if pwd and os.path.isabs(pwd) and pwd != cwd:
        try:
            if os.path.samefile(pwd, cwd):
                return os.path.normpath(pwd)
        except OSError:
            pass
    return cwd


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


# ---------------------------------------------------------------- where output goes


class _Guarded:
    """A text stream whose write errors are :class:`OutputError` (a closed pipe stays itself)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(f"write error: {e.strerror or e}") from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(f"write error: {e.strerror or e}") from e

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@dataclass
class Output:
    """Where a command writes, and how: the one terminal decision of a command."""

    stream: IO[str]
    is_terminal: bool
    color: bool

    def write(self, text: str) -> None:
        self.stream.write(text)

    def console(self) -> Console:
        """A Rich console on this output: styles only with colour, no markup, no emoji."""
        from rich.console import Console

        return Console(
            file=self.stream,
            force_terminal=self.is_terminal or self.color,
            color_system="auto" if self.color else None,  # no colour: no escape codes at all
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=not self.is_terminal,
        )


def isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(choice: str, is_terminal: bool) -> bool:
    """``--color always`` wins (over ``NO_COLOR`` too, as in ripgrep); ``auto`` needs a terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return is_terminal


def select_output(
    color: str = "auto", stream: IO[str] | None = None, terminal: bool | None = None
) -> Output:
    """The output of a command: ``stream`` (default stdout), whether it is a terminal, colour."""
    stream = stream if stream is not None else sys.stdout
    is_terminal = isatty(stream) if terminal is None else terminal
    return Output(_Guarded(stream), is_terminal, use_color(color, is_terminal))


def stderr_output() -> Output:
    """Standard error, for progress, summaries, warnings and errors."""
    return select_output("auto", sys.stderr)


# ---------------------------------------------------------------- records


def paragraph_record(article: ArticleHit, hit: Hit) -> dict:
    """One paragraph of one article as JSON Lines and CSV write it, in every command."""
    return {
        "type": "context" if hit.context else "hit",
        "id": article.id,
        "address": article.address,
        "path": article.path,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "lang": article.lang,
        "author": article.author,
        "url": article.url,
        "meta": dict(article.meta),
        "paragraph": hit.paragraph,
        "score": hit.score,
        "article_score": article.score,
        "text": hit.text,
        "spans": [list(s) for s in hit.spans],
        "copies": article.copies,
        "stale": article.stale,
        "story": article.story,
        "copies_count": article.copies_count,
    }


CSV_COLUMNS = ["type", "id", "address", "path", "title", "date", "source", "lang", "author",
               "url", "paragraph", "score", "article_score", "text", "copies", "stale",
               "story", "copies_count"]  # fmt: skip


def _csv_row(article: ArticleHit, hit: Hit) -> list:
    rec = paragraph_record(article, hit)
    if hit.context:
        rec["score"] = ""
    rec["copies"] = " ".join(rec["copies"])
    return ["" if rec[c] is None else _cell(rec[c]) for c in CSV_COLUMNS]


def _cell(value):
    """A CSV cell: text from articles and file names with its control characters as '?'."""
    return safe(value) if isinstance(value, str) else value


def _json_line(record: dict) -> str:
    """One JSON Lines record: the text exact, with the characters a terminal would obey
    written as \\u escapes (any JSON reader gives them back as they were)."""
    line = json.dumps(record, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n"


# ---------------------------------------------------------------- search results


class Printer:
    """Writes a search's results to an output."""

    #: Whether this printer shows where the matches are (finding them takes time).
    needs_spans = True

    def __init__(self, out: Output, null: bool = False, full: bool = False) -> None:
        self.out = out
        self.null = null  # -0: addresses end with NUL
        self.full = full  # --full: long paragraphs whole on a terminal

    def print(self, result: SearchResult) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def heading(self, text: str) -> None:
        """A line above a second set of results (on a terminal only)."""


# ANSI styles of the plain printer, as grep uses them.
_PATH, _NUM, _MATCH, _RESET = "\x1b[35m", "\x1b[32m", "\x1b[1;31m", "\x1b[0m"
_SEP = "\x1b[36m"


def _mark(text: str, spans: Iterable[tuple[int, int]], color: bool) -> str:
    """One-line ``text`` with the spans wrapped in ANSI highlight codes if ``color``."""
    if not color:
        return safe(text)
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [safe(text[last:start]), _MATCH, safe(text[start:end]), _RESET]
        last = end
    out.append(safe(text[last:]))
    return "".join(out)


class LinePrinter(Printer):
    """``path:paragraph:text``, one line per matching paragraph (paragraph 0 is the headline)."""

    @property
    def needs_spans(self) -> bool:  # type: ignore[override]
        return self.out.color

    def print(self, result: SearchResult) -> None:
        w = self.out.write
        color = self.out.color
        context = result.context
        previous = None  # (article, paragraph) of the last line written
        for article in result.articles:
            path = display_path(article.address)
            if color:
                path = f"{_PATH}{path}{_RESET}"
            for hit in article.hits:
                # With context, groups of lines that do not follow each other
                # are parted by a line "--", as grep parts them.
                if context and previous and previous != (article.address, hit.paragraph - 1):
                    w(f"{_SEP}--{_RESET}\n" if color else "--\n")
                previous = (article.address, hit.paragraph)
                sep = "-" if hit.context else ":"
                num = f"{_NUM}{hit.paragraph}{_RESET}" if color else str(hit.paragraph)
                w(f"{path}{sep}{num}{sep}{_mark(hit.text, hit.spans, color)}\n")


class FilesPrinter(Printer):
    """``-l``: each matching article's address once (and its copies'), best first."""

    needs_spans = False

    def print(self, result: SearchResult) -> None:
        seen = set()
        end = "\0" if self.null else "\n"
        for article in result.articles:
            for address in [article.address, *article.copies]:
                if address not in seen:
                    seen.add(address)
                    self.out.write(display_path(address) + end)


class QuietPrinter(Printer):
    """``-q``: nothing at all (the exit status says whether anything matched)."""

    needs_spans = False

    def print(self, result: SearchResult) -> None:
        return None


class CountPrinter(Printer):
    """``-c``: ``address:count`` of matching paragraphs per article, best first (no context)."""

    needs_spans = False

    def print(self, result: SearchResult) -> None:
        for article in result.articles:
            matching = sum(not hit.context for hit in article.hits)
            self.out.write(f"{display_path(article.address)}:{matching}\n")


class JsonPrinter(Printer):
    """JSON Lines: one object per matching paragraph."""

    def print(self, result: SearchResult) -> None:
        for article in result.articles:
            for hit in article.hits:
                self.out.write(_json_line(paragraph_record(article, hit)))


class CsvPrinter(Printer):
    """CSV with a header row: one row per paragraph (context rows have an empty score)."""

    needs_spans = False

    def print(self, result: SearchResult) -> None:
        writer = csv.writer(self.out.stream, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for article in result.articles:
            for hit in article.hits:
                writer.writerow(_csv_row(article, hit))


def _match_style(out: Output) -> str:
    return "bold black on yellow" if out.color else ""


def also_ran_line(article: ArticleHit) -> str:
    """``also ran in 3 articles: Reuters, AP, /news/x.txt``: the other copies of its story."""
    from .matching import ALSO_RAN_SHOWN

    names = [source or display_path(address) for source, address in article.also_ran]
    listed = ", ".join(names[:ALSO_RAN_SHOWN])
    more = len(names) - ALSO_RAN_SHOWN
    if more > 0:
        listed += f" and {more} more"
    return f"also ran in {plural(article.copies_count, 'article')}: {listed}"


class RichPrinter(Printer):
    """Terminal layout: articles with their headline, metadata and highlighted paragraphs."""

    def heading(self, text: str) -> None:
        from rich.text import Text

        self.out.console().print(Text(safe(text), style="bold yellow"))
        self.out.console().print()

    def print(self, result: SearchResult) -> None:
        from rich.text import Text

        console = self.out.console()
        match_style = _match_style(self.out)
        for article in result.articles:
            title = Text(safe(article.title) or "(no title)", style="bold")
            for start, end in article.title_spans:
                title.stylize(match_style, start, end)
            console.print(title)
            console.print(_meta_line(article))
            if article.copies_count:
                console.print(Text(safe(also_ran_line(article)), style="dim"))
            elif article.copies:
                copies = ", ".join(display_path(p) for p in article.copies)
                console.print(Text(f"also in {copies}", style="dim"))
            if article.repeated:
                n = plural(article.repeated, "matching paragraph")
                console.print(Text(f"{n} left out: shown above", style="dim"))
            rows = []
            for hit in article.hits:
                if hit.paragraph == 0:
                    continue  # the headline is already shown above
                text, spans = (hit.text, hit.spans) if self.full else snippet(hit.text, hit.spans)
                body = Text(safe(text), style="dim" if hit.context else "")
                for start, end in spans:
                    body.stylize(match_style, start, end)
                rows.append((f"¶{hit.paragraph}", body))
            if rows:
                console.print(_paragraph_grid(rows))
            console.print()
        shown = len(result.articles)  # (all built by now)
        footer = (
            f"{plural(result.total_articles, 'article')}, "
            f"{plural(result.total_paragraphs, 'paragraph')} match {result.query!r}"
        )
        if result.collapsed:
            footer += f"; {plural(result.collapsed, 'copy', 'copies')} folded in (--no-collapse)"
        if shown + result.collapsed < result.total_articles:
            footer += f" (showing the best {shown}; use -n to see more)"
        console.print(Text(safe(footer), style="dim"))


#: How the terminal marks an article whose file is no longer as indexed.
STALE = {"changed": "changed since indexed", "deleted": "file deleted"}

#: On a terminal, a paragraph longer than this is shown around its matches
#: (SNIPPET_CONTEXT characters on each side of each, at most SNIPPET_PARTS
#: parts), with "…" where text is left out; --full, pipes and JSON give it whole.
SNIPPET_CHARS = 400
SNIPPET_CONTEXT = 120
SNIPPET_PARTS = 3
ELLIPSIS = "…"


def snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` shortened around ``spans`` when longer than SNIPPET_CHARS, and the spans in it."""
    if len(text) <= SNIPPET_CHARS:
        return text, spans
    windows: list[list[int]] = []
    for start, end in spans or [(0, 0)]:
        a, b = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
        if not spans:
            b = SNIPPET_CHARS
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        elif len(windows) < SNIPPET_PARTS:
            windows.append([a, b])
    parts, out_spans, length = [], [], 0
    for a, b in windows:
        # (cut at word boundaries)
        if a > 0:
            space = text.find(" ", a, a + 20)
            a = space + 1 if space != -1 else a
        if b < len(text):
            space = text.rfind(" ", b - 20, b)
            b = space if space > a else b
        prefix = ELLIPSIS if a > 0 else ""
        part = prefix + text[a:b]
        offset = length + len(prefix) - a
        out_spans += [(s + offset, e + offset) for s, e in spans if a <= s and e <= b]
        parts.append(part)
        length += len(part)
    joined = "".join(parts) + (ELLIPSIS if windows[-1][1] < len(text) else "")
    return joined, out_spans


def _meta_line(article: ArticleHit):
    """Source · date · language · address · URL (a link where the terminal shows links)."""
    from rich.style import Style
    from rich.text import Text

    meta = [m for m in (article.source, _date(article), article.lang) if m]
    meta.append(display_path(article.address))
    line = Text(" · ".join(safe(m) for m in meta), style="dim")
    if article.url:
        url = safe(article.url)
        line.append(" · ", style="dim")
        # An OSC 8 link where the terminal shows them (Rich decides); the URL as text anyway.
        web = url.startswith(("http://", "https://"))
        line.append(url, style=Style(dim=True, link=url if web else None))
    if article.stale:
        line.append(f" ({STALE[article.stale]})", style="bold yellow")
    return line


def _extra_line(article: ArticleHit):
    """The article's other metadata on one line: ``section: Politics · length: 523 words``."""
    from rich.text import Text

    parts = (f"{safe(key)}: {safe(value)}" for key, value in article.meta.items())
    return Text(" · ".join(parts), style="dim")


def _date(article) -> str | None:
    return article.date.isoformat() if article.date else None


#: ``--json``, ``--csv``, ``-l``, ``-c``, or the default: lines in a pipe, articles on a terminal.
FORMATS = ("lines", "json", "csv", "files", "count")


def select_printer(fmt: str, out: Output, null: bool = False, full: bool = False) -> Printer:
    """The printer of a search for ``fmt`` (lines, json, csv, files, count, quiet) on ``out``."""
    printers = {"json": JsonPrinter, "files": FilesPrinter, "count": CountPrinter,
                "csv": CsvPrinter, "quiet": QuietPrinter}  # fmt: skip
    if fmt in printers:
        return printers[fmt](out, null, full)
    if out.is_terminal:
        return RichPrinter(out, null, full)
    return LinePrinter(out, null, full)


def print_suggestion(suggestion: Suggestion, err: Output) -> None:
    """'Did you mean': one line on stderr, whatever the output format (stdout is for results)."""
    found = plural(suggestion.articles, "article")
    err.write(f"newsgrep: did you mean: {safe(suggestion.suggestion)}  ({found})\n")


# ---------------------------------------------------------------- other commands


def print_articles(articles: list[ArticleHit], out: Output, fmt: str | None = None) -> None:
    """`newsgrep show`: whole articles, as JSON Lines, plain text, or on a terminal."""
    if fmt == "json":
        for article in articles:
            for hit in article.hits:
                out.write(_json_line(paragraph_record(article, hit)))
        return
    several = len(articles) > 1
    if not out.is_terminal and not out.color:
        # In a pipe: each article as plain text, headline then paragraphs;
        # several (a file that holds many) each after a line naming it, as
        # `head` does for several files.
        for i, article in enumerate(articles):
            if several:
                out.write(("\n" if i else "") + f"==> {display_path(article.address)} <==\n")
            out.write("\n\n".join(safe(hit.text) for hit in article.hits) + "\n")
        return
    from rich.rule import Rule
    from rich.text import Text

    console = out.console()
    style = _match_style(out)
    for i, article in enumerate(articles):
        if several and i:
            console.print(Rule(style="dim"))
        rows = []
        for hit in article.hits:
            line = Text(safe(hit.text), style="bold" if hit.paragraph == 0 else "")
            for a, b in hit.spans:
                line.stylize(style, a, b)
            if hit.paragraph == 0:
                console.print(line)
                console.print(_meta_line(article))
                if article.meta:
                    console.print(_extra_line(article))
                console.print()
            else:
                rows.append((f"¶{hit.paragraph}", line))
        # Numbered as search numbers them, each paragraph beside its number.
        console.print(_paragraph_grid(rows, gap=True))
        console.print()


def _paragraph_grid(rows: list, gap: bool = False):
    """Paragraphs beside their numbers (¶n, right-aligned), as search and show print them."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="cyan", no_wrap=True)
    grid.add_column(ratio=1)
    for n, (number, body) in enumerate(rows):
        if gap and n:
            grid.add_row("", Text(""))
        grid.add_row(number, body)
    return grid


# ---------------------------------------------------------------- quotations


def quote_record(article: ArticleHit, q: QuoteHit) -> dict:
    """One quotation as JSON Lines and CSV write it."""
    return {
        "type": "quote",
        "kind": q.kind,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_as_written": q.speaker_as_written,
        "verb": q.verb,
        "id": article.id,
        "address": article.address,
        "paragraph": q.paragraph,
        "start": q.start,
        "end": q.end,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "lang": article.lang,
        "url": article.url,
        "spans": [list(span) for span in q.spans],
    }


QUOTE_COLUMNS = ["kind", "text", "speaker", "speaker_as_written", "verb", "id", "address",
                 "paragraph", "start", "end", "title", "date", "source", "lang", "url"]  # fmt: skip


def print_quotes(found: list[tuple[ArticleHit, QuoteHit]], out: Output,
                 fmt: str | None = None) -> None:  # fmt: skip
    """Quotations: JSON Lines, CSV, one line each in a pipe, or blocks on a terminal.

    A line is ``ADDRESS:PARAGRAPH:DATE:SPEAKER: TEXT`` (an empty date or
    speaker when there is none), with the matches coloured when asked.
    """
    if fmt == "json":
        for article, q in found:
            out.write(_json_line(quote_record(article, q)))
        return
    if fmt == "csv":
        writer = csv.writer(out.stream, lineterminator="\n")
        writer.writerow(QUOTE_COLUMNS)
        for article, q in found:
            rec = quote_record(article, q)
            writer.writerow(["" if rec[c] is None else _cell(rec[c]) for c in QUOTE_COLUMNS])
        return
    if not out.is_terminal:
        for article, q in found:
            head = f"{display_path(article.address)}:{q.paragraph}:{_date(article) or ''}"
            who = safe(q.speaker or "")
            if out.color:
                head = f"{_PATH}{safe(head)}{_RESET}"
                who = f"{_NUM}{who}{_RESET}" if who else who
            else:
                head = safe(head)
            out.write(f"{head}:{who}: {_mark(q.text, q.spans, out.color)}\n")
        return
    from rich.text import Text

    console = out.console()
    style = _match_style(out)
    for i, (article, q) in enumerate(found):
        if i:
            console.print()
        line = Text("« ")
        last = 0
        for start, end in q.spans:
            if start < last:
                continue
            line.append(safe(q.text[last:start]))
            line.append(safe(q.text[start:end]), style=style or None)
            last = end
        line.append(safe(q.text[last:]))
        line.append(" »")
        console.print(line)
        who = safe(q.speaker or "(no speaker)")
        if q.verb:
            who += f" ({safe(q.verb)})"
        attribution = Text("  — ")
        attribution.append(who, style="bold" if out.color else None)
        console.print(attribution)
        meta = _meta_line(article)
        meta.append(f" · ¶{q.paragraph}", style="dim")
        console.print(Text("    ").append_text(meta))


def print_timeline(periods: list[Period], undated: int, normalize: bool, out: Output, err: Output,
                   fmt: str | None = None, quotes: bool = False,
                   what: str = "articles") -> None:  # fmt: skip
    """Periods as JSON Lines, CSV or a bar chart; with ``quotes``, each period's
    ``paragraphs`` are its quotations, and they are what is charted. ``what``:
    whether the periods' ``articles`` count "stories" or "articles"."""
    if quotes:
        undated_what = plural(undated, "quotation")
    elif what == "stories":
        undated_what = plural(undated, "matching story", "matching stories")
    else:
        undated_what = plural(undated, "matching article")
    count = "quotations" if quotes else "paragraphs"
    if undated and (fmt in ("json", "csv") or not out.is_terminal):
        err.write(f"newsgrep: {undated_what} without a date not counted\n")
    if fmt == "json":
        for p in periods:
            record = {"period": p.label, "start": p.start.isoformat(), what: p.articles,
                      count: p.paragraphs}  # fmt: skip
            if normalize:
                record.update(total=p.total, share=round(p.share, 6))
            out.write(json.dumps(record) + "\n")
        return
    if fmt == "csv" or not out.is_terminal:
        writer = csv.writer(out.stream, lineterminator="\n")
        writer.writerow(["period", what, count] + (["total", "share"] if normalize else []))
        for p in periods:
            row = [p.label, p.articles, p.paragraphs]
            if normalize:
                row += [p.total, f"{p.share:.6f}"]
            writer.writerow(row)
        return
    from rich.table import Table

    console = out.console()
    values = [p.paragraphs if quotes else p.share if normalize else p.articles for p in periods]
    peak = max(values, default=0) or 1
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("period")
    table.add_column("quotations" if quotes else what, justify="right")
    if normalize:
        table.add_column("share", justify="right")
    table.add_column("", ratio=1)
    width = max(10, console.width - 40)
    for p, v in zip(periods, values, strict=True):
        bar = "█" * round(width * v / peak) if v else ""
        shown = p.paragraphs if quotes else p.articles
        cells = [p.label, f"{shown:,}"] + ([f"{p.share:.1%}"] if normalize else [])
        table.add_row(*cells, bar, style=None)
    console.print(table)
    if undated:
        console.print(f"{undated_what} without a date not counted", style="dim")


def print_top(rows: list[TopRow], by: str, out: Output, fmt: str | None = None,
              what: str = "articles") -> None:  # fmt: skip
    """Rows as JSON Lines, CSV or a table; ``what``: whether ``articles`` counts
    "stories" or "articles" (--by source, lang)."""
    key = by
    wire = any(r.wire is not None for r in rows)
    if fmt == "json":
        for r in rows:
            record = {key: r.key, what: r.articles}
            if wire:
                record["wire_share"] = round(r.wire or 0.0, 3)
            if by in ("name", "term"):
                record["paragraphs"] = r.paragraphs
            if by == "speaker":
                record["quotations"] = r.paragraphs
            else:
                record["lift"] = None if r.lift is None else round(r.lift, 3)
            out.write(_json_line(record))
        return
    if by == "speaker":
        _print_speakers(rows, out, fmt)
        return
    count_col = "paragraphs" if by in ("name", "term") else what
    if fmt == "csv" or not out.is_terminal:
        writer = csv.writer(out.stream, lineterminator="\n")
        writer.writerow([key, count_col, "lift"] + (["wire_share"] if wire else []))
        for r in rows:
            count = r.paragraphs if by in ("name", "term") else r.articles
            row = [safe(r.key), count, "" if r.lift is None else f"{r.lift:.3f}"]
            writer.writerow(row + ([f"{r.wire or 0.0:.3f}"] if wire else []))
        return
    from rich.table import Table

    console = out.console()
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column(key)
    table.add_column(count_col, justify="right")
    table.add_column("lift", justify="right")
    if wire:
        table.add_column("wire share", justify="right")
    for r in rows:
        count = r.paragraphs if by in ("name", "term") else r.articles
        cells = [safe(r.key), f"{count:,}", "" if r.lift is None else f"×{r.lift:.1f}"]
        table.add_row(*cells, *([f"{r.wire or 0.0:.0%}"] if wire else []))
    console.print(table)


def _print_speakers(rows: list[TopRow], out: Output, fmt: str | None) -> None:
    """``top --by speaker``: speaker, quotations, articles."""
    if fmt == "csv" or not out.is_terminal:
        writer = csv.writer(out.stream, lineterminator="\n")
        writer.writerow(["speaker", "quotations", "articles"])
        for r in rows:
            writer.writerow([safe(r.key), r.paragraphs, r.articles])
        return
    from rich.table import Table

    console = out.console()
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("speaker")
    table.add_column("quotations", justify="right")
    table.add_column("articles", justify="right")
    for r in rows:
        table.add_row(safe(r.key), f"{r.paragraphs:,}", f"{r.articles:,}")
    console.print(table)


def print_copies(found: list[ArticleHit], compared: list, out: Output,
                 fmt: str | None = None, reused: dict | None = None) -> None:  # fmt: skip
    """`newsgrep copies`: the earliest copy, then each other with its differences from it,
    then the paragraphs of these copies found in other stories (``reused``: address ->
    :class:`newsgrep.stories.Reused` records; None: the index does not record them)."""
    rows = []
    for n, article in enumerate(found):
        c = compared[n - 1] if n else None
        again = (reused or {}).get(article.key, [])
        record = {
            "story": article.story,
            "id": article.id,
            "address": article.address,
            "title": article.title,
            "date": article.date.isoformat() if article.date else None,
            "source": article.source,
            "earliest": n == 0,
            "added": len(c.added) if c else 0,
            "removed": len(c.removed) if c else 0,
            "changed": len(c.changed) if c else 0,
            "moved": len(c.moved) if c else 0,
            "differences": c.summary() if c else None,
            "reused": None
            if reused is None
            else [
                {
                    "paragraph": r.paragraph,
                    "other": r.other,
                    "other_paragraph": r.other_paragraph,
                    "verbatim": r.verbatim,
                }
                for r in again
            ],
        }
        rows.append(record)
    if fmt == "json":
        for record in rows:
            out.write(_json_line(record))
        return
    if len(found) == 1:
        lines = [f"{display_path(found[0].address)}: no other copy of its story in the index"]
    else:
        lines = [f"story {found[0].story}: {plural(len(found), 'article')}"]
        for record in rows:
            what = "earliest copy" if record["earliest"] else record["differences"]
            meta = " · ".join(x for x in (record["date"], record["source"]) if x)
            lines.append(
                f"{display_path(record['address'])}"
                + (f" · {safe(meta)}" if meta else "")
                + f" · {safe(one_line_title(record['title']))}: {what}"
            )
    pairs = [(a, r) for a in found for r in (reused or {}).get(a.key, [])]
    if reused is None:
        lines.append("paragraphs found in other stories: not recorded by the newsgrep that "
                     "built this index (index --rebuild records them)")  # fmt: skip
    elif pairs:
        lines.append("paragraphs also in other stories:")
        for a, r in pairs:
            how = "verbatim" if r.verbatim else "nearly verbatim"
            lines.append(
                f"  {display_path(a.address)}:{r.paragraph} = "
                f"{display_path(r.other)}:{r.other_paragraph} ({how})"
            )
    out.write("\n".join(lines) + "\n")


def one_line_title(title: str, width: int = 60) -> str:
    title = " ".join(title.split())
    return title if len(title) <= width else title[: width - 1] + "…"


def print_stats(facts: ArchiveFacts, index_path: str, size: int, updated: float | None,
                out: Output, fmt: str | None = None) -> None:  # fmt: skip
    span = (min(facts.dates).isoformat(), max(facts.dates).isoformat()) if facts.dates else None
    when = (
        dt.datetime.fromtimestamp(updated, dt.UTC).isoformat(timespec="seconds")
        if updated
        else None
    )
    record = {
        "index": index_path,
        "articles": facts.articles,
        "paragraphs": facts.paragraphs,
        "files": facts.files,
        "files_skipped": facts.skipped_files,
        "languages": dict(facts.langs.most_common()),
        "sources": len(facts.sources),
        "top_sources": dict(facts.sources.most_common(10)),
        "stories": facts.stories,
        "copies": facts.copies if facts.stories is not None else None,
        "reused_paragraphs": facts.reused,
        "dated_articles": len(facts.dates),
        "first_date": span[0] if span else None,
        "last_date": span[1] if span else None,
        "size_bytes": size,
        "last_update": when,
        "folders": [{"path": path, "options": options} for path, options in facts.folders],
    }
    if fmt == "json":
        out.write(_json_line(record))
        return
    langs = ", ".join(f"{k} {v:,}" for k, v in facts.langs.most_common()) or "none"
    sources = ", ".join(f"{safe(k)} {v:,}" for k, v in facts.sources.most_common(5))
    lines = [
        f"index        {safe(index_path)}",
        f"articles     {facts.articles:,} in {plural(facts.files, 'file')}"
        + (f" ({facts.skipped_files:,} skipped)" if facts.skipped_files else ""),
        f"paragraphs   {facts.paragraphs:,}",
        f"stories      {facts.stories:,} ({plural(facts.copies, 'article')} copying another)"
        if facts.stories is not None
        else "stories      unknown (an index of an earlier newsgrep: index --rebuild groups them)",
        *(
            [f"reuse        {plural(facts.reused, 'paragraph pair')} shared by different stories"]
            if facts.reused is not None
            else []
        ),
        f"languages    {langs}",
        f"sources      {len(facts.sources):,}" + (f" (top: {sources})" if sources else ""),
        f"dates        {span[0]} to {span[1]} ({len(facts.dates):,} dated articles)"
        if span
        else "dates        none",
        f"size         {size / 2**20:,.1f} MB",
        f"last update  {when or 'never'}",
    ]
    for i, (path, options) in enumerate(facts.folders):
        label = "folders" if i == 0 else ""
        lines.append(f"{label:<12} {safe(path)}" + (f"  ({safe(options)})" if options else ""))
    out.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- indexing


def summary_line(s: IndexSummary) -> str:
    """The one line `newsgrep index` ends with, on stderr."""
    formats = ", ".join(
        f"{fmt} {n:,}" for fmt, n in sorted(s.formats.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    line = (
        f"newsgrep: read {plural(s.files_read, 'file')}: {plural(s.articles, 'article')}"
        + (f" ({formats})" if formats else "")
        + f", {plural(s.paragraphs, 'paragraph')}; "
        f"{s.files_unchanged:,} unchanged, {s.files_removed:,} removed"
    )
    if s.files_removed:
        line += f" ({plural(s.articles_removed, 'article')}"
        if s.excluded_removed:
            line += f"; {s.excluded_removed:,} of the files excluded now"
        line += ")"
    if s.fewer:
        fewer = sum(before - now for _path, before, now in s.fewer)
        line += (
            f"; {plural(len(s.fewer), 're-read file')} now "
            f"{'gives' if len(s.fewer) == 1 else 'give'} {plural(fewer, 'article')} fewer"
        )
    skipped = sum(s.skipped.values())
    if skipped:
        # Reasons grouped by their kind ("broken JSON: <details>" -> "broken JSON");
        # -v lists each file with its whole reason.
        kinds: Counter[str] = Counter()
        for reason, n in s.skipped.items():
            kinds[reason.split(":", 1)[0]] += n
        reasons = ", ".join(f"{kind}: {n:,}" for kind, n in kinds.most_common())
        line += f"; skipped {plural(skipped, 'file')} ({reasons})"
    line += (
        f"; index holds {plural(s.total_articles, 'article')}, "
        f"{plural(s.total_paragraphs, 'paragraph')}"
    )
    return line


def print_summary(summary: IndexSummary, err: Output, verbose: bool, quiet: bool) -> None:
    """`newsgrep index`'s report on stderr: skipped files with -v, notes, the summary line."""
    if verbose:
        for skipped in summary.skipped_files:
            what = "" if skipped.reason.startswith("partly read") else "skipped: "
            err.write(f"{safe(skipped.path)}: {what}{safe(skipped.reason)}\n")
        for path, before, now in summary.fewer:
            err.write(f"{safe(path)}: {plural(now, 'article')} now, {before:,} before\n")
    if not quiet:
        for note in summary.notes:
            err.write(f"newsgrep: {safe(note)}\n")
        err.write(summary_line(summary) + "\n")


def forget_line(s: IndexSummary, paths: list[str]) -> str:
    """What `newsgrep forget` did, in one line."""
    what = ", ".join(safe(p) for p in paths)
    if not s.files_removed and not s.forgotten_folders:
        return f"newsgrep: nothing indexed under {what}"
    return (
        f"newsgrep: forgot {plural(s.files_removed, 'file')} "
        f"({plural(s.articles_removed, 'article')}) under {what}; index holds "
        f"{plural(s.total_articles, 'article')}, {plural(s.total_paragraphs, 'paragraph')}"
    )


class Progress:
    """A progress bar on stderr while files are read, when stderr is a terminal."""

    def __init__(self, err: Output, quiet: bool, label: str = "indexing") -> None:
        self.err = err
        self.label = label
        self.enabled = not quiet and err.is_terminal
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            self.label,
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.err.console(),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()
