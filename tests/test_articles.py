import datetime as dt
import os
import unicodedata
from pathlib import Path

import pytest

from newsgrep.articles import SkipFile
from newsgrep.corpus import CorpusFile, read_articles, walk_corpus
from newsgrep.readers.text import article_from_text
from newsgrep.text import clean_text, decode_bytes, split_paragraphs

from .conftest import SEED


def test_seed_article_metadata_and_paragraphs():
    [article] = read_articles(SEED)
    assert article.title.startswith("Ukraine : à Moscou, l’envoyé de Donald Trump")
    assert article.date == dt.date(2025, 12, 3)
    assert article.source == "Le Monde"
    assert article.lang == "fr"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("L’envoyé spécial américain")
    assert article.paragraphs[2].endswith("d’une telle rencontre.")


def test_paywall_notice_is_not_article_text():
    [article] = read_articles(SEED)
    assert not any("réservée aux abonnés" in p for p in article.paragraphs)


def test_blank_line_paragraphs_like_bbc():
    a = article_from_text("x.txt", "Title here\n\nFirst paragraph.\n\nSecond one.\n")
    assert a.title == "Title here"
    assert a.paragraphs == ["First paragraph.", "Second one."]


def test_hard_wrapped_newswire_is_rejoined():
    body = (
        "    The Bank of England said it provided the money market with\n"
        "assistance of 200 mln stg during the morning, compared with a\n"
        "forecast shortage of around 500 mln stg.\n"
        "    It bought bills outright at the established dealing rates\n"
        "of 10-7/8 pct for band one bank bills.\n"
    )
    paras = split_paragraphs(body)
    assert paras == [
        "The Bank of England said it provided the money market with assistance of 200 mln"
        " stg during the morning, compared with a forecast shortage of around 500 mln stg.",
        "It bought bills outright at the established dealing rates of 10-7/8 pct for band"
        " one bank bills.",
    ]


def test_one_paragraph_per_line_when_lines_are_long():
    line = "word " * 40
    paras = split_paragraphs(f"{line}\n{line}\n")
    assert len(paras) == 2


def test_composed_and_decomposed_accents_are_stored_alike():
    decomposed = unicodedata.normalize("NFD", "Négociations à Genève")
    a = article_from_text("x.txt", f"Titre\n\n{decomposed}\n")
    assert a.paragraphs == ["Négociations à Genève"]


def test_control_characters_and_escapes_are_removed():
    text = clean_text("Red \x1b[31malert\x1b[0m and \x07bell\x00 \u200bzero")
    assert text == "Red alert and bell zero"


def test_front_matter_date_overrides_and_file_name_date_is_used():
    a = article_from_text("2024-05-06-story.txt", "Title\n\nBody.\n")
    assert a.date == dt.date(2024, 5, 6)
    b = article_from_text("x.txt", "---\ndate: 2020-01-02\nlang: EN\n---\nTitle\n\nBody.\n")
    assert b.date == dt.date(2020, 1, 2) and b.lang == "en"


def test_latin1_file_is_decoded():
    assert decode_bytes("Le prix : 12 £ à payer, déjà élevé.".encode("latin-1")).startswith(
        "Le prix : 12 £"
    )


def test_binary_and_empty_files_are_skipped(write):
    with pytest.raises(SkipFile, match="binary"):
        read_articles(write("bin.txt", b"\x00\x01\x02garbage"))
    with pytest.raises(SkipFile, match="empty"):
        read_articles(write("empty.txt", b"\n\n  \n"))


def test_walk_skips_hidden_and_survives_symlink_loops(write):
    write("a.txt", "A\n\nx\n")
    write(".hidden.txt", "H\n\nx\n")
    write(".git/b.txt", "B\n\nx\n")
    write("sub/c.md", "C\n\nx\n")
    write("sub/d.xlsx", b"PK\x03\x04")
    os.symlink(write.root, write.root / "sub" / "loop")
    items = list(walk_corpus([write.root]))
    files = sorted(i.path.name for i in items if isinstance(i, CorpusFile))
    skipped = {Path(p).name: reason for p, reason in (i for i in items if isinstance(i, tuple))}
    assert files == ["a.txt", "c.md"]
    assert skipped == {"d.xlsx": "unsupported format"}


def test_bbc_latin1_pound_sign():
    from .conftest import shared

    [article] = read_articles(shared("bbc-news", "sport", "199.txt"))
    assert any("£" in p for p in article.paragraphs)
    assert not any("\ufffd" in p for p in article.paragraphs)


def test_long_paragraphs_are_split_at_spaces_in_linear_time():
    import time

    from newsgrep.text import split_long

    assert split_long("a b c d e f", 4) == ["a b", "c d", "e f"]
    assert split_long("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    text = "zebra runs fast " * 1_000_000  # 16 MB on one line
    started = time.perf_counter()
    pieces = split_long(text)
    assert time.perf_counter() - started < 5
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert max(map(len, pieces)) <= 5000
