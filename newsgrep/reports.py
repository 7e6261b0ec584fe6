"""Printers of lists of queries: batch summaries, hits tagged with their query, saved searches.

Like :mod:`newsgrep.printers` (whose records and escaping they share), each
writes to the :class:`~newsgrep.printers.Output` it is given: a Rich table
on a terminal, CSV in a pipe, JSON Lines with ``--json``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .printers import (
    CSV_COLUMNS,
    Output,
    _csv_row,
    _json_line,
    _mark,
    display_path,
    paragraph_record,
    plural,
    safe,
    select_printer,
)
from .results import SearchResult

if TYPE_CHECKING:
    from .batch import NamedQuery, QuerySummary

SUMMARY_COLUMNS = ["name", "query", "articles", "paragraphs", "first_date", "last_date",
                   "top_sources", "best_address", "best_title"]  # fmt: skip


def summary_record(s: QuerySummary) -> dict:
    return {
        "name": s.name,
        "query": s.query.query,
        "articles": s.articles,
        "paragraphs": s.paragraphs,
        "first_date": s.first_date.isoformat() if s.first_date else None,
        "last_date": s.last_date.isoformat() if s.last_date else None,
        "top_sources": [{"source": name, "articles": n} for name, n in s.top_sources],
        "best_address": display_path(s.best.address) if s.best else None,
        "best_title": s.best.title if s.best else None,
    }


class SummaryPrinter:
    """One row per query of a list, written as each is answered (CSV, JSON Lines), or a
    table once all are (a terminal)."""

    def __init__(self, out: Output, fmt: str | None) -> None:
        self.out = out
        self.fmt = fmt or ("table" if out.is_terminal else "csv")
        self.rows: list[QuerySummary] = []
        self._csv = None

    def add(self, s: QuerySummary) -> None:
        if self.fmt == "json":
            self.out.write(_json_line(summary_record(s)))
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.writer(self.out.stream, lineterminator="\n")
                self._csv.writerow(SUMMARY_COLUMNS)
            rec = summary_record(s)
            rec["top_sources"] = "; ".join(f"{t['source']}:{t['articles']}"
                                           for t in rec["top_sources"])  # fmt: skip
            self._csv.writerow(["" if rec[c] is None else _cell(rec[c]) for c in SUMMARY_COLUMNS])
        else:
            self.rows.append(s)

    def close(self) -> None:
        if self.fmt != "table":
            return
        from rich.table import Table
        from rich.text import Text

        console = self.out.console()
        table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
        table.add_column("name", overflow="fold", min_width=8)
        for heading in ("articles", "paragraphs"):
            table.add_column(heading, justify="right", no_wrap=True)
        table.add_column("first", no_wrap=True)
        table.add_column("last", no_wrap=True)
        table.add_column("top sources", overflow="fold", min_width=12)
        # The headline takes what is left of the width, cut with an ellipsis.
        table.add_column("best article", overflow="ellipsis", no_wrap=True, ratio=1)
        for s in self.rows:
            sources = ", ".join(f"{safe(name)} {n:,}" for name, n in s.top_sources)
            best = Text(safe(s.best.title or display_path(s.best.address))) if s.best else Text("")
            table.add_row(
                Text(safe(s.name)), f"{s.articles:,}", f"{s.paragraphs:,}",
                s.first_date.isoformat() if s.first_date else "",
                s.last_date.isoformat() if s.last_date else "",
                Text(sources), best,
                style=None if s.articles else "dim",
            )  # fmt: skip
        console.print(table)


def _cell(value):
    return safe(value) if isinstance(value, str) else value


class TaggedHitPrinter:
    """Every hit of several queries, each tagged with its query's name: ``NAME:ADDRESS:
    PARAGRAPH:TEXT`` lines, JSON Lines and CSV with a ``query`` field first; on a
    terminal, each query's articles under a heading."""

    def __init__(self, out: Output, fmt: str, full: bool = False) -> None:
        self.out = out
        self.fmt = fmt
        self._csv = None
        self._rich = select_printer("lines", out, full=full) if self.terminal else None

    @property
    def terminal(self) -> bool:
        return self.fmt == "lines" and self.out.is_terminal

    @property
    def needs_spans(self) -> bool:
        return self.fmt == "json" or self.out.color

    def print(self, name: str, result: SearchResult, heading: str | None = None) -> None:
        if self._rich is not None:
            self._rich.heading(heading or name)
            self._rich.print(result)
            return
        w = self.out.write
        if self.fmt == "json":
            for article in result.articles:
                for hit in article.hits:
                    w(_json_line({"query": name, **paragraph_record(article, hit)}))
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.writer(self.out.stream, lineterminator="\n")
                self._csv.writerow(["query", *CSV_COLUMNS])
            for article in result.articles:
                for hit in article.hits:
                    self._csv.writerow([safe(name), *_csv_row(article, hit)])
        else:
            tag, color = safe(name), self.out.color
            for article in result.articles:
                path = display_path(article.address)
                for hit in article.hits:
                    sep = "-" if hit.context else ":"
                    w(f"{tag}:{path}{sep}{hit.paragraph}{sep}{_mark(hit.text, hit.spans, color)}\n")


def print_watches(watches: Iterable[tuple[NamedQuery, int]], out: Output, fmt: str | None) -> None:
    """``watch list``: each saved search with its query, filters and unseen matches."""
    rows = list(watches)
    if fmt == "json":
        for named, unseen in rows:
            record = {"name": named.name, "query": named.query, "since": named.since,
                      "until": named.until, "source": list(named.sources),
                      "lang": list(named.langs), "unseen": unseen}  # fmt: skip
            out.write(_json_line(record))
        return
    if fmt == "csv" or not out.is_terminal:
        writer = csv.writer(out.stream, lineterminator="\n")
        writer.writerow(["name", "query", "since", "until", "source", "lang", "unseen"])
        for named, unseen in rows:
            writer.writerow([safe(named.name), safe(named.query), named.since or "",
                             named.until or "", safe(";".join(named.sources)),
                             ";".join(named.langs), unseen])  # fmt: skip
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("name", overflow="fold")
    table.add_column("search", overflow="fold")
    table.add_column("unseen", justify="right")
    for named, unseen in rows:
        table.add_row(Text(safe(named.name)), Text(safe(named.described())), f"{unseen:,}")
    out.console().print(table)


def alert_lines(alerts: Iterable[tuple[str, int, int]]) -> list[str]:
    """One stderr line per saved search with news: ``3 new articles for NAME``."""
    lines = []
    for name, new, gone in alerts:
        parts = []
        if new:
            parts.append(f"{plural(new, 'new article')} for {safe(name)}")
        if gone:
            what = plural(gone, "unseen article")
            parts.append(f"{what} for {safe(name)} left the index")
        lines.append("newsgrep: " + "; ".join(parts))
    return lines
