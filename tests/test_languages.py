"""Language-aware matching: detection, per-language stemming, stopwords, name variants."""

import shutil

import pytest

from newsgrep import search
from newsgrep.index import update_index

from .conftest import shared


def found(result):
    """[(file name, paragraph, [highlighted words])] in result order."""
    return [
        (a.path.rsplit("/", 1)[-1], h.paragraph, [h.text[s:e] for s, e in h.spans])
        for a in result.articles
        for h in a.hits
    ]


@pytest.fixture
def mixed(write, index_dir):
    """The same story in four languages, with no language metadata."""
    write("fr.txt", "Pourparlers\n\nIouri Ouchakov a rencontré Vladimir Poutine au Kremlin "
                    "pour des négociations sur l’Ukraine.\n")  # fmt: skip
    write("en.txt", "Talks\n\nYuri Ushakov met Vladimir Putin in the Kremlin for "
                    "negotiations about Ukraine.\n")  # fmt: skip
    write("de.txt", "Gespräche\n\nJuri Uschakow traf Wladimir Putin im Kreml zu Verhandlungen "
                    "über die Ukraine. Die Gewerkschaften protestierten.\n")  # fmt: skip
    write("ru.txt", "Переговоры\n\nЮрий Ушаков встретился с Владимиром Путиным в Кремле "
                    "для переговоров об Украине.\n")  # fmt: skip
    write("water.txt", "Weather\n\nThe water was cold and the father stayed home.\n")
    update_index([write.root], index_dir)
    return index_dir


def test_languages_are_detected(mixed):
    langs = {
        a.path.rsplit("/", 1)[-1]: a.lang
        for a in search("Kremlin OR Kreml OR Кремле OR water", mixed).articles
    }
    assert langs == {
        "fr.txt": "fr",
        "en.txt": "en",
        "de.txt": "de",
        "ru.txt": "ru",
        "water.txt": "en",
    }


def test_each_article_is_stemmed_in_its_language(mixed):
    assert [f for f, _n, _w in found(search("négociation", mixed))] == ["fr.txt"]
    assert [f for f, _n, _w in found(search("negotiate", mixed))] == ["en.txt"]
    assert found(search("Gewerkschaft", mixed)) == [("de.txt", 1, ["Gewerkschaften"])]


@pytest.mark.parametrize("spelling", ["Ouchakov", "Ushakov", "Uschakow", "Ушаков"])
def test_one_spelling_of_a_name_finds_the_others(mixed, spelling):
    hits = found(search(spelling, mixed))
    assert sorted(hits) == [
        ("de.txt", 1, ["Uschakow"]),
        ("en.txt", 1, ["Ushakov"]),
        ("fr.txt", 1, ["Ouchakov"]),
        ("ru.txt", 1, ["Ушаков"]),
    ]


def test_written_form_ranks_above_variants(mixed):
    for spelling, own in [("Ouchakov", "fr.txt"), ("Uschakow", "de.txt"), ("Ушаков", "ru.txt")]:
        assert found(search(spelling, mixed))[0][0] == own


def test_cyrillic_and_latin_putin(mixed):
    files = {f for f, _n, _w in found(search("Poutine", mixed))}
    assert files == {"fr.txt", "en.txt", "de.txt", "ru.txt"}
    words = {w for _f, _n, ws in found(search("Путин", mixed)) for w in ws}
    assert words == {"Poutine", "Putin", "Путиным"}


def test_lowercase_ordinary_words_do_not_reach_name_spellings(mixed):
    # "water" and German "Vater" share a key; a word typed in lower case is
    # not treated as a name.
    assert [f for f, _n, _w in found(search("water", mixed))] == ["water.txt"]


def test_exact_turns_off_stemming_and_variants(mixed):
    assert [f for f, _n, _w in found(search("Ouchakov", mixed, exact=True))] == ["fr.txt"]
    assert search("négociation", mixed, exact=True).total_articles == 0
    assert search("NEGOCIATIONS", mixed, exact=True).total_articles == 1


def test_stopwords_add_nothing_to_ranking(write, index_dir):
    write("a.txt", "A\n\nLa paix de la région est fragile.\n")
    write("b.txt", "B\n\nLa paix revient, la paix reste, de la paix partout.\n")
    update_index([write.root], index_dir)
    plain = [(a.path, a.score) for a in search("paix", index_dir).articles]
    with_stops = [(a.path, a.score) for a in search("la paix de", index_dir).articles]
    assert plain == with_stops


def test_bbc_negotiate_finds_negotiations(tmp_path, index_dir):
    bbc = shared("bbc-news")
    corpus = tmp_path / "bbc"
    corpus.mkdir()
    picked = [
        p
        for p in sorted(bbc.glob("business/*.txt"))
        if "negotiations" in p.read_text("utf-8", "replace")
    ][:5]
    for p in picked + sorted(bbc.glob("sport/00*.txt")):
        shutil.copy(p, corpus / f"{p.parent.name}-{p.name}")
    update_index([corpus], index_dir)
    r = search("negotiate", index_dir, limit=None)
    files = {a.path.rsplit("/", 1)[-1] for a in r.articles}
    assert {f"business-{p.name}" for p in picked} <= files
    words = {h.text[s:e].lower() for a in r.articles for h in a.hits for s, e in h.spans}
    assert "negotiations" in words


def _per_language(session, text):
    """Articles and BM25F scores of ``text`` evaluated in each language on its own."""
    from newsgrep.grammar import parse_for, repeats
    from newsgrep.matching import Evaluator, names_by_language
    from newsgrep.query import Nothing, positive_leaves
    from newsgrep.ranking import Ranker, find_concepts

    names = names_by_language(session, text)
    articles, concepts = set(), []
    for lang in session.langs:
        q = parse_for(text, lang, False, names.get(lang, frozenset()))
        if isinstance(q, Nothing):
            continue
        ev = Evaluator(session, lang, None, exact=False)
        found = ev.articles(q)
        if not found:
            continue
        articles |= found
        docs = set().union(*(ev.docs(leaf) for leaf in positive_leaves(q)))
        docs = {d for d in docs if session.head_of(d) in found}
        concepts += find_concepts(ev, positive_leaves(q), docs, repeats(text, lang, False))
    ranker = Ranker(session)
    return articles, ranker.articles(concepts, articles), ranker.paragraphs(concepts)


@pytest.mark.parametrize(
    "text", ["Kremlin", "Putin", "Putin Kremlin", "Ukraine OR Украине", "water NOT cold", "die"]
)
def test_languages_that_read_a_query_alike_are_evaluated_once(mixed, text):
    from newsgrep.archive import open_archive
    from newsgrep.matching import language_groups, match
    from newsgrep.ranking import Ranker

    with open_archive(mixed) as archive:
        session = archive.session
        groups = language_groups(session, text, False, {})
        assert sorted(lang for _q, langs in groups for lang in langs) == sorted(session.langs)
        if text == "Kremlin":  # one spelling in every language: one evaluation
            assert len(groups) == 1
        found = match(session, text, None, False, False)
        ranker = Ranker(session)
        articles, scores, paragraphs = _per_language(session, text)
        assert found.articles == articles
        assert ranker.articles(found.concepts, found.articles) == scores
        assert ranker.paragraphs(found.concepts) == paragraphs


SHORT_ENGLISH = [
    "ASTROCOM CORP <ACOM.O> 3RD QTR NET\n\nShr profit 12 cts vs loss two cts",
    "SAN PAOLO DI TORINO CUTS PRIME RATE TO 12.50 PCT FROM 13.00 PCT - OFFICIAL",
    "KLEINWORT BENSON AUSTRALIAN FUND <KBA> DIVIDEND\n\nQtly div 25 cts vs 25 cts prior",
    "FRENCH GOVERNMENT SETS SHARE PRICE OF BANQUE DU BATIMENT ET DES TRAVAUX PUBLICS "
    "AT 130 FRANCS - OFFICIAL",
    "EC AUTHORISES EXPORT 65,000 TONNES BARLEY, MAXIMUM REBATE 138.75 ECUS - BRUSSELS TRADE",
    "Stockholm exchanges clsg apr 6 stg 10.2807 10.2872 us 6.3540",
    "Line-up\n\nBlair, Brown, Prescott, Straw, Hoon, Reid, Kohl, Mitterrand",
]


def test_short_and_list_like_texts_keep_the_archives_language(write, index_dir):
    body = "The company said on Monday that its profits rose sharply in the third quarter."
    for i in range(12):
        write(f"story{i}.txt", f"Markets {i}\n\n{body}\n")
    for i, text in enumerate(SHORT_ENGLISH):
        write(f"short{i}.txt", text + "\n")
    write("zz-french.txt", "Retraites\n\nLe gouvernement a annoncé mardi une réforme des "
                           "retraites, que les syndicats contestent.\n")  # fmt: skip
    update_index([write.root], index_dir)
    from newsgrep.archive import open_archive

    with open_archive(index_dir) as archive:
        session = archive.session
        assert sorted(session.langs) == ["en", "fr"]
        langs = {session.stored(h)["path"].rsplit("/", 1)[-1]: session.stored(h)["lang"]
                 for h in session.all_heads}  # fmt: skip
    assert {name for name, lang in langs.items() if lang != "en"} == {"zz-french.txt"}
