"""Searching the index: whole-article boolean logic, paragraph results.

A query is parsed once per language present in the index, with that
language's analysis. Its boolean structure is evaluated over *articles*: each
leaf (a word, a phrase, a field filter) gives the set of articles having at
least one paragraph that matches it, and AND / OR / NOT combine those sets.
The paragraphs shown are those of the matching articles that match a
positive word or phrase of the query.

Ranking follows the same idea: an article is scored as a whole, with BM25F
over its headline and body, the occurrences of each word or phrase added up
over its paragraphs and the lengths taken as the article's. Each shown
paragraph gets its own BM25 score with the same weights, and the best of
them adds to its article's score, since words found together in one
paragraph are better evidence than the same words spread over the article.
Another spelling of a name (the ``names`` field) counts at NAME_BOOST.

This module and :mod:`newsgrep.index` are the only ones that import Whoosh.
Results leave as plain dataclasses.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import gc
import itertools
import math
import re
import sys
import unicodedata
import warnings
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import eq, itemgetter, ne, sub
from pathlib import Path

from . import analysis, variants
from .errors import QueryError
from .index import (
    HEADLINE,
    PARAGRAPH,
    NameKeyTokenizer,
    NewsTokenizer,
    guard_damage,
    open_index,
    unpack_paragraphs,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    from whoosh import query as wq
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
    from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
    from whoosh.util.numeric import byte_to_length

#: How much more a match in the headline counts than one in the body.
TITLE_BOOST = 2.0
#: Default number of articles shown.
DEFAULT_LIMIT = 20
#: BM25 saturation of repeated occurrences and strength of length normalisation
#: (the values usual in search engines).
BM25_K1 = 1.2
BM25_B = 0.75
#: Weight of an article's best paragraph next to the article as a whole (1: a
#: plain sum): words that come together in one paragraph say more than the
#: same words scattered over the article.
BEST_PARAGRAPH_WEIGHT = 1.0

#: How much a match through another spelling of a name counts, next to a
#: match of the word as written (1.0).
NAME_BOOST = 0.5

TEXT_FIELDS = ("title", "text")
MATCH_FIELDS = ("title", "text", "names")


@dataclass
class Hit:
    """One matching paragraph (paragraph 0 is the headline)."""

    paragraph: int
    text: str
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    context: bool = False  # shown for context (-C), not a match


@dataclass
class ArticleHit:
    """One matching article with its matching paragraphs, in reading order."""

    id: str
    path: str
    title: str
    score: float
    hits: list[Hit]
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    date: dt.date | None = None
    source: str | None = None
    lang: str | None = None
    author: str | None = None
    url: str | None = None
    digest: str | None = None  # of the article's text, to find exact copies
    copies: list[str] = field(default_factory=list)  # paths of copies not shown
    repeated: int = 0  # matching paragraphs left out: shown above, in another article


@dataclass
class SearchResult:
    query: str
    articles: list[ArticleHit]
    total_articles: int  # matching articles, before --limit
    total_paragraphs: int  # matching paragraphs, before --limit
    collapsed: int = 0  # articles not shown because they repeat one that is


# ---------------------------------------------------------------- parsing


_DANGLING = re.compile(r"^\s*(?:AND|OR)\b|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\s*\)*\s*$")
_EMPTY_FIELD = re.compile(r"(?<![\w:])(\w+):(?=\s|\)|$)")

#: Limits that keep any query within bounded time and memory.
MAX_QUERY_WORDS = 256
MAX_NESTING = 32
MAX_EXPANSIONS = 1000  # words a prefix, wildcard or fuzzy term may stand for
MAX_FUZZY_EDITS = 2


def check_syntax(text: str) -> None:
    """Raise QueryError for unbalanced quotes or parentheses, and for oversized queries."""
    if not text.strip():
        raise QueryError("the query is empty", hint='Try `newsgrep search "Witkoff"`.')
    words = sum(w not in _OPERATORS for w in analysis.WORD.findall(text))
    if words > MAX_QUERY_WORDS:
        raise QueryError(
            f"the query has {words:,} words; newsgrep takes at most {MAX_QUERY_WORDS}",
            hint="Split it into several searches.",
        )
    unquoted = re.sub(r'"[^"]*"', "Q", text)  # a phrase stands for one word
    if _DANGLING.search(unquoted):
        raise QueryError(
            f"the query starts or ends with an operator: {text!r}",
            hint="AND, OR and NOT join two words: `Witkoff OR Kushner`, `Witkoff NOT Kushner`.",
        )
    empty = _EMPTY_FIELD.search(unquoted)
    if empty:
        raise QueryError(
            f"{empty.group(1)}: has nothing after it in {text!r}",
            hint="Write the field and its value together: `title:Ukraine`.",
        )
    depth = 0
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(
                    f"the query nests parentheses more than {MAX_NESTING} deep",
                    hint="Simplify the grouping.",
                )
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"unbalanced parenthesis in query: {text!r}")
    if quoted:
        raise QueryError(f"unbalanced quote in query: {text!r}")
    if depth:
        raise QueryError(f"unbalanced parenthesis in query: {text!r}")


def query_schema(lang: str | None, stem: bool = True) -> Schema:
    """The fields a query may name, analysed as in ``lang``."""
    return Schema(
        title=TEXT(analyzer=NewsTokenizer(lang, stem)),
        text=TEXT(analyzer=NewsTokenizer(lang, stem)),
        names=TEXT(analyzer=NameKeyTokenizer(), phrase=False),
        source=TEXT(analyzer=NewsTokenizer(None, stem=False)),
        lang=KEYWORD(lowercase=True),
        path=ID(),
        date=DATETIME(),
    )


def parse_query(text: str, lang: str | None, stem: bool = True):
    """Parse ``text`` with the analysis of ``lang``; stopword terms are dropped."""
    check_syntax(text)
    # Plain words are looked for in the headline, the body and, written as
    # a name (capitalised or in Cyrillic), among the other spellings of names.
    fields = [*TEXT_FIELDS, "names"] if stem else list(TEXT_FIELDS)
    parser = MultifieldParser(
        fields, query_schema(lang, stem), fieldboosts={"title": TITLE_BOOST, "names": NAME_BOOST}
    )
    parser.add_plugin(FuzzyTermPlugin())
    try:
        q = parser.parse(text, normalize=False)
    except RecursionError as e:
        raise QueryError("the query is nested too deeply", hint="Simplify the grouping.") from e
    except Exception as e:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {e}") from e
    q = _clamp_fuzzy(q)
    tidied = _tidy_names(q)
    if not isinstance(tidied, wq.NullQuery.__class__):
        tidied = tidied.normalize()
    return _drop_stopwords(tidied, _stop_terms(lang))


def _clamp_fuzzy(q):
    """Bound the words a query can expand to.

    Fuzzy words allow at most MAX_FUZZY_EDITS edits (``Witkof~9`` counts as
    ``~2``) and keep their first letter, so only words starting with it are
    compared. A lone ``*`` is refused: it would match every article.
    """
    for leaf in [q] if q.is_leaf() else q.leaves():
        if isinstance(leaf, wq.FuzzyTerm):
            leaf.maxdist = min(leaf.maxdist, MAX_FUZZY_EDITS)
            leaf.prefixlength = max(leaf.prefixlength, 1)
        elif getattr(leaf, "fieldname", None) in TEXT_FIELDS and (
            isinstance(leaf, wq.Every)
            or (isinstance(leaf, wq.Wildcard) and not str(leaf.text).strip("*"))
        ):
            raise QueryError(
                "a lone * matches every article",
                hint="To list articles by date, source or language, search for the filter "
                "alone, e.g. `newsgrep search date:2025-12`.",
            )
    return q


def check_expansions(q, reader) -> None:
    """Raise QueryError when a prefix, wildcard or fuzzy word stands for too many words."""
    for leaf in [q] if q.is_leaf() else q.leaves():
        if isinstance(leaf, wq.MultiTerm) and getattr(leaf, "fieldname", None) == "text":
            _expansions(leaf, reader)


def _expansions(leaf, reader) -> list[tuple[str, bytes]]:
    """The (field, word) pairs a prefix, wildcard or fuzzy word stands for.

    Expanding walks the words of every segment; a search needs the list
    four times (the limit check, matching, ranking, highlighting), so it is
    kept with the reader.
    """
    cache = reader.__dict__.setdefault("_newsgrep_expansions", {})
    key = repr(leaf)
    if key not in cache:
        found = []
        for n, term in enumerate(leaf._btexts(reader), 1):
            if n > MAX_EXPANSIONS and getattr(leaf, "fieldname", None) == "text":
                raise QueryError(
                    f"{_pattern(leaf)} matches more than {MAX_EXPANSIONS:,} different words",
                    hint="Make it more specific: a longer prefix, fewer wildcards.",
                )
            found.append((leaf.fieldname, term))
        cache[key] = found
    return cache[key]


def _pattern(leaf) -> str:
    text = leaf.text.decode() if isinstance(leaf.text, bytes) else leaf.text
    if isinstance(leaf, wq.Prefix):
        return f"{text}*"
    if isinstance(leaf, wq.FuzzyTerm):
        return f"{text}~{leaf.maxdist}"
    return text


def _tidy_names(q):
    """Keep only single-key lookups in the ``names`` field, the only kind it answers.

    A word with several possible keys becomes an OR of them; phrases,
    prefixes and fuzzy words are left to the headline and body fields.
    """

    def tidy(node):
        if getattr(node, "fieldname", None) == "names":
            if isinstance(node, wq.Term):
                return node
            if isinstance(node, wq.Phrase):
                return None
            return None
        if (
            isinstance(node, wq.And)
            and node.subqueries
            and all(isinstance(c, wq.Term) and c.fieldname == "names" for c in node.subqueries)
        ):
            return wq.Or(node.subqueries, boost=node.boost)
        if isinstance(node, wq.CompoundQuery):
            kids = [k for k in (tidy(c) for c in node.subqueries) if k is not None]
            if not kids:
                return None
            return type(node)(kids, boost=node.boost) if len(kids) > 1 else kids[0]
        if isinstance(node, wq.Not):
            inner = tidy(node.query)
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, wq.AndNot | wq.AndMaybe | wq.Require):
            a, b = tidy(node.a), tidy(node.b)
            if a is None:
                return None
            return a if b is None else type(node)(a, b)
        return node

    tidied = tidy(q)
    return wq.NullQuery if tidied is None else tidied


def _stop_terms(lang: str | None) -> frozenset[str]:
    return frozenset(t for w in analysis.stopwords(lang) for t in analysis.terms(w, lang) if t)


def _drop_stopwords(q, stops: frozenset[str]):
    """Remove single stopword terms from a query, unless nothing else is left."""
    if not stops:
        return q

    def strip(node):
        if isinstance(node, wq.Term) and node.fieldname in TEXT_FIELDS:
            return None if node.text in stops else node
        if isinstance(node, wq.Or | wq.And) and not isinstance(node, wq.Not):
            kids = [k for k in (strip(c) for c in node.subqueries) if k is not None]
            if not kids:
                return None
            return type(node)(kids, boost=node.boost) if len(kids) > 1 else kids[0]
        return node

    stripped = strip(q)
    return q if stripped is None else stripped


# ---------------------------------------------------------------- evaluation


def _is_text_leaf(node) -> bool:
    return getattr(node, "fieldname", None) in MATCH_FIELDS


class _ArticleSets:
    """Evaluates a parsed query over articles; subclasses say which docs a leaf matches.

    An article is known by the document number of its headline.
    """

    universe: set[int]

    def docs(self, leaf) -> set[int]:  # pragma: no cover - abstract
        raise NotImplementedError

    def articles_of(self, leaf) -> set[int]:
        """Articles of the language with a paragraph (or headline) matching ``leaf``."""
        key = repr(leaf)
        if key not in self.leaf_articles:
            self.leaf_articles[key] = self.articles_in(self.docs(leaf))
        return self.leaf_articles[key]

    def articles_in(self, docs: set[int]) -> set[int]:  # pragma: no cover - abstract
        raise NotImplementedError

    def articles(self, node) -> set[int]:
        if isinstance(node, wq.Not):
            return self.universe - self.articles(node.query)
        if isinstance(node, wq.AndNot):
            return self.articles(node.a) - self.articles(node.b)
        if isinstance(node, wq.AndMaybe):
            return self.articles(node.a)
        if isinstance(node, wq.Require):
            return self.articles(node.a) & self.articles(node.b)
        if isinstance(node, wq.And):
            pos = [c for c in node.subqueries if not isinstance(c, wq.Not)]
            neg = [c.query for c in node.subqueries if isinstance(c, wq.Not)]
            result = set(self.articles(pos[0])) if pos else set(self.universe)
            for c in pos[1:]:
                result &= self.articles(c)
                if not result:
                    return result
            for c in neg:
                result -= self.articles(c)
            return result
        if isinstance(node, wq.Or | wq.DisjunctionMax):
            result = set()
            for c in node.subqueries:
                result |= self.articles(c)
            return result
        if isinstance(node, wq.NullQuery.__class__):
            return set()
        return self.articles_of(node)


def positive_leaves(node) -> list:
    """Word and phrase leaves of a query that are not under a NOT."""
    if isinstance(node, wq.Not):
        return []
    if isinstance(node, wq.AndNot):
        return positive_leaves(node.a)
    if isinstance(node, wq.AndMaybe | wq.Require):
        return positive_leaves(node.a) + positive_leaves(node.b)
    if isinstance(node, wq.CompoundQuery):
        return [leaf for c in node.subqueries for leaf in positive_leaves(c)]
    return [node] if _is_text_leaf(node) else []


@dataclass
class _Marks:
    """What to highlight in one field: single words, and phrases as word sequences."""

    words: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)


def _highlight_terms(leaves, reader) -> dict[str, _Marks]:
    """Field -> what to highlight, with prefixes and fuzzy terms expanded."""
    marks: dict[str, _Marks] = defaultdict(_Marks)
    for leaf in leaves:
        if isinstance(leaf, wq.Phrase):
            marks[leaf.fieldname].phrases.add(tuple(leaf.words))
            continue
        if isinstance(leaf, wq.MultiTerm):
            found = _expansions(leaf, reader)
        else:
            found = leaf.iter_all_terms(phrases=True)
        for fieldname, term in found:
            marks[fieldname].words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return marks


# ---------------------------------------------------------------- ranking


@dataclass
class _Concept:
    """One word, phrase or prefix of the query, looked for in headlines and bodies."""

    idf: float
    boost: float  # the user's boost (word^2)
    occurrences: dict[str, dict[int, float]]  # field -> candidate docnum -> occurrences


def _concept_key(leaf) -> str:
    plain = copy.copy(leaf)
    plain.fieldname = None
    plain.boost = 1.0
    return repr(plain)


def _term_blocks(reader, fieldname: str, text) -> list:
    """A term's postings a block at a time: (document numbers, weights) pairs.

    Whoosh's matchers hand out one posting per call; a common word has
    hundreds of thousands. Its posting blocks hold arrays of document numbers
    and weights (a word's weight is its number of occurrences), read here
    whole, once per search (matching and ranking both need them). Deleted
    documents are left out.
    """
    if isinstance(text, str):
        text = text.encode("utf-8")
    cache = reader.__dict__.setdefault("_newsgrep_blocks", {})
    if (fieldname, text) not in cache:
        cache[fieldname, text] = list(_read_blocks(reader, fieldname, text))
    return cache[fieldname, text]


def _read_blocks(reader, fieldname: str, text: bytes):
    for leaf, base in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        deleted = frozenset(leaf._perdoc.deleted_docs()) if leaf.has_deletions() else None
        m = leaf._terms.matcher(fieldname, text, leaf.schema[fieldname].format)
        if not isinstance(m, W3LeafMatcher):  # not expected from this codec
            m = leaf.postings(fieldname, text)
            pairs = list(m.items_as("weight"))
            yield [base + d for d, _w in pairs], [w for _d, w in pairs]
            continue
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids, weights = m._ids, m._weights
            if deleted:
                kept = [i for i, d in enumerate(ids) if d not in deleted]
                ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
            yield (ids if not base else list(map(base.__add__, ids))), weights
            m._next_block()


def _term_docs(reader, fieldname: str, text) -> set[int]:
    docs: set[int] = set()
    for ids, _weights in _term_blocks(reader, fieldname, text):
        docs.update(ids)
    return docs


def _occurrences(leaf, searcher, docs: set[int]) -> dict[int, float]:
    """How often ``leaf`` occurs in each of ``docs`` that it matches.

    A word counts its occurrences, a prefix or wildcard those of every word it
    expands to, a phrase its matches.
    """
    reader = searcher.reader()
    found: dict[int, float] = {}
    get = found.get
    if isinstance(leaf, wq.MultiTerm | wq.Term):
        if isinstance(leaf, wq.MultiTerm):
            terms = _expansions(leaf, reader)
        else:
            terms = [(leaf.fieldname, leaf.text)]
        for fieldname, text in terms:
            for ids, weights in _term_blocks(reader, fieldname, text):
                if len(terms) == 1 and docs.issuperset(ids):  # each document once
                    found.update(zip(ids, weights, strict=True))
                    continue
                for d, weight in zip(ids, weights, strict=True):
                    if d in docs:
                        found[d] = get(d, 0) + weight
        return found
    m = leaf.matcher(searcher)
    while m.is_active():
        d = m.id()
        if d in docs:
            try:
                found[d] = get(d, 0) + (len(m.spans()) or 1)
            except Exception:  # a matcher without positions: count the match once
                found[d] = get(d, 0) + 1
        m.next()
    return found


def _concepts(ev: _Evaluator, leaves: list, docs: set[int], searcher) -> list[_Concept]:
    """The query's words and phrases, each with its rarity among the articles of
    the language and its occurrences in the candidate paragraphs ``docs``."""
    groups: dict[str, list] = defaultdict(list)
    for leaf in leaves:
        groups[_concept_key(leaf)].append(leaf)
    n = ev.article_count
    concepts = []
    for group in groups.values():
        sets = [ev.articles_of(leaf) for leaf in group]
        df = len(sets[0]) if len(sets) == 1 else len(set().union(*sets))
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        body = [leaf for leaf in group if leaf.fieldname == "text"]
        occurrences: dict[str, dict[int, float]] = {name: {} for name in MATCH_FIELDS}
        for leaf in group:
            found = _occurrences(leaf, searcher, docs)
            field_occ = occurrences[leaf.fieldname]
            if not field_occ:  # the field's first leaf: its counts as they are
                occurrences[leaf.fieldname] = found
                continue
            for d, count in found.items():
                field_occ[d] = field_occ.get(d, 0.0) + count
        concepts.append(_Concept(idf, (body or group)[0].boost, occurrences))
    return concepts


def _normalizer(length: float, average: float) -> float:
    return 1 - BM25_B + BM25_B * length / average if average else 1.0


class _Ranker:
    """BM25F scores of articles and paragraphs from the occurrences of the concepts."""

    FIELD_WEIGHTS = {"title": TITLE_BOOST, "text": 1.0, "names": NAME_BOOST}

    def __init__(self, session: _Session) -> None:
        reader = session.reader
        self.reader = reader
        self.pn = session.pn
        self.session = session
        self.lengths = {name: session.column(f"alen_{name}", "I") for name in MATCH_FIELDS}
        articles = reader.doc_frequency("kind", HEADLINE) or 1
        paragraphs = reader.doc_frequency("kind", PARAGRAPH) or 1
        title, text = reader.field_length("title"), reader.field_length("text")
        names = reader.field_length("names")
        self.article_average = {
            "title": title / articles,
            "text": text / articles,
            "names": names / articles,
        }
        self.paragraph_average = {
            "title": title / articles,
            "text": text / paragraphs,
            "names": names / (articles + paragraphs),
        }

    def articles(self, concepts: list[_Concept], heads: set[int]) -> dict[int, float]:
        """BM25F over whole articles: occurrences added up over their paragraphs."""
        scores = dict.fromkeys(heads, 0.0)
        k1 = BM25_K1
        for concept in concepts:
            x: dict[int, float] = {}
            fields = sorted(concept.occurrences.items(), key=lambda item: -len(item[1]))
            for fieldname, occurrences in fields:
                per_article = _by_article(occurrences, self.pn)
                weight = self.FIELD_WEIGHTS[fieldname]
                average = self.article_average[fieldname]
                # (the normalizer written out, as it runs per article; 1 when
                # the field has no words at all, as _normalizer says)
                b, average = (BM25_B, average) if average else (0.0, 1.0)
                lengths = self.lengths[fieldname]
                if not x:
                    x = {
                        h: weight * count / (1 - b + b * lengths[h] / average)
                        for h, count in per_article.items()
                        if h in heads
                    }
                    continue
                get = x.get
                for h, count in per_article.items():
                    if h in heads:
                        x[h] = get(h, 0.0) + weight * count / (1 - b + b * lengths[h] / average)
            factor = concept.boost * concept.idf
            for h, value in x.items():
                scores[h] += factor * (value * (k1 + 1) / (value + k1))
        return scores

    def paragraphs(self, concepts: list[_Concept]) -> dict[int, float]:
        """BM25 of each candidate paragraph (or headline) on its own.

        A paragraph has one field, so the headline's weight multiplies its
        score: a headline match is worth TITLE_BOOST times a body match.
        """
        scores: dict[int, float] = {}
        # The largest first: it fills the empty table without a loop (below).
        pairs = sorted(
            ((concept, fieldname, occurrences)
             for concept in concepts
             for fieldname, occurrences in concept.occurrences.items()),
            key=lambda pair: -len(pair[2]),
        )  # fmt: skip
        for concept, fieldname, occurrences in pairs:
            weight = self.FIELD_WEIGHTS[fieldname]
            average = self.paragraph_average[fieldname]
            length_bytes = self.session.column(fieldname, "B", lengths=True)
            factor = weight * concept.boost * concept.idf
            # Lengths are kept as one byte: one normalizer per byte value.
            norms = [_normalizer(byte_to_length(b) if b else 0, average) for b in range(256)]
            rest = occurrences.items()
            if not scores and _whole_numbers(occurrences):
                # Most words occur once in a paragraph: their scores depend
                # on the length alone, and are looked up without a loop here.
                counts = occurrences.values()
                once = list(compress(occurrences, map(eq, counts, repeat(1))))
                by_length = [
                    factor * x * (BM25_K1 + 1) / (x + BM25_K1) for x in (1 / n for n in norms)
                ]
                lengths = map(length_bytes.__getitem__, once)
                scores = dict(zip(once, map(by_length.__getitem__, lengths), strict=True))
                rest = compress(occurrences.items(), map(ne, counts, repeat(1)))
            get = scores.get
            for d, count in rest:
                x = count / norms[length_bytes[d]]
                scores[d] = get(d, 0.0) + factor * x * (BM25_K1 + 1) / (x + BM25_K1)
        return scores


def _whole_numbers(occurrences: dict[int, float]) -> bool:
    return all(map(isinstance, occurrences.values(), repeat(int)))


def _by_article(occurrences: dict[int, float], pn: array) -> dict[int, float]:
    """Occurrences added up per article (by headline document number)."""
    heads = list(map(sub, occurrences, map(pn.__getitem__, occurrences)))
    if not _whole_numbers(occurrences):
        per_article: dict[int, float] = defaultdict(float)
        for h, count in zip(heads, occurrences.values(), strict=True):
            per_article[h] += count
        return per_article
    # Counted without a loop here: one per matching paragraph, then what
    # paragraphs with other counts add.
    per_article = Counter(heads)
    counts = occurrences.values()
    for h, count in compress(zip(heads, counts, strict=True), map(ne, counts, repeat(1))):
        per_article[h] += count - 1
    return per_article


def _spans(
    text: str,
    lang: str | None,
    marks: _Marks | None,
    stem: bool = True,
    names: _Marks | None = None,
) -> list[tuple[int, int]]:
    """Character spans of ``text`` that the query matched: words, phrases, name spellings."""
    if not text or not (marks or names):
        return []
    spans = []
    if names and names.words:
        spans += [(a, b) for key, _p, a, b in variants.variant_terms(text) if key in names.words]
    if not marks:
        return _merge(spans)
    tokens = list(analysis.analyze(text, lang, stem))
    spans += [(a, b) for term, _p, a, b in tokens if term in marks.words]
    if marks.phrases:
        terms = [t[0] for t in tokens]
        for phrase in marks.phrases:
            k = len(phrase)
            for i in range(len(terms) - k + 1):
                if tuple(terms[i : i + k]) == phrase:
                    spans.append((tokens[i][2], tokens[i + k - 1][3]))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# ---------------------------------------------------------------- filters

_DATE_CLAUSE = re.compile(r"(?<![\w:])date:(\[[^\]]*\]|\S+)", re.IGNORECASE)
_DATE_RANGE = re.compile(r"\[\s*([\d-]*)\s*\bto\b\s*([\d-]*)\s*\]", re.IGNORECASE)
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date(value: str, end: bool = False) -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (or, with ``end``, last) day."""
    m = _DATE_VALUE.match(value.strip())
    if not m:
        raise QueryError(
            f"not a date: {value!r}", hint="Write dates as YYYY, YYYY-MM or YYYY-MM-DD."
        )
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            first = dt.date(year, int(month), 1)
            if not end:
                return first
            following = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError as e:
        raise QueryError(
            f"not a date: {value!r} ({e})", hint="Write dates as YYYY, YYYY-MM or YYYY-MM-DD."
        ) from e


@dataclass
class Filters:
    """Restrictions on which articles may match, whatever the words."""

    since: dt.date | None = None
    until: dt.date | None = None
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()

    def narrowed(self, since: dt.date | None, until: dt.date | None) -> Filters:
        """These filters with a date range intersected in."""
        if since and (self.since is None or since > self.since):
            self.since = since
        if until and (self.until is None or until < self.until):
            self.until = until
        return self

    def query(self):
        """A Whoosh query for these filters, or None when there are none."""
        parts = []
        if self.since or self.until:
            start = dt.datetime.combine(self.since, dt.time.min) if self.since else None
            end = dt.datetime.combine(self.until, dt.time.max) if self.until else None
            parts.append(wq.DateRange("date", start, end))
        if self.sources:
            parts.append(wq.Or([_source_query(src) for src in self.sources]))
        if self.langs:
            for lang in self.langs:
                if not re.fullmatch(r"[A-Za-z]{2,3}", lang):
                    raise QueryError(
                        f"not a language code: {lang!r}",
                        hint="Give a two-letter ISO 639-1 code: fr, en, de, es, ru...",
                    )
            parts.append(wq.Or([wq.Term("lang", lang.lower()) for lang in self.langs]))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


def _source_query(name: str):
    words = analysis.terms(name, None, stem=False)
    if not words:
        raise QueryError(f"not a source name: {name!r}")
    return wq.Term("source", words[0]) if len(words) == 1 else wq.Phrase("source", words)


def split_date_clauses(text: str) -> tuple[str, dt.date | None, dt.date | None]:
    """Take ``date:...`` clauses out of a query; they filter the whole query.

    ``date:2025-12`` is the month, ``date:[2025-12-01 to 2025-12-31]`` a range
    (either end may be left out).
    """
    since = until = None
    for m in _DATE_CLAUSE.finditer(text):
        value = m.group(1)
        if value.startswith("["):
            bounds = _DATE_RANGE.fullmatch(value)
            if not bounds:
                raise QueryError(
                    f"not a date range: date:{value}",
                    hint="Write a range as date:[2025-12-01 to 2025-12-31].",
                )
            low, high = bounds.groups()
            lo = parse_date(low) if low else None
            hi = parse_date(high, end=True) if high else None
        else:
            lo, hi = parse_date(value), parse_date(value, end=True)
        if lo and (since is None or lo > since):
            since = lo
        if hi and (until is None or hi < until):
            until = hi
    return _DATE_CLAUSE.sub(" ", text), since, until


# ---------------------------------------------------------------- searching


class _Session:
    """An open searcher and what every step of a search needs from it.

    An article's documents are consecutive: its headline, then its
    paragraphs, each knowing its number (the ``pn`` column). So the headline
    of any document is ``docnum - pn[docnum]``, and paragraph ``n`` of an
    article is ``n`` documents after its headline. Columns are read whole,
    as arrays, once per search.
    """

    def __init__(self, searcher) -> None:
        self.s = searcher
        self.reader = searcher.reader()
        self.langs = [t.decode() if isinstance(t, bytes) else t for t in searcher.lexicon("lang")]
        self._columns: dict[str, array] = {}
        self.pn = self.column("pn", "H")
        self._aid_by_head: dict[int, str] = {}
        self._heads: dict[int, dict] = {}

    def column(self, name: str, typecode: str, lengths: bool = False) -> array:
        """A numeric column over every document (``lengths``: a field's length bytes)."""
        key = f"{name}:{lengths}"
        if key not in self._columns:
            out = array(typecode)
            for reader, base in self.reader.leaf_readers():
                out.extend([0] * (base - len(out)))
                out.extend(_column_array(reader, name, typecode, lengths))
            out.extend([0] * (self.reader.doc_count_all() - len(out)))
            self._columns[key] = out
        return self._columns[key]

    @functools.cached_property
    def all_heads(self) -> set[int]:
        """Every headline document."""
        return _term_docs(self.reader, "kind", HEADLINE)

    def head_of(self, docnum: int) -> int:
        return docnum - self.pn[docnum]

    def aid_at(self, head: int) -> str:
        """The id of the article whose headline is document ``head``."""
        aid = self._aid_by_head.get(head)
        if aid is None:
            aid = self._aid_by_head[head] = self.s.stored_fields(head).get("aid", "")
        return aid

    def headline(self, head: int) -> dict:
        """Stored fields of a headline document, with its paragraphs unpacked."""
        fields = self._heads.get(head)
        if fields is None:
            fields = dict(self.s.stored_fields(head))
            fields["paragraphs"] = unpack_paragraphs(fields.pop("paras", None))
            self._heads[head] = fields
        return fields

    def doc_text(self, docnum: int, fieldname: str) -> str:
        """The stored text of a document's field: the headline's title, a paragraph's text."""
        n = self.pn[docnum]
        head = self.headline(docnum - n)
        if n == 0:
            return head.get(fieldname) or "" if fieldname == "title" else ""
        paragraphs = head["paragraphs"]
        return paragraphs[n - 1] if fieldname == "text" and n <= len(paragraphs) else ""


def _column_array(reader, name: str, typecode: str, lengths: bool) -> array:
    """One segment's numeric column as an array, read at once rather than value by value."""
    doccount = reader.doc_count_all()
    perdoc = reader._perdoc
    if lengths:
        column_name, column = f"_{name}_len", LENGTHS_COLUMN
    else:
        column_name, column = name, reader.schema[name].column_type
    if not perdoc.has_column(column_name):
        return array(typecode, bytes(doccount * array(typecode).itemsize))
    col = perdoc.column_reader(column_name, column)
    out = array(typecode)
    out.frombytes(col._dbfile.get(col._basepos, col._count * col._fixedlen))
    if sys.byteorder == "little" and out.itemsize > 1:
        out.byteswap()  # columns are big-endian
    out.extend([col._default] * (doccount - len(out)))
    return out


def _exact_leaf_filter(leaf, lang: str | None):
    """For --exact: a test a paragraph's text must pass for ``leaf`` to match there."""
    if isinstance(leaf, wq.Term):
        word = leaf.text

        def test(text: str) -> bool:
            return word in analysis.terms(text, lang, stem=False)

        return test
    if isinstance(leaf, wq.Phrase):
        words = list(leaf.words)

        def test(text: str) -> bool:
            found = analysis.terms(text, lang, stem=False)
            k = len(words)
            return any(found[i : i + k] == words for i in range(len(found) - k + 1))

        return test
    return None


def _stem_leaf(leaf, lang: str | None):
    """The stemmed twin of an unstemmed (--exact) word or phrase, to fetch candidates."""
    norm = analysis.normalizer(lang)
    if isinstance(leaf, wq.Term):
        return wq.Term(leaf.fieldname, norm.term(leaf.text)[1], boost=leaf.boost)
    if isinstance(leaf, wq.Phrase):
        words = [norm.term(w)[1] for w in leaf.words]
        return wq.Phrase(leaf.fieldname, words, slop=leaf.slop, boost=leaf.boost)
    return leaf


class _Evaluator(_ArticleSets):
    """Article-level evaluation restricted by filters, optionally with exact words."""

    def __init__(self, session: _Session, lang: str, restrict: set[int] | None, exact: bool):
        self.session = session
        self.s = session.s
        self.lang = lang
        self.exact = exact
        self.restrict = restrict
        # One language and no filter: every document is in scope, and sets of
        # matches need no intersecting with the language's documents.
        self.alone = restrict is None and len(session.langs) == 1
        self.leaf_docs = {}
        self.leaf_articles: dict[str, set[int]] = {}

    def articles_in(self, docs: set[int]) -> set[int]:
        pn = self.session.pn
        return {d - pn[d] for d in docs}

    @functools.cached_property
    def lang_docs(self) -> set[int]:
        """Documents of the language (within the filters)."""
        pn, heads = self.session.pn, self.heads
        return {d for d in _term_docs(self.session.reader, "lang", self.lang) if d - pn[d] in heads}

    def within(self, docs: set[int]) -> set[int]:
        """Those of ``docs`` whose article is of the language and passes the filters."""
        if self.alone:
            return docs
        pn, heads = self.session.pn, self.heads
        return {d for d in docs if d - pn[d] in heads}

    @functools.cached_property
    def heads(self) -> set[int]:
        """Headline documents of the language's articles (within the filters)."""
        reader = self.session.reader
        heads = self.restrict if self.restrict is not None else self.session.all_heads
        if len(self.session.langs) > 1:
            lang_heads = _term_docs(reader, "lang", self.lang) & self.session.all_heads
            heads = heads & lang_heads
        return heads

    @functools.cached_property
    def universe(self) -> set[int]:
        """Every article of the language (within the filters): what NOT takes from."""
        return set(self.heads)

    @functools.cached_property
    def article_count(self) -> int:
        """Articles of the language, for the rarity (idf) of query words."""
        if self.alone:  # every headline is of this language: read the count
            return max(1, self.s.reader().doc_frequency("kind", HEADLINE))
        return max(1, len(self.heads))

    def docs(self, leaf) -> set[int]:
        key = repr(leaf)
        if key in self.leaf_docs:
            return self.leaf_docs[key]
        test = _exact_leaf_filter(leaf, _lang_arg(self.lang)) if self.exact else None
        fetch = _stem_leaf(leaf, _lang_arg(self.lang)) if test else leaf
        reader = self.session.reader
        if isinstance(fetch, wq.Term):
            docs = self.within(_term_docs(reader, fetch.fieldname, fetch.text))
        elif isinstance(fetch, wq.MultiTerm):
            docs = set()
            for fieldname, text in _expansions(fetch, reader):
                docs |= _term_docs(reader, fieldname, text)
            docs = self.within(docs)
        else:
            docs = self.within(set(self.s.docs_for_query(fetch)))
        if test:
            name = leaf.fieldname
            docs = {d for d in docs if test(self.session.doc_text(d, name))}
        self.leaf_docs[key] = docs
        return docs


def _lang_arg(lang: str | None) -> str | None:
    return None if lang in (None, "und") else lang


def _parse_for(text: str, lang: str | None, exact: bool):
    return parse_query(text, _lang_arg(lang), stem=not exact)


def _without_garbage_collection(fn):
    """Run ``fn`` with Python's cycle collector paused.

    A search for a common word makes a few hundred thousand numbers, sets
    and dict entries, and no reference cycles worth collecting; the
    collector's passes over them were a sixth of the search's time.
    """

    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@guard_damage
@_without_garbage_collection
def search(
    text: str,
    index_dir: Path | None = None,
    *,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
    same_paragraph: bool = False,
    exact: bool = False,
    filters: Filters | None = None,
    sort: str = "relevance",
    context: int = 0,
    collapse: bool = True,
    highlight: bool = True,
) -> SearchResult:
    """Search the index for ``text`` (Whoosh query syntax).

    ``limit`` caps the number of articles returned (None or 0: all) after
    skipping ``offset``. ``same_paragraph`` makes every term match inside one
    paragraph; ``exact`` matches written words (case and accents folded) with
    no stemming. ``filters`` and ``date:`` clauses restrict the articles;
    ``sort`` is ``relevance``, ``newest`` or ``oldest``; ``context`` adds that
    many paragraphs before and after each hit; ``collapse`` folds exact
    copies of articles and of paragraphs into the first one shown;
    ``highlight=False`` leaves out the match spans (counting needs none).
    """
    text = unicodedata.normalize("NFC", text)
    text, since, until = split_date_clauses(text)
    filters = (filters or Filters()).narrowed(since, until)
    if sort not in SORTS:
        raise QueryError(f"unknown sort order {sort!r}", hint=f"Use one of: {', '.join(SORTS)}.")
    filter_query = filters.query()
    if text.strip():
        check_syntax(text)
    elif filter_query is None:
        raise QueryError("the query is empty", hint='Try `newsgrep search "Witkoff"`.')
    ix = open_index(index_dir)
    with ix.searcher() as s:
        if s.doc_count() == 0:
            return SearchResult(text, [], 0, 0)
        session = _Session(s)
        # The headlines of the articles that pass the filters (metadata is
        # kept on headlines only).
        restrict = (
            {session.head_of(d) for d in s.docs_for_query(filter_query)}
            if filter_query is not None
            else None
        )
        matched: set[int] = set()  # articles, by their headline's document number
        pn = session.pn
        candidate_docs: set[int] = set()
        concepts: list[_Concept] = []
        terms_by_lang: dict[str, dict[str, _Marks]] = {}
        for lang in session.langs:
            q = _parse_for(text, lang, exact) if text.strip() else wq.Every()
            if isinstance(q, wq.NullQuery.__class__):
                continue
            ev = _Evaluator(session, lang, restrict, exact)
            if not ev.alone and not ev.heads:
                continue  # no article of this language passes the filters
            check_expansions(q, session.reader)
            positives = positive_leaves(q)
            if isinstance(q, wq.Every):
                articles = set(ev.universe)
                docs = set()
            elif same_paragraph:
                docs = _paragraph_matches(ev, q)
                articles = ev.articles_in(docs)
                if not positives:
                    docs = set()
            else:
                articles = ev.articles(q)
                parts = []
                if articles:
                    for leaf in positives:
                        if ev.articles_of(leaf) <= articles:  # all its paragraphs count
                            parts.append(ev.docs(leaf))
                        else:
                            parts.append({d for d in ev.docs(leaf) if d - pn[d] in articles})
                # (sets of the evaluator's cache are never changed in place)
                docs = parts[0] if len(parts) == 1 else set().union(*parts)
            if not articles:
                continue
            matched |= articles
            candidate_docs = candidate_docs | docs if candidate_docs else docs
            if positives:
                if exact:  # ranked through the stems, as a search without --exact
                    stemmed = [_stem_leaf(p, _lang_arg(lang)) for p in positives]
                    plain = _Evaluator(session, lang, restrict, exact=False)
                    concepts += _concepts(plain, stemmed, docs, s)
                else:
                    concepts += _concepts(ev, positives, docs, s)
                terms_by_lang[lang] = _highlight_terms(positives, session.reader)

        ranker = _Ranker(session)
        article_scores = ranker.articles(concepts, matched) if concepts else {}
        scores = ranker.paragraphs(concepts)
        best: dict[int, float] = {}
        get = best.get
        for d, score in scores.items():
            head = d - pn[d]
            if score > get(head, 0.0):
                best[head] = score
        get_score, get_best = article_scores.get, best.get
        ranked = [
            (get_score(h, 0.0) + BEST_PARAGRAPH_WEIGHT * get_best(h, 0.0), h) for h in matched
        ]
        total_articles = len(ranked)
        total_paragraphs = len(candidate_docs)
        ranked = _ranked(session, ranked)
        if sort != "relevance":
            ranked = _sort_by_date(session, ranked, newest=sort == "newest")

        end = len(pn)

        def build(score: float, head: int) -> ArticleHit:
            # An article's documents are consecutive, numbered from its headline.
            docs = []
            d = head
            while d < end and pn[d] == d - head:
                if d in candidate_docs:
                    docs.append(d)
                d += 1
            marks = terms_by_lang if highlight else {}
            return _article_hit(session, head, score, docs, scores, marks, exact, context)

        if collapse:
            articles, collapsed = _collapsed(ranked, build, offset, limit)
        else:
            page = itertools.islice(ranked, offset, offset + limit if limit else None)
            articles, collapsed = [build(score, head) for score, head in page], 0
    return SearchResult(text, articles, total_articles, total_paragraphs, collapsed)


def _collapsed(ranked, build, offset: int, limit: int | None) -> tuple[list[ArticleHit], int]:
    """One result per distinct article and per distinct paragraph, best first.

    An article identical to one ranked above it is not shown: its path is
    added to that one's ``copies``. A matching paragraph whose text was shown
    above is left out; an article left with nothing new counts as a copy of
    the article that showed its first repeated paragraph.
    """
    kept: list[ArticleHit] = []
    by_digest: dict[str, ArticleHit] = {}
    shown: dict[str, ArticleHit] = {}  # paragraph text -> article showing it
    collapsed = 0
    for score, aid in ranked:
        if limit and len(kept) >= offset + limit:
            break
        article = build(score, aid)
        first = by_digest.get(article.digest) if article.digest else None
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
            first.copies.append(article.path)
            collapsed += 1
            continue
        if article.digest:
            by_digest[article.digest] = article
        for hit in article.hits:
            if not hit.context and hit.text:
                shown.setdefault(hit.text, article)
        kept.append(article)
    return kept[offset:], collapsed


SORTS = ("relevance", "newest", "oldest")


def _paragraph_matches(ev: _Evaluator, q) -> set[int]:
    """--same-paragraph: docs matching the whole query (with --exact tests on leaves)."""
    if not ev.exact:
        return ev.within(set(ev.s.docs_for_query(q)))

    def docs(node) -> set[int]:
        if isinstance(node, wq.Not):
            return ev.lang_docs - docs(node.query)
        if isinstance(node, wq.And):
            out = set(ev.lang_docs)
            for c in node.subqueries:
                out &= docs(c)
            return out
        if isinstance(node, wq.Or):
            out = set()
            for c in node.subqueries:
                out |= docs(c)
            return out
        if isinstance(node, wq.AndNot):
            return docs(node.a) - docs(node.b)
        return ev.docs(node)

    return docs(q)


def _ranked(session: _Session, ranked: list[tuple[float, int]]):
    """Best score first; equal scores in the order of their article ids (stable output).

    Ids are looked up only for the ties that are reached: the caller
    usually wants the first page alone, and copies of an article tie.
    """
    ranked.sort(key=itemgetter(0), reverse=True)  # ties keep their order: sorting is stable
    start = 0
    while start < len(ranked):
        end = start + 1
        while end < len(ranked) and ranked[end][0] == ranked[start][0]:
            end += 1
        if end - start > 1:
            yield from sorted(ranked[start:end], key=lambda p: session.aid_at(p[1]))
        else:
            yield ranked[start]
        start = end


def _sort_by_date(session: _Session, ranked, newest: bool):
    dated, undated = [], []
    for score, head in ranked:
        date = session.s.stored_fields(head).get("date")
        (dated if date else undated).append((date, score, head))
    dated.sort(key=lambda t: t[0], reverse=newest)
    return [(score, head) for _date, score, head in dated + undated]


def _article_hit(session, first, score, docs, scores, terms_by_lang, exact, context) -> ArticleHit:
    head = session.headline(first)
    aid = head.get("aid", "")
    paragraphs = head["paragraphs"]
    pn = session.pn
    lang = head.get("lang")
    terms = terms_by_lang.get(lang, {})
    alang = _lang_arg(lang)
    stem = not exact
    title = head.get("title", "")
    names = terms.get("names")
    title_spans = _spans(title, alang, terms.get("title"), stem, names)
    hits: dict[int, Hit] = {}
    for d in docs:
        n = pn[d]
        if n == 0:
            hits[0] = Hit(0, title, round(scores.get(d, 0.0), 4), title_spans)
        elif n <= len(paragraphs):
            body = paragraphs[n - 1]
            spans = _spans(body, alang, terms.get("text"), stem, names)
            hits[n] = Hit(n, body, round(scores.get(d, 0.0), 4), spans)
    if not hits:  # matched by filters or fields alone: show the headline
        hits[0] = Hit(0, title, 0.0, title_spans)
    if context:
        for n in [n for n in hits if n > 0]:
            for k in range(max(1, n - context), min(len(paragraphs), n + context) + 1):
                if k not in hits:
                    hits[k] = Hit(k, paragraphs[k - 1], 0.0, [], context=True)
    return ArticleHit(
        id=aid,
        path=head.get("path", ""),
        title=title,
        score=round(score, 4),
        hits=[hits[n] for n in sorted(hits)],
        title_spans=title_spans,
        date=_as_date(head.get("date")),
        source=head.get("source"),
        lang=lang,
        author=head.get("author"),
        url=head.get("url"),
        digest=head.get("digest"),
    )


# ---------------------------------------------------------------- suggestions

#: A query word found in at most this many paragraphs may be a typo of a
#: word found in ten times as many.
RARE_WORD_DOCS = 3
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO"})


@guard_damage
def suggest(text: str, index_dir: Path | None = None) -> str | None:
    """A corrected query, built from words that occur in the index, or None.

    Each query word that occurs nowhere in the index is replaced by the
    closest word that does (edit distance 1, or 2 for words of six letters
    or more), the most frequent one if several are as close, written as it
    is written in an article: ``Ouchakof`` -> ``Ouchakov``. A word found in
    very few paragraphs is replaced too when a close word is found in ten
    times as many.
    """
    text = unicodedata.normalize("NFC", text)
    ix = open_index(index_dir)
    changed = False
    out, last = [], 0
    with ix.searcher() as s:
        if s.doc_count() == 0:
            return None
        session = _Session(s)
        protected = [m.span() for m in _DATE_CLAUSE.finditer(text)]
        for m in analysis.WORD.finditer(text):
            word = m.group()
            before, after = text[: m.start()], text[m.end() : m.end() + 1]
            if (
                any(a <= m.start() < b for a, b in protected)
                or word in _OPERATORS
                or after in (":", "*", "?", "~")
                or re.search(r"\b(?:lang|source|path|date):\S*$", before)
                or any(c.isdigit() for c in word)
            ):
                continue
            fix = _closest_word(session, word)
            if fix and fix != word:
                out += [text[last : m.start()], fix]
                last = m.end()
                changed = True
    out.append(text[last:])
    return "".join(out) if changed else None


def _closest_word(session: _Session, word: str) -> str | None:
    reader = session.reader
    best: tuple[int, str, str] | None = None  # (doc frequency, term, lang)
    for lang in session.langs:
        term = analysis.normalizer(_lang_arg(lang)).term(word)[1]
        if not term:
            continue
        own = max(reader.doc_frequency(f, term) for f in TEXT_FIELDS)
        if own > RARE_WORD_DOCS:
            return None  # a word of the index, not a typo
        maxdist = 2 if len(term) >= 6 else 1
        for fieldname in TEXT_FIELDS:
            for cand in reader.terms_within(fieldname, term, maxdist, prefix=1):
                freq = reader.doc_frequency(fieldname, cand)
                if cand != term and freq >= 10 * own and (best is None or freq > best[0]):
                    best = (freq, cand, lang)
    if best is None:
        return None
    _freq, term, lang = best
    return _written_form(session, term, lang)


def _written_form(session: _Session, term: str, lang: str) -> str | None:
    """The commonest way ``term`` is written in the first paragraphs that have it."""
    s = session.s
    forms: Counter[str] = Counter()
    for fieldname in ("text", "title"):
        for i, docnum in enumerate(s.docs_for_query(wq.Term(fieldname, term))):
            if i == 20:
                break
            text = session.doc_text(docnum, fieldname)
            for t, _pos, a, b in analysis.analyze(text, _lang_arg(lang)):
                if t == term:
                    forms[text[a:b]] += 1
        if forms:
            break
    if not forms:
        return None
    # Prefer forms without an apostrophe ("government" over "government's").
    return max(forms, key=lambda f: ("'" not in f and "’" not in f, forms[f]))


# ---------------------------------------------------------------- archive facts


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


@guard_damage
def archive_facts(index_dir: Path | None = None) -> ArchiveFacts:
    ix = open_index(index_dir)
    with ix.searcher() as s:
        facts = ArchiveFacts(0, 0, 0, [], Counter(), Counter(), 0)
        for rec in s.documents(kind="f"):
            facts.files += 1
            facts.articles += rec.get("narticles", 0)
            facts.paragraphs += rec.get("nparas", 0)
            facts.skipped_files += bool(rec.get("reason"))
        for head in s.documents(kind=HEADLINE):
            facts.langs[head.get("lang") or "und"] += 1
            if head.get("source"):
                facts.sources[head["source"]] += 1
            if head.get("date"):
                facts.dates.append(_as_date(head["date"]))
    return facts


@guard_damage
def paragraph_frequencies(terms_by_lang: dict[str, set[str]], index_dir: Path | None = None):
    """(paragraphs in the index, {(lang, term): paragraphs containing it})."""
    ix = open_index(index_dir)
    with ix.searcher() as s:
        reader = s.reader()
        total = sum(1 for _ in s.docs_for_query(wq.Term("kind", "p")))
        freqs = {
            (lang, term): reader.doc_frequency("text", term)
            for lang, terms in terms_by_lang.items()
            for term in terms
        }
    return total, freqs


@guard_damage
def find_articles(ref: str, index_dir: Path | None = None) -> list[dict]:
    """Articles by id or by file path: each as its headline fields plus ``paragraphs``."""
    ix = open_index(index_dir)
    with ix.searcher() as s:
        heads: list[int] = []
        if re.fullmatch(r"[0-9a-f]{12}", ref):
            heads = list(s.document_numbers(aid=ref, kind=HEADLINE))
        if not heads:
            import os

            for path in (ref, os.path.abspath(ref)):  # stdin:URL paths are kept as they are
                heads = list(s.document_numbers(path=path, kind=HEADLINE))
                if heads:
                    break
        out = []
        for head in heads:
            fields = dict(s.stored_fields(head))
            paragraphs = unpack_paragraphs(fields.pop("paras", None))
            out.append({**fields, "date": _as_date(fields.get("date")), "paragraphs": paragraphs})
    return sorted(out, key=lambda article: article["aid"])


def highlight(text: str, query: str, lang: str | None, field_name: str = "text"):
    """Spans of ``text`` matched by the words and phrases of ``query`` (for `show`)."""
    text_q, _since, _until = split_date_clauses(unicodedata.normalize("NFC", query))
    q = parse_query(text_q, _lang_arg(lang))
    marks: dict[str, _Marks] = defaultdict(_Marks)
    for leaf in positive_leaves(q):
        if isinstance(leaf, wq.Phrase):
            marks[leaf.fieldname].phrases.add(tuple(leaf.words))
        elif isinstance(leaf, wq.Term):
            marks[leaf.fieldname].words.add(leaf.text)
    return _spans(text, _lang_arg(lang), marks.get(field_name), names=marks.get("names"))
