"""Match spans: where a query matched in a headline or a paragraph, for search and show alike.

What a query marks is worked out once per query and language
(:class:`Highlighter`): the terms of its positive words (a prefix or fuzzy
word stands for the words it expands to in the index), its phrases as
sequences of terms, and the transliteration keys of the names it names.
A shown text is then re-read with its language's analysis, and the
written forms whose terms match are marked, so the spans always cover the
forms actually written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import analysis, variants
from .query import MULTI_TERMS, Leaf, Node, Phrase, lang_arg, positive_leaves

if TYPE_CHECKING:
    from .engine.reading import Session

Span = tuple[int, int]


@dataclass
class Marks:
    """What to highlight in one field: single words, and phrases as word sequences."""

    words: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)


def marks_for(leaves: Iterable[Leaf], session: Session) -> dict[str, Marks]:
    """Field -> what to highlight, with prefixes and fuzzy terms expanded."""
    marks: dict[str, Marks] = defaultdict(Marks)
    for leaf in leaves:
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
            {lang: marks_for(positive_leaves(q), session) for lang, q in queries_by_lang.items()},
            stem,
        )

    def add(self, lang: str, query: Node, session: Session) -> None:
        """What ``query`` (parsed for ``lang``) marks in articles of that language."""
        self.by_lang[lang] = marks_for(positive_leaves(query), session)

    def spans(self, text: str, lang: str | None, fieldname: str) -> list[Span]:
        """Spans of ``text`` (a headline for ``title``, a paragraph for ``text``) that matched."""
        marks = self.by_lang.get(lang or "und", {})
        if not marks:
            return []
        # A headline's or a paragraph's quotations are part of its text, their
        # speakers' names among its names.
        within = _joined(marks.get(fieldname), marks.get("quote"))
        names = _joined(marks.get("names"), marks.get("speaker"))
        return spans(text, lang_arg(lang), within, self.stem, names)


def _joined(a: Marks | None, b: Marks | None) -> Marks | None:
    if a is None or b is None:
        return a or b
    return Marks(a.words | b.words, a.phrases | b.phrases)


def spans(
    text: str,
    lang: str | None,
    marks: Marks | None,
    stem: bool = True,
    names: Marks | None = None,
) -> list[Span]:
    """Character spans of ``text`` that the query matched: words, phrases, name spellings."""
    if not text or not (marks or names):
        return []
    found = []
    if names and names.words:
        found += [(a, b) for key, _p, a, b in variants.variant_terms(text) if key in names.words]
    if not marks:
        return merge(found)
    tokens = list(analysis.analyze(text, lang, stem))
    found += [(a, b) for term, _p, a, b in tokens if term in marks.words]
    if marks.phrases:
        terms = [t[0] for t in tokens]
        for phrase in marks.phrases:
            k = len(phrase)
            for i in range(len(terms) - k + 1):
                if tuple(terms[i : i + k]) == phrase:
                    found.append((tokens[i][2], tokens[i + k - 1][3]))
    return merge(found)


def merge(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
