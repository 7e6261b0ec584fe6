"""Matching whole articles: article-level evaluation, the paragraphs shown, collapsing copies.

A query's boolean structure is evaluated over *articles*: each leaf (a word,
a phrase, a field filter) gives the set of articles having at least one
paragraph that matches it, and AND / OR / NOT combine those sets. The
paragraphs shown are those of the matching articles that match a positive
word or phrase of the query. An article is known by the document number of
its headline.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from . import analysis, proximity, variants
from .articles import address_of, split_address
from .engine.reading import Session
from .errors import QueryError
from .grammar import parse_for, repeats
from .highlight import Highlighter, marks_for
from .query import (
    MATCH_FIELDS,
    MAX_PHRASE_WORK,
    MULTI_TERMS,
    PROXIMITY,
    QUOTE_FIELDS,
    And,
    AndMaybe,
    AndNot,
    Every,
    Leaf,
    Near,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Require,
    Scope,
    Term,
    lang_arg,
    leaves,
    positive_leaves,
    positive_units,
)
from .ranking import (
    BEST_PARAGRAPH_WEIGHT,
    Concept,
    ParagraphScores,
    Ranker,
    count_occurrences,
    find_concepts,
)
from .results import ArticleHit, Hit, QuoteHit, SearchResult
from .sentences import sentence_bounds

SORTS = ("relevance", "newest", "oldest")

#: Builds the result for an article: (score, headline document) -> ArticleHit.
Build = Callable[[float, int], ArticleHit]


class Evaluator:
    """Article-level evaluation of a query over the articles of some languages (those
    whose analysis of the query is the same), restricted by filters.

    ``langs`` are the index languages evaluated at once (one code or several);
    ``restrict`` holds the headlines of the articles that pass the filters
    (None: every article); ``exact`` makes words match as written. A query's
    postings are read, and its sets of matches built, once for all of them;
    :meth:`part` splits them by language where each needs its own (the
    rarity of words is counted within a language).
    """

    def __init__(
        self,
        session: Session,
        langs: str | tuple[str, ...],
        restrict: set[int] | None,
        exact: bool,
    ):
        self.session = session
        self.langs = (langs,) if isinstance(langs, str) else tuple(langs)
        self.lang = self.langs[0]  # (they all analyse the query alike)
        self.exact = exact
        self.restrict = restrict
        #: The index's other languages, whose articles are out of scope.
        self.others = tuple(lang for lang in session.langs if lang not in self.langs)
        # Every language and no filter: every document is in scope, and sets of
        # matches need no intersecting with the languages' documents.
        self.alone = restrict is None and not self.others
        self.leaf_docs: dict[object, set[int]] = {}
        self.leaf_articles: dict[object, set[int]] = {}
        self._spans: dict[Leaf, dict[int, list]] = {}  # leaf -> doc -> spans (NEAR, SENTENCE)
        self._near: dict[Near, dict[int, list]] = {}
        self._scope: dict[Scope, dict[int, set[int]]] = {}

    # ------------------------------------------------------------ scope

    def _of_langs(self, docs: set[int]) -> set[int]:
        """Those of ``docs`` (headlines, paragraphs) in the evaluator's languages.

        Every document carries its article's language, so this is set
        operations on the languages' postings: those of the other languages
        taken away when they are the fewer, else those of these languages kept.
        """
        if not self.others:
            return docs
        session = self.session
        if session.lang_size(self.others) <= session.lang_size(self.langs):
            return docs.difference(*map(session.lang_docs, self.others))
        if len(self.langs) == 1:
            return docs & session.lang_docs(self.lang)
        return docs & set().union(*map(session.lang_docs, self.langs))

    @functools.cached_property
    def heads(self) -> set[int]:
        """Headline documents of the languages' articles (within the filters)."""
        session = self.session
        heads = self.restrict if self.restrict is not None else session.all_heads
        return self._of_langs(heads)

    @functools.cached_property
    def universe(self) -> set[int]:
        """Every article of the languages (within the filters): what NOT takes from."""
        return set(self.heads)

    @functools.cached_property
    def lang_docs(self) -> set[int]:
        """Documents of the languages (within the filters)."""
        session = self.session
        docs = set().union(*map(session.lang_docs, self.langs))
        if self.restrict is None:
            return docs
        pn, heads = session.pn, self.heads
        return {d for d in docs if d - pn[d] in heads}

    @functools.cached_property
    def article_count(self) -> int:
        """Articles of the language, for the rarity (idf) of query words."""
        if self.restrict is None and len(self.session.langs) == 1:
            return max(1, self.session.article_count())  # every headline: read the count
        return max(1, len(self.heads))

    def within(self, docs: set[int], fieldname: str | None = None) -> set[int]:
        """Those of ``docs`` whose article is of the languages and passes the filters."""
        if self.alone and (fieldname in MATCH_FIELDS or len(self.session.langs) == 1):
            return docs  # (headlines and paragraphs alone have words of these fields)
        if self.restrict is None and fieldname in MATCH_FIELDS:
            return self._of_langs(docs)
        pn, heads = self.session.pn, self.heads
        return {d for d in docs if d - pn[d] in heads}

    def articles_in(self, docs: set[int]) -> set[int]:
        pn = self.session.pn
        return {d - pn[d] for d in docs}

    def part(self, lang: str) -> Evaluator:
        """The evaluation restricted to one of its languages (itself when it has one)."""
        if len(self.langs) == 1:
            return self
        parts = self.__dict__.setdefault("_parts", {})
        if lang not in parts:
            parts[lang] = _Part(self, lang)
        return parts[lang]

    # ------------------------------------------------------------ leaves

    def docs(self, leaf: Leaf) -> set[int]:
        """Documents (headlines, paragraphs) of the language that match ``leaf``."""
        if leaf in self.leaf_docs:
            return self.leaf_docs[leaf]
        if isinstance(leaf, PROXIMITY):
            found = self.near_found(leaf) if isinstance(leaf, Near) else self.scope_found(leaf)
            self.leaf_docs[leaf] = docs = set(found)
            return docs
        test = _exact_leaf_filter(leaf, lang_arg(self.lang)) if self.exact else None
        fetch = stem_leaf(leaf, lang_arg(self.lang)) if test else leaf
        session = self.session
        if isinstance(fetch, Term):
            docs = self.within(session.term_docs(fetch.field, fetch.text), fetch.field)
        elif isinstance(fetch, MULTI_TERMS):
            docs = set()
            for fieldname, text in session.expansions(fetch):
                docs |= session.term_docs(fieldname, text)
            docs = self.within(docs, fetch.field)
        elif isinstance(fetch, Phrase):
            docs = self.within(session.query_docs(fetch), fetch.field)
        else:
            docs = self.within(session.query_docs(fetch))
        if test:
            name = leaf.field
            docs = {d for d in docs if test(session.doc_text(d, name))}
        self.leaf_docs[leaf] = docs
        return docs

    def articles_of(self, leaf: Leaf) -> set[int]:
        """Articles of the language with a paragraph (or headline) matching ``leaf``."""
        if leaf not in self.leaf_articles:
            self.leaf_articles[leaf] = self.articles_in(self.docs(leaf))
        return self.leaf_articles[leaf]

    # ------------------------------------------------------------ boolean structure

    def articles(self, node: Node) -> set[int]:
        """The articles a whole query matches: its boolean logic over articles."""
        if isinstance(node, Not):
            return self.universe - self.articles(node.child)
        if isinstance(node, AndNot):
            return self.articles(node.a) - self.articles(node.b)
        if isinstance(node, AndMaybe):
            return self.articles(node.a)
        if isinstance(node, Require):
            return self.articles(node.a) & self.articles(node.b)
        if isinstance(node, And):
            pos = [c for c in node.children if not isinstance(c, Not)]
            neg = [c.child for c in node.children if isinstance(c, Not)]
            result = set(self.articles(pos[0])) if pos else set(self.universe)
            for c in pos[1:]:
                result &= self.articles(c)
                if not result:
                    return result
            for c in neg:
                result -= self.articles(c)
            return result
        if isinstance(node, Or):
            result = set()
            for c in node.children:
                result |= self.articles(c)
            return result
        if isinstance(node, Nothing):
            return set()
        return self.articles_of(node)

    def paragraph_matches(self, q: Node) -> set[int]:
        """--same-paragraph: docs matching the whole query (with --exact tests on leaves)."""
        return self.unit_docs(q)

    def unit_docs(self, node: Node) -> set[int]:
        """Documents where a query's boolean logic holds inside the document itself
        (a paragraph or a headline): --same-paragraph, PARAGRAPH(...). The leaves'
        sets, as for articles, intersected from the smallest."""
        if isinstance(node, Not):
            return self.lang_docs - self.unit_docs(node.child)
        if isinstance(node, And):
            pos = [c for c in node.children if not isinstance(c, Not)]
            neg = [c.child for c in node.children if isinstance(c, Not)]
            if pos:
                sets = sorted(map(self.unit_docs, pos), key=len)
                out = sets[0].intersection(*sets[1:])
            else:
                out = set(self.lang_docs)
            for c in neg:
                if not out:
                    break
                out -= self.unit_docs(c)
            return out
        if isinstance(node, Or):
            return set().union(*map(self.unit_docs, node.children))
        if isinstance(node, AndNot):
            return self.unit_docs(node.a) - self.unit_docs(node.b)
        if isinstance(node, AndMaybe):
            return self.unit_docs(node.a)
        if isinstance(node, Require):
            return self.unit_docs(node.a) & self.unit_docs(node.b)
        if isinstance(node, Nothing):
            return set()
        return self.docs(node)

    # ------------------------------------------------------------ where words are

    def candidates(self, node: Node) -> set[int]:
        """Documents where ``node`` may hold inside a sentence: its positive words are
        all there (a superset, refined by :meth:`scope_found`)."""
        if isinstance(node, And):
            positive = [c for c in node.children if not isinstance(c, Not)]
            if not positive:
                return self.lang_docs
            out = set(self.candidates(positive[0]))
            for c in positive[1:]:
                out &= self.candidates(c)
            return out
        if isinstance(node, Or):
            out = set()
            for c in node.children:
                out |= self.candidates(c)
            return out
        if isinstance(node, Not):
            return self.lang_docs
        if isinstance(node, AndNot | AndMaybe):
            return self.candidates(node.a)
        if isinstance(node, Require):
            return self.candidates(node.a) & self.candidates(node.b)
        return self.docs(node)

    def leaf_spans(self, leaf: Leaf, docs: set[int]) -> dict[int, list[proximity.Span]]:
        """Where a word, phrase or pattern matches (word positions) in those of ``docs``
        that it matches. Read from the index's positions; names' other spellings, and
        --exact words, from the text."""
        docs = docs & self.docs(leaf)
        cache = self._spans.setdefault(leaf, {})
        missing = {d for d in docs if d not in cache}
        if missing:
            found = self._find_spans(leaf, missing)
            for d in missing:
                cache[d] = found.get(d, [])
        return {d: cache[d] for d in docs if cache[d]}

    def _find_spans(self, leaf: Leaf, docs: set[int]) -> dict[int, list[proximity.Span]]:
        session = self.session
        indexed = leaf.field in ("title", "text") and not (
            self.exact and isinstance(leaf, Term | Phrase)
        )
        if indexed and isinstance(leaf, Term):
            positions = session.term_positions(leaf.field, leaf.text, docs)
            return {d: [(p, p) for p in ps] for d, ps in positions.items()}
        if indexed and isinstance(leaf, Phrase):
            words = [session.term_positions(leaf.field, w, docs) for w in leaf.words]
            return {d: proximity.phrase_spans([w.get(d, []) for w in words], leaf.slop)
                    for d in docs}  # fmt: skip
        if indexed and isinstance(leaf, MULTI_TERMS):
            out: dict[int, list] = {}
            for fieldname, term in session.expansions(leaf):
                for d, ps in session.term_positions(fieldname, term, docs).items():
                    out.setdefault(d, []).extend((p, p) for p in ps)
            return out
        # From the text: names in other spellings, words as written (--exact).
        lang = lang_arg(self.lang)
        pn = session.pn
        out = {}
        for d in docs:
            text = session.doc_text(d, "title" if pn[d] == 0 else "text")
            if leaf.field == "names":
                out[d] = [(p, p) for key, p, _a, _b in variants.variant_terms(text)
                          if key == leaf.text]  # fmt: skip
                continue
            terms = analysis.terms(text, lang, stem=not self.exact)
            if isinstance(leaf, Term):
                out[d] = [(i, i) for i, t in enumerate(terms) if t == leaf.text]
            elif isinstance(leaf, Phrase):
                where = [[i for i, t in enumerate(terms) if t == w] for w in leaf.words]
                out[d] = proximity.phrase_spans(where, leaf.slop)
        return out

    def spans_candidates(self, node: Node) -> set[int]:
        """Documents where a word, phrase, OR of them or NEAR matches."""
        if isinstance(node, Or):
            out = set()
            for c in node.children:
                out |= self.spans_candidates(c)
            return out
        return self.docs(node)

    def near_found(self, node: Near) -> dict[int, list]:
        """(start, end, gap) of the matches of a NEAR, in each document where it matches."""
        if node not in self._near:
            docs = self.spans_candidates(node.a) & self.spans_candidates(node.b)
            self._near[node] = proximity.near_matches(node, docs, self.leaf_spans)
        return self._near[node]

    def scope_found(self, node: Scope) -> dict[int, set[int]]:
        """The sentences (for PARAGRAPH: {0}) where a scope's query holds, per document."""
        if node in self._scope:
            return self._scope[node]
        if node.unit == "paragraph":
            found = {d: {0} for d in self.unit_docs(node.child)}
        else:
            found = self._sentences(node.child)
        self._scope[node] = found
        return found

    def _sentences(self, child: Node) -> dict[int, set[int]]:
        """SENTENCE(child): the sentences where ``child`` holds, per document.

        Only the candidates' texts are cut into sentences, and not those where a
        single word of the query is all there is (its sentence is then the one,
        as in the document as a whole).
        """
        docs = self.candidates(child)
        nodes = proximity.span_nodes(child)
        node_docs = [(self.spans_candidates(n), proximity.is_word_node(n)) for n in nodes]
        # Where one word of the query is all there is, its sentence holds what the
        # document holds (unless the query holds of an empty text: NOT alone).
        alone, cut = set(), set()
        for d in docs:
            present = [word for found, word in node_docs if d in found]
            (alone if not present or present == [True] else cut).add(d)
        spans = {id(n): proximity.spans_in(n, cut, self.leaf_spans) for n in nodes}
        test = proximity.sentence_test(child, lambda n: spans[id(n)], self.docs)
        if alone and proximity.sentences_where(test, -1, ()):
            spans = {id(n): proximity.spans_in(n, docs, self.leaf_spans) for n in nodes}
            test = proximity.sentence_test(child, lambda n: spans[id(n)], self.docs)
            alone, cut = set(), docs
        found = {d: {0} for d in alone & self.unit_docs(child)}
        session, lang, pn = self.session, lang_arg(self.lang), self.session.pn
        for d in cut:
            text = session.doc_text(d, "title" if pn[d] == 0 else "text")
            where = proximity.sentences_where(test, d, sentence_bounds(text, lang))
            if where:
                found[d] = where
        return found

    def closeness(self, node: Near | Scope, docs: set[int]) -> dict[int, float]:
        """How closely a NEAR (or a SENTENCE(...)) matched in each of ``docs``, for ranking:
        each match weighs :func:`~newsgrep.proximity.closeness` of its gap (a sentence: 1)."""
        if isinstance(node, Near):
            found = self.near_found(node)
            return {d: sum(proximity.closeness(gap) for _s, _e, gap in found[d])
                    for d in docs if d in found}  # fmt: skip
        if node.unit != "sentence":
            return {}
        found = self.scope_found(node)
        return {d: float(len(found[d])) for d in docs if d in found}

    def check_expansions(self, q: Node) -> None:
        """Raise QueryError when a prefix, wildcard or fuzzy word stands for too many
        words, or when the query's phrases are made of words too common to match in time."""
        work = 0
        for leaf in leaves(q):
            if isinstance(leaf, MULTI_TERMS) and leaf.field == "text":
                self.session.expansions(leaf)
            elif isinstance(leaf, Phrase) and leaf.field == "text":
                rarest = min(self.session.doc_frequency("text", w) for w in leaf.words)
                work += rarest * len(leaf.words)
                if work > MAX_PHRASE_WORK:
                    shown = " ".join(leaf.words)
                    raise QueryError(
                        f'the phrase "{shown}" is made of words too common to match in time '
                        f"(each is in more than {rarest:,} paragraphs)",
                        hint="Add a rarer word to the phrase, or search its words without quotes.",
                    )


def _exact_leaf_filter(leaf: Leaf, lang: str | None) -> Callable[[str], bool] | None:
    """For --exact: a test a paragraph's text must pass for ``leaf`` to match there."""
    if isinstance(leaf, Term):
        word = leaf.text

        def test(text: str) -> bool:
            return word in analysis.terms(text, lang, stem=False)

        return test
    if isinstance(leaf, Phrase):
        words = list(leaf.words)

        def test(text: str) -> bool:
            found = analysis.terms(text, lang, stem=False)
            k = len(words)
            return any(found[i : i + k] == words for i in range(len(found) - k + 1))

        return test
    return None


def stem_leaf(leaf: Leaf, lang: str | None) -> Leaf:
    """The stemmed twin of an unstemmed (--exact) word or phrase, to fetch candidates."""
    norm = analysis.normalizer(lang)
    if isinstance(leaf, Term):
        return Term(leaf.field, norm.term(leaf.text)[1], boost=leaf.boost)
    if isinstance(leaf, Phrase):
        words = tuple(norm.term(w)[1] for w in leaf.words)
        return Phrase(leaf.field, words, slop=leaf.slop, boost=leaf.boost)
    return leaf


class _Part(Evaluator):
    """One language of an evaluation of several: the whole's sets, split by language."""

    def __init__(self, whole: Evaluator, lang: str):
        super().__init__(whole.session, lang, whole.restrict, whole.exact)
        self.whole = whole
        #: The whole's other languages.
        self.rest = tuple(other for other in whole.langs if other != lang)

    def split(self, docs: set[int]) -> set[int]:
        """Those of ``docs`` (within the whole's languages) of this language."""
        session = self.session
        if session.lang_size(self.rest) <= session.lang_size(self.langs):
            return docs.difference(*map(session.lang_docs, self.rest))
        return docs & session.lang_docs(self.lang)

    def split_counts(self, counts: dict[int, float], docs: set[int]) -> dict[int, float]:
        """A new dict: ``counts`` (of the whole's documents) for ``docs``, this language's."""
        if 2 * len(docs) >= len(counts):
            out = dict(counts)
            for d in counts.keys() - docs:
                del out[d]
            return out
        return {d: counts[d] for d in docs if d in counts}

    @functools.cached_property
    def heads(self) -> set[int]:
        return self.split(self.whole.heads)

    def docs(self, leaf: Leaf) -> set[int]:
        if leaf not in self.leaf_docs:
            self.leaf_docs[leaf] = self.split(self.whole.docs(leaf))
        return self.leaf_docs[leaf]

    def closeness(self, node: Near | Scope, docs: set[int]) -> dict[int, float]:
        return self.whole.closeness(node, docs)  # (docs: this language's, already)

    def articles_of(self, leaf: Leaf) -> set[int]:
        # (a headline carries its article's language: the whole's articles, split)
        if leaf not in self.leaf_articles:
            self.leaf_articles[leaf] = self.split(self.whole.articles_of(leaf))
        return self.leaf_articles[leaf]


# ---------------------------------------------------------------- one query, every language


@dataclass
class Matches:
    """What a query matched over every language of the index, before ranking."""

    articles: set[int] = field(default_factory=set)  # by their headline's document number
    docs: set[int] = field(default_factory=set)  # candidate paragraphs (and headlines)
    concepts: list[Concept] = field(default_factory=list)
    highlighter: Highlighter = field(default_factory=Highlighter)


def _analysis_key(lang: str) -> tuple:
    """What --exact tests of a language depend on besides the query: its analysis."""
    code = lang_arg(lang)
    return (
        analysis.STEMMERS.get(code or ""),
        analysis.ELISIONS.get(code or "", frozenset()),
        analysis.stopwords(code),
    )


def _counter(session: Session, docs: set[int]) -> Callable[[Leaf], dict[int, float]]:
    """A leaf's occurrences in ``docs``, counted once (never change the dicts)."""
    cache: dict[Leaf, dict[int, float]] = {}

    def counted(leaf: Leaf) -> dict[int, float]:
        if leaf not in cache:
            cache[leaf] = count_occurrences(leaf, session, docs)
        return cache[leaf]

    return counted


def language_groups(
    session: Session, text: str, exact: bool, names_only: dict[str, frozenset[str]]
) -> list[tuple[Node, tuple[str, ...]]]:
    """The query as each language of the index reads it, the languages that read it
    alike together: (query, languages), in the index's order of languages.

    An archive of one language has a few more detected in it (a list of
    names, a quotation); they mostly analyse a query as their neighbours do,
    and a group's postings are read and matched once.
    """
    groups: dict[tuple, list[str]] = {}
    for lang in session.langs:
        only = names_only.get(lang, frozenset())
        q = parse_for(text, lang, exact, only) if text.strip() else Every()
        if isinstance(q, Nothing):
            continue
        groups.setdefault((q, _analysis_key(lang) if exact else None), []).append(lang)
    return [(q, tuple(langs)) for (q, _key), langs in groups.items()]


def match(
    session: Session,
    text: str,
    restrict: set[int] | None,
    same_paragraph: bool,
    exact: bool,
    names: dict[str, frozenset[str]] | None = None,
) -> Matches:
    """Evaluate ``text`` over the articles of every language of the index, with each
    language's analysis: once for the languages that analyse it alike.

    ``restrict`` holds the headlines of the articles that pass the filters
    (None: every article); an empty ``text`` matches them all. Each language's
    articles are ranked by the rarity of the query's words in that language.
    ``names`` is :func:`names_by_language` as another session answers it (a part
    of the index is matched as the whole index would be).
    """
    found = Matches(highlighter=Highlighter(stem=not exact))
    pn = session.pn
    if names is not None:
        names_only = names
    else:
        names_only = {} if exact or not text.strip() else names_by_language(session, text)
    for q, langs in language_groups(session, text, exact, names_only):
        ev = Evaluator(session, langs, restrict, exact)
        if not ev.alone and not ev.heads:
            continue  # no article of these languages passes the filters
        ev.check_expansions(q)
        positives = positive_units(q)  # words and phrases, each NEAR or SENTENCE(...) whole
        # What chooses the paragraphs shown: the words, and what is asked of quotations.
        shown = positives + positive_leaves(q, QUOTE_FIELDS)
        if isinstance(q, Every):
            articles = set(ev.universe)
            docs = set()
        elif same_paragraph:
            docs = ev.paragraph_matches(q)
            articles = ev.articles_in(docs)
            if not shown:
                docs = set()
        else:
            articles = ev.articles(q)
            parts = []
            if articles:
                for leaf in shown:
                    if ev.articles_of(leaf) <= articles:  # all its paragraphs count
                        parts.append(ev.docs(leaf))
                    else:
                        parts.append({d for d in ev.docs(leaf) if d - pn[d] in articles})
            # (sets of the evaluator's cache are never changed in place)
            docs = parts[0] if len(parts) == 1 else set().union(*parts)
        if not articles:
            continue
        found.articles |= articles
        found.docs = found.docs | docs if found.docs else docs
        if not shown:
            continue
        marks = marks_for(shown, session)
        if not positives:
            for lang in langs:
                found.highlighter.by_lang[lang] = marks
            continue
        # The words of each NEAR and SENTENCE(...) count as words, and how closely
        # they matched counts besides.
        words = positive_leaves(q)
        closeness = [p for p in positives if isinstance(p, PROXIMITY)]
        if exact:  # ranked through the stems, as a search without --exact
            leaves_ = [stem_leaf(p, lang_arg(ev.lang)) for p in words]
            plain = Evaluator(session, langs, restrict, exact=False)
        else:
            leaves_, plain = words + closeness, ev
        if len(langs) == 1:
            found.concepts += find_concepts(plain, leaves_, docs, repeats(text, ev.lang, False))
            if exact and closeness:
                found.concepts += find_concepts(ev, closeness, docs)
            found.highlighter.by_lang[ev.lang] = marks
            continue
        counted = _counter(session, docs)  # once for the group, then split by language
        for lang in langs:
            part = plain.part(lang)
            if not part.heads:
                continue
            lang_docs = part.split(docs)
            if not articles & part.heads:
                continue
            found.concepts += find_concepts(
                part,
                leaves_,
                lang_docs,
                repeats(text, lang, False),
                lambda leaf, part=part, lang_docs=lang_docs, counted=counted: part.split_counts(
                    counted(leaf), lang_docs
                ),
            )
            if exact and closeness:
                found.concepts += find_concepts(ev.part(lang), closeness, lang_docs)
            found.highlighter.by_lang[lang] = marks
    return found


#: A capitalised query word is a name in a language where at least this many articles
#: have it as a name (its key), and they are at least half of those with its stem.
NAME_ARTICLES = 3
#: ... and another language's stem of it stands for a common word there when it is in
#: more than COMMON_RATIO times as many articles as the name is (and in COMMON_ARTICLES).
COMMON_RATIO = 4
COMMON_ARTICLES = 5


def names_by_language(session: Session, text: str) -> dict[str, frozenset[str]]:
    """For each language, the capitalised words of ``text`` that match there through their
    name key alone: names in another language of the index whose stem, in this one, is
    mostly a common word's (``Ford`` in English, not German ``fordern``; ``Kohl``, not
    ``Kohle``; ``Miller``, not French ``mille``)."""
    from .grammar import typed_names

    if len(session.langs) < 2:
        return {}
    words = typed_names(text)
    if not words:
        return {}
    whole = Evaluator(session, tuple(session.langs), None, exact=False)
    out: dict[str, set[str]] = {}
    for word in words:
        keys = variants.query_keys(word)
        if not keys:
            continue
        counts = {}
        for lang in session.langs:
            stems = analysis.terms(word, lang_arg(lang))
            if len(stems) != 1:
                continue
            ev = whole.part(lang)
            stem = len(
                ev.articles_of(Term("text", stems[0])) | ev.articles_of(Term("title", stems[0]))
            )
            named = set().union(*(ev.articles_of(Term("names", k)) for k in keys))
            counts[lang] = (stem, len(named))
        name_in = {
            lang for lang, (stem, named) in counts.items()
            if named >= NAME_ARTICLES and 2 * named >= stem
        }  # fmt: skip
        for lang, (stem, named) in counts.items():
            if stem >= COMMON_ARTICLES and stem > COMMON_RATIO * named and name_in - {lang}:
                out.setdefault(lang, set()).add(word)
    return {lang: frozenset(ws) for lang, ws in out.items()}


# ---------------------------------------------------------------- order and results


#: Occurrences and articles from which a query's scores are summed over arrays
#: (NumPy, imported then: its import takes longer than a small search).
ARRAY_WORK = 20_000
#: A query whose work (matching articles and occurrences) is under the archive's
#: documents divided by this reads the lengths it needs one by one.
FEW_DOCUMENTS = 25


def rank(
    session: Session, concepts: list[Concept], articles: set[int]
) -> tuple[Iterator[tuple[float, int]], ParagraphScores | dict[int, float]]:
    """(score, headline) of every matching article, best first, and the paragraphs'
    scores: an article's score is its BM25F as a whole plus its best paragraph's BM25.

    Small results are summed a posting at a time, large ones over arrays: the
    same operations in the same order, so the same scores to the last bit.
    """
    work = len(articles) + sum(len(o) for c in concepts for o in c.occurrences.values())
    # A few thousand documents of a large archive: their lengths are read one by
    # one (about a microsecond each) rather than whole columns (seven of them, a
    # value for every document: 25 ms at 100 MB, ten times that at 1 GB).
    ranker = Ranker(session, few=work * FEW_DOCUMENTS < session.doc_count_all())
    if work >= ARRAY_WORK:
        heads, scores, paragraphs = ranker.scored(concepts, articles)
        return ranked_arrays(session, heads, scores), paragraphs
    article_scores = ranker.articles(concepts, articles) if concepts else {}
    paragraphs = ranker.paragraphs(concepts)
    pn = session.pn
    best: dict[int, float] = {}
    get = best.get
    for d, score in paragraphs.items():
        head = d - pn[d]
        if score > get(head, 0.0):
            best[head] = score
    get_score, get_best = article_scores.get, best.get
    scored = [(get_score(h, 0.0) + BEST_PARAGRAPH_WEIGHT * get_best(h, 0.0), h) for h in articles]
    return ranked(session, scored), paragraphs


def ranked_arrays(session: Session, heads, scores) -> Iterator[tuple[float, int]]:
    """:func:`ranked` for arrays of headlines and their scores: the order found for all
    at once (by score, then tie key), the pairs made as they are read."""
    import numpy as np

    if len(heads):
        keys = session.np_values("tie", "Q", heads)
        if keys.all():
            for i in np.lexsort((keys, -scores)).tolist():
                yield float(scores[i]), int(heads[i])
            return
    yield from ranked(session, list(zip(scores.tolist(), heads.tolist(), strict=True)))


def ranked(session: Session, scored: list[tuple[float, int]]) -> Iterator[tuple[float, int]]:
    """Best score first; equal scores in the order of their tie keys (their ids, then
    their addresses: stable output, whatever order the index holds them in).

    Keys come from a column (an index without it reads the stored ids instead, and
    only for the ties that are reached: the caller usually wants the first page alone).
    """
    scored.sort(key=itemgetter(0), reverse=True)  # ties keep their order: sorting is stable
    ties = session.column_at("tie", "Q")  # (read for the ties reached only)
    start = 0
    while start < len(scored):
        end = start + 1
        while end < len(scored) and scored[end][0] == scored[start][0]:
            end += 1
        if end - start > 1:
            group = scored[start:end]
            if len(ties) > group[-1][1] and all(ties[h] for _s, h in group):
                yield from sorted(group, key=lambda p: ties[p[1]])
            else:
                yield from sorted(group, key=lambda p: _tie_key(session, p[1]))
        else:
            yield scored[start]
        start = end


def _tie_key(session: Session, head: int) -> tuple[str, str, int]:
    """The order of ties in an index without the tie column (format 9): stored fields."""
    aid = session.aid_at(head)
    fields = session.stored(head)
    return aid, fields.get("path", ""), fields.get("ord") or 0


def sort_by_date(
    session: Session, scored: Iterable[tuple[float, int]], newest: bool
) -> list[tuple[float, int]]:
    dated, undated = [], []
    for score, head in scored:
        date = session.stored(head).get("date")
        (dated if date else undated).append((date, score, head))
    dated.sort(key=lambda t: t[0], reverse=newest)
    return [(score, head) for _date, score, head in dated + undated]


def as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def article_docs(session: Session, head: int, docs: set[int]) -> list[int]:
    """Those of ``docs`` that belong to the article whose headline is ``head``, in order."""
    pn = session.pn
    end = len(pn)
    out = []
    d = head
    # An article's documents are consecutive, numbered from its headline.
    while d < end and pn[d] == d - head:
        if d in docs:
            out.append(d)
        d += 1
    return out


def article_hit(
    session: Session,
    head: int,
    score: float | None,
    docs: list[int],
    scores: dict[int, float],
    highlighter: Highlighter,
    context: int | tuple[int, int] = 0,
    max_count: int | None = None,
    with_quotes: bool = False,
) -> ArticleHit:
    """The article whose headline is ``head``, with the paragraphs among ``docs`` as hits.

    ``context``: paragraphs shown around each hit, (before, after) or both
    alike; ``max_count``: at most that many matching paragraphs, the first;
    ``with_quotes``: the article's quotations too (those the query's
    ``quote:`` words are in, when it has some).
    """
    fields = session.headline(head)
    paragraphs = fields["paragraphs"]
    pn = session.pn
    lang = fields.get("lang")
    title = fields.get("title", "")
    title_spans = highlighter.spans(title, lang, "title")
    hits: dict[int, Hit] = {}
    for d in docs:
        n = pn[d]
        if n == 0:
            hits[0] = Hit(0, title, round(scores.get(d, 0.0), 4), title_spans)
        elif n <= len(paragraphs):
            body = paragraphs[n - 1]
            hits[n] = Hit(
                n, body, round(scores.get(d, 0.0), 4), highlighter.spans(body, lang, "text")
            )
    if not hits:  # matched by filters or fields alone: show the headline
        hits[0] = Hit(0, title, 0.0, title_spans)
    if max_count is not None:
        hits = {n: hits[n] for n in sorted(hits)[:max_count]}
    before, after = (context, context) if isinstance(context, int) else context
    if before or after:
        for n in [n for n in hits if n > 0]:
            for k in range(max(1, n - before), min(len(paragraphs), n + after) + 1):
                if k not in hits:
                    hits[k] = Hit(k, paragraphs[k - 1], 0.0, [], context=True)
    path, address = shown_address(fields)
    ordinal = fields.get("ord")
    found = article_quotes(fields, highlighter) if with_quotes else []
    return ArticleHit(
        quotes=found,
        id=fields.get("aid", ""),
        path=path,
        title=title,
        score=None if score is None else round(score, 4),
        hits=[hits[n] for n in sorted(hits)],
        title_spans=title_spans,
        date=as_date(fields.get("date")),
        source=fields.get("source"),
        lang=lang,
        author=fields.get("author"),
        url=fields.get("url"),
        meta=stored_meta(fields),
        digest=fields.get("digest"),
        address=address,
        stale=staleness(fields),
        key=address_of(fields.get("path", ""), ordinal or 0, ordinal is not None),
    )


def article_quotes(fields: dict, highlighter: Highlighter) -> list[QuoteHit]:
    """The quotations stored with a headline, with what the query marks in each."""
    from . import quotes
    from .highlight import spans

    lang = fields.get("lang")
    asked = highlighter.by_lang.get(lang or "und", {}).get("quote")
    found = []
    for q in quotes.unpack(fields.get("quotes"), fields.get("title", ""), fields["paragraphs"]):
        if asked is not None and not spans(q.text, lang_arg(lang), asked, highlighter.stem):
            continue  # not the quotation whose words were asked for
        marked = highlighter.spans(q.text, lang, "title" if q.paragraph == 0 else "text")
        found.append(QuoteHit(q.paragraph, q.start, q.end, q.text, q.speaker,
                              q.speaker_as_written, q.kind, q.verb, marked))  # fmt: skip
    return found


def stored_meta(fields: dict) -> dict[str, str]:
    """A headline's other metadata ({} from an index of format 9 or 10, which has none)."""
    meta = fields.get("meta")
    if not isinstance(meta, dict):
        return {}
    return {str(k): str(v) for k, v in meta.items() if v is not None}


def shown_address(fields: dict) -> tuple[str, str]:
    """(path, address) of a headline's article as the user knows them (through their links)."""
    path = fields.get("shown") or fields.get("path", "")
    ordinal = fields.get("ord")
    return path, path if ordinal is None else address_of(path, ordinal, True)


def staleness(fields: dict) -> str | None:
    """ "changed" when the article's file changed since it was indexed, "deleted" when gone."""
    sig = fields.get("sig")
    path = fields.get("path", "")
    if not sig or not path.startswith("/"):  # (articles piped in have no file)
        return None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "deleted"
    except OSError:
        return None
    return None if sig.startswith(f"{st.st_mtime_ns}:{st.st_size}") else "changed"


def whole_article(session: Session, head: int, highlighter: Highlighter) -> ArticleHit:
    """Every paragraph of an article (for `show`): those the query matched are hits."""
    fields = session.headline(head)
    lang = fields.get("lang")
    blocks = [fields.get("title", ""), *fields["paragraphs"]]
    hits = []
    for n, text in enumerate(blocks):
        spans = highlighter.spans(text, lang, "title" if n == 0 else "text")
        hits.append(Hit(n, text, None, spans, context=not spans))
    article = article_hit(session, head, None, [], {}, highlighter)
    article.hits = hits
    return with_story(article, session.story_map())


def key_of(session: Session, head: int) -> str:
    """The canonical address of a headline's article: how the index's stories name it."""
    fields = session.headline(head)
    ordinal = fields.get("ord")
    return address_of(fields.get("path", ""), ordinal or 0, ordinal is not None)


def head_at(session: Session, address: str) -> int | None:
    """The headline document of the article at a canonical ``address`` (None: not there)."""
    heads = session.headlines_among(session.term_docs("path", address))
    if heads:
        return min(heads)
    path, ordinal = split_address(address)
    if ordinal is None:
        return None
    # A file's articles lie in its order: look for the ordinal by halves, not at all of them.
    heads = sorted(session.headlines_among(session.term_docs("path", path)))
    lo, hi = 0, len(heads)
    while lo < hi:
        mid = (lo + hi) // 2
        at = session.headline(heads[mid]).get("ord") or 0
        if at == ordinal:
            return heads[mid]
        if at < ordinal:
            lo = mid + 1
        else:
            hi = mid
    return None


#: Outlets named on the "also ran in" line; the rest are counted.
ALSO_RAN_SHOWN = 5


def with_story(article: ArticleHit, story_map: dict | None) -> ArticleHit:
    """``article`` with its story's id, its number of other copies and where they ran."""
    if story_map is None:
        return article
    story = story_map.get(article.key)
    if story is None:
        article.story = article.id
        return article
    article.story = story.id
    others = [c for c in story.copies if c.key != article.key]
    article.story_rank = next((i for i, c in enumerate(story.copies) if c.key == article.key), 0)
    first = story.copies[0]
    article.first_elsewhere = first.key != article.key and (first.source or None) != (
        article.source or None
    )
    article.copies_count = len(others)
    article.also_ran = [(c.source, c.key) for c in others]
    return article


def collapsed(
    ranking: Iterable[tuple[float, int]],
    build: Build,
    offset: int,
    limit: int | None,
    result: SearchResult,
    story_map: dict | None = None,
    session: Session | None = None,
    matching: set[int] | frozenset[int] = frozenset(),
) -> Iterator[ArticleHit]:
    """One result per distinct article and per distinct paragraph, best first.

    With ``story_map`` (address -> story) and ``session``, an article is
    also folded into the article shown for its story: the story's earliest
    copy that matches (``matching`` holds the matching headlines), shown
    where the best-ranked copy would be, with every other matching copy in
    its ``copies`` from the start.

    An article identical to one ranked above it is not shown: its path is
    added to that one's ``copies``, and ``result.collapsed`` counts it. A
    matching paragraph whose text was shown above is left out; an article
    left with nothing new counts as a copy of the article that showed its
    first repeated paragraph.

    Articles are given as they are built, each once the articles that tie
    with its score (where its exact copies are: they score alike) have been
    seen, so that a live copy can stand in for one whose file is gone.
    """
    by_digest: dict[str, ArticleHit] = {}
    by_story: dict[str, int] = {}  # story id -> the headline shown for it
    shown: dict[str, ArticleHit] = {}  # paragraph text -> article showing it
    pending: list[ArticleHit] = []  # kept, in the current group of equal scores
    kept = 0
    group_score = None
    for score, head in ranking:
        if score != group_score:
            for article in pending:
                yield article
            pending, group_score = [], score
        if limit and kept >= offset + limit:
            break
        story = story_map.get(key_of(session, head)) if story_map and session else None
        if story is not None and story.id in by_story:
            if by_story[story.id] != head:  # (not the copy shown already)
                result.collapsed += 1
            continue
        article = build(score, head)
        if story is not None:
            # The copies that match, all known now: the earliest is shown, here.
            members = [h for c in story.copies
                       if (h := head if c.key == article.key else head_at(session, c.key))
                       is not None and h in matching]  # fmt: skip
            shown_head = members[0] if members else head
            if shown_head != head:
                article = build(score, shown_head)
                result.collapsed += 1
            article.copies += [shown_address(session.headline(h))[1] for h in members
                               if h != shown_head]  # fmt: skip
            by_story[story.id] = shown_head
        first = by_digest.get(article.digest) if article.digest else None
        if (
            first is not None
            and first.stale == "deleted"
            and article.stale != "deleted"
            and any(a is first for a in pending)
        ):
            # A live copy of an article whose file is gone: it is the one shown.
            article.copies = [*first.copies, first.address]
            article.hits, article.repeated = first.hits, first.repeated
            pending[next(i for i, a in enumerate(pending) if a is first)] = article
            by_digest[article.digest] = article
            for text, holder in shown.items():
                if holder is first:
                    shown[text] = article
            result.collapsed += 1
            continue
        if first is None:
            fresh, repeated_in = [], None
            for hit in article.hits:
                key = hit.text if not hit.context and hit.text else None
                if key and key in shown:
                    repeated_in = repeated_in or shown[key]
                    article.repeated += 1
                else:
                    fresh.append(hit)
            if repeated_in is not None and not any(not h.context for h in fresh):
                first = repeated_in
            else:
                article.hits = fresh
        if first is not None:
            first.copies.append(article.address)
            result.collapsed += 1
            continue
        if article.digest:
            by_digest[article.digest] = article
        for hit in article.hits:
            if not hit.context and hit.text:
                shown.setdefault(hit.text, article)
        kept += 1
        if kept > offset:
            pending.append(article)
    yield from pending


def page(
    ranking: Iterable[tuple[float, int]], build: Build, offset: int, limit: int | None
) -> Iterator[ArticleHit]:
    """The articles from ``offset`` on, at most ``limit`` of them, every copy shown."""
    chosen = itertools.islice(ranking, offset, offset + limit if limit else None)
    return (build(score, head) for score, head in chosen)
