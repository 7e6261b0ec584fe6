"""What the press-database exports share: language names, bylines, metadata keys.

LexisNexis, Nexis Uni and Factiva name an article's language in words, in
the language of the service's interface (``ENGLISH``, ``Français``,
``Deutsch``, ``Englisch``); :func:`language_code` turns those into ISO 639-1
codes. Metadata that has no :class:`~newsgrep.articles.Article` field of its
own goes to ``Article.extra`` under a lower-case key (:func:`extra_key`).
"""

from __future__ import annotations

import re
import unicodedata

from ..text import one_line

# Language names as the services write them (English, French, German and
# Spanish interfaces), without accents and in lower case -> ISO 639-1 code.
_LANGUAGE_NAMES = {
    "ar": "arabic arabe arabisch",
    "ca": "catalan katalanisch",
    "cs": "czech tcheque tschechisch checo",
    "da": "danish danois danisch danes",
    "de": "german allemand deutsch aleman",
    "el": "greek grec griechisch griego",
    "en": "english anglais englisch ingles",
    "es": "spanish espagnol spanisch espanol castellano",
    "fi": "finnish finnois finnisch finlandes",
    "fr": "french francais franzosisch frances",
    "hu": "hungarian hongrois ungarisch hungaro",
    "it": "italian italien italienisch italiano",
    "ja": "japanese japonais japanisch japones",
    "ko": "korean coreen koreanisch coreano",
    "nl": "dutch neerlandais niederlandisch hollandisch neerlandes nederlands",
    "no": "norwegian norvegien norwegisch noruego",
    "pl": "polish polonais polnisch polaco",
    "pt": "portuguese portugais portugiesisch portugues",
    "ro": "romanian roumain rumanisch rumano",
    "ru": "russian russe russisch ruso",
    "sv": "swedish suedois schwedisch sueco",
    "tr": "turkish turc turkisch turco",
    "uk": "ukrainian ukrainien ukrainisch ucraniano",
    "zh": "chinese chinois chinesisch chino",
}
LANGUAGES: dict[str, str] = {
    name: code for code, names in _LANGUAGE_NAMES.items() for name in names.split()
}

_CODE = re.compile(r"[A-Za-z]{2}(?:[-_][A-Za-z0-9]+)?")


def language_code(value: str | None) -> str | None:
    """``ENGLISH``, ``Français``, ``en``, ``en-GB`` -> ``en``; None when unknown."""
    value = (value or "").strip().rstrip(".;")
    if not value:
        return None
    if _CODE.fullmatch(value):
        return value[:2].lower()
    plain = unicodedata.normalize("NFKD", value.split(";")[0].split(",")[0].strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return LANGUAGES.get(plain)


_BY = re.compile(r"^(?:by|von|par|por|di)\s+", re.IGNORECASE)


def byline_author(value: str | None) -> str | None:
    """A byline without its leading ``By`` (``BY STEPHEN POLLARD`` -> ``STEPHEN POLLARD``)."""
    value = _BY.sub("", one_line(value or ""))
    return value or None


def extra_key(key: str) -> str:
    """``LOAD-DATE``, ``Journal Code`` -> ``load_date``, ``journal_code``."""
    return re.sub(r"[\W_]+", "_", key.strip().lower()).strip("_")


def is_copyright(line: str) -> bool:
    """Whether a line is a copyright notice (kept out of the text)."""
    return bool(re.match(r"\s*(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved)", line, re.I))
