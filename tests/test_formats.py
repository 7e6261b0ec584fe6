"""Reading the formats news comes in: HTML.

Small made-up articles live in tests/data/formats/; tests on the real data
sets read ../shared/data beside the repository and are skipped without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgrep import dates
from newsgrep.articles import SkipFile, decode_bytes, read_articles, title_from_text
from newsgrep.cli import cli
from newsgrep.readers import ReadOptions

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
