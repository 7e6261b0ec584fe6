"""How well name keys join spellings, and how much they flood ordinary words.

Run from the repository root::

    python benchmarks/variants.py [DATA_DIR]

DATA_DIR defaults to ../shared/data (the project's shared test corpora). It
prints:

1. for each group of spellings of one name, whether all spellings share a key
   (the groups of issue 3, then groups the rules were not tuned on);
2. false matches: the key of every capitalised word of the English BBC set,
   the German 10kGNAD test set and the multilingual NewsAPI headlines is
   indexed; each query word below is looked up by its key, and a document
   word counts as a *spurious* hit when its folded form differs from the
   query's and it is not a spelling (or inflection) of the same listed name.
   "beyond stemming" leaves out the spurious words that the ordinary stemmed
   search would match anyway (same Snowball stem in en/de/fr/ru);
3. how the choice of words that get keys at index time changes both figures
   (capitalised words, as variant_terms does; without sentence-initial
   words; plus every Cyrillic word; every word);
4. throughput of :func:`newsgrep.variants.variant_terms` on the BBC set.

This is a measurement, not a test: nothing here fails.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import Stemmer

from newsgrep import variants
from newsgrep.analysis import WORD, fold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsgrep.variants import name_key, name_keys, variant_terms
from tests.name_groups import (  # noqa: E402
    GERMAN,
    KNOWN_MISSES,
    LISTED,
    SLAVIC_LATIN,
    UNSEEN,
    groups,
)

# Common English and German query words, fixed before measuring; the last line of
# each language holds near-collision probes for the listed names.
ORDINARY = """
government people year time market company minister police party election report world
country money growth economy price shares bank music film game player match team season
court law school health children family house city state public war attack army security
energy power phone mobile software computer internet network service sales profit deal plan
chief leader president official talks trade tax budget rate interest record award star show
band album book television news story rights crisis strike union workers jobs industry firm
technology research water food car travel airline victory coach club league final cup title
injury england europe china russia america london paris berlin moscow prison church cinema
labour major senior chance
putting patent kitchen level lover shocking cheque kids
Regierung Menschen Jahr Zeit Markt Unternehmen Minister Polizei Partei Wahl Bericht Welt
Land Geld Wachstum Wirtschaft Preis Aktien Bank Musik Film Spiel Spieler Mannschaft Saison
Gericht Gesetz Schule Gesundheit Kinder Familie Haus Stadt Staat Krieg Frieden Angriff Armee
Sicherheit Energie Strom Daten Handy Netz Dienst Umsatz Gewinn Plan Chef Kanzler Präsident
Gespräche Handel Steuer Haushalt Zinsen Rekord Buch Fernsehen Nachrichten Geschichte Rechte
Krise Streik Gewerkschaft Arbeit Industrie Firma Technik Forschung Wasser Essen Auto Reise
Sieg Niederlage Trainer Verein Liga Finale Titel Verletzung Frage Woche Tag Ende Anfang Kampf
Grenze Flüchtlinge Schweiz Wien Österreich Deutschland Russland Ukraine Europa Kirche Kultur
Zukunft Leben Frau Mann Kosten Bürger Behörden Gemeinde Schutz Ziel Erfolg
Puten Kasse Schach Tasche
"""

_CYR_NOUN_ENDINGS = ("а", "у", "ом", "ым", "е", "ой", "і")
_CYR_ADJ_ENDINGS = ("ого", "ому", "им", "ым", "ом", "ая", "ую")


def _inflections(name: str) -> set[str]:
    """Folded forms of ``name`` that an article may print: German genitive, Russian cases."""
    name = fold(name)
    forms = {name}
    if name.isascii():
        forms.add(name + "s")
    elif name.endswith(("ии", "ыи", "ои")):
        forms.update(name[:-2] + e for e in _CYR_ADJ_ENDINGS)
    elif name.endswith(("в", "н")):
        forms.update(name + e for e in _CYR_NOUN_ENDINGS)
    return forms


def read_texts(data: Path) -> dict[str, list[str]]:
    bbc = [
        p.read_text(encoding="utf-8", errors="replace") for p in (data / "bbc-news").rglob("*.txt")
    ]
    with (data / "10kgnad-de-test" / "test.csv").open(encoding="utf-8", newline="") as f:
        gnad = [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if len(row) > 1]
    headlines = []
    for path in sorted((data / "newsapi-headlines-multilang").rglob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            headlines.append(
                "\n".join(item.get(k) or "" for k in ("title", "description", "content"))
            )
    return {"bbc-news (en)": bbc, "10kGNAD test (de)": gnad, "newsapi (en/fr/de/ru/es)": headlines}


def index_keys(texts: list[str]) -> dict[str, Counter[str]]:
    """key -> Counter of the folded written forms that carry it."""
    keys: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for key, _pos, start, end in variant_terms(text):
            keys[key][fold(text[start:end]).replace("'", "")] += 1
    return keys


class Stems:
    def __init__(self) -> None:
        self._stemmers = [
            Stemmer.Stemmer(lang).stemWord for lang in ("english", "german", "french", "russian")
        ]

    def same(self, a: str, b: str) -> bool:
        return any(stem(a) == stem(b) for stem in self._stemmers)


def checkgroups(title: str, groups: list[list[str]]) -> None:
    """A group joins when one key is carried by all of its spellings."""
    misses = []
    for group in groups:
        if set.intersection(*(set(name_keys(w)) for w in group)):
            continue
        main = Counter(k for w in group for k in name_keys(w)).most_common(1)[0][0]
        miss = [f"{w}={'/'.join(name_keys(w))}" for w in group if main not in name_keys(w)]
        misses.append(f"{' '.join(miss)} (others {main})")
    print(f"{title}: {len(groups) - len(misses)}/{len(groups)} groups share one key")
    for miss in misses:
        print("   miss:", miss)


def false_matches(
    keys: dict[str, Counter[str]],
    queries: list[str],
    groups: list[list[str]],
    stems: Stems,
    verbose: bool = True,
    keyed=lambda query: True,
) -> str:
    """Print (when verbose) and return the summary line of spurious hits."""
    genuine: dict[str, set[str]] = {}
    for group in groups:  # groups sharing a spelling are one name
        forms = set().union(*(_inflections(w) for w in group))
        for w in group:
            forms |= genuine.get(fold(w), set())
        for form in forms:
            genuine[form] = forms
    gained = gained_beyond = spurious_forms = spurious_beyond = spurious_hits = 0
    report = []
    for query in queries:
        q = fold(query)
        found: Counter[str] = Counter()
        for key in name_keys(query) if keyed(query) else ():
            found.update(keys.get(key, {}))
        if not found:
            continue
        key = "/".join(name_keys(query))
        allowed = genuine.get(q, {q})
        bad = {f: n for f, n in found.items() if f != q and f not in allowed}
        beyond = {f: n for f, n in bad.items() if not stems.same(f, q)}
        if bad:
            gained += 1
            spurious_forms += len(bad)
            spurious_hits += sum(bad.values())
            report.append((query, key, bad, beyond))
        if beyond:
            gained_beyond += 1
            spurious_beyond += len(beyond)
    summary = (
        f"{gained}/{len(queries)} queries gain spurious words"
        f" ({spurious_forms} forms, {spurious_hits} occurrences);"
        f" beyond stemming {gained_beyond}/{len(queries)} ({spurious_beyond} forms)"
    )
    if not verbose:
        return summary
    print("  " + summary)
    for query, key, bad, beyond in report:
        shown = ", ".join(
            f"{f}{'' if f in beyond else '(stem)'}×{n}" for f, n in Counter(bad).most_common(8)
        )
        print(f"    {query:14} {key:14} {shown}")
    return summary


def name_hits(
    keys: dict[str, Counter[str]], groups: list[list[str]], verbose: bool = True
) -> tuple[int, int]:
    """Occurrences found by the written form of a group's first spelling vs by its key."""
    total_exact = total_key = 0
    for group in groups:
        key = name_key(group[0])
        forms = keys.get(key, Counter())
        exact = forms.get(fold(group[0]), 0)
        total_exact += exact
        total_key += sum(forms.values())
        if forms and verbose:
            shown = ", ".join(f"{f}×{n}" for f, n in forms.most_common(6))
            print(f"  {group[0]:14} exact {exact:4}, by key {sum(forms.values()):4}: {shown}")
    return total_exact, total_key


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[«„\"“]\s*)$")


def _capitalised(text: str, m: re.Match[str], core_start: int) -> bool:
    return text[core_start].isupper()


def _capitalised_inside(text: str, m: re.Match[str], core_start: int) -> bool:
    start = max(0, m.start() - 4)
    return text[core_start].isupper() and not _SENTENCE_START.search(text[start : m.start()])


def _capitalised_or_cyrillic(text: str, m: re.Match[str], core_start: int) -> bool:
    return text[core_start].isupper() or "\u0400" <= text[core_start] <= "\u04ff"


def _every_word(text: str, m: re.Match[str], core_start: int) -> bool:
    return True


FILTERS = {
    "capitalised (variant_terms)": _capitalised,
    "capitalised, not sentence-initial": _capitalised_inside,
    "capitalised + every Cyrillic word": _capitalised_or_cyrillic,
    "every word": _every_word,
}


def index_filtered(texts: list[str], keep) -> dict[str, Counter[str]]:
    """Like index_keys, with another choice of the words that get keys."""
    keys: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for m in WORD.finditer(text):
            head, tail, core = variants._strip_apostrophes(m.group())
            if not core or not keep(text, m, m.start() + head):
                continue
            form = fold(core)
            for key in name_keys(core):
                keys[key][form] += 1
    return keys


def compare_filters(corpora: dict[str, list[str]], groups: list[list[str]], stems: Stems) -> None:
    texts = [t for ts in corpora.values() for t in ts]
    for title, keep in FILTERS.items():
        keys = index_filtered(texts, keep)
        summary = false_matches(keys, ORDINARY.split(), groups, stems, verbose=False)
        _exact, by_key = name_hits(keys, groups, verbose=False)
        print(f"  {title}: {by_key} name occurrences by key;")
        print(f"    ordinary queries: {summary}")


def throughput(texts: list[str]) -> None:
    words = sum(len(WORD.findall(t)) for t in texts)
    variants._cache.clear()
    fold.cache_clear()
    t0 = time.perf_counter()
    n_keys = sum(1 for t in texts for _ in variant_terms(t))
    cold = time.perf_counter() - t0
    warm = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            for _ in variant_terms(t):
                pass
        warm = min(warm, time.perf_counter() - t0)
    sample = list(variants._cache)
    print(f"variant_terms on bbc-news: {words:,} words, {len(sample):,} distinct capitalised,")
    print(f"  {n_keys:,} keys")
    print(f"  cold caches: {cold:.2f} s = {words / cold:,.0f} words/s")
    print(f"  warm cache (best of 3): {warm:.2f} s = {words / warm:,.0f} words/s")
    fold.cache_clear()
    t0 = time.perf_counter()
    for w in sample:
        variants._compute_keys(w)
    spent = time.perf_counter() - t0
    print(f"  name_keys without caches: {len(sample) / spent:,.0f} distinct words/s")


def _typed_as_name(word: str) -> bool:
    return word[:1].isupper() or any("\u0400" <= c <= "\u04ff" for c in word)


def main() -> None:
    data = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    listed, unseen = groups(LISTED), groups(UNSEEN)
    unseen += groups(SLAVIC_LATIN)
    checkgroups("issue 3 groups", listed)
    checkgroups("other names (en/fr/de/Cyrillic, Czech, Polish)", unseen)
    checkgroups("German umlauts and their transliterations (ae oe ue ss)", groups(GERMAN))
    unseen += groups(GERMAN)
    checkgroups("known misses (Spanish, Italian, Dutch...)", groups(KNOWN_MISSES))
    print()
    corpora = read_texts(data)
    stems = Stems()
    all_keys: dict[str, Counter[str]] = defaultdict(Counter)
    for name, texts in corpora.items():
        keys = index_keys(texts)
        for key, forms in keys.items():
            all_keys[key].update(forms)
        print(f"{name}: {len(texts):,} texts, {len(keys):,} keys")
    forms = sum(len(c) for c in all_keys.values())
    print(f"all corpora: {len(all_keys):,} keys, {forms:,} distinct capitalised forms")
    shared = sum(len(c) for c in all_keys.values() if len(c) > 1)
    print(f"  {shared:,} forms ({shared / forms:.1%}) share their key with another form")
    print()
    print("names in the corpora (spelling as typed vs all spellings by key):")
    name_hits(all_keys, listed + unseen)
    print()
    print("ordinary queries, every word keyed:")
    false_matches(all_keys, ORDINARY.split(), listed + unseen, stems)
    print(
        "ordinary queries as newsgrep searches them (only words typed with a capital"
        " or in Cyrillic are keyed; English words are typed in lower case here,"
        " German nouns capitalised):"
    )
    false_matches(all_keys, ORDINARY.split(), listed + unseen, stems, keyed=_typed_as_name)
    print("name queries (issue 3 and unseen spellings):")
    names = [w for group in listed + unseen for w in dict.fromkeys(group)]
    false_matches(all_keys, names, listed + unseen, stems)
    print()
    print("which words get keys (all corpora):")
    compare_filters(corpora, listed + unseen, stems)
    print()
    throughput(corpora["bbc-news (en)"])


if __name__ == "__main__":
    main()
