"""The formats of researchers' archives: press-database exports, PDF, Word, RTF, e-mail.

Real exports: the LexisNexis plain-text and Nexis Uni Word samples in
../shared/data/nexis-layout-samples (read by path, skipped without them).
Everything else is made by the tests (tests/press_fixtures.py) after the
services' documented layouts: no real Factiva export, PDF, Word, RTF or
e-mail file from a newsroom was at hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgrep.articles import SkipFile
from newsgrep.corpus import read_articles, reader_for
from newsgrep.readers import ReadOptions
from newsgrep.readers.factiva import looks_like_factiva, looks_like_factiva_html
from newsgrep.readers.lexisnexis import looks_like_lexisnexis, looks_like_nexis_uni
from newsgrep.readers.press import language_code

from .conftest import shared
from .press_fixtures import (
    STORIES,
    factiva_html,
    factiva_rtf,
    factiva_text,
    lexisnexis_text,
    make_docx,
    make_email,
    make_odt,
    make_pdf,
    mbox,
    nexis_uni_paragraphs,
    report_pages,
    sentence,
)

SAMPLES = ("nexis-layout-samples",)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def skip_reason(path: Path, options: ReadOptions | None = None) -> SkipFile:
    with pytest.raises(SkipFile) as e:
        read_articles(path, options)
    return e.value


def no_furniture(articles, *words: str) -> None:
    """No paragraph of any article holds one of ``words`` (metadata, footers)."""
    for article in articles:
        for paragraph in article.paragraphs:
            for word in words:
                assert word not in paragraph, (article.ordinal, word, paragraph[:80])


# ---------------------------------------------------------------- LexisNexis plain text (real)

# title, date, outlet, byline, section, length, edition, paragraphs, first words, last words
LEXISNEXIS_SAMPLE = [
    ("Lorem ipsum dolor sit amet", "2010-01-11", "Guardian.com", "Andrew Sparrow", None,
     "355 words", None, 5, "Lorem ipsum dolor sit amet, consectetur", "id faucibus nisl. Nulla "
     "suscipit metus neque, ut varius."),
    ("Lorem ipsum dolor sit amet", "2010-01-11", "Guardian", "Simon Tisdall", None, "927 words",
     None, 12, "Lorem ipsum dolor sit amet, consectetur", None),
    ("Lorem ipsum dolor sit amet", "2010-01-11", "The Sun (England)", "TREVOR Kavanagh",
     "FEATURES; Pg. 6", "677 words", "Edition 1; Scotland", 8, "Lorem ipsum", None),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit", "2010-01-11",
     "The Times (London)", "Tom Coghlan", "NEWS; Pg. 3", "453 words", "Edition 1; Ireland", 6,
     "Lorem ipsum", "Etiam quis purus sed urna lacinia."),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum "
     "sapien?; eget aliquet ex finibus ut.", "2010-01-11", "The Times (London)",
     "William Rees-Mogg", "EDITORIAL; Pg. 24", "918 words", "Edition 1; National Edition", 12,
     "Lorem ipsum", None),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum "
     "sapien, eget aliquet", "2010-01-11", "The Times (London)", "Tom Coghlan",
     "NEWS; Pg. 8", "471 words", "Edition 2; National Edition", 7, "Lorem ipsum",
     "Serious but stable: photographer Philip Coburn"),
    ("ranch noble ash voice declaration", "2010-01-08", "Guardian", "Allegra Stratton", None,
     "607 words", None, 6, "Afford ranch noble ash voice declaration", None),
    ("PRISONER OF HIS OWN CABINET", "2010-01-10", "MAIL ON SUNDAY (London)", "STEPHEN POLLARD",
     None, "698 words", None, 10, "In publishing and graphic design", None),
    ("R (programming language) on Wikipedia", "2010-01-10", "Sunday Mirror",
     "Ross Ihaka and Robert Gentleman", "NEWS; Pg. 6", "446 words", "3 Star Edition", 7,
     "R is a programming language", "in a number of formats and in hard copy."),
    ("Wikipedia", "2010-01-09", "DAILY MAIL (London)", None, None, "2,968 words", None, 49,
     "Wikipedia is a multilingual, web-based", "blocked online access to Wikipedia in all "
     "languages across Turkey."),
]  # fmt: skip


def check_against(articles, expected) -> None:
    assert len(articles) == len(expected)
    for ordinal, (article, row) in enumerate(zip(articles, expected, strict=True)):
        title, day, outlet, byline, section, length, edition, count, first, last = row
        assert article.ordinal == ordinal
        assert article.title == title, ordinal
        assert article.date == dt.date.fromisoformat(day), ordinal
        assert article.source == outlet, ordinal
        assert article.author == byline, ordinal
        assert article.extra.get("section") == section, ordinal
        assert article.extra.get("length") == length, ordinal
        assert article.extra.get("edition") == edition, ordinal
        assert len(article.paragraphs) == count, ordinal
        assert article.paragraphs[0].startswith(first), ordinal
        if last:
            assert article.paragraphs[-1].endswith(last), ordinal


def test_lexisnexis_plain_text_export_real_sample():
    path = shared(*SAMPLES, "sample.TXT")
    assert reader_for(path).format == "lexisnexis"
    articles = read_articles(path)
    check_against(articles, LEXISNEXIS_SAMPLE)
    assert {a.format for a in articles} == {"lexisnexis"}
    assert {a.lang for a in articles} == {"en"}
    first, fourth, eighth = articles[0], articles[3], articles[7]
    assert first.extra["document"] == "1 of 10"
    assert first.extra["load_date"] == "January 11, 2010"
    assert first.extra["publication_type"] == "Newspaper"
    assert first.extra["copyright"] == "Copyright 2010 Guardian Unlimited All Rights Reserved"
    assert first.extra["date_line"] == "January 11, 2010 Monday"
    assert fourth.extra["journal_code"] == "TIM"
    assert fourth.extra["graphic"] == (
        "Rupert Hamer, who was killed in an explosion in Afghanistan yesterday while on patrol "
        "with US Marines SUNDAY MIRROR / PA"
    )
    assert eighth.extra["document"] == "8 of 383"  # the export's own numbering, kept as it is
    # The cover page, the metadata lines and the copyright footers stay out of the text.
    no_furniture(articles, "DOCUMENTS", "BYLINE", "LOAD-DATE", "LANGUAGE:", "Copyright 2010",
                 "All Rights Reserved", "Download Request", "Guardian Unlimited")  # fmt: skip
    # Hard-wrapped lines are joined again: a paragraph is a paragraph.
    assert all("\n" not in p for a in articles for p in a.paragraphs)
    assert len(articles[0].paragraphs[0]) > 500


def test_lexisnexis_export_is_found_by_content_whatever_it_is_called(tmp_path):
    sample = shared(*SAMPLES, "sample.TXT")
    for name in ("export.txt", "EXPORT.TXT", "export", "export.text"):
        path = tmp_path / name
        shutil.copyfile(sample, path)
        assert reader_for(path).format == "lexisnexis", name
        assert len(read_articles(path)) == 10, name


def test_lexisnexis_made_up_export_with_cp1252_and_ordinals(tmp_path):
    text = lexisnexis_text(30).replace("The Daily Chronicle", "Le Café du Commerce")
    path = write(tmp_path, "made-up.txt", text.encode("cp1252"))
    articles = read_articles(path)
    assert [a.ordinal for a in articles] == list(range(30))
    assert [a.extra["document"] for a in articles[:2]] == ["1 of 30", "2 of 30"]
    third = articles[2]
    assert third.title.startswith("Story 3: ")
    assert third.source == "Le Café du Commerce"
    assert third.date == dt.date(2011, 3, 4)
    assert third.author == "Reporter 3"
    assert third.extra["section"] == "NEWS; Pg. 4"
    assert third.extra["edition"] == "Late Edition"
    assert third.extra["copyright"] == "Copyright 2011 The Chronicle Company All Rights Reserved"
    assert len(third.paragraphs) == 6
    no_furniture(articles, "Copyright", "LOAD-DATE", "Late Edition")


def test_lexisnexis_left_aligned_layout_and_headline_key(tmp_path):
    text = (
        "1 of 2 DOCUMENTS\n\nThe Herald\n\nMay 3, 2004, Monday\n\n"
        "HEADLINE: Council votes on the bridge\n\nBYLINE: By Ann Lee\n\n"
        "BODY:\nThe council voted on Monday.\n\nIt was close.\n\n"
        "URL: http://herald.example/bridge\n\nLOAD-DATE: May 4, 2004\n\nLANGUAGE: ENGLISH\n\n"
        "2 of 2 DOCUMENTS\n\nThe Herald\n\nMay 4, 2004\n\nNo byline here\n\n"
        "The text alone.\n"
    )
    first, second = read_articles(write(tmp_path, "left.txt", text))
    assert (first.title, first.source, first.date, first.author, first.url) == (
        "Council votes on the bridge", "The Herald", dt.date(2004, 5, 3), "Ann Lee",
        "http://herald.example/bridge",
    )  # fmt: skip
    assert first.paragraphs == ["The council voted on Monday.", "It was close."]
    assert (second.title, second.date, second.paragraphs) == (
        "No byline here",
        dt.date(2004, 5, 4),
        ["The text alone."],
    )


def test_plain_text_that_only_mentions_documents_is_plain_text(tmp_path):
    text = "Leaked papers\n\nThe minister read 1 of 3 documents before the vote.\n"
    path = write(tmp_path, "story.txt", text)
    assert reader_for(path).format == "text"
    assert not looks_like_lexisnexis(text)


# ---------------------------------------------------------------- Nexis Uni Word (real)

NEXIS_UNI_SAMPLE = [
    ("Lorem ipsum dolor sit amet", "2019-07-01", "Mattha Busby (now), Andrew Sparrow (earlier)",
     "POLITICS; Version:28", "355 words", 5),
    ("Lorem ipsum dolor sit amet", "2019-07-02", "Andrew Sparrow", "POLITICS; Version:17",
     "571 words", 7),
    ("Lorem ipsum dolor sit amet", "2019-07-04", "Daniel Boffey in Brussels",
     "POLITICS; Version:3", "641 words", 3),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit", "2019-07-03", "Heather Stewart",
     "POLITICS; Version:3", "663 words", 9),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "2019-07-04",
     "Andrew Sparrow and Kevin Rawlinson", "POLITICS; Version:23",
     "17366 words", 5),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum sapien, "
     "eget aliquet", "2019-07-02", "Lisa O'Carroll Sample File correspondent",
     "POLITICS; Version:1",
     "967 words", 14),
    ("Sample Headline", "2019-07-03", "Letters", "POLITICS; Version:3", "412 words", 1),
    ("Lorem ipsum dolor sit amet, nec egestas blandit", "2019-07-03", "Greg Wood",
     "SPORT; Version:3", "838 words", 16),
    ("R (programming language) on Wikipedia", "2019-07-03", "Ross Ihaka and Robert Gentleman",
     "Wikipedia", "446 words", 7),
    ("What is Wikipedia", "2019-07-02", "Tom Kibasi", "OPINION; Version:1", "1163 words", 4),
]  # fmt: skip


def test_nexis_uni_word_export_real_sample():
    path = shared(*SAMPLES, "sample.DOCX")
    articles = read_articles(path)
    assert len(articles) == len(NEXIS_UNI_SAMPLE)
    for ordinal, (article, row) in enumerate(zip(articles, NEXIS_UNI_SAMPLE, strict=True)):
        title, day, byline, section, length, count = row
        assert article.format == "nexis-uni"
        assert article.ordinal == ordinal
        assert article.title == title
        assert article.date == dt.date.fromisoformat(day)
        assert article.source == "The Guardian(London)"
        assert article.author == byline
        assert article.extra["section"] == section
        assert article.extra["length"] == length
        assert len(article.paragraphs) == count, ordinal
    # The table of contents ("1. Lorem ipsum...") and the cover page are not an article.
    no_furniture(articles, "Job Number", "Client/Matter", "Search Terms", "Narrowed by",
                 "End of Document", "Copyright 2019", "Load-Date", "Body")  # fmt: skip
    letters = articles[6]
    assert letters.lang == "en"
    assert letters.extra["publication_type"] == "Newspaper"
    assert letters.extra["journal_code"] == "WEBGNS"
    assert letters.extra["load_date"] == "July 4, 2019"
    assert letters.extra["person"] == "NIGEL FARAGE (79%); MICHELLE OBAMA (50%)"
    assert letters.extra["subject"].startswith("Sample File (89%); LEGISLATIVE BODIES (88%)")
    assert articles[1].extra["copyright"].startswith("Copyright 2019 The Guardian")
    assert articles[0].extra["date_line"] == "July 1, 2019 Monday 9:20 AM GMT"
    assert articles[8].paragraphs[0].startswith("R is a programming language")
    assert articles[9].paragraphs[-1].endswith("YouTube announced a similar plan in 2018.")


def test_nexis_uni_minimal_real_file_is_one_word_document():
    (article,) = read_articles(shared(*SAMPLES, "test.DOCX"))
    assert (article.format, article.title, article.paragraphs) == (
        "docx",
        "LexisNexis Uni Test",
        [],
    )


def test_nexis_uni_made_up_export(tmp_path):
    paragraphs = nexis_uni_paragraphs(25)
    assert looks_like_nexis_uni("\n".join(paragraphs[:20]))  # the cover page and contents
    path = write(tmp_path, "NexisUni.DOCX", make_docx(paragraphs))
    articles = read_articles(path)
    assert [a.ordinal for a in articles] == list(range(25))
    fifth = articles[4]
    assert fifth.title.startswith("Story 5: ")
    assert (fifth.source, fifth.date, fifth.author, fifth.lang) == (
        "The Daily Chronicle",
        dt.date(2019, 7, 6),
        "Reporter 5",
        "en",
    )
    assert fifth.extra["load_date"] == "July 7, 2019"
    assert len(fifth.paragraphs) == 6
    no_furniture(articles, "Story 6:", "Classification", "Copyright", "Documents (25)")
    assert looks_like_nexis_uni("\n".join(paragraphs[:60]))


# ---------------------------------------------------------------- Factiva (made up)


def check_factiva(articles) -> None:
    assert len(articles) == len(STORIES)
    for ordinal, (article, story) in enumerate(zip(articles, STORIES, strict=True)):
        assert article.format == "factiva"
        assert article.ordinal == ordinal
        assert article.title == story["title"]
        assert article.author == story["author"]  # "By" dropped
        assert article.source == story["source"]
        assert article.paragraphs == story["lead"] + story["text"]
        assert article.extra["source_code"] == story["source_code"]
        assert article.extra["word_count"] == story["words"]
        assert article.extra["section"] == story["section"]
        assert article.extra["language"] == story["language"]
        assert article.extra["an"] == story["an"]
        assert article.extra["subject"] == "gcat : Political/General News"
        assert article.extra["copyright"].startswith("(c) 2010")
    assert [a.date for a in articles] == [dt.date(2010, 1, 11), dt.date(2010, 1, 12)]
    assert [a.lang for a in articles] == ["en", "fr"]


@pytest.mark.parametrize("layout", ["table", "tabs"])
def test_factiva_rtf_export(tmp_path, layout):
    path = write(tmp_path, "Factiva-20100112-1200.rtf", factiva_rtf(layout=layout))
    assert reader_for(path).format == "rtf"  # the RTF reader finds the export inside
    check_factiva(read_articles(path))


def test_factiva_html_export(tmp_path):
    path = write(tmp_path, "Factiva.html", factiva_html())
    assert reader_for(path).format == "factiva"
    check_factiva(read_articles(path))


def test_factiva_export_converted_to_text(tmp_path):
    path = write(tmp_path, "factiva.txt", factiva_text())
    assert reader_for(path).format == "factiva"
    check_factiva(read_articles(path))


def test_factiva_without_document_lines_splits_at_headlines(tmp_path):
    text = "\n".join(line for line in factiva_text().split("\n") if not line.startswith("AN"))
    articles = read_articles(write(tmp_path, "factiva.txt", text))
    assert [a.title for a in articles] == [s["title"] for s in STORIES]


def test_factiva_codes_inside_the_text_are_text():
    head = "HD\tA headline\nLA Lakers win again\nIN the morning, the team flew home.\n"
    assert not looks_like_factiva(head)
    assert looks_like_factiva(factiva_text())
    assert looks_like_factiva_html(factiva_html().decode())
    assert not looks_like_factiva_html("<table><tr><td>HD</td><td>1080p</td></tr></table>")


@pytest.mark.parametrize(
    "name, code",
    [("ENGLISH", "en"), ("Français", "fr"), ("Deutsch", "de"), ("Englisch", "en"),
     ("Español", "es"), ("en-GB", "en"), ("Klingon", None), ("", None)],
)  # fmt: skip
def test_language_names(name, code):
    assert language_code(name) == code


# ---------------------------------------------------------------- Word, ODT and RTF documents


def test_word_document(tmp_path):
    data = make_docx(
        ["Kicker", ("Harbour tunnel opens", "Title"), "12 March 2024 - The tunnel opened.",
         "Traffic fell."],
        table=[["Year", "Cars"], ["2023", "9,000"]],
        core={"author": "Ann Lee", "title": "Draft 3"},
    )  # fmt: skip
    (article,) = read_articles(write(tmp_path, "Tunnel.DOCX", data))
    assert article.format == "docx"
    assert article.title == "Harbour tunnel opens"  # the Title style, not the first line
    assert article.paragraphs == [
        "Kicker", "12 March 2024 - The tunnel opened.", "Traffic fell.",
        "Year", "Cars", "2023", "9,000",
    ]  # fmt: skip
    assert article.date == dt.date(2024, 3, 12)
    assert article.extra["doc_author"] == "Ann Lee"
    assert article.extra["doc_title"] == "Draft 3"


def test_word_document_without_styles_takes_its_first_paragraph(tmp_path):
    path = write(tmp_path, "2024-05-01-note.docx", make_docx(["", "A note", "Its text."]))
    (article,) = read_articles(path)
    assert (article.title, article.paragraphs, article.date) == (
        "A note",
        ["Its text."],
        dt.date(2024, 5, 1),
    )


def test_odt_document(tmp_path):
    body = (
        '<text:p text:style-name="Kicker">Culture</text:p>'
        '<text:h text:outline-level="1">Festival <text:span>draws</text:span> crowds</text:h>'
        '<text:p>Lyon,<text:s text:c="3"/>12 janvier 2010 - Plus de cent mille'
        "<text:note><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>"
        " visiteurs.<text:line-break/>Encore.</text:p>"
        "<text:list><text:list-item><text:p>Un point.</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Cellule</text:p>"
        "</table:table-cell></table:table-row></table:table>"
    )
    meta = (
        "<dc:title>Festival</dc:title><meta:initial-creator>Marie Dupont</meta:initial-creator>"
        "<meta:creation-date>2010-01-11T18:00:00</meta:creation-date>"
    )
    (article,) = read_articles(write(tmp_path, "festival.odt", make_odt(body, meta)))
    assert article.format == "odt"
    assert article.title == "Festival draws crowds"
    assert article.paragraphs == [
        "Culture", "Lyon, 12 janvier 2010 - Plus de cent mille visiteurs. Encore.", "Un point.",
        "Cellule",
    ]  # fmt: skip
    assert article.extra == {
        "doc_title": "Festival", "doc_author": "Marie Dupont", "created": "2010-01-11"
    }  # fmt: skip


def test_rtf_document(tmp_path):
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\title Draft}{\author Al Lee}"
        rb"{\creatim\yr2011\mo2\dy3}}\f0 Caf\'e9 reopens\par 5 May 2011 - The caf\'e9 "
        rb"reopened \u8220?today\u8221?.\par{\pict\pngblip " + b"89504e47" * 300 + rb"}"
        rb"\trowd\cellx2000\cellx4000\intbl Year\cell Guests\cell\row}"
    )
    (article,) = read_articles(write(tmp_path, "cafe.rtf", rtf))
    assert article.format == "rtf"
    assert article.title == "Café reopens"
    assert article.paragraphs == ["5 May 2011 - The café reopened “today”.", "Year Guests"]
    assert article.date == dt.date(2011, 5, 5)
    assert article.extra == {"doc_title": "Draft", "doc_author": "Al Lee", "created": "2011-02-03"}


def test_rtf_and_html_under_a_doc_name_are_read(tmp_path):
    rtf = write(tmp_path, "old-export.doc", factiva_rtf())
    assert reader_for(rtf).format == "rtf"
    assert len(read_articles(rtf)) == 2
    word97 = write(tmp_path, "binary.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert reader_for(word97) is None


def test_lexisnexis_and_nexis_uni_exports_in_rtf(tmp_path):
    def rtf_of(lines):
        body = r"\par ".join(line.replace("\\", r"\\") for line in lines)
        return ("{\\rtf1\\ansi " + body + "}").encode("utf-8").decode("ascii", "replace")

    plain = rtf_of(lexisnexis_text(3).split("\r\n"))
    articles = read_articles(write(tmp_path, "ln.rtf", plain))
    assert [a.format for a in articles] == ["lexisnexis"] * 3
    uni = rtf_of([p.replace("\u00a0", " ") for p in nexis_uni_paragraphs(4)])
    articles = read_articles(write(tmp_path, "uni.rtf", uni))
    assert [a.author for a in articles] == [f"Reporter {i}" for i in range(1, 5)]


# ---------------------------------------------------------------- PDF (made up)


def pdf_file(tmp_path: Path, pages, name: str = "report.pdf", **kw) -> Path:
    return write(tmp_path, name, make_pdf(pages, **kw))


def test_pdf_headline_paragraphs_hyphens_headers_and_footers(tmp_path):
    path = pdf_file(tmp_path, report_pages(5), title="Untitled", author="Jane Doe")
    assert reader_for(path).format == "pdf"
    (article,) = read_articles(path)
    assert article.format == "pdf"
    # The placeholder title is ignored: the headline is the large type on page 1.
    assert article.title == "Harbour Tunnel Opens After Ten Years of Work"
    assert article.extra == {"pdf_author": "Jane Doe", "pages": "1-5"}
    # 40 lines a page in blocks of 8: five paragraphs a page.
    assert len(article.paragraphs) == 25
    first = article.paragraphs[0]
    assert first.startswith(sentence(1, 9))
    assert "infrastructure" in first and "infra-" not in first  # hyphenation undone
    assert first.endswith(sentence(8, 9))
    # The running header and the page numbers are gone.
    no_furniture([article], "Daily Chronicle", "Page ", "of 5")
    assert article.paragraphs[-1].endswith(sentence(200, 9))


def test_pdf_title_metadata_wins_and_the_headline_is_not_repeated(tmp_path):
    pages = [[("Harbour tunnel opens", 18.0), "", ("The tunnel opened on Monday.", 10.0)]]
    path = pdf_file(tmp_path, pages, title="Harbour tunnel opens")
    (article,) = read_articles(path)
    assert (article.title, article.paragraphs) == (
        "Harbour tunnel opens",
        ["The tunnel opened on Monday."],
    )
    path = pdf_file(tmp_path, pages, name="other.pdf", title="Tunnel: the full story")
    (article,) = read_articles(path)
    assert article.title == "Tunnel: the full story"
    assert article.paragraphs == ["Harbour tunnel opens", "The tunnel opened on Monday."]


def test_pdf_without_large_type_or_metadata_takes_its_first_sentence(tmp_path):
    pages = [[("5 May 2011 - The council met. It voted.", 10.0), "", ("Then it rained.", 10.0)]]
    (article,) = read_articles(pdf_file(tmp_path, pages, name="2011-05-05-council.pdf"))
    assert article.title == "5 May 2011 - The council met."
    assert article.paragraphs == ["5 May 2011 - The council met. It voted.", "Then it rained."]
    assert article.date == dt.date(2011, 5, 5)


def test_pdf_pages_per_article(tmp_path):
    path = pdf_file(tmp_path, report_pages(6))
    articles = read_articles(path, ReadOptions(pdf_pages_per_article=2))
    assert [a.ordinal for a in articles] == [0, 1, 2]
    assert [a.extra["pages"] for a in articles] == ["1-2", "3-4", "5-6"]
    assert articles[0].title == "Harbour Tunnel Opens After Ten Years of Work"
    assert articles[1].title == sentence(81, 9)  # no headline on page 3: the first sentence
    assert [len(a.paragraphs) for a in articles] == [10, 10, 10]
    per_page = read_articles(path, ReadOptions(pdf_pages_per_article=1))
    assert [a.extra["pages"] for a in per_page] == ["1", "2", "3", "4", "5", "6"]
    assert ReadOptions(pdf_pages_per_article=1).fingerprint() != ReadOptions().fingerprint()


def test_pdf_accents_and_compression(tmp_path):
    pages = [[("Le café « Chez Léon » rouvre", 16.0), "", ("Les habitués sont ravis.", 10.0)]]
    for compress in (True, False):
        path = pdf_file(tmp_path, pages, name=f"cafe-{compress}.pdf", compress=compress)
        (article,) = read_articles(path)
        assert article.title == "Le café « Chez Léon » rouvre"
        assert article.paragraphs == ["Les habitués sont ravis."]


def test_scanned_pdf_is_reported(tmp_path):
    path = pdf_file(tmp_path, [[], []], name="scan.pdf", images_only=True)
    assert str(skip_reason(path)) == "no text layer: scanned PDF?"


def test_encrypted_pdfs(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = pdf_file(tmp_path, report_pages(1), name="plain.pdf")
    for name, user in (("open.pdf", ""), ("locked.pdf", "secret")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        with open(tmp_path / name, "wb") as f:
            writer.write(f)
    # Encrypted without a user password (printing and copying restricted): read.
    (article,) = read_articles(tmp_path / "open.pdf")
    assert article.title == "Harbour Tunnel Opens After Ten Years of Work"
    assert str(skip_reason(tmp_path / "locked.pdf")) == "password-protected PDF"


def test_pdf_found_by_content(tmp_path):
    path = write(tmp_path, "download", make_pdf(report_pages(1)))
    assert reader_for(path).format == "pdf"


def test_pdf_limits_pages_objects_and_time(tmp_path, monkeypatch):
    from newsgrep.readers import pdf

    path = pdf_file(tmp_path, report_pages(5))
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    e = skip_reason(path)
    assert str(e) == "partly read: only the first 2 of 5 pages read"
    assert [a.extra["pages"] for a in e.articles] == ["1-2"]
    monkeypatch.setattr(pdf, "MAX_PAGES", 3000)
    monkeypatch.setattr(pdf, "MAX_OBJECTS", 5)
    assert str(skip_reason(path)) == "PDF with more than 5 objects"
    monkeypatch.setattr(pdf, "MAX_OBJECTS", 2_000_000)
    monkeypatch.setattr(pdf, "SECONDS_PER_FILE", 0.0)
    assert str(skip_reason(path)) == "reading took longer than 0 s (page 1)"


def test_damaged_pdfs(tmp_path):
    data = make_pdf(report_pages(3), compress=False)
    cases = {
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 20,
        "empty.pdf": b"%PDF-1.4\n%%EOF\n",
        "not-a-pdf.pdf": b"<html>a web page saved as .pdf</html>",
        # an array nested 100,000 deep where a page's annotations are
        "deep.pdf": data.replace(b"/Type /Page ", b"/Type /Page /Annots " + b"[" * 100_000, 1),
    }
    for name, content in cases.items():
        reason = str(skip_reason(write(tmp_path, name, content)))
        assert reason.startswith(("damaged PDF", "not a PDF", "PDF without pages")), (name, reason)
    # Cut short: pypdf finds the pages that survive (or none).
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        path = write(tmp_path, f"cut-{cut}.pdf", data[:cut])
        try:
            articles = read_articles(path)
        except SkipFile as e:
            articles = e.articles
        assert all(a.title and a.paragraphs for a in articles)


# ---------------------------------------------------------------- e-mail (made up)

NEWSLETTER_STORY = " ".join(sentence(i) for i in range(4))


def test_email_message_takes_its_html_part(tmp_path):
    data = make_email(
        "Re: [chronicle] Tunnel news",
        '"The Chronicle" <news@chronicle.example>',
        "Mon, 11 Jan 2010 23:30:00 -0500",
        text="The plain version.",
        html="<html><body><p>The tunnel <b>opened</b>.</p><p>Traffic fell.</p></body></html>",
        Message_ID="<abc@chronicle.example>",
        List_Id="Chronicle news <news.chronicle.example>",
        Content_Language="en-GB",
    )
    path = write(tmp_path, "tunnel.eml", data)
    assert reader_for(path).format == "email"
    (article,) = read_articles(path)
    assert article.format == "email"
    assert article.title == "Tunnel news"
    assert article.paragraphs == ["The tunnel opened.", "Traffic fell."]
    assert article.date == dt.date(2010, 1, 12)  # 23:30 at -05:00 is the 12th in UTC
    assert article.source == "The Chronicle"
    assert article.lang == "en"
    assert article.extra == {
        "from": "news@chronicle.example",
        "message_id": "abc@chronicle.example",
        "list_id": "Chronicle news <news.chronicle.example>",
    }


def test_email_text_part_encoded_and_headers_encoded(tmp_path):
    text = "Le café rouvre.\n\nLes habitués sont ravis.\n"
    data = make_email("=?utf-8?q?Le_caf=C3=A9?=", "Léon <leon@example.fr>",
                      "Tue, 12 Jan 2010 08:00:00 +0100", text=text)  # fmt: skip
    (article,) = read_articles(write(tmp_path, "cafe.eml", data))
    assert (article.title, article.source) == ("Le café", "Léon")
    assert article.paragraphs == ["Le café rouvre.", "Les habitués sont ravis."]


def test_mbox_one_article_per_message(tmp_path):
    messages = [
        make_email(f"Message {i}", f"sender{i}@example.org",
                   f"Wed, {10 + i} Feb 2010 09:00:00 +0000",
                   text=f"From the desk of sender {i}.\nSecond line {i}.")
        for i in range(3)
    ]  # fmt: skip
    for name in ("archive.mbox", "archive"):
        path = write(tmp_path, name, mbox(*messages))
        assert reader_for(path).format == "mbox", name
        articles = read_articles(path)
        assert [a.ordinal for a in articles] == [0, 1, 2]
        assert [a.title for a in articles] == ["Message 0", "Message 1", "Message 2"]
        assert [a.date for a in articles] == [dt.date(2010, 2, d) for d in (10, 11, 12)]
        assert articles[1].source == "sender1@example.org"
        # ">From " escapes lose their ">"
        assert articles[2].paragraphs == ["From the desk of sender 2.", "Second line 2."]


def test_newsletter_with_story_separators_is_split(tmp_path):
    html = (
        "<html><body><p>View in your browser</p><hr>"
        f"<h2>Tunnel opens</h2><p>{NEWSLETTER_STORY}</p><hr>"
        f"<h2>Festival draws crowds</h2><p>{NEWSLETTER_STORY}</p><p>More.</p><hr>"
        "<p>Unsubscribe | Preferences</p></body></html>"
    )
    data = make_email("Daily briefing", "The Chronicle <n@chronicle.example>",
                      "Tue, 12 Jan 2010 06:00:00 +0000", html=html)  # fmt: skip
    first, second = read_articles(write(tmp_path, "briefing.eml", data))
    assert (first.ordinal, second.ordinal) == (0, 1)
    assert (first.title, second.title) == ("Tunnel opens", "Festival draws crowds")
    assert first.paragraphs == ["View in your browser", NEWSLETTER_STORY]
    assert second.paragraphs == [NEWSLETTER_STORY, "More.", "Unsubscribe | Preferences"]
    assert {a.source for a in (first, second)} == {"The Chronicle"}
    assert {a.extra["subject"] for a in (first, second)} == {"Daily briefing"}
    assert {a.date for a in (first, second)} == {dt.date(2010, 1, 12)}


def test_newsletter_in_text_with_rules_is_split_and_without_is_one_article(tmp_path):
    text = (
        f"Good morning.\n\n=====\n\nTunnel opens\n\n{NEWSLETTER_STORY}\n\n----------\n\n"
        f"Festival draws crowds\n\n{NEWSLETTER_STORY}\n\n* * *\n\nBridge closes\n\n"
        f"{NEWSLETTER_STORY}\n"
    )
    data = make_email("Briefing", "n@chronicle.example", "Tue, 12 Jan 2010 06:00:00 +0000",
                      text=text)  # fmt: skip
    articles = read_articles(write(tmp_path, "briefing.eml", data))
    assert [a.title for a in articles] == ["Tunnel opens", "Festival draws crowds",
                                           "Bridge closes"]  # fmt: skip
    assert articles[0].paragraphs == ["Good morning.", NEWSLETTER_STORY]
    plain = make_email("Briefing", "n@chronicle.example", "Tue, 12 Jan 2010 06:00:00 +0000",
                       text=re.sub(r"=====|-----+|\* \* \*", "", text))  # fmt: skip
    (one,) = read_articles(write(tmp_path, "plain.eml", plain))
    assert one.title == "Briefing"
    assert len(one.paragraphs) == 7


def test_not_an_email(tmp_path):
    assert "not an e-mail" in str(skip_reason(write(tmp_path, "x.eml", "just some words\n")))
    assert str(skip_reason(write(tmp_path, "y.eml", ""))) == "empty file"


# ---------------------------------------------------------------- hostile files


def read_bounded(path: Path, seconds: float = 10.0, megabytes: int = 200) -> list:
    """Read ``path``: articles (or SkipFile), within time and Python-allocated memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        articles = read_articles(path)
    except SkipFile as e:
        articles = e.articles
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - started < seconds, path.name
    assert peak < megabytes * 2**20, (path.name, peak)
    for article in articles:
        assert isinstance(article.title, str) and isinstance(article.ordinal, int)
        assert all(isinstance(p, str) and p for p in article.paragraphs)
    return articles


def _seeds() -> dict[str, bytes]:
    story = make_email(
        "Briefing", "n@chronicle.example", "Tue, 12 Jan 2010 06:00:00 +0000",
        text="Hello.\n\n-----\n\nStory one.", html="<p>Hello</p><hr><p>One</p>",
    )  # fmt: skip
    return {
        "report.pdf": make_pdf(report_pages(2, lines_per_page=10), compress=False, title="T"),
        "packed.pdf": make_pdf(report_pages(1, lines_per_page=10)),
        "doc.docx": make_docx(["Title", "Text one.", "Text two."], table=[["a", "b"]]),
        "doc.odt": make_odt("<text:h>Title</text:h><text:p>Text <text:s/>one.</text:p>"),
        "factiva.rtf": factiva_rtf(STORIES[:1]),
        "plain.rtf": rb"{\rtf1\ansi{\info{\title T}}Head\par Caf\'e9 \u8220?x\u8221?\par}",
        "factiva.html": factiva_html(STORIES[:1]),
        "export.txt": lexisnexis_text(2, paragraphs=2).encode(),
        "factiva.txt": factiva_text(STORIES[:1]).encode(),
        "news.eml": story,
        "box.mbox": mbox(story, story),
    }


SEEDS = _seeds()


@st.composite
def damaged(draw, seed: bytes) -> bytes:
    """``seed`` with bytes changed, cut short, spliced or replaced by random bytes."""
    data = bytearray(seed)
    how = draw(st.sampled_from(["change", "cut", "splice", "random"]))
    if how == "random":
        head = seed[: draw(st.integers(0, 16))]
        return head + draw(st.binary(max_size=3000))
    if how == "cut":
        return bytes(data[: draw(st.integers(0, len(data)))])
    if how == "splice":
        at = draw(st.integers(0, len(data)))
        return bytes(data[:at] + draw(st.binary(min_size=1, max_size=200)) + data[at:])
    for _ in range(draw(st.integers(1, 12))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@pytest.mark.parametrize("name", sorted(SEEDS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_files_are_read_or_skipped_never_crash(name, data):
    content = data.draw(damaged(SEEDS[name]), label="content")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        read_bounded(path)


_XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=80,
).map(lambda t: "".join(c for c in t if c in "\t\n\r" or ord(c) >= 32 and c not in "\ufffe\uffff"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(_XML_TEXT, max_size=8), kind=st.sampled_from(["docx", "odt", "rtf",
                                                                        "txt", "eml"]))  # fmt: skip
def test_any_text_in_any_new_format(paragraphs, kind):
    from html import escape

    if kind == "docx":
        content = make_docx(paragraphs)
    elif kind == "odt":
        content = make_odt("".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs))
    elif kind == "rtf":
        body = r"\par ".join(
            "".join(
                c
                if ord(c) < 128 and c not in "\\{}"
                else f"\\u{ord(c) - 65536 * (ord(c) > 32767)}?"
                for c in p
            )
            for p in paragraphs
        )
        content = ("{\\rtf1\\ansi " + body + "}").encode("ascii")
    elif kind == "txt":  # a LexisNexis export with any text in it
        content = ("1 of 1 DOCUMENTS\n\nThe Paper\n\nMay 1, 2010\n\nHeadline\n\nLENGTH: 9 words\n\n"
                   + "\n\n".join(paragraphs)).encode("utf-8", "surrogatepass")  # fmt: skip
    else:
        content = make_email("Subject", "a@b.example", "Mon, 11 Jan 2010 10:00:00 +0000",
                             text="\n\n".join(paragraphs) or "x")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any.{kind}"
        path.write_bytes(content)
        read_bounded(path)


def _zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _patch_central_directory(data: bytes, name: bytes, offset: int, value: bytes) -> bytes:
    """``data`` with a field of ``name``'s central directory entry overwritten."""
    at = data.index(b"PK\x01\x02")  # the first entry
    while True:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == name:
            return data[: at + offset] + value + data[at + offset + len(value) :]
        at = data.index(b"PK\x01\x02", at + 4)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_zip_bombs_are_refused_before_inflating(tmp_path, suffix):
    document = (
        make_docx(["Title", "Text."]) if suffix == ".docx" else make_odt("<text:p>T</text:p>")
    )
    member = b"word/document.xml" if suffix == ".docx" else b"content.xml"
    # 1: a member that inflates 1000 times (20 MB of zeros in 20 KB)
    bomb = _zip_with({member.decode(): bytes(20 * 2**20), "mimetype": b"x"})
    path = write(tmp_path, "ratio" + suffix, bomb)
    tracemalloc.start()
    reason = str(skip_reason(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert reason.startswith("zip bomb?") and "inflates" in reason, reason
    assert peak < 2 * 2**20  # nothing was inflated
    # 2: sizes declared larger than 512 MB in all (uncompressed size, offset 24)
    forged = _patch_central_directory(document, member, 24, (0x7FFFFFF0).to_bytes(4, "little"))
    assert str(skip_reason(write(tmp_path, "huge" + suffix, forged))).startswith(
        "zip bomb? the archive unpacks to more than 512 MB"
    )
    # 3: a member marked encrypted (general purpose flag, offset 8)
    locked = _patch_central_directory(document, member, 8, b"\x01\x00")
    assert str(skip_reason(write(tmp_path, "locked" + suffix, locked))) == (
        "encrypted (password-protected) document"
    )


def test_zip_archive_with_too_many_members(tmp_path, monkeypatch):
    from newsgrep.readers import office

    monkeypatch.setattr(office, "MAX_MEMBERS", 5)
    path = write(tmp_path, "many.docx", make_docx(["Title"]))
    assert str(skip_reason(path)) == "zip archive with more than 5 members: refused"


def test_password_protected_and_broken_office_files(tmp_path):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    assert "password-protected or old-format Word document" in str(
        skip_reason(write(tmp_path, "locked.docx", ole2))
    )
    odt = make_odt("<text:p>Secret</text:p>", encrypted=True)
    assert str(skip_reason(write(tmp_path, "locked.odt", odt))) == (
        "encrypted (password-protected) document"
    )
    assert "not a readable zip archive" in str(skip_reason(write(tmp_path, "x.docx", b"hello")))
    assert "damaged Word document" in str(
        skip_reason(write(tmp_path, "empty-zip.docx", _zip_with({"a.txt": b"a"})))
    )
    assert "no content.xml" in str(
        skip_reason(write(tmp_path, "empty-zip.odt", _zip_with({"a.txt": b"a"})))
    )


def test_hostile_xml_in_odt(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    content = make_odt("<text:p>Title</text:p><text:p>&i;</text:p>")
    bomb = content.replace(b'<?xml version="1.0" encoding="UTF-8"?>', laughs.encode(), 1)
    articles = read_bounded(write(tmp_path, "laughs.odt", bomb), seconds=5, megabytes=20)
    assert all(len(p) < 1000 for a in articles for p in a.paragraphs)  # never expanded
    deep = make_odt("<text:p>" + "<text:span>" * 5000 + "x" + "</text:span>" * 5000 + "</text:p>")
    assert "damaged OpenDocument file" in str(skip_reason(write(tmp_path, "deep.odt", deep)))


def test_huge_files_are_skipped(tmp_path, monkeypatch):
    from newsgrep import text
    from newsgrep.readers import mail, rtf

    monkeypatch.setattr(text, "MAX_FILE_BYTES", 2000)
    for name, data in (("a.pdf", make_pdf(report_pages(2))), ("a.docx", make_docx(["T"] * 50)),
                       ("a.eml", make_email("S", "a@b.c", "Mon, 11 Jan 2010 10:00:00 +0000",
                                            text="x" * 5000))):  # fmt: skip
        assert str(skip_reason(write(tmp_path, name, data))) == "larger than 0 MB", name
    monkeypatch.setattr(text, "MAX_FILE_BYTES", 200 * 2**20)
    monkeypatch.setattr(rtf, "MAX_RTF_BYTES", 100)
    assert str(skip_reason(write(tmp_path, "a.rtf", factiva_rtf()))) == "RTF larger than 0 MB"
    monkeypatch.setattr(mail, "MAX_MESSAGES", 2)
    message = make_email("S", "a@b.example", "Mon, 11 Jan 2010 10:00:00 +0000", text="x")
    e = skip_reason(write(tmp_path, "a.mbox", mbox(message, message, message)))
    assert str(e) == "partly read: only the first 2 of 3 messages read"
    assert len(e.articles) == 2


def test_deeply_nested_rtf_and_html(tmp_path):
    rtf = b"{\\rtf1 " + b"{" * 200_000 + b"text" + b"}" * 200_000 + b"}"
    # About 1 s alone; tracemalloc and a busy machine make it several times that. Within
    # the per-file limit of indexing (30 s) is what matters: linear, not quadratic.
    read_bounded(write(tmp_path, "deep.rtf", rtf), seconds=30)
    html = b"<html><body>" + b"<div>" * 50_000 + b"<table><tr><td>HD</td><td>x</td></tr></table>"
    read_bounded(write(tmp_path, "deep.html", html), seconds=10)


def test_every_new_format_is_indexed_and_searchable(tmp_path):
    from newsgrep import search, update_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tunnel = "The zebra tunnel opened on Monday."
    zebra = f"\n\n    4 of 4 DOCUMENTS\n\n    Paper\n\n    May 1, 2010\n\nZebra\n\n{tunnel}\n"
    (corpus / "export.TXT").write_text(lexisnexis_text(3) + zebra)
    (corpus / "factiva.rtf").write_bytes(factiva_rtf().replace(b"harbour tunnel", b"zebra tunnel"))
    (corpus / "report.pdf").write_bytes(make_pdf([[("Zebra report", 16.0), "", (tunnel, 10.0)]]))
    (corpus / "note.docx").write_bytes(make_docx(["Zebra note", tunnel]))
    (corpus / "note.odt").write_bytes(make_odt(f"<text:p>Zebra</text:p><text:p>{tunnel}</text:p>"))
    message = make_email("Zebra", "a@b.example", "Mon, 11 Jan 2010 10:00:00 +0000", text=tunnel)
    (corpus / "mail.eml").write_bytes(message)
    summary = update_index([corpus], tmp_path / "index")
    assert summary.skipped_files == []
    assert dict(summary.formats) == {
        "lexisnexis": 4, "factiva": 2, "pdf": 1, "docx": 1, "odt": 1, "email": 1
    }  # fmt: skip
    result = search("zebra tunnel", tmp_path / "index", limit=None, collapse=False)
    found = {Path(a.path).name for a in result.articles}
    assert found == {"export.TXT", "factiva.rtf", "report.pdf", "note.docx", "note.odt",
                     "mail.eml"}  # fmt: skip


def test_articles_inside_exports_have_addresses_that_show_finds(tmp_path):
    from .test_cli import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.TXT").write_text(lexisnexis_text(3))
    (corpus / "factiva.rtf").write_bytes(factiva_rtf())
    one = make_email("Single", "a@b.example", "Mon, 11 Jan 2010 10:00:00 +0000", text="Only one.")
    (corpus / "one.eml").write_bytes(one)
    two = make_email("Second", "c@d.example", "Tue, 12 Jan 2010 10:00:00 +0000", text="Another.")
    (corpus / "box.mbox").write_bytes(mbox(one, two))
    (corpus / "report.pdf").write_bytes(make_pdf(report_pages(4)))
    code, _out, err = run("index", str(corpus))
    assert code == 0, err
    code, out, err = run("search", "-l", "--no-collapse", "Single OR Another OR tunnel OR festival")
    assert code == 0, err
    names = {line.rsplit("/", 1)[1] for line in out.splitlines()}
    assert {"export.TXT#1", "export.TXT#3", "factiva.rtf#2", "box.mbox#1", "box.mbox#2"} <= names
    assert {"one.eml", "report.pdf"} <= names  # one article to the file: the path alone
    articles = read_articles(corpus / "export.TXT")
    for ordinal, article in enumerate(articles):
        code, out, err = run("show", f"{corpus / 'export.TXT'}#{ordinal + 1}")
        assert code == 0, err
        assert out.splitlines()[0] == article.title
    code, out, _err = run("show", "--json", f"{corpus / 'box.mbox'}#2")
    assert json.loads(out.splitlines()[0])["title"] == "Second"


def test_pdf_pages_option_makes_page_range_articles_and_is_remembered(tmp_path):
    from .test_cli import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "issue.pdf").write_bytes(make_pdf(report_pages(6)))
    code, _out, err = run("index", "--pdf-pages", "2", str(corpus))
    assert code == 0, err
    assert "3 articles (pdf 3)" in err
    code, out, err = run("show", f"{corpus / 'issue.pdf'}#3")
    assert code == 0, err
    assert (
        out.splitlines()[0]
        == read_articles(corpus / "issue.pdf", ReadOptions(pdf_pages_per_article=2))[2].title
    )
    code, out, _err = run("stats")
    assert "(--pdf-pages 2)" in out
    code, _out, err = run("index", "--reset-options", str(corpus))
    assert code == 0, err
    assert "1 article (pdf 1)" in err
