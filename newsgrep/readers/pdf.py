"""PDF files with a text layer, with pypdf: one article per file, or per page range.

pypdf reads the text of each page with the position and size of every
piece, so lines are put back together and:

- paragraphs end at a wider gap between lines, a change of type size, an
  indented line, or a short line that ends a sentence;
- words hyphenated at the end of a line are joined again (``exam-`` +
  ``ple`` -> ``example``, when the next line starts in lower case);
- running headers and footers are removed: a line among the first or last
  three of a page that comes back (numbers aside: ``Page 3 of 9``) on more
  than half of the pages, and on two pages at least.

Headline: the document's title metadata, unless it is a placeholder
(``Untitled``, ``Microsoft Word - draft.docx``, the file's own name); else the
line in the largest type near the top of the first page (and the lines that
follow it in the same size), when it stands out from the body text; else the
first sentence. Date: a date opening one of the first paragraphs, else a
``YYYY-MM-DD`` in the file name (the metadata's creation date is when the PDF
was made, kept in ``Article.extra["created"]``, with the metadata's author in
``extra["pdf_author"]``). ``extra["pages"]`` tells the pages an article
covers.

``ReadOptions.pdf_pages_per_article`` (0, the default: the whole file) makes
one article of every N pages (1: one per page); ``Article.ordinal`` is then
the range's place in the file.

A PDF without any text (a scan) is skipped as "no text layer: scanned PDF?".
An encrypted PDF is read when it opens without a password (many do), and
skipped as password-protected otherwise. Limits: at most MAX_PAGES pages (the
rest is reported as not read), MAX_OBJECTS objects, and SECONDS_PER_FILE of
reading (checked while each page is read); pypdf itself caps what one stream
may inflate to.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import clean_text, one_line, read_bytes, tidy_paragraphs, title_from_text
from . import DEFAULT_OPTIONS, ReadOptions

MAX_PAGES = 3000
MAX_OBJECTS = 2_000_000
SECONDS_PER_FILE = 60.0

#: Lines looked at for running headers and footers at each end of a page.
FURNITURE_LINES = 3
#: A headline's type is at least this much larger than the body's.
HEADLINE_SCALE = 1.2


@dataclass
class _Line:
    text: str
    x: float
    y: float
    size: float


class _TooSlow(Exception):
    pass


def read_pdf(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    data = read_bytes(path)
    if b"%PDF-" not in data[:1024]:
        raise SkipFile("not a PDF file")
    # pypdf reports what it mends in damaged files through logging and
    # warnings; the file's skip reason (if any) says what matters.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read(path, data, options)


def _open(data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as e:
                raise SkipFile("encrypted PDF (its cipher needs the cryptography package)") from e
            if not opened:
                raise SkipFile("password-protected PDF")
        size = reader.trailer.get("/Size", 0)
        if isinstance(size, int) and size > MAX_OBJECTS:
            raise SkipFile(f"PDF with more than {MAX_OBJECTS:,} objects")
        count = len(reader.pages)
    except SkipFile:
        raise
    except RecursionError as e:
        raise SkipFile("damaged PDF: objects nested too deep") from e
    except Exception as e:  # pypdf raises many kinds for damaged files
        raise SkipFile(f"damaged PDF: {one_line(str(e))[:80] or type(e).__name__}") from e
    return reader, count


def _read(path: Path, data: bytes, options: ReadOptions) -> list[Article]:
    reader, count = _open(data)
    deadline = time.monotonic() + SECONDS_PER_FILE
    pages: list[list[_Line]] = []
    problem = None
    damaged = 0
    for number in range(min(count, MAX_PAGES)):
        try:
            pages.append(_page_lines(reader.pages[number], deadline))
        except _TooSlow:
            problem = f"reading took longer than {SECONDS_PER_FILE:g} s (page {number + 1})"
            break
        except RecursionError:
            damaged += 1
            pages.append([])
        except Exception:  # a damaged page: its text is lost, the others are read
            damaged += 1
            pages.append([])
    if problem is None and count > MAX_PAGES:
        problem = f"only the first {MAX_PAGES} of {count} pages read"
    if problem is None and damaged:
        problem = f"{damaged} damaged page{'s' if damaged > 1 else ''}"
    if not any(pages):
        if problem and not damaged:
            raise SkipFile(problem)
        if damaged:
            raise SkipFile(f"damaged PDF: no page could be read ({damaged} damaged)")
        raise SkipFile("no text layer: scanned PDF?" if pages else "PDF without pages")
    _remove_furniture(pages)
    articles = _articles(str(path), pages, reader, options.pdf_pages_per_article)
    if problem:
        raise SkipFile(f"partly read: {problem}", articles)
    if not articles:
        raise SkipFile("no text layer: scanned PDF?")
    return articles


# ---------------------------------------------------------------- lines of a page


def _page_lines(page, deadline: float) -> list[_Line]:
    lines: list[_Line] = []
    parts: list[str] = []
    where: list[float] = []  # x, y, size of the line being read
    operators = 0

    def finish() -> None:
        text = "".join(parts)
        if text.strip() and where:
            lines.append(_Line(text, *where))
        parts.clear()
        where.clear()

    def visit_text(text, cm, tm, font, size) -> None:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                finish()
            if not piece:
                continue
            parts.append(piece)
            if piece.strip():
                # the text matrix times the current transformation matrix
                scale = abs(tm[2] * cm[1] + tm[3] * cm[3]) or abs(tm[3]) or 1.0
                height = (size or 0) * scale
                if not where:
                    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    where.extend((x, y, height))
                elif height > where[2]:
                    where[2] = height

    def visit_operator(op, args, cm, tm) -> None:
        nonlocal operators
        operators += 1
        if operators % 512 == 0 and time.monotonic() > deadline:
            raise _TooSlow

    page.extract_text(visitor_text=visit_text, visitor_operand_before=visit_operator)
    finish()
    if time.monotonic() > deadline:
        raise _TooSlow
    return [_Line(clean_text(line.text), line.x, line.y, line.size) for line in lines]


def _furniture_key(line: _Line) -> tuple[str, int]:
    """A line's text with its numbers blanked out, and its height on the page."""
    return re.sub(r"\d+", "#", one_line(line.text)).casefold(), round(line.y / 6)


def _remove_furniture(pages: list[list[_Line]]) -> None:
    """Drop running headers and footers: lines at the ends of most pages."""
    with_text = [p for p in pages if p]
    if len(with_text) < 2:
        return
    seen: Counter[tuple[str, int]] = Counter()
    for lines in with_text:
        ends = lines[:FURNITURE_LINES] + lines[-FURNITURE_LINES:]
        seen.update({_furniture_key(line) for line in ends})
    threshold = max(2, len(with_text) // 2 + 1)
    repeated = {key for key, n in seen.items() if n >= threshold}
    if not repeated:
        return
    for lines in with_text:
        n = len(lines)
        ends = set(range(min(FURNITURE_LINES, n))) | set(range(max(0, n - FURNITURE_LINES), n))
        keep = [
            line
            for i, line in enumerate(lines)
            if i not in ends or _furniture_key(line) not in repeated
        ]
        lines[:] = keep


# ---------------------------------------------------------------- paragraphs

_SENTENCE_END = '.!?:"»”'


def _body_size(lines: list[_Line]) -> float:
    """The size of most of the text."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Lines of consecutive pages made into paragraphs."""
    if not lines:
        return []
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y - b.y > 0]
    # A wider gap than usual ends a paragraph; with too few lines to tell what is
    # usual, one wider than a line and three quarters.
    gap = statistics.median(gaps) if len(gaps) >= 3 else 0.0
    left = statistics.median_low([round(line.x) for line in lines])
    width = max(len(line.text.rstrip()) for line in lines)
    paragraphs: list[list[str]] = [[]]
    previous: _Line | None = None
    for line in lines:
        if previous is not None:
            down = previous.y - line.y
            prev_text = previous.text.rstrip()
            new = (
                down <= 0  # a new page or column
                or down > (gap * 1.4 if gap else 1.75 * max(line.size, previous.size))
                or abs(line.size - previous.size) > 0.15 * max(line.size, previous.size, 1)
                or (line.x - left > 1.5 * max(line.size, 1) and previous.x - left < line.size)
                or (len(prev_text) < 0.6 * width and prev_text[-1:] in _SENTENCE_END)
            )
            # a paragraph goes on over a page break when its last line does not end a sentence
            if down <= 0 and prev_text[-1:] not in _SENTENCE_END and line.text[:1].islower():
                new = False
            if new:
                paragraphs.append([])
        paragraphs[-1].append(line.text)
        previous = line
    return [_join(p) for p in paragraphs if p]


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if out.endswith(("-", "\u00ad")) and out[-2:-1].isalpha() and line[:1].islower():
            out = out[:-1] + line  # a word hyphenated at the end of the line
        else:
            out = f"{out} {line}" if out else line
    return one_line(clean_text(out))


# ---------------------------------------------------------------- articles

_PLACEHOLDER_TITLE = re.compile(
    r"(?:untitled|document\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|rtf|txt|odt|"
    r"indd|qxd|html?|ps|eps|tex|dvi))",
    re.IGNORECASE,
)


def _metadata_title(reader, path: str) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:
        return None
    title = one_line(clean_text(str(title or "")))
    if len(title) < 3 or _PLACEHOLDER_TITLE.fullmatch(title) or title == Path(path).stem:
        return None
    return title


def _metadata_extra(reader) -> dict[str, str]:
    extra = {}
    try:
        meta = reader.metadata
        created = meta.creation_date if meta else None
        author = meta.author if meta else None
    except Exception:
        return extra
    if created:
        extra["created"] = created.date().isoformat()
    author = one_line(clean_text(str(author or "")))
    if author:
        extra["pdf_author"] = author
    return extra


def _headline(lines: list[_Line]) -> tuple[str | None, int, int]:
    """The headline near the top, in type larger than the text after it, and its lines."""
    top = lines[:12]
    if not top:
        return None, 0, 0
    largest = max(line.size for line in top)
    start = next(i for i, line in enumerate(top) if line.size == largest)
    end = start
    while end < len(top) and abs(top[end].size - largest) < 0.05 * largest:
        end += 1
    body_size = _body_size(lines[end:])
    if end - start > 4 or not body_size or largest < HEADLINE_SCALE * body_size:
        return None, 0, 0
    return one_line(" ".join(line.text for line in top[start:end])), start, end


def _articles(path: str, pages: list[list[_Line]], reader, per_article: int) -> list[Article]:
    collection = bool(per_article and per_article > 0)  # PATH#N for every page range
    per_article = per_article if collection else len(pages)
    whole_file = per_article >= len(pages)
    extra = _metadata_extra(reader)
    articles = []
    for ordinal, first in enumerate(range(0, len(pages), per_article)):
        last = min(first + per_article, len(pages))
        lines = [line for page in pages[first:last] for line in page]
        if not lines:
            continue
        headline, start, end = _headline(lines)
        title = _metadata_title(reader, path) if whole_file else None
        if headline and (not title or title.casefold() == headline.casefold()):
            lines = lines[:start] + lines[end:]
        title = title or headline
        paragraphs = tidy_paragraphs(_paragraphs(lines))
        if title and paragraphs and paragraphs[0].casefold() == title.casefold():
            paragraphs = paragraphs[1:]
        if not title:
            if not paragraphs:
                continue
            title = title_from_text(paragraphs[0])
        articles.append(
            Article(
                path=path,
                title=title,
                paragraphs=paragraphs,
                date=next((d for d in (dates.dateline_date(p) for p in paragraphs[:3]) if d), None)
                or dates.date_in_name(Path(path).name),
                ordinal=ordinal,
                collection=collection,
                extra={**extra, "pages": f"{first + 1}-{last}" if last > first + 1 else str(last)},
            )
        )
    return articles
