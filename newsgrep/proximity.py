"""Proximity: NEAR and SENTENCE(...) worked out from where words are, for matching and marking.

A *span* is the first and last word position of a match inside one
paragraph (or headline): ``(p, p)`` for a word, ``(p, p + 2)`` for a phrase
of three words. Matching (:mod:`newsgrep.matching`) gets spans from the
index's positions, highlighting (:mod:`newsgrep.highlight`) from the text
it shows; both combine them here, so a paragraph is marked exactly where it
matched.

- ``a NEAR/N b``: a span of ``a`` and one of ``b`` that do not overlap, with
  at most N words between them, in either order (ONEAR: ``a`` first). The
  match is the span from the first word of the pair to the last.
- ``SENTENCE(q)``: ``q``'s boolean logic holds inside one sentence: each of
  its words and phrases counts where its span lies inside that sentence.
- How close a match is counts in the ranking: :func:`closeness`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container, Iterable

from .query import (
    And,
    AndMaybe,
    AndNot,
    Fuzzy,
    Near,
    Node,
    Not,
    Or,
    Prefix,
    Require,
    Scope,
    Term,
    Wildcard,
)

Span = tuple[int, int]
#: Spans of a node in one document (spans of a leaf, of an OR, of a NEAR).
SpansOf = Callable[[Node], list[Span]]
#: Spans of a leaf in each of some documents: (leaf, docs) -> {doc: spans}.
LeafSpans = Callable[[Node, set[int]], dict[int, list[Span]]]


def spans_in(node: Node, docs: set[int], leaf_spans: LeafSpans) -> dict[int, list[Span]]:
    """Where a word, a phrase, an OR of them or a NEAR matches in each of ``docs``."""
    if isinstance(node, Or):
        out: dict[int, list[Span]] = {}
        for child in node.children:
            for d, found in spans_in(child, docs, leaf_spans).items():
                out.setdefault(d, []).extend(found)
        return out
    if isinstance(node, Near):
        return {d: [(s, e) for s, e, _gap in found]
                for d, found in near_matches(node, docs, leaf_spans).items()}  # fmt: skip
    return leaf_spans(node, docs)


def near_matches(node: Near, docs: set[int], leaf_spans: LeafSpans) -> dict[int, list]:
    """(start, end, gap) of each match of a NEAR in each of ``docs`` where it matches."""
    left = spans_in(node.a, docs, leaf_spans)
    right = spans_in(node.b, docs & left.keys(), leaf_spans) if left else {}
    out = {}
    for d, found in right.items():
        pairs = near_pairs(left[d], found, node.distance, node.ordered)
        if pairs:
            out[d] = pairs
    return out


def closeness(gap: int) -> float:
    """The weight of a match with ``gap`` words between its parts: 1 when they touch,
    halved at two words apart, and less and less after."""
    return 2.0 / (2.0 + gap)


def near_pairs(left: list[Span], right: list[Span], distance: int, ordered: bool):
    """For each span of ``left``, its closest span of ``right`` within ``distance``
    words: (start, end, gap) of the pair, the pair's first word to its last."""
    out = []
    for s1, e1 in left:
        best = None
        for s2, e2 in right:
            if e1 < s2:
                gap = s2 - e1 - 1
            elif not ordered and e2 < s1:
                gap = s1 - e2 - 1
            else:
                continue
            if gap <= distance and (best is None or gap < best[2]):
                best = (min(s1, s2), max(e1, e2), gap)
        if best is not None:
            out.append(best)
    return out


def phrase_spans(positions: list[list[int]], slop: int = 1) -> list[Span]:
    """Spans of a phrase from the positions of each of its words: each word from 1 to
    ``slop`` positions after the one before it (as the index matches phrases)."""
    if not positions or not all(positions):
        return []
    later = [set(p) for p in positions[1:]]
    out = []
    for start in positions[0]:
        at = start
        for words in later:
            at = next((at + k for k in range(1, slop + 1) if at + k in words), None)
            if at is None:
                break
        if at is not None:
            out.append((start, at))
    return out


def sentence_of(bounds: tuple[int, ...], span: Span) -> int | None:
    """The sentence a span lies in (None: it crosses a boundary)."""
    first = bisect_right(bounds, span[0])
    return first if bisect_right(bounds, span[1]) == first else None


#: Where a node holds in one document: (doc, sentence bounds, every sentence) -> sentences.
SentenceTest = Callable[[int, tuple[int, ...], set[int]], set[int]]


def sentence_test(node: Node, spans_of: Callable[[Node], dict[int, list[Span]]],
                  docs_of: Callable[[Node], Container[int]]) -> SentenceTest:  # fmt: skip
    """A function giving the sentences of a document where ``node``'s boolean logic holds.

    ``spans_of`` gives the spans of a word, phrase or NEAR (:func:`is_span_node`) in
    each document, ``docs_of`` the documents where any other node holds (a field
    filter, a PARAGRAPH(...) inside): it then holds in each of their sentences. The
    query is turned into functions once, then run for each document.
    """
    if is_span_node(node):
        table = spans_of(node)

        def spans(d, bounds, every):
            found = set()
            for s, e in table.get(d, ()):
                first = bisect_right(bounds, s)
                if bisect_right(bounds, e) == first:
                    found.add(first)
            return found

        return spans
    if isinstance(node, And):
        parts = [sentence_test(c, spans_of, docs_of) for c in node.children]

        def both(d, bounds, every):
            out = every
            for part in parts:
                out = out & part(d, bounds, every)
                if not out:
                    break
            return out

        return both
    if isinstance(node, Or):
        parts = [sentence_test(c, spans_of, docs_of) for c in node.children]
        return lambda d, bounds, every: set().union(*(p(d, bounds, every) for p in parts))
    if isinstance(node, Not):
        part = sentence_test(node.child, spans_of, docs_of)
        return lambda d, bounds, every: every - part(d, bounds, every)
    if isinstance(node, AndNot):
        a, b = (sentence_test(n, spans_of, docs_of) for n in (node.a, node.b))
        return lambda d, bounds, every: a(d, bounds, every) - b(d, bounds, every)
    if isinstance(node, Require):
        a, b = (sentence_test(n, spans_of, docs_of) for n in (node.a, node.b))
        return lambda d, bounds, every: a(d, bounds, every) & b(d, bounds, every)
    if isinstance(node, AndMaybe):
        return sentence_test(node.a, spans_of, docs_of)
    if isinstance(node, Scope) and node.unit == "sentence":
        return sentence_test(node.child, spans_of, docs_of)
    docs = docs_of(node)
    return lambda d, bounds, every: every if d in docs else set()


def sentences_where(test: SentenceTest, d: int, bounds: tuple[int, ...]) -> set[int]:
    """The sentences of document ``d`` (cut at ``bounds``) where ``test`` holds."""
    return test(d, bounds, set(range(len(bounds) + 1)))


def is_span_node(node: Node) -> bool:
    """Whether a node has spans: a word, phrase or pattern of the text, a NEAR, or an OR
    of such nodes (a word typed is one: its headline, body and name-spelling leaves)."""
    if isinstance(node, Near):
        return True
    if isinstance(node, Or):
        return all(is_span_node(c) for c in node.children)
    return getattr(node, "field", None) in ("title", "text", "names")


def is_word_node(node: Node) -> bool:
    """Whether each span of a node is one word: a word or a pattern, or an OR of them."""
    if isinstance(node, Or):
        return all(is_word_node(c) for c in node.children)
    return isinstance(node, Term | Prefix | Wildcard | Fuzzy)


def span_nodes(node: Node) -> list[Node]:
    """The nodes whose spans ``sentences_where`` asks for (see :func:`is_span_node`), once."""
    found: dict[Node, None] = {}

    def walk(n: Node) -> None:
        if is_span_node(n):
            found[n] = None
        elif isinstance(n, And | Or):
            for child in n.children:
                walk(child)
        elif isinstance(n, Not | Scope):
            walk(n.child)
        elif isinstance(n, AndNot | AndMaybe | Require):
            walk(n.a)
            walk(n.b)

    walk(node)
    return list(found)


def windows(bounds: tuple[int, ...], sentences: Iterable[int], length: int) -> list[Span]:
    """The word spans of the given sentences of a text of ``length`` words."""
    cuts = [0, *bounds, length]
    return [(cuts[s], cuts[s + 1] - 1) for s in sorted(sentences)]
