"""NEAR/N, ONEAR/N, SENTENCE(...) and PARAGRAPH(...): grammar, known answers, marks, ranking."""

from __future__ import annotations

import json

import pytest

import newsgrep
from newsgrep import analysis
from newsgrep.errors import QueryError
from newsgrep.grammar import Clause, Proximity, read, write
from newsgrep.index import update_index
from newsgrep.sentences import split

from .conftest import SEED, shared
from .test_cli import run


def paragraphs(archive, query: str, **options) -> list[int]:
    result = archive.search(query, limit=None, **options)
    return [hit.paragraph for article in result.articles for hit in article.hits]


def marked(archive, query: str, **options) -> dict[int, list[str]]:
    result = archive.search(query, limit=None, **options)
    return {
        hit.paragraph: [hit.text[a:b] for a, b in hit.spans]
        for article in result.articles
        for hit in article.hits
    }


@pytest.fixture
def seed(seed_index):
    with newsgrep.open_archive(seed_index) as archive:
        yield archive


# ---------------------------------------------------------------- grammar


@pytest.mark.parametrize(
    "text",
    [
        "Witkoff NEAR/5 Poutine",
        "Witkoff ONEAR/0 Poutine",
        '"Steve Witkoff" NEAR/10 "Vladimir Poutine"',
        "(Witkoff OR Kushner) NEAR/5 Poutine",
        "Witkoff NEAR/5 Poutine NEAR/3 Kremlin",
        "Witkoff NEAR/3 (Poutine NEAR/2 président)",
        "SENTENCE(Witkoff Ouchakov)",
        "PARAGRAPH(Dmitriev NOT Kushner) Poutine",
        "NOT SENTENCE(Witkoff Poutine) Kremlin",
        "title:(SENTENCE(Witkoff Poutine))",
    ],
)
def test_proximity_queries_read_and_write_back(text):
    tree = read(text)
    assert read(write(tree)) == tree


def test_near_binds_tighter_than_and_and_chains_from_the_left():
    tree = read("Kremlin Witkoff near/5 Poutine ONEAR/2 Moscou")
    assert tree.op == "and" and tree.items[0].text == "Kremlin"
    chain = tree.items[1]
    assert isinstance(chain, Proximity) and chain.ordered and chain.distance == 2
    assert isinstance(chain.items[0], Proximity) and not chain.items[0].ordered
    assert isinstance(read("sentence(a b)"), Clause)


def test_near_alone_is_a_word():
    assert read("NEAR").text == "NEAR"
    assert read("Near East").items[0].text == "Near"
    assert read('"NEAR" Poutine').items[0].text == "NEAR"


@pytest.mark.parametrize(
    "text, message",
    [
        ("Witkoff NEAR Poutine", "NEAR needs a distance"),
        ("Witkoff NEAR/101 Poutine", "not a distance: NEAR/101"),
        ("Witkoff NEAR/x Poutine", "not a distance"),
        ("Witkoff NEAR/5 -Poutine", "cannot be negated"),
        ("Witkoff NEAR/5 (Poutine Kremlin)", "joins words and phrases"),
        ("SENTENCE(a b) NEAR/5 Poutine", "joins words and phrases"),
        ("Witkoff NEAR/5", r"nothing on one side \(NEAR\)"),
        ("SENTENCE(NOT Kushner)", "no word to look for"),
        ("SENTENCE(Witkoff", "unbalanced parenthesis"),
    ],
)
def test_malformed_proximity_is_a_query_error(seed, text, message):
    with pytest.raises(QueryError, match=message):
        seed.search(text)


def test_errors_on_the_command_line_exit_2_with_a_hint(seed_index):
    code, out, err = run("search", "Witkoff NEAR Poutine")
    assert (code, out) == (2, "")
    assert err.startswith("newsgrep: error: NEAR needs a distance")
    assert "hint: Write the number of words: `Witkoff NEAR/5 Poutine`." in err
    code, out, err = run("search", "Witkoff NEAR/5")
    assert (code, out) == (2, "")
    assert "hint: NEAR/N joins two words, phrases or groups of them joined by OR" in err


# ---------------------------------------------------------------- known answers (seed article)
# Paragraph 1: Witkoff is word 4, Ouchakov word 20; paragraph 3: words 1 and 17;
# paragraph 2: words 49 and 86.


def test_near_counts_the_words_between(seed):
    assert paragraphs(seed, "Witkoff NEAR/15 Ouchakov") == [1, 3]
    assert paragraphs(seed, "Witkoff NEAR/14 Ouchakov") == []
    assert paragraphs(seed, "Ouchakov NEAR/36 Witkoff") == [1, 2, 3]


def test_onear_keeps_the_order(seed):
    assert paragraphs(seed, "Witkoff ONEAR/20 Kushner") == [1]
    assert paragraphs(seed, "Kushner ONEAR/20 Witkoff") == []
    assert paragraphs(seed, "Kushner NEAR/20 Witkoff") == [1]


def test_phrase_near_phrase(seed):
    assert marked(seed, '"Steve Witkoff" NEAR/10 "Vladimir Poutine"') == {
        0: ["Steve Witkoff", "Vladimir Poutine"]
    }
    assert paragraphs(seed, '"Steve Witkoff" NEAR/4 "Vladimir Poutine"') == []


def test_only_the_words_that_matched_near_each_other_are_marked(seed):
    # Paragraph 3 names "président" three times; one stands next to Poutine.
    assert marked(seed, "Poutine NEAR/0 président") == {3: ["président", "Poutine"]}
    # Paragraph 1: "... au président russe, Vladimir Poutine": two words between.
    assert paragraphs(seed, "Poutine NEAR/2 président") == [1, 3]


def test_near_inside_a_boolean_query_and_with_same_paragraph(seed):
    assert paragraphs(seed, "Witkoff NEAR/15 Ouchakov NOT Zelensky") == []
    assert paragraphs(seed, "Witkoff NEAR/15 Ouchakov Dmitriev") == [1, 3]
    assert paragraphs(seed, "Witkoff NEAR/15 Ouchakov Bloomberg", same_paragraph=True) == [3]


def test_sentence_keeps_m_dot_inside_its_sentence(seed):
    # "... avait confié à M. Ouchakov avoir ...": one sentence, whatever "M." looks like.
    assert paragraphs(seed, "SENTENCE(confié Ouchakov)") == [3]
    assert marked(seed, "SENTENCE(Bloomberg Ouchakov)") == {3: ["Bloomberg", "Ouchakov"]}


def test_sentence_and_paragraph_scopes(seed):
    # Paragraph 2: "Aucun compromis après cinq heures de discussions. A minuit passé, ..."
    assert paragraphs(seed, "SENTENCE(compromis minuit)") == []
    assert paragraphs(seed, "PARAGRAPH(compromis minuit)") == [2]
    assert paragraphs(seed, "compromis minuit") == [2]
    assert paragraphs(seed, "SENTENCE(compromis heures) SENTENCE(minuit Kremlin)") == [2]
    # Bloomberg is named once, in a sentence that names Witkoff, whom others name alone.
    assert paragraphs(seed, "SENTENCE(Bloomberg NOT Witkoff)") == []
    assert paragraphs(seed, "SENTENCE(Witkoff NOT Bloomberg)") == [0, 1, 2, 3]


def test_scopes_mark_only_the_matching_sentence(seed):
    # Paragraph 3 names Witkoff in its first and last sentences; Bloomberg in the first.
    found = marked(seed, "SENTENCE(Witkoff Bloomberg)")
    assert found == {3: ["Witkoff", "Bloomberg"]}


def test_exact_words_near_each_other(seed):
    assert paragraphs(seed, "négociations NEAR/1 paix", exact=True) == [2]
    assert paragraphs(seed, "négociation NEAR/1 paix", exact=True) == []
    assert paragraphs(seed, "négociation NEAR/1 paix") == [2]


def test_other_spellings_of_names_count_near_each_other(index_dir):
    piped = [
        newsgrep.articles.Article(path="stdin:en", title="Talks", lang="en",
                                  paragraphs=["Yuri Ushakov met Vladimir Putin today."]),
        newsgrep.articles.Article(path="stdin:de", title="Gespräche", lang="de",
                                  paragraphs=["Juri Uschakow traf lange nicht Wladimir Putin."]),
    ]  # fmt: skip
    update_index([], index_dir, piped=piped)
    with newsgrep.open_archive(index_dir) as archive:
        assert marked(archive, "Ouchakov NEAR/2 Poutine") == {1: ["Ushakov", "Putin"]}
        assert len(archive.search("Ouchakov NEAR/4 Poutine").articles) == 2


# ---------------------------------------------------------------- ranking


def test_closer_matches_rank_higher(write, index_dir):
    filler = "one two three four five six seven eight"
    write("far.txt", f"Far\n\nWitkoff {filler} met Poutine.\n")
    write("near.txt", f"Near\n\nWitkoff met Poutine {filler}.\n")
    write("middle.txt", "Middle\n\nWitkoff one two three met Poutine four five six seven eight.\n")
    update_index([write.root], index_dir)
    with newsgrep.open_archive(index_dir) as archive:  # (the same words: near copies, not folded)
        ranked = [
            a.title for a in archive.search("Witkoff NEAR/10 Poutine", collapse=False).articles
        ]
        plain = [a.title for a in archive.search("Witkoff Poutine", collapse=False).articles]
    assert ranked == ["Near", "Middle", "Far"]
    assert sorted(plain) == sorted(ranked)  # (the words alone do not tell them apart)


def test_the_seed_article_in_a_pipe_marks_near_matches(seed_index):
    code, out, _ = run("search", "Witkoff NEAR/15 Ouchakov", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["paragraph"] for r in records] == [1, 3]
    assert all([r["text"][a:b] for a, b in r["spans"]] == ["Witkoff", "Ouchakov"] for r in records)
    code, out, _ = run("search", "-c", "SENTENCE(confié Ouchakov)")
    assert code == 0 and out.endswith(f"{SEED.name}:1\n")


# ---------------------------------------------------------------- Reuters, against the text


@pytest.fixture(scope="module")
def reuters(tmp_path_factory):
    source = shared("reuters-21578", "reut2-000.sgm")
    index_dir = tmp_path_factory.mktemp("reuters") / "index"
    update_index([source], index_dir)
    with newsgrep.open_archive(index_dir) as archive:
        yield archive


def _gaps(text: str, a: str, b: str) -> list[int]:
    terms = analysis.terms(text, "en")
    at = [i for i, t in enumerate(terms) if t == a]
    bt = [i for i, t in enumerate(terms) if t == b]
    return [abs(i - j) - 1 for i in at for j in bt if i != j]


def _pairs(result) -> set[tuple[str, int]]:
    return {(a.address, h.paragraph) for a in result.articles for h in a.hits}


def test_near_and_sentence_in_reuters_agree_with_the_text(reuters):
    both = reuters.search("oil prices", same_paragraph=True, limit=None, collapse=False)
    texts = {(a.address, h.paragraph): h.text for a in both.articles for h in a.hits}
    assert len(texts) > 50
    for n in (0, 3):
        near = reuters.search(f"oil NEAR/{n} prices", limit=None, collapse=False)
        expected = {key for key, text in texts.items() if min(_gaps(text, "oil", "price")) <= n}
        assert _pairs(near) == expected
    sentence = reuters.search("SENTENCE(oil prices)", limit=None, collapse=False)
    expected = {
        key for key, text in texts.items()
        if any({"oil", "price"} <= set(analysis.terms(s, "en")) for s in split(text, "en"))
    }  # fmt: skip
    assert _pairs(sentence) == expected
    assert len(expected) < len(texts)  # (some paragraphs have them in two sentences)
