"""Quotations in the index: the quote: and speaker: fields, `newsgrep quotes`, top and timeline."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

import newsgrep
from newsgrep.printers import print_quotes, select_output

from .conftest import CORPUS
from .test_cli import run
from .test_layout import OLD_INDEX

BBC = """\
---
date: 2025-11-20
source: BBC
lang: en
---
Talks on Ukraine resume

"We are ready to talk about a compromise," said Dmitry Peskov, the Kremlin spokesman.

Mr Peskov added: "Nothing has been decided yet."

The plan was a "good start" for observers, who read "War and Peace" on the way.
"""

SPIEGEL = """\
---
date: 2025-10-02
source: Der Spiegel
lang: de
---
Gespräche in Genf

„Wir wollen einen Kompromiss finden“, sagte Juri Uschakow am Dienstag.
"""


@pytest.fixture
def quoted(index_dir, write):
    write("bbc.txt", BBC)
    write("spiegel.txt", SPIEGEL)
    code, _out, err = run("index", str(CORPUS), str(write.root))
    assert code == 0, err
    return index_dir


def _records(*args: str) -> list[dict]:
    code, out, err = run("quotes", "--json", *args)
    assert code in (0, 1), err
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("name", ["Ushakov", "Ouchakov", "Ушаков", "Uschakow", "yuri ushakov"])
def test_a_speaker_in_any_spelling_or_script(quoted, name):
    found = _records("--speaker", name)
    assert {(r["speaker"], r["lang"]) for r in found} == {
        ("Iouri Ouchakov", "fr"),
        ("Juri Uschakow", "de"),
    }
    assert {r["text"] for r in found} >= {"Wir wollen einen Kompromiss finden"}


def test_another_person_is_not_ushakov(quoted):
    found = _records("--speaker", "Peskov")
    assert [r["text"] for r in found] == [
        "We are ready to talk about a compromise,",
        "Nothing has been decided yet.",
    ]
    assert {r["speaker"] for r in found} == {"Dmitry Peskov"}
    assert found[1]["speaker_as_written"] == "Mr Peskov"
    assert _records("--speaker", "Witkoff Ushakov") == []


def test_quote_words_keep_the_quotations_they_are_in(quoted):
    found = _records("quote:compromis")
    assert [(r["speaker"], r["paragraph"]) for r in found] == [("Iouri Ouchakov", 2)]
    rec = found[0]
    assert [rec["text"][s:e] for s, e in rec["spans"]] == ["compromis"]
    # the speaker field and the quotation's words together, in the query itself
    assert [r["lang"] for r in _records("quote:Kompromiss speaker:Ushakov")] == ["de"]
    assert _records("quote:Kompromiss speaker:Peskov") == []


def test_the_fields_choose_paragraphs_in_search(quoted):
    code, out, _ = run("search", "--json", "speaker:Ушаков")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert sorted((r["lang"], r["paragraph"]) for r in records) == [("de", 1), ("fr", 2)]
    marked = {r["text"][s:e] for r in records for s, e in r["spans"]}
    assert marked == {"Ouchakov", "Uschakow"}
    assert run("search", "quote:decided")[0] == 0
    assert run("search", "quote:Kremlin")[0] == 1  # outside the marks


def test_titles_and_scare_quotes_are_kept_apart(quoted):
    speech = {r["text"] for r in _records("--lang", "en")}
    assert "good start" not in speech and "War and Peace" not in speech
    kinds = {r["text"]: r["kind"] for r in _records("--lang", "en", "--kind", "all")}
    assert kinds["War and Peace"] == "title"
    assert kinds["good start"] == "scare"
    assert kinds["Nothing has been decided yet."] == "speech"


def test_filters_and_limit(quoted):
    assert {r["source"] for r in _records("--since", "2025-11")} == {"BBC", "Le Monde"}
    assert len(_records("-n", "2")) == 2
    assert run("quotes", "--speaker", "Macron")[0] == 1


def test_pipe_lines_and_csv(quoted):
    code, out, _ = run("quotes", "--speaker", "Uschakow", "--lang", "de")
    assert code == 0
    [line] = out.splitlines()
    assert line.endswith(
        "spiegel.txt:1:2025-10-02:Juri Uschakow: Wir wollen einen Kompromiss finden"
    )
    assert "\x1b" not in out
    code, out, _ = run("quotes", "--csv", "--speaker", "Peskov")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["speaker"], r["verb"], r["paragraph"]) for r in rows] == [
        ("Dmitry Peskov", "said", "1"),
        ("Dmitry Peskov", "added", "2"),
    ]


def test_a_terminal_shows_speaker_source_date_and_address(quoted):
    with newsgrep.open_archive(quoted) as archive:
        found = archive.quotes("quote:compromise")
    for color in (False, True):
        buffer = io.StringIO()
        print_quotes(found, select_output("always" if color else "never", buffer, terminal=True))
        text = buffer.getvalue()
        assert ("\x1b[" in text) is color
        if not color:
            lines = text.splitlines()
            assert lines[0] == "« We are ready to talk about a compromise, »"
            assert lines[1] == "  — Dmitry Peskov (said)"
            # The terminal may wrap a long temporary path anywhere, inside a name too.
            meta = "".join(line.strip() for line in lines[2:]).replace(" ", "")
            assert meta.startswith("BBC·2025-11-20·en·")
            assert meta.endswith("bbc.txt·¶1")


def test_top_by_speaker_and_timeline_of_quotes(quoted):
    code, out, _ = run("top", "compromise OR compromis OR Kompromiss", "--by", "speaker", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    # Juri Uschakow (Der Spiegel) is Iouri Ouchakov (the seed): one row, the seed's spelling
    assert rows[0] == {"speaker": "Iouri Ouchakov", "articles": 2, "quotations": 3}
    assert {"speaker": "Dmitry Peskov", "articles": 1, "quotations": 2} in rows
    assert not [r for r in rows if r["speaker"] == "Juri Uschakow"]
    code, out, _ = run("timeline", "--quotes", "--speaker", "Ushakov", "--json")
    periods = [json.loads(line) for line in out.splitlines()]
    assert [(p["period"], p["articles"], p["quotations"]) for p in periods] == [
        ("2025-10", 1, 1),
        ("2025-11", 0, 0),
        ("2025-12", 1, 2),
    ]
    assert run("timeline", "--speaker", "Ushakov", "Ukraine")[0] == 2  # needs --quotes


def _article(source: str, lang: str, body: str) -> str:
    return f"---\ndate: 2025-11-20\nsource: {source}\nlang: {lang}\n---\nTalks\n\n{body}\n"


def test_top_by_speaker_joins_the_spellings_of_one_person(index_dir, write):
    write("a.txt", _article("BBC", "en", '"We want peace," said Yuri Ushakov.'))
    write("b.txt", _article("BBC", "en", '"Peace is near," said Yuri Ushakov.'))
    write("c.txt", _article("Le Monde", "fr", "« La paix est proche », a dit Iouri Ouchakov."))
    write("d.txt", _article("Der Spiegel", "de", "„Der Frieden ist nah“, sagte Juri Uschakow."))
    write("e.txt", _article("RBC", "ru", "«Мир близок», — сказал Юрий Ушаков."))
    write("f.txt", _article("BBC", "en", '"Peace first," said Barack Obama. "Yes," said Obama.'))
    write("g.txt", _article("BBC", "en", '"Peace at home," said Michelle Obama.'))
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    code, out, _ = run("top", "--by", "speaker", "--json", "peace OR paix OR Frieden OR мир")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows == [
        {"speaker": "Yuri Ushakov", "articles": 5, "quotations": 5},
        {"speaker": "Barack Obama", "articles": 1, "quotations": 2},
        {"speaker": "Michelle Obama", "articles": 1, "quotations": 1},
    ]


def test_quotes_of_a_query_are_those_that_match_it(index_dir, write):
    write(
        "a.txt",
        _article(
            "BBC",
            "en",
            '"The harvest was poor this year," said farmer Ann Lee.\n\n'
            'Cocoa prices rose again. "We expect more," said trader Tom Hill.\n\n'
            '"Sugar is calm," said Tom Hill.\n\n"Our cocoa stocks are low," added Ann Lee.',
        ),
    )
    code, _out, err = run("index", str(write.root))
    assert code == 0, err
    found = _records("cocoa")
    # the quotations of the paragraphs that say cocoa; not the others of the article
    assert [(r["paragraph"], r["speaker"]) for r in found] == [(2, "Tom Hill"), (4, "Ann Lee")]
    assert [r["text"] for r in _records("cocoa", "--speaker", "Ann Lee")] == [
        "Our cocoa stocks are low,"
    ]
    # no word of the query in the text: every quotation of the matching articles
    assert len(_records("--source", "BBC")) == 4
    # top and timeline still count all the quotations of the matching articles
    code, out, _ = run("top", "cocoa", "--by", "speaker", "--json")
    assert [json.loads(line)["quotations"] for line in out.splitlines()] == [2, 2]


def test_an_index_without_quotations_says_to_rebuild(tmp_path):
    old_index = tmp_path / "old-index"
    shutil.copytree(OLD_INDEX, old_index)
    code, out, err = run("quotes", "--index", str(old_index), "--speaker", "Ushakov")
    assert (code, out) == (2, "")
    assert "built before newsgrep indexed quotations (format 9)" in err
    assert "newsgrep index --rebuild" in err
    # its other fields are searched as before; the new ones match nothing
    assert run("search", "--index", str(old_index), "Witkoff")[0] == 0
    assert run("search", "--index", str(old_index), "speaker:Ushakov")[0] == 1
