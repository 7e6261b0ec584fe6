"""Articles from records: a JSON object, a JSON Lines line, a CSV row.

Field names differ from one news source to the next, so each article field is
looked up under the names common news schemas use (NewsAPI, RSS turned into
JSON, scraper exports, data set dumps). Names are compared without case,
``_`` or ``-`` (``publishedAt`` = ``published_at``); a dotted name looks
inside an object (``source.name``).

=======  ==================================================================
field    names looked up, first found wins
=======  ==================================================================
title    title, headline, heading, webTitle
text     a lead (description, summary, abstract, lead, teaser, standfirst,
         subtitle) followed by a body (text, body, content, article,
         articleBody, maintext, fulltext, story, paragraphs); a lead that the
         body repeats is not kept twice
date     date, published, publishedAt, pubDate, published_at, datePublished,
         date_publish, publish_date, published_date, pub_date, webPublicationDate,
         created_at, updated, timestamp
source   source (an object gives its ``name``), outlet, source.name, site,
         site_name, publisher, source_name, feed
author   author, byline, authors, creator, writer (lists are joined with ", ")
url      url, link, webUrl, href, permalink, uri
lang     lang, language, locale
id       id, guid, uuid, docid, doc_id, docno (used to name articles read
         from standard input)
=======  ==================================================================

``newsgrep index --field TARGET=SOURCE`` replaces the names for one target
(give a target several times to read several fields, in order). SOURCE is a
field name, or a column number (0 = first) for a CSV file without a header
row; a column number is ignored for records with names, and a name for rows
without. A target that is not an article field (``label``) is kept in
``Article.extra``.

Values: text that contains HTML tags is turned into paragraphs
(:func:`newsgrep.readers.html.fragment_paragraphs`), other text is split at
line breaks; a list of strings (or of objects with a ``text``/``context``
field) gives one paragraph each. NewsAPI cuts ``content`` short and ends it
with ``… [+1234 chars]``: the marker and the cut-off word before it go.
HTML entities in plain text (``S&amp;P``) are decoded. A title that ends
with its own source (``… - CNBC``) loses that ending. An article without a
title gets the first sentence of its text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from .. import dates
from ..articles import Article
from ..text import (
    clean_text,
    one_line,
    split_paragraphs,
    tidy_paragraphs,
    title_from_text,
)
from . import ReadOptions
from .html import fragment_paragraphs, fragment_text, looks_like_html

LEAD = ("description", "summary", "abstract", "lead", "teaser", "standfirst", "subtitle")
BODY = (
    "text", "body", "content", "article", "articleBody", "maintext", "fulltext",
    "story", "paragraphs",
)  # fmt: skip

#: Target -> names looked up (see the module docstring). "text" is LEAD + BODY.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "webTitle"),
    "date": (
        "date", "published", "publishedAt", "pubDate", "datePublished", "date_publish",
        "publish_date", "published_date", "pub_date", "webPublicationDate", "created_at",
        "updated", "timestamp",
    ),
    "source": ("source", "outlet", "source.name", "site", "site_name", "publisher",
               "source_name", "feed"),
    "author": ("author", "byline", "authors", "creator", "writer"),
    "url": ("url", "link", "webUrl", "href", "permalink", "uri"),
    "lang": ("lang", "language", "locale"),
    "id": ("id", "guid", "uuid", "docid", "doc_id", "docno"),
}  # fmt: skip

_NEWSAPI_CUT = re.compile(r"\S*…?\s*\[\+\d+ chars\]\s*$")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+\d*);")
_LANG = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)?")


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def lookup(record: Mapping | Sequence, name: str) -> object:
    """The value of field ``name`` (a name, a dotted path, or a column number)."""
    if not isinstance(record, Mapping):
        if name.isdigit() and int(name) < len(record):
            return record[int(name)]
        return None
    if name in record:
        return record[name]
    norm = _norm(name)
    for key, value in record.items():
        if isinstance(key, str) and _norm(key) == norm:
            return value
    head, dot, rest = name.partition(".")
    if dot:
        inner = lookup(record, head)
        if isinstance(inner, Mapping):
            return lookup(inner, rest)
    return None


def _applicable(names: tuple[str, ...], record: Mapping | Sequence) -> tuple[str, ...]:
    """Names that can apply to ``record``: column numbers for rows, names for objects."""
    if isinstance(record, Mapping):
        return tuple(n for n in names if not n.isdigit())
    return tuple(n for n in names if n.isdigit())


def _first(record, names: tuple[str, ...]) -> object:
    for name in names:
        value = lookup(record, name)
        if value not in (None, "", [], {}):
            return value
    return None


def as_text(value: object, markup: bool = False) -> str | None:
    """A metadata value as one line of text (an object gives its name).

    With ``markup``, HTML tags and entities in the value are read as HTML.
    """
    if value is None:
        return None
    if isinstance(value, Mapping):
        return as_text(_first(value, ("name", "title", "id")), markup)
    if isinstance(value, list | tuple):
        parts = [as_text(v, markup) for v in value]
        return ", ".join(p for p in parts if p) or None
    text = clean_text(str(value))
    text = fragment_text(text) if markup else one_line(text)
    return text or None


def unescape(text: str) -> str:
    """Text with its HTML entities (``S&amp;P``) decoded; a bare ``&`` stays."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def as_paragraphs(value: object) -> list[str]:
    """A text value as paragraphs."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return as_paragraphs(_first(value, ("text", "context", "content", "body", "value")))
    if isinstance(value, list | tuple):
        return [p for item in value for p in as_paragraphs(item)]
    text = clean_text(str(value))
    text = _NEWSAPI_CUT.sub("…", text).rstrip()
    if text == "…":
        return []
    if looks_like_html(text):
        return fragment_paragraphs(text)
    return split_paragraphs(unescape(text))


def _key(paragraphs: list[str]) -> str:
    text = one_line(" ".join(paragraphs)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def join_lead(lead: list[str], body: list[str]) -> list[str]:
    """Lead then body, without the lead when the body repeats it (or the other way)."""
    if not lead:
        return body
    if not body:
        return lead
    a, b = _key(lead), _key(body)
    if b.startswith(a):
        return body
    if a.startswith(b):
        return lead
    return lead + body


def record_text(record: Mapping | Sequence, options: ReadOptions) -> list[str]:
    """The paragraphs of a record's text."""
    chosen = _applicable(options.field_sources("text"), record)
    if chosen:
        out: list[str] = []
        for name in chosen:
            out = join_lead(out, as_paragraphs(lookup(record, name)))
        return out
    if not isinstance(record, Mapping):
        return []
    return join_lead(as_paragraphs(_first(record, LEAD)), as_paragraphs(_first(record, BODY)))


def record_field(record: Mapping | Sequence, target: str, options: ReadOptions) -> object:
    names = _applicable(options.field_sources(target), record)
    if not names:
        names = DEFAULT_FIELDS.get(target, ()) if isinstance(record, Mapping) else ()
    return _first(record, names)


def record_to_article(
    record: Mapping | Sequence, path: str, ordinal: int, options: ReadOptions
) -> Article | None:
    """The article in one record, or None when it has neither title nor text."""
    paragraphs = tidy_paragraphs(record_text(record, options))
    title = as_text(record_field(record, "title", options), markup=True) or ""
    if not title and not paragraphs:
        return None
    source = as_text(record_field(record, "source", options))
    if source and title:
        title = drop_source_suffix(title, source)
    lang = as_text(record_field(record, "lang", options))
    m = _LANG.fullmatch(lang or "")
    extra = {}
    for target, _ in options.fields:
        if target not in DEFAULT_FIELDS and target != "text":
            value = as_text(record_field(record, target, options))
            if value:
                extra[target] = value
    record_id = as_text(record_field(record, "id", options))
    if record_id:
        extra["id"] = record_id
    return Article(
        path=path,
        title=title or title_from_text(paragraphs[0]),
        paragraphs=paragraphs,
        date=dates.parse_date(_date_value(record_field(record, "date", options))),
        source=source,
        lang=m.group(1).lower() if m else None,
        author=as_text(record_field(record, "author", options)),
        url=as_text(record_field(record, "url", options)),
        ordinal=ordinal,
        extra=extra,
    )


def drop_source_suffix(title: str, source: str) -> str:
    """``Title - CNBC`` -> ``Title`` when CNBC is the article's source (NewsAPI's habit)."""
    for sep in (" - ", " | ", " – ", " — "):
        head, found, tail = title.rpartition(sep)
        if found and head and tail.casefold() == source.casefold():
            return head
    return title


def _date_value(value: object) -> object:
    if isinstance(value, Mapping):
        return _first(value, ("$date", "date", "value"))
    return value
