"""Stories at index time and in searches: copies folded into the earliest, JSON and CSV fields."""

import csv
import io
import json
import os

from newsgrep.printers import Output, RichPrinter

from .test_cli import run
from .test_stories import HOST, HOST_TITLE, STORY, TITLE

ORIGINAL = (
    "---\ndate: 2009-05-13\nsource: Reuters\n---\n" + TITLE + "\n\n" + "\n\n".join(STORY) + "\n"
)
# Another outlet's copy, a day later: new headline, a dateline, the last paragraph cut.
COPY = (
    "---\ndate: 2009-05-14\nsource: Herald\n---\nBrussels hits chipmaker with record fine\n\n"
    + "\n\n".join(["BRUSSELS (AP) - " + STORY[0], *STORY[1:4]])
    + "\n"
)
OTHER = (
    "---\ndate: 2009-05-13\nsource: Reuters\n---\nIntel profit falls\n\n"
    "Intel on Wednesday reported a fall in quarterly profit as demand for personal computers "
    "weakened, and said sales of its server chips held up better than expected.\n"
)


def _json(*args):
    code, out, err = run("search", "--json", *args)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if json.loads(line)["type"] == "hit"]


def _articles(records):
    return sorted({r["address"].rsplit("/", 1)[1] for r in records})


def test_a_copy_is_folded_into_the_earliest_and_said_to_have_run_elsewhere(write):
    write("reuters/intel.txt", ORIGINAL)
    write("herald/intel-fine.txt", COPY)
    write("reuters/intel-profit.txt", OTHER)
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    # "chipmaker" is in the copy's headline: it ranks first, the original is shown.
    records = _json("chipmaker")
    assert _articles(records) == ["intel.txt"]
    [story] = {r["story"] for r in records}
    assert {r["copies_count"] for r in records} == {1}
    assert records[0]["copies"][0].endswith("herald/intel-fine.txt")
    everything = _json("--no-collapse", "chipmaker")
    assert _articles(everything) == ["intel-fine.txt", "intel.txt"]
    assert {r["story"] for r in everything} == {story}
    # An article of another story: its own id is its story, no copies.
    found = _json("profit AND server")
    assert _articles(found) == ["intel-profit.txt"]
    other = found[0]
    assert other["story"] == other["id"] != story and other["copies_count"] == 0
    code, out, _ = run("search", "--csv", "chipmaker")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["story"], r["copies_count"]) for r in rows} == {(story, "1")}


def test_the_terminal_says_where_else_the_story_ran(write):
    import newsgrep

    write("reuters/intel.txt", ORIGINAL)
    write("herald/intel-fine.txt", COPY)
    run("index", str(write.root))
    result = newsgrep.search("Kroes")
    stream = io.StringIO()
    RichPrinter(Output(stream, is_terminal=True, color=False)).print(result)
    shown = stream.getvalue()
    assert "also ran in 1 article: Herald" in shown
    assert shown.count(TITLE) == 1 and "Brussels hits chipmaker" not in shown
    assert "1 copy folded in (--no-collapse)" in shown


def test_a_copy_indexed_later_joins_its_story_and_leaves_it_when_deleted(write):
    write("reuters/intel.txt", ORIGINAL)
    run("index", str(write.root))
    [alone] = _articles_and_counts("Kroes")
    assert alone == ("intel.txt", 0)
    copy = write("herald/intel-fine.txt", COPY)
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    assert _articles_and_counts("Kroes") == [("intel.txt", 1)]
    assert _articles_and_counts("--no-collapse", "Kroes") == [
        ("intel-fine.txt", 1),
        ("intel.txt", 1),
    ]
    copy.unlink()
    run("index", str(write.root))
    assert _articles_and_counts("Kroes") == [("intel.txt", 0)]
    # A rebuild finds the same stories as the runs did.
    write("herald/intel-fine.txt", COPY)
    run("index", str(write.root))
    before = _json("--no-collapse", "Kroes")
    run("index", "--rebuild", str(write.root))
    assert _json("--no-collapse", "Kroes") == before


def _articles_and_counts(*args):
    return sorted({(r["address"].rsplit("/", 1)[1], r["copies_count"]) for r in _json(*args)})


def test_copies_are_folded_when_the_archive_is_indexed_through_a_link(write, tmp_path):
    write("reuters/intel.txt", ORIGINAL)
    write("herald/intel-fine.txt", COPY)
    link = tmp_path / "archive-link"
    link.symlink_to(write.root)
    code, _out, err = run("index", str(link))
    assert code == 0, err
    records = _json("Kroes")
    assert _articles(records) == ["intel.txt"]
    assert records[0]["address"].startswith(str(link))  # shown through the link
    assert records[0]["copies_count"] == 1


def _indexed_three(write):
    write("reuters/intel.txt", ORIGINAL)
    write("herald/intel-fine.txt", COPY)
    write("reuters/intel-profit.txt", OTHER)
    code, _out, err = run("index", str(write.root))
    assert code == 0, err


def test_timeline_and_top_count_stories_unless_told_articles(write):
    _indexed_three(write)
    code, out, _ = run("timeline", "Intel", "--by", "day")
    assert code == 0
    # The copy of the 14th is counted with its story, on the 13th.
    assert out.splitlines() == ["period,stories,paragraphs", "2009-05-13,2,7"]
    code, out, _ = run("timeline", "Intel", "--by", "day", "--count", "articles")
    assert out.splitlines() == ["period,articles,paragraphs", "2009-05-13,2,7", "2009-05-14,1,3"]
    code, out, _ = run("top", "Intel", "--by", "source")
    assert out.splitlines() == ["source,stories,lift,wire_share", "Reuters,2,1.500,0.000"]
    code, out, _ = run("top", "Intel", "--by", "source", "--count", "articles", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["source"], r["articles"], r["wire_share"]) for r in rows] == [
        ("Reuters", 2, 0.0),
        ("Herald", 1, 1.0),  # its only matching article copies Reuters' story
    ]


def test_stats_counts_stories_and_copies_lists_them_with_their_differences(write):
    _indexed_three(write)
    code, out, _ = run("stats")
    assert "stories      2 (1 article copying another)" in out
    assert json.loads(run("stats", "--json")[1])["stories"] == 2
    code, out, err = run("copies", str(write.root / "herald" / "intel-fine.txt"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("story ") and lines[0].endswith(": 2 articles")
    assert lines[1].endswith(f"reuters/intel.txt · 2009-05-13 · Reuters · {TITLE}: earliest copy")
    assert lines[2].endswith(
        "herald/intel-fine.txt · 2009-05-14 · Herald · Brussels hits chipmaker with record fine: "
        "1 paragraph removed, 1 changed"
    )
    code, out, _ = run("copies", str(write.root / "reuters" / "intel-profit.txt"))
    assert out.endswith("intel-profit.txt: no other copy of its story in the index\n")


def test_an_index_without_stories_counts_articles_and_says_so(tmp_path):
    import shutil
    from pathlib import Path

    old = tmp_path / "old-index"
    shutil.copytree(Path(__file__).parent / "data" / "index-format-11", old)
    code, out, err = run("top", "--index", str(old), "Intel", "--by", "source")
    assert code == 0
    assert out.splitlines()[0] == "source,articles,lift"
    assert "this index has no stories" in err and "--rebuild" in err
    code, _out, err = run("copies", "--index", str(old), "/tmp/fixture11-src/intel.txt")
    assert code == 2 and "no stories" in err and "--rebuild" in err
    code, out, _ = run("stats", "--index", str(old))
    assert "stories      unknown" in out


def test_every_matching_copy_is_named_with_the_article_shown(write):
    write("reuters/intel.txt", ORIGINAL)
    write("herald/intel-fine.txt", COPY)
    # A third outlet, two days later: the lead alone, its headline full of the query's word.
    write(
        "gazette/intel.txt",
        "---\ndate: 2009-05-15\nsource: Gazette\n---\nKroes, Kroes and Intel\n\n"
        + "\n\n".join(STORY[:3])
        + "\n",
    )
    run("index", str(write.root))
    records = _json("Kroes")
    assert _articles(records) == ["intel.txt"]
    first = records[0]
    assert first["address"].endswith("reuters/intel.txt") and first["copies_count"] == 2
    assert sorted(c.rsplit("/", 2)[1] for c in first["copies"]) == ["gazette", "herald"]


WEEK = (
    "---\ndate: 2009-05-16\nsource: Tribune\n---\n" + HOST_TITLE + "\n\n" + "\n\n".join(HOST) + "\n"
)


def test_copies_and_stats_tell_paragraphs_lifted_into_another_story(write):
    _indexed_three(write)
    write("tribune/week.txt", WEEK)
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    code, out, err = run("copies", str(write.root / "tribune" / "week.txt"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith("week.txt: no other copy of its story in the index")
    assert lines[1] == "paragraphs also in other stories:"
    found = [line.strip().replace(str(write.root) + "/", "") for line in lines[2:]]
    assert found == [
        "tribune/week.txt:3 = herald/intel-fine.txt:2 (verbatim)",
        "tribune/week.txt:3 = reuters/intel.txt:2 (verbatim)",
        "tribune/week.txt:5 = herald/intel-fine.txt:4 (nearly verbatim)",
        "tribune/week.txt:5 = reuters/intel.txt:4 (nearly verbatim)",
    ]
    code, out, _ = run("copies", "--json", str(write.root / "reuters" / "intel.txt"))
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["address"].rsplit("/", 1)[1], len(r["reused"])) for r in records] == [
        ("intel.txt", 2),
        ("intel-fine.txt", 2),
    ]
    assert records[0]["reused"][0] == {
        "paragraph": 2,
        "other": str(write.root / "tribune" / "week.txt"),
        "other_paragraph": 3,
        "verbatim": True,
    }
    code, out, _ = run("stats")
    assert "reuse        4 paragraph pairs shared by different stories" in out
    assert json.loads(run("stats", "--json")[1])["reused_paragraphs"] == 4
    # Deleted, its reuse goes with it.
    (write.root / "tribune" / "week.txt").unlink()
    run("index", str(write.root))
    assert json.loads(run("stats", "--json")[1])["reused_paragraphs"] == 0


def test_an_index_of_the_format_before_keeps_its_stories_and_records_reuse_from_now(tmp_path):
    import shutil
    from pathlib import Path

    from newsgrep.engine import schema, store

    old = tmp_path / "index-12"
    shutil.copytree(Path(__file__).parent / "data" / "index-format-12", old)
    # The files the index was built from, put back as they were (same size and
    # time), so that the run below keeps their articles instead of taking them
    # for gone: the index knows them by these absolute paths.
    src = "/tmp/fixture12-src"
    texts = {"intel.txt": ORIGINAL, "intel-fine.txt": COPY, "intel-profit.txt": OTHER}
    with store.open_index(old).searcher() as s:
        sigs = {f["path"]: f["sig"] for f in s.documents(kind=schema.FILE)}
    assert sorted(sigs) == sorted(f"{src}/{name}" for name in texts)
    Path(src).mkdir(exist_ok=True)
    for name, text in texts.items():
        path = Path(src) / name
        path.write_text(text, encoding="utf-8")
        mtime, size = map(int, sigs[str(path)].split(":"))
        assert path.stat().st_size == size
        os.utime(path, ns=(mtime, mtime))
    code, out, err = run("copies", "--index", str(old), f"{src}/intel-fine.txt")
    assert code == 0, err
    assert out.splitlines()[0].endswith(": 2 articles")
    assert "not recorded by the newsgrep that built this index" in out
    assert "reuse" not in run("stats", "--index", str(old))[1]
    # New articles are grouped with the old ones, and their reuse recorded.
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "week.txt").write_text(WEEK)
    (folder / "copy2.txt").write_text(COPY.replace("Herald", "Gazette"))
    code, _out, err = run("index", "--index", str(old), str(folder))
    assert code == 0, err
    assert "0 removed; index holds 5 articles" in err
    code, out, _ = run("copies", "--index", str(old), f"{src}/intel.txt")
    assert out.splitlines()[0].endswith(": 3 articles")
    assert "paragraphs also in other stories:" in out
    assert "copy2.txt:2 = " in out and "week.txt:3" in out


def test_the_stories_map_is_read_from_its_column_and_kept_when_segments_merge(write):
    from pathlib import Path

    from newsgrep.engine.reading import Session
    from newsgrep.engine.schema import STORY_MAP

    _indexed_three(write)
    index = Path(os.environ["NEWSGREP_INDEX"])

    def stories_and_where():
        session = Session(index)
        try:
            [doc] = session.s.document_numbers(kind=STORY_MAP)
            stored = session.s.stored_fields(doc)["storymap"]
            found = sorted(len(s.copies) for s in session.story_map().stories())
            return found, stored, len(session.reader.leaf_readers())
        finally:
            session.close()

    found, stored, _segments = stories_and_where()
    assert found == [2] and stored == b""  # the map is in its column, not stored
    # Each run adds a segment; --compact writes them all into one again.
    for n in range(3):
        write(f"reuters/other-{n}.txt", OTHER.replace("Intel", f"Maker{n}"))
        assert run("index", str(write.root))[0] == 0
    before, _stored, segments = stories_and_where()
    assert before == [2, 4] and segments > 1  # the three near copies are one story
    code, _out, err = run("index", "--compact", str(write.root))
    assert code == 0, err
    assert stories_and_where() == (before, b"", 1)
    assert _articles(_json("--no-collapse", "chipmaker")) == ["intel-fine.txt", "intel.txt"]
    assert {r["copies_count"] for r in _json("chipmaker")} == {1}


def test_folding_copies_finds_their_headlines_without_reading_every_headline(write):
    from newsgrep.archive import open_archive
    from newsgrep.engine.schema import HEADLINE

    write("reuters/intel.txt", ORIGINAL)
    write("herald/intel-fine.txt", COPY)
    write("reuters/intel-profit.txt", OTHER)
    # A file of several articles: a copy inside it is found by its ordinal.
    lines = [
        {"title": "Markets close higher", "text": "Shares rose.", "date": "2009-05-13"},
        {"title": "Brussels fines chipmaker", "text": "\n\n".join(STORY[:4]), "date": "2009-05-15"},
    ]
    write("wire/feed.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    with open_archive() as archive:
        result = archive.search("chipmaker")
        shown = list(result.articles)
        assert shown and shown[0].copies_count == 2  # the copy and the feed's article
        session = archive.session
        assert "all_heads" not in session.__dict__  # no posting of every headline read
        docs = set(range(session.reader.doc_count_all()))
        every = session.term_docs("kind", HEADLINE)
        assert session.headlines_among(docs) == every
        assert session.headlines_among(docs - every) == set()
        # However many copies are looked up, every headline is never read at once ...
        from newsgrep.engine.reading import HEADLINE_LOOKUPS

        ordered = sorted(docs)
        for n in range(2 * HEADLINE_LOOKUPS):
            d = ordered[n % len(ordered)]
            assert session.headlines_among({d}) == ({d} & every)
        assert "all_heads" not in session.__dict__
        # ... and an index without tie keys on every headline (before format 12)
        # finds the same by skipping the headline postings.
        session._tied_heads = False
        assert session.headlines_among(docs) == every
        assert session.headlines_among(docs - every) == set()
