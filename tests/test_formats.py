"""Reading the formats news comes in: dates and encodings.

Small made-up articles live in tests/data/formats/; tests on the real data
sets read ../shared/data beside the repository and are skipped without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsgrep import dates
from newsgrep.articles import SkipFile, decode_bytes, read_articles

FIXTURES = Path(__file__).resolve().parent / "data" / "formats"
FOLDER = FIXTURES / "folder"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def real(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


def read_one(path: Path):
    (article,) = read_articles(path)
    return article


def skip_reason(path: Path) -> SkipFile:
    with pytest.raises(SkipFile) as e:
        read_articles(path)
    return e.value


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
