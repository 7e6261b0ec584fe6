"""Kill `newsgrep index` at random moments and check what it leaves behind.

Shared by tests/test_robustness.py (a few dozen trials) and
benchmarks/crash_stress.py (as many as you like).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

NEWSGREP = [sys.executable, "-m", "newsgrep"]


def write_corpus(root: Path, files: int, start: int = 0, word: str = "zebra") -> None:
    """``files`` small articles, each naming ``word`` and a number of its own."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + files):
        body = "\n\n".join(
            f"Paragraph {k} of story {i}: the {word} crossed the road near {word} lane {k}."
            for k in range(1, 6)
        )
        (root / f"story-{i:05d}.txt").write_text(f"Story {i}\n\n{body}\n", encoding="utf-8")


def change_corpus(root: Path, rng: random.Random) -> None:
    """Add, edit and delete files, as happens between two runs."""
    names = sorted(root.glob("*.txt"))
    for path in rng.sample(names, len(names) // 5):
        path.unlink()
    for path in rng.sample(sorted(root.glob("*.txt")), len(names) // 5):
        path.write_text(path.read_text().replace("zebra", "giraffe"), encoding="utf-8")
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    write_corpus(root, len(names) // 3, start=100_000)


@dataclass(frozen=True)
class State:
    """What a search sees: the articles and paragraphs for each word."""

    zebra: frozenset[tuple[str, int]]
    giraffe: frozenset[tuple[str, int]]
    articles: int
    paragraphs: int


def state_of(index_dir: Path) -> State:
    from newsgrep import open_archive

    archive = open_archive(index_dir)

    def pairs(word: str) -> frozenset[tuple[str, int]]:
        r = archive.search(word, limit=None, collapse=False)
        return frozenset((a.path, h.paragraph) for a in r.articles for h in a.hits)

    facts = archive.facts()
    return State(pairs("zebra"), pairs("giraffe"), facts.articles, facts.paragraphs)


def run_index(corpus: Path, index_dir: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NEWSGREP, "index", "-q", "--index", str(index_dir), *args, str(corpus)],
        capture_output=True,
        text=True,
        **kwargs,
    )


def kill_during(argv: list[str], after: float) -> bool:
    """Start a command, SIGKILL it ``after`` seconds later: whether the kill killed it.

    False when it had ended by itself before (it must then have succeeded).
    """
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.returncode == -signal.SIGKILL:
            return True
    assert proc.returncode in (0, 1), f"it ended with status {proc.returncode} before the kill"
    return False


def trials(
    work: Path,
    count: int,
    files: int = 120,
    seed: int = 0,
    args: tuple[str, ...] = (),
    forget: str | None = None,
) -> dict[str, int]:
    """Run ``count`` kill trials; raise AssertionError on any lost or duplicated state.

    Each trial kills `newsgrep index` on a changed corpus (``args`` go to it:
    ``("-j", "2")`` for indexing processes, ``("--compact",)``, new reading
    options...) or, with ``forget``, `newsgrep forget` of that part of the
    corpus. The last trial lets it finish (it waits three times as long),
    the first kills the run as it starts, the second at a third of its
    length, and the others kill it at random moments from a third of its
    length to a fifth past its end; the outcome counts how many trials
    killed a run (leaving the old state, or the new one when the kill came
    after the commit) and how many let it finish.
    """
    rng = random.Random(seed)
    corpus, base = work / "corpus", work / "base-index"
    write_corpus(corpus, files)
    if forget:
        write_corpus(corpus / forget, files // 2, start=50_000)
    assert run_index(corpus, base).returncode == 0
    before = state_of(base)

    def argv(index_dir: Path) -> list[str]:
        if forget:
            return [*NEWSGREP, "forget", "--index", str(index_dir), str(corpus / forget)]
        return [*NEWSGREP, "index", "-q", "--index", str(index_dir), *args, str(corpus)]

    if not forget:
        change_corpus(corpus, rng)
    # The run's length, the shorter of two (on a busy machine one may be slow, and
    # kills timed from it would come after the run ended).
    durations = []
    for attempt in range(2):
        full = work / f"full-index-{attempt}"
        shutil.copytree(base, full)
        started = time.perf_counter()
        assert subprocess.run(argv(full), capture_output=True).returncode == 0
        durations.append(time.perf_counter() - started)
    duration = min(durations)
    after = state_of(full)
    assert after != before
    outcome = {"killed, old state": 0, "killed, new state": 0, "finished": 0}
    for trial in range(count):
        index_dir = work / f"trial-{trial}"
        shutil.copytree(base, index_dir)
        if trial == count - 1:
            after_s = 3 * duration
        elif trial == 0:
            after_s = 0.0
        elif trial == 1:
            after_s = 0.3 * duration
        else:
            after_s = rng.uniform(0.3 * duration, 1.2 * duration)
        killed = kill_during(argv(index_dir), after_s)
        seen = state_of(index_dir)
        if killed and seen == before:
            outcome["killed, old state"] += 1
        elif killed and seen == after:
            outcome["killed, new state"] += 1  # after the commit, before the exit
        elif not killed and seen == after:
            outcome["finished"] += 1
        else:
            raise AssertionError(f"trial {trial}: the index is neither the old nor the new state")
        # The next run completes and gives exactly the new state.
        assert subprocess.run(argv(index_dir), capture_output=True).returncode in (0, 1)
        assert state_of(index_dir) == after, f"trial {trial}: next run differs"
        shutil.rmtree(index_dir)
    return outcome
