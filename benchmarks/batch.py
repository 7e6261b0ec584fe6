"""How fast are lists of names and saved searches? `newsgrep batch` beside separate searches.

On an index of all of ``../shared/data`` (built here unless ``--index`` is
given):

- **batch**: ``--names`` (1,000) capitalised words taken from the archive's
  own paragraphs (of 3,000 articles drawn at random) by a fixed seed,
  spread over every frequency (each name is drawn from its own slice of the
  words sorted by how often they are written), run as one ``newsgrep
  batch`` process; total time and time per query;
- beside it, in the same run: **separate processes**, one ``newsgrep search
  NAME -l -n 1`` per name for a sample of ``--sample`` (50) names, the time
  extrapolated to the whole list (the script says so); and **the library,
  one by one**: every name through ``open_archive()`` and ``search()``, one
  archive (hence one opening of the index and nothing shared) per name.
  Target: the batch at least 10x faster than separate processes;
- **alerts**: a copy of the index with ``--watches`` (200) saved searches
  (names of the list), then an index run adding ``--added`` (100) articles
  (BBC articles with a line added, so that they are new): the time of the
  alert step (the saved searches evaluated over the run's new articles) and
  the whole run, beside the same run on a copy without saved searches.
  Target: the alert step adds under 2 s.

Usage::

    python benchmarks/batch.py [--index DIR] [--data ../shared/data] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from newsgrep import open_archive  # noqa: E402
from newsgrep import watch as watches  # noqa: E402
from newsgrep.batch import NamedQuery  # noqa: E402
from newsgrep.index import update_index  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
NEWSGREP = str(Path(sys.executable).with_name("newsgrep"))
NAME = re.compile(r"\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{3,}\b")


def sample_names(index_dir: Path, count: int, rng: random.Random, articles: int = 3000
                 ) -> list[str]:  # fmt: skip
    """``count`` capitalised words of the archive (as written in ``articles`` articles
    drawn at random), one from each slice of the words sorted by frequency (from the
    commonest to those written once)."""
    counts: Counter = Counter()
    with open_archive(index_dir) as archive:
        session = archive.session
        heads = sorted(session.all_heads)
        for head in rng.sample(heads, min(articles, len(heads))):
            for paragraph in session.headline(head)["paragraphs"]:
                counts.update(NAME.findall(paragraph))
    words = [w for w, _n in counts.most_common()]
    size = len(words) / count
    return [words[int(i * size) + rng.randrange(max(1, int(size)))] for i in range(count)]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_batch(index_dir: Path, names_file: Path) -> tuple[float, list[str]]:
    out: list[str] = []

    def go():
        proc = subprocess.run([NEWSGREP, "batch", "--index", str(index_dir), str(names_file)],
                              capture_output=True, text=True)  # fmt: skip
        assert proc.returncode in (0, 1), proc.stderr
        out.extend(proc.stdout.splitlines())

    return timed(go), out


def run_separately(index_dir: Path, names: list[str]) -> list[float]:
    times = []
    for name in names:
        command = [NEWSGREP, "search", "--index", str(index_dir), "-l", "-n", "1", "--no-suggest",
                   name]  # fmt: skip
        times.append(timed(lambda c=command: subprocess.run(c, capture_output=True)))
    return times


def run_library(index_dir: Path, names: list[str]) -> list[float]:
    times = []
    for name in names:

        def one(name=name):
            with open_archive(index_dir) as archive:
                archive.search(name, limit=1, highlight=False)

        times.append(timed(one))
    return times


def alerts(index_dir: Path, names: list[str], data: Path, added: int, n_watches: int,
           rng: random.Random) -> dict:  # fmt: skip
    """Time an index run adding ``added`` articles, with and without saved searches."""
    texts = sorted((data / "bbc-news").rglob("*.txt"))
    chosen = rng.sample(texts, added)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        new = tmp / "new"
        new.mkdir()
        for i, path in enumerate(chosen):
            text = path.read_text(encoding="utf-8", errors="replace")
            (new / f"{i:03d}.txt").write_text(text + f"\n\nUpdate {i} of the benchmark.\n")
        for label, with_watches in (("without saved searches", False), ("with", True)):
            copy = tmp / f"ix-{with_watches}"
            shutil.copytree(index_dir, copy)
            if with_watches:
                queries = [NamedQuery(f"w{i:03d}-{n}", n) for i, n in enumerate(names[:n_watches])]
                watches.add(copy, queries)
            spent = []
            real = watches.percolate

            def percolate(*args, _real=real, _spent=spent, **kwargs):
                start = time.perf_counter()
                try:
                    return _real(*args, **kwargs)
                finally:
                    _spent.append(time.perf_counter() - start)

            watches.percolate = percolate
            try:
                start = time.perf_counter()
                summary = update_index([new], copy)
                total = time.perf_counter() - start
            finally:
                watches.percolate = real
            result[label] = {"run": total, "alert step": sum(spent), "alerts": summary.alerts,
                             "articles": summary.articles}  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index of all of ../shared/data")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--watches", type=int, default=200)
    parser.add_argument("--added", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index
        if index_dir is None:
            from suggestions import build

            index_dir = Path(tmp) / "ix"
            print(f"indexing {args.data} ...", file=sys.stderr)
            build(args.data, index_dir)
        with open_archive(index_dir) as archive:
            facts = archive.facts()
        print(f"index: {facts.articles:,} articles, {facts.paragraphs:,} paragraphs "
              f"({index_dir})")  # fmt: skip
        start = time.perf_counter()
        names = sample_names(index_dir, args.names, rng)
        print(f"(names drawn in {time.perf_counter() - start:.1f} s)", file=sys.stderr)
        names_file = Path(tmp) / "names.txt"
        names_file.write_text("\n".join(names) + "\n", encoding="utf-8")

        batch_time, rows = run_batch(index_dir, names_file)
        matched = [int(r.split(",")[2]) for r in rows[1:] if r.count(",") >= 8]
        sample = rng.sample(names, min(args.sample, len(names)))
        separate = run_separately(index_dir, sample)
        per_process = statistics.mean(separate)
        library = run_library(index_dir, names)

        n = len(names)
        median = statistics.median(matched)
        print(f"\n{n:,} names (articles matched per name: median {median:,.0f}, "
              f"max {max(matched):,}, {sum(m == 0 for m in matched)} with none)")  # fmt: skip
        print("| how | total | per query |")
        print("|---|---:|---:|")
        print(f"| `newsgrep batch` (one process) | {batch_time:.1f} s | "
              f"{1000 * batch_time / n:.1f} ms |")  # fmt: skip
        print(
            f"| separate `newsgrep search -l -n 1` processes (mean of {len(sample)}, "
            f"extrapolated to {n:,}) | {per_process * n:.1f} s | {1000 * per_process:.1f} ms |"
        )
        print(f"| the library, one `open_archive()` per query | {sum(library):.1f} s | "
              f"{1000 * statistics.mean(library):.1f} ms |")  # fmt: skip
        ratio = per_process * n / batch_time
        print(f"\nbatch vs separate processes: {ratio:.1f}x faster (target: 10x) "
              f"{'PASS' if ratio >= 10 else 'FAIL'}")  # fmt: skip
        print(f"batch vs the library one by one: {sum(library) / batch_time:.1f}x faster")

        result = alerts(index_dir, names, args.data, args.added, args.watches, rng)
        plain, watched = result["without saved searches"], result["with"]
        step = watched["alert step"]
        news = sum(a[1] for a in watched["alerts"])
        print(f"\nindex run adding {watched['articles']} articles with {args.watches} saved "
              f"searches: alert step {step:.2f} s (target: under 2 s) "
              f"{'PASS' if step < 2 else 'FAIL'}; whole run {watched['run']:.2f} s, "
              f"{plain['run']:.2f} s without saved searches; {len(watched['alerts'])} saved "
              f"searches announced {news} new articles")  # fmt: skip


if __name__ == "__main__":
    main()
