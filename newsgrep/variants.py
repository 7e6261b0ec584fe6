"""Name variants across transliterations, independent of the search engine.

Russian and Ukrainian names reach a news archive in many spellings: French
``Ouchakov``, English ``Ushakov``, German ``Uschakow``, Czech ``Ušakov``, the
original ``Ушаков``. :func:`name_key` maps all of them to one coarse *transliteration
key*, so that a query for one spelling can find the others:

1. the word loses a possessive or an elided article (``Putin's``,
   ``d’Ouchakov``) and a German genitive ``-s`` (``Putins``); a Cyrillic word
   loses the case ending of a surname or a place (``Путину``, ``Зеленского``,
   ``Києва``);
2. Cyrillic letters are written in a small fixed alphabet; Latin letters are
   folded (``č`` -> ``ch``, ``é`` -> ``e``) and the spellings of the
   transliteration conventions are merged (``sh zh kh ch sch tch tsch cz sz``
   are one sound, ``w`` is ``v``, French ``ou`` is ``u``; ``j`` is read as the
   German/Czech/Polish ``y`` or the French ``zh``, ``z`` as the German ``ts``
   or as ``z``, from cues in the word...);
3. each run of vowels becomes one vowel (``Dostojewski`` ~ ``Dostoevsky``), the
   vowel before a final ``v`` is left open (``-ov -ev -ёв -iv``: Khrushchev ~
   Chruschtschow, Kharkiv ~ Kharkov), doubled letters are collapsed.

``Ushakov``, ``Ouchakov``, ``Uschakow`` and ``Ушаков`` all give ``~uxak_v``.
:data:`RULES` lists every rule. Keys start with :data:`MARKER`, which no word
contains, so a key never equals an ordinary index term.

Which words get a key is the caller's choice: :func:`variant_terms` keys the
capitalised words of an article (names are capitalised in every language
newsgrep indexes), while a query word may be keyed whatever its case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from newsgrep.analysis import ELISIONS, STOPLISTS, WORD, fold

#: First character of every key; no word of any text contains it.
MARKER = "~"

#: (spelling, what it becomes), in the order the rules apply.
RULES = (
    ("' l' d' ... 's", "elided article and possessive dropped: d’Ouchakov, Putin's"),
    (
        "Cyrillic endings",
        "Путину -> Путин; Зеленского -> Зеленский; Путина -> Путин + Путина,"
        " Толстого -> Толстый + Толстой",
    ),
    ("Cyrillic letters", "one letter each: ш ж щ ч х -> x, ц -> c, з с -> s, й ы и і -> i"),
    ("Ukrainian г", "h, in a word with і ї є ґ or -ськ: Луганськ = Luhansk, Чернігів = Chernihiv"),
    ("č š ž ć ś ź ż", "ch sh zh ch sh zh zh; other accents folded (é -> e, ï -> i, ß -> ss)"),
    ("ʹ ʺ", "dropped (ISO 9 soft and hard signs: Elʹcin)"),
    ("-s (5+ letters before)", "dropped after n v w j y: Putins, Medwedews -> Putin, Medwedew"),
    ("-ine -yne", "French mute e dropped: Poutine -> Putin, Soljenitsyne"),
    (
        "j",
        "zh after d; y in ja jo ju, initial je, final, after y, or in a word with w, sch, cz, sz,"
        " a final j or a háček/Polish letter (German, Czech, Polish); else zh (French)",
    ),
    (
        "z",
        "ts (German) after a consonant, before k, or with w/sch in the word, unless the word"
        " is Czech/Polish (háček, Polish letter, cz, sz); else s",
    ),
    ("sh zh kh ch sch tch tsch cz sz", "x (ш ж щ ч х in every convention)"),
    ("ts tz", "c (ц)"),
    ("c before e i y", "c (ц, as in Czech and Polish: Jelcin, Solženicyn)"),
    ("w / ou / y", "v / u / i"),
    ("x qu q ck c ph th gh gu(e i)", "ks k k k k f t g g"),
    ("vowel runs", "one vowel: glide i dropped inside (oje -> oe) and at the start (Ye -> e)"),
    ("ae oe ue", "a o u: German umlauts as transliterated: Poehl = Pöhl, Mueller, Oezdemir"),
    ("io after a consonant", "e (ё): Fyodor, Fiodor, Fjodor = Фёдор, usually printed Федор"),
    ("vowel before final v", "_ when the word has 2+ vowel runs or the run has an i: -ov -ev -iv"),
    ("doubled letters", "one: Zaporizhzhia, Vassili, Zelenskyy"),
)

_HUSH = "x"  # ш ж щ ч х
_OPEN = "_"  # the vowel of -ov -ev -ёв -iv
_VOWELS = frozenset("aeiou")
_LATIN_VOWELS = frozenset("aeiouy")

_LATIN_SPECIAL = str.maketrans({
    "č": "ch", "š": "sh", "ž": "zh", "ć": "ch", "ś": "sh", "ź": "zh", "ż": "zh",
    "Č": "ch", "Š": "sh", "Ž": "zh", "Ć": "ch", "Ś": "sh", "Ź": "zh", "Ż": "zh",
})  # fmt: skip

_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ie", "ж": "x", "з": "s", "и": "i", "і": "i", "ї": "ii", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "c", "ч": "x", "ш": "x", "щ": "x", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ў": "u", "ј": "i", "љ": "l",
    "њ": "n", "ћ": "x", "ђ": "d", "џ": "dx", "ѓ": "g", "ќ": "k", "ѕ": "s",
})  # fmt: skip

_IS_CYRILLIC = re.compile("[\u0400-\u04ff]")
_UKRAINIAN = re.compile("[іїєґ]|[сц]ьк")

# Masculine oblique cases of adjectival surnames (-ский -ський -ый -ой) and the
# oblique cases of nominal surnames and places (-ов -ев -ин -ын, -ів -їв -єв).
_CYR_SKY = re.compile(r"(?<=[сц]к)(ого|ому|ими|им|ом|ім)$")
_CYR_ADJ = re.compile(r"(?<=..[^аеёиоуыэюяіїєь])(ого|ому)$")
_CYR_NOUN = re.compile(r"(?<=.[оеёиыіїє]в|.[иыі]н)(ами|ым|ом|ой|ою|им|ої|а|у|е|і)$")

_LATIN_RULES = re.compile(
    r"tsch|sch|tch|ch|sh|zh|kh|cz|sz|ts|tz|ck|ph|th|gh|ou|qu|gu(?=[eiy])|[xzwycq]"
)
_LATIN_MAP = {
    "tsch": _HUSH, "sch": _HUSH, "tch": _HUSH, "ch": _HUSH, "sh": _HUSH, "zh": _HUSH,
    "kh": _HUSH, "cz": _HUSH, "sz": _HUSH, "ts": "c", "tz": "c", "ck": "k", "ph": "f",
    "th": "t", "gh": "g", "ou": "u", "qu": "k", "gu": "g", "x": "ks", "z": "s", "w": "v",
    "y": "i", "c": "k", "q": "k",
}  # fmt: skip
_C_SOFT = re.compile(r"c(?=[eiy])")
_SLAVIC_LATIN = frozenset("čšžřěůňťďłżźćśń")
_PRIMES = str.maketrans("", "", "ʹʺ")  # soft and hard signs of ISO 9: Elʹcin
_APOSTROPHE = re.compile(r"['’ʼ`]")

_ELIDED = frozenset().union(*ELISIONS.values())
_STOPWORDS = frozenset().union(*STOPLISTS.values())


def _conventions(original: str, word: str) -> tuple[bool, bool, bool]:
    """(German, Czech/Polish, j is й) cues of a Latin word: w or sch is German
    unless the word has a háček, a Polish letter, cz or sz; a final j is й too."""
    slavic = "cz" in word or "sz" in word or not _SLAVIC_LATIN.isdisjoint(original.casefold())
    german = not slavic and ("w" in word or "sch" in word)
    return german, slavic, german or slavic or "w" in word or word.endswith("j")


def _resolve_j(word: str, glides: bool) -> str:
    """Read each ``j`` as the German/Slavic glide ``y`` or the French ``zh``."""
    out = []
    last = len(word) - 1
    for i, char in enumerate(word):
        if char != "j":
            out.append(char)
            continue
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i < last else ""
        glide = prev != "d" and (
            glides
            or not nxt
            or prev == "y"
            or (nxt in "aou" and word[i + 1 : i + 3] != "ou")
            or (i == 0 and nxt == "e")
        )
        out.append("y" if glide else "zh")
    return "".join(out)


def _resolve_z(word: str, german: bool, slavic: bool) -> str:
    """Read each ``z`` as German ``ts`` (Jelzin, Donezk) or as ``z`` (Zelensky)."""
    out = []
    last = len(word) - 1
    for i, char in enumerate(word):
        if char != "z" or (i < last and word[i + 1] == "h") or (i and word[i - 1] in "cs"):
            out.append(char)
            continue
        prev = word[i - 1] if i else ""
        affricate = german or (
            not slavic
            and (
                (prev and prev not in _LATIN_VOWELS and prev != "t")
                or (i < last and word[i + 1] == "k")
            )
        )
        out.append("ts" if affricate and prev != "t" else char)
    return "".join(out)


def _latin_skeleton(original: str) -> str:
    word = fold(original.translate(_LATIN_SPECIAL).translate(_PRIMES))
    n = len(word)
    if n >= 6 and word[-1] == "s" and word[-2] in "nvwjy":
        word = word[:-1]  # German genitive: Putins, Medwedews
    elif word.endswith(("ine", "yne")):
        word = word[:-1]  # French mute e: Poutine, Soljenitsyne
    german, slavic, j_glide = _conventions(original, word)
    if "j" in word:
        word = _resolve_j(word, j_glide)
    if "z" in word:
        word = _resolve_z(word, german, slavic)
    word = _C_SOFT.sub("ts", word)  # Polish, Czech: Jelcyn, Solženicyn
    return _LATIN_RULES.sub(lambda m: _LATIN_MAP[m.group()], word)


def _cyrillic_skeletons(word: str) -> list[str]:
    """Skeletons of a Cyrillic word, one per nominative it may come from.

    ``Захарова`` is Zakharov's genitive or the feminine Zakharova; ``Толстого``
    comes from a name in -ый or in -ой.
    """
    word = word.casefold().replace("ё", "е")
    ukrainian = _UKRAINIAN.search(word)
    word = word.replace("ьк", "к")
    forms = [word]
    stem = _CYR_SKY.sub("", word)
    if stem != word:
        forms = [stem + "ий"]
    else:
        stem = _CYR_ADJ.sub("", word)
        if stem != word:
            forms = [stem + "ый", stem + "ой"]  # Навального, Толстого
        else:
            stem = _CYR_NOUN.sub("", word)
            forms = [stem, word] if stem != word and word.endswith("а") else [stem]
    if ukrainian:
        forms = [w.replace("г", "h") for w in forms]  # Ukrainian г is h: Луганськ = Luhansk
    return [fold(w.translate(_CYRILLIC)) for w in forms]


def _vowel(run: str, initial: bool, german: bool = True) -> str:
    """One vowel run, normalised: glides dropped, repeated letters collapsed, and
    (``german``) the umlauts as transliterated joined with the letters folded."""
    if german:
        run = _UMLAUT.sub(r"\1", run)  # Poehl ~ Pöhl (Pohl), Schaeuble ~ Schäuble, Juergen
    if initial and len(run) == 2 and run[0] == "i":
        run = run[1:]  # leading glide: Yeltsin, Iouchtchenko, Ianoukovitch
    if len(run) > 2:
        run = run[0] + run[1:-1].replace("i", "") + run[-1]  # Dostojewski, -aja
    if len(run) > 1 and run[0] == run[1]:
        run = run[1:]
    if len(run) > 1 and run[-1] == run[-2]:
        run = run[:-1]
    if not initial and run == "io":
        run = "e"  # ё: Fyodor, Fiodor, Fjodor ~ Фёдор (written Федор)
    if german:
        run = _UMLAUT.sub(r"\1", run)  # (once the glides are gone: Dostojewski ~ Dostoevsky)
    return run


_UMLAUT = re.compile("([aou])e")


def _shape(skeleton: str, german: bool = True) -> str:
    """Vowel runs normalised, doubled consonants collapsed."""
    out: list[str] = []
    i, n = 0, len(skeleton)
    runs = 0
    while i < n:
        char = skeleton[i]
        if char in _VOWELS:
            j = i
            while j < n and skeleton[j] in _VOWELS:
                j += 1
            run = skeleton[i:j]
            if j == n - 1 and skeleton[j] == "v" and (runs or "i" in run):
                out.append(_OPEN)  # -ov -ev -ёв -iv: Khrushchev, Chruschtschow, Kharkiv
            else:
                out.append(_vowel(run, i == 0, german))
            runs += 1
            i = j
            continue
        if not out or out[-1] != char:
            out.append(char)
        i += 1
    return "".join(out)


def _strip_apostrophes(word: str) -> tuple[int, int, str]:
    """(start, end, core): ``word[start:end]`` without an elided article or a possessive.

    The core also loses apostrophes left inside it (``O'Brien`` -> ``OBrien``).
    """
    start, end = 0, len(word)
    cuts = [m.start() for m in _APOSTROPHE.finditer(word)]
    if not cuts:
        return start, end, word
    if fold(word[: cuts[0]]) in _ELIDED:
        start = cuts.pop(0) + 1
    if cuts and fold(word[cuts[-1] + 1 :]) == "s":
        end = cuts.pop()
    return start, end, _APOSTROPHE.sub("", word[start:end])


def _compute_keys(word: str, german: bool = True) -> tuple[str, ...]:
    _start, _end, core = _strip_apostrophes(word)
    if len(core) < 3 or not core.isalpha() or fold(core) in _STOPWORDS:
        return ()
    cyrillic = _IS_CYRILLIC.search(core)
    skeletons = _cyrillic_skeletons(core) if cyrillic else [_latin_skeleton(core)]
    keys = []
    for skeleton in skeletons:
        if not skeleton.isascii():  # Greek, Arabic, CJK...: no key
            return ()
        shaped = _shape(skeleton, german)
        if len(shaped) >= 3 and MARKER + shaped not in keys:
            keys.append(MARKER + shaped)
    return tuple(keys)


_cache: dict[str, tuple[str, ...]] = {}


def name_keys(word: str) -> tuple[str, ...]:
    """Every transliteration key of ``word``; empty when it cannot be a name.

    Most words have one key. A Cyrillic word whose nominative is ambiguous has
    two: ``Захарова`` (genitive of Захаров, or the feminine Захарова),
    ``Толстого`` (of Толстый or Толстой). Index every key of an article word at
    its position, and look up every key of a query word.
    """
    keys = _cache.get(word)
    if keys is None:
        keys = _compute_keys(word)
        if len(_cache) > 500_000:
            _cache.clear()
        _cache[word] = keys
    return keys


def query_keys(word: str) -> tuple[str, ...]:
    """The keys to look up for a query word: :func:`name_keys`, and the keys an index
    built before the umlaut rule (format 9, searched as it is) gave the same word."""
    keys = name_keys(word)
    older = tuple(k for k in _compute_keys(word, german=False) if k not in keys)
    return keys + older if older else keys


def name_key(word: str) -> str | None:
    """The transliteration key of ``word``, or None when it cannot be a name.

    Every spelling of one Russian or Ukrainian name (Latin in the French,
    English, German or Czech convention, or Cyrillic) gives the same key:
    ``name_key("Poutine") == name_key("Putin") == name_key("Путин")``. Case does
    not matter. Words with digits, stopwords, words of fewer than three letters
    and words in other scripts get None. A key starts with :data:`MARKER`, so it
    never equals a word. This is the first of :func:`name_keys`.
    """
    keys = name_keys(word)
    return keys[0] if keys else None


def is_name_like(word: str) -> bool:
    """Whether an article word should carry a key: it starts with a capital letter."""
    return word[:1].isupper()


_word_keys: dict[str, tuple[str, ...]] = {}


def _keys_of_written(word: str) -> tuple[str, ...]:
    """The keys :func:`variant_terms` gives a written word (a match of ``WORD``)."""
    if word.isalpha():
        return name_keys(word) if is_name_like(word) else ()
    _head, _tail, core = _strip_apostrophes(word)
    return name_keys(core) if is_name_like(core) else ()


def index_keys(text: str) -> list[str]:
    """The keys of the names in ``text``, as :func:`variant_terms` gives them,
    without positions or offsets: what indexing needs, found in C."""
    words = WORD.findall(text)
    cache = _word_keys
    try:
        found = list(map(cache.__getitem__, words))
    except KeyError:
        if len(cache) > 500_000:
            cache.clear()
        for word in words:
            if word not in cache:
                cache[word] = _keys_of_written(word)
        found = list(map(cache.__getitem__, words))
    return list(chain.from_iterable(found))


def variant_terms(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Yield ``(key, position, start, end)`` for each key of each capitalised word.

    Positions count words exactly as :func:`newsgrep.analysis.analyze` does, so
    a key can sit at the position of the word's ordinary term. ``start`` and
    ``end`` are character offsets of the written name, without an elided
    article or a possessive (``d’Ouchakov`` -> ``Ouchakov``, ``Putin's`` ->
    ``Putin``).
    """
    for pos, m in enumerate(WORD.finditer(text)):
        word = m.group()
        if word.isalpha():
            if not is_name_like(word):
                continue
            start, end = m.span()
            keys = name_keys(word)
        else:
            head, tail, core = _strip_apostrophes(word)
            if not is_name_like(core):
                continue
            start, end = m.start() + head, m.start() + tail
            keys = name_keys(core)
        for key in keys:
            yield key, pos, start, end


def same_person(written: str | None, asked: str) -> bool:
    """Whether a speaker as an article names them (``Iouri Ouchakov``) is the one asked
    for (``Ushakov``, ``Ушаков``, ``yuri ushakov``): every word asked is one of theirs,
    in some spelling or script."""
    if not written:
        return False
    words = WORD.findall(written)
    keys = {key for word in words for key in name_keys(word)}
    folded = {fold(word) for word in words}
    for word in WORD.findall(asked):
        if fold(word) not in folded and not keys.intersection(query_keys(word)):
            return False
    return True


_PARTICLES = frozenset(
    "de du des da di del della van von der den la le al el bin ibn ben y zu".split()
)


def _person(name: str) -> tuple[str, frozenset[str]] | None:
    """(surname key, first-name keys) of a name such as ``Iouri Ouchakov``; None for a
    description (``porte-parole de la police``), which only joins its own spelling."""
    words = [w for w in WORD.findall(name) if fold(w) not in _PARTICLES]
    if not words or not all(is_name_like(w) for w in words):
        return None
    surname = name_key(words[-1]) or fold(words[-1])
    firsts = frozenset(name_key(w) or fold(w) for w in words[:-1] if len(w) > 1)
    return surname, firsts


def person_groups(counts: dict[str, int]) -> list[list[str]]:
    """The spellings of ``counts`` (name -> how often) grouped by person, most
    frequent first within a group and across groups.

    Names are one person when their surnames have one transliteration key
    (``Ouchakov``, ``Ushakov``, ``Uschakow``, ``Ушаков``) and their first names
    agree (``Iouri``, ``Yuri``, ``Юрий``), or one of them gives none
    (``Ouchakov`` joins the most quoted person of that surname). Another first
    name is another person (``Barack Obama``, ``Michelle Obama``). Descriptions
    join only their own spelling, folded.
    """
    order = sorted(counts, key=lambda n: (-counts[n], n))
    by_surname: dict[str, list[tuple[set[str], list[str]]]] = {}
    alone: dict[str, list[str]] = {}
    bare: list[tuple[str, str]] = []
    for name in order:
        person = _person(name)
        if person is None:
            alone.setdefault(fold(name), []).append(name)
            continue
        surname, firsts = person
        if not firsts:
            bare.append((surname, name))
            continue
        clusters = by_surname.setdefault(surname, [])
        for known, names in clusters:
            if known & firsts:
                known |= firsts
                names.append(name)
                break
        else:
            clusters.append((set(firsts), [name]))
    for surname, name in bare:
        clusters = by_surname.setdefault(surname, [])
        if not clusters:
            clusters.append((set(), []))
        # the most quoted person with that surname: clusters keep their first name's rank
        best = max(clusters, key=lambda c: sum(counts[n] for n in c[1]))
        best[1].append(name)
    groups = [names for clusters in by_surname.values() for _f, names in clusters]
    groups += list(alone.values())
    for names in groups:  # the most quoted spelling first; of equals, the fullest
        names.sort(key=lambda n: (-counts[n], -len(n.split()), n))
    groups.sort(key=lambda names: (-sum(counts[n] for n in names), names[0]))
    return groups
