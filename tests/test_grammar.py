"""The query language, form by form: what each means, and the one-line error of each mistake."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgrep import search
from newsgrep.errors import QueryError
from newsgrep.grammar import parse_for, read, relaxed, write
from newsgrep.query import And, AndMaybe, Fuzzy, Not, Or, Phrase, Prefix, Term, Wildcard

from .test_cli import indexed, run  # noqa: F401 - a fixture


def node(text: str, lang: str = "en", exact: bool = False):
    return parse_for(text, lang, exact)


def words(n) -> set[str]:
    """The (field, term) pairs of a node, for comparing meanings."""
    if isinstance(n, Term):
        return {(n.field, n.text)}
    if isinstance(n, And | Or):
        return set().union(*(words(c) for c in n.children))
    if isinstance(n, Not):
        return words(n.child)
    return set()


@pytest.mark.parametrize("text", ["cocoa -prices", "cocoa !prices", "cocoa NOT prices",
                                  "cocoa not prices", "cocoa AND NOT prices"])  # fmt: skip
def test_not_in_all_its_spellings(text):
    q = node(text)
    assert isinstance(q, And) and isinstance(q.children[1], Not)
    assert words(q.children[1]) == {("title", "price"), ("text", "price")}


@pytest.mark.parametrize("text", ["cocoa OR prices", "cocoa or prices", "cocoa || prices"])
def test_or_in_all_its_spellings(text):
    assert isinstance(node(text), Or)
    assert words(node(text)) == {("title", "cocoa"), ("text", "cocoa"), ("title", "price"),
                                 ("text", "price")}  # fmt: skip


def test_and_is_the_default_and_can_be_written():
    for text in ("cocoa prices", "cocoa AND prices", "cocoa and prices", "cocoa && prices"):
        assert node(text) == node("cocoa prices"), text


def test_lower_case_operators_are_words_where_they_join_nothing():
    assert node("not") == node('"not"')  # a word on its own
    assert isinstance(node('"war or peace"'), Or)  # a phrase in each field
    assert all(isinstance(c, Phrase) for c in node('"war or peace"').children)
    # "or" at the start is a word, not an operator (in German, where it is no stopword)
    assert node("or cocoa", "de") != node("cocoa", "de")


def test_required_words_where_or_would_make_them_optional():
    q = node("cocoa OR +coffee")
    assert isinstance(q, AndMaybe)
    assert words(q.a) == {("title", "coffe"), ("text", "coffe")}


def test_phrases_and_their_distance():
    q = node('"interest rates"')
    assert {c.field for c in q.children} == {"title", "text"}
    assert all(isinstance(c, Phrase) and c.slop == 1 for c in q.children)
    assert all(c.slop == 3 for c in node('"interest rates"~3').children)


def test_fields():
    assert node("title:Ukraine") == Term("title", "ukrain")
    assert node("lang:FR") == Term("lang", "fr")
    assert node('source:"Le Monde"') == Phrase("source", ("le", "monde"))
    assert words(node("text:cocoa")) == {("text", "cocoa")}
    assert words(node("title:(cocoa OR coffee)")) == {("title", "cocoa"), ("title", "coffe")}


def test_patterns_and_typos():
    assert node("négoc*", "fr") == Or((Prefix("title", "negoc", 2.0), Prefix("text", "negoc")))
    assert {type(c) for c in node("Witk?ff").children} == {Wildcard}
    assert all(isinstance(c, Fuzzy) and c.maxdist == 1 for c in node("Witkof~").children)
    assert all(c.maxdist == 2 for c in node("Witkof~2").children)
    # a typo is measured from the stem too: papilons~ reaches "papillon"
    assert {c.text for c in node("papilons~", "fr").children} == {"papilons", "papilon"}


def test_boosts():
    q = node("cocoa^3")
    assert {(c.field, c.boost) for c in q.children} == {("title", 6.0), ("text", 3.0)}


def test_names_are_looked_up_in_their_other_spellings_and_exact_words_are_not():
    assert ("names", "~uxak_v") in words(node("Ouchakov"))
    assert ("names", "~uxak_v") not in words(node("ouchakov"))
    assert ("names", "~uxak_v") not in words(node("Ouchakov", exact=True))


def test_stopwords_are_dropped_unless_they_are_all_there_is():
    assert node("the Kremlin") == node("Kremlin")
    assert words(node("the")) == {("title", "the"), ("text", "the")}
    assert all(isinstance(c, Phrase) for c in node('"the Kremlin"').children)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the query is empty"),
        ('""', "an empty phrase"),
        ("()", "an empty group"),
        ("(cocoa", "unbalanced parenthesis"),
        ("cocoa)", "unbalanced parenthesis"),
        ('"cocoa', "unbalanced quote"),
        ("cocoa OR OR prices", "nothing on one side"),
        ("cocoa OR", "nothing on one side"),
        ("AND cocoa", "nothing on one side"),
        ("cocoa NOT", "nothing on one side"),
        ("cocoa~3", "not a number of typos"),
        ("cocoa~-1", "not a number of typos"),
        ("cocoa~1.5", "not a number of typos"),
        ("cocoa^-1", "not a boost"),
        ("cocoa^0", "not a boost"),
        ('"cocoa prices"~x', "not a distance"),
        ("?", "matches every word"),
        ("*", "matches every word"),
        ("??", "matches every word"),
        ("a*", "too many words"),
        ("*ab", "too many words"),
        ("[a TO c]", "a range works on dates only"),
        ("title:[a TO c]", "a range works on dates only"),
        ("author:Smith", "there is no field author:"),
        ("url:example", "there is no field url:"),
        ("foo:bar", "there is no field foo:"),
        ("title:", "title: has nothing after it"),
        ("(" * 40 + "a" + ")" * 40, "nests parentheses"),
        (" ".join(["w"] * 300), "at most 256"),
    ],
)
def test_every_mistake_is_one_clear_error(text, says):
    with pytest.raises(QueryError, match=says):
        read(text)


def test_an_error_is_one_line_on_stderr_and_exit_2(seed_index):
    for text in ("cocoa~3", "author:Smith", "[a TO c]", '""', "()"):
        code, out, err = run("search", text)
        assert (code, out) == (2, ""), text
        assert err.startswith("newsgrep: error: ") and "Traceback" not in err, text
        assert err.count("\n") <= 2  # the error and its hint


def test_the_fields_error_lists_the_fields():
    with pytest.raises(QueryError) as e:
        read("author:Smith")
    assert all(f"{name}:" in e.value.hint for name in ("title", "source", "lang", "date", "text"))


def test_forms_find_what_they_say(seed_index):
    def count(text: str) -> int:
        return search(text, seed_index).total_articles

    assert count("Witkoff -Kushner") == count("Witkoff NOT Kushner") == 0
    assert count("Witkoff or Zzyzx") == 1
    assert count('"Steve Witkoff"') == 1 and count('"Witkoff Steve"') == 0
    # envoyé ... Witkoff: four positions apart ("L’envoyé spécial américain Steve Witkoff")
    assert count('"envoyé Witkoff"~4') == 1 and count('"envoyé Witkoff"~3') == 0


_text = st.lists(
    st.sampled_from(list('abcéAB ()"*?~^:-!+|&[]{}0123 ') + [" OR ", " AND ", " NOT ", " or "]),
    max_size=40,
).map("".join)


@given(_text)
@settings(max_examples=400, deadline=None)
def test_any_text_reads_or_is_a_query_error_quickly(text):
    started = time.perf_counter()
    try:
        read(text)
        parse_for(text, "fr", False)
    except QueryError:
        pass
    assert time.perf_counter() - started < 0.5


@given(_text)
@settings(max_examples=300, deadline=None)
def test_a_tree_written_back_reads_the_same(text):
    try:
        tree = read(text)
    except QueryError:
        return
    written = write(tree)
    if any(w in written for w in ('"and"', '"or"', '"not"')):
        return  # a lower-case operator word is written as a phrase of it
    assert read(written) == tree


def test_relaxed_query_has_all_words_but_one():
    assert relaxed("cocoa Witkoff prices") == (
        "(Witkoff prices) OR (cocoa prices) OR (cocoa Witkoff)"
    )
    assert relaxed("cocoa -coffee prices") == "(prices NOT coffee) OR (cocoa NOT coffee)"
    assert relaxed('+cocoa "buffer stock"') == '"buffer stock" OR cocoa'
    assert relaxed("cocoa OR prices") is None  # not an AND: nothing to relax
    assert relaxed("cocoa") is None
    assert relaxed(" ".join("abcdefgh")) is None  # too many words to try


@pytest.mark.usefixtures("indexed")
def test_nothing_for_all_words_points_to_most_of_them():
    code, out, err = run("search", "Witkoff", "Ouchakov", "cocoa")
    assert code == 1 and out == ""
    assert "1 article has all but one: newsgrep search '(Ouchakov cocoa) OR" in err
    query = err.split("newsgrep search ", 1)[1].strip()
    code, out, _ = run("search", "-l", query)
    assert code == 0 and out
