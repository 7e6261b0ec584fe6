"""The plain dataclasses that leave the library: search results, archive facts, run summaries.

Printers and callers of the library work on these alone; nothing here
holds an open index, and importing this module loads no search engine.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field


@dataclass
class Hit:
    """One matching paragraph (paragraph 0 is the headline)."""

    paragraph: int
    text: str
    score: float | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    context: bool = False  # shown for context (-C), not a match


@dataclass
class QuoteHit:
    """One quotation of an article (see :mod:`newsgrep.quotes`), where it lies and who said it.

    ``start`` and ``end`` are offsets of ``text`` in paragraph ``paragraph``
    (0: the headline); ``spans`` what the query marked, inside ``text``.
    """

    paragraph: int
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_as_written: str | None
    kind: str
    verb: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ArticleHit:
    """One matching article with its matching paragraphs, in reading order."""

    id: str
    path: str
    title: str
    score: float | None
    hits: list[Hit]
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    date: dt.date | None = None
    source: str | None = None
    lang: str | None = None
    author: str | None = None
    url: str | None = None
    #: The article's other metadata, as its reader found it (a press export's section,
    #: length, load date, Factiva codes...): text keys and values; {} when none.
    meta: dict[str, str] = field(default_factory=dict)
    digest: str | None = None  # of the article's text, to find exact copies
    copies: list[str] = field(default_factory=list)  # addresses of copies not shown
    repeated: int = 0  # matching paragraphs left out: shown above, in another article
    #: ``path``, or ``path#N`` for the N-th article of a file that holds several.
    address: str = ""
    #: None, or "changed" when the file changed since it was indexed, "deleted"
    #: when it is gone (the text shown is the text indexed).
    stale: str | None = None
    #: The article's quotations, when asked for (``Archive.quotes``).
    quotes: list[QuoteHit] = field(default_factory=list)
    #: Its story: the id of the story's earliest copy (its own id when no other
    #: article runs the story); None when the index has no stories (format < 12).
    story: str | None = None
    #: How many other articles of the index run its story ("also ran in N articles").
    copies_count: int = 0
    #: Where the story also ran: (outlet or None, address) of each other copy, earliest first.
    also_ran: list[tuple[str | None, str]] = field(default_factory=list)
    #: Its place among its story's copies (0: the earliest).
    story_rank: int = 0
    #: Whether it copies a story another outlet (source) ran first.
    first_elsewhere: bool = False
    #: ``address`` through the file's own (canonical) path: how the index's stories name it.
    key: str = ""

    def __post_init__(self) -> None:
        if not self.address:
            self.address = self.path
        if not self.key:
            self.key = self.address


class LazyArticles(Sequence):
    """A result's articles, built as they are read (``Archive.search(..., lazy=True)``).

    Iterating gives each article as soon as it is built, so a printer can
    start at once on a large result; ``len()``, indexing from the end and
    comparing read everything first. Reading needs the archive still open.
    """

    def __init__(self, source: Iterator[ArticleHit]) -> None:
        self._built: list[ArticleHit] = []
        self._source: Iterator[ArticleHit] | None = source

    def _more(self) -> bool:
        if self._source is None:
            return False
        try:
            self._built.append(next(self._source))
        except StopIteration:
            self._source = None
            return False
        return True

    def __iter__(self) -> Iterator[ArticleHit]:
        i = 0
        while i < len(self._built) or self._more():
            yield self._built[i]
            i += 1

    def __len__(self) -> int:
        while self._more():
            pass
        return len(self._built)

    def __getitem__(self, index):
        if isinstance(index, slice) or index < 0:
            len(self)
        else:
            while index >= len(self._built) and self._more():
                pass
        return self._built[index]

    def __bool__(self) -> bool:
        return bool(self._built) or self._more()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"LazyArticles({self._built!r}{', ...' if self._source else ''})"


@dataclass
class SearchResult:
    query: str
    #: The articles shown, best first: a list, or LazyArticles (built as read).
    articles: Sequence[ArticleHit]
    total_articles: int  # matching articles, before --limit
    total_paragraphs: int  # matching paragraphs, before --limit
    #: Articles not shown because they repeat one that is (with lazy articles:
    #: among those read so far; complete once they have all been read).
    collapsed: int = 0
    #: Whether paragraphs around the matches were asked for (-C, -A, -B).
    context: bool = False
    #: Whether ``articles`` is a random sample of the matches (``search(sample=N)``).
    sampled: bool = False
    #: The headline documents of every matching article, copies included (valid while
    #: the archive that searched stays open: summaries count dates and sources by them).
    heads: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    """A corrected query ("did you mean") and how many articles it finds."""

    query: str
    suggestion: str
    articles: int


@dataclass
class ArchiveFacts:
    """What the whole index holds, for `stats` and for comparisons in `top`/`timeline`."""

    articles: int
    paragraphs: int
    files: int
    dates: list[dt.date]  # one per dated article
    langs: Counter  # lang -> articles
    sources: Counter  # source -> articles
    skipped_files: int
    #: The folders given to `newsgrep index`, each with what is remembered for
    #: it (the options as one would type them again; "" for the defaults).
    folders: list[tuple[str, str]] = field(default_factory=list)
    #: Stories (an article without copies is one); None: the index has none (format < 12).
    stories: int | None = None
    #: Articles that copy a story run earlier (every copy of a story but its earliest).
    copies: int = 0
    #: The dates of those copies (one per dated copy).
    copy_dates: list[dt.date] = field(default_factory=list)
    #: Pairs of paragraphs found (nearly) verbatim in articles of two different
    #: stories; None: the index does not record them (built before they were).
    reused: int | None = None


@dataclass(frozen=True, order=True)
class Skipped:
    """A file (or piece of input) left out of the index, and why."""

    path: str
    reason: str


@dataclass
class IndexSummary:
    """What one ``newsgrep index`` run did."""

    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    articles: int = 0  # articles (re)indexed this run
    paragraphs: int = 0
    total_articles: int = 0  # in the whole index afterwards
    total_paragraphs: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> files
    skipped_files: list[Skipped] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)  # format -> articles (re)indexed
    index_path: str = ""
    articles_removed: int = 0  # articles of the files removed
    excluded_removed: int = 0  # files removed because they are excluded now
    forgotten_folders: int = 0  # folders whose settings `forget` removed
    #: Re-read files that give fewer articles than before: (path, before, now).
    fewer: list[tuple[str, int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what else the user should know
    #: Saved searches with news: (name, new matching articles, unseen ones gone).
    alerts: list[tuple[str, int, int]] = field(default_factory=list)

    def skip(self, path: str, reason: str) -> None:
        self.skipped[reason] += 1
        self.skipped_files.append(Skipped(path, reason))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
