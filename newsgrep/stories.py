"""Near-duplicate articles: the same story run by many outlets.

Nothing here knows about the search engine: the functions take an article's
headline and paragraphs and give plain bytes and dataclasses, which the index
can store and a later run can read back.

How two articles are compared
-----------------------------

1. **Units.** The text is split at white space; each token is split into
   words with :data:`newsgrep.analysis.WORD`, folded with
   :func:`newsgrep.analysis.fold` (lower case, no accents), and stopwords (of
   every language newsgrep has a list for) are dropped; what is left of a
   token is one *unit* (``"(Reuters)"`` -> ``reuters``, ``"6-3/16"`` ->
   ``6 3 16``). Case, punctuation, accents and small words do not matter,
   and the rest of the work is done on ~35% fewer items. Nothing is stemmed:
   a copy keeps its words. Tokens are cached, so each is analysed once.
2. **Shingles.** Every run of :data:`SHINGLE` consecutive units is hashed
   with simple tabulation hashing: each (position in the shingle, unit) pair
   has a fixed 30-bit value from BLAKE2b, and a shingle's hash is the XOR of
   its units' values. The values depend on the text alone, never on
   Python's salted ``hash``, so signatures are the same in every process and
   on every machine; the XORs run in C (``map``). Only shingles inside one
   paragraph (or the headline) count, of paragraphs of at least SHINGLE
   units: a site's menu of one-word lines, which all its pages repeat, or a
   byline put on a line of its own, changes nothing.
3. **MinHash signature.** One-permutation MinHash: the top 6 bits of a
   shingle's hash choose one of :data:`BINS` bins; each bin keeps the low 16
   bits of its smallest hash (empty bins borrow from the next full one,
   "rotation densification"). The share of equal bins estimates the Jaccard
   similarity of the two shingle sets; with the shingle counts it gives the
   *containment* of the smaller article in the larger, which is what a
   trimmed copy keeps.
4. **Figures.** Daily reports (Reuters' money-market, commodity and
   earnings reports) repeat the same sentences with new figures, and differ
   from the day before in nothing else. So the signature also keeps the
   figures of up to :data:`FIGURES` number contexts (the words around a run of
   numbers, chosen by the smallest hash of the context): two articles whose
   shared contexts hold different numbers are different stories, however much
   of their text agrees.

"Same story" (:func:`same_story`): the estimated containment is at least
:data:`MIN_CONTAINMENT` and the estimated Jaccard at least
:data:`MIN_JACCARD`, the smaller article has at least :data:`MIN_SHARE` of
the larger one's shingles, both have :data:`MIN_SHINGLES` shingles, and the
figures do not disagree. Two articles dated more than :data:`MAX_DAYS_APART`
days apart must also agree on :data:`FAR_JACCARD` of their shingles and on
every shared figure: the same template weeks later (Reuters' "proposed
offerings filed with the SEC") shares its boilerplate and little else.
(Set on the tuning half of ``benchmarks/syndication.py``.)

Candidates (:class:`CandidateIndex`) come from LSH banding: the bins are cut
into :data:`BANDS` bands of :data:`ROWS` bins (bin ``b`` with bin ``b + 32``);
articles that agree on a whole band are candidates: a pair of Jaccard 0.3 is
one with probability 0.95, of 0.25 with 0.87. Stories (:class:`Stories`)
grow along the "same story" relation among candidates, with one check
against chains: an article joins a story only if it is also
:func:`compatible` with the story's representative (keeps
:data:`MIN_COMPATIBLE` of it, no figures disagree), and two stories it
matches are joined only if their representatives are compatible. Weekly
notes that each differ a little from the week before (Reuters' FHLBB
discount note rates) no longer fuse into one story. The earliest-dated copy
(then the longest, then the lowest key) represents its story. Because of that check, the
groups may depend on the order of arrival in rare cases; the index adds
articles in one fixed order (the order of its files).

Paragraph reuse (:func:`paragraph_keys`, :class:`ReuseIndex`): each paragraph
of at least :data:`MIN_PARAGRAPH_UNITS` units gets three hashes (its first
five units, its last five, all of it: sums of its shingle hashes, so they
cost next to nothing) and its length. Equal head *and* tail and
length: the same paragraph; equal head *or* tail: a near-verbatim one (a
dateline put in front, a last sentence cut, ...).

:func:`compare` tells what changed between two copies, paragraph by
paragraph.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import hashlib
import json
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import and_, eq, lshift, or_, rshift, xor

from .analysis import STOPLISTS, WORD, fold

#: Words per shingle.
SHINGLE = 3
#: MinHash bins (one-permutation hashing, 16 bits kept per bin).
BINS = 64
_BIN_SHIFT = 30 - 6  # the top 6 bits of a 30-bit hash choose the bin
#: LSH: bands of ROWS bins; articles agreeing on one whole band are candidates.
ROWS = 2  # band_keys() is written for two
BANDS = BINS // ROWS
#: Number contexts kept per article (see the module docstring).
FIGURES = 8

#: "Same story" rule (see :func:`same_story`).
MIN_CONTAINMENT = 0.6
MIN_JACCARD = 0.25
MIN_SHARE = 0.25
MIN_SHINGLES = 8
#: A copy joins a story only if it also keeps this much of the story's representative.
MIN_COMPATIBLE = 0.4
#: Articles dated more than this many days apart must agree on FAR_JACCARD of their shingles.
MAX_DAYS_APART = 3
FAR_JACCARD = 0.5
#: Disagreeing figures veto a match: at least this share of the shared
#: number contexts (and at least one) hold different numbers.
MAX_FIGURE_CONFLICTS = 0.25

#: Paragraph reuse: paragraphs of fewer units (words less stopwords) are not looked at.
MIN_PARAGRAPH_UNITS = 8
#: Units hashed as a paragraph's head and as its tail (three shingles).
ANCHOR_UNITS = 5
_ANCHOR_SHINGLES = ANCHOR_UNITS - SHINGLE + 1

_VERSION = 1
_HEADER = struct.Struct("<BH")  # version, distinct shingles (capped)
_BINS_BYTES = 2 * BINS
_FIGURES_START = _HEADER.size + _BINS_BYTES
_BIN_VALUES = struct.Struct(f"<{BINS}H")
_MASK30 = (1 << 30) - 1
_FIGURE = struct.Struct("<HH")


# ---------------------------------------------------------------- words and hashes

_STOPWORDS = frozenset().union(*STOPLISTS.values())


class _Units:
    """What shingling sees of each whitespace-separated token, cached.

    A token (``"(Reuters)"``, ``"6-3/16"``, ``"l'envoyé"``) is split into
    words with :data:`~newsgrep.analysis.WORD`, folded, and stopwords (of
    every language newsgrep knows) are dropped; what is left is one *unit*.
    Each unit has SHINGLE fixed 30-bit values, one per position in a
    shingle, from BLAKE2b of the unit's text, and a flag telling whether it
    is a number. A token that leaves nothing (punctuation, a stopword) maps
    to None.
    """

    __slots__ = ("cache",)

    def __init__(self) -> None:
        self.cache: dict[str, tuple[int, ...] | None] = {}

    def learn(self, tokens: Iterable[str]) -> None:
        cache = self.cache
        if len(cache) > 500_000:  # bounded, like the analysis caches
            cache.clear()
        for token in tokens:
            if token not in cache:
                cache[token] = _unit_values(token)

    def of(self, tokens: list[str]) -> list[tuple[int, ...]]:
        """The values of the tokens that make units, in order."""
        try:
            return list(filter(None, map(self.cache.__getitem__, tokens)))
        except KeyError:
            self.learn(tokens)
            return list(filter(None, map(self.cache.__getitem__, tokens)))


def _unit_text(token: str) -> str:
    words = [w for w in map(fold, WORD.findall(token)) if w not in _STOPWORDS]
    return " ".join(words)


def _unit_values(token: str) -> tuple[int, ...] | None:
    text = _unit_text(token)
    if not text:
        return None
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4 * SHINGLE)
    values = [v & _MASK30 for v in struct.unpack(f"<{SHINGLE}I", digest.digest())]
    return (*values, text[0].isdigit())


_UNITS = _Units()


def units(text: str) -> list[str]:
    """The units of ``text`` (folded words, stopwords left out), as shingling sees them."""
    return [u for u in map(_unit_text, text.split()) if u]


def _columns(values: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Per position in a shingle, the values of all units (then their number flags)."""
    if not values:
        return [() for _ in range(SHINGLE + 1)]
    return list(zip(*values, strict=True))


def _shingle_hashes(cols: list[tuple], n: int) -> list[int]:
    """The hash of every shingle of ``n`` units, in order (one for a short text)."""
    if n < SHINGLE:  # one shingle, of the units there are
        h = 0
        for i in range(n):
            h ^= cols[i][i]
        return [h] if n else []
    hashes = cols[0][: n - SHINGLE + 1]
    for i in range(1, SHINGLE):
        hashes = list(map(xor, hashes, cols[i][i:]))
    return hashes


def _one_permutation(hashes: list[int]) -> tuple[bytes, int]:
    """(BINS 16-bit minima, little-endian; number of distinct hashes)."""
    ordered = sorted(set(hashes), reverse=True)
    n = len(ordered)
    if not n:
        return b"\xff" * _BINS_BYTES, 0
    # Walking down, the last hash written to a bin is its smallest.
    least = dict(zip(map(rshift, ordered, repeat(_BIN_SHIFT)), ordered, strict=True))
    if len(least) == BINS:
        return _BIN_VALUES.pack(*map(and_, map(least.__getitem__, _ALL_BINS), _LOW16)), n
    # Rotation densification: an empty bin takes the value of the next full
    # bin (circularly), shifted by how far it had to look.
    full = sorted(least)
    mins = [0] * BINS
    before = full[-1] - BINS  # the full bin before the first, circularly
    for f in full:
        value = least[f] & 0xFFFF
        mins[f] = value
        for e in range(before + 1, f):  # the empty bins before f
            mins[e] = (value + 0x9E37 * (f - e)) & 0xFFFF  # (e < 0: from the end)
        before = f
    return _BIN_VALUES.pack(*mins), n


_ALL_BINS = range(BINS)
_LOW16 = repeat(0xFFFF)


def _figures(cols: list[tuple], n: int) -> bytes:
    """Up to FIGURES (context, numbers) pairs, 16 bits each, smallest contexts first.

    A run of number units is described by the two units before it and the
    one after it (its context) and by its numbers. A context that holds
    different numbers at different places in the article says nothing and is
    left out.
    """
    flags = cols[SHINGLE]
    if True not in flags:
        return b""
    c0, c1, c2 = cols[0], cols[1], cols[2 % SHINGLE]
    found: dict[int, int] = {}
    end = -1
    for i in compress(range(n), flags):
        if i < end:
            continue  # inside the run already read
        end = i + 1
        value = c2[i]
        while end < n and flags[end]:
            value = ((value << 3) ^ (value >> 27) ^ c2[end]) & _MASK30
            end += 1
        context = (c0[i - 2] if i >= 2 else 1) ^ (c1[i - 1] if i >= 1 else 2)
        context ^= c0[end] >> 1 if end < n else 3
        old = found.get(context)
        found[context] = value if old is None or old == value else -1
    kept = sorted((c, v) for c, v in found.items() if v >= 0)[:FIGURES]
    return b"".join(_FIGURE.pack(c >> 14, v >> 14) for c, v in kept)


def signature(title: str, paragraphs: Sequence[str]) -> bytes:
    """The near-duplicate signature of an article: compact bytes, stable everywhere.

    Layout (little-endian): version (1 byte), distinct shingles (2 bytes,
    capped at 65535), :data:`BINS` 16-bit MinHash values, then up to
    :data:`FIGURES` pairs of 16-bit (number context, numbers) hashes:
    131 to 163 bytes.
    """
    values, starts = _paragraph_units(title, paragraphs)
    cols = _columns(values)
    n = len(values)
    return _signature(cols, n, _within(_shingle_hashes(cols, n), starts))


def _within(hashes: list[int], starts: list[int]) -> list[int]:
    """The shingles that lie inside one paragraph (or the headline), of paragraphs of at
    least SHINGLE units: a page's menu of one-word lines ("Search", "Direct", "User"...,
    which every article of a site repeats) makes no shingle. All of them when none is left
    (a short text)."""
    kept: list[int] = []
    start = 0
    for end in starts:
        if end - start >= SHINGLE:
            kept += hashes[start : end - SHINGLE + 1]
        start = end
    return kept or hashes


def _signature(cols: list[tuple], n: int, hashes: list[int]) -> bytes:
    bins, count = _one_permutation(hashes)
    return _HEADER.pack(_VERSION, min(count, 0xFFFF)) + bins + _figures(cols, n)


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class ParagraphKey:
    """Hashes of one paragraph, to find it nearly verbatim in other articles."""

    paragraph: int  # its position in the article
    head: int  # hash of its first ANCHOR_UNITS units
    tail: int  # hash of its last ANCHOR_UNITS units
    whole: int  # 16-bit hash of all of it
    length: int  # units, capped at 255


_PARAGRAPH_KEY = struct.Struct("<HIIHB")


def _keys_of(hashes: list[int], starts: list[int]) -> list[ParagraphKey]:
    """Keys of the paragraphs long enough, from the article's shingle hashes.

    ``starts[i]`` is where paragraph ``i``'s units start (then the end of the
    last). Only shingles inside a paragraph count: its head is its first
    three shingles (five units), its tail its last three.
    """
    keys = []
    for i in range(len(starts) - 1):
        start, end = starts[i], starts[i + 1] - SHINGLE + 1
        if end - start < MIN_PARAGRAPH_UNITS - SHINGLE + 1 or i > 0xFFFF:
            continue
        whole = sum(hashes[start:end])
        keys.append(
            ParagraphKey(
                i,
                sum(hashes[start : start + _ANCHOR_SHINGLES]) & 0xFFFFFFFF,
                sum(hashes[end - _ANCHOR_SHINGLES : end]) & 0xFFFFFFFF,
                (whole ^ (whole >> 16)) & 0xFFFF,
                min(starts[i + 1] - starts[i], 255),
            )
        )
    return keys


def _paragraph_units(title: str, paragraphs: Sequence[str]) -> tuple[list[tuple], list[int]]:
    """The units of the article, and where each paragraph's units start."""
    pieces = [title.split(), *map(str.split, paragraphs)]
    cache = _UNITS.cache
    try:
        raw = list(map(cache.__getitem__, chain.from_iterable(pieces)))
    except KeyError:
        for piece in pieces:
            _UNITS.learn(piece)
        raw = list(map(cache.__getitem__, chain.from_iterable(pieces)))
    starts = []
    at = units = 0
    for piece in pieces:  # tokens -> units: less what gave no unit
        n = len(piece)
        starts.append(units)
        units += n - raw[at : at + n].count(None) if n else 0
        at += n
    starts.append(units)
    return list(filter(None, raw)), starts[1:]


def paragraph_keys(paragraphs: Sequence[str]) -> list[ParagraphKey]:
    """Keys of the paragraphs of at least :data:`MIN_PARAGRAPH_UNITS` units."""
    values, starts = _paragraph_units("", paragraphs)
    return _keys_of(_shingle_hashes(_columns(values), len(values)), starts)


def pack_paragraph_keys(keys: Iterable[ParagraphKey]) -> bytes:
    """Paragraph keys as bytes: 13 a paragraph."""
    return b"".join(
        _PARAGRAPH_KEY.pack(k.paragraph, k.head, k.tail, k.whole, k.length) for k in keys
    )


def unpack_paragraph_keys(data: bytes) -> list[ParagraphKey]:
    size = _PARAGRAPH_KEY.size
    return [
        ParagraphKey(*_PARAGRAPH_KEY.unpack_from(data, i))
        for i in range(0, len(data) - size + 1, size)
    ]


@dataclass(frozen=True)
class Sketch:
    """What the index stores for an article: its signature and paragraph keys."""

    signature: bytes
    paragraphs: bytes  # :func:`pack_paragraph_keys`

    def __len__(self) -> int:
        return len(self.signature) + len(self.paragraphs)


def sketch(title: str, paragraphs: Sequence[str]) -> Sketch:
    """:func:`signature` and :func:`paragraph_keys` in one pass over the text."""
    values, starts = _paragraph_units(title, paragraphs)
    cols = _columns(values)
    n = len(values)
    hashes = _shingle_hashes(cols, n)
    sig = _signature(cols, n, _within(hashes, starts))
    return Sketch(sig, pack_paragraph_keys(_keys_of(hashes, starts)))


@dataclass(frozen=True)
class Parsed:
    """A signature taken apart."""

    shingles: int
    bins: bytes
    figures: dict[int, int]


def parse(sig: bytes) -> Parsed:
    """Take a signature apart (raises ValueError on bytes that are not one)."""
    if len(sig) < _HEADER.size + _BINS_BYTES or (len(sig) - _HEADER.size) % 2:
        raise ValueError("not a story signature")
    version, count = _HEADER.unpack_from(sig)
    if version != _VERSION:
        raise ValueError(f"story signature of version {version}, not {_VERSION}")
    return Parsed(count, sig[_HEADER.size : _FIGURES_START], dict(_figures_of(sig)))


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two articles' shingle sets."""
    return _equal_bins(a, b) / BINS


def _equal_bins(a: bytes, b: bytes) -> int:
    at = _HEADER.size
    return sum(map(eq, _BIN_VALUES.unpack_from(a, at), _BIN_VALUES.unpack_from(b, at)))


@lru_cache(maxsize=4096)  # an article is compared with many; callers only read it
def _figures_of(sig: bytes) -> dict[int, int]:
    rest = sig[_FIGURES_START:]
    return dict(_FIGURE.iter_unpack(rest[: len(rest) // 4 * 4]))


@dataclass(frozen=True)
class Match:
    """How two signatures compare (:func:`match`)."""

    jaccard: float
    containment: float  # of the smaller article in the larger, estimated
    share: float  # shingles of the smaller / shingles of the larger
    figures_shared: int
    figures_differ: int

    @property
    def same_story(self) -> bool:
        return (
            self.containment >= MIN_CONTAINMENT
            and self.jaccard >= MIN_JACCARD
            and self.share >= MIN_SHARE
            and not self.figures_disagree
        )

    @property
    def figures_disagree(self) -> bool:
        return self.figures_differ > 0 and (
            self.figures_differ >= MAX_FIGURE_CONFLICTS * self.figures_shared
        )


_NO_MATCH = Match(0.0, 0.0, 0.0, 0, 0)


def _sizes(a: bytes, b: bytes) -> tuple[int, int]:
    va, ca = _HEADER.unpack_from(a)
    vb, cb = _HEADER.unpack_from(b)
    if va != _VERSION or vb != _VERSION or min(len(a), len(b)) < _FIGURES_START:
        raise ValueError("not a story signature of this version")
    return (ca, cb) if ca <= cb else (cb, ca)


def match(a: bytes, b: bytes) -> Match:
    """Compare two signatures: estimated Jaccard, containment, figures."""
    small, large = _sizes(a, b)
    if small < MIN_SHINGLES:
        return _NO_MATCH
    return _match(a, b, small, large, _equal_bins(a, b) / BINS)


def _match(a: bytes, b: bytes, small: int, large: int, j: float) -> Match:
    inter = j * (small + large) / (1 + j)
    fa, fb = _figures_of(a), _figures_of(b)
    shared = fa.keys() & fb.keys()
    differ = sum(fa[c] != fb[c] for c in shared)
    return Match(j, min(1.0, inter / small), small / large, len(shared), differ)


def same_story(a: bytes, b: bytes, days_apart: int | None = None) -> bool:
    """Whether two signatures are copies of one story (the rule of the module docstring).

    ``days_apart``: how far apart the two articles' dates are, when both are
    known. Copies run within days of each other; two articles more than
    :data:`MAX_DAYS_APART` apart must agree on :data:`FAR_JACCARD` of their
    text (a report on the same template weeks later shares its boilerplate,
    little else) and no figure of theirs may differ.
    """
    small, large = _sizes(a, b)
    if small < MIN_SHINGLES or small < MIN_SHARE * large:
        return False
    j = _equal_bins(a, b) / BINS
    if j < MIN_JACCARD or j * (small + large) / (1 + j) < MIN_CONTAINMENT * small:
        return False
    m = _match(a, b, small, large, j)
    if days_apart is not None and abs(days_apart) > MAX_DAYS_APART:
        # Far apart: a reissue repeats its figures; a report of another day does not.
        return j >= FAR_JACCARD and m.figures_differ == 0 and m.same_story
    return m.same_story


def compatible(a: bytes, b: bytes) -> bool:
    """Whether two articles may share a story: :data:`MIN_COMPATIBLE` kept, figures agree."""
    small, large = _sizes(a, b)
    if small < MIN_SHINGLES:
        return False
    m = match(a, b)
    return m.containment >= MIN_COMPATIBLE and not m.figures_disagree


# ---------------------------------------------------------------- candidates

_BAND_OFFSETS = [b << 32 for b in range(BANDS)]


def band_keys(sig: bytes) -> list[int]:
    """The LSH keys of a signature: one int per band (the band's number and bins).

    Band ``b`` is bins ``b`` and ``b + BANDS``: far apart, so that two bins
    of a band are never filled from the same shingle by densification (a
    short article leaves runs of empty bins).
    """
    v = _BIN_VALUES.unpack_from(sig, _HEADER.size)
    pairs = map(or_, map(lshift, v[:BANDS], repeat(16)), v[BANDS:])
    return list(map(or_, _BAND_OFFSETS, pairs))


#: Candidates of one article from which their bins are compared in one NumPy pass.
_MANY_CANDIDATES = 64


def _similar_enough(sig: bytes, candidates: list[int], sigs: list[bytes]) -> list[int]:
    """The ``candidates`` (slots of ``sigs``) that pass the first tests of
    :func:`same_story` with ``sig`` (sizes, estimated Jaccard and containment),
    in their order: the same tests on the same numbers, for all at once, so
    that near-templates (daily reports of one form, many candidates of each
    other) are not compared one pair at a time in Python."""
    import numpy as np

    end = _FIGURES_START
    if len(sig) < end or any(len(sigs[c]) < end for c in candidates):
        return candidates
    rows = np.frombuffer(b"".join([sigs[c][:end] for c in candidates]), dtype=_SIG_HEAD)
    version, count = _HEADER.unpack_from(sig)
    if version != _VERSION or (rows["version"] != _VERSION).any():
        return candidates  # same_story says what is wrong with them
    mine = np.frombuffer(sig, dtype=_SIG_HEAD, count=1)
    counts = rows["count"].astype(np.int64)
    small, large = np.minimum(counts, count), np.maximum(counts, count)
    j = (rows["bins"] == mine["bins"]).sum(axis=1) / BINS
    ok = (small >= MIN_SHINGLES) & (small >= MIN_SHARE * large)
    ok &= (j >= MIN_JACCARD) & (j * (small + large) / (1 + j) >= MIN_CONTAINMENT * small)
    passed = np.flatnonzero(ok)
    if len(passed) > MOST_COMPARED:
        # the most alike, in their order: a copy of this article is among them
        best = np.argsort(-j[passed], kind="stable")[:MOST_COMPARED]
        passed = np.sort(passed[best])
    return [candidates[i] for i in passed.tolist()]


#: Candidates compared in full (figures, dates) with an article, the most alike first.
MOST_COMPARED = 64


#: A signature's version, distinct shingles and bins, as NumPy reads them.
_SIG_HEAD = [("version", "u1"), ("count", "<u2"), ("bins", "<u2", (BINS,))]


def _groupable(sig: bytes) -> bool:
    return len(sig) >= _HEADER.size + _BINS_BYTES and _HEADER.unpack_from(sig)[1] >= MIN_SHINGLES


class _Buckets:
    """Int keys to int values, many values a key: the latest pairs in a dict (a
    bucket of one value is a bare int) until there are PENDING of them, then
    in two sorted NumPy arrays (keys, values: 16 bytes a pair, 12 with 32-bit
    values), which new pairs are merged into. A dict entry per pair cost a
    hundred bytes and more."""

    #: Pairs kept in the dict before they join the sorted arrays.
    PENDING = 200_000

    #: Lookups answered by scanning the pairs of :meth:`_put_many` before they are sorted.
    SCANS = 64

    #: The NumPy type of the values (a string, so that NumPy is imported only when used).
    VALUES = "uint64"

    def __init__(self) -> None:
        self._pending: dict[int, int | list[int]] = {}
        self._npending = 0
        self._sorted_keys = None  # sorted keys (uint64), with
        self._sorted_values = None  # the value of each (uint64)
        # Pairs loaded at once (a state read back), not sorted yet: rows of keys
        # and of values; a key can only be in the row _row(key) says.
        self._base_keys = None
        self._base_values = None
        self._scans = 0

    def _row(self, key: int) -> int:
        """The row of a key read back; rows of greater numbers hold greater keys."""
        return 0

    def _put(self, key: int, value: int) -> None:
        buckets = self._pending
        got = buckets.get(key)
        if got is None:
            buckets[key] = value
        elif type(got) is int:
            buckets[key] = [got, value]
        else:
            got.append(value)
        self._npending += 1

    def _put_many(self, keys, values, rows: int | None = None) -> None:
        """Pairs from two NumPy arrays. With ``rows`` (an index read back, empty
        so far), they are kept as they are, in that many rows of keys; the first
        lookups scan them, and only after SCANS lookups are they sorted: a run
        that groups three new articles need not sort a whole archive's pairs."""
        import numpy as np

        keys = np.asarray(keys, dtype=np.uint64)
        values = np.asarray(values, dtype=self.VALUES)
        if rows and self._sorted_keys is None and self._base_keys is None:
            self._base_keys, self._base_values = keys.reshape(rows, -1), values.reshape(rows, -1)
            return
        if self._base_keys is not None:
            # the rows read back, sorted one at a time into the arrays: a row's
            # temporaries, not the whole index's (rows hold ascending key ranges)
            base_keys = np.ascontiguousarray(self._base_keys)
            base_values = np.ascontiguousarray(self._base_values)
            self._base_keys = self._base_values = None
            for r in range(base_keys.shape[0]):  # _row grows with the key: rows in order
                order = np.argsort(base_keys[r], kind="stable")
                base_keys[r] = base_keys[r][order]  # in place: a row's copy at a time
                base_values[r] = base_values[r][order]
            self._sorted_keys, self._sorted_values = self._merged(
                base_keys.reshape(-1), base_values.reshape(-1)
            )
        if len(keys):
            order = np.argsort(keys, kind="stable")
            keys, values = keys[order], values[order]
            self._sorted_keys, self._sorted_values = self._merged(keys, values)

    def _merged(self, keys, values):
        """The sorted arrays with sorted ``keys`` and their ``values`` put in, each
        after the values its key had (newer): one copy, no sort of the whole."""
        import numpy as np

        if self._sorted_keys is None or not len(self._sorted_keys):
            return keys, values
        at = np.searchsorted(self._sorted_keys, keys, "right")
        return np.insert(self._sorted_keys, at, keys), np.insert(self._sorted_values, at, values)

    def _settle(self) -> None:
        """Move the pending pairs into the sorted arrays."""
        keys, values = [], []
        for key, got in self._pending.items():
            if type(got) is int:
                keys.append(key)
                values.append(got)
            else:
                keys.extend(repeat(key, len(got)))
                values.extend(got)
        self._pending, self._npending = {}, 0
        self._put_many(keys, values)

    def _get(self, keys: list[int], newest: int | None = None) -> list[list[int]]:
        """The values of each of ``keys``, oldest first; with ``newest``, only the
        last ``newest`` of each key (older ones are not even listed)."""
        get = self._pending.get
        out: list[list[int]] = []
        for key in keys:
            got = get(key)
            out.append([] if got is None else [got] if type(got) is int else list(got))
        if newest is not None and all(len(o) >= newest for o in out):
            return [o[-newest:] for o in out]
        if self._base_keys is not None and keys:
            self._scans += 1
            if self._scans > self.SCANS:
                self._put_many([], [])  # sort them now
            else:
                import numpy as np

                row = self._row
                for n, key in enumerate(keys):
                    r = row(key)
                    at = np.flatnonzero(self._base_keys[r] == np.uint64(key))
                    if len(at):
                        out[n][:0] = self._base_values[r][at].tolist()
        if self._sorted_keys is not None and len(self._sorted_keys) and keys:
            import numpy as np

            q = np.array(keys, dtype=np.uint64)
            lo = np.searchsorted(self._sorted_keys, q, "left").tolist()
            hi = np.searchsorted(self._sorted_keys, q, "right").tolist()
            values = self._sorted_values
            for n, (i, j) in enumerate(zip(lo, hi, strict=True)):
                if newest is not None:
                    i = max(i, j - (newest - len(out[n])))
                if j > i:
                    out[n][:0] = values[i:j].tolist()  # settled pairs are older
        if newest is not None:
            return [o[-newest:] for o in out]
        return out


#: Articles of one band that an article is compared with, the latest first. A band
#: shared by more is a template's (a daily market report, a results table): every
#: article of it would be compared with every earlier one, and a run's cost would
#: grow with the archive. Copies of a story run within days of each other.
BAND_LIMIT = 512


class _KeyMap:
    """Any keys numbered 0, 1, 2 ... as they come: a list and a dict."""

    def __init__(self) -> None:
        self._keys: list = []  # None: removed
        self._number: dict = {}

    def __len__(self) -> int:
        return len(self._number)

    def add(self, keys: Sequence) -> Sequence[int]:
        """Number ``keys``; return their numbers."""
        start = len(self._keys)
        self._keys += keys
        self._number.update(zip(keys, range(start, len(self._keys)), strict=True))
        return range(start, len(self._keys))

    def number(self, key) -> int | None:
        return self._number.get(key)

    def remove(self, key) -> int | None:
        n = self._number.pop(key, None)
        if n is not None:
            self._keys[n] = None
        return n

    def key(self, n: int):
        """The key numbered ``n``; None once removed."""
        return self._keys[n]


class _Slots:
    """Keys that are numbers already (the slots of :class:`Stories`): no list, no
    dict (those cost about 150 bytes an article), only the few removed."""

    def __init__(self) -> None:
        self._count = 0
        self._gone: set[int] = set()

    def __len__(self) -> int:
        return self._count - len(self._gone)

    def add(self, keys: Sequence[int]) -> Sequence[int]:
        self._count += len(keys)
        return keys

    def number(self, key: int) -> int | None:
        return None if key in self._gone else key

    def remove(self, key: int) -> int | None:
        if key in self._gone:
            return None
        self._gone.add(key)
        return key

    def key(self, n: int) -> int | None:
        return None if n in self._gone else n


class CandidateIndex(_Buckets):
    """LSH over signatures: which stored articles might be copies of an article.

    An article is a candidate for another when the two agree on all the bins
    of at least one band. Articles too short to be grouped are not stored.
    Memory: 12 bytes for each (band, article) pair, once settled.
    """

    def __init__(self, slots: bool = False) -> None:
        """``slots``: the keys are distinct ints, kept as they are."""
        super().__init__()
        self._ids = _Slots() if slots else _KeyMap()
        self.limited = 0  # bands looked up in their BAND_LIMIT latest articles only

    def __len__(self) -> int:
        return len(self._ids)

    VALUES = "uint32"  # the article's number here: 12 bytes a (band, article) pair

    def _row(self, key: int) -> int:
        return key >> 32  # the band

    def add(self, key, sig: bytes) -> None:
        if not _groupable(sig):
            return
        (n,) = self._ids.add([key])
        for band in band_keys(sig):
            self._put(band, n)
        if self._npending >= self.PENDING:
            self._settle()

    def load(self, keys: Sequence, sigs: Sequence[bytes]) -> None:
        """Add many articles at once, their band keys computed and sorted in NumPy."""
        import numpy as np

        kept = [i for i, s in enumerate(sigs) if _groupable(s)]
        if not kept:
            return
        numbers = self._ids.add([keys[i] for i in kept])
        raw = b"".join([sigs[i][_HEADER.size : _FIGURES_START] for i in kept])
        bins = np.frombuffer(raw, dtype="<u2").reshape(-1, BINS)
        del raw
        bands = np.empty((BANDS, len(kept)), dtype=np.uint64)  # a row per band, built
        for b in range(BANDS):  # one at a time: no copy of every bin in 64 bits
            row = bands[b]
            row[:] = bins[:, b]
            row <<= np.uint64(16)
            row |= bins[:, b + BANDS]
            row |= np.uint64(b) << np.uint64(32)
        del bins
        slots = np.empty((BANDS, len(kept)), dtype=self.VALUES)
        slots[:] = np.asarray(numbers, dtype=self.VALUES)
        self._put_many(bands.reshape(-1), slots.reshape(-1), rows=BANDS)

    def remove(self, key) -> None:
        """Forget ``key`` (its bucket entries stay, pointing at nothing)."""
        self._ids.remove(key)

    def candidates(self, sig: bytes) -> set:
        """Keys of the stored articles sharing a band with ``sig``: for a band that
        :data:`BAND_LIMIT` articles share already (a template's), the latest of them."""
        if not _groupable(sig):
            return set()
        got = self._get(band_keys(sig), newest=BAND_LIMIT)
        self.limited += sum(len(g) >= BAND_LIMIT for g in got)
        key = self._ids.key
        return {k for k in map(key, set(chain.from_iterable(got))) if k is not None}


# ---------------------------------------------------------------- paragraph reuse

#: A paragraph found again in more than this many other articles is boilerplate
#: (a feed's standing sentence, a template): no reuse of it is recorded.
MAX_REUSE = 20
#: Refs of a paragraph anchor read first (ReuseIndex.find).
_REUSE_PEEK = 4 * (MAX_REUSE + 2)


@dataclass(frozen=True)
class Reuse:
    """A paragraph found again in another article."""

    paragraph: int  # in the article looked up
    other: object  # key of the other article
    other_paragraph: int
    verbatim: bool  # same head, tail, length and whole hash; else nearly verbatim


def _near(k: ParagraphKey, other: tuple) -> bool | None:
    """None: ``other`` (unpacked key fields) is not ``k`` again; else whether verbatim."""
    _p, head, tail, whole, length = other
    if not (head == k.head or tail == k.tail):
        return None  # a head matched a tail
    if abs(length - k.length) > max(2, k.length // 4):
        return None
    return (head, tail, whole, length) == (k.head, k.tail, k.whole, k.length)


class ReuseIndex(_Buckets):
    """Paragraph keys of stored articles, by head and by tail hash.

    Each article's keys are kept packed (13 bytes a paragraph); each anchor
    (head, and tail when it differs) is one pair: 16 bytes once settled.
    """

    def __init__(self, slots: bool = False) -> None:
        """``slots``: the keys are 0, 1, 2 ..., added in that order."""
        super().__init__()
        self._ids = _Slots() if slots else _KeyMap()
        self._packed: list[bytes] = []

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, key, keys: Iterable[ParagraphKey] | bytes) -> None:
        packed = bytes(keys) if isinstance(keys, bytes | bytearray) else pack_paragraph_keys(keys)
        (n,) = self._ids.add([key])
        if n != len(self._packed):
            raise ValueError(f"slot {n} added as number {len(self._packed)}")
        self._packed.append(packed)
        size = _PARAGRAPH_KEY.size
        for j, at in enumerate(range(0, min(len(packed), size << 16) - size + 1, size)):
            _p, head, tail, _w, _n = _PARAGRAPH_KEY.unpack_from(packed, at)
            ref = n << 16 | j
            self._put(head, ref)
            if tail != head:
                self._put(tail, ref)
        if self._npending >= self.PENDING:
            self._settle()

    def load(self, keys: Sequence, packed: Sequence[bytes]) -> None:
        """Add many articles at once, their anchors sorted in NumPy."""
        import numpy as np

        start = len(self._packed)
        numbers = self._ids.add(list(keys))
        if len(numbers) and (numbers[0] != start or numbers[-1] != start + len(numbers) - 1):
            raise ValueError("slots added out of order")
        size = _PARAGRAPH_KEY.size
        self._packed += [p[: len(p) // size * size] for p in packed]
        counts = np.array([len(p) // size for p in self._packed[start:]], dtype=np.int64)
        if not counts.sum():
            return
        dtype = np.dtype(
            {
                "names": ["head", "tail"],
                "formats": ["<u4", "<u4"],
                "offsets": [2, 6],
                "itemsize": size,
            }
        )
        rows = np.frombuffer(b"".join(self._packed[start:]), dtype=dtype)
        owner = np.repeat(np.arange(start, len(self._packed), dtype=np.uint64), counts)
        first = np.repeat(np.cumsum(counts) - counts, counts)
        j = (np.arange(len(rows)) - first).astype(np.uint64)
        refs = (owner << np.uint64(16)) | j
        heads, tails = rows["head"].astype(np.uint64), rows["tail"].astype(np.uint64)
        two = tails != heads
        self._put_many(
            np.concatenate([heads, tails[two]]), np.concatenate([refs, refs[two]]), rows=1
        )

    def remove(self, key) -> None:
        n = self._ids.remove(key)
        if n is not None:
            self._packed[n] = b""

    def packed(self, key) -> bytes:
        """The packed paragraph keys stored for ``key``."""
        n = self._ids.number(key)
        if n is None:
            raise KeyError(key)
        return self._packed[n]

    def find(
        self,
        keys: Iterable[ParagraphKey] | bytes,
        exclude=None,
        skip: Callable[[object], bool] | None = None,
    ) -> list[Reuse]:
        """Paragraphs of stored articles that ``keys`` match, at most one per pair; none for
        a paragraph found in more than :data:`MAX_REUSE` other articles (boilerplate);
        ``skip(key)``: leave that article out."""
        if isinstance(keys, bytes | bytearray):
            keys = unpack_paragraph_keys(keys)
        keys = list(keys)
        if not keys:
            return []
        anchors = [a for k in keys for a in ((k.head,) if k.head == k.tail else (k.head, k.tail))]
        # A boilerplate anchor (a template's first words) is held by ever more articles:
        # its newest refs are enough to see that more than MAX_REUSE own it, and only
        # an anchor they leave in doubt is read whole. The answer is the same.
        got = self._get(anchors, newest=_REUSE_PEEK)
        for n, refs in enumerate(got):
            if len(refs) >= _REUSE_PEEK and len({r >> 16 for r in refs}) <= MAX_REUSE + 1:
                got[n] = self._get([anchors[n]])[0]
        hits = dict(zip(anchors, got, strict=True))
        owner_key, packed, size = self._ids.key, self._packed, _PARAGRAPH_KEY.size
        found: dict[tuple, Reuse] = {}
        for k in keys:
            refs = set(hits[k.head]) | set(hits[k.tail])
            if len({ref >> 16 for ref in refs}) > MAX_REUSE + 1:  # (+1: the article itself)
                continue
            mine: list[Reuse] = []
            for ref in sorted(refs):
                owner, j = ref >> 16, ref & 0xFFFF
                other = owner_key(owner)
                if other is None or other == exclude or (skip is not None and skip(other)):
                    continue
                ok = _PARAGRAPH_KEY.unpack_from(packed[owner], j * size)
                verbatim = _near(k, ok)
                if verbatim is not None:
                    mine.append(Reuse(k.paragraph, other, ok[0], verbatim))
            if len({r.other for r in mine}) <= MAX_REUSE:
                for r in mine:
                    found[(r.paragraph, r.other, r.other_paragraph)] = r
        return sorted(found.values(), key=lambda r: (r.paragraph, str(r.other), r.other_paragraph))


# ---------------------------------------------------------------- stories


def _order(date: dt.date | None, key: str, sig: bytes) -> tuple:
    """Sort key of a copy: dated before undated, earliest first, then the longest
    (the fullest text: copies are cut more often than lengthened), then by key."""
    shingles = _HEADER.unpack_from(sig)[1] if len(sig) >= _HEADER.size else 0
    return (date is None, date or dt.date.min, -shingles, key)


@dataclass(frozen=True)
class Copy:
    """One article of a story, as the story map keeps it."""

    key: str  # the article's address
    date: dt.date | None
    source: str | None


@dataclass(frozen=True)
class Story:
    """A story of more than one article: its id and its copies, the earliest first."""

    id: str  # the id of its earliest copy
    copies: tuple[Copy, ...]


@dataclass(frozen=True)
class Reused:
    """A paragraph of one article found (nearly) verbatim in an article of another story."""

    key: str
    paragraph: int  # 1 = the first body paragraph
    other: str
    other_paragraph: int
    verbatim: bool


_STATE_VERSION = 3
_SECTION = struct.Struct("<Q")


def _date(ordinal: int) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal else None


class Stories:
    """Articles grouped into stories, one article at a time.

    An article joins the stories of the candidates it is a copy of, when it
    is compatible with their representatives (see the module docstring).
    The earliest-dated copy, then the longest, then the lowest key,
    represents its story. Each article may carry an id (the story's id is
    its representative's), a source (outlet) and its paragraph keys; a
    paragraph found again in an article of another story is recorded
    (:meth:`reused`).

    Articles are numbered (slots) in the order they were added; everything
    is kept in flat lists, so that a state is read back without comparing
    anything again (:meth:`from_state`, a few NumPy sorts) and a run that
    adds three articles to a large index does not pay for the rest.
    ``map_changed`` tells whether :meth:`story_map` would differ from the
    one of the state read back.
    """

    def __init__(self) -> None:
        self._keys: list[str | None] = []  # slot -> address (None: removed)
        self._slot: dict[str, int] = {}
        self._sigs: list[bytes] = []
        self._dates = array("i")  # proleptic ordinals, 0: none
        self._aids: list[str] = []
        self._sources: list[str] = []
        self._outlets: dict[str, str] = {}  # a few outlets name many articles: one string each
        self._parent = array("I")
        self._members: dict[int, list[int]] = {}  # root -> slots, for stories of 2 or more
        self._best: dict[int, int] = {}  # root -> representative, likewise
        self._stories = 0
        self._pairs = _Pairs()  # see _find_reuse
        self.index = CandidateIndex(slots=True)
        self.reuse = ReuseIndex(slots=True)
        self.map_changed = True

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, key: str) -> bool:
        return key in self._slot

    def all_keys(self) -> list[str]:
        return list(self._slot)

    def add(
        self,
        key: str,
        sig: bytes,
        date: dt.date | None = None,
        aid: str | None = None,
        source: str | None = None,
        paragraphs: bytes = b"",
    ) -> str:
        """Add an article; return the representative of the story it joined.

        ``paragraphs``: its :func:`pack_paragraph_keys`, to record reuse.
        """
        if key in self._slot:
            raise ValueError(f"article {key!r} is grouped already")
        n = len(self._keys)
        self._keys.append(key)
        self._slot[key] = n
        self._sigs.append(sig)
        self._dates.append(date.toordinal() if date else 0)
        self._aids.append(aid or "")
        source = source or ""
        self._sources.append(self._outlets.setdefault(source, source))
        self._parent.append(n)
        self._stories += 1
        sigs, keys, dates = self._sigs, self._keys, self._dates
        joined: list[int] = []  # representatives of the stories joined
        candidates = sorted(self.index.candidates(sig), key=keys.__getitem__)
        if len(candidates) >= _MANY_CANDIDATES:
            candidates = _similar_enough(sig, candidates, sigs)
        for other in candidates:
            if self._root(other) == self._root(n):
                continue
            apart = dates[n] - dates[other] if dates[n] and dates[other] else None
            if not same_story(sig, sigs[other], apart):
                continue
            rep = self._rep(other)
            if rep != other and not compatible(sig, sigs[rep]):
                continue  # a copy of a copy that has drifted from the story
            if any(not compatible(sigs[rep], sigs[j]) for j in joined):
                continue
            joined.append(rep)
            self._union(n, other)
        self.index.add(n, sig)
        if paragraphs:
            self._find_reuse(n, paragraphs)
        self.reuse.add(n, paragraphs)
        return keys[self._rep(n)]

    def _find_reuse(self, n: int, paragraphs: bytes) -> None:
        """Record the paragraphs of slot ``n`` found in articles outside its story:
        (slot, paragraph, other slot, other paragraph, verbatim)."""
        root = self._root(n)
        found = self.reuse.find(paragraphs, skip=lambda s: self._root(s) == root)
        if found:
            self.map_changed = True
            for r in found:
                self._pairs.append(n, r.paragraph, r.other, r.other_paragraph, r.verbatim)

    def remove(self, keys: Iterable[str]) -> None:
        """Take articles out; the rest of their stories are grouped again, in their order."""
        gone = {self._slot[k] for k in keys if k in self._slot}
        if not gone:
            return
        touched: set[int] = set()
        for s in gone:
            root = self._root(s)
            members = self._members.get(root)
            touched.update(members or (s,))
            if members:
                self.map_changed = True
        if self._pairs:
            kept = _Pairs(p for p in self._pairs if p[0] not in touched and p[2] not in touched)
            if len(kept) != len(self._pairs):
                self.map_changed = True
            self._pairs = kept
        again = [
            (
                self._keys[s],
                self._sigs[s],
                _date(self._dates[s]),
                self._aids[s] or None,
                self._sources[s] or None,
                self.reuse.packed(s),
            )
            for s in sorted(touched - gone)
        ]
        for root in {self._root(s) for s in touched}:
            self._members.pop(root, None)
            self._best.pop(root, None)
            self._stories -= 1
        for s in touched:
            del self._slot[self._keys[s]]
            self._keys[s] = None
            self._sigs[s] = b""
            self._parent[s] = s
            self.index.remove(s)
            self.reuse.remove(s)
        for record in again:
            self.add(*record)

    def _root(self, n: int) -> int:
        parent = self._parent
        root = n
        while parent[root] != root:
            root = parent[root]
        while parent[n] != root:  # path compression
            parent[n], n = root, parent[n]
        return root

    def _rep(self, n: int) -> int:
        root = self._root(n)
        return self._best.get(root, root)

    def _order(self, n: int) -> tuple:
        return _order(_date(self._dates[n]), self._keys[n], self._sigs[n])

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return
        members = self._members
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        self._parent[rb] = ra
        members[ra] = ma + mb
        members.pop(rb, None)
        best_a, best_b = self._best.get(ra, ra), self._best.pop(rb, rb)
        self._best[ra] = best_b if self._order(best_b) < self._order(best_a) else best_a
        self._stories -= 1
        self.map_changed = True

    def story(self, key: str) -> str:
        """The representative of ``key``'s story (``key`` itself when it has no copy)."""
        return self._keys[self._rep(self._slot[key])]

    def _copies(self, root: int) -> list[int]:
        return sorted(self._members.get(root, [root]), key=self._order)

    def copies(self, key: str) -> list[str]:
        """All articles of ``key``'s story, the representative first, then by date and key."""
        return [self._keys[s] for s in self._copies(self._root(self._slot[key]))]

    def groups(self) -> dict[str, list[str]]:
        """Representative -> copies, for every story of more than one article."""
        keys = self._keys
        return {keys[self._best[r]]: [keys[s] for s in self._copies(r)] for r in self._members}

    def count(self) -> int:
        """The number of stories (an article without copies is a story of its own)."""
        return self._stories

    def story_list(self) -> list[Story]:
        """Every story of more than one article, by its earliest copy."""
        keys, dates, sources = self._keys, self._dates, self._sources
        out = []
        for root in sorted(self._members, key=lambda r: keys[self._best[r]]):
            rep = self._best[root]
            out.append(
                Story(
                    self._aids[rep] or keys[rep],
                    tuple(
                        Copy(keys[s], _date(dates[s]), sources[s] or None)
                        for s in self._copies(root)
                    ),
                )
            )
        return out

    def reused(self) -> list[Reused]:
        """Paragraphs found again in another story's articles, each pair once
        (the later article first)."""
        return [Reused(*row) for row in self._reused_rows()]

    def _reused_rows(self) -> Iterator[tuple[str, int, str, int, bool]]:
        keys, root = self._keys, self._root
        for a, pa, b, pb, v in self._pairs:
            if keys[a] is not None and keys[b] is not None and root(a) != root(b):
                yield keys[a], pa + 1, keys[b], pb + 1, v

    # -- what the index stores

    def state(self) -> bytes:
        """Everything :meth:`from_state` needs, in flat sections, compressed.

        Sections (8-byte length, then the bytes): the articles' keys, ids and
        sources (UTF-8, NUL between them), dates (int32 ordinals, 0 for
        none), the number of each article's story representative (uint32),
        the signatures' lengths (1 byte each) and the signatures, the
        paragraph keys' counts (uint32) and the keys, then the reuse pairs
        (uint32 article, uint16 paragraph, uint32 other, uint16 other
        paragraph, 1 byte verbatim, as five columns); after a version byte
        and the number of articles. Not compressed here: the index compresses
        what it stores.
        """
        live = [s for s, k in enumerate(self._keys) if k is not None]
        number = dict(zip(live, range(len(live)), strict=True))
        rep = self._rep
        packed = self.reuse._packed
        columns: list[list[int]] = [[], [], [], [], []]
        for a, pa, b, pb, v in self._pairs:
            if a in number and b in number:
                for column, value in zip(columns, (number[a], pa, number[b], pb, v), strict=True):
                    column.append(value)

        def text(values: list[str]) -> bytes:
            return "\0".join(v.replace("\0", " ") for v in values).encode("utf-8", "surrogatepass")

        sections = [
            text([self._keys[s] for s in live]),
            text([self._aids[s] for s in live]),
            text([self._sources[s] for s in live]),
            _array("i", [self._dates[s] for s in live]),
            _array("I", [number[rep(s)] for s in live]),
            bytes(min(len(self._sigs[s]), 255) for s in live),
            b"".join(self._sigs[s][:255] for s in live),
            _array("I", [len(packed[s]) // _PARAGRAPH_KEY.size for s in live]),
            b"".join(packed[s] for s in live),
            _array("I", columns[0]),
            _array("H", columns[1]),
            _array("I", columns[2]),
            _array("H", columns[3]),
            bytes(map(int, columns[4])),
        ]
        body = b"".join(_SECTION.pack(len(s)) + s for s in sections)
        return struct.pack("<BI", _STATE_VERSION, len(live)) + body

    @classmethod
    def from_state(cls, data: bytes) -> Stories:
        """Stories as :meth:`state` wrote them (or the state of the index format
        before, version 2, without paragraph keys), without comparing anything again.

        Raises ValueError on bytes that are not a state of these versions.
        """
        if not data or data[0] not in (2, _STATE_VERSION):
            raise ValueError("not a stories state of this version")
        try:
            if data[0] == 2:
                return cls._load(*_parse_v2(zlib.decompress(data[1:])))
            (n,) = struct.unpack_from("<I", data, 1)
            return cls._load(*_parse_sections(data[5:], n))
        except (zlib.error, struct.error, IndexError, UnicodeDecodeError) as e:
            raise ValueError(f"damaged stories state: {e}") from e

    @classmethod
    def _load(cls, keys, aids, sources, dates, reps, sigs, packed, pairs) -> Stories:
        n = len(keys)
        if not (len(aids) == len(sources) == len(dates) == len(reps) == len(sigs) == n):
            raise ValueError("damaged stories state: columns of different lengths")
        if len(packed) != n or any(not 0 <= r < n or reps[r] != r for r in reps):
            raise ValueError("damaged stories state: bad story numbers")
        stories = cls()
        stories._keys = list(keys)
        stories._slot = dict(zip(stories._keys, range(n), strict=True))
        if len(stories._slot) != n:
            raise ValueError("damaged stories state: an article twice")
        stories._sigs, stories._dates = list(sigs), array("i", dates)
        stories._aids = list(aids)
        outlet = stories._outlets.setdefault
        stories._sources = [outlet(v, v) for v in sources]
        stories._parent = array("I", reps)
        members: dict[int, list[int]] = {}
        for s, r in enumerate(reps):
            if r != s:
                members.setdefault(r, [r]).append(s)
        stories._members = members
        stories._best = {r: r for r in members}
        stories._stories = n - sum(len(m) - 1 for m in members.values())
        if any(not (0 <= a < n and 0 <= b < n) for a, _pa, b, _pb, _v in pairs):
            raise ValueError("damaged stories state: bad reuse pairs")
        stories._pairs = _Pairs(pairs)
        stories.index.load(range(n), stories._sigs)
        stories.reuse.load(range(n), packed)
        stories.map_changed = False
        return stories

    def story_map(self) -> bytes:
        """:meth:`story_list` and :meth:`reused` as bytes a search opens at once
        (see :class:`StoryMap`)."""
        return pack_story_map(self.story_list(), self._reused_rows())


class _Pairs:
    """Reuse pairs (slot, paragraph, other slot, other paragraph, verbatim) in
    three flat arrays: 13 bytes a pair, where a tuple took about 100."""

    def __init__(self, rows: Iterable[tuple] = ()) -> None:
        from array import array

        self._slots = array("Q")  # slot << 32 | other slot
        self._paragraphs = array("I")  # paragraph << 16 | other paragraph
        self._verbatim = bytearray()
        for row in rows:
            self.append(*row)

    def append(self, a: int, pa: int, b: int, pb: int, verbatim: bool) -> None:
        self._slots.append(a << 32 | b)
        self._paragraphs.append((pa & 0xFFFF) << 16 | (pb & 0xFFFF))
        self._verbatim.append(bool(verbatim))

    def __len__(self) -> int:
        return len(self._verbatim)

    def __iter__(self) -> Iterator[tuple[int, int, int, int, bool]]:
        for ab, p, v in zip(self._slots, self._paragraphs, self._verbatim, strict=True):
            yield ab >> 32, p >> 16, ab & 0xFFFFFFFF, p & 0xFFFF, bool(v)


def _array(code: str, values) -> bytes:
    from array import array

    a = array(code, values)
    if sys.byteorder != "little":  # pragma: no cover
        a.byteswap()
    return a.tobytes()


def _unarray(code: str, data: bytes) -> list[int]:
    from array import array

    a = array(code)
    if len(data) % a.itemsize:
        raise ValueError("damaged stories state: a column of odd length")
    a.frombytes(data)
    if sys.byteorder != "little":  # pragma: no cover
        a.byteswap()
    return a.tolist()


def _parse_sections(body: bytes, n: int) -> tuple:
    sections, at = [], 0
    while at < len(body):
        (size,) = _SECTION.unpack_from(body, at)
        sections.append(body[at + 8 : at + 8 + size])
        at += 8 + size
    if len(sections) != 14 or at != len(body):
        raise ValueError("damaged stories state: sections")

    def text(raw: bytes) -> list[str]:
        return raw.decode("utf-8", "surrogatepass").split("\0") if n else []

    keys, aids, sources = (text(s) for s in sections[:3])
    dates, reps = _unarray("i", sections[3]), _unarray("I", sections[4])
    sigs, at = [], 0
    for size in sections[5]:
        sigs.append(sections[6][at : at + size])
        at += size
    packed, at, size = [], 0, _PARAGRAPH_KEY.size
    for count in _unarray("I", sections[7]):
        packed.append(sections[8][at : at + count * size])
        at += count * size
    a, pa, b, pb = (_unarray(c, s) for c, s in zip("IHIH", sections[9:13], strict=True))
    pairs = list(zip(a, pa, b, pb, map(bool, sections[13]), strict=True))
    return keys, aids, sources, dates, reps, sigs, packed, pairs


def _parse_v2(data: bytes) -> tuple:
    """The columns of a version-2 state (index format 12: no paragraph keys)."""
    (n,) = struct.unpack_from("<I", data)
    pos = 4
    keys, aids, sources, dates, reps, sigs = [], [], [], [], [], []
    for _ in range(n):
        texts = []
        for _t in range(3):
            (size,) = struct.unpack_from("<H", data, pos)
            texts.append(data[pos + 2 : pos + 2 + size].decode("utf-8", "surrogatepass"))
            pos += 2 + size
        ordinal, size = struct.unpack_from("<IB", data, pos)
        pos += 5
        sigs.append(data[pos : pos + size])
        pos += size
        (rep,) = struct.unpack_from("<I", data, pos)
        pos += 4
        keys.append(texts[0])
        aids.append(texts[1])
        sources.append(texts[2])
        dates.append(ordinal)
        reps.append(rep)
    return keys, aids, sources, dates, reps, sigs, [b""] * n, []


def _address_hash(key: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
    )


_MAP_MAGIC = b"NGSM\x02"
_MAP_MAGIC_V1 = b"NGSM\x01"  # index format 12: no paragraph reuse
_MAP_HEADER = struct.Struct("<5sIII")  # magic, entries, stories, chunks
#: Stories per compressed chunk of a story map's details.
MAP_CHUNK = 64


def pack_story_map(found: list[Story], reused: Iterable[Reused | tuple] = ()) -> bytes:
    """Stories as :class:`StoryMap` reads them: the 64-bit hash of every copy's address,
    sorted, with its story's number; the stories' details (id, copies' addresses,
    dates, sources), JSON, compressed in chunks of MAP_CHUNK stories; then the
    paragraphs reused across stories, JSON, compressed."""
    entries = sorted((_address_hash(c.key), n) for n, s in enumerate(found) for c in s.copies)
    chunks = []
    for start in range(0, len(found), MAP_CHUNK):
        rows = [
            json.dumps(
                [
                    s.id,
                    [
                        [c.key, c.date.toordinal() if c.date else 0, c.source or ""]
                        for c in s.copies
                    ],
                ],  # fmt: skip
                separators=(",", ":"),
            )
            for s in found[start : start + MAP_CHUNK]
        ]
        chunks.append(zlib.compress("\n".join(rows).encode("utf-8", "surrogatepass"), 6))
    offsets = [0]
    for chunk in chunks:
        offsets.append(offsets[-1] + len(chunk))
    packer = zlib.compressobj(6)
    parts, first = [packer.compress(b"[")], True
    for r in reused:  # (key, paragraph, other, other paragraph, verbatim), streamed
        row = (
            (r.key, r.paragraph, r.other, r.other_paragraph, r.verbatim)
            if isinstance(r, Reused)
            else r
        )
        text = json.dumps([row[0], row[1], row[2], row[3], int(row[4])], separators=(",", ":"))
        parts.append(
            packer.compress(("" if first else ",").encode() + text.encode("utf-8", "surrogatepass"))
        )
        first = False
    parts.append(packer.compress(b"]") + packer.flush())
    return b"".join(
        [
            _MAP_HEADER.pack(_MAP_MAGIC, len(entries), len(found), len(chunks)),
            struct.pack(f"<{len(entries)}Q", *(h for h, _n in entries)),
            struct.pack(f"<{len(entries)}I", *(n for _h, n in entries)),
            struct.pack(f"<{len(offsets)}I", *offsets),
            *chunks,
            *parts,
        ]
    )


class StoryMap:
    """The stories of more than one article, as a search reads them: opened at once
    (arrays taken as they are), a story's details decompressed when first asked for.

    ``get(address)`` gives the :class:`Story` of the article at a canonical
    address, or None; ``reused(address)`` the paragraph reuse recorded for it
    (None: the map is of an index that did not record any). Raises ValueError
    on bytes that are not a story map.
    """

    def __init__(self, data: bytes) -> None:
        from array import array

        try:
            magic, n, stories, chunks = _MAP_HEADER.unpack_from(data)
        except struct.error as e:
            raise ValueError("damaged story map") from e
        at = _MAP_HEADER.size
        sizes = (8 * n, 4 * n, 4 * (chunks + 1))
        if magic not in (_MAP_MAGIC, _MAP_MAGIC_V1) or len(data) < at + sum(sizes):
            raise ValueError("damaged story map")
        self._hashes = array("Q")
        self._hashes.frombytes(data[at : at + sizes[0]])
        at += sizes[0]
        self._story = array("I")
        self._story.frombytes(data[at : at + sizes[1]])
        at += sizes[1]
        self._offsets = array("I")
        self._offsets.frombytes(data[at : at + sizes[2]])
        at += sizes[2]
        if sys.byteorder != "little":  # pragma: no cover
            for a in (self._hashes, self._story, self._offsets):
                a.byteswap()
        end = at + (self._offsets[-1] if len(self._offsets) else 0)
        self._chunks = data[at:end]
        self._reuse_data = data[end:] if magic == _MAP_MAGIC else None
        self._reuse: dict[str, list[Reused]] | None = None
        self._count = stories
        self._cache: dict[int, Story] = {}

    def __len__(self) -> int:
        """Stories of more than one article."""
        return self._count

    @property
    def records_reuse(self) -> bool:
        """Whether the index recorded paragraph reuse (index format 13 on)."""
        return self._reuse_data is not None

    def reused(self, key: str) -> list[Reused]:
        """The paragraphs of the article at ``key`` found in another story's articles,
        and those of other stories' articles found in it (seen from ``key``)."""
        if self._reuse_data is None:
            return []
        if self._reuse is None:
            try:
                pairs = json.loads(zlib.decompress(self._reuse_data)) if self._reuse_data else []
                by_key: dict[str, list[Reused]] = {}
                for a, pa, b, pb, v in pairs:
                    by_key.setdefault(a, []).append(Reused(a, pa, b, pb, bool(v)))
                    by_key.setdefault(b, []).append(Reused(b, pb, a, pa, bool(v)))
            except (zlib.error, ValueError, TypeError) as e:
                raise ValueError(f"damaged story map: {e}") from e
            self._reuse = by_key
        return sorted(self._reuse.get(key, ()), key=lambda r: (r.paragraph, r.other))

    def reuse_count(self) -> int:
        """Pairs of paragraphs recorded as reused across stories."""
        self.reused("")
        return sum(len(v) for v in (self._reuse or {}).values()) // 2

    def get(self, key: str) -> Story | None:
        h = _address_hash(key)
        i = bisect.bisect_left(self._hashes, h)
        while i < len(self._hashes) and self._hashes[i] == h:
            story = self._story_at(self._story[i])
            if any(c.key == key for c in story.copies):
                return story
            i += 1
        return None

    def stories(self) -> list[Story]:
        """Every story of more than one article."""
        return [self._story_at(n) for n in range(self._count)]

    def _story_at(self, n: int) -> Story:
        story = self._cache.get(n)
        if story is None:
            chunk = n // MAP_CHUNK
            try:
                raw = zlib.decompress(self._chunks[self._offsets[chunk] : self._offsets[chunk + 1]])
                rows = raw.decode("utf-8", "surrogatepass").split("\n")
                for m, row in enumerate(rows, chunk * MAP_CHUNK):
                    sid, copies = json.loads(row)
                    self._cache[m] = Story(
                        sid,
                        tuple(
                            Copy(k, dt.date.fromordinal(o) if o else None, source or None)
                            for k, o, source in copies
                        ),
                    )
                story = self._cache[n]
            except (zlib.error, ValueError, TypeError, KeyError, IndexError) as e:
                raise ValueError(f"damaged story map: {e}") from e
        return story


def read_story_map(data: bytes) -> StoryMap:
    """The story map of an index (ValueError: damaged)."""
    return StoryMap(data)


# ---------------------------------------------------------------- differences

#: Paragraphs whose words agree at least this much count as one paragraph changed.
CHANGED_RATIO = 0.5
#: Above this many (removed x added) pairs, changed paragraphs are paired by position.
_PAIRING_LIMIT = 40_000


@dataclass
class Comparison:
    """What changed from one copy (a) to another (b), paragraph by paragraph."""

    same: list[tuple[int, int]] = field(default_factory=list)  # (a index, b index)
    moved: list[tuple[int, int]] = field(default_factory=list)
    changed: list[tuple[int, int]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)  # in a only
    added: list[int] = field(default_factory=list)  # in b only

    @property
    def identical(self) -> bool:
        return not (self.moved or self.changed or self.removed or self.added)

    def summary(self) -> str:
        """``"2 paragraphs added, 1 removed, 1 changed"``, or ``"same text"``."""
        parts = []
        for count, word in (
            (len(self.added), "added"),
            (len(self.removed), "removed"),
            (len(self.changed), "changed"),
            (len(self.moved), "moved"),
        ):
            if count:
                parts.append(f"{count} {word}")
        if not parts:
            return "same text"
        first = parts[0].split(" ", 1)
        noun = "paragraph" if first[0] == "1" else "paragraphs"
        parts[0] = f"{first[0]} {noun} {first[1]}"
        return ", ".join(parts)


def _words(paragraph: str) -> list[str]:
    return list(map(fold, WORD.findall(paragraph))) or [paragraph.strip()]


def compare(a_paragraphs: Sequence[str], b_paragraphs: Sequence[str]) -> Comparison:
    """Paragraphs same, moved, changed, removed (in a only) and added (in b only).

    Paragraphs are compared by their folded words, so case, accents,
    punctuation and spacing do not count as changes.
    """
    wa = [_words(p) for p in a_paragraphs]
    wb = [_words(p) for p in b_paragraphs]
    na = [" ".join(w) for w in wa]
    nb = [" ".join(w) for w in wb]
    result = Comparison()
    removed: list[int] = []
    added: list[int] = []
    matcher = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            result.same += zip(range(a0, a1), range(b0, b1), strict=True)
        else:
            removed += range(a0, a1)
            added += range(b0, b1)
    # The same text elsewhere: moved.
    where: dict[str, list[int]] = {}
    for j in added:
        where.setdefault(nb[j], []).append(j)
    still_removed = []
    for i in removed:
        spots = where.get(na[i])
        if spots:
            result.moved.append((i, spots.pop(0)))
        else:
            still_removed.append(i)
    taken = {j for _i, j in result.moved}
    still_added = [j for j in added if j not in taken]
    # Similar text: changed. Best pairs first.
    pairs = []
    if len(still_removed) * len(still_added) <= _PAIRING_LIMIT:
        for i in still_removed:
            for j in still_added:
                m = difflib.SequenceMatcher(None, wa[i], wb[j], autojunk=False)
                if m.real_quick_ratio() >= CHANGED_RATIO and m.quick_ratio() >= CHANGED_RATIO:
                    ratio = m.ratio()
                    if ratio >= CHANGED_RATIO:
                        pairs.append((-ratio, i, j))
    else:
        for i, j in zip(still_removed, still_added, strict=False):
            m = difflib.SequenceMatcher(None, wa[i], wb[j], autojunk=False)
            if m.quick_ratio() >= CHANGED_RATIO and m.ratio() >= CHANGED_RATIO:
                pairs.append((-1.0, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _r, i, j in sorted(pairs):
        if i not in used_a and j not in used_b:
            result.changed.append((i, j))
            used_a.add(i)
            used_b.add(j)
    result.changed.sort()
    result.moved.sort()
    result.removed = [i for i in still_removed if i not in used_a]
    result.added = [j for j in still_added if j not in used_b]
    return result
