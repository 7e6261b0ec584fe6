"""The library's way into an index: an :class:`Archive`, opened once, answering many questions.

::

    import newsgrep

    with newsgrep.open_archive() as archive:
        for article in archive.search("Witkoff NOT Kushner").articles:
            print(article.title, [hit.paragraph for hit in article.hits])
        print(archive.facts().articles)

The index is opened on the first question and read from one consistent
state (the last commit at that moment) until the archive is closed; what
is read once (columns, posting blocks, expansions of prefixes) is kept for
the questions that follow.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .articles import split_address
from .engine.reading import DAMAGE, Session, damaged
from .errors import IndexDamagedError, QueryError
from .grammar import field_values, parse_for, read
from .highlight import Highlighter
from .matching import (
    SORTS,
    article_docs,
    article_hit,
    as_date,
    collapsed,
    head_at,
    match,
    page,
    rank,
    shown_address,
    sort_by_date,
    whole_article,
    with_story,
)
from .query import Filters, normalize_text, split_date_clauses
from .results import ArchiveFacts, ArticleHit, LazyArticles, QuoteHit, SearchResult, Suggestion
from .variants import same_person

#: Default number of articles a search returns.
DEFAULT_LIMIT = 20
#: The first index format that holds quotations.
QUOTES_FORMAT = 11


def default_index_dir() -> Path:
    """The index in use when none is named: ``NEWSGREP_INDEX``, else a per-user data folder."""
    env = os.environ.get("NEWSGREP_INDEX")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("newsgrep", appauthor=False)) / "index"


def _guarded(method):
    """Damaged index files become IndexDamagedError.

    A segment file that disappears while it is being opened was usually
    replaced by a writer's commit in between: the index is opened again
    (at the new commit) and the question asked once more.
    """

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        for attempt in (1, 2):
            try:
                return method(self, *args, **kwargs)
            except FileNotFoundError as e:
                self.close()
                if attempt == 2:
                    raise damaged(self.path, e) from e
            except DAMAGE as e:
                raise damaged(self.path, e) from e
        return None  # pragma: no cover

    return guarded


class Archive:
    """An index of articles, opened for reading."""

    def __init__(self, path: Path | str | None = None, session: Session | None = None) -> None:
        self.path = Path(path) if path else default_index_dir()
        self._session: Session | None = session  # (given: a part of the index, see watch.py)

    @property
    def session(self) -> Session:
        """The open index (opened on first use)."""
        if self._session is None:
            self._session = Session(self.path)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            session.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ search

    @_guarded
    def search(
        self,
        text: str,
        *,
        limit: int | None = DEFAULT_LIMIT,
        offset: int = 0,
        same_paragraph: bool = False,
        exact: bool = False,
        filters: Filters | None = None,
        sort: str = "relevance",
        context: int | tuple[int, int] = 0,
        collapse: bool = True,
        highlight: bool = True,
        max_count: int | None = None,
        lazy: bool = False,
        sample: int | None = None,
        ids: set[str] | None = None,
        with_quotes: bool = False,
    ) -> SearchResult:
        """Search for ``text`` (see the README's query syntax).

        ``limit`` caps the number of articles returned (None or 0: all) after
        skipping ``offset``. ``same_paragraph`` makes every term match inside
        one paragraph; ``exact`` matches written words (case and accents
        folded) with no stemming. ``filters`` and ``date:`` clauses restrict
        the articles (``filters`` itself is left as it is); ``sort`` is
        ``relevance``, ``newest`` or ``oldest``; ``context`` adds that many
        paragraphs before and after each hit (or (before, after)); ``max_count``
        keeps each article's first matching paragraphs only; ``collapse``
        folds exact copies of articles and of paragraphs into the first one
        shown; ``highlight=False`` leaves out the match spans (counting needs
        none). With ``lazy``, the articles are built as they are read
        (:class:`LazyArticles`; the archive must stay open until then), so
        that printing starts at once however many match. With ``sample``,
        when more articles match, the articles are that many of them drawn
        at random (the same ones each time), unranked, for statistics
        (``result.sampled``); the totals stay those of every match. ``ids``
        restricts the search to the articles with these ids (saved searches'
        unseen matches). With ``with_quotes``, each article carries its
        quotations (see :meth:`quotes`).
        """
        text, since, until = split_date_clauses(normalize_text(text))
        filters = (filters or Filters()).narrowed(since, until)
        if sort not in SORTS:
            raise QueryError(
                f"unknown sort order {sort!r}", hint=f"Use one of: {', '.join(SORTS)}."
            )
        filter_query = filters.query()
        if text.strip():
            read(text)  # a malformed query is an error before the index is read
        elif filter_query is None and not with_quotes:
            raise QueryError("the query is empty", hint='Try `newsgrep search "Witkoff"`.')
        session = self.session
        if session.doc_count() == 0:
            return SearchResult(text, [], 0, 0)
        # The headlines of the articles that pass the filters (metadata is
        # kept on headlines only).
        restrict = (
            {session.head_of(d) for d in session.query_docs(filter_query)}
            if filter_query is not None
            else None
        )
        if ids is not None:
            chosen = {h for aid in sorted(ids) for h in session.heads_where(aid=aid)}
            restrict = chosen if restrict is None else restrict & chosen
        found = match(session, text, restrict, same_paragraph, exact)
        if sample is not None and len(found.articles) > sample:
            return self._sample(text, found, sample, highlight)
        ranking, scores = rank(session, found.concepts, found.articles)
        total_articles, total_paragraphs = len(found.articles), len(found.docs)
        if sort != "relevance":
            ranking = sort_by_date(session, ranking, newest=sort == "newest")
        highlighter = found.highlighter if highlight else Highlighter(stem=not exact)

        story_map = session.story_map() if found.articles else None  # (none to show: unread)

        def build(score: float, head: int) -> ArticleHit:
            docs = article_docs(session, head, found.docs)
            article = article_hit(session, head, score, docs, scores, highlighter, context,
                                  max_count, with_quotes)  # fmt: skip
            return with_story(article, story_map)

        before, after = (context, context) if isinstance(context, int) else context
        result = SearchResult(
            text, [], total_articles, total_paragraphs, context=bool(before or after),
            heads=frozenset(found.articles),
        )  # fmt: skip
        if collapse:
            articles = collapsed(
                ranking, build, offset, limit, result, story_map, session, found.articles
            )
        else:
            articles = page(ranking, build, offset, limit)
        result.articles = LazyArticles(self._guarded_iter(articles)) if lazy else list(articles)
        return result

    def _sample(self, text: str, found, size: int, highlight: bool) -> SearchResult:
        import random

        session = self.session
        heads = sorted(random.Random(len(found.articles)).sample(sorted(found.articles), size))
        highlighter = found.highlighter if highlight else Highlighter()
        articles = [
            article_hit(session, h, None, article_docs(session, h, found.docs), {}, highlighter)
            for h in heads
        ]
        return SearchResult(text, articles, len(found.articles), len(found.docs), sampled=True)

    def _guarded_iter(self, articles: Iterator[ArticleHit]) -> Iterator[ArticleHit]:
        """Articles built after search() returned: damage found then is reported as well."""
        try:
            yield from articles
        except (*DAMAGE, FileNotFoundError) as e:
            raise damaged(self.path, e) from e

    @_guarded
    def suggest(
        self,
        text: str,
        result: SearchResult,
        filters: Filters | None = None,
        exact: bool = False,
    ) -> Suggestion | None:
        """'Did you mean': a corrected query, when ``result`` (of ``text``) found few articles."""
        from .suggest import suggestion_for

        return suggestion_for(self, text, result, filters, exact)

    @_guarded
    def hints(self, text: str, result: SearchResult, filters: Filters | None = None) -> list[str]:
        """Why a search found nothing, when a filter explains it (a language, a source, dates)."""
        from .suggest import empty_hints

        return empty_hints(self, text, result, filters or Filters())

    # ------------------------------------------------------------ articles

    @_guarded
    def article(self, ref: str, query: str = "") -> list[ArticleHit]:
        """The articles ``ref`` names, whole: an id, an address (``PATH#N``), or a file's path.

        A path names a file by any route to it (through links or not); a
        file that holds several articles gives them all, in their order.
        Every paragraph is a hit; those that ``query`` matches carry its
        spans, the others are marked as context.
        """
        session = self.session
        heads = self._heads(ref)
        highlighter = self._highlighter(query, {session.headline(h).get("lang") for h in heads})
        return [whole_article(session, head, highlighter) for head in heads]

    def _heads(self, ref: str) -> list[int]:
        from .corpus import logical_path

        session = self.session
        if re.fullmatch(r"[0-9a-f]{12}", ref):
            heads = session.heads_where(aid=ref)
            if heads:  # copies of one article: by address
                return sorted(heads, key=lambda h: shown_address(session.headline(h))[1])
        if ref.startswith("stdin:"):  # piped articles are kept under their own name
            return session.heads_where(path=ref)
        heads = session.heads_where(path=os.path.realpath(logical_path(ref)))
        if heads:
            return sorted(heads)  # the file's articles, in their order
        path, ordinal = split_address(ref)
        if ordinal is not None:
            canonical = os.path.realpath(logical_path(path))
            heads = session.heads_where(path=canonical)
            return [h for h in heads if session.headline(h).get("ord") == ordinal]
        return []

    def _highlighter(self, query: str, langs: set[str | None]) -> Highlighter:
        text, _since, _until = split_date_clauses(normalize_text(query))
        if not text.strip():
            return Highlighter()
        highlighter = Highlighter()
        for lang in sorted(lang or "und" for lang in langs):
            highlighter.add(lang, parse_for(text, lang, exact=False), self.session)
        return highlighter

    # ------------------------------------------------------------ quotations

    def quotes(
        self,
        text: str = "",
        *,
        speaker: str | None = None,
        kinds: tuple[str, ...] = ("speech",),
        limit: int | None = None,
        same_paragraph: bool = False,
        exact: bool = False,
        filters: Filters | None = None,
        sort: str = "relevance",
        matching: bool = False,
    ) -> list[tuple[ArticleHit, QuoteHit]]:
        """The quotations of the articles ``text`` matches (every article when it is
        empty), best article first, each article's in reading order.

        With ``matching``, only the quotations that match ``text`` themselves:
        those in a paragraph where a word of the query was found, or whose own
        words hold one (in an article matched by its fields or filters alone,
        every quotation).

        ``quote:`` words in ``text`` keep the quotations they are in;
        ``speaker:`` names and ``speaker`` keep those of that person, in any
        spelling or script (``Ushakov`` finds Iouri Ouchakov, as ``Ушаков``
        does). ``kinds``: of :data:`newsgrep.quotes.SPEECH`, ``TITLE``,
        ``SCARE`` (quoted titles of works, a word or two in marks). ``limit``
        caps the number of quotations.
        """
        from .engine.store import index_format

        found = index_format(self.path)
        if found is not None and found < QUOTES_FORMAT:
            raise IndexDamagedError(
                f"the index at {self.path} was built before newsgrep indexed quotations "
                f"(format {found})",
                hint="Run `newsgrep index --rebuild PATH...` with the folders it holds.",
            )
        names = [speaker] if speaker and speaker.strip() else []
        if names:
            text = f'{text} speaker:"{_speaker_words(speaker)}"'
        names += field_values(text, "speaker") if text.strip() else []
        result = self.search(text, limit=None, same_paragraph=same_paragraph, exact=exact,
                             filters=filters, sort=sort, with_quotes=True,
                             lazy=True)  # fmt: skip
        out: list[tuple[ArticleHit, QuoteHit]] = []
        for article in result.articles:  # built as they are read: a limit stops early
            where = {h.paragraph for h in article.hits if h.spans and not h.context}
            for q in article.quotes:
                if matching and where and q.paragraph not in where and not q.spans:
                    continue  # a quotation of the article, not one about the query
                if q.kind in kinds and all(same_person(q.speaker, name) for name in names):
                    out.append((article, q))
                    if limit and len(out) >= limit:
                        return out
        return out

    # ------------------------------------------------------------ the whole archive

    @_guarded
    def facts(self) -> ArchiveFacts:
        """What the index holds: counts, languages, sources, dates."""
        session = self.session
        facts = ArchiveFacts(0, 0, 0, [], Counter(), Counter(), 0)
        for rec in session.file_records():
            facts.files += 1
            facts.articles += rec.get("narticles", 0)
            facts.paragraphs += rec.get("nparas", 0)
            facts.skipped_files += bool(rec.get("reason"))
        from .corpus import FolderSettings

        for rec in session.settings_records():
            settings = FolderSettings.from_json(rec.get("settings", "{}"))
            facts.folders.append((settings.shown or rec.get("root", ""), settings.describe()))
        facts.folders.sort()
        for head in session.headlines():
            facts.langs[head.get("lang") or "und"] += 1
            if head.get("source"):
                facts.sources[head["source"]] += 1
            if head.get("date"):
                facts.dates.append(as_date(head["date"]))
        story_map = session.story_map()
        if story_map is not None:
            seen = {s.id: s for s in story_map.stories()}
            facts.copies = sum(len(s.copies) - 1 for s in seen.values())
            facts.copy_dates = [c.date for s in seen.values() for c in s.copies[1:] if c.date]
            facts.stories = facts.articles - facts.copies
            if story_map.records_reuse:
                facts.reused = story_map.reuse_count()
        return facts

    @_guarded
    def has_stories(self) -> bool:
        """Whether the index groups copies of one story (format 12 on)."""
        return self.session.story_map() is not None

    @_guarded
    def copies(self, ref: str) -> list[ArticleHit]:
        """The articles of the story of the article ``ref`` names (see :meth:`article`),
        whole, the earliest first; just that article when no other runs its story."""
        found = self.article(ref)
        if not found:
            return []
        story_map = self.session.story_map() or {}
        story = story_map.get(found[0].key)
        if story is None:
            return found[:1]
        out = []
        for c in story.copies:
            head = head_at(self.session, c.key)
            if head is not None:
                out.append(whole_article(self.session, head, Highlighter()))
        return out

    @_guarded
    def reused(self, keys: list[str]) -> dict[str, list] | None:
        """For each article address of ``keys``, its paragraphs found (nearly)
        verbatim in articles of other stories, as :class:`newsgrep.stories.Reused`
        records seen from it; None when the index does not record reuse."""
        story_map = self.session.story_map()
        if story_map is None or not story_map.records_reuse:
            return None
        return {key: story_map.reused(key) for key in keys}

    @_guarded
    def paragraph_frequencies(
        self, terms_by_lang: dict[str, set[str]]
    ) -> tuple[int, dict[tuple[str, str], int]]:
        """(paragraphs in the index, {(lang, term): paragraphs containing it})."""
        session = self.session
        total = session.paragraph_count()
        freqs = {
            (lang, term): session.doc_frequency("text", term)
            for lang, terms in terms_by_lang.items()
            for term in terms
        }
        return total, freqs


def _speaker_words(name: str) -> str:
    """A name as the words of a ``speaker:"..."`` phrase (no quotation mark of its own)."""
    return " ".join(w for w in re.split(r'[\s"]+', name) if w)


def open_archive(path: Path | str | None = None) -> Archive:
    """The index at ``path`` (default: :func:`default_index_dir`), for searching."""
    return Archive(path)
