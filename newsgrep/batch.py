"""Lists of queries: reading them (text or CSV), running them on one open archive, summaries.

A list is a text file, one query per line (``#`` starts a comment), or a
CSV file with a ``query`` column and optional ``name``, ``since``,
``until``, ``source`` and ``lang`` columns (``source`` and ``lang`` may hold
several values separated by ``;``). Each query is checked as it is read: a
malformed one becomes a :class:`BadLine` with its line number, and the rest
of the list still runs. Every query is answered by the same
:class:`~newsgrep.archive.Archive`, so what one reads (a word's postings,
the columns of dates) is there for the next.

::

    from newsgrep.batch import read_list, summarize

    with open("names.txt") as f, newsgrep.open_archive() as archive:
        queries, bad = read_list(f)
        for summary in summarize(archive, queries):
            print(summary.name, summary.articles, summary.first_date)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import NewsgrepError, QueryError
from .query import Filters, normalize_text, parse_date, split_date_clauses
from .results import ArticleHit

if TYPE_CHECKING:
    from .archive import Archive

#: The columns a CSV list may have besides ``query``.
COLUMNS = ("name", "since", "until", "source", "lang")
#: Sources shown for each query.
TOP_SOURCES = 3


@dataclass(frozen=True)
class NamedQuery:
    """One query of a list (or a saved search): its name, its text and its filters."""

    name: str
    query: str
    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    line: int = 0  # where it was read (0: not from a list)

    def filters(self) -> Filters:
        return Filters(
            since=parse_date(self.since) if self.since else None,
            until=parse_date(self.until, end=True) if self.until else None,
            sources=self.sources,
            langs=self.langs,
        )

    def check(self) -> None:
        """Raise QueryError when the query or its filters are malformed."""
        from .grammar import read

        filters = self.filters()
        text, _since, _until = split_date_clauses(normalize_text(self.query))
        if text.strip():
            read(text)
        elif filters.query() is None:
            raise QueryError("the query is empty")
        filters.query()  # (checks the language codes)

    def described(self) -> str:
        """The query with its filters, as options of `newsgrep search`."""
        import shlex

        parts = [shlex.quote(self.query)]
        parts += [f"--since {self.since}"] * bool(self.since)
        parts += [f"--until {self.until}"] * bool(self.until)
        parts += [f"--source {shlex.quote(s)}" for s in self.sources]
        parts += [f"--lang {lang}" for lang in self.langs]
        return " ".join(parts)


@dataclass(frozen=True)
class BadLine:
    """A line of a list that could not be taken as a query, and why."""

    line: int
    message: str


def read_list(stream: Iterable[str]) -> tuple[list[NamedQuery], list[BadLine]]:
    """The queries of a list (text or CSV: a CSV list's first row names a ``query``
    column), and the lines that are not well formed."""
    lines = list(stream)
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    header = [c.strip().lower() for c in next(csv.reader([first]), [])] if first else []
    if "query" in header:
        return _read_csv(lines)
    return _read_text(lines)


def _read_text(lines: list[str]) -> tuple[list[NamedQuery], list[BadLine]]:
    queries, bad = [], []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        _take(NamedQuery(text, text, line=number), queries, bad)
    return queries, bad


def _read_csv(lines: list[str]) -> tuple[list[NamedQuery], list[BadLine]]:
    queries: list[NamedQuery] = []
    bad: list[BadLine] = []
    kept = "".join(ln if not ln.lstrip().startswith("#") else "\n" for ln in lines)
    reader = csv.reader(io.StringIO(kept))
    header: list[str] | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            bad.append(BadLine(reader.line_num, f"not a CSV row ({e})"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            unknown = [c for c in header if c not in ("query", *COLUMNS)]
            if unknown:
                bad.append(
                    BadLine(
                        reader.line_num,
                        f"unknown column {unknown[0]!r} (columns: query, {', '.join(COLUMNS)})",
                    )  # fmt: skip
                )
            continue
        number = reader.line_num
        if len(row) > len(header):
            bad.append(BadLine(number, f"{len(row)} cells, but {len(header)} columns"))
            continue
        cells = {k: v.strip() for k, v in zip(header, row, strict=False)}
        query = cells.get("query", "")
        if not query:
            bad.append(BadLine(number, "no query"))
            continue
        named = NamedQuery(
            cells.get("name") or query,
            query,
            since=cells.get("since") or None,
            until=cells.get("until") or None,
            sources=_several(cells.get("source", "")),
            langs=_several(cells.get("lang", "")),
            line=number,
        )
        _take(named, queries, bad)
    return queries, bad


def _several(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split(";") if v.strip())


def _take(named: NamedQuery, queries: list[NamedQuery], bad: list[BadLine]) -> None:
    try:
        named.check()
    except NewsgrepError as e:
        bad.append(BadLine(named.line, e.message))
        return
    queries.append(named)


# ---------------------------------------------------------------- running a list


@dataclass
class QuerySummary:
    """What one query of a list found."""

    query: NamedQuery
    articles: int = 0
    paragraphs: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    top_sources: list[tuple[str, int]] = field(default_factory=list)
    best: ArticleHit | None = None
    error: str | None = None  # raised while running (a pattern matching too many words)

    @property
    def name(self) -> str:
        return self.query.name


def summarize(
    archive: Archive,
    queries: Iterable[NamedQuery],
    *,
    exact: bool = False,
    same_paragraph: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Iterator[QuerySummary]:
    """Each query's summary, in the order of the list, all from one open archive."""
    facts = _Facts(archive)
    for done, named in enumerate(queries, 1):
        summary = QuerySummary(named)
        try:
            result = archive.search(
                named.query, limit=1, exact=exact, same_paragraph=same_paragraph,
                filters=named.filters(), highlight=False,
            )  # fmt: skip
        except QueryError as e:
            summary.error = e.message
        else:
            summary.articles = result.total_articles
            summary.paragraphs = result.total_paragraphs
            summary.best = result.articles[0] if result.articles else None
            summary.first_date, summary.last_date = facts.date_range(result.heads)
            summary.top_sources = facts.sources(result.heads).most_common(TOP_SOURCES)
        if progress:
            progress(done)
        yield summary


class _Facts:
    """Dates and sources of articles, by headline document, read once for the whole list."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._source: dict[int, str | None] = {}

    def date_range(self, heads: Iterable[int]) -> tuple[dt.date | None, dt.date | None]:
        session = self.archive.session
        column = session.column("date", "Q")
        missing = (0, 2**64 - 1)
        values = [v for v in (column[h] for h in heads) if v not in missing]
        if not values:
            return None, None
        return session.date_of(min(values)), session.date_of(max(values))

    def sources(self, heads: Iterable[int]) -> Counter:
        session = self.archive.session
        known = self._source
        counts: Counter = Counter()
        for h in heads:
            if h not in known:
                known[h] = session.stored(h).get("source")
            if known[h]:
                counts[known[h]] += 1
        return counts
