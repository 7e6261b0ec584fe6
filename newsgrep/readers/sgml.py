"""Newswire SGML: Reuters-21578 (``.sgm``) and TREC ``<DOC>`` files.

Neither is well-formed XML (``&lt;`` and ``&#3;`` entities, a ``<!DOCTYPE``
naming a DTD, unclosed tags in TREC), so records are cut out with patterns
and their entities decoded.

Reuters-21578: one article per ``<REUTERS>`` record. Title ``<TITLE>``, date
``<DATE>`` (``26-FEB-1987 15:01:01.79``), text ``<BODY>`` with the
``<DATELINE>`` (``SALVADOR, Feb 26 -``) opening its first paragraph; the
body is hard-wrapped and its paragraphs start with indented lines, which
:func:`newsgrep.text.split_paragraphs` rejoins. The ``Reuter`` sign-off
and control characters go. Unprocessed records (``TYPE="UNPROC"``: tables,
corrections) have no ``<TITLE>`` or ``<BODY>``: their first line is the
title and the rest the text. Source ``Reuters``; language English (this
format is only used by the English Reuters newswire collection). The
record's ``NEWID`` is kept in ``Article.extra["newid"]``.

TREC: one article per ``<DOC>``. ``<DOCNO>`` goes to ``Article.extra``;
title from ``<HEADLINE>``, ``<HL>``, ``<HEAD>``, ``<TITLE>`` or ``<TI>``
(else the text's first sentence); date from ``<DATE>``, ``<DD>`` or
``<DATE_TIME>``; author from ``<BYLINE>`` or ``<AUTHOR>``; text from every
``<TEXT>``, in ``<P>`` paragraphs when it has them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import (
    clean_text,
    decode_bytes,
    one_line,
    read_bytes,
    split_paragraphs,
    tidy_paragraphs,
    title_from_text,
)
from . import DEFAULT_OPTIONS, ReadOptions

_TAG = re.compile(r"<[^<>]*>")
_SIGN_OFF = re.compile(r"\s*\breuter\s*$", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_sgml(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    text = decode_bytes(read_bytes(path))
    if _first(_elements(text, "REUTERS")):
        records = enumerate(_elements(text, "REUTERS"))
        return _articles(path, (_reuters(str(path), i, *m) for i, m in records))
    if _first(_elements(text, "DOC", attributes=False)):
        return _trec_articles(path, text)
    raise SkipFile("SGML without <REUTERS> or <DOC> records")


def read_trec(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    text = decode_bytes(read_bytes(path))
    if not _first(_elements(text, "DOC", attributes=False)):
        raise SkipFile("no <DOC> records")
    return _trec_articles(path, text)


def _elements(text: str, tag: str, attributes: bool = True) -> Iterator[tuple[str, str]]:
    """``(attributes, content)`` of each ``<TAG ...>content</TAG>`` in ``text``, in order.

    Each opening tag is paired with the first closing tag after it, and the
    text is scanned once: a non-greedy pattern (``<TAG>(.*?)</TAG>``) rescans
    the rest of the text from every opening tag left unclosed, which made
    180 KB of ``<REUTERS>`` take half a minute.
    """
    opening = re.compile(rf"<{tag}\b([^<>]*)>" if attributes else rf"<{tag}>()", re.IGNORECASE)
    closing = re.compile(rf"</{tag}>", re.IGNORECASE)
    pos = 0
    while (start := opening.search(text, pos)) and (end := closing.search(text, start.end())):
        yield start.group(1), text[start.end() : end.start()]
        pos = end.end()


def _first(found: Iterator[tuple[str, str]]) -> tuple[str, str] | None:
    return next(found, None)


def _articles(path: Path, found) -> list[Article]:
    articles = [a for a in found if a is not None]
    if not articles:
        raise SkipFile("records without title or text")
    return articles


def _element(record: str, *tags: str) -> str | None:
    """The raw content of the first of ``tags`` present in ``record``."""
    for tag in tags:
        found = _first(_elements(record, tag))
        if found:
            return found[1]
    return None


def _decode(raw: str) -> str:
    """SGML content as text: entities decoded, tags and control characters removed."""
    return clean_text(html.unescape(_TAG.sub(" ", raw)))


# ---------------------------------------------------------------- Reuters-21578


def _reuters(path: str, ordinal: int, attributes: str, record: str) -> Article | None:
    attrs = dict(_ATTR.findall(attributes))
    title = one_line(_decode(_element(record, "TITLE") or ""))
    body = _element(record, "BODY")
    dateline = one_line(_decode(_element(record, "DATELINE") or ""))
    if body is None and title == "":
        raw = _element(record, "TEXT")  # TYPE="UNPROC": title on the first line, then text
        lines = _decode(raw or "").strip("\n").split("\n", 1)
        title = one_line(lines[0])
        body_text = lines[1] if len(lines) > 1 else ""
    else:
        body_text = _decode(body or "")
    paragraphs = tidy_paragraphs(split_paragraphs(_SIGN_OFF.sub("", body_text.rstrip())))
    if dateline and paragraphs:
        paragraphs[0] = f"{dateline} {paragraphs[0]}"
    if not title and not paragraphs:
        return None
    return Article(
        path=path,
        title=title or title_from_text(paragraphs[0]),
        paragraphs=paragraphs,
        date=dates.parse_date(one_line(_decode(_element(record, "DATE") or ""))),
        source="Reuters",
        lang="en",
        ordinal=ordinal,
        collection=True,
        extra={"newid": attrs["NEWID"]} if "NEWID" in attrs else {},
    )


# ---------------------------------------------------------------- TREC

_SHORT_DATE = re.compile(r"(\d{2})(\d{2})(\d{2})")  # 880212 (AP, FT)
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")  # 12/02/87 (WSJ)


def _trec_articles(path: Path, text: str) -> list[Article]:
    records = enumerate(_elements(text, "DOC", attributes=False))
    return _articles(path, (_trec(str(path), i, record) for i, (_a, record) in records))


def _trec(path: str, ordinal: int, record: str) -> Article | None:
    docno = one_line(_decode(_element(record, "DOCNO") or ""))
    paragraphs: list[str] = []
    for _a, raw in _elements(record, "TEXT"):
        if re.search(r"<P\b", raw, re.IGNORECASE):
            parts = re.split(r"</?P\b[^<>]*>", raw, flags=re.IGNORECASE)
            paragraphs.extend(one_line(_decode(p)) for p in parts)
        else:
            paragraphs.extend(split_paragraphs(_decode(raw)))
    paragraphs = tidy_paragraphs(paragraphs)
    title = one_line(_decode(_element(record, "HEADLINE", "HL", "HEAD", "TITLE", "TI") or ""))
    if not title and not paragraphs:
        return None
    author = one_line(_decode(_element(record, "BYLINE", "AUTHOR", "BY") or "")) or None
    return Article(
        path=path,
        title=title or title_from_text(paragraphs[0]),
        paragraphs=paragraphs,
        date=_trec_date(one_line(_decode(_element(record, "DATE", "DD", "DATE_TIME") or ""))),
        source=one_line(_decode(_element(record, "SOURCE", "SO") or "")) or None,
        author=author,
        ordinal=ordinal,
        collection=True,
        extra={"docno": docno} if docno else {},
    )


def _trec_date(text: str) -> dt.date | None:
    found = dates.parse_date(text)
    if found:
        return found
    m = _SHORT_DATE.fullmatch(text.strip())
    if m:
        year = int(m[1])
        return dates.safe_date(year + (1900 if year >= 50 else 2000), int(m[2]), int(m[3]))
    m = _US_DATE.search(text)
    if m:
        year = int(m[3])
        if year < 100:
            year += 1900 if year >= 50 else 2000
        return dates.safe_date(year, int(m[1]), int(m[2]))
    return None
