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


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


class Printer:
    def __init__(self, out: IO[str], color: bool) -> None:
        self.out = out
        self.color = color

    @property
    def needs_spans(self) -> bool:
        """Whether this printer shows where the matches are (finding them takes time)."""
        return True

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

    @property
    def needs_spans(self) -> bool:
        return self.color

    def print(self, result: SearchResult) -> None:
        w = self.out.write
        for article in result.articles:
            path = display_path(article.path)
            if self.color:
                path = f"{_PATH}{path}{_RESET}"
            for hit in article.hits:
                sep = "-" if hit.context else ":"
                num = f"{_NUM}{hit.paragraph}{_RESET}" if self.color else str(hit.paragraph)
                w(f"{path}{sep}{num}{sep}{_mark(hit.text, hit.spans, self.color)}\n")


class FilesPrinter(Printer):
    """``-l``: each matching file once, best first."""

    needs_spans = False  # type: ignore[assignment]

    def print(self, result: SearchResult) -> None:
        seen = set()
        for article in result.articles:
            for path in [article.path, *article.copies]:
                if path not in seen:
                    seen.add(path)
                    self.out.write(display_path(path) + "\n")


class CountPrinter(Printer):
    """``-c``: ``path:count`` of matching paragraphs per file, best first."""

    needs_spans = False  # type: ignore[assignment]

    def print(self, result: SearchResult) -> None:
        counts: dict[str, int] = {}
        for article in result.articles:
            counts[article.path] = counts.get(article.path, 0) + len(article.hits)
        for path, count in counts.items():
            self.out.write(f"{display_path(path)}:{count}\n")


def hit_record(article: ArticleHit, hit) -> dict:
    return {
        "type": "context" if hit.context else "hit",
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
        "copies": article.copies,
    }


class JsonPrinter(Printer):
    """JSON Lines: one object per matching paragraph."""

    def print(self, result: SearchResult) -> None:
        for article in result.articles:
            for hit in article.hits:
                self.out.write(json.dumps(hit_record(article, hit), ensure_ascii=False) + "\n")


CSV_COLUMNS = ["type", "id", "path", "title", "date", "source", "lang", "author", "url",
               "paragraph", "score", "article_score", "text", "copies"]  # fmt: skip


class CsvPrinter(Printer):
    """CSV with a header row: one row per paragraph (context rows have an empty score)."""

    needs_spans = False  # type: ignore[assignment]

    def print(self, result: SearchResult) -> None:
        import csv

        writer = csv.writer(self.out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for article in result.articles:
            for hit in article.hits:
                rec = hit_record(article, hit)
                if hit.context:
                    rec["score"] = ""
                rec["copies"] = " ".join(rec["copies"])
                writer.writerow(["" if rec[c] is None else rec[c] for c in CSV_COLUMNS])


class RichPrinter(Printer):
    """Terminal layout: articles with their headline, metadata and highlighted paragraphs."""

    def print(self, result: SearchResult) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console(
            file=self.out,
            force_terminal=True,
            color_system="auto" if self.color else None,  # no colour: no escape codes at all
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
            if article.copies:
                copies = ", ".join(display_path(p) for p in article.copies)
                console.print(Text(f"also in {copies}", style="dim"))
            if article.repeated:
                n = plural(article.repeated, "matching paragraph")
                console.print(Text(f"{n} left out: shown above", style="dim"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="cyan", no_wrap=True)
            grid.add_column(ratio=1)
            for hit in article.hits:
                if hit.paragraph == 0:
                    continue  # the headline is already shown above
                body = Text(safe(hit.text), style="dim" if hit.context else "")
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
        if result.collapsed:
            footer += f"; {plural(result.collapsed, 'copy', 'copies')} folded in (--no-collapse)"
        if shown + result.collapsed < result.total_articles:
            footer += f" (showing the best {shown}; use -n to see more)"
        console.print(Text(safe(footer), style="dim"))


def _date(article) -> str | None:
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
    if fmt == "csv":
        return CsvPrinter(out, False)
    if terminal:
        return RichPrinter(out, colored)
    return LinePrinter(out, colored)


# ---------------------------------------------------------------- other commands


def _console(out: IO[str] | None = None, color: str = "auto", stderr: bool = False):
    from rich.console import Console

    stream = out or (sys.stderr if stderr else sys.stdout)
    return Console(
        file=stream,
        no_color=not use_color(color, stream),
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=not _isatty(stream),
    )


def print_suggestion(query: str, better: str, found: int, json_output: bool = False) -> None:
    """'Did you mean': its own JSON Lines message with --json, else one line on stderr."""
    if json_output:
        record = {"type": "suggestion", "query": query, "suggestion": better, "articles": found}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    sys.stderr.write(f"newsgrep: did you mean: {safe(better)}  ({plural(found, 'article')})\n")


def print_article(articles: list[dict], query: str, fmt: str = "text", color: str = "auto",
                  out: IO[str] | None = None) -> None:  # fmt: skip
    """`newsgrep show`: whole articles; JSON Lines per paragraph, or text."""
    from .search import highlight

    out = out or sys.stdout
    for art in articles:
        lang = art.get("lang")
        title = art.get("title", "")
        blocks = [(0, title)] + list(enumerate(art["paragraphs"], 1))
        if fmt == "json":
            for n, text in blocks:
                spans = highlight(text, query, lang, "title" if n == 0 else "text") if query else []
                record = {
                    "id": art["aid"], "path": art.get("path"), "title": title,
                    "date": art["date"].isoformat() if art.get("date") else None,
                    "source": art.get("source"), "lang": lang, "author": art.get("author"),
                    "url": art.get("url"), "paragraph": n, "text": text,
                    "spans": [list(sp) for sp in spans],
                }  # fmt: skip
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        if not _isatty(out) and color != "always":
            # In a pipe: the article as plain text, headline then paragraphs.
            out.write("\n\n".join(safe(text) for _n, text in blocks) + "\n")
            continue
        from rich.text import Text

        console = _console(out, color)
        style = "bold black on yellow" if use_color(color, out) else "bold underline"
        for n, text in blocks:
            line = Text(safe(text), style="bold" if n == 0 else "")
            if query:
                for a, b in highlight(text, query, lang, "title" if n == 0 else "text"):
                    line.stylize(style, a, b)
            console.print(line)
            if n == 0:
                meta = [m for m in (art.get("source"), art.get("date") and art["date"].isoformat(),
                                    lang, display_path(art.get("path", ""))) if m]  # fmt: skip
                console.print(Text(" · ".join(safe(str(m)) for m in meta), style="dim"))
            console.print()


def print_timeline(periods, undated: int, normalize: bool, fmt: str | None = None,
                   color: str = "auto", out: IO[str] | None = None) -> None:  # fmt: skip
    out = out or sys.stdout
    if undated and (fmt in ("json", "csv") or not _isatty(out)):
        sys.stderr.write(
            f"newsgrep: {plural(undated, 'matching article')} without a date not counted\n"
        )
    if fmt == "json":
        for p in periods:
            record = {"period": p.label, "start": p.start.isoformat(), "articles": p.articles,
                      "paragraphs": p.paragraphs}  # fmt: skip
            if normalize:
                record.update(total=p.total, share=round(p.share, 6))
            out.write(json.dumps(record) + "\n")
        return
    if fmt == "csv" or not _isatty(out):
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["period", "articles", "paragraphs"] + (["total", "share"] if normalize else [])
        )
        for p in periods:
            row = [p.label, p.articles, p.paragraphs]
            if normalize:
                row += [p.total, f"{p.share:.6f}"]
            writer.writerow(row)
        return
    from rich.table import Table

    console = _console(out, color)
    values = [p.share if normalize else p.articles for p in periods]
    peak = max(values, default=0) or 1
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("period")
    table.add_column("articles", justify="right")
    if normalize:
        table.add_column("share", justify="right")
    table.add_column("", ratio=1)
    width = max(10, console.width - 40)
    for p, v in zip(periods, values, strict=True):
        bar = "█" * round(width * v / peak) if v else ""
        cells = [p.label, f"{p.articles:,}"] + ([f"{p.share:.1%}"] if normalize else [])
        table.add_row(*cells, bar, style=None)
    console.print(table)
    if undated:
        console.print(
            f"{plural(undated, 'matching article')} without a date not counted", style="dim"
        )


def print_top(rows, by: str, fmt: str | None = None, color: str = "auto",
              out: IO[str] | None = None) -> None:  # fmt: skip
    out = out or sys.stdout
    key = {"source": "source", "lang": "lang", "name": "name", "term": "term"}[by]
    if fmt == "json":
        for r in rows:
            record = {key: r.key, "articles": r.articles}
            if by in ("name", "term"):
                record["paragraphs"] = r.paragraphs
            record["lift"] = None if r.lift is None else round(r.lift, 3)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    count_col = "paragraphs" if by in ("name", "term") else "articles"
    if fmt == "csv" or not _isatty(out):
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([key, count_col, "lift"])
        for r in rows:
            count = r.paragraphs if by in ("name", "term") else r.articles
            writer.writerow([safe(r.key), count, "" if r.lift is None else f"{r.lift:.3f}"])
        return
    from rich.table import Table

    console = _console(out, color)
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column(key)
    table.add_column(count_col, justify="right")
    table.add_column("lift", justify="right")
    for r in rows:
        count = r.paragraphs if by in ("name", "term") else r.articles
        table.add_row(safe(r.key), f"{count:,}", "" if r.lift is None else f"×{r.lift:.1f}")
    console.print(table)


def print_stats(facts, index_path: str, size: int, updated: float | None, fmt: str | None = None,
                out: IO[str] | None = None) -> None:  # fmt: skip
    import datetime as dt

    out = out or sys.stdout
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
        "dated_articles": len(facts.dates),
        "first_date": span[0] if span else None,
        "last_date": span[1] if span else None,
        "size_bytes": size,
        "last_update": when,
    }
    if fmt == "json":
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    langs = ", ".join(f"{k} {v:,}" for k, v in facts.langs.most_common()) or "none"
    sources = ", ".join(f"{safe(k)} {v:,}" for k, v in facts.sources.most_common(5))
    lines = [
        f"index        {safe(index_path)}",
        f"articles     {facts.articles:,} in {plural(facts.files, 'file')}"
        + (f" ({facts.skipped_files:,} skipped)" if facts.skipped_files else ""),
        f"paragraphs   {facts.paragraphs:,}",
        f"languages    {langs}",
        f"sources      {len(facts.sources):,}" + (f" (top: {sources})" if sources else ""),
        f"dates        {span[0]} to {span[1]} ({len(facts.dates):,} dated articles)"
        if span
        else "dates        none",
        f"size         {size / 2**20:,.1f} MB",
        f"last update  {when or 'never'}",
    ]
    out.write("\n".join(lines) + "\n")
