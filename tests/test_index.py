"""The index writer: segments written by newsgrep are the ones Whoosh would write."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgrep import index as nx
from newsgrep.articles import SkipFile
from newsgrep.corpus import CorpusFile, read_articles, walk_corpus
from newsgrep.engine import codec, schema, segments, store
from newsgrep.errors import NewsgrepError

from .conftest import CORPUS, REPO

FORMATS = REPO / "tests" / "data" / "formats"


def _documents(roots: list[Path]) -> list[dict]:
    docs: list[dict] = []
    for item in walk_corpus(roots):
        if isinstance(item, CorpusFile):
            try:
                articles = read_articles(item.path, None)
            except SkipFile as e:
                articles = e.articles
            for article in articles:
                docs.extend(schema.article_documents(article))
    return docs


def _everything(path: Path) -> dict:
    """All a reader can tell of an index: postings, term statistics, lengths, stored fields.

    (Opened as Whoosh opens it: these indexes are committed by Whoosh's own
    writer, which newsgrep's record of the files does not know.)
    """
    import whoosh.index

    ix = whoosh.index.open_dir(str(path), indexname=store.INDEX_NAME)
    with ix.reader() as r:
        postings = []
        stats = {}
        for fieldname, text in r.all_terms():
            info = r.term_info(fieldname, text)
            stats[fieldname, text] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(),
            )  # fmt: skip
            m = r.postings(fieldname, text)
            while m.is_active():
                postings.append((fieldname, text, m.id(), m.weight(), m.value()))
                m.next()
        fields = [n for n in ix.schema.names() if ix.schema[n].scorable]
        lengths = [[r.doc_field_length(d, f) for f in fields] for d in range(r.doc_count_all())]
        stored = [r.stored_fields(d) for d in range(r.doc_count_all())]
        columns = {
            name: list(r.column_reader(name, translate=False))
            for name in ix.schema.names()
            if ix.schema[name].column_type and r.has_column(name)
        }
        totals = {f: r.field_length(f) for f in fields}
    return {"postings": postings, "stats": stats, "lengths": lengths, "stored": stored,
            "columns": columns, "totals": totals}  # fmt: skip


def test_segments_match_whoosh_add_document(tmp_path):
    # Five times over: common words then fill more than one posting block.
    docs = _documents([CORPUS, FORMATS]) * 5
    assert len(docs) > 300

    plain = tmp_path / "plain"
    ix = store.create_index(plain)
    writer = ix.writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()

    built = tmp_path / "built"
    ix = store.create_index(built)
    builder = segments.SegmentBuilder(ix.storage, ix.schema)
    for doc in docs:
        builder.add(doc)
    segment = builder.finish()
    writer = ix.writer()
    writer.commit(mergetype=lambda w, segments: [*segments, segment])

    ours, whoosh = _everything(built), _everything(plain)
    assert max(df for _w, df, *_ in ours["stats"].values()) > 128
    assert ours["stats"] == whoosh["stats"]
    assert ours["postings"] == whoosh["postings"]
    for key in ("lengths", "stored", "columns", "totals"):
        assert ours[key] == whoosh[key], key


def test_jobs_give_the_same_index(tmp_path, monkeypatch):
    """One process or several, one segment or many: the same articles and answers."""
    from newsgrep import search

    monkeypatch.setattr(segments, "FILES_PER_TASK", 2)  # several tasks even for a small corpus
    answers = {}
    for jobs, postings in ((1, 10**9), (2, 500)):
        monkeypatch.setattr(segments, "SEGMENT_POSTINGS", postings)
        index_dir = tmp_path / f"index-{jobs}"
        summary = nx.update_index([CORPUS, FORMATS], index_dir, jobs=jobs)
        assert summary.files_read > 10
        # the language model stays in the process that analyses the files
        from newsgrep.analysis import _identifier

        assert bool(_identifier.cache_info().currsize) == (jobs == 1)
        assert summary.total_paragraphs == summary.paragraphs
        again = nx.update_index([CORPUS, FORMATS], index_dir, jobs=jobs)
        assert again.files_read == 0
        assert again.total_articles == summary.articles
        written = store.open_index(index_dir)._segments()
        assert (len(written) > 2) == (jobs == 2)
        found = []
        for query in ("Ouchakov", "Witkoff OR Poutine", "paix", "the", '"prime minister"'):
            hits = search(query, index_dir, limit=None)
            found.append(
                [(a.path, round(a.score, 6), [h.paragraph for h in a.hits]) for a in hits.articles]
            )
        answers[jobs] = found
        assert found[0][0][0] == str(
            CORPUS.resolve() / "2025-12-03-le-monde-ukraine-witkoff-moscou.txt"
        )
    assert answers[1] == answers[2]
    assert sum(map(len, answers[1])) > 10


def test_english_variations_still_load_when_asked_for():
    """Whoosh's English morphology is deferred, not gone."""
    from whoosh.query import terms

    import newsgrep.engine.shims  # noqa: F401 - installs the stand-in

    assert "rendering" in terms.variations("render")


def test_an_indexing_process_that_dies_is_a_clear_error(tmp_path, write):
    """A worker killed from outside (the OOM killer, say): a message, the old index kept."""
    import subprocess
    import sys
    import time

    from .crash import state_of, write_corpus

    corpus, index_dir = tmp_path / "many", tmp_path / "index"
    write_corpus(corpus, 10)
    nx.update_index([corpus], index_dir)
    before = state_of(index_dir)
    write_corpus(corpus, 3000, start=10, word="giraffe")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgrep", "index", "-q", "-j", "2", "--index", str(index_dir),
         str(corpus)],
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    children: list[str] = []
    while not children and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        found = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        pids = found.read_text().split() if found.exists() else []
        # the indexing processes, not multiprocessing's resource tracker
        children = [p for p in pids if b"spawn_main" in _cmdline(p)]
        if len(children) < 2:
            children = []
    assert children, "no indexing processes were seen"
    killed = [pid for pid in children if subprocess.run(["kill", "-9", pid]).returncode == 0]
    assert killed, "no indexing process was there to be killed"
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert "indexing process" in err and "Traceback" not in err
    assert state_of(index_dir) == before


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


# Posting blocks: whatever goes in comes back, block statistics included.

_posting_lists = st.lists(
    st.tuples(
        st.integers(1, 70_000),  # gap to the previous document number
        st.one_of(
            st.integers(1, 70_000).map(float),  # word counts, small and large
            st.floats(0.5, 1e6, width=32),  # boosted weights
        ),
        st.binary(min_size=1, max_size=6),  # Whoosh keeps no empty values
        st.integers(1, 200_000),  # field length
    ),
    min_size=1,
    max_size=400,  # a few blocks of 128
)


@given(postings=_posting_lists, all_ones=st.booleans())
@settings(max_examples=60, deadline=None)
def test_posting_blocks_round_trip(postings, all_ones):
    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.filedb.structfile import BufferFile, StructFile
    from whoosh.formats import Existence, Frequency

    for fmt in (codec.PackedPositions(), Frequency(), Existence()):
        out = StructFile(io.BytesIO())
        writer = codec.NewsCodec().postings_writer(out)
        writer.start_postings(fmt, W3TermInfo())
        expected, docnum = [], -1
        for gap, weight, value, length in postings:
            docnum += gap
            weight = 1.0 if all_ones else weight
            value = {Frequency: b"\0\0\0\x07", Existence: b""}.get(type(fmt), value)
            writer.add_posting(docnum, weight, value, length)
            expected.append((docnum, weight, value or (None if type(fmt) is Existence else b"")))
        info = writer.finish_postings()
        offset, size = info.extent()
        m = codec.NewsCodec().postings_reader(BufferFile(out.file.getvalue()), info, fmt)
        got = []
        while m.is_active():
            assert m.block_max_id() >= m.id()
            got.append((m.id(), m.weight(), m.value()))
            m.next()
        assert got == expected
        assert (info.doc_frequency(), info.min_id(), info.max_id()) == (
            len(expected),
            expected[0][0],
            expected[-1][0],
        )
        assert info.max_weight() == max(w for _d, w, _v in expected)


def test_packed_positions_round_trip():
    fmt = codec.PackedPositions()
    for positions in ([0], [5], [0, 1, 127, 128, 300, 20_000, 2**21 + 3], list(range(1000))):
        encoded = fmt.encode(positions)
        assert fmt.decode_positions(encoded) == positions
        assert fmt.decode_frequency(encoded) == len(positions)
    assert len(fmt.encode([3, 40, 90])) == 3  # a byte each in a short paragraph


def test_totals_after_changes_are_what_the_index_holds(tmp_path, write):
    corpus, index_dir = write.root / "totals", tmp_path / "index"
    for i in range(4):
        write(f"totals/{i}.txt", f"Title {i}\n\nFirst paragraph {i}.\n\nSecond paragraph {i}.\n")
    nx.update_index([corpus], index_dir)
    (corpus / "0.txt").unlink()
    write("totals/1.txt", "Title 1\n\nNow a single paragraph.\n")
    write("totals/9.txt", "Title 9\n\nOne.\n\nTwo.\n\nThree.\n")
    summary = nx.update_index([corpus], index_dir)

    ix = store.open_index(index_dir)
    with ix.searcher() as s:
        heads = len(list(s.document_numbers(kind=schema.HEADLINE)))
        paras = len(list(s.document_numbers(kind=schema.PARAGRAPH)))
    assert (summary.files_removed, summary.files_read) == (1, 2)
    assert (summary.total_articles, summary.total_paragraphs) == (heads, paras)
    assert (heads, paras) == (4, 2 + 2 + 1 + 3)


def test_a_file_named_twice_is_read_once(tmp_path, write):
    write("a.txt", "Title A\n\nFirst.\n")
    write("b.txt", "Title B\n\nSecond.\n")
    root = write.root
    summary = nx.update_index([root, root / "a.txt", Path(f"{root}/")], tmp_path / "index")
    with store.open_index(tmp_path / "index").searcher() as s:
        heads = len(list(s.document_numbers(kind=schema.HEADLINE)))
    assert (summary.files_read, summary.total_articles, heads) == (2, 2, 2)


def test_a_file_reached_through_links_is_read_once(tmp_path, write):
    """The walk keeps no set of every path: a file met again through a link to it
    (before or after its own folder is walked), or named as well, is read once."""
    import os

    write("b/a.txt", "Title A\n\nFirst.\n")
    write("b/.hidden.txt", "Title H\n\nOnly through the link.\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("Title O\n\nOutside.\n", encoding="utf-8")
    root = write.root
    os.symlink(root / "b" / "a.txt", root / "0-first.txt")  # walked before b/
    os.symlink(root / "b" / "a.txt", root / "z-last.txt")  # walked after b/
    os.symlink(root / "b" / ".hidden.txt", root / "shown.txt")
    os.symlink(outside, root / "o1.txt")
    os.symlink(outside, root / "o2.txt")
    walked = [str(f.path) for f in walk_corpus([root, root / "b" / "a.txt", outside])]
    assert sorted(walked) == sorted(
        {str(root / "b" / "a.txt"), str(root / "b" / ".hidden.txt"), str(outside)}
    )
    summary = nx.update_index([root], tmp_path / "index")
    with store.open_index(tmp_path / "index").searcher() as s:
        heads = len(list(s.document_numbers(kind=schema.HEADLINE)))
    assert (summary.files_read, summary.total_articles, heads) == (3, 3, 3)
    again = nx.update_index([root], tmp_path / "index")
    assert (again.files_read, again.files_unchanged, again.files_removed) == (0, 3, 0)


def test_a_file_named_or_linked_to_in_a_folder_that_cannot_be_listed_is_read(
    tmp_path, write, monkeypatch
):
    """A folder one may enter but not list (mode 0311): its files are not walked,
    so one named as a root, or reached through a link, is read all the same."""
    import os

    from newsgrep import corpus

    write("b.txt", "Title B\n\nSecond.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Title A\n\nFirst.\n", encoding="utf-8")
    os.symlink(locked / "a.txt", write.root / "a-link.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if isinstance(path, str | os.PathLike) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(corpus.os, "scandir", scandir)
    items = list(walk_corpus([write.root, locked, locked / "a.txt"]))
    assert (str(locked), "permission denied") in items  # really not listed
    files = [str(i.path) for i in items if isinstance(i, CorpusFile)]
    assert sorted(files) == [str(write.root / "b.txt"), str(locked / "a.txt")]
    summary = nx.update_index([write.root, locked], tmp_path / "index")
    assert (summary.files_read, summary.total_articles) == (2, 2)


def test_a_link_to_a_file_whose_path_is_not_utf8_is_skipped_and_said(tmp_path, write):
    import os

    write("b.txt", "Title B\n\nSecond.\n")
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    with open(folder + b"/in.txt", "w", encoding="utf-8") as f:
        f.write("Title In\n\nInside.\n")
    os.symlink(folder + b"/in.txt", os.fsencode(write.root / "good.txt"))
    summary = nx.update_index([write.root], tmp_path / "index")
    assert (summary.files_read, summary.total_articles) == (1, 1)
    assert [s.path for s in summary.skipped_files] == [str(write.root / "good.txt")]
    assert "not in UTF-8" in summary.skipped_files[0].reason


def test_the_files_to_read_are_held_compactly():
    """A run holds its files to read as text in one buffer, not as objects per file,
    and hands each out as (path, signature, read) with its own options and typed path."""
    from newsgrep.articles import Article

    todo = nx._Todo()
    for n in range(20_000):
        todo.add(f"/archive/2025/{n:05d}.txt", f"1764700000000000000:{n}")
    todo.add("/archive/é.txt", "1:2", shown="/link/é.txt")
    piped = [Article(path="stdin:x", title="T", paragraphs=["p"])]
    todo.add("stdin:x", "sig", articles=piped)
    todo.how = lambda path, shown, articles: (shown, articles)
    assert len(todo) == 20_002
    assert todo[19_999:] == [
        ("/archive/2025/19999.txt", "1764700000000000000:19999", (None, None)),
        ("/archive/é.txt", "1:2", ("/link/é.txt", None)),
        ("stdin:x", "sig", (None, piped)),
    ]
    assert [t[0] for t in todo][:2] == ["/archive/2025/00000.txt", "/archive/2025/00001.txt"]
    assert todo.paths(2) == ["/archive/2025/00000.txt", "/archive/2025/00001.txt"]
    held = len(todo._text) + todo._ends.itemsize * len(todo._ends)
    assert held / len(todo) < 60  # bytes a file: the path and signature, and an offset


def test_a_segment_that_fails_to_be_written_leaves_no_files(tmp_path, write, monkeypatch):
    write("a.txt", "Title A\n\nFirst.\n")
    index_dir = tmp_path / "index"
    nx.update_index([write.root], index_dir)
    before = sorted(p.name for p in index_dir.iterdir())
    write("b.txt", "Title B\n\nSecond.\n")
    calls = []
    real = segments.SegmentBuilder._write_field

    def failing(self, writer, name):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(self, writer, name)

    monkeypatch.setattr(segments.SegmentBuilder, "_write_field", failing)
    with pytest.raises(NewsgrepError):
        nx.update_index([write.root], index_dir, jobs=1)
    assert sorted(p.name for p in index_dir.iterdir()) == before


def _whoosh_records(index_dir: Path) -> dict[str, store.FileRecord]:
    """Every live file record, as Whoosh's own reading of the stored fields gives them."""
    with store.open_index(index_dir).searcher() as s:
        assert s.reader().has_deletions()  # the old records of 3.txt and 7.txt, deleted
        return {
            f["path"]: store.FileRecord(
                f.get("sig"), f.get("reason"), f.get("narticles", 0), f.get("nparas", 0),
                f.get("shown"),
            )
            for f in s.documents(kind=schema.FILE)
        }  # fmt: skip


def _records_of_a_run(index_dir: Path) -> dict[str, store.FileRecord]:
    writer = store.IndexWriter(index_dir, False, 5)
    try:
        return writer.file_records()
    finally:
        writer.cancel()


def test_file_records_kept_beside_each_segment_are_the_stored_ones(tmp_path, write):
    for n in range(10):
        write(f"{n}.txt", f"Title {n}\n\nParagraph {n}.\n")
    index_dir = tmp_path / "index"
    nx.update_index([write.root], index_dir, jobs=1)
    write("3.txt", "Title 3 again\n\nChanged.\n")
    (write.root / "7.txt").unlink()
    nx.update_index([write.root], index_dir, jobs=1)
    expected = _whoosh_records(index_dir)
    assert len(expected) == 9 and str(write.root / "7.txt") not in expected
    rows = [r for s in store.open_index(index_dir).toc.segments for r in
            store._load_segment_records(index_dir, s)]  # fmt: skip
    assert len(rows) == 11  # the deleted records of 3.txt and 7.txt are kept there
    kept = sorted(index_dir.glob(f"*{store.RECORDS_SUFFIX}"))
    segments = store.open_index(index_dir).toc.segments
    assert len(kept) == len(segments) >= 2  # each commit keeps its segments' records
    assert _records_of_a_run(index_dir) == expected  # the deleted record left out

    # An index without them (made by an earlier version): read from the stored
    # fields, the same, and kept for the next run.
    for path in kept:
        path.unlink()
    assert _records_of_a_run(index_dir) == expected
    assert sorted(index_dir.glob(f"*{store.RECORDS_SUFFIX}")) == kept

    # Kept records that do not check (damaged, or another segment's) are not used.
    first, second = (index_dir / store._records_name(s) for s in segments[:2])
    second.write_bytes(first.read_bytes())
    first.write_bytes(first.read_bytes()[:-3] + b"xyz")
    assert store._load_segment_records(index_dir, segments[0]) is None
    assert store._load_segment_records(index_dir, segments[1]) is None
    assert _records_of_a_run(index_dir) == expected
    # ... and the index is not damaged by them: it opens, and the next commit drops
    # the records of the segments it merges away.
    nx.update_index([write.root], index_dir, jobs=1, compact=True)
    segments = store.open_index(index_dir).toc.segments
    assert [p.name for p in index_dir.glob(f"*{store.RECORDS_SUFFIX}")] == [
        store._records_name(segments[0])
    ]
    assert _records_of_a_run(index_dir) == {path: record for path, record in expected.items()}


def test_the_folder_owning_a_file_is_worked_out_once_per_folder_and_after_changes():
    from newsgrep.corpus import Folders, FolderSettings

    roots = ["/", "/a", "/a/b", "/a/b/c.txt", "/x/y"]
    folders = Folders({root: FolderSettings(root) for root in roots})
    paths = ["/top.txt", "/a/1.txt", "/a/bb/2.txt", "/a/b/3.txt", "/a/b/c.txt", "/a/b/c.txt2",
             "/a/b/d/4.txt", "/x/5.txt", "/x/y/6.txt", "/x/yz/7.txt"]  # fmt: skip

    def deepest(path):  # by the definition: the longest root holding the path
        held = [r for r in roots if path == r or path.startswith(r.rstrip("/") + "/")]
        return max(held, key=len)

    assert [folders.owner(p) for p in paths] == [deepest(p) for p in paths]
    assert folders.owner("/a/b/d/4.txt") == "/a/b"
    roots.append("/a/b/d")
    folders.by_root["/a/b/d"] = FolderSettings("/a/b/d")
    folders.changed()
    assert [folders.owner(p) for p in paths] == [deepest(p) for p in paths]
    assert folders.owner("/a/b/d/4.txt") == "/a/b/d"
