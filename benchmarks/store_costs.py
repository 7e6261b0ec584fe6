"""What the index store's guarantees cost: fsync at commit, checksums at open, merging.

- ``sync``: indexes a folder with every commit synced to disk (fsync of the
  segment files, the record, the table of contents and the folder) and with
  ``os.fsync`` made a no-op, interleaved, and prints the medians;
- ``verify``: opens the index for a search with the checksums of its files
  already verified (what every search but the first after a change does)
  and with them to verify again (the first search after a commit that did
  not verify them, or after VERIFY_DAYS), next to the size of the index;
- ``daily``: many small runs into one index (a daily cron job), then the
  number of segments, the time of one that changed nothing, and search
  time beside a fresh build of the same files.

Usage: python benchmarks/store_costs.py [--corpus DIR] [--runs 3] [--days 365 --per-day 300]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgrep import search  # noqa: E402
from newsgrep.engine import store  # noqa: E402
from newsgrep.index import update_index  # noqa: E402
from tests.crash import write_corpus  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def sync_cost(corpus: Path, work: Path, runs: int) -> None:
    """Whole runs, and the commit alone (store._publish: where the syncing is)."""
    times: dict[str, list[float]] = {"synced": [], "not synced": []}
    commits: dict[str, list[float]] = {"synced": [], "not synced": []}
    index_dir = work / "sync-index"
    real_publish = store._publish
    for _ in range(runs):
        for how in times:
            shutil.rmtree(index_dir, ignore_errors=True)
            spent = []

            def publish(*args, spent=spent, **kwargs):
                started = time.perf_counter()
                real_publish(*args, **kwargs)
                spent.append(time.perf_counter() - started)

            with contextlib.ExitStack() as stack:
                stack.enter_context(mock.patch.object(store, "_publish", publish))
                if how == "not synced":
                    stack.enter_context(mock.patch("os.fsync", lambda fd: None))
                times[how].append(timed(lambda: update_index([corpus], index_dir)))
            commits[how].append(sum(spent))
    a, b = (statistics.median(t) for t in times.values())
    ca, cb = (statistics.median(t) for t in commits.values())
    files = len(list(index_dir.iterdir()))
    print(f"sync: index of {corpus} ({size_of(index_dir) / 2**20:.1f} MB, {files} files), "
          f"median of {runs}: whole run synced {a:.2f} s, not synced {b:.2f} s; "
          f"the commit alone {1000 * ca:.0f} ms synced, {1000 * cb:.0f} ms not "
          f"(+{1000 * (ca - cb):.0f} ms)")  # fmt: skip


def verify_cost(corpus: Path, work: Path, runs: int) -> None:
    index_dir = work / "verify-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    update_index([corpus], index_dir)
    cached, fresh, answer = [], [], []
    for _ in range(runs):
        cached.append(timed(lambda: store.open_index(index_dir)))
        (index_dir / store.VERIFIED_FILE).unlink()
        fresh.append(timed(lambda: store.open_index(index_dir)))
        answer.append(timed(lambda: search("said", index_dir)))
    mb = size_of(index_dir) / 2**20
    files = len(list(index_dir.iterdir()))
    print(f"verify: {mb:.1f} MB index, {files} files, median of {runs}: open with checksums "
          f"verified {1000 * statistics.median(cached):.1f} ms, verifying them all "
          f"{1000 * statistics.median(fresh):.1f} ms ({mb / statistics.median(fresh):.0f} MB/s); "
          f"a whole search of `said` {1000 * statistics.median(answer):.0f} ms")  # fmt: skip


def daily_runs(work: Path, days: int, per_day: int) -> None:
    index_dir, archive = work / "daily-index", work / "daily-archive"
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.rmtree(archive, ignore_errors=True)
    counts, spent = [], 0.0
    for day in range(days):
        folder = archive / f"day-{day:03d}"
        write_corpus(folder, per_day, start=day * per_day, word="zebra" if day % 2 else "giraffe")
        spent += timed(lambda folder=folder: update_index([folder], index_dir, jobs=1))
        counts.append(len(store.open_index(index_dir)._segments()))
        if (day + 1) % 25 == 0:
            print(f"  day {day + 1}: {spent:.0f} s so far, {counts[-1]} segments", flush=True)
    # The first run over the archive's own folder records that folder (a change,
    # which may merge segments); the next one changes nothing.
    first = timed(lambda: update_index([archive], index_dir, jobs=1))
    unchanged = timed(lambda: update_index([archive], index_dir, jobs=1))
    fresh_dir = work / "daily-fresh"
    shutil.rmtree(fresh_dir, ignore_errors=True)
    update_index([archive], fresh_dir)

    def search_time(folder: Path) -> float:
        return statistics.median(timed(lambda: search("zebra lane", folder)) for _ in range(5))

    daily, fresh = search_time(index_dir), search_time(fresh_dir)
    print(f"daily: {days} runs of {per_day} articles in {spent:.0f} s; segments at most "
          f"{max(counts)}, at the end {counts[-1]} (a fresh build: "
          f"{len(store.open_index(fresh_dir)._segments())}); the first run over the whole "
          f"archive {first:.2f} s, then a run that changed nothing {unchanged:.2f} s; "
          f"search `zebra lane` {1000 * daily:.0f} ms vs "
          f"{1000 * fresh:.0f} ms fresh ({daily / fresh:.2f}x)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = SHARED / "bbc-news"
    parser.add_argument("--corpus", type=Path, default=default if default.exists() else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--only", choices=["sync", "verify", "daily"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/var/tmp")) as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            write_corpus(corpus, 2000)
        if args.only in (None, "sync"):
            sync_cost(corpus, work, args.runs)
        if args.only in (None, "verify"):
            verify_cost(corpus, work, args.runs)
        if args.only in (None, "daily"):
            daily_runs(work, args.days, args.per_day)


if __name__ == "__main__":
    main()
