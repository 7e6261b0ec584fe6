"""Printers: how search results are written, one class per output format.

Every terminal decision (colour, layout) is made once, in
:func:`select_printer`, from the options and from whether stdout is a
terminal. Each printer writes to the stream it is given.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from typing import IO

from .search import ArticleHit, SearchResult

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text with every control character (escape, newline, ...) made visible as '?'."""
    return _CONTROL.sub("?", text)


def display_path(path: str) -> str:
    """``path`` relative to the current folder when it lies below it.

    Paths that are not file paths (``stdin:https://…`` for piped articles)
    are shown as they are.
    """
    if not os.path.isabs(path):
        return safe(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return safe(path)
    return safe(rel if not rel.startswith("..") else path)


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class Printer:
    def __init__(self, out: IO[str], color: bool) -> None:
        self.out = out
        self.color = color

    def print(self, result: SearchResult) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


# ANSI styles of the plain printer, as grep uses them.
_PATH, _NUM, _MATCH, _RESET = "\x1b[35m", "\x1b[32m", "\x1b[1;31m", "\x1b[0m"


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

    def print(self, result: SearchResult) -> None:
        w = self.out.write
        for article in result.articles:
            path = display_path(article.path)
            if self.color:
                path = f"{_PATH}{path}{_RESET}"
            for hit in article.hits:
                num = f"{_NUM}{hit.paragraph}{_RESET}" if self.color else str(hit.paragraph)
                w(f"{path}:{num}:{_mark(hit.text, hit.spans, self.color)}\n")


class FilesPrinter(Printer):
    """``-l``: each matching file once, best first."""

    def print(self, result: SearchResult) -> None:
        seen = set()
        for article in result.articles:
            if article.path not in seen:
                seen.add(article.path)
                self.out.write(display_path(article.path) + "\n")


class CountPrinter(Printer):
    """``-c``: ``path:count`` of matching paragraphs per file, best first."""

    def print(self, result: SearchResult) -> None:
        counts: dict[str, int] = {}
        for article in result.articles:
            counts[article.path] = counts.get(article.path, 0) + len(article.hits)
        for path, count in counts.items():
            self.out.write(f"{display_path(path)}:{count}\n")


def hit_record(article: ArticleHit, hit) -> dict:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "lang": article.lang,
        "author": article.author,
        "url": article.url,
        "paragraph": hit.paragraph,
        "score": hit.score,
        "article_score": article.score,
        "text": hit.text,
        "spans": [list(s) for s in hit.spans],
    }


class JsonPrinter(Printer):
    """JSON Lines: one object per matching paragraph."""

    def print(self, result: SearchResult) -> None:
        for article in result.articles:
            for hit in article.hits:
                self.out.write(json.dumps(hit_record(article, hit), ensure_ascii=False) + "\n")


class RichPrinter(Printer):
    """Terminal layout: articles with their headline, metadata and highlighted paragraphs."""

    def print(self, result: SearchResult) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console(
            file=self.out,
            force_terminal=True,
            no_color=not self.color,
            highlight=False,
            emoji=False,
            markup=False,
        )
        match_style = "bold black on yellow" if self.color else "bold underline"
        for article in result.articles:
            title = Text(safe(article.title) or "(no title)", style="bold")
            for start, end in article.title_spans:
                title.stylize(match_style, start, end)
            console.print(title)
            meta = [m for m in (article.source, _date(article), article.lang) if m]
            meta.append(display_path(article.path))
            console.print(Text(" · ".join(safe(m) for m in meta), style="dim"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="cyan", no_wrap=True)
            grid.add_column(ratio=1)
            for hit in article.hits:
                if hit.paragraph == 0:
                    continue  # the headline is already shown above
                body = Text(safe(hit.text))
                for start, end in hit.spans:
                    body.stylize(match_style, start, end)
                grid.add_row(f"¶{hit.paragraph}", body)
            if grid.row_count:
                console.print(grid)
            console.print()
        shown = len(result.articles)
        footer = (
            f"{plural(result.total_articles, 'article')}, "
            f"{plural(result.total_paragraphs, 'paragraph')} match {result.query!r}"
        )
        if shown < result.total_articles:
            footer += f" (showing the best {shown}; use -n to see more)"
        console.print(Text(safe(footer), style="dim"))


def _date(article: ArticleHit) -> str | None:
    return article.date.isoformat() if article.date else None


def use_color(choice: str, stream: IO[str]) -> bool:
    """``--color auto|always|never``, ``NO_COLOR`` and whether ``stream`` is a terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return _isatty(stream)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def select_printer(
    fmt: str, color: str = "auto", out: IO[str] | None = None, terminal: bool | None = None
) -> Printer:
    """Pick the printer for ``fmt`` (lines, json, files, count) and the terminal.

    ``lines`` becomes the Rich layout when ``out`` is a terminal.
    """
    out = out or sys.stdout
    if terminal is None:
        terminal = _isatty(out)
    colored = use_color(color, out) if fmt != "json" else False
    if fmt == "json":
        return JsonPrinter(out, False)
    if fmt == "files":
        return FilesPrinter(out, False)
    if fmt == "count":
        return CountPrinter(out, False)
    if terminal:
        return RichPrinter(out, colored)
    return LinePrinter(out, colored)
