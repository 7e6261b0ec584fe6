"""Sentences of news text: sentencex's cuts, with abbreviations and initials kept inside."""

from __future__ import annotations

import pytest

from newsgrep.sentences import sentence_bounds, split


@pytest.mark.parametrize(
    "lang, sentences",
    [
        ("fr", ["M. Macron a parlé. ", "Le P.-D.G. est parti."]),
        ("fr", ["Il a vu M. Ouchakov et Mme Dupont. ", "Puis il est parti !"]),
        ("en", ["Mr. Smith met Dr. Jones in the U.S. on Monday. ", "John F. Kennedy spoke."]),
        ("en", ['He said "No." ', "Then he left! ", "Why? ", "Because."]),
        ("de", ["Prof. Dr. Meier kam z. B. am 3. Oktober. ", "Das war gut."]),
        ("es", ["El Sr. García llegó a las 5 p. m. a Madrid. ", "Luego habló."]),
        ("it", ["Il sig. Rossi è arrivato. ", "Poi ha parlato."]),
        ("ru", ["В. В. Путин встретился с Ушаковым. ", "Переговоры длились пять часов."]),
        ("en", ["One sentence only, without an end"]),
    ],
)
def test_sentences_of_news_text(lang, sentences):
    # Abbreviations ("Mr.", "Dr.", "z. B.", "p. m."), French "M." and initials stay
    # inside their sentence; the pieces are the text, cut.
    assert split("".join(sentences), lang) == sentences


def test_sentence_bounds_are_word_positions():
    # "M. Macron a parlé." is four words (M, Macron, a, parlé); the next starts at 4.
    assert sentence_bounds("M. Macron a parlé. Le chef est parti.", "fr") == (4,)
    assert sentence_bounds("Une seule phrase ici.", "fr") == ()
