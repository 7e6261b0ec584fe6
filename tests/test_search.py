"""Library-level search: article-level boolean logic, paragraphs shown, ranking."""

import unicodedata

import pytest

from newsgrep import search
from newsgrep.errors import IndexMissingError, QueryError
from newsgrep.index import update_index


def shown(result):
    """{(file name, paragraph): [highlighted words]} of a result."""
    return {
        (a.path.rsplit("/", 1)[-1], h.paragraph): [h.text[s:e] for s, e in h.spans]
        for a in result.articles
        for h in a.hits
    }


def test_witkoff_in_seed(seed_index):
    r = search("Witkoff", seed_index)
    assert r.total_articles == 1
    [article] = r.articles
    assert article.source == "Le Monde" and article.lang == "fr"
    assert [h.paragraph for h in article.hits] == [0, 1, 2, 3]
    assert all(words and set(words) == {"Witkoff"} for words in shown(r).values())
    assert article.title_spans  # the headline names him too


@pytest.mark.parametrize(
    "query, written",
    [
        ("compromis", "compromis"),
        ("Ouchakov", "Ouchakov"),
        ("negociations", "négociations"),
        ("NÉGOCIATIONS", "négociations"),
        ("envoyé", "envoyé"),
        ("envoye", "envoyé"),
        ("négociation", "négociations"),
        ("discussion", "discussions"),
    ],
)
def test_french_queries_find_written_forms(seed_index, query, written):
    r = search(query, seed_index)
    assert r.total_articles == 1
    words = [w for ws in shown(r).values() for w in ws]
    assert written in words


def test_decomposed_query_finds_composed_text(seed_index):
    assert search(unicodedata.normalize("NFD", "négociations"), seed_index).total_articles == 1


@pytest.fixture
def two_articles(write, index_dir):
    write(
        "a.txt",
        """
        Talks in Moscow

        Witkoff arrived in the morning.

        Kushner joined him later.
        """,
    )
    write(
        "b.txt",
        """
        Envoy alone

        Witkoff met the president.

        Nobody else came.
        """,
    )
    update_index([write.root], index_dir)
    return index_dir


def test_and_spans_paragraphs_of_one_article(two_articles):
    r = search("Witkoff Kushner", two_articles)
    assert shown(r) == {("a.txt", 1): ["Witkoff"], ("a.txt", 2): ["Kushner"]}


def test_not_excludes_articles_mentioning_the_word_anywhere(two_articles):
    r = search("Witkoff NOT Kushner", two_articles)
    assert [a.path.rsplit("/", 1)[-1] for a in r.articles] == ["b.txt"]


def test_same_paragraph_option_requires_one_paragraph(two_articles):
    assert search("Witkoff Kushner", two_articles, same_paragraph=True).total_articles == 0
    assert search("Witkoff president", two_articles, same_paragraph=True).total_articles == 1


def test_phrase_matches_inside_one_paragraph(two_articles):
    assert search('"Witkoff arrived"', two_articles).total_articles == 1
    assert search('"morning Kushner"', two_articles).total_articles == 0


def test_or_and_field_queries(two_articles):
    assert search("Kushner OR Nobody", two_articles).total_articles == 2
    assert search("title:envoy", two_articles).total_articles == 1
    assert search("title:Witkoff", two_articles).total_articles == 0
    assert search("lang:en Witkoff", two_articles).total_articles == 2


def test_title_match_ranks_above_body_match(write, index_dir):
    write("body.txt", "Weather report\n\nThe harvest in Ukraine was late.\n")
    write("head.txt", "Ukraine harvest\n\nThe weather was kind this year.\n")
    update_index([write.root], index_dir)
    r = search("Ukraine", index_dir)
    assert [a.path.rsplit("/", 1)[-1] for a in r.articles] == ["head.txt", "body.txt"]


def test_source_query(seed_index):
    assert search('source:"Le Monde"', seed_index).total_articles == 1
    assert search('source:"Le Figaro"', seed_index).total_articles == 0


def test_limit_caps_articles_not_totals(write, index_dir):
    for i in range(5):
        write(f"{i}.txt", f"Story {i}\n\nThe cocoa crop number {i}.\n")
    update_index([write.root], index_dir)
    r = search("cocoa", index_dir, limit=2)
    assert len(r.articles) == 2 and r.total_articles == 5


def test_reindexing_is_idempotent_and_incremental(write, index_dir):
    a = write("a.txt", "Alpha\n\nThe zebra ran.\n")
    b = write("b.txt", "Beta\n\nThe zebra slept.\n")
    update_index([write.root], index_dir)
    s = update_index([write.root], index_dir)
    assert (s.files_read, s.files_unchanged, s.total_articles) == (0, 2, 2)
    assert search("zebra", index_dir).total_paragraphs == 2

    a.write_text("Alpha\n\nThe giraffe ran.\n")
    import os

    os.utime(a, ns=(1, 1))  # a different modification time, as an edit gives
    b.unlink()
    write("c.txt", "Gamma\n\nA zebra again.\n")
    s = update_index([write.root], index_dir)
    assert (s.files_read, s.files_removed, s.total_articles) == (2, 1, 2)
    assert {x.path.rsplit("/", 1)[-1] for x in search("zebra", index_dir).articles} == {"c.txt"}
    assert search("giraffe", index_dir).total_articles == 1


def test_errors_are_newsgrep_errors(index_dir, seed_index):
    with pytest.raises(QueryError):
        search('"Witkoff', seed_index)
    with pytest.raises(QueryError):
        search("(Witkoff OR Kushner", seed_index)
    with pytest.raises(IndexMissingError):
        search("Witkoff", index_dir.parent / "nowhere")


def test_empty_index_finds_nothing(write, index_dir):
    write("a.txt", "Alpha\n\nzebra\n")
    update_index([write.root], index_dir)
    (write.root / "a.txt").unlink()
    update_index([write.root], index_dir)
    r = search("zebra", index_dir)
    assert (r.total_articles, r.articles) == (0, [])


def test_exact_copies_collapse_into_the_first(write, index_dir):
    story = "Wire story\n\nThe zebra escaped from the zoo.\n\nKeepers searched all night.\n"
    write("a/one.txt", story)
    write("b/copy.txt", story)
    write("c/other.txt", "Local story\n\nThe zebra escaped from the zoo.\n\nA child saw it.\n")
    write("d/unrelated.txt", "Zebra crossings\n\nNew zebra crossings were painted.\n")
    update_index([write.root], index_dir)

    r = search("zebra", index_dir)
    files = [a.path.rsplit("/", 1)[-1] for a in r.articles]
    assert len(files) == 2 and r.collapsed == 2 and r.total_articles == 4
    shown = {a.path.rsplit("/", 1)[-1]: a for a in r.articles}
    assert "unrelated.txt" in shown
    [(kept, article)] = [(f, a) for f, a in shown.items() if f != "unrelated.txt"]
    folded = {p.rsplit("/", 1)[-1] for p in article.copies}
    # one of the identical pair is shown; the other, and the article whose
    # only matching paragraph repeats it, are folded into it
    assert {kept} | folded == {"one.txt", "copy.txt", "other.txt"} and len(folded) == 2

    everything = search("zebra", index_dir, collapse=False)
    assert len(everything.articles) == 4 and everything.collapsed == 0


def test_a_moved_archive_shows_the_same_copy_first(tmp_path):
    """Which of two identical files is shown, and which is "also in", depends on
    the archive, not on the folder it lies in (a checkout elsewhere, a moved disk)."""

    def first_copies(root):
        for n in range(12):  # twelve pairs: a location-dependent order shows at once
            story = f"Wire story {n}\n\nThe zebra number {n} escaped.\n"
            for name in ("one", "two"):
                path = root / "wire" / f"{name}-{n}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(story)
        update_index([root], root.parent / f"{root.name}-index")
        r = search("zebra", root.parent / f"{root.name}-index")
        assert r.collapsed == 12
        return sorted(a.path.rsplit("/", 1)[-1] for a in r.articles)

    here = first_copies(tmp_path / "a" / "archive")
    there = first_copies(tmp_path / "elsewhere" / "deeper" / "archive")
    assert len(here) == 12 and here == there


def test_repeated_paragraph_is_left_out_of_a_later_article(write, index_dir):
    write("a.txt", "Wire\n\nThe zebra escaped from the zoo.\n\nA zebra is striped.\n")
    write("b.txt", "Follow-up\n\nThe zebra escaped from the zoo.\n\nIt was found.\n")
    update_index([write.root], index_dir)
    r = search("zebra", index_dir)
    assert [a.path.rsplit("/", 1)[-1] for a in r.articles] == ["a.txt"]
    # b.txt's only matching paragraph is shown in a.txt: b.txt is folded in
    assert [p.rsplit("/", 1)[-1] for p in r.articles[0].copies] == ["b.txt"]

    write("c.txt", "Later\n\nThe zebra escaped from the zoo.\n\nThe zebra slept.\n")
    update_index([write.root], index_dir)
    r = search("zebra", index_dir)
    texts = [h.text for a in r.articles for h in a.hits]
    assert texts.count("The zebra escaped from the zoo.") == 1
    assert "The zebra slept." in texts
    assert sum(a.repeated for a in r.articles) == 1


def test_bbc_duplicate_files_collapse(tmp_path, index_dir):
    import shutil

    from .conftest import shared

    bbc = shared("bbc-news", "business")
    corpus = tmp_path / "bbc"
    corpus.mkdir()
    for name in ("007.txt", "253.txt", "008.txt"):  # 007 and 253 are the same story
        shutil.copy(bbc / name, corpus / name)
    update_index([corpus], index_dir)
    title = (bbc / "007.txt").read_text().splitlines()[0]
    r = search(f'title:"{title}"', index_dir)
    assert len(r.articles) == 1 and len(r.articles[0].copies) == 1
    assert len(search(f'title:"{title}"', index_dir, collapse=False).articles) == 2


def test_a_folder_indexed_through_a_link_is_not_indexed_twice(write, index_dir, tmp_path):
    import os

    write("a.txt", "Alpha\n\nzebra\n")
    link = tmp_path / "link"
    os.symlink(write.root, link)
    update_index([link], index_dir)
    summary = update_index([write.root], index_dir)
    assert summary.files_unchanged == 1 and summary.total_articles == 1


def test_library_calls_leave_the_cycle_collector_alone(seed_index, tmp_path, write):
    """Process-wide settings are the command's (newsgrep/__main__.py), not the library's."""
    import gc

    thresholds = gc.get_threshold()
    gc.disable()
    try:
        assert search("Witkoff").articles and not gc.isenabled()
    finally:
        gc.enable()
    assert search("Witkoff").articles and gc.isenabled()
    with pytest.raises(QueryError):
        search("AND (")
    write("b.txt", "Beta\n\nzebra\n")
    update_index([write.root], tmp_path / "other")
    assert gc.isenabled() and gc.get_threshold() == thresholds


RANKED_QUERIES = [
    "said", "the", "bank said", "oil prices", "prices", "government NOT election",
    "\"prime minister\"", "economy OR growth", "Blair", "shares^2 rose", "film award",
    "year year", "title:oil",
]  # fmt: skip


@pytest.fixture(scope="module")
def bbc_index(tmp_path_factory):
    """150 BBC articles, and a French and a German one among them."""
    import shutil

    from .conftest import shared

    bbc = shared("bbc-news")
    corpus = tmp_path_factory.mktemp("bbc-sample")
    for topic in ("business", "politics", "entertainment"):
        for path in sorted((bbc / topic).glob("*.txt"))[:50]:
            shutil.copy(path, corpus / f"{topic}-{path.name}")
    (corpus / "fr.txt").write_text(
        "Le pétrole\n\nLes prix du pétrole ont baissé, a dit la banque centrale.\n"
    )
    (corpus / "de.txt").write_text(
        "Ölpreise\n\nDie Ölpreise sind gefallen, sagte die Bank am Montag in Frankfurt.\n"
    )
    index = tmp_path_factory.mktemp("bbc-index")
    update_index([corpus], index)
    return index


@pytest.mark.parametrize(
    ("text", "same_paragraph"),
    [(text, False) for text in RANKED_QUERIES] + [("bank said", True), ("oil prices", True)],
)
def test_array_ranking_equals_the_posting_at_a_time_ranking(
    bbc_index, monkeypatch, text, same_paragraph
):
    """Large results are ranked over arrays, small ones a posting at a time: the same
    scores to the last bit, the same order, for every article."""
    from newsgrep import matching
    from newsgrep.archive import open_archive
    from newsgrep.engine import reading

    def ranking(work, share=reading.WHOLE_COLUMN_SHARE):
        monkeypatch.setattr(matching, "ARRAY_WORK", work)
        monkeypatch.setattr(reading, "WHOLE_COLUMN_SHARE", share)
        with open_archive(bbc_index) as archive:
            session = archive.session
            found = matching.match(session, text, None, same_paragraph, False)
            order, paragraphs = matching.rank(session, found.concepts, found.articles)
            order = list(order)
            return order, {d: paragraphs.get(d, 0.0) for d in found.docs}

    exhaustive, paragraph_scores = ranking(10**12)
    assert exhaustive  # (every query of the list matches)
    # Over arrays, with the lengths gathered where they lie and from whole columns.
    for share in (10**9, 0):
        arrays, array_paragraph_scores = ranking(0, share)
        assert arrays == exhaustive
        assert array_paragraph_scores == paragraph_scores


def test_a_rare_word_reads_the_lengths_it_needs_not_whole_columns(write, index_dir):
    from newsgrep.archive import open_archive
    from newsgrep.engine.reading import LazyColumn

    # Runs of their own: several segments (a changed file's old documents may be
    # deleted or merged away, as the merge policy decides).
    for n in range(3):
        for k in range(40):
            write(f"run{n}/filler{k}.txt", f"Filler {n} {k}\n\nNothing of note on day {k}.\n")
        write(f"run{n}/rare.txt", f"Run {n}\n\nThe zebrafinch sang {n} times.\n")
        update_index([write.root], index_dir)
    write("run1/rare.txt", "Run again\n\nThe zebrafinch sang once more, then twice.\n")
    update_index([write.root], index_dir)
    with open_archive(index_dir) as archive:
        result = archive.search("zebrafinch")
        found = list(result.articles)
        session = archive.session
        assert len(session.reader.leaf_readers()) >= 2
        assert len(found) == 3
        views = [v for lazy in session._lazy_columns.values() for v in lazy._views.values() if v]
        assert views and not any(v.closed for v in views)  # the column files are mapped
        read_whole = {key.split(":")[0] for key in session._columns}
        assert not read_whole & {"alen_title", "alen_text", "alen_names", "tie", "text"}
        for name, typecode, lengths in [
            ("alen_text", "I", False), ("tie", "Q", False), ("text", "B", True),
            ("pn", "H", False), ("date", "Q", False), ("no_such_column", "I", False),
        ]:  # fmt: skip
            lazy = LazyColumn(session.reader, name, typecode, lengths)
            whole = session.column(name, typecode, lengths)
            assert len(lazy) == len(whole)
            assert [lazy[d] for d in range(len(whole))] == list(whole), name
        with pytest.raises(IndexError):
            lazy[len(whole)]
        # a long session keeps a bounded number of values, and reads them again right
        lazy = LazyColumn(session.reader, "alen_text", "I", False)
        whole = session.column("alen_text", "I", False)
        lazy._keep = 50
        for _ in range(3):
            assert [lazy[d] for d in range(len(whole))] == list(whole)
            assert 0 < len(lazy._values) <= 50 < len(whole)
    assert views and all(v.closed for v in views)  # closing the archive unmapped its files
