"""Factiva exports: articles with their field codes, saved as RTF, HTML or text.

With "Full Article/Report plus Indexing", Factiva writes every article as a
run of fields, each a code followed by its value (a table row in HTML, a
table row or a tab-separated line in RTF, a line in the text that RTF
converters make of it):

====  =========================  =====================================
code  field                      goes to
====  =========================  =====================================
HD    headline                   title
BY    byline                     author (without "By")
WC    word count                 extra["word_count"]
PD    publication date           date
ET    publication time           extra["time"]
SN    source name                source
SC    source code                extra["source_code"]
LA    language                   lang (``English``, ``Français`` -> ``en``, ``fr``)
LP    lead paragraphs            the first paragraphs
TD    text after the lead        the paragraphs after them
AN    accession number           extra["an"]; ends the article
====  =========================  =====================================

Other codes go to ``Article.extra`` under a name (:data:`EXTRA_NAMES`:
``SE`` section, ``ED`` edition, ``PG`` page, ``CY`` copyright, ``CR`` credit,
``CO`` company, ``IN`` industry, ``NS`` subject, ``RE`` region, ``PUB``
publisher...) or their lower-case code (``ipd``); ``LA`` is kept there as
written too (``language``). Articles end at their document-number line (``AN`` ``Document
J000000020100111e61b0000x``, or that line alone); a new ``HD`` after an
article's own also starts the next one. ``Article.ordinal`` is the article's
place in the file.

An HTML export holds each article in a ``<div class="article enArticle">``
(the two letters name its language) with a table of fields; the paragraphs
of ``LP`` and ``TD`` are read with
:func:`newsgrep.readers.html.fragment_paragraphs`.

No real Factiva export was at hand when this was written: the layouts
follow Factiva's documented field list and the parsers others publish
(tm.plugin.factiva for HTML); see tests/test_press_formats.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import clean_text, decode_bytes, one_line, read_bytes, tidy_paragraphs, title_from_text
from . import DEFAULT_OPTIONS, ReadOptions
from .press import byline_author, language_code

#: Factiva's field codes.
CODES = frozenset(
    "HD BY CR WC PD ET SN SC ED PG LA CY LP TD CT RF CO IN NS RE IPC IPD PUB AN SE CLM ART "
    "VOL DLN CX RST".split()
)
_TEXT_CODES = frozenset({"LP", "TD"})
#: Codes -> the keys their values have in ``Article.extra``.
EXTRA_NAMES = {
    "WC": "word_count", "ET": "time", "SC": "source_code", "AN": "an", "LA": "language",
    "SE": "section", "ED": "edition", "PG": "page", "CY": "copyright", "CR": "credit",
    "CO": "company", "IN": "industry", "NS": "subject", "RE": "region", "PUB": "publisher",
    "CLM": "column", "VOL": "volume", "DLN": "dateline", "CX": "correction", "RF": "reference",
    "CT": "contact", "ART": "art",
}  # fmt: skip

# A field line: the code alone, or followed by a tab, a table cell's bar (as
# striprtf writes cells), two spaces or a no-break space, then the value.
_FIELD = re.compile(
    r"[ \t]*(" + "|".join(sorted(CODES, key=len, reverse=True)) + r")"
    r"(?:[ \t\u00a0]*\|[ \t\u00a0]*|\t[ \t\u00a0]*|[ \u00a0]{2,}|[ \t\u00a0]*$)(.*)"
)
_DOCUMENT = re.compile(r"(?:Document|Dokument|Documento|Documentnummer)\s+(\w{10,})\s*\|?\s*$")

_HEAD_CODES = frozenset({"HD", "BY", "WC", "PD", "SN", "SC", "LA", "LP", "TD", "AN"})


def _field_line(line: str) -> tuple[str, str] | None:
    m = _FIELD.fullmatch(line)
    if not m:
        return None
    return m.group(1), m.group(2).strip().rstrip("|").strip()


def looks_like_factiva(head: str) -> bool:
    """Whether the start of a text (an RTF file's text, say) shows a Factiva export."""
    codes = {f[0] for f in map(_field_line, head.splitlines()[:400]) if f}
    return "HD" in codes and len(codes & _HEAD_CODES) >= 3


_HTML_CODE = re.compile(
    r"<td[^>]*>\s*(?:<[^>]+>\s*)*(HD|BY|WC|PD|SN|SC|LA|LP|TD|AN)(?:&nbsp;|&#160;|\s|\u00a0)*<",
    re.IGNORECASE,
)


def looks_like_factiva_html(head: str) -> bool:
    """Whether the start of an HTML page shows a Factiva export."""
    codes = {m.upper() for m in _HTML_CODE.findall(head)}
    return "HD" in codes and len(codes) >= 3


# ---------------------------------------------------------------- fields -> articles


class _Fields:
    """The fields of one article, in order; text fields keep their paragraphs."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}
        self.lang_hint: str | None = None

    def add(self, code: str, paragraphs: Iterable[str]) -> None:
        self.values.setdefault(code, []).extend(p for p in paragraphs if p.strip())

    def one(self, code: str) -> str | None:
        return one_line(" ".join(self.values.get(code, []))) or None

    def article(self, path: str, ordinal: int) -> Article | None:
        paragraphs = tidy_paragraphs([*self.values.get("LP", []), *self.values.get("TD", [])])
        title = self.one("HD") or ""
        if not title and not paragraphs:
            return None
        extra = {}
        for code in self.values:
            if code in _TEXT_CODES or code in ("HD", "BY", "PD", "SN"):
                continue
            value = self.one(code)
            if value:
                extra[EXTRA_NAMES.get(code, code.lower())] = value
        if "an" in extra:
            extra["an"] = _DOCUMENT.sub(r"\1", extra["an"]).strip()
        return Article(
            path=path,
            title=title or title_from_text(paragraphs[0]),
            paragraphs=paragraphs,
            date=dates.parse_date(self.one("PD")),
            source=self.one("SN"),
            lang=language_code(self.one("LA")) or self.lang_hint,
            author=byline_author(self.one("BY")),
            ordinal=ordinal,
            extra=extra,
            format="factiva",
            collection=True,  # PATH#N, even for an export of one article
        )


def _articles(path: str, records: Iterable[_Fields]) -> list[Article]:
    articles = []
    for record in records:
        article = record.article(path, len(articles))
        if article:
            articles.append(article)
    if not articles:
        raise SkipFile("Factiva export without articles")
    return articles


# ---------------------------------------------------------------- text (and RTF)


def read_factiva_text(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    return factiva_text_articles(str(path), decode_bytes(read_bytes(path)))


def factiva_text_articles(path: str, text: str) -> list[Article]:
    """The articles of a Factiva export as text: one field line, or table row, a line."""
    return _articles(path, _text_records(clean_text(text).split("\n")))


def _text_records(lines: list[str]) -> Iterable[_Fields]:
    record = _Fields()
    code: str | None = None
    for line in lines:
        field = _field_line(line)
        if field is None and _DOCUMENT.fullmatch(line.strip()) and record.values:
            field = ("AN", line.strip())
        if field is not None:
            code, value = field
            if code == "HD" and "HD" in record.values:
                yield record
                record = _Fields()
            record.add(code, [value])
            if code == "AN":
                yield record
                record, code = _Fields(), None
            continue
        if code is None or not line.strip():
            continue
        cells = [c.strip() for c in line.rstrip().rstrip("|").split("|")]
        if code in _TEXT_CODES:
            record.add(code, [" ".join(cells)])
        else:
            record.add(code, cells)
    if record.values:
        yield record


# ---------------------------------------------------------------- HTML

_ARTICLE_CLASS = re.compile(r"\barticle\b(?:.*\b([a-z]{2})Article\b)?")


def read_factiva_html(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file")
    return factiva_html_articles(str(path), decode_bytes(data))


def factiva_html_articles(path: str, html: str) -> list[Article]:
    """The articles of a Factiva export saved as HTML."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(clean_text(html))
    except (etree.ParserError, ValueError) as e:
        raise SkipFile(f"unreadable HTML: {one_line(str(e))[:80]}") from e
    return _articles(path, _html_records(tree))


def _html_records(tree) -> Iterable[_Fields]:
    from lxml import etree

    from .html import fragment_paragraphs

    record = _Fields()
    current_div = None
    for row in tree.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if len(cells) < 2:
            continue
        code = one_line(cells[0].text_content()).upper()
        if code not in CODES:
            continue
        div = next(
            (a for a in row.iterancestors("div") if _ARTICLE_CLASS.match(a.get("class") or "")),
            None,
        )
        if record.values and (
            (div is not None and div is not current_div) or (code == "HD" and "HD" in record.values)
        ):
            yield record
            record = _Fields()
        if div is not None:
            current_div = div
            m = _ARTICLE_CLASS.match(div.get("class") or "")
            record.lang_hint = m.group(1) if m and m.group(1) else None
        value = "".join(etree.tostring(c, encoding="unicode", with_tail=False) for c in cells[1:])
        paragraphs = fragment_paragraphs(value)
        record.add(code, paragraphs if code in _TEXT_CODES else [" ".join(paragraphs)])
        if code == "AN":
            yield record
            record = _Fields()
    if record.values:
        yield record
