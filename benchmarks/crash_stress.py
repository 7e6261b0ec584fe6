"""Kill `newsgrep index` at random moments, many times, and check nothing is lost.

Each trial copies an index of a small generated corpus, changes the corpus
(adds, edits, deletes files), starts `newsgrep index` and SIGKILLs it at a
random moment. The index must then show exactly the state before the run
or after it; the next run must complete and give exactly the new state.

Usage: python benchmarks/crash_stress.py [--trials 200] [--files 300] [--seed N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crash import trials  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcome = trials(Path(tmp), args.trials, files=args.files, seed=args.seed)
    spent = time.perf_counter() - started
    print(f"{args.trials} trials on {args.files} files in {spent:.0f} s: no state lost or doubled")
    for what, n in outcome.items():
        print(f"  {what}: {n}")


if __name__ == "__main__":
    main()
