"""Match spans: where a query matched in a headline or a paragraph, for search and show alike.

What a query marks is worked out once per query and language
(:class:`Highlighter`): the terms of its positive words (a prefix or fuzzy
word stands for the words it expands to in the index), its phrases as
sequences of terms, and the transliteration keys of the names it names.
A shown text is then re-read with its language's analysis, and the
written forms whose terms match are marked, so the spans always cover the
forms actually written. The words of a NEAR, SENTENCE(...) or
PARAGRAPH(...) are marked only where it matched: inside the pair of a
NEAR, inside the sentence that holds them all (:mod:`newsgrep.proximity`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import analysis, proximity, variants
from .query import (
    MULTI_TERMS,
    PROXIMITY,
    Leaf,
    Near,
    Node,
    Phrase,
    Term,
    lang_arg,
    positive_leaves,
    positive_units,
)
from .query import leaves as all_leaves
from .sentences import sentence_bounds

if TYPE_CHECKING:
    from .engine.reading import Session

Span = tuple[int, int]

#: The entry of a marks table that holds NEARs and scopes (whatever their fields).
UNITS = "units"


@dataclass
class Marks:
    """What to highlight in one field: single words, and phrases as word sequences;
    in the UNITS entry, NEARs and scopes, and the words their patterns stand for."""

    words: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    units: list = field(default_factory=list)
    expanded: dict = field(default_factory=dict)


def marks_for(leaves: Iterable[Leaf], session: Session) -> dict[str, Marks]:
    """Field -> what to highlight, with prefixes and fuzzy terms expanded."""
    marks: dict[str, Marks] = defaultdict(Marks)
    for leaf in leaves:
        if isinstance(leaf, PROXIMITY):
            entry = marks[UNITS]
            entry.units.append(leaf)
            for inner in all_leaves(leaf):
                if isinstance(inner, MULTI_TERMS):
                    entry.expanded[inner] = frozenset(
                        t.decode("utf-8") if isinstance(t, bytes) else t
                        for _f, t in session.expansions(inner)
                    )
            continue
        if isinstance(leaf, Phrase):
            marks[leaf.field].phrases.add(tuple(leaf.words))
            continue
        found = (
            session.expansions(leaf) if isinstance(leaf, MULTI_TERMS) else [(leaf.field, leaf.text)]
        )
        for fieldname, term in found:
            marks[fieldname].words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return marks


class Highlighter:
    """The spans a query marks, from what it marks in each language of the index."""

    def __init__(self, by_lang: dict[str, dict[str, Marks]] | None = None, stem: bool = True):
        self.by_lang = by_lang if by_lang is not None else {}
        self.stem = stem

    @classmethod
    def for_query(
        cls, session: Session, queries_by_lang: dict[str, Node], stem: bool = True
    ) -> Highlighter:
        """A highlighter for parsed queries, one per index language."""
        return cls(
            {lang: marks_for(positive_units(q), session) for lang, q in queries_by_lang.items()},
            stem,
        )

    def add(self, lang: str, query: Node, session: Session) -> None:
        """What ``query`` (parsed for ``lang``) marks in articles of that language."""
        self.by_lang[lang] = marks_for(positive_units(query), session)

    def spans(self, text: str, lang: str | None, fieldname: str) -> list[Span]:
        """Spans of ``text`` (a headline for ``title``, a paragraph for ``text``) that matched."""
        marks = self.by_lang.get(lang or "und", {})
        if not marks:
            return []
        # A headline's or a paragraph's quotations are part of its text, their
        # speakers' names among its names.
        within = _joined(marks.get(fieldname), marks.get("quote"))
        names = _joined(marks.get("names"), marks.get("speaker"))
        return spans(text, lang_arg(lang), within, self.stem, names, marks.get(UNITS), fieldname)


def _joined(a: Marks | None, b: Marks | None) -> Marks | None:
    if a is None or b is None:
        return a or b
    return Marks(
        a.words | b.words, a.phrases | b.phrases, a.units + b.units, {**a.expanded, **b.expanded}
    )


def spans(
    text: str,
    lang: str | None,
    marks: Marks | None,
    stem: bool = True,
    names: Marks | None = None,
    units: Marks | None = None,
    fieldname: str = "text",
) -> list[Span]:
    """Character spans of ``text`` that the query matched: words, phrases, name spellings,
    and the words of NEARs and scopes where they matched."""
    if not text or not (marks or names or units):
        return []
    found = []
    if names and names.words:
        found += [(a, b) for key, _p, a, b in variants.variant_terms(text) if key in names.words]
    if not (marks or units):
        return merge(found)
    tokens = list(analysis.analyze(text, lang, stem))
    if units:
        found += _unit_spans(text, tokens, lang, units, fieldname)
    if not marks:
        return merge(found)
    found += [(a, b) for term, _p, a, b in tokens if term in marks.words]
    if marks.phrases:
        terms = [t[0] for t in tokens]
        for phrase in marks.phrases:
            k = len(phrase)
            for i in range(len(terms) - k + 1):
                if tuple(terms[i : i + k]) == phrase:
                    found.append((tokens[i][2], tokens[i + k - 1][3]))
    return merge(found)


def _unit_spans(text: str, tokens: list, lang: str | None, units: Marks,
                fieldname: str) -> list[Span]:  # fmt: skip
    """Character spans of the words of NEARs and scopes, where they matched in ``text``."""
    terms = [t[0] for t in tokens]
    keys: list | None = None

    def leaf_spans(leaf: Leaf, _docs) -> dict[int, list[proximity.Span]]:
        nonlocal keys
        if leaf.field == "names":
            if keys is None:
                keys = [(key, p) for key, p, _a, _b in variants.variant_terms(text)]
            found = [(p, p) for key, p in keys if key == leaf.text]
        elif leaf.field != fieldname:
            found = []
        elif isinstance(leaf, Term):
            found = [(i, i) for i, t in enumerate(terms) if t == leaf.text]
        elif isinstance(leaf, Phrase):
            where = [[i for i, t in enumerate(terms) if t == w] for w in leaf.words]
            found = proximity.phrase_spans(where, leaf.slop)
        else:
            words = units.expanded.get(leaf, frozenset())
            found = [(i, i) for i, t in enumerate(terms) if t in words]
        return {0: found} if found else {}

    def spans_of(node: Node) -> list[proximity.Span]:
        return proximity.spans_in(node, {0}, leaf_spans).get(0, [])

    out = []
    for unit in units.units:
        if isinstance(unit, Near):
            windows = spans_of(unit)
        else:
            bounds = sentence_bounds(text, lang) if unit.unit == "sentence" else ()
            test = proximity.sentence_test(unit.child, lambda n: {0: spans_of(n)}, lambda _n: {0})
            where = proximity.sentences_where(test, 0, bounds)
            windows = proximity.windows(bounds, where, len(terms))
        if not windows:
            continue
        for leaf in positive_leaves(unit):
            for s, e in spans_of(leaf):
                if e < len(tokens) and any(a <= s and e <= b for a, b in windows):
                    out.append((tokens[s][2], tokens[e][3]))
    return out


def merge(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
