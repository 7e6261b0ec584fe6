import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_SAMPLES = [
    "L’envoyé spécial de Donald Trump, Steve Witkoff, a rencontré Iouri Ouchakov.",
    "« Nous n’avons pas encore de compromis », a dit l'émissaire ; aujourd’hui encore.",
    "The Fed said it would lift interest rates: rates, rates and RATES.",
    "Die Verhandlungen über den Frieden – „schwierig“ – dauern an.",
    "",
    "1987 3.5% O'Brien's d'Ouchakov Putin's",
]


@pytest.mark.parametrize("lang", ["fr", "en", "de", None])
@pytest.mark.parametrize("stem", [True, False])
def test_terms_are_the_terms_analyze_gives(lang, stem):
    for text in _SAMPLES:
        assert terms(text, lang, stem) == [t for t, *_ in analyze(text, lang, stem)]


@given(st.text(max_size=200))
def test_terms_match_analyze_on_any_text(text):
    for lang in ("fr", "en"):
        assert terms(text, lang) == [t for t, *_ in analyze(text, lang)]
