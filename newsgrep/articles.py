"""Articles as readers make them: metadata, paragraphs, ids and digests.

An :class:`Article` is what a reader turns part of a file into; nothing
here knows about files, formats or the search engine. A reader that cannot
read a file raises :class:`SkipFile` with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass
class Article:
    """One news article: metadata and the paragraphs of its body."""

    path: str
    title: str
    paragraphs: list[str]
    date: dt.date | None = None
    source: str | None = None
    lang: str | None = None
    author: str | None = None
    url: str | None = None
    ordinal: int = 0  # position of the article inside its file
    extra: dict[str, str] = field(default_factory=dict)
    format: str | None = None  # the reader that read it: "html", "sgml", ...

    @property
    def id(self) -> str:
        return article_id(self.path, self.ordinal)


def article_id(path: str, ordinal: int = 0) -> str:
    """A short stable id for the ``ordinal``-th article of the file ``path``."""
    return hashlib.sha1(f"{path}\0{ordinal}".encode("utf-8", "surrogateescape")).hexdigest()[:12]


def paragraph_digest(text: str) -> str:
    """A short hash of a paragraph's text (or of an article's, lines joined)."""
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def article_digest(article: Article) -> str:
    """A short hash of an article's headline and paragraphs, to recognise exact copies."""
    return paragraph_digest("\n".join([article.title, *article.paragraphs]))


def article_signature(article: Article) -> str:
    """What decides whether a piped article changed: a hash of its contents."""
    parts = [article.title, *article.paragraphs, str(article.date), article.source,
             article.lang, article.author, article.url]  # fmt: skip
    text = "\0".join(p or "" for p in parts)
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()


class SkipFile(Exception):
    """Raised by a reader for a file that holds no article it can read.

    A reader that read part of a damaged file (a truncated archive, a few
    broken lines) passes the articles it did read as ``articles``: they are
    indexed, and the reason is reported with the file all the same.
    """

    def __init__(self, reason: str, articles: list[Article] | None = None) -> None:
        super().__init__(reason)
        self.articles = articles or []
