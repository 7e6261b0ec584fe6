"""Reading the formats news comes in: HTML, JSON, JSON Lines, CSV, feeds, WARC, SGML.

Small made-up articles live in tests/data/formats/; tests on the real data
sets read ../shared/data beside the repository and are skipped without it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgrep import dates
from newsgrep.articles import SkipFile
from newsgrep.cli import cli
from newsgrep.corpus import read_articles, reader_for
from newsgrep.readers import ReadOptions
from newsgrep.readers.json import read_stdin
from newsgrep.text import decode_bytes, title_from_text

FIXTURES = Path(__file__).resolve().parent / "data" / "formats"
FOLDER = FIXTURES / "folder"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def real(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


def read_one(path: Path, options: ReadOptions | None = None):
    (article,) = read_articles(path, options)
    return article


def skip_reason(path: Path, options: ReadOptions | None = None) -> SkipFile:
    with pytest.raises(SkipFile) as e:
        read_articles(path, options)
    return e.value


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-05-25T10:02:24Z", dt.date(2023, 5, 25)),
        ("2024-03-05T23:30:00-05:00", dt.date(2024, 3, 6)),  # to UTC first
        ("2024-03-05T23:30:00-0500", dt.date(2024, 3, 6)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 23:30:00 -0500", dt.date(2024, 3, 6)),
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)),
        ("22 mai 2012", dt.date(2012, 5, 22)),
        ("1er décembre 2012", dt.date(2012, 12, 1)),
        ("May 22, 2012", dt.date(2012, 5, 22)),
        ("22. März 2012", dt.date(2012, 3, 22)),
        ("22 de mayo de 2012", dt.date(2012, 5, 22)),
        ("20120522", dt.date(2012, 5, 22)),
        (1_700_000_000, dt.date(2023, 11, 14)),
        (1_700_000_000_000, dt.date(2023, 11, 14)),
        (
            dt.datetime(2024, 1, 1, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-2))),
            dt.date(2024, 1, 2),
        ),
        ("yesterday", None),
        ("31 février 2012", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert dates.parse_date(value) == expected


def test_dateline_date_only_at_the_start_of_a_paragraph():
    assert dates.dateline_date("22 mai 2012. - Prévu initialement…") == dt.date(2012, 5, 22)
    assert dates.dateline_date("Le vote a eu lieu le 22 mai 2012 à Paris.") is None


def test_title_from_text_is_the_first_sentence_or_the_first_80_characters():
    assert title_from_text("Dr. Who met St. Paul in town. Then he left.") == (
        "Dr. Who met St. Paul in town."
    )
    long = "word " * 60
    title = title_from_text(long)
    assert title.endswith("…") and len(title) <= 81


# ---------------------------------------------------------------- encodings


def test_latin1_text_is_decoded():
    assert read_one(FOLDER / "latin1.txt").paragraphs == [
        "A season ticket now costs £250, up from £230."
    ]


def test_bbc_latin1_article_shows_the_pound_sign():
    article = read_one(real("bbc-news", "sport", "199.txt"))
    text = " ".join(article.paragraphs)
    assert "£15.8m" in text
    assert "\ufffd" not in text


def test_non_western_encodings_are_still_detected():
    text = "Привет, как дела? Это проверка кодировки русского текста. " * 3
    assert decode_bytes(text.encode("cp1251")) == text


def test_binary_file_is_skipped():
    assert str(skip_reason(FOLDER / "binary.txt")) == "binary file"


# ---------------------------------------------------------------- HTML


def test_html_page_main_text_and_metadata():
    article = read_one(FOLDER / "bridge.html")
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.paragraphs[0] == (
        "Traffic returned to the old crossing on Tuesday after eight months of work."
    )
    assert article.paragraphs[1].startswith("The harbour bridge reopened to cars")
    text = " ".join(article.paragraphs)
    for furniture in ("Share on Facebook", "Most read", "All rights reserved", "Weather"):
        assert furniture not in text
    assert article.date == dt.date(2024, 3, 6)  # 23:30 in New York is the 6th in UTC
    assert (article.source, article.author, article.lang) == ("The Daily Gull", "Mary Fisher", "en")
    assert article.url == "https://gull.example/news/bridge-reopens"
    assert article.format == "html"


def test_html_without_metadata_date_takes_the_dateline():
    article = read_one(FOLDER / "dateline.html")
    assert article.title == "Bretagne : le phare de Kerlo rouvre aux visiteurs"
    assert article.paragraphs[0].startswith("Fermé depuis trois ans")  # the <h2> lead
    assert article.paragraphs[1].startswith("1er juillet 2012. - Le phare")
    assert len(article.paragraphs) == 4
    assert article.date == dt.date(2012, 7, 1)


def test_html_without_text_is_skipped():
    assert "no article text" in str(skip_reason(FOLDER / "empty-page.html"))


def test_wikinews_titles_paragraphs_and_dates():
    folder = real("wikinews-fr-100", "documents")
    articles = [read_one(path) for path in sorted(folder.glob("*.html"))]
    assert len(articles) == 100
    assert sum(1 for a in articles if a.date) == 99
    assert all(dt.date(2012, 5, 1) <= a.date <= dt.date(2012, 12, 31) for a in articles if a.date)
    first = read_one(folder / "43971.html")
    assert first.title == "États-Unis : Lancement réussi pour Space X Dragon"
    assert first.paragraphs[0].startswith("La fusée Falcon 9")  # the <h2> lead
    assert first.paragraphs[1].startswith("22 mai 2012. - Prévu initialement")
    assert "premier étage du lanceur" in first.paragraphs[1]  # soft hyphens gone
    assert first.date == dt.date(2012, 5, 22)
    assert len(first.paragraphs) == 9


# ---------------------------------------------------------------- JSON


def test_newsapi_response():
    fleet, library = read_articles(FOLDER / "newsapi.json")
    assert fleet.title == "Fishing fleet returns early as storm nears"  # " - Harbour Herald" gone
    assert fleet.paragraphs == [
        "The town's fishing fleet came back to port a day early on Monday.",
        "Skippers said the forecast left them no choice and that the catch was small but "
        "worth the trip, said the harbour …",
    ]
    assert (fleet.source, fleet.author, fleet.date) == (
        "Harbour Herald",
        "Tom Reed",
        dt.date(2023, 5, 25),
    )
    assert fleet.url == "https://herald.example/fleet-returns"
    assert library.date == dt.date(2023, 5, 26)
    assert library.paragraphs == [
        "Readers will be able to borrow books until 9 pm from June.",
        "The council approved the plan on Tuesday. S&P ratings were not affected, the mayor joked.",
    ]
    assert library.format == "json"


def test_json_list_with_other_field_names_and_html_text():
    (article,) = read_articles(FOLDER / "list.json")  # the object without title or text is left out
    assert article.title == "Bakery wins regional bread prize"
    assert article.paragraphs == [
        "A small bakery in the old town won the regional prize for its rye bread.",
        "The owner said the recipe came from her grandmother.",
    ]
    assert article.date == dt.date(2023, 11, 14)
    assert (article.source, article.author) == ("Town Crier", "Ana Lopez, Ben Cho")
    assert (article.url, article.lang) == ("https://crier.example/bakery", "en")


def test_broken_json_is_skipped_with_its_position():
    assert str(skip_reason(FOLDER / "broken.json")).startswith("broken JSON: Unterminated string")


def test_json_lines():
    ferry, bridge = read_articles(FOLDER / "wire.jsonl")
    assert ferry.title == "Ferry timetable changes in winter"
    assert ferry.paragraphs == [
        "Ferries will run every two hours from November.",
        "The last crossing leaves at 8 pm.",
    ]
    assert (ferry.date, ferry.source, ferry.author, ferry.lang) == (
        dt.date(2023, 10, 30), "Coast Wire", "Lea Brun", "en",
    )  # fmt: skip
    assert bridge.source == "Coast Wire"  # from {"source": {"name": ...}}
    assert bridge.date == dt.date(2023, 10, 30)  # 01:30 at +03:00 is the day before in UTC
    assert bridge.format == "jsonl"


def test_json_lines_with_broken_lines_keep_the_good_ones():
    e = skip_reason(FOLDER / "partly-broken.jsonl")
    assert str(e).startswith("partly read: 1 broken JSON line (first: line 2")
    assert [a.title for a in e.articles] == ["Good line", "Another good line"]
    assert str(skip_reason(FOLDER / "broken.ndjson")).startswith("broken JSON Lines: line 1")


def test_json_file_holding_json_lines(tmp_path):
    path = tmp_path / "dump.json"
    path.write_text('{"title": "One", "text": "First."}\n{"title": "Two", "text": "Second."}\n')
    assert [a.title for a in read_articles(path)] == ["One", "Two"]


def test_field_names_can_be_given(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            [
                {
                    "hed": "Own names",
                    "copy": "Text under its own name.",
                    "when": "2020-02-02",
                    "title": "Not this one",
                }
            ]  # fmt: skip
        )
    )
    options = ReadOptions.from_pairs(
        [("title", "hed"), ("text", "copy"), ("date", "when"), ("text", "1")], source="Archive"
    )
    article = read_one(path, options)
    assert (article.title, article.paragraphs) == ("Own names", ["Text under its own name."])
    assert (article.date, article.source) == (dt.date(2020, 2, 2), "Archive")


def test_newsapi_real_snapshots():
    folder = real("newsapi-headlines-multilang")
    articles = [a for path in sorted(folder.rglob("*.json")) for a in read_articles(path)]
    assert len(articles) == 267
    assert all(a.date and dt.date(2020, 1, 1) <= a.date <= dt.date(2023, 12, 31) for a in articles)
    assert all(a.source for a in articles)
    assert not any("chars]" in p for a in articles for p in a.paragraphs)
    lemonde = read_articles(folder / "source" / "europeFrLemonde.json")
    assert {a.source for a in lemonde} == {"Le Monde"}
    assert lemonde[0].url.startswith("https://www.lemonde.fr/")


# ---------------------------------------------------------------- CSV


def test_csv_with_header():
    roof, trees = read_articles(FOLDER / "articles.csv")
    assert roof.title == "Market hall gets a new roof"
    assert roof.paragraphs == [
        "The roof of the market hall was replaced over the summer.",
        "Traders moved back in on Monday.",
    ]
    assert (roof.date, roof.source, roof.author, roof.url, roof.lang) == (
        dt.date(2023, 9, 4), "Town Crier", "Ana Lopez", "https://crier.example/roof", "en",
    )  # fmt: skip
    assert trees.title == "Volunteers planted three hundred trees along the river on Saturday."
    assert roof.format == "csv"


def test_csv_without_header_needs_its_columns():
    options = ReadOptions.from_pairs(
        [("label", "0"), ("text", "1")],
        csv_delimiter=";", csv_quotechar="'", csv_header=False, lang="de",
    )  # fmt: skip
    derby, museum = read_articles(FIXTURES / "no-header.csv", options)
    assert derby.title == "Die Mannschaft gewann am Sonntag das Derby mit zwei zu eins."
    assert derby.paragraphs == [
        "Die Mannschaft gewann am Sonntag das Derby mit zwei zu eins. Der Trainer lobte die Abwehr."
    ]
    assert (derby.lang, derby.extra["label"]) == ("de", "Sport")
    assert museum.extra["label"] == "Kultur"
    reason = skip_reason(FIXTURES / "no-header.csv")
    assert str(reason).startswith("no title or text column in the CSV header")


def test_malformed_csv_keeps_the_rows_before_the_damage():
    e = skip_reason(FOLDER / "malformed.csv")
    assert str(e).startswith("partly read: malformed CSV at line")
    assert [a.title for a in e.articles] == ["First row"]


def test_tsv():
    article = read_one(FOLDER / "trams.tsv")
    assert (article.title, article.date, article.format) == (
        "Tram line opens", dt.date(2024, 1, 15), "tsv",
    )  # fmt: skip


def test_10kgnad_with_csv_options():
    path = real("10kgnad-de-test", "test.csv")
    options = ReadOptions.from_pairs(
        [("label", "0"), ("text", "1")],
        csv_delimiter=";", csv_quotechar="'", csv_header=False, lang="de",
    )  # fmt: skip
    articles = read_articles(path, options)
    assert len(articles) == 1028
    assert all(a.title and a.paragraphs and a.lang == "de" for a in articles)
    assert articles[0].extra["label"] == "Wirtschaft"
    assert articles[0].title.startswith("Die Gewerkschaft GPA-djp lanciert den")


# ---------------------------------------------------------------- feeds


def test_rss_feed():
    choir, snow = read_articles(FOLDER / "feed.rss")
    assert choir.title == "School choir sings at the town hall"
    assert choir.paragraphs == [
        "The school choir gave its winter concert on Friday.",  # summary = content start: once
        "More than two hundred parents came to listen & sing along.",
    ]
    assert choir.date == dt.date(2023, 12, 9)  # 22:15 at -05:00, in UTC
    assert (choir.source, choir.author, choir.url, choir.lang) == (
        "Valley Gazette", "Mia Park", "https://gazette.example/choir", "en",
    )  # fmt: skip
    assert snow.paragraphs == ["The pass road is closed until Monday."]
    assert choir.format == "feed"


def test_atom_feed():
    article = read_one(FOLDER / "feed.atom")
    assert article.title == "Le marché aux poissons déménage"
    assert article.paragraphs == [
        "Le marché aux poissons quittera le quai ouest au printemps.",
        "Les pêcheurs approuvent.",
    ]
    assert (article.date, article.author, article.lang) == (
        dt.date(2024, 2, 2),
        "Jeanne Morel",
        "fr",
    )
    assert article.source == "Le Courrier du Port"


def test_xml_is_read_only_when_it_is_a_feed():
    assert read_one(FOLDER / "headlines.xml").title == "Cable car reopens"
    assert reader_for(FOLDER / "settings.xml") is None
    assert str(skip_reason(FOLDER / "broken.rss")).startswith("broken feed")


# ---------------------------------------------------------------- WARC


def _write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        for url, content_type, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body.encode("utf-8")),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-06-01T23:59:00Z"},
            )
            writer.write_record(record)


PAGE = """<html lang="en"><head><title>{title}</title></head><body><nav>Home | News</nav>
<article><h1>{title}</h1><p>{text}</p><p>Second paragraph of the story, long enough to be
kept as text by the extractor and not taken for page furniture.</p></article>
<footer>Contact us</footer></body></html>"""


def test_warc_pages(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(
        path,
        [
            ("https://news.example/a", "text/html; charset=utf-8",
             PAGE.format(title="Dam repairs begin", text="Work on the dam began on Monday.")),
            ("https://news.example/logo.png", "image/png", "not html"),
            ("https://news.example/b", "text/html",
             PAGE.format(title="Ferry strike ends", text="The ferry crews went back to work.")),
        ],
    )  # fmt: skip
    dam, ferry = read_articles(path)
    assert dam.title == "Dam repairs begin"
    assert dam.paragraphs[0] == "Work on the dam began on Monday."
    assert (dam.url, dam.date, dam.lang, dam.format) == (
        "https://news.example/a", dt.date(2024, 6, 1), "en", "warc",
    )  # fmt: skip
    assert ferry.url == "https://news.example/b"


def test_truncated_warc_is_reported(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    page = PAGE.format(title="Storm", text="A storm hit the coast.")
    _write_warc(whole, [(f"https://news.example/{i}", "text/html", page) for i in range(3)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 200])
    e = skip_reason(cut)
    assert "damaged WARC" in str(e)
    assert len(e.articles) == 2
    assert str(e) in (
        "partly read: damaged WARC: record 3 is cut short",
        "partly read: damaged WARC: the archive is cut short",  # cut inside its gzip header
    )
    headers_cut = tmp_path / "headers-cut.warc.gz"
    headers_cut.write_bytes(data[: len(data) - 400])
    assert "damaged WARC" in str(skip_reason(headers_cut))
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not a web archive\n" * 3)
    assert "damaged WARC" in str(skip_reason(garbage))


# ---------------------------------------------------------------- SGML


def test_reuters_sgml():
    farmers, rates, chairman = read_articles(FOLDER / "wire.sgm")  # the empty record is left out
    assert farmers.title == "VALLEY FARMERS EXPECT <RECORD> WHEAT CROP"
    assert farmers.paragraphs == [
        "KANSAS CITY, March 2 - Farmers in the valley expect a record wheat crop this year "
        "after a mild winter and early rains, the regional growers association said.",
        "The association said yields could rise by ten pct from last year, when dry weather "
        "cut the harvest.",
        "Prices paid to growers were steady at three dlrs a bushel in Münster and elsewhere.",
    ]
    assert (farmers.date, farmers.source, farmers.lang) == (dt.date(1987, 3, 2), "Reuters", "en")
    assert farmers.extra["newid"] == "101"
    assert rates.title == "HARBOUR FREIGHT RATES - MARCH 2"
    assert rates.paragraphs == [
        "Grain.............12.50 vs 12.40",
        "Coal...............8.10 vs 8.00",
    ]
    assert (chairman.title, chairman.paragraphs) == ("SHIPPING COMPANY NAMES NEW CHAIRMAN", [])
    assert str(skip_reason(FOLDER / "broken.sgm")).startswith("SGML without")


def test_trec_file_found_by_its_content():
    path = FOLDER / "la010189"
    assert reader_for(path).format == "trec"
    swimmers, buses = read_articles(path)
    assert swimmers.title == "NEW YEAR SWIMMERS BRAVE COLD SEA"
    assert swimmers.paragraphs == [
        "Two hundred swimmers ran into the cold sea at noon on New Year's Day.",
        "The water was eight degrees, organizers said.",
    ]
    assert (swimmers.date, swimmers.author) == (dt.date(1989, 1, 1), "By Sam Ortiz")
    assert swimmers.extra["docno"] == "LA010189-0001"
    assert buses.title == "City buses will run on the holiday timetable until Monday."
    assert buses.date == dt.date(1989, 1, 1)


def test_reuters_real_file():
    articles = read_articles(real("reuters-21578", "reut2-000.sgm"))
    assert len(articles) == 1000
    assert all(a.date and a.date.year == 1987 for a in articles)
    assert articles[0].title == "BAHIA COCOA REVIEW"
    assert articles[0].paragraphs[0].startswith("SALVADOR, Feb 26 - Showers continued")
    assert not any(p.lower().endswith("reuter") for a in articles for p in a.paragraphs)


def test_reuters_latin1_file_and_its_utf8_companion():
    folder = real("reuters-21578")
    articles = read_articles(folder / "reut2-017.sgm")
    assert len(articles) == 1000
    assert not any("\ufffd" in p for a in articles for p in a.paragraphs)
    assert reader_for(folder / "reut2-017.sgm.utf8") is None


# ---------------------------------------------------------------- the index command


def test_index_folder_counts_formats_and_reports_bad_files(tmp_path):
    index = tmp_path / "index"
    result = run("index", "--index", str(index), "-v", str(FOLDER))
    assert result.exit_code == 0, result.output
    err = result.stderr
    for line in (
        f"{FOLDER / 'broken.json'}: skipped: broken JSON: Unterminated string",
        f"{FOLDER / 'broken.rss'}: skipped: broken feed",
        f"{FOLDER / 'empty-page.html'}: skipped: no article text found in the HTML",
        f"{FOLDER / 'malformed.csv'}: partly read: malformed CSV",
        f"{FOLDER / 'photo.jpg'}: skipped: unsupported format",
        f"{FOLDER / 'binary.txt'}: skipped: binary file",
    ):
        assert line in err
    summary = err.strip().splitlines()[-1]
    assert (
        "24 articles (feed 4, jsonl 4, csv 3, json 3, sgml 3, html 2, text 2, trec 2, tsv 1)"
        in (summary)
    )
    assert "unsupported format: 2" in summary

    from newsgrep import search

    hit = search("choir", index).articles[0]
    assert (hit.title, hit.source, hit.date) == (
        "School choir sings at the town hall", "Valley Gazette", dt.date(2023, 12, 9),
    )  # fmt: skip
    again = run("index", "--index", str(index), str(FOLDER))
    assert "read 0 files" in again.stderr and "22 unchanged" in again.stderr


def test_index_reads_files_again_when_reading_options_change(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    shutil.copy(FIXTURES / "no-header.csv", folder)
    index = str(tmp_path / "index")
    first = run("index", "--index", index, str(folder))
    assert "no title or text column" in first.stderr
    opts = ["--csv-delimiter", ";", "--csv-quotechar", "'", "--csv-no-header",
            "--field", "label=0", "--field", "text=1", "--lang", "de"]  # fmt: skip
    second = run("index", "--index", index, *opts, str(folder))
    assert "2 articles (csv 2), 2 paragraphs" in second.stderr
    third = run("index", "--index", index, *opts, str(folder))
    assert "1 unchanged" in third.stderr

    from newsgrep import search

    assert search("Postkarten", index).articles[0].lang == "de"


def test_reading_options_are_checked():
    result = CliRunner().invoke(cli, ["index", "--csv-no-header", "x.csv"])
    assert result.exit_code == 2
    assert "--csv-no-header needs the column of the text" in result.output
    result = CliRunner().invoke(cli, ["index", "--field", "text", "x.csv"])
    assert result.exit_code == 2 and "TARGET=SOURCE" in result.output
    result = CliRunner().invoke(cli, ["index", "--csv-delimiter", ";;", "x.csv"])
    assert result.exit_code == 2 and "single character" in result.output


STDIN_LINES = [
    {"title": "Council buys electric buses", "text": "Six electric buses arrive in May.",
     "url": "https://local.example/buses", "publishedAt": "2024-04-02T08:00:00Z"},
    {"title": "Pool closes for repairs", "text": "The town pool closes for two weeks.", "id": 77},
    {"title": "No url, no id", "text": "Named by a hash of its text."},
]  # fmt: skip


def _jsonl(records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_stdin_articles_are_not_duplicated_when_piped_again(tmp_path):
    index = str(tmp_path / "index")
    first = run("index", "--index", index, "--source", "Local", "-", input=_jsonl(STDIN_LINES))
    assert "3 articles (stdin 3), 3 paragraphs" in first.stderr
    again = run("index", "--index", index, "--source", "Local", "-", input=_jsonl(STDIN_LINES))
    assert "3 unchanged" in again.stderr and "index holds 3 articles" in again.stderr
    changed = [dict(STDIN_LINES[0], text="Eight electric buses arrive in June."), *STDIN_LINES[1:]]
    third = run("index", "--index", index, "--source", "Local", "-", input=_jsonl(changed))
    assert "read 1 file" in third.stderr and "index holds 3 articles" in third.stderr

    from newsgrep import search

    hit = search("buses", index).articles[0]
    assert hit.path == "stdin:https://local.example/buses"
    assert hit.hits[-1].text == "Eight electric buses arrive in June."
    assert (hit.source, hit.date) == ("Local", dt.date(2024, 4, 2))
    assert search("pool", index).articles[0].path == "stdin:id:77"
    assert search("hash", index).articles[0].path.startswith("stdin:sha1:")


def test_stdin_takes_a_json_document_and_reports_broken_lines():
    doc = json.dumps({"articles": STDIN_LINES[:2]})
    assert len(list(read_stdin(io.BytesIO(doc.encode())))) == 2
    lines = _jsonl(STDIN_LINES[:1]) + "{oops\n"
    items = list(read_stdin(io.BytesIO(lines.encode())))
    assert items[0] == ("<stdin>", "partly read: 1 broken JSON line (first: line 2, "
                        "Expecting property name enclosed in double quotes)")  # fmt: skip
    assert items[1].title == "Council buys electric buses"


def test_gzip_suffix_alone_is_not_read(tmp_path):
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"hello"))
    assert reader_for(path) is None


def test_the_walk_tells_readable_files_without_opening_those_whose_suffix_settles_it(
    tmp_path, monkeypatch
):
    """A run over an unchanged archive opens no file just to see whether it is read."""
    from newsgrep import corpus

    files = {
        "a.txt": "Plain\n\nText.\n",
        "export.txt": "1 of 2 DOCUMENTS\n\nThe Guardian\n",
        "page.html": "<html><body><p>x</p></body></html>",
        "feed.xml": '<?xml version="1.0"?><rss><channel></channel></rss>',
        "settings.xml": "<settings/>",
        "la010189": "<DOC>\n<DOCNO> LA010189-0001 </DOCNO>\n<TEXT>x</TEXT>\n</DOC>\n",
        "notes": "just some words",
        "crawl.warc.gz": "",
        "image.png": "",
        "story.md": "# Title\n\nBody.\n",
        "UPPER.TXT": "Plain\n\nText.\n",
        "report.v2.JSON": "[]",
        "trailing.": "just some words",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    expected = {name: corpus.reader_for(tmp_path / name) is not None for name in files}
    assert expected["a.txt"] and expected["feed.xml"] and not expected["settings.xml"]

    opened = []
    real_head = corpus._head
    monkeypatch.setattr(
        corpus, "_head", lambda path, *a: opened.append(path.name) or real_head(path, *a)
    )
    assert {name: corpus.readable(str(tmp_path / name)) for name in files} == expected
    # only the names whose suffix does not say how they are read were looked into
    assert sorted(opened) == ["feed.xml", "la010189", "notes", "settings.xml", "trailing."]
    # the walk gives the name it has already: the same answers
    assert {name: corpus.readable(str(tmp_path / name), name) for name in files} == expected
