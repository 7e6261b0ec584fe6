"""Language-aware text analysis, independent of the search engine.

Every word of an article and of a query goes through the same steps:

1. split into words (letters and digits; an apostrophe inside a word is kept,
   so ``aujourd’hui`` stays whole);
2. elided articles and pronouns are split off in languages that elide
   (``l’envoyé`` -> ``envoyé``);
3. folded: lower case, accents and other diacritics removed, typographic
   apostrophes made straight (``NÉGOCIATIONS`` -> ``negociations``);
4. stemmed with the Snowball stemmer of the text's language
   (``negociations`` -> ``negoci``).

Folding happens before stemming, so a word typed with or without accents
always gives the same term. Highlighting re-runs steps 1-4 on the shown
paragraph and marks the words whose term matched, so it always marks the
forms actually written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

#: ISO 639-1 code -> Snowball stemmer name (PyStemmer).
STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "nl": "dutch", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

#: Languages whose articles and pronouns elide onto the next word.
ELISIONS = {
    "fr": frozenset(
        [
            "l",
            "d",
            "j",
            "m",
            "n",
            "s",
            "t",
            "c",
            "qu",
            "jusqu",
            "lorsqu",
            "puisqu",
            "quoiqu",
            "presqu",
            "quelqu",
        ]
    ),
    "it": frozenset(
        [
            "l",
            "d",
            "dell",
            "all",
            "dall",
            "nell",
            "sull",
            "un",
            "quest",
            "quell",
            "c",
            "n",
            "s",
            "v",
        ]
    ),
    "ca": frozenset(["l", "d", "s", "n", "m", "t"]),
}

#: Words dropped from queries (they stay in the index, so phrases keep them).
STOPWORDS = {
    "fr": """a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les
        leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que
        qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y l d j m n s t c
        est sont ete etre avoir a ont sera ainsi cela ceci dont""",
    "en": """a an and are as at be been but by for from had has have he her his i if in into
        is it its me my no not of on or our she so that the their them there these they this
        those to was we were what when which who will with would you your""",
    "de": """aber als am an auch auf aus bei bin bis bist da dann das dass dem den der des die
        dies diese dieser dieses du durch ein eine einem einen einer eines er es fur hat hatte
        ich ihr im in ist ja kein mit nach nicht noch nur ob oder sein sich sie sind so uber um
        und uns vom von vor war wie wir wird zu zum zur""",
    "es": """a al como con de del el ella en es esta este la las le les lo los mas me mi no
        o para pero por que se si su sus un una uno y ya""",
    "it": """a al alla che chi con da dal dei del della di e ed gli i il in la le lo ma ne
        nel non per si su sua suo un una uno""",
    "pt": """a ao aos as com da das de do dos e em na nas no nos o os para pela pelo por que
        se sua seu um uma""",
    "nl": """de het een en van in is op te dat die voor met aan er niet als bij of door""",
    "ru": """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
        только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже
        или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они
        тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
        будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем
        чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть
        после над больше тот через эти нас про всего них какая много разве три эту моя впрочем
        хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю
        между""",
}  # fmt: skip

# Word characters plus combining marks, so text in decomposed form (NFD)
# splits into the same words as composed text.
_W = "[\\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
WORD = re.compile(f"{_W}+(?:['’ʼ`]{_W}+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({
    "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "ħ": "h", "ŧ": "t", "ŀ": "l",
})  # fmt: skip


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case ``word`` and remove its diacritics: ``Négociations`` -> ``negociations``."""
    word = word.casefold().translate(_SPECIAL).translate(_APOSTROPHES)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _stoplist(lang: str) -> frozenset[str]:
    words = STOPWORDS.get(lang, "")
    return frozenset(fold(w) for w in words.split())


STOPLISTS = {lang: _stoplist(lang) for lang in STOPWORDS}
_NO_STOPS: frozenset[str] = frozenset()


def stopwords(lang: str | None) -> frozenset[str]:
    """Folded stopwords of ``lang`` (empty for languages without a list)."""
    return STOPLISTS.get(lang or "", _NO_STOPS)


class Normalizer:
    """Turns written words into index terms for one language, with a cache."""

    __slots__ = ("lang", "_stem", "_elisions", "_cache", "_terms")

    def __init__(self, lang: str | None, stem: bool = True) -> None:
        self.lang = lang
        self._elisions = ELISIONS.get(lang or "", frozenset())
        self._stem = None
        if stem and lang in STEMMERS:
            import Stemmer

            self._stem = Stemmer.Stemmer(STEMMERS[lang]).stemWord
        self._cache: dict[str, tuple[int, str]] = {}
        self._terms: dict[str, str] = {}  # word -> term, for terms()

    def terms_of(self, words: list[str]) -> list[str]:
        """The term of each written word, '' for a word that gives none."""
        cache = self._terms
        try:
            return list(map(cache.__getitem__, words))
        except KeyError:
            if len(cache) > 500_000:
                cache.clear()
            for word in words:
                if word not in cache:
                    cache[word] = self.term(word)[1]
            return list(map(cache.__getitem__, words))

    def term(self, word: str) -> tuple[int, str]:
        """(offset of the kept part, term) for one written word; term may be ''."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        folded = fold(word)
        skip = 0
        if "'" in folded and self._elisions:
            head, _, tail = folded.partition("'")
            if head in self._elisions and tail:
                skip = len(word) - len(tail)  # folding keeps lengths of the tail
                if fold(word[skip:]) != tail:  # rare: folding changed a length
                    skip = word.index(word[len(head)]) + 1
                folded = tail
        term = self._stem(folded) if self._stem else folded
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[word] = result = (skip, term)
        return result


@lru_cache(maxsize=64)
def normalizer(lang: str | None, stem: bool = True) -> Normalizer:
    return Normalizer(lang, stem)


def analyze(text: str, lang: str | None, stem: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """Yield ``(term, position, start, end)`` for each word of ``text``.

    ``start`` and ``end`` are character offsets into ``text`` of the written
    form that produced the term (an elided article is not part of it).
    """
    norm = normalizer(lang, stem).term
    pos = 0
    for m in WORD.finditer(text):
        word = m.group()
        skip, term = norm(word)
        if term:
            yield term, pos, m.start() + skip, m.end()
            pos += 1


def terms(text: str, lang: str | None, stem: bool = True) -> list[str]:
    """The index terms of ``text`` in order, a term's position being its index.

    What :func:`analyze` gives, without the offsets. Indexing runs through
    here: the words are found and looked up in C (``findall``, ``map``)
    rather than one Python step per word.
    """
    found = normalizer(lang, stem).terms_of(WORD.findall(text))
    return [t for t in found if t] if "" in found else found


# ---------------------------------------------------------------- languages


#: Below this probability (py3langid's, normalised) a detected language is not
#: believed: a list of names, a table, a README is no article in Basque.
MIN_CONFIDENCE = 0.5
#: Fewer letters than this are too few to tell a language from.
MIN_LETTERS = 20


def _too_few_letters(sample: str) -> bool:
    """Whether ``sample`` has fewer than MIN_LETTERS letters (looked for only until found)."""
    return next(islice(filter(str.isalpha, sample), MIN_LETTERS - 1, None), None) is None


def identify_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of the language of ``text``; (None, 0) when too short."""
    # A thousand characters tell a language as well as the whole article and
    # keep detection (linear in the sample) off the indexing hot path.
    sample = text[:1000]
    if _too_few_letters(sample):
        return None, 0.0
    lang, probability = _identifier().classify(sample)
    return lang, float(probability)


#: A language other than the archive's main one is believed only when the text is
#: unlikely (below this probability) to be in the main one: a headline in capitals, a
#: list of names or a table of figures gets some other language as its best guess,
#: while an article really in another language leaves the main one next to nothing.
MAIN_LANGUAGE_DOUBT = 0.01
#: The start of a text that is tried first, and the probability of the main
#: language there that settles it (see detect_language). On 800 BBC articles
#: the quick answer was taken for 780, and agreed with the whole sample's on all.
QUICK_SAMPLE = 300
QUICK_CERTAINTY = 0.99
#: What py3langid answers for a text with no language in it (figures, codes).
NOT_LANGUAGES = frozenset({"zxx", "und"})


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """The language of ``text``, or ``fallback`` when it cannot be told with confidence.

    A language detected from too little text, or with a probability under
    MIN_CONFIDENCE, or while ``fallback`` (the archive's main language, or
    None) stays plausible, would add to the archive a language whose
    analysis every query is then run through: ``fallback`` is given instead.
    """
    sample = text[:1000]
    if _too_few_letters(sample):
        return fallback
    if fallback and len(sample) > QUICK_SAMPLE:
        # Most articles are in the archive's main language, and their first few
        # hundred characters say so beyond doubt: a quarter of the work.
        quick = dict(_identifier().rank(sample[:QUICK_SAMPLE]))
        if quick.get(fallback, 0.0) >= QUICK_CERTAINTY:
            return fallback
    ranked = dict(_identifier().rank(sample))
    lang = max(ranked, key=ranked.__getitem__)
    if lang in NOT_LANGUAGES or ranked[lang] < MIN_CONFIDENCE:
        return fallback
    if fallback and lang != fallback and ranked.get(fallback, 0.0) >= MAIN_LANGUAGE_DOUBT:
        return fallback
    return lang


def forget_language_model() -> None:
    """Let the language model go (a process that will detect no more languages);
    the next detection loads it again."""
    if _identifier.cache_info().currsize:
        _identifier.cache_clear()
        import gc

        gc.collect()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
