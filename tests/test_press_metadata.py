"""The metadata of press exports beyond title, date, source, author and language
(section, length, load date, edition, Factiva codes...): stored with each article,
and shown by `show` and `search` as it stands in the source file."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from newsgrep.articles import Article
from newsgrep.cli import cli
from newsgrep.engine.schema import (
    META_CHARS,
    META_KEYS,
    article_documents,
    article_from_stored,
    stored_meta,
)
from newsgrep.printers import print_articles, select_output
from newsgrep.results import ArticleHit, Hit

from .conftest import shared
from .press_fixtures import STORIES, factiva_rtf, lexisnexis_text


def records(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def index(*paths: Path) -> None:
    result = CliRunner().invoke(cli, ["index", "-q", "--rebuild", *map(str, paths)])
    assert result.exit_code == 0, result.output


def test_real_lexisnexis_export_shows_its_section_length_and_load_date():
    folder = shared("nexis-layout-samples")
    index(folder)
    first, *rest = records("show", "--json", f"{folder / 'sample.TXT'}#3")
    meta = first["meta"]
    assert meta["section"] == "FEATURES; Pg. 6"  # as in the file: "SECTION: FEATURES; Pg. 6"
    assert meta["length"] == "677 words"
    assert meta["load_date"] == "January 11, 2010"
    assert meta["language"] == "ENGLISH"
    assert meta["copyright"].startswith("Copyright 2010 NEWS GROUP NEWSPAPERS LTD")
    assert all(r["meta"] == meta for r in rest)  # on every paragraph's record


def test_real_nexis_uni_export_shows_its_metadata():
    folder = shared("nexis-layout-samples")
    index(folder / "sample.DOCX")
    shown = records("show", "--json", str(folder / "sample.DOCX"))
    articles = {int(r["address"].rsplit("#", 1)[1]): r["meta"] for r in shown}
    assert len(articles) == 10
    assert articles[1]["section"] == "POLITICS; Version:28"  # "Section: POLITICS; Version:28"
    assert articles[5]["length"] == "17366 words"
    # Only three of the ten items have a Load-Date line; the others show none.
    load_dates = {n: meta["load_date"] for n, meta in articles.items() if "load_date" in meta}
    assert load_dates == {7: "July 4, 2019", 9: "July 3, 2019", 10: "July 2, 2019"}
    assert articles[7]["language"] == "ENGLISH" and articles[7]["journal_code"] == "WEBGNS"


def test_made_up_exports_show_their_metadata_in_show_and_search(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.TXT").write_bytes(lexisnexis_text(3).encode("cp1252"))
    (corpus / "factiva.rtf").write_bytes(factiva_rtf())
    (corpus / "plain.txt").write_text("A plain title\n\nNothing but text here.\n")
    index(corpus)
    [head, *_] = records("show", "--json", f"{corpus / 'factiva.rtf'}#1")
    meta = head["meta"]
    assert meta["word_count"] == STORIES[0]["words"]
    assert meta["section"] == STORIES[0]["section"]
    assert meta["source_code"] == "DCHRON"
    assert meta["an"] == "DCHRON0020100111e61b0000x"
    export = str(corpus / "factiva.rtf")
    found = records("search", "--json", "-n", "0", "--no-collapse", "tunnel", export)
    assert found and all(r["meta"]["source_code"] == "DCHRON" for r in found)
    [lexis, *_] = records("show", "--json", f"{corpus / 'export.TXT'}#2")
    assert {"section", "length", "load_date"} <= set(lexis["meta"])
    [plain] = records("show", "--json", str(corpus / "plain.txt"))[:1]
    assert plain["meta"] == {}  # always there, empty when the reader found nothing more


def test_an_index_of_an_older_format_shows_no_metadata(tmp_path, monkeypatch):
    fixture = Path(__file__).parent / "data" / "index-format-10"
    shutil.copytree(fixture, tmp_path / "old")
    monkeypatch.setenv("NEWSGREP_INDEX", str(tmp_path / "old"))
    found = records("search", "--json", "Witkoff")
    assert found and all(r["meta"] == {} for r in found)
    shown = records("show", "--json", found[0]["address"])
    assert shown and all(r["meta"] == {} for r in shown)


def test_stored_metadata_is_bounded():
    extra = {f"key{i}": "x" * 2000 for i in range(50)}
    meta = stored_meta({"empty": "", "none": None, **extra})
    assert len(meta) == META_KEYS and list(meta)[0] == "key0"
    assert all(len(v) == META_CHARS for v in meta.values())
    assert stored_meta({"n": 3}) == {"n": "3"}
    assert Article("p", "t", []).extra == {}


def test_metadata_survives_rewriting_a_segment():
    """Merging segments writes articles again from their stored fields: the metadata too."""
    article = Article("/x.txt", "T", ["Body."], extra={"section": "Politics", "length": "5 words"})
    head = next(article_documents(article))
    again = next(article_documents(article_from_stored({**head, "title": "T"})))
    assert head["meta"] == again["meta"] == {"section": "Politics", "length": "5 words"}


def test_the_terminal_shows_the_metadata_on_one_dim_line_made_safe():
    article = ArticleHit(
        id="x", path="/a.txt", title="Headline", score=None,
        hits=[Hit(0, "Headline", None), Hit(1, "Body.", None)],
        meta={"section": "Politics", "length": "523 words", "edition": "Late\x1b[31m"},
    )  # fmt: skip
    out = io.StringIO()
    print_articles([article], select_output("never", out, terminal=True))
    text = out.getvalue()
    assert "section: Politics · length: 523 words · edition: Late?[31m" in text
    assert "\x1b" not in text
    out = io.StringIO()
    print_articles([article], select_output("always", out, terminal=True))
    line = next(li for li in out.getvalue().splitlines() if "section:" in li)
    assert "\x1b[2m" in line and "\x1b[31m" not in line  # dim, and no escape from the text
