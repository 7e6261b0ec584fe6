"""Stories at index time and in searches: copies folded into the earliest, JSON and CSV fields."""

import csv
import io
import json

from newsgrep.printers import Output, RichPrinter

from .test_cli import run
from .test_stories import STORY, TITLE

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
