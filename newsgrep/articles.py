"""Articles as readers make them: metadata, paragraphs, addresses, ids and digests.

An :class:`Article` is what a reader turns part of a file into; nothing
here knows about formats or the search engine. A reader that cannot read a
file raises :class:`SkipFile` with the reason.

Every article has an **address**: its file's path for a file that holds one
article, ``PATH#N`` for the N-th article (from 1) of a file that holds
several (a CSV file, a feed, Reuters SGML, JSON Lines...). Its **id** is
derived from what the article is, not from where it lies, so it survives
re-indexing and moving the archive: its URL, else the id its source gives
it, else its text.
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
    #: Whether the article is one of (possibly) several in its file: its address
    #: is then ``path#N``. Readers of multi-article formats set it.
    collection: bool = False
    #: The file's path as the user knows it (through the links they typed),
    #: when it differs from ``path``, the file's own (canonical) path.
    shown: str | None = None
    #: The id, when it is known already (an article read back from the index).
    aid: str | None = None

    @property
    def id(self) -> str:
        return self.aid or article_id(self)

    @property
    def address(self) -> str:
        """Where the article is: ``path``, or ``path#N`` inside a multi-article file."""
        return address_of(self.path, self.ordinal, self.collection)

    @property
    def shown_address(self) -> str:
        """The address through the path as the user knows it."""
        return address_of(self.shown or self.path, self.ordinal, self.collection)


def address_of(path: str, ordinal: int, collection: bool) -> str:
    return f"{path}#{ordinal + 1}" if collection else path


def split_address(address: str) -> tuple[str, int | None]:
    """(path, ordinal) of ``path#N`` (ordinal N - 1), or (address, None) for a plain path."""
    path, sep, number = address.rpartition("#")
    if sep and number.isdigit() and int(number) >= 1 and path:
        return path, int(number) - 1
    return address, None


def article_id(article: Article) -> str:
    """A short id that depends on what the article is: its URL, its source's id, or its text.

    The same article found again (re-indexed, its folder moved or renamed)
    keeps its id; two files holding the same article give it the same id.
    """
    source_id = article.extra.get("id") or article.extra.get("newid") or article.extra.get("docno")
    if article.url:
        key = f"url\0{article.url}"
    elif source_id:
        key = f"id\0{article.source or ''}\0{source_id}"
    else:
        key = "text\0" + "\n".join([article.title, *article.paragraphs])
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:12]


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

    def __init__(
        self, reason: str, articles: list[Article] | None = None, transient: bool = False
    ) -> None:
        super().__init__(reason)
        self.articles = articles or []
        #: The file could not be read this time (an I/O or permission error): the
        #: next run reads it again rather than take the failure as its content.
        self.transient = transient


#: Said of a file whose reading failed for a reason that may pass: it is read again on
#: the next run (its record does not match the file, whatever its signature).
RETRY_NOTE = " (read again on the next run)"


def retried(reason: str | None) -> bool:
    """Whether a skip reason is one the next run tries again."""
    return bool(reason) and reason.endswith(RETRY_NOTE)
