"""Saved searches: kept with the index, new matches found among each run's new articles only."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from newsgrep import watch as watches
from newsgrep.errors import IndexLockedError

from .test_cli import run


def _new(*args) -> tuple[int, list[str], str]:
    code, out, err = run("watch", "new", *args)
    return code, out.splitlines(), err


@pytest.fixture
def folder(write, index_dir):
    """A folder with one article naming Deripaska, indexed, and two saved searches."""
    write("a.txt", "Alpha\n\nThe envoy met Deripaska in Moscow.\n")
    write("other.txt", "Other\n\nNothing to see.\n")
    assert run("index", "-q", str(write.root))[0] == 0
    assert run("watch", "add", "sanctions", "Deripaska OR Vekselberg")[0] == 0
    assert run("watch", "add", "cocoa", "cocoa", "--since", "2020")[0] == 0
    return write


def _index(write) -> str:
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    return err


def test_what_matches_when_saved_is_seen(folder):
    code, lines, _ = _new()
    assert (code, lines) == (1, [])
    code, out, _ = run("watch", "list")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["name"], r["query"], r["since"], r["unseen"]) for r in rows] == [
        ("cocoa", "cocoa", "2020", "0"),
        ("sanctions", "Deripaska OR Vekselberg", "", "0"),
    ]


def test_an_index_run_announces_new_matches_and_watch_new_shows_them(folder):
    folder("b.txt", "Beta\n\nVekselberg spoke.\n")
    folder("c.txt", "Gamma\n\nDeripaska and Vekselberg.\n")
    folder("d.txt", "Delta\n\nNo names.\n")
    err = _index(folder)
    assert err.splitlines()[-1] == "newsgrep: 2 new articles for sanctions"
    assert "cocoa" not in err
    code, lines, _ = _new("--peek")
    assert code == 0 and sorted(line.split(":")[1].rsplit("/")[-1] for line in lines) == [
        "b.txt", "c.txt"]  # fmt: skip
    assert all(line.startswith("sanctions:") for line in lines)
    code, out, _ = run("watch", "new", "--json")  # --peek left them unseen
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["query"] for r in records} == {"sanctions"} and len(records) == 2
    assert records[0]["spans"]
    assert _new() == (1, [], "")  # seen now
    assert "new article" not in _index(folder)  # nothing changed: nothing new


def test_moved_articles_are_not_new_again_and_deleted_unseen_ones_are_counted(folder):
    folder("b.txt", "Beta\n\nVekselberg spoke.\n")
    _index(folder)
    assert _new()[0] == 0
    (folder.root / "b.txt").rename(folder.root / "moved.txt")
    (folder.root / "a.txt").rename(folder.root / "a2.txt")
    assert "new article" not in _index(folder)
    assert _new()[0] == 1
    folder("e.txt", "Epsilon\n\nDeripaska again.\n")
    folder("f.txt", "Phi\n\nVekselberg again.\n")
    assert "2 new articles for sanctions" in _index(folder)
    (folder.root / "e.txt").unlink()
    err = _index(folder)
    assert "1 unseen article for sanctions left the index" in err
    code, lines, _err = _new()
    assert code == 0 and [line.split(":")[1].rsplit("/")[-1] for line in lines] == ["f.txt"]


def test_a_changed_article_that_now_matches_is_new(folder):
    folder("other.txt", "Other\n\nNow Vekselberg is here.\n")
    assert "1 new article for sanctions" in _index(folder)
    # Changed again, it matches no more: no longer unseen.
    folder("other.txt", "Other\n\nGone again.\n")
    _index(folder)
    assert _new("sanctions") == (1, [], "")


def test_a_changed_article_that_still_matches_is_not_new_again(write, index_dir):
    write("a.json", '{"url": "https://example.org/1", "title": "One", "text": "Deripaska."}')
    run("index", "-q", str(write.root))
    run("watch", "add", "d", "Deripaska")
    write("a.json", '{"url": "https://example.org/1", "title": "One", "text": "Deripaska, again."}')
    assert "new article" not in _index(write)


def test_only_the_new_articles_are_evaluated(folder, monkeypatch):
    from newsgrep.engine.reading import Session

    sizes = []
    real = Session.__init__

    def spying(self, path, searcher=None):
        real(self, path, searcher)
        if searcher is not None:
            sizes.append(self.article_count())

    monkeypatch.setattr(Session, "__init__", spying)
    folder("b.txt", "Beta\n\nVekselberg spoke.\n")
    folder("c.txt", "Gamma\n\nNo one.\n")
    assert "1 new article for sanctions" in _index(folder)
    assert sizes == [2]  # the two new articles, not the four of the index


def test_a_copied_index_keeps_its_saved_searches(folder, index_dir, tmp_path):
    copy = tmp_path / "copy-ix"
    shutil.copytree(index_dir, copy)
    code, out, _ = run("watch", "list", "--index", str(copy), "--json")
    assert code == 0 and [json.loads(line)["name"] for line in out.splitlines()] == [
        "cocoa", "sanctions"]  # fmt: skip
    folder("b.txt", "Beta\n\nVekselberg spoke.\n")
    code, _out, err = run("index", "--index", str(copy), str(folder.root))
    assert "1 new article for sanctions" in err
    assert _new("--index", str(copy))[0] == 0
    assert _new()[0] == 1  # the original index did not see it


def test_names_are_unique_and_remove_forgets(folder):
    code, _out, err = run("watch", "add", "sanctions", "Putin")
    assert code == 2 and "already a saved search named 'sanctions'" in err
    assert run("watch", "remove", "cocoa")[0] == 0
    code, _out, err = run("watch", "remove", "cocoa")
    assert code == 2 and "no saved search named 'cocoa'" in err
    code, _out, err = run("watch", "new", "cocoa")
    assert code == 2
    code, out, _ = run("watch", "list")
    assert [r["name"] for r in csv.DictReader(io.StringIO(out))] == ["sanctions"]
    assert run("watch", "remove", "sanctions")[0] == 0
    assert run("watch", "list") == (1, "name,query,since,until,source,lang,unseen\n", "")
    code, _out, err = run("watch", "add", "bad", '"Steve')
    assert code == 2 and "unbalanced quote" in err


def test_import_takes_batch_lists_and_reports_bad_lines(folder, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name,query,lang\nsanctions,Deripaska OR Vekselberg,\nmoscow,Moscow,en\n"
                     "broken,(Moscow,\n")  # fmt: skip
    code, _out, err = run("watch", "import", str(names))
    assert code == 2
    assert "names.csv:4: unbalanced" in err
    assert "imported 2 saved searches (1 added, 1 unchanged)" in err
    code, out, _ = run("watch", "list", "--json")
    moscow = [json.loads(line) for line in out.splitlines()][1]
    assert (moscow["name"], moscow["lang"]) == ("moscow", ["en"])
    code, _out, err = run("watch", "import", "-", input="Kremlin\n")
    assert code == 0 and "imported 1 saved search (1 added)" in err


def test_changes_wait_for_the_write_lock(folder, index_dir):
    from newsgrep.engine.store import write_lock

    with write_lock(index_dir, 0), pytest.raises(IndexLockedError):
        watches.remove(index_dir, ["cocoa"], lock_timeout=0.2)
    assert watches.remove(index_dir, ["cocoa"], lock_timeout=0.2) == []


def test_watch_needs_an_index(tmp_path):
    code, _out, err = run("watch", "add", "--index", str(tmp_path / "none"), "x", "Putin")
    assert code == 2 and "no index at" in err


@pytest.mark.parametrize(
    "command",
    [
        ["batch"],
        ["watch"],
        ["watch", "add"],
        ["watch", "import"],
        ["watch", "list"],
        ["watch", "remove"],
        ["watch", "new"],
    ],  # fmt: skip
)
def test_every_command_has_help_with_examples(command):
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Examples:" in out and f"newsgrep {' '.join(command)}" in out


def test_new_articles_are_matched_as_a_search_of_the_whole_index_would(write, index_dir):
    """In an archive where Ford is an English name, a German article with "fordern" is
    no match for Ford, even when the new articles alone would not tell."""
    for i in range(4):
        write(f"en/{i}.txt", f"Ford {i}\n\nFord Motor said its sales rose {i} percent.\n")
    for i in range(8):
        write(f"de/{i}.txt", f"Streik {i}\n\nDie Gewerkschaften fordern {i} Prozent mehr.\n")
    assert run("index", "-q", "--lang", "en", str(write.root / "en"))[0] == 0
    assert run("index", "-q", "--lang", "de", str(write.root / "de"))[0] == 0
    code, out, _ = run("search", "-l", "Ford")
    assert code == 0 and all("/en/" in line for line in out.splitlines())
    run("watch", "add", "ford", "Ford")
    write("de/new.txt", "Neu\n\nSie fordern mehr Geld.\n")
    write("en/new.txt", "New\n\nFord cut prices.\n")
    assert "new article" not in run("index", str(write.root / "de"))[2]
    assert "1 new article for ford" in run("index", str(write.root / "en"))[2]
    code, lines, _ = _new()
    assert [line.split(":")[1].rsplit("/", 2)[-2:] for line in lines] == [["en", "new.txt"]]
