"""How much do NEAR, ONEAR, SENTENCE(...) and PARAGRAPH(...) cost, next to the same
words as a plain AND query? (the proximity target of issue 17: within 2x)

Over an index of all of ``../shared/data`` (the 10kGNAD CSV read with its
options), built once into ``/tmp/newsgrep-bench/proximity-index`` and kept for
the next run, each pair (a proximity query, the same words as AND) is measured
two ways, interleaved (proximity, AND, proximity, AND, ...) so that both see
the same machine:

* **library**: ``Archive.search`` on a freshly opened archive each run (what
  ``newsgrep search`` does after start-up), with the sentence cache emptied,
  so that no run reuses the work of the one before;
* **process**: a whole ``newsgrep search ... --json`` with stdout a pipe
  (drained), start-up included: what a user waits for.

Each figure is the median of ``--runs`` runs after one discarded warm-up (warm
page cache), as wall time and CPU time (the process's own, or the child's);
the ratio is proximity / AND. What each finds is printed too (paragraphs,
lines): a proximity query matches a subset of the articles its AND query does.

Usage (from the repository root)::

    python benchmarks/proximity.py                 # 7 runs of each
    python benchmarks/proximity.py --runs 3 --only library
    python benchmarks/proximity.py --index /tmp/ix  # an index of ../shared/data built before
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import newsgrep
from newsgrep.sentences import sentence_bounds

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
WORK = Path("/tmp/newsgrep-bench")
TARGET = 2.0

#: (proximity query, the same words as AND), of common and rarer words, in English
#: (Reuters, BBC), French (Wikinews, PIAF) and German (10kGNAD).
PAIRS = [
    ("oil NEAR/3 prices", "oil prices"),
    ("oil ONEAR/0 prices", "oil prices"),
    ("SENTENCE(oil prices)", "oil prices"),
    ("PARAGRAPH(oil prices)", "oil prices"),
    ("said NEAR/5 year", "said year"),
    ("SENTENCE(said year)", "said year"),
    ('"crude oil" NEAR/10 "per barrel"', '"crude oil" "per barrel"'),
    ("(bank OR banks) NEAR/5 rates", "(bank OR banks) rates"),
    ("government NEAR/10 minister", "government minister"),
    ("SENTENCE(government minister NOT election)", "government minister NOT election"),
    ("Regierung NEAR/5 Berlin", "Regierung Berlin"),
    ("SENTENCE(Regierung Österreich)", "Regierung Österreich"),
    ("SENTENCE(gouvernement ministre)", "gouvernement ministre"),
    ("cocoa NEAR/10 Ivory", "cocoa Ivory"),
]


def newsgrep_command() -> str:
    here = Path(sys.executable).parent / "newsgrep"
    return str(here) if here.exists() else "newsgrep"


def build_index(index: Path) -> None:
    if (index / "newsgrep.json").exists():
        return
    if not DATA.exists():
        sys.exit(f"{DATA} is not there: the benchmark needs ../shared/data")
    print(f"indexing {DATA} into {index} ...", file=sys.stderr)
    started = time.perf_counter()
    env = {**os.environ, "NO_COLOR": "1"}
    ng = newsgrep_command()
    subprocess.run([ng, "index", "-q", "--index", str(index), "--rebuild", str(DATA)],
                   check=True, env=env)  # fmt: skip
    # The 10kGNAD CSV (German) with its reading options, as its SOURCE.md gives them.
    csv_options = ["--csv-delimiter", ";", "--csv-quotechar", "'", "--csv-no-header",
                   "--field", "label=0", "--field", "text=1", "--lang", "de"]  # fmt: skip
    subprocess.run([ng, "index", "-q", "--index", str(index), *csv_options,
                    str(DATA / "10kgnad-de-test")], check=True, env=env)  # fmt: skip
    print(f"indexed in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def library_run(index: Path, query: str) -> tuple[float, float, int]:
    """(wall, CPU, paragraphs matched) of one search on a freshly opened archive."""
    sentence_bounds.cache_clear()
    wall, cpu = time.perf_counter(), time.process_time()
    with newsgrep.open_archive(index) as archive:
        result = archive.search(query)
    return time.perf_counter() - wall, time.process_time() - cpu, result.total_paragraphs


def process_run(index: Path, query: str) -> tuple[float, float, int]:
    """(wall, CPU, lines written) of one ``newsgrep search --json`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    proc = subprocess.run(
        [newsgrep_command(), "search", "--index", str(index), query, "--json"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsgrep search {query!r} failed: {proc.stderr.decode(errors='replace')}")
    return wall, cpu, proc.stdout.count(b"\n")


def measure(run, index: Path, pair: tuple[str, str], runs: int) -> dict:
    samples: dict[str, list[tuple[float, float, int]]] = {q: [] for q in pair}
    for i in range(runs + 1):
        for query in pair:
            sample = run(index, query)
            if i:  # the first run of each warms the page cache
                samples[query].append(sample)
    out = {}
    for query, got in samples.items():
        out[query] = (
            statistics.median(s[0] for s in got),
            statistics.median(s[1] for s in got),
            got[0][2],
        )
    return out


def table(name: str, rows: list[tuple[str, str, dict]], unit: str) -> list[str]:
    lines = [
        f"### {name}",
        "",
        f"| proximity query | AND query | {unit} | wall ms (prox / AND) | wall ratio "
        "| CPU ms (prox / AND) | CPU ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for prox, plain, got in rows:
        (pw, pc, pn), (aw, ac, an) = got[prox], got[plain]
        lines.append(
            f"| `{prox}` | `{plain}` | {pn:,} / {an:,} | {pw * 1000:.0f} / {aw * 1000:.0f} "
            f"| {pw / aw:.2f} | {pc * 1000:.0f} / {ac * 1000:.0f} | {pc / ac:.2f} |"
        )
    worst_wall = max(got[p][0] / got[a][0] for p, a, got in rows)
    worst_cpu = max(got[p][1] / got[a][1] for p, a, got in rows)
    total = sum(got[p][0] for p, _a, got in rows) / sum(got[a][0] for _p, a, got in rows)
    verdict = "met" if max(worst_wall, worst_cpu) <= TARGET else "NOT met"
    lines += [
        "",
        f"Worst ratio: {worst_wall:.2f} (wall), {worst_cpu:.2f} (CPU); all queries together: "
        f"{total:.2f} (wall). Target {TARGET:g}x: {verdict}.",
        "",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each query")
    parser.add_argument("--index", type=Path, default=WORK / "proximity-index")
    parser.add_argument("--only", choices=("library", "process"))
    parser.add_argument("--match", default="", help="only the pairs whose query holds this")
    args = parser.parse_args(argv)
    build_index(args.index)
    with newsgrep.open_archive(args.index) as archive:
        facts = archive.facts()
    print(
        f"index: {args.index} ({facts.articles:,} articles, {facts.paragraphs:,} paragraphs); "
        f"{args.runs} runs, medians\n"
    )
    ways = [("library", library_run, "paragraphs"), ("process", process_run, "lines")]
    for name, run, unit in ways:
        if args.only and args.only != name:
            continue
        rows = []
        for prox, plain in [p for p in PAIRS if args.match in p[0]]:
            got = measure(run, args.index, (prox, plain), args.runs)
            rows.append((prox, plain, got))
            (pw, _pc, _pn), (aw, _ac, _an) = got[prox], got[plain]
            print(f"  {name}: {prox}: {pw / aw:.2f}x", file=sys.stderr)
        print("\n".join(table(f"{name}: Archive.search" if name == "library"
                              else f"{name}: newsgrep search --json", rows, unit)))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
