"""Sentences: where a paragraph's sentences begin, for SENTENCE(...) queries.

The splitting is sentencex's (Wikimedia's segmenter: rules and abbreviation
lists for some 300 languages, written in Rust, no dependencies), which
knows "Mr.", "Dr.", "z. B.", "U.S." and most abbreviations of news text.
Two of its breaks are taken back, where news text shows them wrong:

- after a lone capital letter and its period: French "M. Witkoff",
  initials ("John F. Kennedy", "В. В. Путин"), "J.-C.";
- before a piece that starts with a lower-case letter or a hyphen: no
  sentence starts so ("5 p. m. a Madrid", "т. е. давно", "P.-D.G.").

Boundaries are given as word positions, counted as the index counts them
(:func:`newsgrep.analysis.terms`): the position of the first word of each
sentence after the first. A paragraph without a sentence-ending mark inside
it is one sentence, and is not handed to the segmenter at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .analysis import WORD

#: A mark that may end a sentence, with something after it.
_MAYBE_END = re.compile(r"[.!?…\n。！？][^.!?…\n。！？]*\w")
#: A piece of text that ends with a lone capital letter and its period ("M. ", "F. ").
_INITIAL = re.compile(r"(?:^|[\s(«\"'’-])\w\.\s*$")


def _starts_sentence(piece: str) -> bool:
    for char in piece:
        if char.isspace() or char in "«»\"'“”„(":
            continue
        return not (char.islower() or char in "-‐–")
    return False


def _ends_with_initial(piece: str) -> bool:
    # (searched from three characters before the end: the whole piece would be read)
    return _INITIAL.search(piece, max(0, len(piece.rstrip()) - 3)) is not None


@lru_cache(maxsize=1)
def _segment():
    import sentencex

    return sentencex.segment


def sentence_starts(text: str, lang: str | None) -> list[int]:
    """Character offsets where the sentences of ``text`` after the first begin."""
    if not _MAYBE_END.search(text.rstrip()):
        return []
    starts, at = [], 0
    previous = ""
    for piece in _segment()(lang or "en", text):
        if at and _starts_sentence(piece) and not _ends_with_initial(previous):
            starts.append(at)
        previous = piece
        at += len(piece)
    return starts


@lru_cache(maxsize=8192)
def sentence_bounds(text: str, lang: str | None) -> tuple[int, ...]:
    """Word positions where the sentences of ``text`` after the first begin.

    A word at position ``p`` is in sentence ``bisect_right(bounds, p)``.
    """
    starts = sentence_starts(text, lang)
    if not starts:
        return ()
    bounds, words, last = [], 0, 0
    for start in starts:
        words += len(WORD.findall(text, last, start))
        bounds.append(words)
        last = start
    return tuple(bounds)


def split(text: str, lang: str | None) -> list[str]:
    """The sentences of ``text``, as :func:`sentence_starts` cuts them."""
    cuts = [0, *sentence_starts(text, lang), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
