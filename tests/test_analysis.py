import unicodedata

from newsgrep.analysis import analyze, fold, terms


def test_fold_removes_case_and_accents():
    assert fold("NÉGOCIATIONS") == "negociations"
    assert fold("Œuvre") == "oeuvre"
    assert fold(unicodedata.normalize("NFD", "envoyé")) == "envoye"


def test_accents_do_not_change_the_term():
    assert terms("négociations", "fr") == terms("negociations", "fr") == terms("NÉGOCIATION", "fr")
    assert terms("envoyé", "fr") == terms("envoye", "fr")


def test_elisions_are_split_but_aujourdhui_stays_whole():
    text = "l’envoyé d'Ouchakov qu’il aujourd’hui jusqu’à"
    found = [(term, text[s:e]) for term, _pos, s, e in analyze(text, "fr")]
    written = [w for _t, w in found]
    assert written[:3] == ["envoyé", "Ouchakov", "il"]
    assert "aujourd’hui" in written
    assert terms("l’envoyé", "fr") == terms("l'envoyé", "fr") == terms("envoyé", "fr")


def test_inflections_share_a_stem():
    assert terms("discussion", "fr") == terms("discussions", "fr")
    assert terms("negotiate", "en") == terms("negotiations", "en")
