"""Did you mean: a corrected query, only when a query word is in no article as written.

The policy:

- a correction is looked for only when a search finds fewer than
  FEW_RESULTS articles, and proposed only when it finds more than the
  query as typed (with the same filters and ``--exact``);
- a word that occurs in the index (its term, in any language of the index)
  is never corrected: ``Witkoff`` is a word of the archive, not a typo of
  ``writeoff``;
- a word that occurs nowhere is replaced by the closest word of the
  query's languages (one edit for words of five letters or fewer, two for
  longer ones, the first letter kept; the nearest, then the commonest),
  written as articles write it: ``Ouchakof`` -> ``Ouchakov``. The query's
  languages are those where its other words occur, or else the archive's
  main ones;
- words longer than MAX_WORD letters, patterns, fields, numbers and dates
  are left as they are, so the work stays bounded.

Also here: :func:`empty_hints`, what to say when a filter explains why
nothing matched.
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
#: Longer words are not corrected (nor compared with every word of the index).
MAX_WORD = 30
#: At most this many words of a query are corrected.
MAX_CORRECTED = 8
#: A candidate must occur in at least this many paragraphs (in an archive of at least
#: SMALL_ARCHIVE paragraphs; in a smaller one, every word counts).
MIN_CANDIDATE_DOCS = 2
SMALL_ARCHIVE = 1000
#: A language with at least this share of the archive's articles is one of its main ones.
MAIN_LANGUAGE_SHARE = 0.1


def suggestion_for(
    archive: Archive,
    text: str,
    result: SearchResult,
    filters: Filters | None = None,
    exact: bool = False,
) -> Suggestion | None:
    """A corrected query for a search that found ``result``, if it finds more articles."""
    if result.total_articles >= FEW_RESULTS:
        return None
    try:
        better = corrected(archive.session, text)
        more = (
            archive.search(better, limit=1, filters=filters, exact=exact, highlight=False)
            if better
            else None
        )
    except NewsgrepError:  # a proposal that does not parse is no proposal
        return None
    if more is None or more.total_articles <= result.total_articles:
        return None
    return Suggestion(text, better, more.total_articles)


def _candidate_words(text: str):
    """(match, word) for the words of a query that a correction may replace."""
    protected = [m.span() for m in DATE_CLAUSE.finditer(text)]
    quoted = [m.span() for m in re.finditer(r'"[^"]*"', text)]
    for m in analysis.WORD.finditer(text):
        word = m.group()
        before, after = text[: m.start()], text[m.end() : m.end() + 1]
        if (
            any(a <= m.start() < b for a, b in protected)
            or word in OPERATORS
            or word.lower() in ("and", "or", "not")
            or after in (":", "*", "?", "~", "^")
            or re.search(r"\b(?:lang|source|date):\S*$", before)
            or any(c.isdigit() for c in word)
            or len(word) > MAX_WORD
        ):
            continue
        yield m, word, any(a <= m.start() < b for a, b in quoted)


def corrected(session: Session, text: str) -> str | None:
    """A corrected query, built from words that occur in the index, or None."""
    text = normalize_text(text)
    if session.doc_count() == 0:
        return None
    words = list(_candidate_words(text))
    missing = [(m, w) for m, w, _quoted in words if not _occurs(session, w)]
    if not missing or len(missing) > MAX_CORRECTED:
        return None
    present = [w for _m, w, _q in words if _occurs(session, w)]
    langs = _query_languages(session, present)
    changed = False
    out, last = [], 0
    for m, word in missing:
        fix = _closest_word(session, word, langs)
        if fix and analysis.fold(fix) != analysis.fold(word):
            out += [text[last : m.start()], fix]
            last = m.end()
            changed = True
    out.append(text[last:])
    return "".join(out) if changed else None


def _terms(word: str, lang: str) -> list[str]:
    return analysis.terms(word, lang_arg(lang))


def _occurs(session: Session, word: str) -> bool:
    """Whether ``word`` is a word of the archive: its term in some language's analysis,
    in that language's articles (French ``cocao`` gives the stem of English "Coca", which
    makes it no French word)."""
    for lang in session.langs:
        for term in _terms(word, lang):
            if any(session.doc_frequency(f, term) for f in TEXT_FIELDS) and _in_language(
                session, term, lang
            ):
                return True
    return False


def _query_languages(session: Session, present: list[str]) -> list[str]:
    """The languages where the query's other words all occur; every language when none do
    (or when the query has no other word)."""
    found = [
        lang
        for lang in session.langs
        if present
        and all(
            any(_in_language(session, term, lang) for term in _terms(word, lang))
            for word in present
        )
    ]
    return found or list(session.langs)


def _in_language(session: Session, term: str, lang: str) -> bool:
    docs = session.term_docs("text", term) | session.term_docs("title", term)
    if len(session.langs) == 1:
        return bool(docs)
    # (the documents of the smaller side are read: the other languages', or this one's)
    others = [other for other in session.langs if other != lang]
    if session.lang_size(others) <= session.lang_size([lang]):
        return bool(docs.difference(*map(session.lang_docs, others)))
    return not docs.isdisjoint(session.lang_docs(lang))


#: Candidates whose written forms are compared with the typed word, the closest first.
MAX_CANDIDATES = 20
#: Paragraphs read to tell how a term is written.
WRITTEN_FORM_DOCS = 8


def _closest_word(session: Session, word: str, langs: list[str]) -> str | None:
    """The word of the index written closest to ``word`` (within its allowed edits).

    Candidates are the index's terms close to the word's term (two edits)
    or sharing its first letters; each is compared, as it is written in the
    articles, with the word as typed (accents and case folded), so a typo of
    an ending (``negociatons``) and a missing letter (``cofee``) are
    measured as the user made them.
    """
    typed = analysis.fold(word)
    allowed = 1 if len(typed) <= 5 else 2
    candidates: dict[tuple[str, str], int] = {}
    least = MIN_CANDIDATE_DOCS if session.doc_count() >= SMALL_ARCHIVE else 1
    near: dict[str, set[str]] = {}  # (languages mostly give the word the same term)
    for lang in langs:
        terms = _terms(word, lang)
        if len(terms) != 1:
            continue
        term = terms[0]
        if term not in near:
            found = set(_near_terms(session, term, 2))
            found.update(session.expand_prefix("text", typed[: max(3, len(typed) // 2)], 300))
            near[term] = found - {term}
        for cand in near[term]:
            # A stem is the start of the words it stands for: the typed word
            # must start about as it does, and be about as long at least.
            if len(cand) > len(typed) + allowed or _distance(typed[: len(cand)], cand) > allowed:
                continue
            freq = session.doc_frequency("text", cand) + session.doc_frequency("title", cand)
            if freq >= least:
                candidates[cand, lang] = freq
    best: tuple[int, int, str] | None = None  # (distance, -frequency, form)

    def closeness(item) -> tuple[int, int]:
        # The typed letters the stem leaves unexplained, then how common it is.
        (cand, _lang), freq = item
        return len(typed) - len(cand) + 2 * _distance(typed[: len(cand)], cand), -freq

    ranked = sorted(candidates.items(), key=closeness)
    for (cand, lang), freq in ranked[:MAX_CANDIDATES]:
        if not _in_language(session, cand, lang):
            continue
        form = _written_form(session, cand, lang, typed)
        if not form:
            continue
        folded = analysis.fold(form)
        distance = _distance(typed, folded)
        if form.isupper() and not word.isupper():
            distance += 1  # an acronym (RGEN) is seldom what a word was typed for
        if distance > allowed:
            continue
        # Ties go to the letter missed, doubled or swapped rather than replaced, and to
        # a common word over a name for a word typed in lower case (cocao: cocoa, not Coca).
        name = form[:1].isupper() and not word[:1].isupper()
        key = (distance + 0.1 * _substitutions(typed, folded) + 0.5 * name, -freq)
        if best is None or key < best[:2]:
            best = (*key, form)
    if best is None:
        return None
    form = best[2]
    if word[:1].isupper() and form[:1].islower():
        form = form[:1].upper() + form[1:]
    return form


#: Terms read to find those near a word: the ones sharing its first two letters.
MAX_SCANNED = 20_000


def _near_terms(session: Session, term: str, maxdist: int) -> list[str]:
    """Terms of the body within ``maxdist`` edits of ``term`` that share its first two letters.

    (Typos in the first two letters are rare, and reading the terms that
    share them, no more than MAX_SCANNED, keeps the work bounded whatever
    the size of the archive.)
    """
    if len(term) < 3:
        return []
    near = []
    n = len(term)
    first, second = term[0], term[1]
    # The second letter may be the typo: dropped (so the third is in its
    # place), swapped with the third, or a key next to it.
    starts = {first + second, first + term[2]} | {first + v for v in "aeiouy"}
    starts |= {first + key for key in NEIGHBOURS.get(second, "")}
    budget = MAX_SCANNED
    letters = Counter(term)
    for start in sorted(starts):
        for cand in session.expand_prefix("text", start, budget):
            budget -= 1
            if (
                abs(len(cand) - n) <= maxdist
                # (an edit adds or takes away at most one letter of either word:
                # a cheap bound that spares most candidates the distance)
                and _bag_distance(letters, cand) <= maxdist
                and _distance(term, cand, maxdist) <= maxdist
            ):
                near.append(cand)
    return near


def _bag_distance(letters: Counter, word: str) -> int:
    """A lower bound of the edit distance: the letters one word has and the other lacks."""
    get = letters.get
    shared = sum(min(count, get(letter, 0)) for letter, count in Counter(word).items())
    return max(len(word), letters.total()) - shared


#: Keys next to each other (QWERTY, AZERTY and QWERTZ alike, the common ones): a typo's
#: usual neighbours.
NEIGHBOURS = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "wa", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "xa",
}  # fmt: skip


def _distance(a: str, b: str, cutoff: int | None = None) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one).

    With ``cutoff``, any distance above it may be given as cutoff + 1.
    """
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        if cutoff is not None and min(current) > cutoff:
            return cutoff + 1
        previous2, previous = previous, current
    return previous[-1]


def _substitutions(a: str, b: str) -> int:
    """How many letters are replaced, for words of one length (0 otherwise); two
    neighbours swapped are not."""
    if len(a) != len(b):
        return 0
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]]:
        return 0 if a[differ[1]] == b[differ[0]] else len(differ)
    return len(differ)


def _written_form(session: Session, term: str, lang: str, typed: str | None = None) -> str | None:
    """How ``term`` is written in the first paragraphs that have it: the form closest to
    ``typed`` (folded), else the commonest."""
    forms: Counter[str] = Counter()
    norm = analysis.normalizer(lang_arg(lang))
    start = term[:2]
    for fieldname in ("text", "title"):
        for docnum in session.first_docs(fieldname, term, WRITTEN_FORM_DOCS):
            text = session.doc_text(docnum, fieldname)
            for m in analysis.WORD.finditer(text):
                written = m.group()
                if start not in analysis.fold(written)[:4]:
                    continue  # (cheaply: only the words that may give the term)
                skip, found = norm.term(written)
                if found == term:
                    forms[written[skip:]] += 1
        if forms:
            break
    if not forms:
        return None
    if typed is not None:
        return min(forms, key=lambda f: (_distance(typed, analysis.fold(f)), -forms[f]))
    # Prefer forms without an apostrophe ("government" over "government's").
    return max(forms, key=lambda f: ("'" not in f and "’" not in f, forms[f]))


# ---------------------------------------------------------------- why nothing matched


def empty_hints(archive: Archive, text: str, result: SearchResult, filters: Filters) -> list[str]:
    """What explains that a search found nothing: a language, a source or dates the index lacks."""
    if result.total_articles:
        return []
    session = archive.session
    hints = []
    langs = set(session.langs)
    typed_langs = list(filters.langs) + re.findall(r"\blang:(\w+)", text)
    for lang in typed_langs:
        if lang.lower() not in langs:
            held = ", ".join(sorted(langs - {"und"})) or "none"
            hints.append(f"no article is in the language {lang!r} (the index holds: {held})")
    sources = list(filters.sources) + re.findall(r'\bsource:("[^"]*"|\S+)', text)
    lexicon = session.lexicon("source")
    for source in sources:
        name = source.strip('"')
        words = analysis.terms(name, None, stem=False)
        missing = [w for w in words if w not in lexicon]
        if missing:
            import difflib

            close = [c for w in missing for c in difflib.get_close_matches(w, lexicon, 3, 0.7)]
            hint = f"no source is named {name!r}"
            if close:
                hint += f" (sources hold these close words: {', '.join(sorted(set(close)))})"
            hints.append(hint)
    if filters.since or filters.until:
        first, last = session.date_range()
        if first and (
            (filters.since and filters.since > last) or (filters.until and filters.until < first)
        ):
            hints.append(
                f"no article is dated in that range (the index runs from {first} to {last})"
            )
    return hints
