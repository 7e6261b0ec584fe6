"""RSS and Atom feeds, with feedparser: one article per entry.

Each entry gives the title, link, publication date (``published``, else
``updated``; feedparser gives them in UTC), author and language; the source
is the feed's title. The text is the entry's content (HTML, made into
paragraphs) after its summary, the summary dropped when the content repeats
it.
"""

from __future__ import annotations

from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import one_line, read_bytes, tidy_paragraphs, title_from_text
from . import DEFAULT_OPTIONS, ReadOptions
from .html import fragment_paragraphs, fragment_text
from .records import join_lead


def read_feed(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    import feedparser

    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file")
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        if problem is not None:
            raise SkipFile(f"broken feed: {one_line(str(problem))[:100]}")
        raise SkipFile("feed without entries")
    feed = parsed.feed
    source = fragment_text(feed.get("title", "")) or None
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
    summary = fragment_paragraphs(entry.get("summary", ""))
    content = [p for c in entry.get("content", []) for p in fragment_paragraphs(c.get("value", ""))]
    paragraphs = tidy_paragraphs(join_lead(summary, content))
    title = fragment_text(entry.get("title", ""))
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
        author=one_line(entry.get("author", "")) or None,
        url=entry.get("link") or None,
        ordinal=ordinal,
        collection=True,
    )


def _language(entry) -> str | None:
    for detail in (entry.get("title_detail"), *entry.get("content", [])):
        if detail and detail.get("language"):
            return detail["language"]
    return None
