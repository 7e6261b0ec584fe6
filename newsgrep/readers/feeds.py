"""RSS and Atom feeds, with feedparser: one article per entry.

Each entry gives the title, link, publication date (``published``, else
``updated``; feedparser gives them in UTC), author and language; the source
is the feed's title. The text is the entry's content (HTML, made into
paragraphs) after its summary, the summary dropped when the content repeats
it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import clean_text, one_line, read_bytes, tidy_paragraphs, title_from_text
from . import DEFAULT_OPTIONS, ReadOptions
from .html import fragment_paragraphs, fragment_text
from .records import join_lead

_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _valid_charrefs(data: bytes) -> bytes:
    """``&#x110000;``, ``&#xD800;`` (no such character) as U+FFFD: feedparser raises on them."""

    def fix(m: re.Match) -> bytes:
        code = int(m[1], 16) if m[1] else int(m[2])
        return m[0] if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"

    return _CHARREF.sub(fix, data)


def read_feed(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    import feedparser

    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file")
    data = _valid_charrefs(data)
    try:
        # Entry HTML is made into paragraphs by newsgrep and never shown as
        # HTML, so feedparser need not sanitise it or resolve its links: its
        # sanitiser takes time quadratic in a run of unclosed comments.
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as e:  # feedparser's own bugs on damaged input (an unreadable encoding)
        raise SkipFile(f"broken feed: {type(e).__name__}") from e
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        if problem is not None:
            raise SkipFile(f"broken feed: {one_line(str(problem))[:100]}")
        raise SkipFile("feed without entries")
    feed = parsed.feed
    source = fragment_text(feed.get("title") or "") or None
    feed_lang = feed.get("language")
    articles = []
    for ordinal, entry in enumerate(parsed.entries):
        article = _entry_article(entry, str(path), ordinal, source, feed_lang)
        if article:
            articles.append(article)
    if not articles:
        raise SkipFile("feed entries without title or text")
    return articles


def _entry_article(entry, path: str, ordinal: int, source, feed_lang) -> Article | None:
    # (A field feedparser found but could not fill is None, not "".)
    summary = fragment_paragraphs(entry.get("summary") or "")
    content = [
        p for c in entry.get("content") or [] for p in fragment_paragraphs(c.get("value") or "")
    ]
    paragraphs = tidy_paragraphs(join_lead(summary, content))
    title = fragment_text(entry.get("title") or "")
    if not title and not paragraphs:
        return None
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    lang = _language(entry) or feed_lang
    return Article(
        path=path,
        title=title or title_from_text(paragraphs[0]),
        paragraphs=paragraphs,
        date=dates.parse_date(published) if published else None,
        source=source,
        lang=lang[:2].lower() if lang and lang[:2].isalpha() else None,
        author=one_line(clean_text(entry.get("author") or "")) or None,
        url=one_line(clean_text(entry.get("link") or "")) or None,
        ordinal=ordinal,
        collection=True,
    )


def _language(entry) -> str | None:
    for detail in (entry.get("title_detail"), *(entry.get("content") or [])):
        if detail and detail.get("language"):
            return detail["language"]
    return None
