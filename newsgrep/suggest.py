"""Did you mean: a corrected query made of words that occur in the index.

The policy: a correction is looked for only when a search finds fewer than
FEW_RESULTS articles, and proposed only when it finds more articles than
the query as typed.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from . import analysis
from .errors import NewsgrepError
from .query import DATE_CLAUSE, OPERATORS, TEXT_FIELDS, Filters, lang_arg, normalize_text
from .results import SearchResult, Suggestion

if TYPE_CHECKING:
    from .archive import Archive
    from .engine.reading import Session

#: Below this many matching articles, a corrected query is proposed if it finds more.
FEW_RESULTS = 3

#: A query word found in at most this many paragraphs may be a typo of a
#: word found in ten times as many.
RARE_WORD_DOCS = 3


def suggestion_for(
    archive: Archive, text: str, result: SearchResult, filters: Filters | None = None
) -> Suggestion | None:
    """A corrected query for a search that found ``result``, if it finds more articles."""
    if result.total_articles >= FEW_RESULTS:
        return None
    try:
        better = corrected(archive.session, text)
        more = archive.search(better, limit=1, filters=filters, highlight=False) if better else None
    except NewsgrepError:  # a proposal that does not parse is no proposal
        return None
    if more is None or more.total_articles <= result.total_articles:
        return None
    return Suggestion(text, better, more.total_articles)


def corrected(session: Session, text: str) -> str | None:
    """A corrected query, built from words that occur in the index, or None.

    Each query word that occurs nowhere in the index is replaced by the
    closest word that does (edit distance 1, or 2 for words of six letters
    or more), the most frequent one if several are as close, written as it
    is written in an article: ``Ouchakof`` -> ``Ouchakov``. A word found in
    very few paragraphs is replaced too when a close word is found in ten
    times as many.
    """
    text = normalize_text(text)
    if session.doc_count() == 0:
        return None
    changed = False
    out, last = [], 0
    protected = [m.span() for m in DATE_CLAUSE.finditer(text)]
    for m in analysis.WORD.finditer(text):
        word = m.group()
        before, after = text[: m.start()], text[m.end() : m.end() + 1]
        if (
            any(a <= m.start() < b for a, b in protected)
            or word in OPERATORS
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


def _closest_word(session: Session, word: str) -> str | None:
    best: tuple[int, str, str] | None = None  # (doc frequency, term, lang)
    for lang in session.langs:
        term = analysis.normalizer(lang_arg(lang)).term(word)[1]
        if not term:
            continue
        own = max(session.doc_frequency(f, term) for f in TEXT_FIELDS)
        if own > RARE_WORD_DOCS:
            return None  # a word of the index, not a typo
        maxdist = 2 if len(term) >= 6 else 1
        for fieldname in TEXT_FIELDS:
            for cand in session.terms_within(fieldname, term, maxdist, prefix=1):
                freq = session.doc_frequency(fieldname, cand)
                if cand != term and freq >= 10 * own and (best is None or freq > best[0]):
                    best = (freq, cand, lang)
    if best is None:
        return None
    _freq, term, lang = best
    return _written_form(session, term, lang)


def _written_form(session: Session, term: str, lang: str) -> str | None:
    """The commonest way ``term`` is written in the first paragraphs that have it."""
    forms: Counter[str] = Counter()
    for fieldname in ("text", "title"):
        for docnum in session.first_docs(fieldname, term, 20):
            text = session.doc_text(docnum, fieldname)
            for t, _pos, a, b in analysis.analyze(text, lang_arg(lang)):
                if t == term:
                    forms[text[a:b]] += 1
        if forms:
            break
    if not forms:
        return None
    # Prefer forms without an apostrophe ("government" over "government's").
    return max(forms, key=lambda f: ("'" not in f and "’" not in f, forms[f]))
