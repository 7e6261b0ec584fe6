"""How fast is newsgrep, next to plain Whoosh and ripgrep? (the targets of issue 6)

Builds two corpora from ``../shared/data`` (see ``corpus.py``): the real BBC
set, and Reuters-21578 + BBC repeated up to ``--size`` (a repetition: fine
for speed, not for ranking). Then, in one invocation and interleaved
(newsgrep, baseline, rg, newsgrep, ...), it measures:

* ``newsgrep index`` wall and CPU time, MB/s, peak memory and index size,
  with its default processes and with ``-j 1``, next to the plain-Whoosh
  baseline (``baseline_whoosh.py``), ratios by wall and by CPU time; and a
  re-run of ``newsgrep index`` on the unchanged corpus;
* whole-process ``newsgrep search`` latency for a fixed set of queries, with
  stdout a pipe (drained) and a pseudo-terminal, next to the plain-Whoosh
  baseline and ``rg -i -n`` over the raw files (pipe only); and newsgrep
  with ``-n 0`` (every matching paragraph of every article), which is the
  output to compare with rg's every matching line;
* on the BBC set, ``newsgrep search`` in a pipe next to the bare start-up of
  ``python -c "import click, whoosh.index"``.

Every figure is the median of ``--runs`` runs after one discarded warm-up (warm
page cache). Peak memory is the largest sum of VmRSS over the process and all
its descendants, sampled every 5 ms from /proc once the command has started
(``ru_maxrss`` would not do: it is the largest single process, and a forked
child inherits the high-water mark of this benchmark process).

The corpora stay cached under /tmp/newsgrep-bench; the indexes built there are
deleted at the end unless ``--keep``. newsgrep always gets ``--index`` inside
that folder, never the user's own index.

``--compare OTHER`` measures a second newsgrep command (another version,
installed in its own virtual environment) in the same run, interleaved with
this one, for its indexing and its searches.

Usage::

    python benchmarks/speed.py --size 100M --runs 5
    python benchmarks/speed.py --quick --compare ../old/.venv/bin/newsgrep
    python benchmarks/speed.py --quick               # 10M corpus, 1 run
    python benchmarks/speed.py --only search --keep  # reuse indexes kept earlier
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import platform
import pty
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpora  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINE = HERE / "baseline_whoosh.py"
FTS5 = HERE / "baseline_fts5.py"
IMPORT_ONLY = "import click, whoosh.index"
SAMPLE_INTERVAL = 0.005
#: Left out of the measured commands' environment: a user's own index or colour
#: choice, and PYTHONDONTWRITEBYTECODE, under which every run would compile
#: newsgrep's source again (an installed package has its bytecode).
UNSET = ("NEWSGREP_INDEX", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")
TERMINAL_SIZE = (50, 120)  # rows, columns of the pseudo-terminal


# ---------------------------------------------------------------- queries


@dataclass(frozen=True)
class Query:
    kind: str
    text: str  # newsgrep syntax (plain Whoosh reads the same)
    rg: tuple[str, ...]  # patterns for `rg -i -n -e ... -e ...`
    rg_note: str = ""
    flags: tuple[str, ...] = ()  # newsgrep options (`-p`)
    fts: str | None = None  # the query for FTS5, when it differs; "" = FTS5 cannot say it

    @property
    def shown(self) -> str:
        return " ".join([self.text, *self.flags])

    @property
    def fts_text(self) -> str:
        return self.text if self.fts is None else self.fts


def _fuzzy_regex(word: str) -> str:
    """A regex for the whole words within one edit of ``word``, as Whoosh's ``word~``."""
    w = word.lower()
    variants = {w}
    for i in range(len(w) + 1):
        variants.add(w[:i] + r"\w" + w[i:])  # insertion
        if i < len(w):
            variants.add(w[:i] + w[i + 1 :])  # deletion
            variants.add(w[:i] + r"\w" + w[i + 1 :])  # substitution
    return r"\b(?:" + "|".join(sorted(variants)) + r")\b"


def _both(a: str, b: str) -> str:
    return f"{a}.*{b}|{b}.*{a}"


def _all(*words: str) -> str:
    """A regex for lines holding every one of ``words``, in any order."""
    from itertools import permutations

    return "|".join(".*".join(order) for order in permutations(words))


SAME_LINE = "rg: both words on one line (rg has no article-level AND)"
QUERIES = [
    Query("name", "Reagan", ("Reagan",)),
    Query("name", "Volcker", ("Volcker",)),
    Query("name", "Thatcher", ("Thatcher",)),
    Query("name", "Blair", ("Blair",)),
    Query("common word", "oil", ("oil",)),
    Query("common word", "market", ("market",)),
    Query("common word", "said", ("said",)),
    Query("common word", "year", ("year",)),
    Query("AND pair", "oil prices", (_both("oil", "prices"),), SAME_LINE),
    Query("AND pair", "trade deficit", (_both("trade", "deficit"),), SAME_LINE),
    Query("AND pair", "Brazil debt", (_both("Brazil", "debt"),), SAME_LINE),
    Query(
        "AND, one paragraph",
        "bank said",
        (_both("bank", "said"),),
        "rg: both words on one line",
        flags=("-p",),
    ),
    Query("AND of three", "said year market", (_all("said", "year", "market"),), SAME_LINE),
    Query("phrase", '"interest rates"', ("interest rates",)),
    Query("phrase", '"New York"', ("New York",)),
    Query("phrase", '"prime minister"', ("prime minister",)),
    Query("rare word", "temporao", ("temporao",)),
    Query("rare word", "Mariotime", ("Mariotime",)),
    Query("rare word", "Mittal", ("Mittal",)),
    Query(
        "misspelt name",
        "Mugabee",
        ("Mugabee",),
        "newsgrep finds nothing and suggests Mugabe; the others find nothing",
    ),
    Query(
        "date range",
        "date:[1987-03-01 to 1987-03-31] cocoa",
        ("cocoa",),
        "rg: the word alone (rg cannot restrict by date); FTS5: not run (no date field)",
        fts="",
    ),
    Query(
        "fuzzy",
        "Reagn~",
        (_fuzzy_regex("Reagn"),),
        "rg: words within one edit of 'reagn'; FTS5: not run (no fuzzy terms)",
        fts="",
    ),
    Query("prefix", "Volck*", (r"\bVolck\w*",)),
    Query("OR", "cocoa OR coffee", ("cocoa", "coffee")),
    Query("NOT", "oil NOT OPEC", ("oil",), "rg: the positive word alone"),
    Query("no match", "xyzzyplugh", ("xyzzyplugh",)),
]
#: Pipe-mode searches on the BBC set, compared with Python's bare start-up.
BBC_QUERIES = ["Blair", "economy", '"mobile phone"', "film", "xyzzyplugh"]


# ---------------------------------------------------------------- measuring


@dataclass
class Sample:
    """One whole-process run."""

    seconds: float
    peak_rss: int  # bytes, whole process tree
    status: int  # exit status; -1 after a timeout
    out_bytes: int = 0
    out_lines: int = 0
    error: str = ""
    cpu_seconds: float = 0.0  # user + system, the process and its waited-for children
    peak_anon: int = 0  # bytes, the anonymous part of the peak (without mapped files)

    @property
    def failed(self) -> bool:
        return self.status not in (0, 1)


def _descendants(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc/<pid>/task/<tid>/children."""
    pids, i = [pid], 0
    while i < len(pids):
        p = pids[i]
        i += 1
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    pids.extend(int(c) for c in f.read().split())
        except OSError:
            continue  # the process has just ended
    return pids


def _rss(pid: int) -> tuple[int, int]:
    """(resident, of which anonymous) bytes of one process; file-backed pages are the rest."""
    rss = anon = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith(b"RssAnon:"):
                    anon = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    return rss, anon


def _cmdline(pid: int | str) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


_OWN_CMDLINE = _cmdline("self")


class TreeSampler(threading.Thread):
    """Polls the summed RSS of a process tree every few milliseconds; keeps the peak.

    Samples start once the child has exec'ed its command: until then it is a
    copy of this (larger) benchmark process. For the same reason the
    ``ru_maxrss`` of ``wait4`` is not used: the kernel carries the forked
    copy's high-water mark across exec.
    """

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.peak_anon = 0
        self._done = threading.Event()

    def run(self) -> None:
        started = False
        while not self._done.is_set():
            if not started:
                cmdline = _cmdline(self.pid)
                started = bool(cmdline) and cmdline != _OWN_CMDLINE
            if started:
                sizes = [_rss(p) for p in _descendants(self.pid)]
                self.peak = max(self.peak, sum(rss for rss, _anon in sizes))
                self.peak_anon = max(self.peak_anon, sum(anon for _rss, anon in sizes))
            self._done.wait(self.interval)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def _last_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1][:200] if lines else ""


def measure(
    argv: Sequence[str], cwd: Path, *, terminal: bool = False, timeout: float | None = None
) -> Sample:
    """Run ``argv`` once; stdout goes to a pipe (or a pseudo-terminal) that is drained."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.setdefault("TERM", "xterm-256color")
    if terminal:
        reader, writer = pty.openpty()
        rows, cols = TERMINAL_SIZE
        fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    else:
        reader, writer = os.pipe()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=writer,
            stderr=err,
            start_new_session=True,
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        os.close(writer)
        out_bytes = out_lines = 0
        timed_out = False
        deadline = start + timeout if timeout else None
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.perf_counter())
            ready, _, _ = select.select([reader], [], [], wait)
            if not ready:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                break
            try:
                chunk = os.read(reader, 1 << 16)
            except OSError:  # EIO: the pseudo-terminal's last writer has gone
                chunk = b""
            if not chunk:
                break
            out_bytes += len(chunk)
            out_lines += chunk.count(b"\n")
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        cpu = usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = sampler.stop()
        os.close(reader)
        err.seek(0)
        message = _last_line(err.read())
    code = -1 if timed_out else proc.returncode
    if timed_out:
        message = f"timed out after {timeout:.0f} s"
    error = message if code not in (0, 1) else ""
    return Sample(seconds, peak, code, out_bytes, out_lines, error, cpu, sampler.peak_anon)


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def warm_page_cache(root: Path) -> None:
    for f in root.rglob("*"):
        if f.is_file():
            f.read_bytes()


# ---------------------------------------------------------------- tools


@dataclass
class Tools:
    """Command lines of newsgrep and the two baselines."""

    newsgrep: str
    python: str
    rg: str
    other: str | None = None  # a second newsgrep command, measured beside (--compare)

    def newsgrep_index(self, corpus: str, index: Path, *extra: str) -> list[str]:
        return [self.newsgrep, "index", corpus, "--index", str(index), "-q", *extra]

    def other_index(self, corpus: str, index: Path) -> list[str]:
        return [self.other or "", "index", corpus, "--index", str(index), "-q"]

    def other_search(self, query: str, index: Path) -> list[str]:
        return [self.other or "", "search", query, "--index", str(index)]

    def whoosh_index(self, corpus: str, index: Path) -> list[str]:
        return [self.python, str(BASELINE), "index", corpus, "--index", str(index)]

    def newsgrep_search(self, query: str, index: Path, *extra: str) -> list[str]:
        return [self.newsgrep, "search", query, "--index", str(index), *extra]

    def whoosh_search(self, query: str, index: Path) -> list[str]:
        return [self.python, str(BASELINE), "search", query, "--index", str(index)]

    def fts5_index(self, corpus: str, db: Path) -> list[str]:
        return [self.python, str(FTS5), "index", corpus, "--index", str(db)]

    def fts5_search(self, query: str, db: Path) -> list[str]:
        return [self.python, str(FTS5), "search", query, "--index", str(db)]

    def rg_search(self, patterns: Sequence[str], corpus: str) -> list[str]:
        argv = [self.rg, "-i", "-n"]
        for p in patterns:
            argv += ["-e", p]
        return [*argv, corpus]

    def python_import(self) -> list[str]:
        return [self.python, "-c", IMPORT_ONLY]


def compile_package(command: str) -> None:
    """Write the bytecode of the newsgrep package behind ``command`` (a console script),
    as ``pip install`` does, so that no measured run compiles source."""
    try:
        with open(shutil.which(command) or command, "rb") as f:
            first = f.readline().decode(errors="replace")
    except OSError:
        return
    if not first.startswith("#!"):
        return
    code = (
        "import compileall, os, newsgrep; "
        "compileall.compile_dir(os.path.dirname(newsgrep.__file__), quiet=1)"
    )
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    subprocess.run([first[2:].strip(), "-c", code], env=env, check=False)


def find_tools(newsgrep: str | None, other: str | None = None) -> Tools:
    venv_bin = Path(sys.executable).parent
    ng = newsgrep or (
        str(venv_bin / "newsgrep") if (venv_bin / "newsgrep").exists() else shutil.which("newsgrep")
    )
    rg = shutil.which("rg")
    if not ng:
        raise SystemExit("speed: cannot find the newsgrep command (pip install -e . first)")
    if not rg:
        raise SystemExit("speed: cannot find rg (apt-get install ripgrep)")
    if other and not shutil.which(other):
        raise SystemExit(f"speed: cannot run --compare {other}")
    return Tools(ng, sys.executable, rg, other)


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


# ---------------------------------------------------------------- results


@dataclass
class Series:
    """Samples of one measurement across runs."""

    samples: list[Sample] = field(default_factory=list)

    def add(self, s: Sample) -> Sample:
        self.samples.append(s)
        return s

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if not s.failed]

    @property
    def median(self) -> float | None:
        ok = self.ok
        return statistics.median(s.seconds for s in ok) if ok else None

    @property
    def cpu_median(self) -> float | None:
        ok = self.ok
        return statistics.median(s.cpu_seconds for s in ok) if ok else None

    @property
    def peak_rss(self) -> int:
        return max((s.peak_rss for s in self.samples), default=0)

    @property
    def peak_anon(self) -> int:
        return max((s.peak_anon for s in self.samples), default=0)

    @property
    def memory(self) -> str:
        """Peak RSS in MB, its anonymous part in brackets."""
        return f"{_mb(self.peak_rss)} ({_mb(self.peak_anon)})"

    @property
    def error(self) -> str:
        return next((s.error for s in self.samples if s.failed), "")

    @property
    def lines(self) -> int | None:
        ok = self.ok
        return ok[-1].out_lines if ok else None


@dataclass
class IndexResult:
    corpus: str
    text_bytes: int
    newsgrep: Series = field(default_factory=Series)
    single: Series = field(default_factory=Series)  # newsgrep index -j 1
    rerun: Series = field(default_factory=Series)
    whoosh: Series = field(default_factory=Series)
    other: Series = field(default_factory=Series)  # --compare
    fts5: Series = field(default_factory=Series)
    newsgrep_index_bytes: int = 0
    whoosh_index_bytes: int = 0
    other_index_bytes: int = 0
    fts5_index_bytes: int = 0


@dataclass
class QueryResult:
    query: Query
    pipe: Series = field(default_factory=Series)
    everything: Series = field(default_factory=Series)  # newsgrep -n 0: every match
    compacted: Series = field(default_factory=Series)  # pipe, on the index after --compact
    terminal: Series = field(default_factory=Series)
    whoosh: Series = field(default_factory=Series)
    rg: Series = field(default_factory=Series)
    other: Series = field(default_factory=Series)  # --compare, pipe
    fts5: Series = field(default_factory=Series)
    corpus: str = ""


@dataclass
class StartupResult:
    python_import: Series = field(default_factory=Series)
    searches: dict[str, Series] = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _show(s: Sample) -> str:
    status = f" exit {s.status}: {s.error}" if s.failed else ""
    return (
        f"{s.seconds:.3f} s (CPU {s.cpu_seconds:.3f} s), {s.peak_rss / 1e6:.0f} MB "
        f"({s.peak_anon / 1e6:.0f} MB anonymous){status}"
    )


# ---------------------------------------------------------------- phases


@dataclass
class Setup:
    tools: Tools
    cache: Path
    runs: int
    timeout: float
    sizes: list[corpora.CorpusInfo]  # the corpora of --size, smallest first
    bbc: corpora.CorpusInfo
    load_start: float = 0.0
    git: str = ""  # the commit measured, read when the run starts

    @property
    def big(self) -> corpora.CorpusInfo:
        return self.sizes[-1]

    def fts_path(self, info: corpora.CorpusInfo) -> Path:
        return self.cache / f"index-{Path(info.path).name}" / "fts5.db"

    def rel(self, info: corpora.CorpusInfo) -> str:
        return os.path.relpath(info.path, self.cache)

    def index_dirs(self, info: corpora.CorpusInfo) -> tuple[Path, Path]:
        base = self.cache / f"index-{Path(info.path).name}"
        return base / "newsgrep", base / "whoosh"

    def compacted_dir(self, info: corpora.CorpusInfo) -> Path:
        return self.cache / f"index-{Path(info.path).name}" / "compacted"

    def other_dir(self, info: corpora.CorpusInfo) -> Path:
        return self.cache / f"index-{Path(info.path).name}" / "other"

    def _marker(self, info: corpora.CorpusInfo) -> Path:
        return self.index_dirs(info)[0].parent / "built.json"

    def mark_built(self, info: corpora.CorpusInfo) -> None:
        self._marker(info).write_text(json.dumps(asdict(info)) + "\n")

    def is_built(self, info: corpora.CorpusInfo) -> bool:
        try:
            return json.loads(self._marker(info).read_text()) == asdict(info)
        except (OSError, ValueError):
            return False


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run_index(setup: Setup, info: corpora.CorpusInfo, label: str) -> IndexResult:
    tools, rel = setup.tools, setup.rel(info)
    ng_dir, wh_dir = setup.index_dirs(info)
    result = IndexResult(label, info.bytes)
    for run in range(1, setup.runs + 1):
        s = result.newsgrep.add(measure(tools.newsgrep_index(rel, _fresh(ng_dir)), setup.cache))
        log(f"[{label} run {run}/{setup.runs}] newsgrep index: {_show(s)}")
        result.newsgrep_index_bytes = dir_bytes(ng_dir)
        s = result.rerun.add(measure(tools.newsgrep_index(rel, ng_dir), setup.cache))
        log(f"[{label} run {run}/{setup.runs}] newsgrep index, unchanged: {_show(s)}")
        s = result.whoosh.add(measure(tools.whoosh_index(rel, _fresh(wh_dir)), setup.cache))
        log(f"[{label} run {run}/{setup.runs}] plain Whoosh index: {_show(s)}")
        result.whoosh_index_bytes = dir_bytes(wh_dir)
        db = setup.fts_path(info)
        db.unlink(missing_ok=True)
        s = result.fts5.add(measure(tools.fts5_index(rel, db), setup.cache))
        log(f"[{label} run {run}/{setup.runs}] SQLite FTS5 index: {_show(s)}")
        result.fts5_index_bytes = db.stat().st_size if db.exists() else 0
        single = _fresh(ng_dir.parent / "newsgrep-j1")
        s = result.single.add(measure(tools.newsgrep_index(rel, single, "-j", "1"), setup.cache))
        log(f"[{label} run {run}/{setup.runs}] newsgrep index -j 1: {_show(s)}")
        shutil.rmtree(single)
        if tools.other:
            other_dir = _fresh(setup.other_dir(info))
            s = result.other.add(measure(tools.other_index(rel, other_dir), setup.cache))
            log(f"[{label} run {run}/{setup.runs}] --compare index: {_show(s)}")
            result.other_index_bytes = dir_bytes(other_dir)
    if not result.newsgrep.error and not result.whoosh.error:
        setup.mark_built(info)
    return result


def ensure_indexes(setup: Setup, info: corpora.CorpusInfo) -> None:
    """Build (untimed) the indexes that the search phase needs, unless kept from before."""
    if setup.is_built(info):
        return
    log(f"building the indexes of {setup.rel(info)} for the search phase (not timed)")
    ng_dir, wh_dir = setup.index_dirs(info)
    argvs = [
        setup.tools.newsgrep_index(setup.rel(info), _fresh(ng_dir)),
        setup.tools.whoosh_index(setup.rel(info), _fresh(wh_dir)),
        setup.tools.fts5_index(setup.rel(info), setup.fts_path(info)),
    ]
    if setup.tools.other:
        argvs.append(setup.tools.other_index(setup.rel(info), _fresh(setup.other_dir(info))))
    for argv in argvs:
        s = measure(argv, setup.cache)
        if s.failed:
            raise SystemExit(f"speed: {shlex.join(argv)} failed: {s.error}")
    setup.mark_built(info)


def ensure_compacted(setup: Setup, info: corpora.CorpusInfo) -> None:
    """A copy of the newsgrep index merged into one segment (`index --compact`), untimed."""
    ng_dir, _ = setup.index_dirs(info)
    compacted = setup.compacted_dir(info)
    if compacted.exists():
        shutil.rmtree(compacted)
    shutil.copytree(ng_dir, compacted)
    argv = setup.tools.newsgrep_index(setup.rel(info), compacted, "--compact")
    s = measure(argv, setup.cache)
    if s.failed:
        raise SystemExit(f"speed: {shlex.join(argv)} failed: {s.error}")
    log(f"compacted a copy of the index: {_show(s)}")


def run_search(setup: Setup) -> dict[str, list[QueryResult]]:
    """Every query on every corpus of --size, all commands interleaved in one loop."""
    tools = setup.tools
    by_corpus: dict[str, list[QueryResult]] = {}
    steps: list[tuple[QueryResult, str, Callable[[QueryResult], Series], list[str], bool]] = []
    for info in setup.sizes:
        rel, name = setup.rel(info), Path(info.path).name
        ng_dir, wh_dir = setup.index_dirs(info)
        other_dir = setup.other_dir(info)
        results = by_corpus[name] = [QueryResult(q, corpus=name) for q in QUERIES]
        for r in results:
            q = r.query
            ng = tools.newsgrep_search(q.text, ng_dir, *q.flags)
            steps.append((r, "newsgrep pipe", _pipe, ng, False))
            if tools.other:
                other = [*tools.other_search(q.text, other_dir), *q.flags]
                steps.append((r, "--compare pipe", _other, other, False))
            every = tools.newsgrep_search(q.text, ng_dir, "-n", "0", *q.flags)
            steps.append((r, "newsgrep -n 0", _everything, every, False))
            if info is setup.big:
                compacted = tools.newsgrep_search(q.text, setup.compacted_dir(info), *q.flags)
                steps.append((r, "newsgrep, compacted index", _compacted, compacted, False))
            steps.append((r, "plain Whoosh", _whoosh, tools.whoosh_search(q.text, wh_dir), False))
            if q.fts_text:
                fts = tools.fts5_search(q.fts_text, setup.fts_path(info))
                steps.append((r, "FTS5", _fts5, fts, False))
            steps.append((r, "rg", _rg, tools.rg_search(q.rg, rel), False))
            term = tools.newsgrep_search(q.text, ng_dir, *q.flags)
            steps.append((r, "newsgrep terminal", _terminal, term, True))
    # One discarded warm-up per command, then the timed runs, interleaved.
    for run in range(0, setup.runs + 1):
        for r, name, series_of, argv, terminal in steps:
            s = measure(argv, setup.cache, terminal=terminal, timeout=setup.timeout)
            where = f"{r.corpus} {r.query.shown!r}"
            if run == 0:
                if s.failed and name == "newsgrep pipe":
                    log(f"[warm-up] newsgrep search {where}: {_show(s)}")
                continue
            series_of(r).add(s)
            log(f"[search run {run}/{setup.runs}] {name} {where}: {_show(s)}")
    return by_corpus


def _pipe(r: QueryResult) -> Series:
    return r.pipe


def _terminal(r: QueryResult) -> Series:
    return r.terminal


def _everything(r: QueryResult) -> Series:
    return r.everything


def _compacted(r: QueryResult) -> Series:
    return r.compacted


def _other(r: QueryResult) -> Series:
    return r.other


def _whoosh(r: QueryResult) -> Series:
    return r.whoosh


def _rg(r: QueryResult) -> Series:
    return r.rg


def _fts5(r: QueryResult) -> Series:
    return r.fts5


def run_startup(setup: Setup) -> StartupResult:
    tools = setup.tools
    ng_dir, _ = setup.index_dirs(setup.bbc)
    result = StartupResult()
    result.searches = {q: Series() for q in BBC_QUERIES}
    for run in range(0, setup.runs + 1):
        s = measure(tools.python_import(), setup.cache)
        if run:
            result.python_import.add(s)
            log(f"[start-up run {run}/{setup.runs}] python -c {IMPORT_ONLY!r}: {_show(s)}")
        for q, series in result.searches.items():
            s = measure(tools.newsgrep_search(q, ng_dir), setup.cache, timeout=setup.timeout)
            if run:
                series.add(s)
                log(f"[start-up run {run}/{setup.runs}] newsgrep search {q!r} (BBC): {_show(s)}")
    return result


# ---------------------------------------------------------------- report


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _ratio(a: float | None, b: float | None) -> str:
    return "–" if not a or not b else f"{a / b:.2f}×"


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}" if n < 10e6 else f"{n / 1e6:.0f}"


def _cell(series: Series) -> str:
    if series.median is None:
        return "error" if series.samples else "–"
    return _s(series.median) + (" (!)" if series.error else "")


def _md_escape(text: str) -> str:
    return text.replace("|", r"\|")


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _index_row(r: IndexResult, name: str, series: Series, size: int) -> str:
    """One indexing command's row, with its ratios to plain Whoosh and to FTS5."""
    t, cpu = series.median, series.cpu_median
    return _row(
        r.corpus,
        name,
        _cell(series),
        _s(cpu),
        _s(r.text_bytes / 1e6 / t) if t else "–",
        series.memory,
        _mb(size),
        f"{size / r.text_bytes:.1f}×",
        _ratio(t, r.whoosh.median),
        _ratio(cpu, r.whoosh.cpu_median),
        _ratio(t, r.fts5.median),
        _ratio(cpu, r.fts5.cpu_median),
    )


def index_table(results: list[IndexResult]) -> list[str]:
    out = [
        "| corpus | command | time (s) | CPU (s) | MB/s | peak RSS (anon), MB | index (MB) "
        "| index / text | time / plain Whoosh | CPU / plain Whoosh | time / FTS5 | CPU / FTS5 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        rows = [("`newsgrep index`", r.newsgrep, r.newsgrep_index_bytes),
                ("`newsgrep index -j 1`", r.single, r.newsgrep_index_bytes)]  # fmt: skip
        if r.other.samples:
            rows.append(("`--compare` newsgrep, `index`", r.other, r.other_index_bytes))
        out += [_index_row(r, name, series, size) for name, series, size in rows]
        out.append(
            _row(
                r.corpus,
                "`newsgrep index`, re-run on the unchanged corpus",
                _cell(r.rerun),
                _s(r.rerun.cpu_median),
                "–",
                r.rerun.memory,
                *["–"] * 6,
            )
        )
        out += [
            _index_row(
                r, "plain Whoosh (`baseline_whoosh.py index`)", r.whoosh, r.whoosh_index_bytes
            ),
            _index_row(r, "SQLite FTS5 (`baseline_fts5.py index`)", r.fts5, r.fts5_index_bytes),
        ]
    out.append("")
    out.append("`rg` has no index: it reads the raw files on every search.")
    for r in results:
        for name, series in (
            ("newsgrep", r.newsgrep),
            ("re-run", r.rerun),
            ("Whoosh", r.whoosh),
            ("FTS5", r.fts5),
        ):
            if series.error:
                out.append(f"- {r.corpus}, {name} failed: {series.error}")
    return out


def search_table(results: list[QueryResult]) -> list[str]:
    out = [
        "| # | kind | query | newsgrep pipe (s) | newsgrep pipe CPU (s) | newsgrep terminal (s) "
        "| plain Whoosh (s) | FTS5 (s) | rg (s) | newsgrep / Whoosh | newsgrep / FTS5 "
        "| newsgrep / rg | newsgrep `-n 0` (s) | `-n 0` / rg "
        "| newsgrep peak RSS (anon), MB | newsgrep lines | `-n 0` lines | rg lines | notes |",
        "|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for i, r in enumerate(results, 1):
        notes = []
        for name, series in (("newsgrep", r.pipe), ("terminal", r.terminal), ("Whoosh", r.whoosh)):
            if series.error:
                notes.append(f"{name} failed: {series.error}")
        if r.pipe.lines == 0 and not r.pipe.error:
            notes.append("newsgrep: no hits")
        if r.query.rg_note:
            notes.append(r.query.rg_note)
        peak = max((r.pipe, r.terminal, r.everything), key=lambda x: x.peak_rss).memory

        def lines(series: Series) -> str:
            return "–" if series.lines is None else str(series.lines)

        out.append(
            f"| {i} | {r.query.kind} | `{_md_escape(r.query.shown)}` | {_cell(r.pipe)} | "
            f"{_s(r.pipe.cpu_median)} | {_cell(r.terminal)} | {_cell(r.whoosh)} | "
            f"{_cell(r.fts5)} | {_cell(r.rg)} | "
            f"{_ratio(r.pipe.median, r.whoosh.median)} | {_ratio(r.pipe.median, r.fts5.median)} | "
            f"{_ratio(r.pipe.median, r.rg.median)} | "
            f"{_cell(r.everything)} | {_ratio(r.everything.median, r.rg.median)} | "
            f"{peak} | {lines(r.pipe)} | {lines(r.everything)} | {lines(r.rg)} | "
            f"{_md_escape('; '.join(notes))} |"
        )
    return out


def _over_queries(results: list[QueryResult], pick) -> tuple[float | None, float | None, int]:
    medians = [m for m in (pick(r).median for r in results) if m is not None]
    if not medians:
        return None, None, 0
    return statistics.median(medians), max(medians), max(pick(r).peak_rss for r in results)


def search_summary(results: list[QueryResult]) -> list[str]:
    rows = [
        ("`newsgrep search`, pipe", _pipe),
        ("`newsgrep search -n 0` (every match), pipe", _everything),
        ("`newsgrep search`, pipe, on the index after `index --compact`", _compacted),
        ("`newsgrep search`, terminal", _terminal),
        ("plain Whoosh (`baseline_whoosh.py search`)", _whoosh),
        ("SQLite FTS5 (`baseline_fts5.py search`), queries it can run", _fts5),
        ("`rg -i -n`", _rg),
    ]
    if any(r.other.samples for r in results):
        rows.append(("`--compare` newsgrep, `search`, pipe", _other))
    ng_median = _over_queries(results, _pipe)[0]
    out = [
        "| command | median over queries (s) | CPU, median (s) | slowest query (s) "
        "| peak RSS (anon), max, MB | newsgrep pipe / this |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for name, pick in rows:
        median, slowest, peak = _over_queries(results, pick)
        cpus = [c for c in (pick(r).cpu_median for r in results) if c is not None]
        cpu = statistics.median(cpus) if cpus else None
        anon = max(pick(r).peak_anon for r in results)
        if median is None:
            continue
        out.append(
            f"| {name} | {_s(median)} | {_s(cpu)} | {_s(slowest)} | {_mb(peak)} ({_mb(anon)}) "
            f"| {_ratio(ng_median, median)} |"
        )
    failed = [r.query.shown for r in results if r.pipe.error]
    if failed:
        out.append("")
        out.append("newsgrep failed on: " + ", ".join(f"`{_md_escape(q)}`" for q in failed))
    return out


def startup_table(result: StartupResult) -> list[str]:
    base = result.python_import.median
    out = [
        "| command (BBC set, pipe) | median (s) | CPU (s) | peak RSS (anon), MB "
        "| / python import |",
        "|---|--:|--:|--:|--:|",
        f'| `python -c "{IMPORT_ONLY}"` | {_cell(result.python_import)} | '
        f"{_s(result.python_import.cpu_median)} | {result.python_import.memory} | 1 |",
    ]
    for q, series in result.searches.items():
        out.append(
            f"| `newsgrep search {_md_escape(q)}` | {_cell(series)} | {_s(series.cpu_median)} | "
            f"{series.memory} | {_ratio(series.median, base)} |"
        )
    return out


def _startup_median(result: StartupResult) -> float | None:
    medians = [s.median for s in result.searches.values() if s.median is not None]
    return statistics.median(medians) if medians else None


def _paired(results: list[QueryResult], a, b) -> tuple[float | None, float | None]:
    """Medians over queries of two commands, over the queries both ran."""
    pairs = [(a(r).median, b(r).median) for r in results]
    pairs = [(x, y) for x, y in pairs if x is not None and y is not None]
    if not pairs:
        return None, None
    return statistics.median(x for x, _ in pairs), statistics.median(y for _, y in pairs)


def growth_table(small: list[QueryResult], big: list[QueryResult]) -> list[str]:
    """Per query: newsgrep's and the others' pipe time on the smallest and largest corpus."""
    if not small or not big:
        return []
    a, b = small[0].corpus, big[0].corpus
    out = [
        f"| # | query | newsgrep {a} (s) | newsgrep {b} (s) | newsgrep growth "
        f"| FTS5 growth | plain Whoosh growth | rg growth |",
        "|--:|---|--:|--:|--:|--:|--:|--:|",
    ]
    for i, (r0, r1) in enumerate(zip(small, big, strict=True), 1):
        out.append(
            _row(
                i,
                f"`{_md_escape(r0.query.shown)}`",
                _cell(r0.pipe),
                _cell(r1.pipe),
                _ratio(r1.pipe.median, r0.pipe.median),
                _ratio(r1.fts5.median, r0.fts5.median),
                _ratio(r1.whoosh.median, r0.whoosh.median),
                _ratio(r1.rg.median, r0.rg.median),
            )
        )
    return out


def targets_table(
    index: IndexResult | None,
    search: list[QueryResult] | None,
    startup: StartupResult | None,
    smaller: list[QueryResult] | None = None,
) -> list[str]:
    """The targets of the scale issue, on the largest corpus (and its growth)."""
    rows: list[tuple[str, str, bool | None]] = []
    if index:
        ng, wh, rerun = index.newsgrep.median, index.whoosh.median, index.rerun.median
        ng_cpu, wh_cpu = index.newsgrep.cpu_median, index.whoosh.cpu_median
        peak = max(index.newsgrep.peak_rss, index.single.peak_rss)
        rows += [
            (
                "indexing ≥ 2× plain Whoosh by CPU time",
                _ratio(wh_cpu, ng_cpu),
                bool(ng_cpu and wh_cpu and wh_cpu / ng_cpu >= 2),
            ),
            (
                "indexing ≥ 4× plain Whoosh by wall time",
                _ratio(wh, ng),
                bool(ng and wh and wh / ng >= 4),
            ),
            (
                "indexing peak RSS < 500 MB (process tree, default and -j 1)",
                f"{_mb(peak)} MB",
                peak < 500e6,
            ),
            (
                "index ≤ 2.5× the text",
                f"{index.newsgrep_index_bytes / index.text_bytes:.1f}×",
                index.newsgrep_index_bytes <= 2.5 * index.text_bytes,
            ),
            ("re-run on the unchanged corpus < 10 s", f"{_s(rerun)} s", bool(rerun and rerun < 10)),
        ]
    if search:
        median, slowest, peak = _over_queries(search, _pipe)
        failed = sum(1 for r in search if r.pipe.median is None)
        faster = sum(
            1 for r in search if r.pipe.median and r.rg.median and r.pipe.median < r.rg.median
        )
        ng_paired, fts_paired = _paired(search, _pipe, _fts5)
        rows += [
            (
                "every query within 0.25 s (pipe)",
                f"slowest {_s(slowest)} s" + (f", {failed} failed" if failed else ""),
                bool(slowest and slowest <= 0.25 and not failed),
            ),
            (
                "median within 3× of FTS5 (queries FTS5 runs)",
                f"{_s(ng_paired)} s vs {_s(fts_paired)} s: {_ratio(ng_paired, fts_paired)}",
                bool(ng_paired and fts_paired and ng_paired <= 3 * fts_paired),
            ),
            (
                "every query faster than rg on the same files",
                f"{faster} of {len(search)}",
                faster == len(search),
            ),
            (
                "search peak RSS < 150 MB",
                f"{_mb(peak)} MB ({_mb(max(r.pipe.peak_anon for r in search))} MB anonymous)",
                peak < 150e6,
            ),
        ]
        if smaller:
            growths = [
                (r1.pipe.median / r0.pipe.median, r1.query.shown)
                for r0, r1 in zip(smaller, search, strict=True)
                if r0.pipe.median and r1.pipe.median
            ]
            worst = max(growths, default=None)
            rows.append(
                (
                    f"every query under 2× its {smaller[0].corpus} time",
                    f"worst {worst[0]:.2f}× (`{_md_escape(worst[1])}`)" if worst else "–",
                    bool(worst and worst[0] < 2),
                )
            )
    if startup:
        ng, base = _startup_median(startup), startup.python_import.median
        rows.append(
            (
                f'BBC pipe search within 1.3× of `python -c "{IMPORT_ONLY}"`',
                f"{_ratio(ng, base)} ({_s(ng)} s vs {_s(base)} s)",
                bool(ng and base and ng <= 1.3 * base),
            )
        )
    out = ["| target | measured | met |", "|---|--:|:-:|"]
    for target, measured, met in rows:
        out.append(_row(target, measured, "–" if measured == "–" else "yes" if met else "**no**"))
    return out


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def environment_lines(setup: Setup) -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import whoosh

    return [
        f"- machine: {cpu}, {os.cpu_count()} CPUs, {mem:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}",
        f"- software: Python {platform.python_version()}, Whoosh "
        f"{'.'.join(map(str, whoosh.__version__))}, {_version([setup.tools.rg, '--version'])}, "
        f"{_version([setup.tools.newsgrep, '--version'])} (git {setup.git})",
        f"- load average (1 min) at start / end: {setup.load_start:.1f} / {load_average():.1f} "
        f"on {os.cpu_count()} CPUs"
        + (
            " — other work shared the machine: wall times are noisy, CPU times less so"
            if max(setup.load_start, load_average()) > 0.5 * (os.cpu_count() or 1)
            else ""
        ),
    ]


def report(
    setup: Setup,
    command: str,
    index: list[IndexResult] | None,
    search: dict[str, list[QueryResult]] | None,
    startup: StartupResult | None,
) -> str:
    today = dt.date.today().isoformat()
    names = [Path(info.path).name for info in setup.sizes]
    lines = [
        f"### newsgrep speed, {', '.join(names)} ({today})",
        "",
        f"Made by `{command}`: medians of {setup.runs} run{'s' if setup.runs > 1 else ''}, "
        "interleaved "
        "(newsgrep, plain Whoosh, FTS5, rg, newsgrep, ...; every corpus in one loop), after a "
        "discarded warm-up, warm page cache; "
        "whole-process wall time (and CPU time, user + system); "
        "peak RSS summed over the process tree (sampled every 5 ms), in brackets its "
        "anonymous part: without mapped files such as the index and shared libraries.",
        "",
        *(f"- {Path(info.path).name}: {info.describe()}" for info in setup.sizes),
        f"- BBC set: {setup.bbc.describe()}",
        *environment_lines(setup),
        "",
    ]
    if index:
        lines += ["#### Indexing", "", *index_table(index), ""]
    for name, results in (search or {}).items():
        lines += [
            f"#### Search, {name} corpus (whole process)",
            "",
            "newsgrep prints every matching paragraph of the best 20 articles (default `-n 20`), "
            "and with `-n 0` every matching paragraph of every matching article: the same "
            "output as rg's, which prints every matching line (case-insensitive substring, "
            "not words); plain Whoosh and FTS5 print their best 20 paragraphs. The terminal "
            "mode runs newsgrep under a "
            f"{TERMINAL_SIZE[1]}×{TERMINAL_SIZE[0]} pseudo-terminal. "
            "(!) marks a median over fewer runs because some failed.",
            "",
            *search_table(results),
            "",
            *search_summary(results),
            "",
        ]
    if search and len(search) > 1:
        first, last = list(search.values())[0], list(search.values())[-1]
        lines += [
            f"#### Growth from {first[0].corpus} to {last[0].corpus} (pipe, whole process)",
            "",
            *growth_table(first, last),
            "",
        ]
    if startup:
        lines += ["#### Start-up, BBC set", "", *startup_table(startup), ""]
    lines += [f"#### Targets of the scale issue, {Path(setup.big.path).name}", ""]
    big_index = next((r for r in index or [] if r.corpus == Path(setup.big.path).name), None)
    results = list((search or {}).values())
    lines += targets_table(
        big_index,
        results[-1] if results else None,
        startup,
        results[0] if len(results) > 1 else None,
    )
    return "\n".join(lines) + "\n"


README_START = "<!-- speed.py results: start -->"
README_END = "<!-- speed.py results: end -->"


def update_readme(path: Path, text: str, check_only: bool = False) -> None:
    """Replace what lies between the two marker lines of ``path`` with ``text``."""
    try:
        old = path.read_text()
    except OSError as e:
        raise SystemExit(f"speed: cannot read {path}: {e.strerror}") from e
    start, end = old.find(README_START), old.find(README_END)
    if start == -1 or end < start:
        raise SystemExit(f"speed: {path} has no lines {README_START} ... {README_END}")
    if not check_only:
        head = old[: start + len(README_START)]
        path.write_text(f"{head}\n\n{text.rstrip()}\n\n{old[end:]}")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark newsgrep against plain Whoosh and ripgrep.",
        epilog="Corpora stay cached in --cache; indexes are deleted at the end unless --keep.",
    )
    parser.add_argument(
        "--size",
        help="size of the repeated corpus: 10M, 100M (default), 1G; several, comma-separated "
        "(50M,100M,1G), are measured in one run, with the growth from the first to the last",
    )
    parser.add_argument(
        "--layout",
        choices=corpora.LAYOUTS,
        default="tagged",
        help="how the corpus files are written (see corpus.py): tagged (lang in front matter), "
        "plain (no lang), mixed (SGML, .txt, .html, .jsonl; no lang)",
    )
    parser.add_argument("--runs", type=int, help="timed runs of every command (default 5)")
    parser.add_argument("--quick", action="store_true", help="10M corpus and 1 run")
    parser.add_argument("--only", choices=["index", "search"], help="run only one phase")
    parser.add_argument("--keep", action="store_true", help="keep the indexes for a later run")
    parser.add_argument("--cache", type=Path, default=corpora.CACHE_DIR, help="work folder")
    parser.add_argument("--data", type=Path, default=corpora.DEFAULT_DATA, help="data sets")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per search command")
    parser.add_argument("--newsgrep", help="the newsgrep command (default: next to this python)")
    parser.add_argument(
        "--compare", metavar="OTHER", help="a second newsgrep command, measured beside the first"
    )
    parser.add_argument(
        "--readme",
        type=Path,
        help=f"also put the tables into this file, between {README_START} and {README_END}",
    )
    args = parser.parse_args(argv)
    if args.readme:
        update_readme(args.readme, "", check_only=True)
    size_text = args.size or ("10M" if args.quick else "100M")
    runs = args.runs or (1 if args.quick else 5)
    try:
        sizes = sorted({corpora.parse_size(part) for part in size_text.split(",")})
    except ValueError as e:
        parser.error(str(e))
    if runs < 1:
        parser.error("--runs must be at least 1")

    command = "python benchmarks/speed.py " + shlex.join(
        sys.argv[1:] if argv is None else list(argv)
    )
    tools = find_tools(args.newsgrep, args.compare)
    for command_ in filter(None, (tools.newsgrep, tools.other)):
        compile_package(command_)
    cache = args.cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    log(f"corpora in {cache}")
    infos = []
    for size in sizes:
        out = cache / corpora.corpus_dir(size, args.layout).name
        infos.append(corpora.build_corpus(size, out, data_dir=args.data, layout=args.layout))
        log(infos[-1].describe())
    big = infos[-1]
    bbc = corpora.build_bbc(cache / "bbc", data_dir=args.data)
    log(bbc.describe())
    for info in (*infos, bbc):
        warm_page_cache(Path(info.path))
    git = _version(["git", "-C", str(REPO), "describe", "--always", "--dirty"])
    setup = Setup(tools, cache, runs, args.timeout, infos, bbc, load_average(), git)

    index_results = search_results = startup = None
    try:
        if args.only != "search":
            index_results = [run_index(setup, info, Path(info.path).name) for info in infos]
            index_results.append(run_index(setup, bbc, "BBC"))
        if args.only != "index":
            for info in (*infos, bbc):
                ensure_indexes(setup, info)
            ensure_compacted(setup, big)
            search_results = run_search(setup)
            startup = run_startup(setup)
    finally:
        if not args.keep:
            for info in (*infos, bbc):
                base = setup.index_dirs(info)[0].parent
                if base.exists():
                    shutil.rmtree(base)

    text = report(setup, command, index_results, search_results, startup)
    label = "+".join(Path(info.path).name.removeprefix("corpus-") for info in infos)
    (cache / f"results-{label}.md").write_text(text)
    raw = {
        "command": command,
        "corpora": [asdict(info) for info in infos],
        "bbc": asdict(bbc),
        "index": [asdict(r) for r in index_results or []],
        "search": {k: [asdict(r) for r in v] for k, v in (search_results or {}).items()},
        "startup": asdict(startup) if startup else None,
    }
    (cache / f"results-{label}.json").write_text(json.dumps(raw, indent=1) + "\n")
    log(f"written: {cache / f'results-{label}.md'} and .json")
    if args.readme:
        update_readme(args.readme, text)
        log(f"updated the performance section of {args.readme}")
    print(text)


if __name__ == "__main__":
    main()
