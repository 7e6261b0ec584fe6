"""Replay the fault families against `newsgrep index` and count what each leaves behind.

Families (each trial starts from a copy of one committed index of a small
generated corpus, then changes the corpus and runs `newsgrep index`):

- ``kill-random``: SIGKILL at a random moment of the run.
- ``kill-workers``: with ``-j 2``, SIGKILL one indexing process (not the parent).
- ``kill-parent``: with ``-j 2``, SIGKILL the parent only; its workers must go too.
- ``kill-at-syscall``: SIGKILL injected (strace) at the Nth ``rename``, ``unlink``,
  ``fsync``, ``openat`` or ``write``: the commit's own steps.
- ``disk-full``: ENOSPC injected (strace) from the Nth ``write`` on, and file
  sizes capped (RLIMIT_FSIZE): a clear error, exit 2, or a completed run.
- ``bit-flip``: one flipped bit in one index file: answers as before, or the
  damage detected (exit 2) and ``--rebuild`` bringing back the right answers.
- ``hostile-file``: one hostile file (bombs, quadratic cases, broken markup)
  among good ones: the run completes in bounded time, every good article found.

For each family it prints the trials and how they ended: ``old state`` (the
index as before the run; for bit flips: answers unchanged), ``new state``
(as after a completed run; for bit flips: damage reported and repaired by
``--rebuild``; for hostile files: the run completed with every good
article), and ``other`` (anything else: a lost or mixed state, a traceback,
a hang, a silently wrong answer). It exits 1 when any trial is ``other``.

Usage: python benchmarks/crash_stress.py [--quick] [--trials N] [--files N] [--seed N]
       [--family NAME ...]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crash import NEWSGREP, change_corpus, state_of, write_corpus  # noqa: E402

#: A run that takes longer than this is a hang ("other").
HANG_SECONDS = 120

OLD, NEW, OTHER = "old state", "new state", "other"


class Bench:
    """One base index, the corpus changed after it, and both states to compare with."""

    def __init__(self, work: Path, files: int, rng: random.Random) -> None:
        self.work, self.rng = work, rng
        self.count = 0
        self.corpus, self.base = work / "corpus", work / "base-index"
        write_corpus(self.corpus, files)
        self.index(self.base).check_returncode()
        self.before = state_of(self.base)
        change_corpus(self.corpus, rng)
        full = self.copy("full")
        started = time.perf_counter()
        self.index(full).check_returncode()
        self.duration = time.perf_counter() - started
        self.after = state_of(full)
        assert self.after != self.before

    def copy(self, name: str | None = None) -> Path:
        self.count += 0 if name else 1
        index_dir = self.work / (name or f"trial-{self.count}")
        shutil.rmtree(index_dir, ignore_errors=True)
        shutil.copytree(self.base, index_dir)
        return index_dir

    def argv(self, index_dir: Path, *args: str, corpus: Path | None = None) -> list[str]:
        return [
            *NEWSGREP,
            "index",
            "-q",
            "--index",
            str(index_dir),
            *args,
            str(corpus or self.corpus),
        ]

    def index(self, index_dir: Path, *args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.argv(index_dir, *args), capture_output=True, text=True, timeout=HANG_SECONDS, **kw
        )

    def seen(self, index_dir: Path):
        try:
            return state_of(index_dir)
        except Exception as e:  # noqa: BLE001 - what an unreadable index gives is an outcome
            return e

    def verdict(self, index_dir: Path, completed: bool | None = None) -> str:
        """OLD or NEW when the index shows one of them and the next run completes it."""
        seen = self.seen(index_dir)
        if seen == self.before and completed is not True:
            outcome = OLD
        elif seen == self.after and completed is not False:
            outcome = NEW
        else:
            return OTHER
        again = self.index(index_dir)
        if again.returncode not in (0, 1) or self.seen(index_dir) != self.after:
            return OTHER
        shutil.rmtree(index_dir, ignore_errors=True)
        return outcome


# ---------------------------------------------------------------- kills


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _finish(proc: subprocess.Popen) -> bool:
    """Wait for the run to end; False when it hangs (then it is killed)."""
    try:
        proc.wait(HANG_SECONDS)
        return True
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False


def kill_random(bench: Bench) -> str:
    index_dir = bench.copy()
    proc = subprocess.Popen(bench.argv(index_dir), stderr=subprocess.DEVNULL)
    time.sleep(bench.rng.uniform(0.2, 1.2) * bench.duration)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return bench.verdict(index_dir, None if proc.returncode == -signal.SIGKILL else True)


def kill_workers(bench: Bench) -> str:
    return _kill_with_jobs(bench, workers=True)


def kill_parent(bench: Bench) -> str:
    return _kill_with_jobs(bench, workers=False)


def _kill_with_jobs(bench: Bench, workers: bool) -> str:
    index_dir = bench.copy()
    proc = subprocess.Popen(bench.argv(index_dir, "-j", "2"), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + bench.rng.uniform(0.3, 1.0) * bench.duration + 1
    children: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid) or children
        time.sleep(0.01)
    if proc.poll() is not None:
        return bench.verdict(index_dir, proc.returncode in (0, 1))
    if workers:
        targets = _children(proc.pid) or children
        if not targets:  # no worker (yet, or any more): kill the run itself
            targets = [proc.pid]
        for pid in bench.rng.sample(targets, 1):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if not _finish(proc):
            return OTHER  # the parent hangs on a dead worker
    else:
        orphans = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.5)
        deadline = time.monotonic() + 30
        while any(os.path.exists(f"/proc/{pid}") and _alive(pid) for pid in orphans):
            if time.monotonic() > deadline:
                return OTHER  # workers outlived their parent
            time.sleep(0.1)
    return bench.verdict(index_dir)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][:1] not in ("Z", "X")
    except OSError:
        return False


#: Syscalls a commit is made of, and how many times a run makes each at most.
SYSCALLS = {"rename,renameat,renameat2": 6, "unlink,unlinkat": 12, "fsync,fdatasync": 8,
            "openat": 400, "write": 400}  # fmt: skip


def kill_at_syscall(bench: Bench) -> str:
    if not shutil.which("strace"):
        return OTHER
    calls = bench.rng.choice(sorted(SYSCALLS))
    nth = bench.rng.randint(1, SYSCALLS[calls])
    index_dir = bench.copy()
    argv = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={calls}",
            "-e", f"inject={calls}:signal=SIGKILL:when={nth}", *bench.argv(index_dir)]  # fmt: skip
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=HANG_SECONDS)
    finished = proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    return bench.verdict(index_dir, True if finished else None)


# ---------------------------------------------------------------- full disks


def disk_full(bench: Bench) -> str:
    index_dir = bench.copy()
    if bench.rng.random() < 0.5 and shutil.which("strace"):
        nth = bench.rng.randint(1, 300)
        argv = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=write,pwrite64",
                "-e", f"inject=write,pwrite64:error=ENOSPC:when={nth}+",
                *bench.argv(index_dir)]  # fmt: skip
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=HANG_SECONDS)
    else:
        limit = bench.rng.choice([4, 16, 64, 256, 1024, 4096]) * 1024

        def cap() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        proc = subprocess.run(
            bench.argv(index_dir), capture_output=True, text=True, timeout=HANG_SECONDS,
            preexec_fn=cap,
        )  # fmt: skip
    if "Traceback" in proc.stderr or proc.returncode not in (0, 1, 2):
        return OTHER
    return bench.verdict(index_dir, proc.returncode in (0, 1))


# ---------------------------------------------------------------- bit flips


def bit_flip(bench: Bench) -> str:
    index_dir = bench.copy()
    parts = sorted(p for p in index_dir.iterdir() if p.is_file() and "LOCK" not in p.name)
    part = bench.rng.choice(parts)
    data = bytearray(part.read_bytes())
    if not data:
        return OLD
    at = bench.rng.randrange(len(data))
    data[at] ^= 1 << bench.rng.randrange(8)
    part.write_bytes(bytes(data))
    probe = subprocess.run([*NEWSGREP, "search", "--index", str(index_dir), "zebra"],
                           capture_output=True, text=True, timeout=HANG_SECONDS)  # fmt: skip
    if "Traceback" in probe.stderr:
        return OTHER
    seen = bench.seen(index_dir)
    if seen == bench.before and probe.returncode == 0:
        return OLD  # a bit nothing reads, or one that changes nothing shown
    if probe.returncode != 2 or "--rebuild" not in probe.stderr:
        # a changed answer given as right, or damage without advice
        return f"{OTHER}: {part.name} byte {at}: search exit {probe.returncode}, no damage found"
    rebuild = bench.index(index_dir, "--rebuild")
    if rebuild.returncode not in (0, 1) or bench.seen(index_dir) != bench.after:
        return f"{OTHER}: {part.name} byte {at}: --rebuild exit {rebuild.returncode}"
    return NEW


# ---------------------------------------------------------------- hostile files


def _warc_bomb() -> bytes:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>" + b"a" * 2**27
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.org/\r\n"
        f"WARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + payload + b"\r\n\r\n", 1)


def _yaml_bomb() -> bytes:
    levels = "".join(f"l{k}: &l{k} [" + ",".join([f"*l{k - 1}"] * 9) + "]\n" for k in range(1, 9))
    return f"---\nl0: &l0 [x,x,x,x,x,x,x,x,x]\n{levels}title: *l8\n---\nBody\n\ntext\n".encode()


HOSTILE: dict[str, Callable[[random.Random], tuple[str | bytes, bytes]]] = {
    "latin-1 name": lambda r: (b"caf\xe9.txt", b"Cafe\n\nzebra\n"),
    "lone surrogate": lambda r: ("s.json", b'{"title": "x\\ud800", "text": "zebra \\udfff"}'),
    "nested json": lambda r: ("n.json", b"[" * r.randint(900, 5000) + b"]" * 10),
    "marked section": lambda r: ("c.json", b'{"title": "<![ x", "text": "zebra"}'),
    "bad charref": lambda r: (
        "r.rss",
        b"<rss><channel><item><title>&#x110000;</title>"
        b"<description>zebra</description></item></channel></rss>",
    ),  # fmt: skip
    "22-byte atom": lambda r: ("a.atom", b"<entry<title</content>"),
    "16-byte feed": lambda r: ("f.rss", b'<?encoding="\xfe"?>'),
    "yaml alias bomb": lambda r: ("b.md", _yaml_bomb()),
    "warc bomb": lambda r: ("b.warc.gz", _warc_bomb()),
    "unclosed comments": lambda r: ("c.json", b'{"title": "' + b"<!--" * 30_000 + b'"}'),
    "sgml records": lambda r: ("s.sgm", b"<REUTERS>" * 20_000),
    "csv quotes": lambda r: ("c.csv", b"title,text\n" + b'a,"b' * 16_000),
    "non-utf-8 text": lambda r: ("n.txt", b"\xff\xfe\n" + b"a" * 65_536),
    "flat html": lambda r: ("h.html", b"<p>zebra words " * 150_000),
    "random bytes": lambda r: (
        f"x{r.randrange(9)}.{r.choice(['txt', 'json', 'html', 'rss', 'csv', 'sgm', 'md'])}",
        r.randbytes(r.randint(1, 4000)),
    ),  # fmt: skip
}


def hostile_file(bench: Bench, kind: str | None = None) -> str:
    kind = kind or bench.rng.choice(sorted(HOSTILE))
    corpus = bench.work / "hostile-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(bench.corpus, corpus)
    name, data = HOSTILE[kind](bench.rng)
    with open(os.path.join(os.fsencode(corpus), os.fsencode(name)), "wb") as f:
        f.write(data)
    index_dir = bench.copy()
    started = time.perf_counter()
    try:
        proc = subprocess.run(bench.argv(index_dir, corpus=corpus), capture_output=True,
                              text=True, timeout=HANG_SECONDS)  # fmt: skip
    except subprocess.TimeoutExpired:
        return OTHER
    spent = time.perf_counter() - started
    if proc.returncode != 0 or "Traceback" in proc.stderr or spent > 60:
        return f"{OTHER}: {kind}: exit {proc.returncode} after {spent:.0f} s"
    seen = bench.seen(index_dir)
    good = {(Path(p).name, n) for p, n in bench.after.zebra}
    found = {(Path(p).name, n) for p, n in getattr(seen, "zebra", ())}
    return NEW if good <= found else OTHER


FAMILIES: dict[str, Callable[[Bench], str]] = {
    "kill-random": kill_random,
    "kill-workers": kill_workers,
    "kill-parent": kill_parent,
    "kill-at-syscall": kill_at_syscall,
    "disk-full": disk_full,
    "bit-flip": bit_flip,
    "hostile-file": hostile_file,
}
#: Trials per family in --quick mode (under two minutes on two cores).
QUICK = {"kill-random": 3, "kill-workers": 2, "kill-parent": 2, "kill-at-syscall": 3,
         "disk-full": 3, "bit-flip": 4, "hostile-file": 4}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few trials of each family")
    parser.add_argument("--trials", type=int, default=20, help="trials per family")
    parser.add_argument("--files", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES))
    args = parser.parse_args()
    files = args.files or (30 if args.quick else 200)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(Path(tmp), files, rng)
        for family in args.family or FAMILIES:
            count = QUICK[family] if args.quick else args.trials
            outcome = {OLD: 0, NEW: 0, OTHER: 0}
            for trial in range(count):
                if family == "hostile-file" and args.quick is False and trial < len(HOSTILE):
                    result = hostile_file(bench, sorted(HOSTILE)[trial])
                else:
                    result = FAMILIES[family](bench)
                outcome[result.split(":")[0]] += 1
                if result.startswith(OTHER):
                    print(f"  {family} trial {trial}: {result}", file=sys.stderr, flush=True)
            rows.append((family, count, outcome))
    spent = time.perf_counter() - started
    print(f"{'family':16} {'trials':>6} {OLD:>10} {NEW:>10} {OTHER:>6}")
    for family, count, outcome in rows:
        print(f"{family:16} {count:6} {outcome[OLD]:10} {outcome[NEW]:10} {outcome[OTHER]:6}")
    print(f"({files} files, seed {args.seed}, {spent:.0f} s)")
    return 1 if any(o[OTHER] for _f, _c, o in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
