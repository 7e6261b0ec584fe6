"""Never lose the index: kills, Ctrl-C, two writers, full disks, hostile files and queries."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import resource
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgrep import open_archive, search, text
from newsgrep.engine.store import IndexWriter
from newsgrep.errors import IndexDamagedError, IndexLockedError, NewsgrepError, QueryError
from newsgrep.index import update_index
from newsgrep.printers import select_output, select_printer

from .crash import NEWSGREP, run_index, state_of, trials, write_corpus
from .test_cli import run


def _killed(outcome: dict[str, int]) -> int:
    return outcome["killed, old state"] + outcome["killed, new state"]


def test_killed_mid_index_keeps_the_last_completed_state(tmp_path):
    outcome = trials(tmp_path, count=3, files=60, seed=7)
    assert _killed(outcome) >= 2 and outcome["finished"] >= 1, outcome


def test_killed_with_indexing_processes_keeps_the_last_completed_state(tmp_path):
    """Killing the parent takes its indexing processes along: the lock is free again."""
    outcome = trials(tmp_path, count=2, files=60, seed=11, args=("-j", "2"))
    assert _killed(outcome) >= 1 and outcome["finished"] >= 1, outcome


@pytest.mark.slow
@pytest.mark.parametrize(
    "how",
    [{"args": ("--compact",)}, {"args": ("--lang", "en")}, {"forget": "wire"}],
    ids=["compact", "new options", "forget"],
)
def test_killed_compacting_forgetting_or_rereading_keeps_a_whole_state(tmp_path, how):
    """The newer operations are killed too: merging the index into one segment,
    re-reading every file with new reading options, forgetting a folder."""
    outcome = trials(tmp_path, count=3, files=60, seed=23, **how)
    assert _killed(outcome) >= 2 and outcome["finished"] >= 1, outcome


@pytest.mark.slow
def test_many_kills_keep_the_last_completed_state(tmp_path):
    outcome = trials(tmp_path, count=20, files=60, seed=17)
    assert _killed(outcome) >= 5 and outcome["finished"] >= 1, outcome


@pytest.mark.slow
def test_many_kills_with_indexing_processes_keep_the_last_completed_state(tmp_path):
    outcome = trials(tmp_path, count=10, files=60, seed=19, args=("-j", "2"))
    assert _killed(outcome) >= 3 and outcome["finished"] >= 1, outcome


def wait_until_writing(index_dir: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Return once `newsgrep index` has its writer open (its temporary folder exists).

    Waiting for the writer, rather than for a fixed time, keeps the tests
    right on fast and slow machines alike.
    """
    deadline = time.monotonic() + timeout
    while not (index_dir / "newsgrep.tmp").exists():
        assert proc.poll() is None, "indexing ended before its writer was seen"
        assert time.monotonic() < deadline, "indexing never opened its writer"
        time.sleep(0.005)


def test_ctrl_c_stops_cleanly_and_keeps_the_index(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 20)
    assert run_index(corpus, index_dir).returncode == 0
    before = state_of(index_dir)
    write_corpus(corpus, 3000, start=20, word="giraffe")  # a run long enough to interrupt
    proc = subprocess.Popen(
        [*NEWSGREP, "index", "--index", str(index_dir), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A job started in the background of a shell (as CI may run us)
        # ignores SIGINT, and so would the child: give it Ctrl-C back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    wait_until_writing(index_dir, proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert state_of(index_dir) == before


def test_second_writer_waits_then_fails_clearly(write, index_dir):
    write("a.txt", "A\n\nzebra\n")
    update_index([write.root], index_dir)
    holder = IndexWriter(index_dir, False, 1.0)  # another writer holds the lock
    try:
        started = time.perf_counter()
        code, _out, err = run("index", "--wait", "0.5", str(write.root))
        assert code == 2 and time.perf_counter() - started < 10
        assert "locked by another writer" in err and "--wait" in err
        with pytest.raises(IndexLockedError):
            update_index([write.root], index_dir, lock_timeout=0.2)
        # searches keep answering meanwhile
        assert search("zebra", index_dir).total_articles == 1
    finally:
        holder.cancel()


def test_second_writer_waits_for_the_first(write, index_dir):
    write("a.txt", "A\n\nzebra\n")
    update_index([write.root], index_dir)
    holder = IndexWriter(index_dir, False, 1.0)
    threading.Timer(1.0, holder.cancel).start()
    write("b.txt", "B\n\nzebra\n")
    summary = update_index([write.root], index_dir, lock_timeout=30)
    assert summary.total_articles == 2


def test_search_during_indexing_sees_the_last_commit(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 20)
    assert run_index(corpus, index_dir).returncode == 0
    before = state_of(index_dir)
    write_corpus(corpus, 1500, start=20)
    proc = subprocess.Popen(
        [*NEWSGREP, "index", "-q", "--index", str(index_dir), str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_writing(index_dir, proc)
        assert state_of(index_dir) == before
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 0
    assert state_of(index_dir).articles == 1520


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, not a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_is_a_clear_error_and_keeps_the_index(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 10)
    assert run_index(corpus, index_dir).returncode == 0
    before = state_of(index_dir)
    write_corpus(corpus, 400, start=10, word="giraffe")
    proc = run_index(corpus, index_dir, preexec_fn=_limit_file_size(64 * 1024))
    assert proc.returncode == 2
    assert "cannot write the index" in proc.stderr and "File too large" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert state_of(index_dir) == before


def test_read_only_index_folder_is_a_clear_error(write, index_dir, monkeypatch):
    write("a.txt", "A\n\nzebra\n")
    update_index([write.root], index_dir)
    write("b.txt", "B\n\nzebra\n")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if str(path).startswith(str(index_dir)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(NewsgrepError, match="Read-only file system"):
        update_index([write.root], index_dir)
    monkeypatch.undo()
    assert search("zebra", index_dir).total_articles == 1


@pytest.mark.parametrize("damage", ["truncate", "delete"])
@pytest.mark.parametrize("kind", [".pst", ".trm", "._stored.col", ".pn.col", "._text_len.col"])
def test_damaged_index_files_are_detected_and_rebuilt(write, index_dir, kind, damage):
    write("a.txt", "A\n\nzebra\n")
    update_index([write.root], index_dir)
    # The article's segment: the largest (the index's stories have a small one of their own).
    part = max(index_dir.glob(f"*{kind}"), key=lambda p: p.stat().st_size)
    if damage == "truncate":
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    else:
        part.unlink()
    code, _out, err = run("search", "zebra")
    assert code == 2 and "Traceback" not in err
    assert "newsgrep index --rebuild" in err and ("damaged" in err or "missing" in err)
    with pytest.raises(IndexDamagedError):
        update_index([write.root], index_dir)
    assert run("index", "--rebuild", str(write.root))[0] == 0
    assert search("zebra", index_dir).total_articles == 1


# ---------------------------------------------------------------- hostile files

ESCAPES = ("\x1b", "\x9b", "\x07", "\x00")

contents = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.characters(codec="latin-1"), max_size=500).map(
        lambda t: t.encode("latin-1")
    ),
    st.lists(st.text(max_size=40), max_size=50).map(lambda ls: "\n".join(ls).encode()),
)
names = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", codec="utf-8"), min_size=1, max_size=30
).filter(lambda n: n not in (".", ".."))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=st.lists(st.tuples(names, contents), min_size=1, max_size=6))
def test_hostile_files_never_crash_or_leak_escapes(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("hostile")
    index_dir = tmp_path_factory.mktemp("index")
    written = set()
    for i, (name, data) in enumerate(files):
        path = root / f"{i}-{name}.txt"
        try:
            path.write_bytes(data + b"\n\nzebra zebra\n")
        except OSError:  # a name the file system refuses
            continue
        written.add(path.name)
    summary = update_index([root], index_dir)
    skipped = {Path(s.path).name for s in summary.skipped_files}
    # every file is either searchable or reported with a reason
    for name in written - skipped:
        assert open_archive(index_dir).article(str(root / name)), name
    result = search("zebra", index_dir, limit=None, collapse=False)
    for terminal in (True, False):
        out = io.StringIO()
        select_printer("lines", select_output("always", out, terminal)).print(result)
        # Only newsgrep's own colour and style sequences may remain.
        text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
        assert not any(c in text for c in ESCAPES)


def test_fifty_megabyte_line_and_a_million_paragraphs(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "one-line.txt").write_text("Long\n\n" + "zebra runs fast " * 3_300_000)
    (corpus / "tiny-paragraphs.txt").write_text("Tiny\n\n" + "okapi\n\n" * 1_000_000)
    started = time.perf_counter()
    proc = subprocess.run(
        [*NEWSGREP, "index", "--index", str(index_dir), str(corpus)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode == 0, proc.stderr
    assert "partly read: 1" in proc.stderr  # the text past 5,000,000 characters
    assert peak_mb < 600, f"peak memory {peak_mb:.0f} MB"
    assert time.perf_counter() - started < 600
    facts = state_of(index_dir)
    assert facts.articles == 2 and facts.paragraphs <= 5000 + 1000
    assert search("okapi", index_dir).total_articles == 1


def test_deep_folders_links_and_unreadable_files(tmp_path, index_dir, monkeypatch):
    root = tmp_path / "deep"
    path = root
    for i in range(60):
        path = path / f"level{i}"
    path.mkdir(parents=True)
    (path / "bottom.txt").write_text("Bottom\n\nzebra\n")
    os.symlink(root, path / "loop")
    os.symlink(root / "nowhere", root / "dangling.txt")
    (root / "secret.txt").write_text("Secret\n\nzebra\n")
    real_open = text.open_regular

    def denied(path):
        if Path(path).name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(text, "open_regular", denied)
    summary = update_index([root], index_dir)
    assert summary.articles == 1
    assert summary.skipped["permission denied (read again on the next run)"] == 1
    assert summary.skipped["broken link"] == 1


def test_a_file_that_failed_for_a_passing_reason_is_read_again(write, index_dir, monkeypatch):
    write("a.txt", "Alpha\n\nzebra one\n")
    flaky = write("b.txt", "Beta\n\nzebra two\n")
    real_open = text.open_regular
    failing = {"b.txt": errno.EIO}

    def read(path):
        name = Path(path).name
        if name in failing:
            raise OSError(failing[name], os.strerror(failing[name]), str(path))
        return real_open(path)

    monkeypatch.setattr(text, "open_regular", read)
    first = update_index([write.root], index_dir)
    assert first.articles == 1 and first.skipped == {
        "Input/output error (read again on the next run)": 1
    }
    again = update_index([write.root], index_dir)  # still failing: tried again, not "unchanged"
    assert again.files_read == 1 and again.files_unchanged == 1
    failing.clear()  # the disk recovers, the file did not change
    fixed = update_index([write.root], index_dir)
    assert fixed.files_read == 1 and fixed.articles == 1 and not fixed.skipped
    assert len(search("zebra", index_dir).articles) == 2
    assert os.path.getmtime(flaky)  # (the file itself was never touched)
    last = update_index([write.root], index_dir)
    assert last.files_read == 0 and last.files_unchanged == 2


def test_a_folder_that_cannot_be_listed_keeps_its_articles(write, index_dir, monkeypatch):
    write("keep/a.txt", "Alpha\n\nzebra one\n")
    write("b.txt", "Beta\n\nzebra two\n")
    update_index([write.root], index_dir)
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("keep"):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = update_index([write.root], index_dir)
    assert summary.files_removed == 0 and summary.articles_removed == 0
    assert summary.skipped == {"unreadable folder (Input/output error)": 1}
    assert len(search("zebra", index_dir).articles) == 2


def test_file_names_with_newlines_and_escapes(write, index_dir):
    write("line\nbreak\x1b[2J.txt", "Title\n\nzebra\n")
    update_index([write.root], index_dir)
    code, out, _ = run("search", "zebra")
    assert code == 0 and out.count("\n") == 1 and "\x1b" not in out
    assert "line?break?[2J.txt:1:zebra" in out


# ---------------------------------------------------------------- hostile queries


@pytest.fixture(scope="module")
def query_index(tmp_path_factory):
    from .conftest import CORPUS

    index_dir = tmp_path_factory.mktemp("query-index")
    update_index([CORPUS], index_dir)
    return index_dir


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_query_gives_results_or_a_query_error(query_index, text):
    started = time.perf_counter()
    with contextlib.suppress(QueryError):
        search(text, query_index)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "query",
    [
        " ".join(f"w{i}" for i in range(10_000)),
        "(" * 500 + "Witkoff" + ")" * 500,
        "*a*",
        "*",
        "Witkoff~9",
        'title:"',
        "date:[2025-01 to bad]",
        "((Witkoff OR) AND NOT)",
        ":::",
        "Witkoff^999999999999",
    ],
)
def test_hostile_queries_exit_2_or_answer_quickly(query_index, query):
    started = time.perf_counter()
    code, out, err = run("search", "--index", str(query_index), query)
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("newsgrep: error:")
    assert time.perf_counter() - started < 10
