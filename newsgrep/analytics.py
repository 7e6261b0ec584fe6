"""Counting over search results: attention over time, top sources, names and words.

Works on the plain results of :mod:`newsgrep.results` and on what an
:class:`~newsgrep.archive.Archive` knows of the whole index; no
search-engine code here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import analysis
from .results import ArticleHit, QuoteHit
from .variants import person_groups

if TYPE_CHECKING:
    from .archive import Archive

PERIODS = ("day", "week", "month", "year")


def period_start(d: dt.date, by: str) -> dt.date:
    if by == "day":
        return d
    if by == "week":  # ISO weeks start on Monday
        return d - dt.timedelta(days=d.weekday())
    if by == "month":
        return d.replace(day=1)
    if by == "year":
        return d.replace(month=1, day=1)
    raise ValueError(f"unknown period {by!r}")


def next_period(d: dt.date, by: str) -> dt.date:
    if by == "day":
        return d + dt.timedelta(days=1)
    if by == "week":
        return d + dt.timedelta(days=7)
    if by == "month":
        return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return dt.date(d.year + 1, 1, 1)


def period_label(d: dt.date, by: str) -> str:
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if by == "year":
        return f"{d.year:04d}"
    return d.isoformat()


def fold_stories(articles: Iterable[ArticleHit]) -> list[ArticleHit]:
    """One article per story: its earliest copy among ``articles`` (the others' order kept).

    Articles of no story (an index without stories) stay; exact copies too
    short to be grouped are folded by their digest.
    """
    best: dict[str, ArticleHit] = {}
    order: list[str] = []
    for a in articles:
        key = a.story if a.copies_count else (a.digest or a.key or a.address)
        if key is None:
            key = a.key or a.address
        got = best.get(key)
        if got is None:
            best[key] = a
            order.append(key)
        elif a.story_rank < got.story_rank:
            best[key] = a
    return [best[k] for k in order]


def story_dates(facts) -> list[dt.date]:
    """The archive's dates counted once per story (its copies' dates taken out)."""
    left = Counter(facts.dates)
    left.subtract(Counter(facts.copy_dates))
    return list(left.elements())


@dataclass
class Period:
    label: str
    start: dt.date
    articles: int  # matching articles dated in this period
    paragraphs: int  # their matching paragraphs
    total: int  # all articles of the archive dated in this period

    @property
    def share(self) -> float:
        return self.articles / self.total if self.total else 0.0


def timeline(
    articles: Iterable[ArticleHit], archive_dates: Iterable[dt.date], by: str
) -> tuple[list[Period], int]:
    """Matching articles and paragraphs per period, every period from first to last.

    Returns (periods, undated): undated counts matching articles with no date.
    """
    hits: Counter[dt.date] = Counter()
    paras: Counter[dt.date] = Counter()
    undated = 0
    for a in articles:
        if a.date is None:
            undated += 1
            continue
        start = period_start(a.date, by)
        hits[start] += 1
        paras[start] += sum(not h.context for h in a.hits)
    totals = Counter(period_start(d, by) for d in archive_dates)
    if not hits:
        return [], undated
    first, last = min(hits), max(hits)
    periods = []
    d = first
    while d <= last:
        periods.append(Period(period_label(d, by), d, hits[d], paras[d], totals[d]))
        d = next_period(d, by)
    return periods, undated


def quote_timeline(
    found: Iterable[tuple[ArticleHit, QuoteHit]], by: str
) -> tuple[list[Period], int]:
    """Quotations per period (``paragraphs``) and the articles they are in (``articles``).

    Returns (periods, undated): undated counts quotations of articles with no date.
    """
    quoted: Counter[dt.date] = Counter()
    seen: dict[dt.date, set[str]] = {}
    undated = 0
    for article, _q in found:
        if article.date is None:
            undated += 1
            continue
        start = period_start(article.date, by)
        quoted[start] += 1
        seen.setdefault(start, set()).add(article.address)
    if not quoted:
        return [], undated
    periods = []
    d, last = min(quoted), max(quoted)
    while d <= last:
        periods.append(Period(period_label(d, by), d, len(seen.get(d, ())), quoted[d], 0))
        d = next_period(d, by)
    return periods, undated


def top_speakers(found: Iterable[tuple[ArticleHit, QuoteHit]], limit: int = 20) -> list[TopRow]:
    """The people quoted most: quotations (``paragraphs``) and articles, per person.

    The spellings of one person across articles (``Iouri Ouchakov``, ``Yuri
    Ushakov``, ``Juri Uschakow``, ``Юрий Ушаков``) are one row, under the
    spelling with the most quotations (see :func:`newsgrep.variants.person_groups`).
    """
    quoted: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    for article, q in found:
        if q.speaker:
            quoted[q.speaker] += 1
            articles.setdefault(q.speaker, set()).add(article.address)
    rows = []
    for names in person_groups(dict(quoted))[:limit]:
        seen = set().union(*(articles[n] for n in names))
        rows.append(TopRow(names[0], len(seen), sum(quoted[n] for n in names)))
    return rows


@dataclass
class TopRow:
    key: str
    articles: int  # matching articles (or stories) with this key
    paragraphs: int = 0  # matching paragraphs with it (names, terms)
    lift: float | None = None  # how much more frequent than in the whole archive
    #: --by source: the share of the outlet's matching articles that copy a story
    #: another outlet ran first (None: the index has no stories).
    wire: float | None = None


def wire_shares(articles: Iterable[ArticleHit]) -> dict[str, float]:
    """Per source: the share of its matching articles that copy a story run first elsewhere."""
    total: Counter[str] = Counter()
    wire: Counter[str] = Counter()
    for a in articles:
        source = a.source or "(none)"
        total[source] += 1
        wire[source] += a.first_elsewhere
    return {s: wire[s] / n for s, n in total.items()}


def top_field(articles: list[ArticleHit], field: str, archive: Counter) -> list[TopRow]:
    """Matching articles per source or language, with the share of the archive's."""
    counts = Counter((getattr(a, field) or "(none)") for a in articles)
    total_matching = len(articles) or 1
    total_archive = sum(archive.values()) or 1
    rows = []
    for key, n in counts.most_common():
        base = archive.get(key, 0) / total_archive
        lift = (n / total_matching) / base if base else None
        rows.append(TopRow(key, n, lift=lift))
    return rows


_CAP = "[A-ZÀ-ÖØ-ÞА-ЯЁ]"
# A run of capitalised words ("Steve Witkoff", "Gordon Brown", "Le Monde"),
# possibly after an elided article ("d’Ouchakov").
# Initials and dotted acronyms stay whole: "U.S.", "J.P. Morgan".
_WORD = rf"{_CAP}[\w'’-]*(?:\.{_CAP}\b\.?)*"
_NAME = re.compile(rf"(?:\b\w{{1,6}}['’])?{_WORD}(?:[ \u00a0]+{_WORD}){{0,3}}")
_ALL_STOPS = frozenset().union(*analysis.STOPLISTS.values())
_ELIDED = re.compile(r"^\w{1,6}['’]")
# Capitalised words that are titles, months and days rather than names.
_NOT_NAMES = frozenset(
    analysis.fold(w)
    for w in """Mr Mrs Ms Dr M Mme Herr Frau Sir Lord President Président Minister
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche""".split()
)
_AFTER_TITLE = re.compile(r"\b(?:M|Mr|Mrs|Ms|Dr|Mme|St|Prof)\.\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;«»\"“”(]\s*)$")


def _is_filler(word: str) -> bool:
    if len(word) > 1 and word.isupper():
        return False  # an acronym (UN, US), even where it spells a stopword
    folded = analysis.fold(word)
    return folded in _ALL_STOPS or folded in _NOT_NAMES


def names_in(text: str) -> list[tuple[str, bool]]:
    """Capitalised names in ``text`` as (name, starts a sentence), titles and stopwords trimmed."""
    names = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        initial = bool(_SENTENCE_END.search(text[max(0, m.start() - 3) : m.start()]))
        if initial and _AFTER_TITLE.search(text[max(0, m.start() - 6) : m.start()]):
            initial = False  # "M. Witkoff", "Dr. Brown"
        first = _ELIDED.sub("", words[0])
        if first != words[0]:
            initial = False  # "d’Ouchakov": the elided word started the sentence, if any
            if not first[:1].isupper():
                words = words[1:]
            else:
                words[0] = first
        while words and _is_filler(words[0]):
            words = words[1:]
            initial = False
        while words and _is_filler(words[-1]):
            words = words[:-1]
        if words and all(w.isupper() for w in words) and (len(words) > 1 or len(words[0]) > 5):
            continue  # a headline in capitals ("BAHIA COCOA REVIEW"), not a name
        if words:
            words[-1] = _POSSESSIVE.sub("", words[-1])  # "Blair's" -> "Blair"
            names.append((" ".join(words), initial and len(words) == 1))
    return names


def top_names(articles: list[ArticleHit], limit: int = 20) -> list[TopRow]:
    """The names written most often in the matching paragraphs (one count per paragraph)."""
    paras: Counter[str] = Counter()
    arts: Counter[str] = Counter()
    mid_sentence: set[str] = set()
    for a in articles:
        seen: set[str] = set()
        for h in a.hits:
            if h.context or h.paragraph == 0:
                continue  # body paragraphs only, as the archive counts are
            found = names_in(h.text)
            mid_sentence.update(name for name, initial in found if not initial)
            names = {name for name, _initial in found}
            paras.update(names)
            seen |= names
        arts.update(seen)
    # A lone capitalised word seen only at the start of sentences ("Aucun")
    # is an ordinary word, not a name.
    rows = [TopRow(name, arts[name], paras[name]) for name in paras if name in mid_sentence]
    rows.sort(key=lambda r: (-r.paragraphs, -r.articles, r.key))
    return rows[:limit]


def add_name_lifts(
    rows: list[TopRow], matching: int, total: int, df_of: Callable[[str], int]
) -> None:
    """Set each name's lift: its share of matching paragraphs over its share of all.

    ``df_of(name)`` gives how many paragraphs of the archive contain the
    name's rarest word (an upper bound for the name itself).
    """
    for row in rows:
        df = df_of(row.key)
        if df and matching and total:
            row.lift = (row.paragraphs / matching) / (df / total)


def paragraph_terms(articles: list[ArticleHit]) -> tuple[int, dict[tuple[str, str], int], dict]:
    """(matching paragraphs, {(lang, term): paragraphs with it}, {(lang, term): written form})."""
    df: Counter[tuple[str, str]] = Counter()
    forms: dict[tuple[str, str], Counter[str]] = {}
    n = 0
    for a in articles:
        lang = None if a.lang in (None, "und") else a.lang
        stops = analysis.stopwords(lang)
        for h in a.hits:
            if h.context or h.paragraph == 0:
                continue
            n += 1
            seen = set()
            for term, _pos, start, end in analysis.analyze(h.text, lang):
                word = h.text[start:end]
                if analysis.fold(word) in stops or term.isdigit() or len(term) < 2:
                    continue
                key = (a.lang or "und", term)
                forms.setdefault(key, Counter())[word.lower()] += 1
                seen.add(key)
            df.update(seen)
    return n, df, {k: c.most_common(1)[0][0] for k, c in forms.items()}


def log_likelihood(a: int, n_a: int, b: int, n_b: int) -> float:
    """Dunning's G² for a word in a paragraphs of n_a against b of n_b; signed by direction."""
    e1 = n_a * (a + b) / (n_a + n_b)
    e2 = n_b * (a + b) / (n_a + n_b)
    g2 = 0.0
    if a:
        g2 += a * math.log(a / e1)
    if b:
        g2 += b * math.log(b / e2)
    g2 *= 2
    return g2 if a / max(n_a, 1) >= b / max(n_b, 1) else -g2


def top_terms(
    matching: int,
    df: dict[tuple[str, str], int],
    forms: dict,
    total: int,
    background: dict[tuple[str, str], int],
    limit: int = 20,
) -> list[TopRow]:
    """Words most distinctive of the matching paragraphs against the rest of the archive."""
    rows = []
    rest = max(total - matching, 1)
    for key, a in df.items():
        b = max(background.get(key, a) - a, 0)
        g2 = log_likelihood(a, matching, b, rest)
        if g2 > 0:
            lift = (a / matching) / ((a + b) / (matching + rest))
            rows.append((g2, TopRow(forms[key], a, a, lift)))
    rows.sort(key=lambda t: -t[0])
    return [row for _g2, row in rows[:limit]]


def _lang(code: str | None) -> str | None:
    return None if code in (None, "und") else code


def top(
    archive: Archive,
    articles: list[ArticleHit],
    by: str,
    limit: int = 20,
    every: list[ArticleHit] | None = None,
) -> list[TopRow]:
    """Rows of `newsgrep top --by source|lang|name|term` for the matching articles.

    ``every``: all matching articles, copies included (``articles`` may be
    one per story), for the outlets' wire shares (--by source).
    """
    if by in ("source", "lang"):
        facts = archive.facts()
        rows = top_field(articles, by, facts.sources if by == "source" else facts.langs)[:limit]
        if by == "source" and every is not None and archive.has_stories():
            shares = wire_shares(every)
            for row in rows:
                row.wire = shares.get(row.key, 0.0)
        return rows
    if by == "name":
        rows = top_names(articles, limit)
        langs = {a.lang or "und" for a in articles}
        wanted = {
            lang: {t for row in rows for t in analysis.terms(row.key, _lang(lang))}
            for lang in langs
        }
        total, background = archive.paragraph_frequencies(wanted)

        def df_of(name: str) -> int:
            per_word = [
                max((background.get((lang, t), 0) for lang in langs
                     for t in analysis.terms(w, _lang(lang))), default=0)
                for w in name.split()
            ]  # fmt: skip
            return min(per_word, default=0)

        matching = sum(not h.context and h.paragraph > 0 for a in articles for h in a.hits)
        add_name_lifts(rows, matching, total, df_of)
        return rows
    if by == "term":
        matching, df, forms = paragraph_terms(articles)
        wanted: dict[str, set[str]] = {}
        for lang, term in df:
            wanted.setdefault(lang, set()).add(term)
        total, background = archive.paragraph_frequencies(wanted)
        return top_terms(matching, df, forms, total, background, limit)
    raise ValueError(f"unknown --by {by!r}")
