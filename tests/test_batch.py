"""`newsgrep batch`: lists of queries read, run on one archive, summarised; bad lines; exits."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from newsgrep.batch import NamedQuery, read_list, summarize
from newsgrep.printers import select_output
from newsgrep.reports import SummaryPrinter

from .conftest import shared
from .test_cli import run


def _rows(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out)))


# ---------------------------------------------------------------- reading lists


def test_a_text_list_has_one_query_a_line_and_comments():
    queries, bad = read_list(["# names\n", "Witkoff\n", "\n", "  Kushner OR Trump  \n"])
    assert [(q.line, q.name, q.query) for q in queries] == [
        (2, "Witkoff", "Witkoff"),
        (4, "Kushner OR Trump", "Kushner OR Trump"),
    ]
    assert bad == []


def test_a_csv_list_has_a_query_column_and_optional_filters():
    text = (
        "name,query,since,until,source,lang\n"
        "envoy,Witkoff,2025-12,,Le Monde;Reuters,fr\n"
        "# a comment\n"
        ",cocoa,,,,\n"
    )
    queries, bad = read_list(io.StringIO(text))
    assert bad == []
    assert queries[0] == NamedQuery("envoy", "Witkoff", "2025-12", None, ("Le Monde", "Reuters"),
                                    ("fr",), line=2)  # fmt: skip
    assert (queries[1].name, queries[1].line) == ("cocoa", 4)  # no name: the query


def test_malformed_lines_are_reported_with_their_numbers():
    queries, bad = read_list(["Witkoff\n", '"Steve Witkoff\n', "author:x\n", "Kushner\n"])
    assert [q.query for q in queries] == ["Witkoff", "Kushner"]
    assert [b.line for b in bad] == [2, 3]
    assert "unbalanced quote" in bad[0].message and "author" in bad[1].message
    _q, bad = read_list(["query,since,lang\n", "Witkoff,2025-13,\n", "x,,french\n", ",,\n"])
    assert [(b.line, b.message.split(":")[0]) for b in bad] == [
        (2, "not a date"),
        (3, "not a language code"),
    ]
    _q, bad = read_list(["query,colour\n", "Witkoff,red\n"])
    assert bad and "unknown column 'colour'" in bad[0].message


# ---------------------------------------------------------------- the command


@pytest.fixture
def reuters(tmp_path):
    """An index of 1,000 Reuters articles (one SGML file of ../shared/data)."""
    index = tmp_path / "reuters-ix"
    code, _out, err = run("index", "--index", str(index), "-q",
                          str(shared("reuters-21578", "reut2-000.sgm")))  # fmt: skip
    assert code == 0, err
    return index


NAMES = ["Reagan", "Volcker", "Baker", "Brazil", "Yeutter", "Chrysler", "Texaco", "Nakasone",
         "Petrobras", "Zzyzxville", "cocoa OR coffee", '"Federal Reserve"',
         "Iran -Iraq"]  # fmt: skip


def test_batch_counts_equal_separate_searches(reuters, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("\n".join(NAMES) + "\n")
    code, out, err = run("batch", "--index", str(reuters), str(names))
    assert code == 0, err
    rows = _rows(out)
    assert [r["name"] for r in rows] == NAMES
    assert sum(int(r["articles"]) > 0 for r in rows) >= 10
    for row in rows:
        code, out, _err = run("search", "--index", str(reuters), "--json", "-n", "0",
                              "--no-collapse", "--no-suggest", row["query"])  # fmt: skip
        records = [json.loads(line) for line in out.splitlines()]
        hits = [r for r in records if r["type"] == "hit"]
        assert int(row["articles"]) == len({r["address"] for r in hits}), row
        assert int(row["paragraphs"]) == len(hits), row
        assert code == (0 if hits else 1)
        if hits:
            dates = sorted(r["date"] for r in hits if r["date"])
            assert (row["first_date"], row["last_date"]) == (dates[0], dates[-1])
            # (batch ranks articles, not stories: the best one, not its story's earliest copy)
            code, first, _ = run("search", "--index", str(reuters), "-l", "-n", "1",
                                 "--no-collapse", row["query"])  # fmt: skip
            assert row["best_address"].endswith(first.strip().split("/")[-1])


def test_filters_of_a_csv_list_are_those_of_search(reuters, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name,query,since,until\nearly,Reagan,1987-02-26,1987-02-26\nall,Reagan,,\n")
    _code, out, _err = run("batch", "--index", str(reuters), str(names), "--json")
    early, every = (json.loads(line) for line in out.splitlines())
    _code, out, _ = run("search", "--index", str(reuters), "-c", "-n", "0", "--no-collapse",
                        "--since", "1987-02-26", "--until", "1987-02-26", "Reagan")  # fmt: skip
    assert early["articles"] == len(out.splitlines()) < every["articles"]
    assert early["first_date"] == early["last_date"] == "1987-02-26"


def test_one_archive_reads_a_word_once_for_every_query(reuters, monkeypatch):
    from newsgrep.archive import open_archive
    from newsgrep.engine import reading

    reads = []
    real = reading._read_blocks

    def counting(reader, fieldname, text):
        reads.append((fieldname, text))
        return real(reader, fieldname, text)

    monkeypatch.setattr(reading, "_read_blocks", counting)
    queries = [NamedQuery(q, q) for q in ("Reagan Volcker", "Reagan Baker", "Reagan OR Texaco")]
    with open_archive(reuters) as archive:
        list(summarize(archive, queries))
    text_reads = [t for f, t in reads if f == "text"]
    assert text_reads.count(b"reagan") == 1 and len(set(text_reads)) == len(text_reads)


def test_bad_lines_still_let_the_rest_run_and_exit_2(seed_index, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text('Witkoff\n"Steve Witkoff\ncocoa\n')
    code, out, err = run("batch", str(names))
    assert code == 2
    assert [r["name"] for r in _rows(out)] == ["Witkoff", "cocoa"]
    assert re.search(r"names\.txt:2: unbalanced quote", err)


def test_exit_1_when_no_query_matches_and_stdin(seed_index):
    code, out, _ = run("batch", "-", input="cocoa\nMacron\n")
    assert code == 1 and [r["articles"] for r in _rows(out)] == ["0", "0"]
    code, out, _ = run("batch", "-", input="cocoa\nWitkoff\n")
    assert code == 0
    code, _out, err = run("batch", "-", input="Witkoff\n!!(\n")
    assert code == 2 and "stdin:2:" in err


def test_hits_are_tagged_with_their_query(seed_index):
    lines = "envoy,Witkoff\nrussian,Ouchakov\n"
    code, out, _ = run("batch", "-", "--hits", input="name,query\n" + lines)
    assert code == 0
    tags = [line.split(":")[0] for line in out.splitlines()]
    assert tags == ["envoy"] * 4 + ["russian"] * 3
    assert out.splitlines()[4].split(":")[2] == "1"  # NAME:ADDRESS:PARAGRAPH:TEXT
    code, out, _ = run("batch", "-", "--hits", "--json", input="name,query\n" + lines)
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["query"] for r in records] == tags and records[4]["spans"]
    code, out, _ = run("batch", "-", "--hits", "--csv", input="name,query\n" + lines)
    rows = _rows(out)
    assert [r["query"] for r in rows] == tags and rows[0]["paragraph"] == "0"
    assert run("batch", "-", "--json", "--csv", input="x\n")[0] == 2


def test_a_terminal_gets_a_table(seed_index):
    from newsgrep.archive import open_archive

    stream = io.StringIO()
    printer = SummaryPrinter(select_output("never", stream, terminal=True), None)
    with open_archive(seed_index) as archive:
        for s in summarize(archive, [NamedQuery("envoy", "Witkoff"), NamedQuery("c", "cocoa")]):
            printer.add(s)
    printer.close()
    table = stream.getvalue()
    assert re.search(r"envoy\s+1\s+4\s+2025-12-03\s+2025-12-03\s+Le Monde 1\s+Ukraine", table)
    assert "\x1b" not in table
    assert table.splitlines()[0].split()[:3] == ["name", "articles", "paragraphs"]
