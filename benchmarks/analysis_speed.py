"""Paragraphs per second through newsgrep's analysis, against slower ways of doing it.

Analysis runs on every paragraph at index time, so its speed bounds the
indexing speed. This script times, on the BBC set's paragraphs (English)
and the seed-like French of PIAF, in one process:

- Whoosh's ``StemmingAnalyzer`` (pure-Python Porter stemmer), the baseline;
- newsgrep's analysis with the pure-Python Snowball stemmers
  (``snowballstemmer``, if installed), i.e. the same pipeline before the
  switch to C stemmers;
- newsgrep's analysis as shipped (PyStemmer, the C Snowball stemmers):
  :func:`newsgrep.analysis.terms`, the function indexing calls;
- the same plus :func:`newsgrep.variants.index_keys`, the name keys indexing
  adds (what indexing does per paragraph).

Each analyzer is built once per timed run, outside the timing, as indexing
builds it once per process.

Usage: python benchmarks/analysis_speed.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

from newsgrep import analysis, variants


def bbc_paragraphs(data: Path) -> list[str]:
    out = []
    for path in sorted((data / "bbc-news").glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        out += [p.strip() for p in text.split("\n\n")[1:] if p.strip()]
    return out


def piaf_paragraphs(data: Path) -> list[str]:
    doc = json.loads((data / "piaf-fr-qa" / "piaf-v1.0.json").read_text("utf-8"))
    return [p["context"] for article in doc["data"] for p in article["paragraphs"]]


def timed(make, paragraphs: list[str], repeat: int = 3) -> float:
    """Best paragraphs/second of ``make()`` over ``paragraphs``, caches emptied first."""
    best = float("inf")
    for _ in range(repeat):
        analysis.fold.cache_clear()
        analysis.normalizer.cache_clear()
        for name in dir(variants):
            cache = getattr(variants, name)
            if name.endswith("cache") and isinstance(cache, dict):
                cache.clear()
        fn = make()  # (the analyzer is built before the clock starts)
        start = time.perf_counter()
        for p in paragraphs:
            fn(p)
        best = min(best, time.perf_counter() - start)
    return len(paragraphs) / best


def with_python_snowball(lang: str):
    import snowballstemmer

    stem = snowballstemmer.stemmer(analysis.STEMMERS[lang]).stemWord
    norm = analysis.Normalizer(lang, stem=False)
    cache: dict[str, str] = {}

    def run(text: str) -> None:
        for word in analysis.WORD.findall(text):
            skip, folded = norm.term(word)
            if folded not in cache:
                cache[folded] = stem(folded)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default)
    args = parser.parse_args()
    if not (args.data / "bbc-news").exists():
        raise SystemExit(f"no data at {args.data}: pass --data")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        from whoosh.analysis import StemmingAnalyzer

    sets = {"en (BBC)": ("en", bbc_paragraphs(args.data)),
            "fr (PIAF)": ("fr", piaf_paragraphs(args.data))}  # fmt: skip
    print("| paragraphs/s | " + " | ".join(sets) + " |")
    print("|---|" + "---|" * len(sets))
    rows = {}

    def whoosh_analyzer():
        analyzer = StemmingAnalyzer()  # built once, as an index's schema holds one
        return lambda p: [t.text for t in analyzer(p)]

    rows["Whoosh StemmingAnalyzer (pure-Python Porter)"] = {
        name: timed(whoosh_analyzer, paras) for name, (_lang, paras) in sets.items()
    }
    try:
        rows["newsgrep analysis, pure-Python Snowball"] = {
            name: timed(lambda lang=lang: with_python_snowball(lang), paras)
            for name, (lang, paras) in sets.items()
        }
    except ImportError:
        print("(snowballstemmer not installed: pip install snowballstemmer for that row)")
    rows["newsgrep analysis, PyStemmer (shipped)"] = {
        name: timed(lambda lang=lang: lambda p: analysis.terms(p, lang), paras)
        for name, (lang, paras) in sets.items()
    }
    rows["newsgrep analysis + name keys (indexing)"] = {
        name: timed(
            lambda lang=lang: lambda p: (analysis.terms(p, lang), variants.index_keys(p)), paras
        )
        for name, (lang, paras) in sets.items()
    }
    for label, figures in rows.items():
        print(f"| {label} | " + " | ".join(f"{figures[n]:,.0f}" for n in sets) + " |")
    print(f"\n({', '.join(f'{n}: {len(p):,} paragraphs' for n, (_l, p) in sets.items())}; "
          "best of 3 runs, caches emptied before each)")  # fmt: skip


if __name__ == "__main__":
    main()
