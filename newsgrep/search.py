"""Searching the index: whole-article boolean logic, paragraph results.

A query is parsed once per language present in the index, with that
language's analysis. Its boolean structure is evaluated over *articles*: each
leaf (a word, a phrase, a field filter) gives the set of articles having at
least one paragraph that matches it, and AND / OR / NOT combine those sets.
The paragraphs shown are those of the matching articles that match a
positive word or phrase of the query; they are scored with BM25F (headline
weighted above body), and articles are ranked by the evidence of their
paragraphs.

This module and :mod:`newsgrep.index` are the only ones that import Whoosh.
Results leave as plain dataclasses.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis
from .errors import QueryError
from .index import HEADLINE, LangText, NewsTokenizer, open_index  # noqa: F401

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    from whoosh import query as wq
    from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
    from whoosh.qparser import MultifieldParser
    from whoosh.scoring import BM25F

#: How much more a match in the headline counts than one in the body.
TITLE_BOOST = 2.0
#: Default number of articles shown.
DEFAULT_LIMIT = 20
#: Weight of an article's other paragraphs next to its best one.
OTHER_PARAGRAPHS_WEIGHT = 0.3

TEXT_FIELDS = ("title", "text")


@dataclass
class Hit:
    """One matching paragraph (paragraph 0 is the headline)."""

    paragraph: int
    text: str
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)


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


@dataclass
class SearchResult:
    query: str
    articles: list[ArticleHit]
    total_articles: int  # matching articles, before --limit
    total_paragraphs: int  # matching paragraphs, before --limit


# ---------------------------------------------------------------- parsing


def check_syntax(text: str) -> None:
    """Raise QueryError for unbalanced quotes or parentheses."""
    if not text.strip():
        raise QueryError("the query is empty", hint='Try `newsgrep search "Witkoff"`.')
    depth = 0
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"unbalanced parenthesis in query: {text!r}")
    if quoted:
        raise QueryError(f"unbalanced quote in query: {text!r}")
    if depth:
        raise QueryError(f"unbalanced parenthesis in query: {text!r}")


def query_schema(lang: str | None) -> Schema:
    """The fields a query may name, analysed as in ``lang``."""
    return Schema(
        title=TEXT(analyzer=NewsTokenizer(lang)),
        text=TEXT(analyzer=NewsTokenizer(lang)),
        source=TEXT(analyzer=NewsTokenizer(None, stem=False)),
        lang=KEYWORD(lowercase=True),
        path=ID(),
        date=DATETIME(),
    )


def parse_query(text: str, lang: str | None):
    check_syntax(text)
    parser = MultifieldParser(
        list(TEXT_FIELDS), query_schema(lang), fieldboosts={"title": TITLE_BOOST}
    )
    try:
        q = parser.parse(text)
    except Exception as e:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {e}") from e
    return _drop_stopwords(q, _stop_terms(lang))


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
    return getattr(node, "fieldname", None) in TEXT_FIELDS


class _ArticleEvaluator:
    """Evaluates a parsed query over articles of one language."""

    def __init__(self, searcher, lang: str, aid_of) -> None:
        self.s = searcher
        self.lang_docs = set(searcher.docs_for_query(wq.Term("lang", lang)))
        self.aid_of = aid_of
        self.universe = {aid_of(d) for d in self.lang_docs}
        self.leaf_docs: dict = {}

    def docs(self, leaf) -> set[int]:
        key = repr(leaf)
        if key not in self.leaf_docs:
            self.leaf_docs[key] = set(self.s.docs_for_query(leaf)) & self.lang_docs
        return self.leaf_docs[key]

    def articles(self, node) -> set[str]:
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
            result = set(self.universe)
            for c in pos:
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
        return {self.aid_of(d) for d in self.docs(node)}


def positive_leaves(node, negated: bool = False) -> list:
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


def _highlight_terms(leaves, reader) -> dict[str, set[str]]:
    """Field -> index terms to highlight, with prefixes and fuzzy terms expanded."""
    terms: dict[str, set[str]] = defaultdict(set)
    for leaf in leaves:
        if isinstance(leaf, wq.MultiTerm):
            found = leaf.expanded_terms(reader)
        else:
            found = leaf.iter_all_terms(phrases=True)
        for fieldname, term in found:
            terms[fieldname].add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return terms


def _article_score(scores: list[float]) -> float:
    best = max(scores)
    return best + OTHER_PARAGRAPHS_WEIGHT * (sum(scores) - best)


def _spans(text: str, lang: str | None, terms: set[str]) -> list[tuple[int, int]]:
    if not terms or not text:
        return []
    return [(start, end) for term, _p, start, end in analysis.analyze(text, lang) if term in terms]


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def search(
    text: str,
    index_dir: Path | None = None,
    *,
    limit: int | None = DEFAULT_LIMIT,
    same_paragraph: bool = False,
) -> SearchResult:
    """Search the index for ``text`` (Whoosh query syntax).

    ``limit`` caps the number of articles returned (None or 0: all).
    ``same_paragraph`` makes every term match inside one paragraph.
    """
    check_syntax(text)
    ix = open_index(index_dir)
    with ix.searcher(weighting=BM25F()) as s:
        if s.doc_count() == 0:
            return SearchResult(text, [], 0, 0)
        langs = [t.decode() if isinstance(t, bytes) else t for t in s.lexicon("lang")]
        aid_column = s.reader().column_reader("aid")

        def aid_of(docnum: int) -> str:
            return aid_column[docnum]

        matched: set[str] = set()
        candidate_docs: set[int] = set()
        scoring = []
        terms_by_lang: dict[str, dict[str, set[str]]] = {}
        for lang in langs:
            q = parse_query(text, None if lang == "und" else lang)
            if isinstance(q, wq.NullQuery.__class__):
                continue
            ev = _ArticleEvaluator(s, lang, aid_of)
            positives = positive_leaves(q)
            if same_paragraph:
                docs = set(s.docs_for_query(q)) & ev.lang_docs
                articles = {aid_of(d) for d in docs}
                docs = {d for d in docs if positives}  # field-only queries show no text
            else:
                articles = ev.articles(q)
                docs = set()
                if articles:
                    for leaf in positives:
                        docs |= {d for d in ev.docs(leaf) if aid_of(d) in articles}
            if not articles:
                continue
            matched |= articles
            candidate_docs |= docs
            if positives:
                scoring.append(wq.Or(positives))
                terms_by_lang[lang] = _highlight_terms(positives, s.reader())

        scores: dict[int, float] = {}
        if scoring and candidate_docs:
            results = s.search(wq.Or(scoring), filter=candidate_docs, limit=None)
            for hit in results:
                scores[hit.docnum] = hit.score

        by_article: dict[str, list[int]] = defaultdict(list)
        for d in candidate_docs:
            by_article[aid_of(d)].append(d)
        ranked = []
        for aid in matched:
            docs = by_article.get(aid, [])
            score = _article_score([scores.get(d, 0.0) for d in docs]) if docs else 0.0
            ranked.append((score, aid))
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        total_articles = len(ranked)
        total_paragraphs = len(candidate_docs)
        if limit:
            ranked = ranked[:limit]

        articles: list[ArticleHit] = []
        for score, aid in ranked:
            head = s.document(pid=f"{aid}:0") or {}
            lang = head.get("lang")
            terms = terms_by_lang.get(lang, {})
            alang = None if lang == "und" else lang
            hits = []
            for d in sorted(by_article.get(aid, []), key=lambda d: s.stored_fields(d)["n"]):
                fields = s.stored_fields(d)
                n = fields["n"]
                if n == 0:
                    body, spans = (
                        head.get("title", ""),
                        _spans(head.get("title", ""), alang, terms.get("title", set())),
                    )
                else:
                    body = fields.get("text", "")
                    spans = _spans(body, alang, terms.get("text", set()))
                hits.append(Hit(n, body, round(scores.get(d, 0.0), 4), spans))
            title = head.get("title", "")
            articles.append(
                ArticleHit(
                    id=aid,
                    path=head.get("path", ""),
                    title=title,
                    score=round(score, 4),
                    hits=hits,
                    title_spans=_spans(title, alang, terms.get("title", set())),
                    date=_as_date(head.get("date")),
                    source=head.get("source"),
                    lang=lang,
                    author=head.get("author"),
                    url=head.get("url"),
                )
            )
    return SearchResult(text, articles, total_articles, total_paragraphs)
