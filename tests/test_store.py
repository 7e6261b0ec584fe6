"""The index store under faults: damaged files, bit rot, commits during searches,
the write lock, full disks, power cuts, and the segments many small runs leave."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from newsgrep import search
from newsgrep.engine import segments, store
from newsgrep.errors import IndexDamagedError, IndexLockedError, NewsgrepError
from newsgrep.index import update_index

from .crash import write_corpus
from .test_cli import run


def flip(path: Path, position: int) -> None:
    """Turn every bit of one byte of ``path`` (bit rot, a bad sector)."""
    data = bytearray(path.read_bytes())
    data[position % len(data)] ^= 0xFF
    path.write_bytes(bytes(data))


def toc_of(index_dir: Path) -> Path:
    [toc] = index_dir.glob("_newsgrep_*.toc")
    return toc


def answers(index_dir: Path) -> tuple:
    """Everything a few searches and `stats` show: paths, paragraphs, texts, scores."""
    shown = []
    for query in ("zebra", "giraffe", "road lane", '"the zebra"'):
        code, out, err = run("search", "--index", str(index_dir), "--json", "-n", "0", query)
        assert "Traceback" not in err
        shown.append((code, out, err))
    code, out, err = run("stats", "--index", str(index_dir), "--json")
    facts = json.loads(out) if code == 0 else None
    if facts:
        facts.pop("last_update", None)
        facts.pop("size_bytes", None)
        facts.pop("index", None)  # (a copy of an index lies at another path)
    return tuple(shown), (code, facts)


# ---------------------------------------------------------------- a damaged table of contents


@pytest.fixture(scope="module")
def told_index(tmp_path_factory):
    """An index of 40 stories whose folder was told --lang en and --exclude (remembered)."""
    work = tmp_path_factory.mktemp("told")
    corpus = work / "corpus"
    write_corpus(corpus, 40)
    index_dir = work / "index"
    code, _out, err = run(
        "index", "-q", "--index", str(index_dir), "--lang", "en",
        "--exclude", "story-0000*", str(corpus),
    )  # fmt: skip
    assert code == 0, err
    return corpus, index_dir


TOC_DAMAGE = [
    ("zero-length", None),
    *[(f"truncated to {share:.0%}", share) for share in (0.01, 0.3, 0.7, 0.99)],
    *[(f"byte flipped at {share:.0%}", -share) for share in (0.01, 0.1, 0.2, 0.3, 0.4, 0.5,
                                                              0.6, 0.7, 0.8, 0.9, 0.99)],
]  # fmt: skip


@pytest.mark.parametrize("damage", [share for _name, share in TOC_DAMAGE],
                         ids=[name for name, _share in TOC_DAMAGE])  # fmt: skip
def test_rebuild_repairs_a_damaged_table_of_contents_and_keeps_what_was_told(
    told_index, tmp_path, damage
):
    """A flipped, truncated or zero-length table of contents (what a power cut can
    leave): searches say the index is damaged, and `--rebuild` repairs it without
    reading it, keeping the options remembered for the folder."""
    corpus, base = told_index
    index_dir = tmp_path / "damaged"
    shutil.copytree(base, index_dir)
    toc = toc_of(index_dir)
    size = toc.stat().st_size
    if damage is None:
        toc.write_bytes(b"")
    elif damage > 0:
        toc.write_bytes(toc.read_bytes()[: int(size * damage)])
    else:
        flip(toc, int(size * -damage))
    code, out, err = run("search", "--index", str(index_dir), "zebra")
    assert code == 2 and out == "" and "Traceback" not in err, err
    assert "newsgrep index --rebuild" in err
    code, _out, err = run("index", "--rebuild", "--index", str(index_dir), str(corpus))
    assert code == 0, err
    # The folder is read as it was told: 10 stories excluded, English.
    assert "read 30 files" in err and "excluded by --exclude: 10" in err, err
    code, out, _err = run("stats", "--index", str(index_dir), "--json")
    [folder] = json.loads(out)["folders"]
    assert folder["options"] == "--lang en --exclude 'story-0000*'"
    assert search("zebra", index_dir, limit=None).total_articles == 30


def test_a_rebuild_says_what_it_could_not_keep(told_index, tmp_path):
    """With the table of contents and newsgrep's own record both damaged, the
    options told for a folder are lost: the rebuild completes and says so."""
    corpus, base = told_index
    index_dir = tmp_path / "damaged"
    shutil.copytree(base, index_dir)
    toc_of(index_dir).write_bytes(b"")
    (index_dir / store.FORMAT_FILE).write_bytes(b"")
    code, _out, err = run("index", "--rebuild", "--index", str(index_dir), str(corpus))
    assert code == 0, err
    assert "could not be read" in err and "remembered" in err, err
    assert "read 40 files" in err
    assert search("zebra", index_dir, limit=None).total_articles == 40


def test_rebuild_starts_over_from_any_state_of_the_folder(told_index, tmp_path):
    """Leftovers of killed runs, zero-length files, a lost lock file, a missing
    record: every state of the folder is rebuilt into the same index."""
    corpus, base = told_index

    def mangle_all(index_dir: Path) -> None:
        for path in sorted(index_dir.iterdir()):
            if path.is_file() and path.name != store.FORMAT_FILE:
                if "WRITELOCK" in path.name:
                    path.unlink()
                else:
                    path.write_bytes(b"")
        (index_dir / "newsgrep_0123456789abcdef.pst").write_bytes(b"half a segment")
        (index_dir / "_newsgrep_1.toc.1764000000.25").write_bytes(b"a table being written")
        (index_dir / "newsgrep.tmp").mkdir(exist_ok=True)
        (index_dir / "newsgrep.tmp" / "abc.ctmp").write_bytes(b"x" * 1000)
        (index_dir / f"{store.FORMAT_FILE}.4242").write_text("{")

    states = {
        "every file empty": mangle_all,
        "no record": lambda d: (d / store.FORMAT_FILE).unlink(),
        "record empty": lambda d: (d / store.FORMAT_FILE).write_bytes(b""),
        "no table of contents": lambda d: toc_of(d).unlink(),
    }
    for name, damage in states.items():
        index_dir = tmp_path / name.replace(" ", "-")
        shutil.copytree(base, index_dir)
        damage(index_dir)
        code, _out, err = run("index", "--rebuild", "--index", str(index_dir), str(corpus))
        assert code == 0, (name, err)
        assert search("zebra", index_dir, limit=None).total_articles in (30, 40), name
        leftovers = {p.name for p in index_dir.iterdir()} - {
            p.name for p in base.iterdir()
        }  # fmt: skip
        assert not any(n.endswith((".ctmp", ".4242", ".25")) or n == "newsgrep.tmp"
                       for n in leftovers), (name, leftovers)  # fmt: skip


# ---------------------------------------------------------------- bit rot


@pytest.fixture(scope="module")
def rotting_index(tmp_path_factory):
    work = tmp_path_factory.mktemp("rot")
    corpus = work / "corpus"
    write_corpus(corpus, 30)
    write_corpus(corpus, 30, start=30, word="giraffe")
    index_dir = work / "index"
    update_index([corpus], index_dir)
    return index_dir, answers(index_dir)


def _index_files(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.is_file() and "WRITELOCK" not in p.name)


@pytest.mark.parametrize("where", [0.02, 0.5, 0.98], ids=["start", "middle", "end"])
def test_bit_rot_in_any_index_file_is_damage_not_a_wrong_answer(rotting_index, tmp_path, where):
    """A flipped byte anywhere in any file of the index (postings, terms, stored
    fields, every column, the table of contents, newsgrep's record) gives the
    same answers as before or the damage error: never other answers."""
    base, before = rotting_index
    wrong = []
    for name in _index_files(base):
        index_dir = tmp_path / "copy"
        shutil.copytree(base, index_dir)
        flip(index_dir / name, int((index_dir / name).stat().st_size * where))
        after = answers(index_dir)
        damaged = all(code == 2 and "--rebuild" in err for code, _o, err in after[0])
        if after != before and not damaged:
            wrong.append(name.split(".", 1)[-1])
        shutil.rmtree(index_dir)
    assert not wrong, f"a flipped byte gave other answers, not the damage error: {wrong}"


def test_bit_rot_in_the_paragraph_numbers_is_detected(rotting_index, tmp_path):
    """The paragraph-number column places every paragraph in its article: a byte
    flipped in it is reported as damage wherever it is."""
    base, _before = rotting_index
    columns = sorted(p.name for p in base.glob("*.pn.col"))  # one per segment
    assert columns
    for name in columns:
        for share in (0.1, 0.3, 0.5, 0.7, 0.9):
            index_dir = tmp_path / f"pn-{share}"
            shutil.copytree(base, index_dir)
            column = index_dir / name
            flip(column, int(column.stat().st_size * share))
            code, _out, err = run("search", "--index", str(index_dir), "zebra")
            assert code == 2 and "damaged" in err and "--rebuild" in err, (name, share, err)
            shutil.rmtree(index_dir)


# ---------------------------------------------------------------- commits during searches


def test_a_search_paused_while_a_commit_removes_its_files_answers_from_one_state(
    tmp_path, monkeypatch
):
    """A search stopped at its check of the index files while a commit merges the
    segments away (deleting their files) answers from one state, never with a
    false "index damaged"."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    monkeypatch.setattr(segments, "SEGMENT_POSTINGS", 400)  # several segments
    write_corpus(corpus, 40)
    update_index([corpus], index_dir, jobs=1)
    assert len(store.open_index(index_dir)._segments()) > 2
    expected = search("zebra", index_dir, limit=None).total_articles

    paused, resume = threading.Event(), threading.Event()
    real_check = store._check_files

    def pausing(*args, **kwargs):
        if threading.current_thread().name == "search" and not paused.is_set():
            paused.set()
            resume.wait(60)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(store, "_check_files", pausing)
    outcome = {}

    def searching() -> None:
        try:
            outcome["found"] = search("zebra", index_dir, limit=None).total_articles
        except Exception as e:  # noqa: BLE001 - the outcome under test
            outcome["error"] = e

    thread = threading.Thread(target=searching, name="search")
    thread.start()
    assert paused.wait(60), "the search never reached its check of the files"
    before = {s.segid for s in store.open_index(index_dir)._segments()}
    update_index([corpus], index_dir, compact=True)  # every segment written again
    assert not before & {s.segid for s in store.open_index(index_dir)._segments()}
    resume.set()
    thread.join(60)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["found"] == expected


def test_a_column_a_commit_removed_is_not_read_as_defaults(tmp_path):
    """A search that reads a column after a commit removed its file gets the error it
    answers by opening the index again (see Archive), never a column of defaults
    (Whoosh takes a column file that is not there for one the segment never had)."""
    from newsgrep.engine.reading import Session

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 20)
    update_index([corpus], index_dir, jobs=1)
    write_corpus(corpus, 5, start=20)
    update_index([corpus], index_dir, jobs=1)
    session = Session(index_dir)
    try:
        assert any(session.column("tie", "Q"))
        session._columns.clear()
        update_index([corpus], index_dir, compact=True)  # the old segments' files go
        with pytest.raises(FileNotFoundError):
            session.column("tie", "Q")
    finally:
        session.close()


# ---------------------------------------------------------------- the write lock


def test_two_first_writers_of_a_new_index_keep_both_runs(tmp_path, monkeypatch):
    """Two `newsgrep index` of different folders into an index that does not
    exist yet: the second waits for the first, and both folders' articles stay
    (one used to create the index over the other's finished run)."""
    index_dir = tmp_path / "index"
    write_corpus(tmp_path / "a", 30, word="zebra")
    write_corpus(tmp_path / "b", 20, word="giraffe")
    first_done = threading.Event()
    real_create = store.create_index

    def slow_create(*args, **kwargs):
        if threading.current_thread().name == "b":
            first_done.wait(3)  # a stall: long enough for the other run to finish
        return real_create(*args, **kwargs)

    monkeypatch.setattr(store, "create_index", slow_create)
    errors = []

    def index(name: str) -> None:
        try:
            update_index([tmp_path / name], index_dir, jobs=1, lock_timeout=60)
        except Exception as e:  # noqa: BLE001
            errors.append(e)
        if name == "a":
            first_done.set()

    b = threading.Thread(target=index, args=("b",), name="b")
    b.start()
    time.sleep(0.3)  # b is creating the index
    a = threading.Thread(target=index, args=("a",), name="a")
    a.start()
    a.join(60)
    b.join(60)
    assert not errors, errors
    assert search("zebra", index_dir, limit=None).total_articles == 30
    assert search("giraffe", index_dir, limit=None).total_articles == 20


def test_deleting_the_lock_file_does_not_let_a_second_writer_in(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 5)
    update_index([corpus], index_dir)
    holder = store.IndexWriter(index_dir, False, 1.0)
    try:
        for path in index_dir.iterdir():
            if "LOCK" in path.name.upper():
                path.unlink()
        with pytest.raises(IndexLockedError):
            update_index([corpus], index_dir, lock_timeout=0.3)
        code, _out, err = run("index", "--wait", "0.2", "--index", str(index_dir), str(corpus))
        assert code == 2 and "locked by another writer" in err
    finally:
        holder.cancel()
    write_corpus(corpus, 5, start=5)
    assert update_index([corpus], index_dir).total_articles == 10  # free again


# ---------------------------------------------------------------- full disks and power cuts


def _full_disk_after(monkeypatch, budget: int) -> None:
    """Every file written under any folder fails with ENOSPC once ``budget`` bytes were
    written in all: a disk that fills up, then stays full."""
    import builtins

    real_open = builtins.open
    written = [0]

    class Full:
        def __init__(self, f):
            self._f = f

        def write(self, data):
            written[0] += len(data)
            if written[0] > budget:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._f.name)
            return self._f.write(data)

        def __getattr__(self, name):
            return getattr(self._f, name)

        def __iter__(self):
            return iter(self._f)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._f.close()

    def opening(file, mode="r", *args, **kwargs):
        f = real_open(file, mode, *args, **kwargs)
        return Full(f) if any(c in mode for c in "wax+") else f

    for module in ("whoosh.filedb.filestore", "newsgrep.engine.files", "newsgrep.engine.store"):
        if importlib.util.find_spec(module):
            monkeypatch.setattr(f"{module}.open", opening, raising=False)


def test_a_full_disk_leaves_no_files_behind_and_says_so(tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 10)
    update_index([corpus], index_dir)
    before = {p.name for p in index_dir.iterdir()}
    expected = answers(index_dir)
    write_corpus(corpus, 300, start=10, word="giraffe")
    _full_disk_after(monkeypatch, 200_000)
    with pytest.raises(NewsgrepError) as failure:
        update_index([corpus], index_dir, jobs=1)
    monkeypatch.undo()
    message = f"{failure.value.message} {failure.value.hint}"
    assert "No space left on device" in message and "removed" in message, message
    assert {p.name for p in index_dir.iterdir()} == before
    assert answers(index_dir) == expected


def test_a_run_syncs_its_files_and_the_folder_before_it_reports_success(tmp_path, monkeypatch):
    """Every file of the new commit, its table of contents and the index folder are
    synced to disk (fsync) before the table of contents takes over and before the
    run returns; a power cut after that cannot lose the run."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 10)
    update_index([corpus], index_dir)
    write_corpus(corpus, 10, start=10, word="giraffe")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd):
        events.append(("fsync", os.path.realpath(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(src, dst, *args, **kwargs):
        events.append(("rename", os.path.realpath(dst)))
        return real_replace(src, dst, *args, **kwargs)

    def rename(src, dst, *args, **kwargs):
        events.append(("rename", os.path.realpath(dst)))
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    update_index([corpus], index_dir, jobs=1)
    monkeypatch.undo()
    toc = os.path.realpath(toc_of(index_dir))
    folder = os.path.realpath(index_dir)
    synced = [path for kind, path in events if kind == "fsync"]
    [toc_rename] = [i for i, (kind, path) in enumerate(events) if (kind, path) == ("rename", toc)]
    committed = [
        os.path.realpath(p)
        for p in index_dir.iterdir()
        if p.is_file()
        and p.name.startswith("newsgrep_")
        and "WRITELOCK" not in p.name
        # (the file records kept beside a segment check themselves and may be lost:
        # a run reads the segment's stored fields then)
        and not p.name.endswith(store.RECORDS_SUFFIX)
    ]
    assert any(p.name.endswith(store.RECORDS_SUFFIX) for p in index_dir.iterdir())
    before_toc = {path for kind, path in events[:toc_rename] if kind == "fsync"}
    assert not [p for p in committed if p not in before_toc], "files not synced before the TOC"
    assert folder in {path for kind, path in events[toc_rename:] if kind == "fsync"}
    assert synced, "nothing was synced"


# ---------------------------------------------------------------- segments


def _segment_ids(index_dir: Path) -> list[str]:
    return sorted(s.segid for s in store.open_index(index_dir)._segments())


def test_a_run_that_changes_nothing_merges_and_writes_nothing(tmp_path, monkeypatch):
    """The first re-run after a build (and every one after it) on an unchanged
    archive leaves every segment as it is, however many there are."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    monkeypatch.setattr(segments, "SEGMENT_POSTINGS", 400)
    write_corpus(corpus, 60)
    update_index([corpus], index_dir, jobs=1)
    built = _segment_ids(index_dir)
    assert len(built) >= 8
    toc = toc_of(index_dir).name
    for _ in range(2):
        summary = update_index([corpus], index_dir, jobs=1)
        assert summary.files_read == 0 and summary.files_unchanged == 60
        assert _segment_ids(index_dir) == built
        assert toc_of(index_dir).name == toc  # not even a new table of contents


def test_one_changed_file_does_not_rewrite_the_segments_of_a_build(tmp_path, monkeypatch):
    """A daily run that edits one file writes a small segment (and, once a segment
    has lost a third of its documents, that one again), not the whole archive;
    a run after it that changes nothing merges nothing."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    monkeypatch.setattr(segments, "SEGMENT_POSTINGS", 400)
    write_corpus(corpus, 60)
    update_index([corpus], index_dir, jobs=1)
    built = set(_segment_ids(index_dir))
    story = corpus / "story-00007.txt"
    story.write_text(story.read_text().replace("zebra", "giraffe"))
    os.utime(story, ns=(0, story.stat().st_mtime_ns + 10**9))
    update_index([corpus], index_dir, jobs=1)
    after_edit = set(_segment_ids(index_dir))
    assert len(built - after_edit) <= 1, "a one-file edit rewrote the segments of the build"
    update_index([corpus], index_dir, jobs=1)
    assert set(_segment_ids(index_dir)) == after_edit


def test_many_small_runs_keep_the_segment_count_logarithmic(tmp_path, monkeypatch):
    """Fifty runs of three articles each: the segments merge by tiers as they come,
    so their count stays within a few per tier."""
    index_dir = tmp_path / "index"
    monkeypatch.setattr(segments, "SEGMENT_POSTINGS", 50_000)
    counts = []
    for day in range(50):
        write_corpus(tmp_path / "archive" / f"day-{day:03d}", 3, start=day * 3)
        update_index([tmp_path / "archive" / f"day-{day:03d}"], index_dir, jobs=1)
        counts.append(len(_segment_ids(index_dir)))
    assert max(counts) <= 12, counts
    assert search("zebra", index_dir, limit=None).total_articles == 150


def test_an_index_of_format_10_is_searched_and_a_rebuild_brings_it_up_to_date(tmp_path):
    """An index written before quotations and checksums (format 10) is searched as it
    is; a run asks for --rebuild (only reading the articles again finds their
    quotations), and the rebuild writes the current format, checksums included."""
    fixture = Path(__file__).parent / "data" / "index-format-10"
    index_dir = tmp_path / "index"
    shutil.copytree(fixture, index_dir)
    assert store.index_format(index_dir) == 10
    assert search("Witkoff", index_dir).total_articles == 1
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    refused = r"earlier newsgrep \(format 10\): it can be searched, not updated"
    with pytest.raises(IndexDamagedError, match=refused):
        update_index([corpus], index_dir)
    assert store.index_format(index_dir) == 10  # left as it was
    assert search("Witkoff", index_dir).total_articles == 1
    summary = update_index([corpus], index_dir, rebuild=True)
    assert summary.total_articles == 3
    assert store.index_format(index_dir) == store.INDEX_FORMAT
    assert search("zebra", index_dir).total_articles >= 1
    [column] = sorted(index_dir.glob("newsgrep_*.pn.col"))[:1]
    flip(column, 0)  # the new segments are checksummed
    with pytest.raises(IndexDamagedError):
        search("zebra", index_dir)


def test_checksums_are_verified_once_even_in_a_folder_the_user_cannot_write(tmp_path, monkeypatch):
    """Searches verify a file's checksum when it changed, not every time: what was
    verified is kept in the index folder, or in the user's cache folder when the
    index folder cannot be written."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 5)
    update_index([corpus], index_dir)
    (index_dir / store.VERIFIED_FILE).unlink()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    real_write, real_digest = store._write_atomically, store.digest

    def read_only(path, data):
        if Path(path).parent == index_dir:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_write(path, data)

    digests = []

    def counting(path, *args, **kwargs):
        digests.append(Path(path).name)
        return real_digest(path, *args, **kwargs)

    monkeypatch.setattr(store, "_write_atomically", read_only)
    monkeypatch.setattr(store, "digest", counting)
    store.open_index(index_dir)
    assert len(digests) > 5  # every file of the commit, the first time
    digests.clear()
    store.open_index(index_dir)
    assert digests == []
    assert search("zebra", index_dir, limit=None).total_articles == 5
    for terms in index_dir.glob("*.trm"):  # then a byte rots: found at the next open
        flip(terms, 3)
    with pytest.raises(IndexDamagedError):
        store.open_index(index_dir)


def test_an_index_of_format_11_is_searched_without_stories_and_a_rebuild_groups_them(tmp_path):
    """An index written before stories (format 11) holds an article and a copy of it
    (new headline, dateline, last paragraph cut): it is searched as it is, both
    shown, with no story; a run asks for --rebuild, after which they are one story."""
    from tests.test_stories import STORY, TITLE

    fixture = Path(__file__).parent / "data" / "index-format-11"
    index_dir = tmp_path / "index"
    shutil.copytree(fixture, index_dir)
    assert store.index_format(index_dir) == 11
    found = search("Intel", index_dir)
    assert sorted(a.path.rsplit("/", 1)[1] for a in found.articles) == [
        "intel-copy.txt",
        "intel.txt",
    ]
    assert {a.story for a in found.articles} == {None}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "intel.txt").write_text(TITLE + "\n\n" + "\n\n".join(STORY) + "\n")
    copy = ["BRUSSELS (Reuters) - " + STORY[0], *STORY[1:4]]
    (corpus / "intel-copy.txt").write_text(
        "Brussels hits Intel with huge fine\n\n" + "\n\n".join(copy) + "\n"
    )
    with pytest.raises(IndexDamagedError, match=r"earlier newsgrep \(format 11\)") as e:
        update_index([corpus], index_dir)
    assert "with its stories" in e.value.hint
    assert store.index_format(index_dir) == 11  # left as it was
    update_index([corpus], index_dir, rebuild=True)
    assert store.index_format(index_dir) == store.INDEX_FORMAT
    [article] = search("Intel", index_dir).articles
    assert article.path.endswith("intel.txt")
    assert article.copies_count == 1 and article.copies[0].endswith("intel-copy.txt")
