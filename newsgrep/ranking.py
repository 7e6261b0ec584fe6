"""Ranking: BM25F for whole articles and BM25 for their paragraphs.

An article is scored as a whole, with BM25F over its headline and body, the
occurrences of each word or phrase added up over its paragraphs and the
lengths taken as the article's. Each shown paragraph gets its own BM25
score with the same weights, and the best of them adds to its article's
score, since words found together in one paragraph are better evidence
than the same words spread over the article. Another spelling of a name
(the ``names`` field) counts at NAME_BOOST.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, repeat
from operator import eq, ne, sub
from typing import TYPE_CHECKING

from .query import MATCH_FIELDS, MULTI_TERMS, PROXIMITY, Leaf, Term, concept_key

if TYPE_CHECKING:
    import numpy as np

    from .engine.reading import Session
    from .matching import Evaluator

#: How much more a match in the headline counts than one in the body.
TITLE_BOOST = 2.0
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


@dataclass
class Concept:
    """One word, phrase or prefix of the query, looked for in headlines and bodies."""

    idf: float
    boost: float  # the user's boost (word^2) times how often the query repeats it
    occurrences: dict[str, dict[int, float]]  # field -> candidate docnum -> occurrences


def count_occurrences(leaf: Leaf, session: Session, docs: set[int]) -> dict[int, float]:
    """How often ``leaf`` occurs in each of ``docs`` that it matches.

    A word counts its occurrences, a prefix or wildcard those of every word it
    expands to, a phrase its matches.
    """
    found: dict[int, float] = {}
    get = found.get
    if isinstance(leaf, (*MULTI_TERMS, Term)):
        if isinstance(leaf, MULTI_TERMS):
            terms = session.expansions(leaf)
        else:
            terms = [(leaf.field, leaf.text)]
        for fieldname, text in terms:
            for ids, weights in session.term_blocks(fieldname, text):
                if len(terms) == 1 and docs.issuperset(ids):  # each document once
                    found.update(zip(ids, weights, strict=True))
                    continue
                for d, weight in zip(ids, weights, strict=True):
                    if d in docs:
                        found[d] = get(d, 0) + weight
        return found
    return session.phrase_counts(leaf, docs)


def find_concepts(
    ev: Evaluator,
    leaves: list[Leaf],
    docs: set[int],
    repeats: dict | None = None,
    counts: Callable[[Leaf], dict[int, float]] | None = None,
) -> list[Concept]:
    """The query's words and phrases, each with its rarity among the articles of
    the language and its occurrences in the candidate paragraphs ``docs``.

    ``repeats`` says how often the query asks for a concept, when more than
    once: its weight is multiplied by that (BM25's query-term frequency).
    ``counts`` gives a leaf's occurrences in ``docs`` (a new dict each time),
    when they are known already.
    """
    groups: dict[Leaf, list] = defaultdict(list)
    for leaf in leaves:
        groups[concept_key(leaf)].append(leaf)
    n = ev.article_count
    concepts = []
    for key, group in groups.items():
        if isinstance(key, PROXIMITY):
            concept = _closeness_concept(ev, key, docs, n)
            if concept is not None:
                concepts.append(concept)
            continue
        sets = [ev.articles_of(leaf) for leaf in group]
        df = len(sets[0]) if len(sets) == 1 else len(set().union(*sets))
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        body = [leaf for leaf in group if leaf.field == "text"]
        occurrences: dict[str, dict[int, float]] = {name: {} for name in MATCH_FIELDS}
        for leaf in group:
            found = counts(leaf) if counts else count_occurrences(leaf, ev.session, docs)
            field_occ = occurrences[leaf.field]
            if not field_occ:  # the field's first leaf: its counts as they are
                occurrences[leaf.field] = found
                continue
            for d, count in found.items():
                field_occ[d] = field_occ.get(d, 0.0) + count
        weight = (body or group)[0].boost * (repeats.get(key, 1) if repeats else 1)
        concepts.append(Concept(idf, weight, occurrences))
    return concepts


def _closeness_concept(ev: Evaluator, node, docs: set[int], n: int) -> Concept | None:
    """A NEAR or SENTENCE(...) as one more concept: its occurrences in a paragraph are its
    matches, each weighed by how close its words are (``Evaluator.closeness``), so that
    the closer they are, the higher the article ranks."""
    weights = ev.closeness(node, docs)
    df = len(ev.articles_of(node)) if weights else 0
    if not df:
        return None
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    pn = ev.session.pn
    occurrences: dict[str, dict[int, float]] = {name: {} for name in MATCH_FIELDS}
    for d, weight in weights.items():
        occurrences["title" if pn[d] == 0 else "text"][d] = weight
    return Concept(idf, 1.0, occurrences)


def _normalizer(length: float, average: float) -> float:
    return 1 - BM25_B + BM25_B * length / average if average else 1.0


class Ranker:
    """BM25F scores of articles and paragraphs from the occurrences of the concepts."""

    FIELD_WEIGHTS = {"title": TITLE_BOOST, "text": 1.0, "names": NAME_BOOST}

    def __init__(self, session: Session, few: bool = False) -> None:
        """``few``: the query touches few documents of the archive, so the lengths are
        read where they lie, for those documents alone (see ``Session.column_at``)."""
        self.pn = session.pn
        self.session = session
        self._column = session.column_at if few else session.column
        self.lengths = {name: self._column(f"alen_{name}", "I") for name in MATCH_FIELDS}
        articles = session.article_count() or 1
        paragraphs = session.paragraph_count() or 1
        title, text = session.field_length("title"), session.field_length("text")
        names = session.field_length("names")
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

    def articles(self, concepts: list[Concept], heads: set[int]) -> dict[int, float]:
        """BM25F over whole articles: occurrences added up over their paragraphs."""
        scores = dict.fromkeys(heads, 0.0)
        k1 = BM25_K1
        for concept in concepts:
            x: dict[int, float] = {}
            fields = sorted(concept.occurrences.items(), key=lambda item: -len(item[1]))
            for fieldname, occurrences in fields:
                per_article = by_article(occurrences, self.pn)
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

    def paragraphs(self, concepts: list[Concept]) -> dict[int, float]:
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
            length_bytes = self._column(fieldname, "B", lengths=True)
            byte_lengths = self.session.length_of_byte
            factor = weight * concept.boost * concept.idf
            # Lengths are kept as one byte: one normalizer per byte value.
            norms = [
                _normalizer(length if b else 0, average) for b, length in enumerate(byte_lengths)
            ]
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

    # ------------------------------------------------------------ all at once

    def scored(
        self, concepts: list[Concept], articles: set[int]
    ) -> tuple[np.ndarray, np.ndarray, ParagraphScores]:
        """The articles (headline document numbers), their scores (the whole article's
        BM25F plus its best paragraph's BM25) and the paragraphs' scores.

        The same sums as :meth:`articles` and :meth:`paragraphs`, in the same order
        of operations (so the same numbers to the last bit), done over arrays
        rather than one posting at a time: arrays of the documents the query
        touches, not of every document of the archive (seven million at 1 GB).
        """
        import numpy as np  # (here: its import takes longer than a small search)

        heads = np.fromiter(articles, dtype=np.int64, count=len(articles))
        if not concepts:
            no_docs = np.zeros(0, dtype=np.int64)
            return heads, np.zeros(len(heads)), ParagraphScores(no_docs, np.zeros(0))
        order = np.sort(heads)  # the articles in document order: where each is found
        pn = self.session.np_column("pn", "H")
        totals = self._article_array(concepts, order, pn)
        touched, paragraph = self._paragraph_array(concepts)
        best = np.zeros(len(order))
        if len(touched):
            at, inside = _positions(np, order, touched - pn[touched])
            np.maximum.at(best, at[inside], paragraph[inside])
        at = np.searchsorted(order, heads)
        scores = totals[at] + BEST_PARAGRAPH_WEIGHT * best[at]
        return heads, scores, ParagraphScores(touched, paragraph)

    def _article_array(self, concepts: list[Concept], order: np.ndarray, pn) -> np.ndarray:
        """:meth:`articles` as an array over ``order`` (the articles, sorted)."""
        import numpy as np

        scores = np.zeros(len(order))
        k1 = BM25_K1
        for concept in concepts:
            parts = []
            fields = sorted(concept.occurrences.items(), key=lambda item: -len(item[1]))
            for fieldname, occurrences in fields:
                if not occurrences:
                    continue
                ids, counts = _arrays(occurrences)
                found, inverse = _grouped(np, ids - pn[ids])
                per_article = np.bincount(inverse, weights=counts)  # (in the postings' order)
                nonzero = per_article != 0
                found, per_article = found[nonzero], per_article[nonzero]
                at, inside = _positions(np, order, found)
                found, per_article, at = found[inside], per_article[inside], at[inside]
                weight = self.FIELD_WEIGHTS[fieldname]
                average = self.article_average[fieldname]
                b, average = (BM25_B, average) if average else (0.0, 1.0)
                lengths = self.session.np_values(f"alen_{fieldname}", "I", found)
                parts.append((at, weight * per_article / (1 - b + b * lengths / average)))
            if not parts:
                continue
            touched = _distinct(np, [at for at, _ in parts])
            x = np.zeros(len(touched))
            for at, value in parts:  # (field by field, as the sums a posting at a time)
                x[np.searchsorted(touched, at)] += value
            scores[touched] += concept.boost * concept.idf * (x * (k1 + 1) / (x + k1))
        return scores

    def _paragraph_array(self, concepts: list[Concept]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`paragraphs` as arrays: the documents scored (in order) and their scores."""
        import numpy as np

        pairs = sorted(
            ((concept, fieldname, occurrences)
             for concept in concepts
             for fieldname, occurrences in concept.occurrences.items()),
            key=lambda pair: -len(pair[2]),
        )  # fmt: skip
        parts = []
        for concept, fieldname, occurrences in pairs:
            if not occurrences:
                continue
            weight = self.FIELD_WEIGHTS[fieldname]
            average = self.paragraph_average[fieldname]
            factor = weight * concept.boost * concept.idf
            norms = np.array(
                [
                    _normalizer(length if b else 0, average)
                    for b, length in enumerate(self.session.length_of_byte)
                ]
            )
            ids, counts = _arrays(occurrences)
            length_bytes = self.session.np_values(fieldname, "B", ids, lengths=True)
            x = counts / norms[length_bytes]
            parts.append((ids, factor * x * (BM25_K1 + 1) / (x + BM25_K1)))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        touched = _distinct(np, [ids for ids, _ in parts])
        scores = np.zeros(len(touched))
        for ids, value in parts:
            scores[np.searchsorted(touched, ids)] += value
        return touched, scores


class ParagraphScores:
    """The paragraphs' scores, read as a dict is (``get``): the documents scored, in
    order, and their scores."""

    def __init__(self, docs: np.ndarray, scores: np.ndarray) -> None:
        self._docs, self._scores = docs, scores

    def get(self, docnum: int, default: float = 0.0) -> float:
        at = int(self._docs.searchsorted(docnum))
        if at == len(self._docs) or self._docs[at] != docnum:
            return default
        value = float(self._scores[at])
        return value if value else default


def _grouped(np, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` in order, and where each key is among them (the keys of
    postings come in order, nearly always: then no sorting at all)."""
    order = None
    if len(keys) > 1 and not (keys[1:] >= keys[:-1]).all():
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
    first = _run_starts(np, keys)
    place = np.cumsum(first) - 1
    if order is not None:
        place[order] = place.copy()
    return keys[first], place


def _distinct(np, parts: list[np.ndarray]) -> np.ndarray:
    """The distinct numbers of arrays of them, in order."""
    if len(parts) == 1 and (len(parts[0]) < 2 or (parts[0][1:] > parts[0][:-1]).all()):
        return parts[0]
    values = np.sort(np.concatenate(parts))
    return values[_run_starts(np, values)]


def _run_starts(np, values: np.ndarray) -> np.ndarray:
    """Which of sorted ``values`` are the first of their run of equal ones."""
    first = np.empty(len(values), dtype=bool)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return first


def _positions(np, order: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``docs`` is in ``order`` (sorted), and which of them are there."""
    at = np.searchsorted(order, docs)
    inside = at < len(order)
    inside[inside] = order[at[inside]] == docs[inside]
    return at, inside


def _arrays(occurrences: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and occurrences, in the dict's order."""
    import numpy as np

    count = len(occurrences)
    ids = np.fromiter(occurrences.keys(), dtype=np.int64, count=count)
    return ids, np.fromiter(occurrences.values(), dtype=np.float64, count=count)


def _whole_numbers(occurrences: dict[int, float]) -> bool:
    return all(map(isinstance, occurrences.values(), repeat(int)))


def by_article(occurrences: dict[int, float], pn: array) -> dict[int, float]:
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
