"""Never lose or hide an article: remembered options, addresses, stable ids, moved files,
compaction, index-folder hygiene, exclusions, languages, bounded reading."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

import newsgrep
from newsgrep.engine.store import open_index
from newsgrep.index import forget, update_index

from .conftest import CORPUS, SEED
from .test_cli import run

SEMICOLONS = "".join(f"'Politik';'Die Regierung {i} tagte lange.'\n" for i in range(30))
CSV_OPTIONS = ["--csv-delimiter", ";", "--csv-quotechar", "'", "--csv-no-header",
               "--field", "label=0", "--field", "text=1", "--lang", "de"]  # fmt: skip


def articles_of(index_dir: Path) -> int:
    return newsgrep.open_archive(index_dir).facts().articles


# ---------------------------------------------------------------- reading options


def test_reading_options_are_remembered_for_the_folder_and_above(write, index_dir, tmp_path):
    write("gnad/test.csv", SEMICOLONS)
    write("seed.txt", SEED.read_text(encoding="utf-8"))
    gnad = write.root / "gnad"
    code, _out, err = run("index", *CSV_OPTIONS, str(gnad))
    assert code == 0, err
    assert articles_of(index_dir) == 30
    # Without the options, on the folder and on the one above: read as before.
    code, _out, err = run("index", str(gnad))
    assert code == 0 and "1 unchanged, 0 removed" in err
    assert "read as remembered for" in err and "--csv-no-header" in err
    code, _out, err = run("index", str(write.root))
    assert code == 0 and "index holds 31 articles" in err
    assert articles_of(index_dir) == 31
    # Touched, it is read again with its remembered options.
    os.utime(gnad / "test.csv", ns=(0, 10**18))
    code, _out, err = run("index", str(write.root))
    assert "read 1 file: 30 articles (csv 30)" in err
    code, out, _ = run("stats", "--json")
    folders = {f["path"]: f["options"] for f in json.loads(out)["folders"]}
    assert "--csv-delimiter ';'" in folders[str(gnad)]


def test_options_changed_for_a_path_are_applied_and_a_drop_is_said(write, index_dir):
    write("gnad/test.csv", SEMICOLONS)
    gnad = write.root / "gnad"
    run("index", *CSV_OPTIONS, str(gnad))
    code, _out, err = run("index", "--reset-options", "-v", str(gnad))
    assert code == 0
    # Read with the defaults: the header is taken as a header, one row fewer...
    # whatever the count, it is said and it is true.
    now = articles_of(index_dir)
    assert now < 30
    assert f"1 re-read file now gives {30 - now} article" in err
    assert f"test.csv: {now} article" in err and "30 before" in err


def test_removed_counts_are_true(write, index_dir):
    for i in range(3):
        write(f"a/{i}.jsonl", "".join(f'{{"title": "T{i}{k}", "text": "x"}}\n' for k in range(4)))
    update_index([write.root], index_dir)
    (write.root / "a" / "0.jsonl").unlink()
    summary = update_index([write.root], index_dir)
    assert (summary.files_removed, summary.articles_removed) == (1, 4)
    assert summary.total_articles == articles_of(index_dir) == 8


# ---------------------------------------------------------------- addresses and ids


@pytest.fixture
def feeds(write, index_dir):
    write("wire.jsonl", "".join(
        json.dumps({"title": f"Story {k}", "text": f"The zebra story number {k}.",
                    "url": f"https://example.org/{k}"}) + "\n"
        for k in range(1, 4)
    ))  # fmt: skip
    write("one.txt", "Lone story\n\nThe zebra walks alone.\n")
    assert run("index", str(write.root))[0] == 0
    return write.root


def test_every_article_of_a_multi_article_file_has_an_address(feeds, monkeypatch):
    monkeypatch.chdir(feeds)
    code, out, _ = run("search", "zebra")
    lines = sorted(out.splitlines())
    assert [line.split(":", 2)[0] for line in lines if ":1:" in line] == [
        "one.txt", "wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3",
    ]  # fmt: skip
    assert sorted(run("search", "zebra", "-l")[1].split()) == [
        "one.txt", "wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3",
    ]  # fmt: skip
    counts = dict(line.rsplit(":", 1) for line in run("search", "-c", "zebra")[1].split())
    assert counts == {"one.txt": "1", "wire.jsonl#1": "1", "wire.jsonl#2": "1",
                      "wire.jsonl#3": "1"}  # fmt: skip
    code, out, _ = run("show", "wire.jsonl#2")
    assert (code, out) == (0, "Story 2\n\nThe zebra story number 2.\n")
    code, out, _ = run("show", "wire.jsonl")
    assert out.count("==> wire.jsonl#") == 3 and "==> wire.jsonl#3 <==\nStory 3" in out
    records = [json.loads(x) for x in run("search", "zebra", "--json")[1].splitlines()]
    assert {r["address"] for r in records} >= {str(feeds / "wire.jsonl#3")}
    code, _out, err = run("show", "wire.jsonl#9")
    assert code == 2 and "no article" in err


def test_ids_stay_when_the_archive_moves_and_examples_run(feeds, index_dir, tmp_path):
    def ids() -> dict[str, str]:
        records = [json.loads(x) for x in run("search", "zebra", "--json")[1].splitlines()]
        return {r["title"]: r["id"] for r in records}

    before = ids()
    moved = tmp_path / "moved"
    shutil.move(str(feeds), moved)
    code, _out, err = run("index", str(moved))
    assert code == 0 and "2 removed (4 articles)" in err
    assert ids() == before  # same articles, same ids: from their URL or their text
    assert run("show", before["Story 2"])[1] == "Story 2\n\nThe zebra story number 2.\n"


def test_the_seed_article_has_the_id_the_help_shows(index_dir):
    run("index", str(CORPUS))
    record = json.loads(run("search", "Witkoff", "--json")[1].splitlines()[0])
    from newsgrep.cli import show

    assert record["id"] in show.epilog
    assert run("show", record["id"], "Witkoff")[0] == 0


# ---------------------------------------------------------------- paths as typed


def test_paths_are_shown_as_typed_through_links(write, index_dir, tmp_path, monkeypatch):
    write("a.txt", "Alpha\n\nThe zebra.\n")
    link = tmp_path / "link"
    os.symlink(write.root, link)
    run("index", str(link))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PWD", str(tmp_path))
    assert run("search", "zebra", "-l")[1] == "link/a.txt\n"
    for typed in (str(link / "a.txt"), str(write.root / "a.txt"), "link/a.txt"):
        code, out, _ = run("show", typed)
        assert (code, out) == (0, "Alpha\n\nThe zebra.\n"), typed
    # Indexed again directly, the file is still one file.
    summary = update_index([write.root], index_dir)
    assert (summary.files_unchanged, summary.total_articles) == (1, 1)


# ---------------------------------------------------------------- moved, renamed, gone


def test_a_moved_folder_leaves_no_ghost(tmp_path, index_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PWD", str(tmp_path))
    (tmp_path / "mvA").mkdir()
    (tmp_path / "mvA" / "q.txt").write_text("Quiet\n\nThe quiet envoy.\n")
    run("index", "mvA")
    (tmp_path / "mvA").rename(tmp_path / "mvB")
    code, _out, err = run("index", "mvB")
    assert code == 0 and "1 removed (1 article)" in err
    assert f"{tmp_path / 'mvA'} is gone: forgotten" in err
    assert run("search", "envoy", "-l")[1] == "mvB/q.txt\n"
    code, _out, err = run("index", "mvA")  # nothing is left of the old name
    assert code == 2 and "no such file or folder: " in err


def test_forget_removes_a_folder_even_when_it_is_gone(write, index_dir, tmp_path):
    write("keep/a.txt", "A\n\nzebra one\n")
    write("drop/b.txt", "B\n\nzebra two\n")
    write("drop/c.txt", "C\n\nzebra three\n")
    run("index", str(write.root / "keep"), str(write.root / "drop"))
    shutil.rmtree(write.root / "drop")
    code, _out, err = run("forget", str(write.root / "drop"))
    assert code == 0 and "forgot 2 files (2 articles)" in err
    assert run("search", "zebra", "-c")[1].strip().endswith("a.txt:1")
    code, _out, err = run("forget", str(write.root / "drop"))
    assert code == 1 and "nothing indexed under" in err
    summary = forget([write.root / "keep"], index_dir)
    assert (summary.files_removed, articles_of(index_dir)) == (1, 0)


def test_changed_and_deleted_files_are_marked_stale(write, index_dir):
    write("a.txt", "Alpha\n\nzebra here\n")
    write("b.txt", "Beta\n\nzebra there\n")
    update_index([write.root], index_dir)

    def stale() -> dict[str, str | None]:
        records = [json.loads(x) for x in run("search", "zebra", "--json")[1].splitlines()]
        return {Path(r["path"]).name: r["stale"] for r in records}

    assert stale() == {"a.txt": None, "b.txt": None}
    (write.root / "a.txt").write_text("Alpha\n\nzebra changed\n")
    (write.root / "b.txt").unlink()
    assert stale() == {"a.txt": "changed", "b.txt": "deleted"}


def test_a_live_copy_is_shown_rather_than_a_deleted_one(write, index_dir):
    text = "Same story\n\nThe zebra crossed.\n"
    write("old/a.txt", text)
    write("new/a.txt", text)
    update_index([write.root], index_dir)
    result = newsgrep.search("zebra", index_dir)
    first = result.articles[0].path
    os.unlink(first)  # the one shown goes
    result = newsgrep.search("zebra", index_dir)
    [article] = result.articles
    assert article.path != first and article.stale is None and article.copies == [first]


# ---------------------------------------------------------------- compaction


def _size(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())


def test_reading_the_same_files_twenty_times_keeps_the_index_small(tmp_path):
    from .crash import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60)
    fresh, index_dir = tmp_path / "fresh", tmp_path / "index"
    update_index([corpus], fresh, jobs=1)
    for i in range(20):
        files = sorted(corpus.iterdir())
        for path in files[: len(files) // (2 if i % 2 else 1)]:  # all, or half of them
            os.utime(path, ns=(0, 10**18 + i))
        summary = update_index([corpus], index_dir, jobs=1)
        assert summary.total_articles == 60
    assert _size(index_dir) <= 1.3 * _size(fresh)
    assert newsgrep.search("zebra", index_dir, limit=None).total_articles == 60


def test_compact_merges_everything_and_answers_the_same(tmp_path):
    from .crash import write_corpus

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    for k in range(4):
        write_corpus(corpus, 10, start=10 * k)
        update_index([corpus], index_dir, jobs=1)
    os.utime(sorted(corpus.iterdir())[0], ns=(0, 10**18))
    update_index([corpus], index_dir, jobs=1)
    before = newsgrep.search("zebra lane", index_dir, limit=None)
    assert len(open_index(index_dir)._segments()) > 1
    code, _out, err = run("index", "--index", str(index_dir), "--compact", str(corpus))
    assert code == 0, err
    [segment] = open_index(index_dir)._segments()
    assert not segment.has_deletions()
    after = newsgrep.search("zebra lane", index_dir, limit=None)
    shape = [[(a.address, a.score, [h.paragraph for h in a.hits]) for a in r.articles]
             for r in (before, after)]  # fmt: skip
    assert shape[0] == shape[1] and len(shape[0]) == 40


# ---------------------------------------------------------------- the index folder


def test_index_refuses_a_folder_of_other_things(write, tmp_path):
    write("a.txt", "A\n\nzebra\n")
    code, _out, err = run("index", "--index", str(write.root), str(write.root))
    assert code == 2 and "is not a newsgrep index and not empty: nothing was written" in err
    assert sorted(p.name for p in write.root.iterdir()) == ["a.txt"]


def test_an_index_inside_an_indexed_folder_is_not_read(write):
    write("a.txt", "A\n\nzebra\n")
    inside = write.root / "index"
    for _ in range(2):
        code, _out, err = run("index", "--index", str(inside), "--rebuild", "-v", str(write.root))
        assert code == 0, err
    assert "the index folder itself" in err
    assert articles_of(inside) == 1


# ---------------------------------------------------------------- exclusions, languages


def test_exclude_patterns_and_the_ignore_file_are_remembered(write, index_dir):
    write("a.txt", "Alpha\n\nThe zebra story.\n")
    write("README", "Read me\n\nzebra notes for the archive.\n")
    write("notes/b.txt", "Notes\n\nzebra scribbles.\n")
    write("c.txt", "Gamma\n\nAnother zebra story.\n")
    update_index([write.root], index_dir)
    assert articles_of(index_dir) == 3  # (README has no suffix and no known start)
    write(".newsgrepignore", "notes/\n")
    code, _out, err = run("index", "--exclude", "c.txt", str(write.root))
    assert code == 0 and "2 removed (2 articles; 2 of the files excluded now)" in err
    assert articles_of(index_dir) == 1
    code, _out, err = run("index", str(write.root))  # remembered, without the option
    assert "0 removed" in err and "excluded" in err and articles_of(index_dir) == 1


def test_a_language_told_from_too_little_or_odd_text_is_the_archives(write, index_dir):
    for i in range(3):
        write(f"{i}.txt", f"Story {i}\n\n" + "The government said the talks would go on. " * 8)
    write("places.txt", "places\n\nafghanistan\nalbania\nalgeria\nangola\nargentina\naruba\n")
    update_index([write.root], index_dir)
    assert dict(newsgrep.open_archive(index_dir).facts().langs) == {"en": 4}


# ---------------------------------------------------------------- bounded reading


def test_hostile_files_are_skipped_quickly_and_the_run_completes(write, index_dir):
    write("nested.json", "[" * 2000 + "]" * 2000)
    write("nested.jsonl", '{"title": "x", "text": ' + "[" * 2000 + "]" * 2000 + "}\n")
    levels = "".join(f"l{k}: &l{k} [" + ",".join([f"*l{k - 1}"] * 9) + "]\n" for k in range(1, 9))
    write("bomb.md", f"---\nl0: &l0 [x,x,x,x,x,x,x,x,x]\n{levels}title: *l8\n---\nBody\n\ntext\n")
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>" + b"a" * 2**27
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.org/\r\n"
        f"WARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    with gzip.open(write.root / "bomb.warc.gz", "wb") as f:
        f.write(head + payload + b"\r\n\r\n")
    write("fine.txt", "Fine\n\nThe zebra is fine.\n")
    summary = update_index([write.root], index_dir, jobs=1)
    reasons = {Path(s.path).name: s.reason for s in summary.skipped_files}
    assert reasons["nested.json"] == reasons["nested.jsonl"] == "nested too deeply to read"
    assert "YAML aliases" in reasons["bomb.md"]
    assert "decompresses to more than" in reasons["bomb.warc.gz"]
    assert summary.total_articles == 1


def test_a_file_that_takes_too_long_is_skipped_with_its_reason(write, index_dir, monkeypatch):
    import time

    from newsgrep import index as nx
    from newsgrep.readers import text

    real = text.read_text_file

    def slow(path, options=None):
        if path.name == "slow.txt":
            while True:  # a reader stuck in a loop of its own
                time.sleep(0.01)
        return real(path, options)

    monkeypatch.setattr(text, "read_text_file", slow)
    monkeypatch.setattr(nx, "READ_SECONDS", 0.3)
    write("slow.txt", "Slow\n\nzebra\n")
    write("quick.txt", "Quick\n\nzebra\n")
    started = time.monotonic()
    summary = update_index([write.root], index_dir, jobs=1)
    assert time.monotonic() - started < 20
    reasons = {Path(s.path).name: s.reason for s in summary.skipped_files}
    assert reasons == {"slow.txt": "took more than 0 s to read"}
    assert summary.total_articles == 1
