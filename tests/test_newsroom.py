"""Dates, sources, sorting, typo help, context, show, timeline, top and stats."""

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgrep import analytics, open_archive, search
from newsgrep.errors import QueryError
from newsgrep.index import update_index
from newsgrep.query import Filters, parse_date
from newsgrep.suggest import corrected

from .test_cli import run


@pytest.fixture
def archive(write, index_dir):
    """Five dated articles from two outlets in two languages."""
    docs = [
        ("2025-11-20", "Le Monde", "fr", "Witkoff à Moscou", "Steve Witkoff rencontre Ouchakov."),
        ("2025-12-02", "Le Monde", "fr", "Négociations", "Les négociations de paix reprennent."),
        ("2025-12-03", "Reuters", "en", "Talks stall", "Witkoff met Ushakov in the Kremlin."),
        ("2025-12-15", "Reuters", "en", "Ceasefire", "Negotiators discuss a ceasefire."),
        ("2026-01-05", "Reuters", "en", "New year", "Witkoff returns to Moscow."),
    ]
    for i, (date, source, lang, title, body) in enumerate(docs):
        write(
            f"{i}.md",
            f"---\ndate: {date}\nsource: {source}\nlang: {lang}\n---\n{title}\n\n{body}\n\n"
            f"Second paragraph {i}.\n\nThird paragraph {i}.\n",
        )
    update_index([write.root], index_dir)
    return index_dir


def names(result):
    return [a.title for a in result.articles]


def test_since_until_filters(archive):
    f = Filters(since=parse_date("2025-12"), until=parse_date("2025-12", end=True))
    assert sorted(names(search("Witkoff", archive, filters=f))) == ["Talks stall"]
    assert names(search("Witkoff", archive, filters=Filters(since=parse_date("2026")))) == [
        "New year"
    ]


def test_date_clauses_in_the_query(archive):
    assert names(search("Witkoff date:2025-12", archive)) == ["Talks stall"]
    r = search("date:[2025-12-01 to 2025-12-31]", archive, sort="oldest")
    assert names(r) == ["Négociations", "Talks stall", "Ceasefire"]
    assert names(search("Witkoff date:[2025-12-04 to]", archive)) == ["New year"]


def test_source_and_lang_filters(archive):
    assert len(search("Witkoff", archive, filters=Filters(sources=("reuters",))).articles) == 2
    assert names(search("Witkoff", archive, filters=Filters(langs=("fr",)))) == ["Witkoff à Moscou"]
    assert names(search('source:"Le Monde" Witkoff', archive)) == ["Witkoff à Moscou"]


def test_sort_by_date(archive):
    r = search("Witkoff", archive, sort="newest")
    assert names(r) == ["New year", "Talks stall", "Witkoff à Moscou"]
    assert names(search("Witkoff", archive, sort="oldest"))[0] == "Witkoff à Moscou"


def test_offset_pages_through_articles(archive):
    first = names(search("Witkoff", archive, sort="oldest", limit=2))
    rest = names(search("Witkoff", archive, sort="oldest", limit=2, offset=2))
    assert first + rest == ["Witkoff à Moscou", "Talks stall", "New year"]


def test_fuzzy_and_prefix_highlight_forms_found(archive):
    r = search("Witkof~", archive)
    assert r.total_articles == 3
    hit = r.articles[0].hits[-1]
    assert [hit.text[a:b] for a, b in hit.spans] == ["Witkoff"]
    r = search("négoc*", archive)
    words = {h.text[a:b] for art in r.articles for h in art.hits for a, b in h.spans}
    assert words == {"Négociations", "négociations"}


def test_bad_dates_are_query_errors(archive):
    with pytest.raises(QueryError):
        search("Witkoff date:2025-13", archive)
    with pytest.raises(QueryError):
        parse_date("last week")


def test_did_you_mean_uses_written_forms(archive):
    session = open_archive(archive).session
    assert corrected(session, "Ouchakof") == "Ouchakov"
    assert corrected(session, "Witkof Moscou") == "Witkoff Moscou"
    assert corrected(session, "Witkoff") is None


def test_did_you_mean_on_stderr_or_as_json(archive):
    code, out, err = run("search", "Ouchakof")
    assert code == 1 and out == ""
    assert "did you mean: Ouchakov" in err
    # the French spelling, and the English one through name variants
    assert "(2 articles)" in err
    code, out, err = run("search", "--json", "Ouchakof")
    assert code == 1 and out == ""  # `| jq` never sees a suggestion
    assert "did you mean: Ouchakov" in err
    code, out, err = run("search", "--no-suggest", "Ouchakof")
    assert code == 1 and out == "" and "did you mean" not in err


def test_context_paragraphs(archive):
    r = search("Ushakov", archive, context=1)
    hits = r.articles[0].hits
    assert [(h.paragraph, h.context) for h in hits] == [(1, False), (2, True)]
    code, out, _ = run("search", "-C", "1", "Ushakov")
    lines = out.splitlines()
    assert lines[0].endswith("2.md:1:Witkoff met Ushakov in the Kremlin.")
    assert lines[1].endswith("2.md-2-Second paragraph 2.")


def test_csv_output(archive):
    code, out, _ = run("search", "--csv", "--sort", "oldest", "Witkoff")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["date"] for r in rows if r["paragraph"] == "1"] == [
        "2025-11-20",
        "2025-12-03",
        "2026-01-05",
    ]
    assert {r["source"] for r in rows} == {"Le Monde", "Reuters"}


def test_show_prints_whole_article(archive, write):
    [art] = open_archive(archive).article(str(write.root / "2.md"))
    code, out, _ = run("show", str(write.root / "2.md"))
    assert code == 0
    assert out == (
        "Talks stall\n\nWitkoff met Ushakov in the Kremlin.\n\nSecond paragraph 2.\n\n"
        "Third paragraph 2.\n"
    )
    code, out, _ = run("show", art.id, "Kremlin", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["paragraph"] for r in records] == [0, 1, 2, 3]
    assert [records[1]["text"][a:b] for a, b in records[1]["spans"]] == ["Kremlin"]
    code, _out, err = run("show", "nope.txt")
    assert code == 2 and "no article" in err


def test_timeline_fills_empty_periods_and_normalizes(archive):
    r = search("Witkoff", archive, limit=None)
    periods, undated = analytics.timeline(r.articles, [], "month")
    assert [(p.label, p.articles) for p in periods] == [
        ("2025-11", 1),
        ("2025-12", 1),
        ("2026-01", 1),
    ]
    code, out, _ = run("timeline", "Witkoff", "--by", "month", "--normalize")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    # (no two of these articles are copies of one story: as many stories as articles)
    assert [(r["period"], r["stories"], r["total"], r["share"]) for r in rows] == [
        ("2025-11", "1", "1", "1.000000"),
        ("2025-12", "1", "3", "0.333333"),
        ("2026-01", "1", "1", "1.000000"),
    ]


def test_top_sources_and_names(archive):
    code, out, _ = run("top", "Witkoff", "--by", "source")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["source"], r["stories"]) for r in rows] == [("Reuters", "2"), ("Le Monde", "1")]
    code, out, _ = run("top", "Witkoff", "--by", "name", "--json")
    found = [json.loads(line)["name"] for line in out.splitlines()]
    assert "Steve Witkoff" in found and "Kremlin" in found


def test_names_skip_titles_elisions_and_sentence_starts():
    text = (
        "Aucun accord. M. Witkoff a vu d’Ouchakov et Mr Blair's aide Gordon Brown. "
        "BAHIA COCOA REVIEW by the UN and OPEC."
    )
    found = dict(analytics.names_in(text))
    assert set(found) == {"Aucun", "Witkoff", "Ouchakov", "Blair", "Gordon Brown", "UN", "OPEC"}
    assert found["Aucun"] is True and found["Witkoff"] is False


def test_stats(archive):
    code, out, _ = run("stats", "--json")
    facts = json.loads(out)
    assert facts["articles"] == 5 and facts["paragraphs"] == 15
    assert facts["languages"] == {"en": 3, "fr": 2}
    assert facts["first_date"] == "2025-11-20" and facts["last_date"] == "2026-01-05"
    assert facts["top_sources"] == {"Reuters": 3, "Le Monde": 2}
    assert facts["size_bytes"] > 0


@settings(max_examples=300, deadline=None)
@given(st.text("abcdeé", max_size=8), st.text("abcdeé", max_size=8))
def test_the_cheap_bound_of_suggestions_never_exceeds_the_edit_distance(a, b):
    from collections import Counter

    from newsgrep.suggest import _bag_distance, _distance

    assert _bag_distance(Counter(a), b) <= _distance(a, b)
