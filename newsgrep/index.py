"""The on-disk index: schema, opening, and bringing it up to date with a corpus.

This module and :mod:`newsgrep.search` are the only ones that import Whoosh.

One Whoosh document per paragraph. Paragraph 0 of every article is its
headline and carries the article's metadata; paragraphs 1..n carry body text.
One more document per file records its signature (modification time and
size), so the next ``newsgrep index`` reads only files that changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import importlib
import inspect
import json
import os
import pickle
import struct
import sys
import types
import warnings
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import analysis, variants
from .errors import IndexDamagedError, IndexLockedError, IndexMissingError, NewsgrepError

if TYPE_CHECKING:
    from .articles import Article
    from .readers import ReadOptions

# Whoosh 2.7.4 predates Python 3.12's SyntaxWarning for invalid escape
# sequences; its modules are compiled lazily, so keep the filter installed.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*[\\/]whoosh[\\/]")


def _defer_english_morphology() -> None:
    """Load Whoosh's English word variations only if something asks for them.

    ``whoosh.query`` imports them for its Variations query, which newsgrep
    never builds; compiling their hundreds of regular expressions was a
    tenth of the start-up of every search. The stand-in loads the real
    module on first use.
    """
    name = "whoosh.lang.morph_en"
    if name in sys.modules:
        return
    stand_in = types.ModuleType(name)

    def variations(word):
        del sys.modules[name]
        return importlib.import_module(name).variations(word)

    stand_in.variations = variations  # type: ignore[attr-defined]
    sys.modules[name] = stand_in


@contextlib.contextmanager
def _without_urllib_request():
    """While Whoosh loads, stand in for ``urllib.request``.

    ``whoosh.compat`` imports it, and with it ``http.client``, ``email`` and
    ``ssl``, for a download helper that nothing calls: 15 ms of every
    start-up. The stand-in's helper imports the real module if it ever is
    called, and the stand-in is gone once Whoosh is loaded, so whatever
    imports ``urllib.request`` later gets the real one.
    """
    name = "urllib.request"
    if name in sys.modules:
        yield
        return
    stand_in = types.ModuleType(name)

    def urlretrieve(*args, **kwargs):
        return importlib.import_module(name).urlretrieve(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


_defer_english_morphology()
with warnings.catch_warnings(), _without_urllib_request():
    warnings.simplefilter("ignore", SyntaxWarning)
    import whoosh.index
    from whoosh.analysis import Composable, IDTokenizer, Token
    from whoosh.codec.whoosh3 import (
        LENGTHS_COLUMN,
        W3Codec,
        W3LeafMatcher,
        W3PostingsWriter,
        W3TermInfo,
    )
    from whoosh.columns import NumericColumn
    from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema
    from whoosh.formats import Existence, Positions
    from whoosh.matching import ListMatcher
    from whoosh.query import Term
    from whoosh.system import pack_uint, pack_ushort
    from whoosh.util.numeric import byte_to_length, length_to_byte

#: Bumped whenever the schema or the analysis changes what is in an index.
INDEX_FORMAT = 9
_FORMAT_FILE = "newsgrep.json"
INDEX_NAME = "newsgrep"

#: Seconds a second writer waits for the index lock before giving up.
LOCK_TIMEOUT = 30.0

HEADLINE = "h"
PARAGRAPH = "p"
FILE = "f"


class PackedPositions(Positions):
    """A word's positions in a document as variable-length deltas: one byte each
    in a paragraph of under 128 words.

    Whoosh's own encoding pickles the list behind a four-byte count, about ten
    bytes for a word that occurs once, which made the positions half of the
    index. The count is the number of deltas, so it needs no bytes of its own.
    """

    def encode(self, poslist) -> bytes:
        out = bytearray()
        base = 0
        for pos in poslist:
            delta = pos - base
            base = pos
            while delta >= 0x80:
                out.append(delta & 0x7F | 0x80)
                delta >>= 7
            out.append(delta)
        return bytes(out)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        positions = []
        pos = delta = shift = 0
        for byte in valuestring:
            delta |= (byte & 0x7F) << shift
            if byte & 0x80:
                shift += 7
            else:
                pos += delta
                positions.append(pos)
                delta = shift = 0
        return positions

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(byte < 0x80 for byte in valuestring)


# A posting block: its length, a fixed header, then the block's arrays,
# compressed together. The header holds the number of postings, the last
# document number, the largest weight, the smallest and largest field length
# (as bytes), whether the arrays are compressed, and the type codes of the
# arrays of document number gaps, weights and value sizes.
_BLOCK_INFO = struct.Struct("<IIfBBBBBB")
_BLOCK_LENGTH = struct.Struct("!i")  # as StructFile.write_int writes it
_NO_ARRAY = 0  # a type code byte: the array is left out (weights all 1, no values)
_FIXED_SIZE = 1  # values of the format's fixed size, one after the other
_LITTLE = sys.byteorder == "little"


def _smallest_array(values, floats: bool = False) -> array:
    """``values`` in the narrowest array that holds them exactly."""
    if floats:
        try:
            ints = array("I", map(int, values))
        except (OverflowError, ValueError):  # negative, huge or not a number
            return array("f", values)
        if ints != values:  # fractions
            return array("f", values)
        values = ints
    top = max(values, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    return array(code, values)


def _array_bytes(arr: array) -> bytes:
    if not _LITTLE:
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


def _array_from(code: str, data, start: int, count: int) -> tuple[array, int]:
    try:
        arr = array(code)
    except ValueError:
        raise struct.error(f"a posting block has an unknown type code {code!r}") from None
    end = start + count * arr.itemsize
    if end > len(data):
        raise struct.error("a posting block is cut short")
    arr.frombytes(data[start:end])
    if not _LITTLE:
        arr.byteswap()
    return arr, end


class _BlockWriter(W3PostingsWriter):
    """Writes posting blocks as typed arrays rather than as Whoosh's pickles.

    Whoosh pickles each block's tuples of document numbers, weights and
    values: a float per weight, a pickled bytes object per value, some thirty
    bytes of pickled header per block. Here a document number delta or a
    word count is usually one byte, and the header is fixed-size.
    """

    def _write_block(self, last: bool = False) -> None:
        if self._byteids:  # term vectors, which newsgrep does not keep
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(b"W3Bl")
        self._terminfo.add_block(self)
        self._postfile.write(
            _block_bytes(
                self._ids,
                self._weights,
                self._values,
                self._format,
                self._compression,
                self._maxweight,
                self._minlength,
                self._maxlength,
                last,
            )
        )
        self._blockcount += 1
        self._new_block()


def _block_bytes(
    ids, weights, values, format_, compression, maxweight, minlength, maxlength, last
) -> bytes:
    """One posting block as :class:`_BlockWriter` writes it, its length first."""
    deltas = [ids[0]]
    deltas += map(sub, ids[1:], ids)
    deltas = _smallest_array(deltas)
    ones = weights.count(1.0) == len(weights)
    weight_arr = None if ones else _smallest_array(weights, True)
    parts = [_array_bytes(deltas)]
    if weight_arr is not None:
        parts.append(_array_bytes(weight_arr))
    value_codes = _NO_ARRAY
    fixed = format_.fixed_value_size()
    if fixed and fixed > 0:
        value_codes = _FIXED_SIZE
        parts.append(b"".join(values))
    elif fixed != 0 and any(values):
        sizes = _smallest_array(list(map(len, values)))
        value_codes = ord(sizes.typecode)
        parts.append(_array_bytes(sizes))
        parts.append(b"".join(values))
    data = b"".join(parts)
    comp = compression if len(data) >= 20 else 0
    if comp:
        data = zlib.compress(data, comp)
    info = _BLOCK_INFO.pack(
        len(ids),
        ids[-1],
        maxweight,
        length_to_byte(minlength),
        length_to_byte(maxlength),
        bool(comp),
        ord(deltas.typecode),
        _NO_ARRAY if weight_arr is None else ord(weight_arr.typecode),
        value_codes,
    )
    length = len(info) + len(data)
    return _BLOCK_LENGTH.pack(-length if last else length) + info + data


class _BlockMatcher(W3LeafMatcher):
    """Reads the blocks :class:`_BlockWriter` writes."""

    def _goto(self, position: int) -> None:
        postfile = self._postfile
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        length = postfile.get_int(position)
        self._lastblock = length < 0
        length = abs(length)
        self._nextoffset = position + 4 + length
        info = _BLOCK_INFO.unpack(postfile.get(position + 4, _BLOCK_INFO.size))
        (
            self._blocklength,
            self._maxid,
            self._maxweight,
            mnlen,
            mxlen,
            self._compression,
            *self._codes,
        ) = info
        self._dataoffset = position + 4 + _BLOCK_INFO.size
        self._minlength = byte_to_length(mnlen)
        self._maxlength = byte_to_length(mxlen)

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        count = self._blocklength
        id_code, weight_code, _values_code = self._codes
        deltas, at = _array_from(chr(id_code), data, 0, count)
        weights = None
        if weight_code != _NO_ARRAY:
            weights, at = _array_from(chr(weight_code), data, at, count)
        # Values (positions) are cut out only when asked for: most searches
        # need the numbers alone.
        self._data = (deltas, weights, (data, at))

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = array("I", accumulate(self._data[0]))

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        # Word counts stay whole numbers, which search adds up without a loop.
        self._weights = array("B", [1]) * self._blocklength if weights is None else weights

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        data, at = self._data[2]
        count = self._blocklength
        size_code = self._codes[2]
        if size_code == _FIXED_SIZE:
            size = self._fixedsize
            values = [data[i : i + size] for i in range(at, at + count * size, size)]
        elif size_code != _NO_ARRAY:
            sizes, at = _array_from(chr(size_code), data, at, count)
            values = []
            for size in sizes:
                values.append(data[at : at + size])
                at += size
        else:
            values = (None if self._fixedsize == 0 else b"",) * count
        self._values = values


class NewsCodec(W3Codec):
    """Whoosh's codec with compact posting blocks (see :class:`_BlockWriter`)."""

    def postings_writer(self, dbfile, byteids: bool = False):
        return _BlockWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return _BlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class LangText(str):
    """Text that knows its language, so one field can be stemmed per document."""

    lang: str | None = None

    def __new__(cls, text: str, lang: str | None):
        self = super().__new__(cls, text)
        self.lang = lang
        return self


class NewsTokenizer(Composable):
    """Whoosh adapter around :func:`newsgrep.analysis.analyze`.

    At index time the language comes with the text (:class:`LangText`); at
    query time it is the tokenizer's own ``lang``.
    """

    def __init__(self, lang: str | None = None, stem: bool = True) -> None:
        self.lang = lang
        self.stem = stem

    def __eq__(self, other):
        return type(other) is type(self) and other.lang == self.lang and other.stem == self.stem

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        lang = getattr(value, "lang", self.lang)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _as_typed(t, value, start_pos, start_char)
            return
        found = analysis.analyze(value, lang, self.stem)
        yield from _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char)


def _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char):
    """Whoosh tokens from (term, position, start, end) tuples, reusing one Token as Whoosh does."""
    for term, pos, start, end in found:
        t.text = term
        t.boost = 1.0
        t.stopped = False
        if keeporiginal:
            t.original = value[start:end]
        if positions:
            t.pos = start_pos + pos
        if chars:
            t.startchar, t.endchar = start_char + start, start_char + end
        yield t


def _as_typed(t, value: str, start_pos: int, start_char: int):
    """The one token of a word Whoosh asks not to split (a prefix, a fuzzy word): folded."""
    t.original = t.text = analysis.fold(value)
    t.boost = 1.0
    t.pos = start_pos
    t.startchar, t.endchar = start_char, start_char + len(value)
    return t


class NameKeyTokenizer(Composable):
    """Transliteration keys of names (:mod:`newsgrep.variants`), for the ``names`` field.

    In articles every capitalised word is keyed; in a query only words typed
    with a capital letter or in Cyrillic are, so ordinary words typed in lower
    case never reach a name spelled like them in another language.
    """

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):  # fmt: skip
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # A prefix or a fuzzy word: kept as typed, then dropped from the
            # names field by the search (it looks for whole names only).
            yield _as_typed(t, value, start_pos, start_char)
            return
        if mode == "query":
            found = (
                (key, pos, start, end)
                for pos, (key_word, start, end) in enumerate(_query_words(value))
                for key in variants.name_keys(key_word)
            )
        else:
            found = variants.variant_terms(value)
        yield from _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char)


def _query_words(text: str):
    for m in analysis.WORD.finditer(text):
        word = m.group()
        if word[:1].isupper() or any("\u0400" <= c <= "\u04ff" for c in word):
            yield word, m.start(), m.end()


def text_field(lang: str | None = None, stored: bool = True, stem: bool = True):
    field_ = TEXT(analyzer=NewsTokenizer(lang, stem), stored=stored)
    field_.format = PackedPositions(field_boost=field_.format.field_boost)
    return field_


def make_schema() -> Schema:
    return Schema(
        aid=ID(stored=True),
        kind=ID(),
        path=ID(stored=True),
        n=STORED,  # paragraph number; never searched
        title=text_field(),
        text=text_field(),
        date=DATETIME(stored=True, sortable=True),
        source=text_field(stem=False),
        names=TEXT(analyzer=NameKeyTokenizer(), phrase=False),
        digest=STORED,
        # The whole article's length in words, on each of its documents, for
        # ranking articles as wholes without reading all their paragraphs.
        **{f"alen_{name}": COLUMN(NumericColumn("I")) for name in ("title", "text", "names")},
        # A paragraph's number, on every document: its headline is that many
        # documents before it.
        pn=COLUMN(NumericColumn("H")),
        # An article's paragraphs, compressed together on its headline
        # (see pack_paragraphs): a third of the size of one text per paragraph.
        paras=STORED,
        lang=ID(stored=True),
        author=STORED,
        url=STORED,
        sig=STORED,
        reason=STORED,
        narticles=STORED,
        nparas=STORED,
    )


def default_index_dir() -> Path:
    env = os.environ.get("NEWSGREP_INDEX")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("newsgrep", appauthor=False)) / "index"


def _check_format(path: Path) -> dict:
    try:
        info = json.loads((path / _FORMAT_FILE).read_text())
    except (OSError, ValueError) as e:
        raise IndexDamagedError(f"{path} is not a newsgrep index (no {_FORMAT_FILE})") from e
    if info.get("format") != INDEX_FORMAT:
        raise IndexDamagedError(
            f"the index at {path} was built by another version of newsgrep "
            f"(format {info.get('format')}, this one reads {INDEX_FORMAT})"
        )
    return info


def _check_files(path: Path, info: dict, generation: int) -> None:
    """Every file of the committed index is there, at the size it was written.

    The sizes are recorded right after each commit. When the record is of an
    older commit (a run ended between its commit and the record), there is
    nothing to compare with, and the files are taken as they are.
    """
    if info.get("generation") != generation:
        return
    for name, size in info.get("files", {}).items():
        try:
            found = (path / name).stat().st_size
        except FileNotFoundError:
            raise IndexDamagedError(f"the index at {path} is missing its file {name}") from None
        if found != size:
            raise IndexDamagedError(
                f"the index at {path} is damaged ({name} has {found:,} bytes, not {size:,})"
            )


def _record_files(path: Path) -> None:
    """After a commit: note the size of each file of the new generation, for _check_files."""
    ix = whoosh.index.open_dir(str(path), indexname=INDEX_NAME)
    generation = ix.latest_generation()
    prefixes = tuple(f"{INDEX_NAME}_{seg.segid}" for seg in ix._segments())
    toc = f"_{INDEX_NAME}_{generation}.toc"
    files = {
        entry.name: entry.stat().st_size
        for entry in os.scandir(path)
        if entry.name == toc or entry.name.startswith(prefixes)
    }
    info = {"format": INDEX_FORMAT, "generation": generation, "files": files}
    temporary = path / f"{_FORMAT_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(info, indent=0) + "\n")
    os.replace(temporary, path / _FORMAT_FILE)


def open_index(path: Path | None = None):
    """Open an existing index for reading. Raises IndexMissingError if there is none."""
    path = Path(path) if path else default_index_dir()
    if not whoosh.index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexMissingError(f"no index at {path}")
    info = _check_format(path)
    try:
        ix = whoosh.index.open_dir(str(path), indexname=INDEX_NAME)
    except DAMAGE_ERRORS as e:
        raise IndexDamagedError(f"the index at {path} cannot be read: {_reason(e)}") from e
    _check_files(path, info, ix.latest_generation())
    return ix


#: What reading a truncated, missing or garbled index file raises.
DAMAGE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror}: {Path(e.filename).name}" if e.filename else e.strerror
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def guard_damage(fn):
    """Decorate a function taking ``index_dir``: damaged index files become IndexDamagedError.

    A segment file that disappears while it is being opened was usually
    replaced by a writer's commit in between: the call is tried once more.
    """
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        path = bound.arguments.get("index_dir") or default_index_dir()
        for attempt in (1, 2):
            try:
                return fn(*args, **kwargs)
            except FileNotFoundError as e:
                if attempt == 1:
                    continue
                raise IndexDamagedError(f"the index at {path} is damaged ({_reason(e)})") from e
            except DAMAGE_ERRORS as e:
                raise IndexDamagedError(f"the index at {path} is damaged ({_reason(e)})") from e
        return None  # pragma: no cover

    return guarded


def create_index(path: Path):
    try:
        path.mkdir(parents=True, exist_ok=True)
        # The format file first: a run killed in between leaves a folder
        # that the next run simply creates again.
        (path / _FORMAT_FILE).write_text(json.dumps({"format": INDEX_FORMAT}) + "\n")
        ix = whoosh.index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
    except OSError as e:
        raise NewsgrepError(
            f"cannot create an index at {path}: {e.strerror}",
            hint="Choose a writable folder with --index or NEWSGREP_INDEX.",
        ) from e
    return ix


# ---------------------------------------------------------------- updating


@dataclass
class IndexSummary:
    """What one ``newsgrep index`` run did."""

    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    articles: int = 0  # articles (re)indexed this run
    paragraphs: int = 0
    total_articles: int = 0  # in the whole index afterwards
    total_paragraphs: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> files
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)  # format -> articles (re)indexed
    index_path: str = ""


ProgressFn = Callable[[int, int], None]


class _Record(NamedTuple):
    """What a run needs of a file's record: a tuple, not the whole stored dict
    (a re-run holds one per file of the archive)."""

    sig: str | None
    reason: str | None
    narticles: int
    nparas: int


def _file_records(searcher) -> dict[str, _Record]:
    return {
        fields["path"]: _Record(
            fields.get("sig"),
            fields.get("reason"),
            fields.get("narticles", 0),
            fields.get("nparas", 0),
        )
        for fields in searcher.documents(kind=FILE)
        if "path" in fields
    }


def _date_value(d: dt.date | None):
    return dt.datetime(d.year, d.month, d.day) if d else None


def article_documents(article: Article) -> Iterable[dict]:
    """Whoosh documents for one article: its headline, then its paragraphs.

    The headline carries the article's metadata. A paragraph carries only
    what a search needs of every document: its article, its number, its
    language and its file (to delete it with the file); its number (the
    ``pn`` column) leads back to the headline, ``pn`` documents before it;
    its text is stored with the headline's, compressed.
    """
    from .articles import article_digest  # reading articles: not needed to search

    lang = article.lang or "und"
    head = {
        "aid": article.id,
        "path": article.path,
        "lang": lang,
        "kind": HEADLINE,
        "n": 0,
        "title": LangText(article.title, article.lang),
        "_stored_title": article.title,
        "names": article.title,
        "digest": article_digest(article),
        "paras": pack_paragraphs(article.paragraphs),
        **_article_lengths(article),
    }
    date = _date_value(article.date)
    if date:
        head["date"] = date
    if article.source:
        head["source"] = article.source
    if article.author:
        head["author"] = article.author
    if article.url:
        head["url"] = article.url
    yield head
    # Indexed, not stored: the text is in the headline's ``paras``.
    common = {"aid": article.id, "_stored_aid": None, "path": article.path,
              "_stored_path": None, "lang": lang, "_stored_lang": None,
              "kind": PARAGRAPH, "_stored_text": None}  # fmt: skip
    for n, text in enumerate(article.paragraphs, 1):
        yield {**common, "pn": n, "text": LangText(text, article.lang), "names": text}


def pack_paragraphs(paragraphs: list[str]) -> str:
    """An article's paragraphs as one value, stored with its other fields.

    Not compressed here: Whoosh compresses each document's stored fields,
    and compressing the paragraphs together with the title and the
    metadata made the stored fields a fifth smaller than compressing them
    twice (and took less time).
    """
    return "\0".join(p.replace("\0", " ") for p in paragraphs)


def unpack_paragraphs(packed: str | None) -> list[str]:
    return packed.split("\0") if packed else []


def _article_lengths(article: Article) -> dict[str, int]:
    """Words of the headline, of the body, and capitalised words (name keys), about."""
    words = analysis.WORD.findall
    body = [w for p in article.paragraphs for w in words(p)]
    title = words(article.title)
    return {
        "alen_title": len(title),
        "alen_text": len(body),
        "alen_names": sum(1 for w in title + body if w[:1].isupper()),
    }


def _read_file(path: str, options: ReadOptions | None) -> list[Article]:
    """The articles of one file (kept as a string until read: a run lists every file)."""
    from .articles import read_articles

    return read_articles(Path(path), options)


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _article_signature(article: Article) -> str:
    """What decides whether a piped article changed: a hash of its contents."""
    parts = [article.title, *article.paragraphs, str(article.date), article.source,
             article.lang, article.author, article.url]  # fmt: skip
    text = "\0".join(p or "" for p in parts)
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()


def update_index(
    roots: Iterable[Path],
    index_dir: Path | None = None,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    options: ReadOptions | None = None,
    piped: Iterable[Article | tuple[str, str]] = (),
    jobs: int | None = None,
) -> IndexSummary:
    """Bring the index up to date with the files under ``roots``.

    New and changed files are read, files that disappeared from under a root
    leave the index, unchanged files are not read again. Everything is
    committed at once at the end: an interrupted run leaves the index as the
    previous run left it.

    ``options`` say how to read the files (see :class:`newsgrep.readers.ReadOptions`);
    a file indexed with other options is read again. ``piped`` are articles
    read elsewhere (standard input), each stored under its own ``path`` and
    replaced when an article with that path comes back changed, or
    ``(where, reason)`` for input that was skipped. ``jobs`` is how many
    processes read and index files (default: one per CPU; small runs use one).
    """
    from .articles import Article, CorpusFile, walk_corpus

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    roots = [Path(os.path.realpath(r)) for r in roots]
    summary = IndexSummary(index_path=str(index_dir))

    # Everything to index, as (path, signature, read): files, then piped articles.
    found: list[tuple[str, str, Callable[[], list[Article]]]] = []
    fingerprint = options.fingerprint() if options else ""
    walked: set[str] = set()
    for item in walk_corpus(roots):
        if isinstance(item, CorpusFile):
            path = str(item.path)
            if path in walked:  # named twice (`corpus corpus/a.txt`): read once
                continue
            walked.add(path)
            read = partial(_read_file, path, options)
            found.append((path, item.signature + fingerprint, read))
        else:
            path, reason = item
            summary.skipped[reason] += 1
            summary.skipped_files.append((str(path), reason))
    for item in piped:
        if isinstance(item, Article):
            found.append((item.path, _article_signature(item), partial(list, [item])))
        else:
            where, reason = item
            summary.skipped[reason] += 1
            summary.skipped_files.append((where, reason))

    ix = _open_for_writing(index_dir, rebuild)
    try:
        # Segments as separate files rather than one compound file: a search
        # then reads from each what it needs, where parts of a compound file
        # were copied into memory (a third of the memory of a search).
        writer = ix.writer(timeout=lock_timeout, limitmb=128, compound=False, codec=NewsCodec())
    except whoosh.index.LockError as e:
        raise IndexLockedError(
            f"the index at {index_dir} is still locked by another writer after {lock_timeout:g} s"
        ) from e
    except OSError as e:
        raise NewsgrepError(
            f"cannot write to the index at {index_dir}: {e.strerror}",
            hint="Check the folder's permissions, or choose another with --index.",
        ) from e

    try:
        records = {}
        if not rebuild:
            try:
                with ix.searcher() as searcher:
                    records = _file_records(searcher)
            except DAMAGE_ERRORS as e:
                raise IndexDamagedError(
                    f"the index at {index_dir} is damaged ({_reason(e)})"
                ) from e
        root_strs = [str(r) for r in roots]
        present = {path for path, _, _ in found}
        gone = set()  # paths whose records this run deletes
        for path in records:
            if path not in present and _under(path, root_strs):
                writer.delete_by_term("path", path)
                gone.add(path)
                summary.files_removed += 1

        todo = []
        for path, sig, read in found:
            rec = records.get(path)
            if rec is not None and rec.sig == sig:
                summary.files_unchanged += 1
                if rec.reason:
                    summary.skipped[rec.reason] += 1
                    summary.skipped_files.append((path, rec.reason))
            else:
                if rec is not None:
                    writer.delete_by_term("path", path)
                    gone.add(path)
                todo.append((path, sig, read))

        def take(result: _FileResult) -> None:
            summary.files_read += 1
            summary.articles += result.articles
            summary.paragraphs += result.paragraphs
            summary.formats.update(result.formats)
            for path, reason in result.skipped:
                summary.skipped[reason] += 1
                summary.skipped_files.append((path, reason))
            if progress:
                progress(summary.files_read, len(todo))

        new_segments = _build_segments(ix, todo, take, jobs)
        summary.skipped_files.sort()
        # One commit for the whole run: the new table of contents replaces
        # the old one by an atomic rename, so a run that is killed or
        # interrupted leaves the index exactly as the previous run left it.
        from whoosh.writing import CLEAR, MERGE_SMALL

        policy = CLEAR if rebuild else MERGE_SMALL
        writer.commit(mergetype=lambda w, segments: policy(w, segments) + new_segments)
        with contextlib.suppress(OSError):  # only a check of later reads is lost
            _record_files(index_dir)
    except OSError as e:
        _cancel(writer)
        raise NewsgrepError(
            f"cannot write the index at {index_dir}: {_reason(e)}",
            hint="Nothing was changed: the index is as the previous run left it.",
        ) from e
    except BaseException:
        _cancel(writer)
        raise

    # What the index holds: the records of files left as they were, and what
    # this run added (no second reading of every file's record).
    for path, rec in records.items():
        if path not in gone:
            summary.total_articles += rec.narticles
            summary.total_paragraphs += rec.nparas
    summary.total_articles += summary.articles
    summary.total_paragraphs += summary.paragraphs
    return summary


# ---------------------------------------------------------------- writing segments


@dataclass
class _FileResult:
    """What indexing one file gave, for the run's summary."""

    path: str
    articles: int = 0
    paragraphs: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)


def _index_one(path: str, sig: str, read: Callable[[], list[Article]], add) -> _FileResult:
    """Read one file and hand its documents to ``add``, its file record last."""
    from .articles import MAX_ARTICLE_CHARS, SkipFile, cap_paragraphs

    result = _FileResult(path)
    record = {"kind": FILE, "path": path, "sig": sig}
    try:
        articles = read()
    except SkipFile as e:
        reason = str(e)
        result.skipped.append((path, reason))
        record["reason"] = reason
        articles = e.articles  # what a damaged file gave before the damage
    for article in articles:
        article.paragraphs, cut = cap_paragraphs(article.paragraphs)
        if cut:
            reason = f"partly read: text after the first {MAX_ARTICLE_CHARS:,} characters"
            result.skipped.append((path, reason))
            record.setdefault("reason", reason)
        result.formats[article.format or "other"] += 1
        if not article.lang:
            article.lang = analysis.detect_language(
                " ".join([article.title, *article.paragraphs[:5]])
            )
        for doc in article_documents(article):
            add(doc)
        result.paragraphs += len(article.paragraphs)
    result.articles = len(articles)
    record["narticles"] = result.articles
    record["nparas"] = result.paragraphs
    add(record)
    return result


#: Postings a segment builder holds in memory before it writes its segment.
SEGMENT_POSTINGS = 2_000_000


class _SegmentBuilder:
    """Writes one Whoosh segment straight from documents, without Whoosh's posting pool.

    ``SegmentWriter.add_document`` sends every posting through a sorting pool
    that pickles it to a temporary file and back, then looks up the length of
    its document once per posting. Documents here arrive in order, so each
    term's postings are already sorted: they are kept per term in arrays and
    written a whole block at a time, with newsgrep's codec (Whoosh's, with
    compact posting blocks); ``tests/test_index.py`` checks that an index
    built this way answers as one from Whoosh's own writer.
    """

    def __init__(self, storage, schema) -> None:
        self.storage = storage
        self.schema = schema
        self.codec = NewsCodec()
        self.segment = self.codec.new_segment(storage, INDEX_NAME)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.docnum = 0
        self.size = 0  # postings held
        # fieldname -> term -> [docnums, weights, encoded values], or for an
        # untokenized field the docnums alone (see add); terms are str for
        # text fields (encoded when written), bytes for the others
        self.postings: dict[str, dict[str | bytes, list]] = defaultdict(dict)
        # fieldname -> length of each document in that field (scorable fields)
        self.lengths: dict[str, array] = {}
        # Numeric columns, kept as arrays (one value per document) and written
        # whole when the segment is: Whoosh's column writers take a call
        # (and a file write) per value.
        self.columns: dict[str, array] = {
            name: array(f.column_type._typecode)
            for name, f in schema.items()
            if type(f.column_type) is NumericColumn
            and array(f.column_type._typecode).itemsize == struct.calcsize(f.column_type._typecode)
        }
        self._text_fields = {
            name: self._text_adder_for(name, f)
            for name, f in schema.items()
            if isinstance(f.analyzer, NewsTokenizer | NameKeyTokenizer)
        }
        # Untokenized fields (ids, paths, kinds): the whole value is the one term.
        self._id_fields = {
            name: f.format.field_boost
            for name, f in schema.items()
            if isinstance(f.analyzer, IDTokenizer) and type(f.format) is Existence
        }

    def _text_adder_for(self, name: str, field_):
        """A function adding one document's postings for a text field; it
        returns the field's length in words and the number of postings."""
        fmt = field_.format
        positions = isinstance(fmt, PackedPositions)  # otherwise Frequency (names)
        boost = fmt.field_boost
        analyzer = field_.analyzer
        terms = self.postings[name]
        get = terms.get
        encode = fmt.encode if positions else pack_uint
        # Most words occur once in a paragraph: one shared encoding per position
        # (or per count, for a field that keeps counts alone).
        once = [encode([pos]) for pos in range(512)] if positions else [encode(1)]

        if isinstance(analyzer, NameKeyTokenizer):
            found = variants.index_keys
        else:
            default_lang, stem = analyzer.lang, analyzer.stem

            def found(value: str) -> list[str]:
                return analysis.terms(value, getattr(value, "lang", default_lang), stem)

        def add(value: str, docnum: int) -> tuple[int, int]:
            words = found(value)
            n = len(words)
            if positions:
                # term -> its first position (walked backwards, the first one
                # written last)
                where = dict(zip(reversed(words), range(n - 1, -1, -1), strict=True))
                counts = None if len(where) == n else Counter(words)
            else:
                where = counts = Counter(words)
            # (one loop per posting: written out, without calls)
            for term, pos in where.items():
                freq = 1 if counts is None else counts[term]
                if not positions:
                    value_bytes = once[0] if freq == 1 else encode(freq)
                elif freq == 1:
                    value_bytes = once[pos] if pos < 512 else encode([pos])
                else:
                    poslist = [pos]
                    for _ in range(freq - 1):
                        pos = words.index(term, pos + 1)
                        poslist.append(pos)
                    value_bytes = encode(poslist)
                got = get(term)
                if got is None:
                    terms[term] = [
                        array("I", (docnum,)),
                        array("f", (freq * boost,)),
                        [value_bytes],
                    ]
                else:
                    got[0].append(docnum)
                    got[1].append(freq * boost)
                    got[2].append(value_bytes)
            return n, len(where)

        return add

    def add(self, fields: dict) -> None:
        """Add one document, as ``SegmentWriter.add_document`` would."""
        docnum = self.docnum
        perdoc = self.perdoc
        schema = self.schema
        perdoc.start_doc(docnum)
        scored = False  # whether the field's length is to be kept
        for name in sorted(k for k in fields if not k.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field_ = schema[name]
            length = 0
            if field_.indexed and name in self._id_fields and isinstance(value, str):
                # The whole value is the one term, and every posting the same
                # (weight the field's boost, no value): only document numbers
                # are kept, which matters for the one-per-article id terms.
                terms = self.postings[name]
                tbytes = value.encode("utf-8")
                ids = terms.get(tbytes)
                if ids is None:
                    terms[tbytes] = array("I", (docnum,))
                else:
                    ids.append(docnum)
                self.size += 1
            elif field_.indexed and name in self._text_fields:
                length, count = self._text_fields[name](value, docnum)
                self.size += count
                scored = True
            elif field_.indexed:
                terms = self.postings[name]
                count = 0
                for tbytes, freq, weight, vbytes in field_.index(value):
                    length += freq
                    count += 1
                    got = terms.get(tbytes)
                    if got is None:
                        terms[tbytes] = [array("I", (docnum,)), array("f", (weight,)), [vbytes]]
                    else:
                        got[0].append(docnum)
                        got[1].append(weight)
                        got[2].append(vbytes)
                self.size += count
                scored = True
            if scored:
                scored = False
                if field_.scorable:
                    lengths = self.lengths.get(name)
                    if lengths is None:
                        lengths = self.lengths[name] = array("I")
                    lengths.extend([0] * (docnum + 1 - len(lengths)))
                    lengths[docnum] = length
                else:
                    length = 0
            stored = fields.get(f"_stored_{name}", value)
            # (lengths are written with the segment, from self.lengths)
            perdoc.add_field(name, field_, stored if field_.stored else None, 0)
            column = field_.column_type
            if column and stored is not None:
                values = self.columns.get(name)
                if values is None:
                    perdoc.add_column_value(name, column, field_.to_column_value(stored))
                else:
                    if len(values) <= docnum:
                        values.extend([column._default] * (docnum + 1 - len(values)))
                    values[docnum] = field_.to_column_value(stored)
        perdoc.finish_doc()
        self.docnum += 1

    def finish(self):
        """Write the postings and close the segment's files; the segment, or None if empty."""
        perdoc = self.perdoc
        for name, lengths in self.lengths.items():
            total = sum(lengths)
            if total:
                perdoc._fieldlengths[name] += total
            as_byte = {n: length_to_byte(n) for n in set(lengths)}
            self._write_column(
                f"_{name}_len", LENGTHS_COLUMN, array("B", map(as_byte.get, lengths))
            )
        for name, values in self.columns.items():
            self._write_column(name, self.schema[name].column_type, values)
        perdoc.close()
        if not self.docnum:
            self.discard()
            return None
        self.segment.set_doc_count(self.docnum)
        writer = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self.postings):
            self._write_field(writer, name)
        writer.close()
        self.postings.clear()
        return self.segment

    def _write_one_block_term(self, writer, tbytes, ids, weights, values, doc_lengths) -> None:
        """What ``start_term``, one block and ``finish_term`` write, without their
        calls: most words of a segment have a few postings."""
        post = writer._postwriter
        maxweight = max(weights)
        if doc_lengths is not None:
            lens = list(map(doc_lengths.__getitem__, ids))
            minlength, maxlength = min(lens) or None, max(lens)
        else:
            minlength, maxlength = None, 0
        postfile = post._postfile
        start = postfile.tell()
        blob = b"W3Bl" + _block_bytes(
            ids, weights, values, writer._format, post._compression,
            maxweight, minlength, maxlength, True,
        )  # fmt: skip
        postfile.write(blob)
        info = W3TermInfo()
        info._weight = 0 + sum(weights)
        info._df = len(ids)
        info._minlength = minlength
        info._maxlength = max(0, maxlength)
        info._maxweight = max(0, maxweight)
        info._minid, info._maxid = ids[0], ids[-1]
        info.set_extent(start, len(blob))
        writer._tindex.add(pack_ushort(writer._fieldid) + tbytes, info.to_bytes())

    def _write_column(self, colname: str, column, values: array) -> None:
        """Write a numeric column whole, as its Whoosh writer would value by value:
        big-endian, up to the last value that is not the default."""
        end = len(values)
        while end and values[end - 1] == column._default:
            end -= 1
        if not end:
            return  # Whoosh creates no column that holds only defaults
        self.perdoc._create_column(colname, column)
        writer = self.perdoc._colwriters[colname]
        data = values[:end]
        if _LITTLE and data.itemsize > 1:  # columns are big-endian
            data.byteswap()
        writer._dbfile.write(data.tobytes())
        writer._count = end

    def _write_field(self, writer, name: str) -> None:
        field_ = self.schema[name]
        writer.start_field(name, field_)
        post = writer._postwriter
        limit = post._blocklimit
        # The lengths Whoosh compares per block are the ones its length
        # column gives back: stored as one byte, so rounded.
        doc_lengths = self.lengths.get(name)
        if doc_lengths is not None:
            rounded = {n: byte_to_length(length_to_byte(n)) for n in set(doc_lengths)}
            doc_lengths = [rounded[n] for n in doc_lengths]
        terms = self.postings[name]
        boost = self._id_fields.get(name, 1.0)
        for key in sorted(terms):  # (str keys: code point order is UTF-8 byte order)
            entry = terms[key]
            tbytes = key.encode("utf-8") if isinstance(key, str) else key
            if isinstance(entry, array):  # an untokenized field's postings: ids alone
                ids, weights, values = entry, array("f", (boost,)) * len(entry), [b""] * len(entry)
            else:
                ids, weights, values = entry
            if len(ids) <= limit:
                self._write_one_block_term(writer, tbytes, ids, weights, values, doc_lengths)
                continue
            writer.start_term(tbytes)
            for i in range(0, len(ids), limit):
                block_ids = ids[i : i + limit]
                post._ids = block_ids
                post._weights = block_weights = weights[i : i + limit]
                post._values = values[i : i + limit]
                post._maxweight = max(block_weights)
                if doc_lengths is not None:
                    lens = list(map(doc_lengths.__getitem__, block_ids))
                    post._minlength, post._maxlength = min(lens) or None, max(lens)
                else:
                    post._minlength, post._maxlength = None, 0
                if i + limit < len(ids):
                    post._write_block()
            writer.finish_term()
        writer.finish_field()

    def discard(self) -> None:
        """Remove whatever files of this segment were written."""
        _discard_segment(self.storage, self.segment)


def _build_segments(ix, todo, take, jobs: int | None) -> list:
    """Index the files of ``todo`` into new segments; ``take`` gets each file's result."""
    if not todo:
        return []
    if jobs is None:  # as many as the machine has, when there is enough to share
        jobs = min(os.cpu_count() or 1, len(todo) // FILES_PER_TASK + 1)
    if jobs <= 1:
        return _build_here(ix, todo, take)
    per_task = max(1, min(FILES_PER_TASK, len(todo) // (4 * jobs)))
    return _build_in_workers(ix, todo, take, jobs, per_task)


#: Files one worker takes at a time.
FILES_PER_TASK = 32


class _Segments:
    """Files indexed one after another into segments of at most ``limit`` postings each.

    Python's cycle collector makes no full passes meanwhile: the postings
    held are millions of long-lived arrays and lists, and full passes over
    them were a sixth of the indexing time. Its passes over young objects go
    on, so that what reading a file leaves in cycles (HTML parsers do) is
    still collected; what outlives them is collected when a segment is
    written, and when this ends.
    """

    def __init__(self, storage, schema, limit: int) -> None:
        self.storage, self.schema, self.limit = storage, schema, limit
        self.builder = _SegmentBuilder(storage, schema)
        self._thresholds = gc.get_threshold()
        young, middle, _old = self._thresholds
        gc.set_threshold(young, middle, 1 << 30)

    def index(self, path: str, sig: str, read) -> tuple[_FileResult, object | None]:
        """Index one file; the segment it completed, if the limit was passed."""
        result = _index_one(path, sig, read, self.builder.add)
        if self.builder.size <= self.limit:
            return result, None
        full, self.builder = self.builder, _SegmentBuilder(self.storage, self.schema)
        try:
            segment = full.finish()
        except BaseException:
            full.discard()  # no half-written segment files left behind
            raise
        del full
        gc.collect()
        return result, segment

    def finish(self):
        """The last segment, or None if nothing is left in it."""
        try:
            segment = self.builder.finish()
        finally:
            self._resume_collector()
        self.builder = None  # (kept until then: discard() removes a half-written one)
        return segment

    def discard(self) -> None:
        try:
            if self.builder is not None:
                self.builder.discard()
        finally:
            self._resume_collector()

    def _resume_collector(self) -> None:
        gc.set_threshold(*self._thresholds)
        gc.collect()


def _build_here(ix, todo, take) -> list:
    segments = []
    building = _Segments(ix.storage, ix.schema, SEGMENT_POSTINGS)
    try:
        for path, sig, read in todo:
            result, full = building.index(path, sig, read)
            take(result)
            if full:
                segments.append(full)
        last = building.finish()
    except BaseException:
        building.discard()
        for segment in segments:
            _discard_segment(ix.storage, segment)
        raise
    return [*segments, last] if last else segments


def _discard_segment(storage, segment) -> None:
    prefix = f"{INDEX_NAME}_{segment.segid}"
    for name in list(storage):
        if name.startswith(prefix):
            with contextlib.suppress(OSError):
                storage.delete_file(name)


def _build_in_workers(ix, todo, take, jobs: int, per_task: int) -> list:
    """Index in ``jobs`` processes, each writing its own segments; ours commits them."""
    import multiprocessing
    import queue

    # Fresh processes rather than forks: the parent has threads (the queues'
    # feeders, the progress bar), and forking a threaded process can deadlock.
    ctx = multiprocessing.get_context("spawn")
    tasks = ctx.Queue()
    results = ctx.Queue()
    workers = [
        ctx.Process(
            target=_worker,
            args=(ix.storage.folder, ix.schema, tasks, results, os.getpid(), SEGMENT_POSTINGS),
            daemon=True,
        )
        for _ in range(jobs)
    ]
    # A few tasks ahead per process, not all at once: queued tasks are held
    # in memory, pickled.
    pending = (todo[start : start + per_task] for start in range(0, len(todo), per_task))

    def hand_out(count: int) -> None:
        for _ in range(count):
            task = next(pending, None)
            tasks.put(task)  # None, once the files run out: a process may stop

    segments = []
    finished = 0
    try:
        for w in workers:
            w.start()
        hand_out(4 * jobs)
        while finished < len(workers):
            try:
                kind, payload = results.get(timeout=0.5)
            except queue.Empty:
                dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    how = f"signal {-dead[0]}" if dead[0] < 0 else f"status {dead[0]}"
                    raise NewsgrepError(
                        f"an indexing process ended unexpectedly ({how})",
                        hint="Nothing was changed: the index is as the previous run left it. "
                        "If memory ran out, try fewer processes (-j 1).",
                    ) from None
                continue
            if kind == "task":  # a process finished a task: its files; give out another
                for result in payload:
                    take(result)
                hand_out(1)
            elif kind == "segment":
                segments.append(payload)
            elif kind == "done":
                finished += 1
            else:  # "error": what the worker raised
                raise payload
    except BaseException:
        for w in workers:
            if w.is_alive():
                w.kill()
        for w in workers:
            w.join()
        for segment in segments:
            _discard_segment(ix.storage, segment)
        raise
    for w in workers:
        w.join()
    return segments


def _worker(folder: str, schema, tasks, results, parent: int, segment_postings: int) -> None:
    """One indexing process: files from ``tasks``, results and segments to ``results``."""
    import queue
    import signal

    # Ctrl-C is the parent's to handle; a parent killed outright takes us along.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    from whoosh.filedb.filestore import FileStorage

    building = None
    try:
        building = _Segments(FileStorage(folder), schema, segment_postings)
        while True:
            try:
                task = tasks.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != parent:
                    os._exit(1)
                continue
            if task is None:
                break
            done = []  # sent once per task: a message per file was a tenth of our work
            for path, sig, read in task:
                result, full = building.index(path, sig, read)
                done.append(result)
                if full:
                    results.put(("segment", full))
            results.put(("task", done))
        last = building.finish()
        building = None
        if last:
            results.put(("segment", last))
        results.put(("done", None))
    except BaseException as e:  # noqa: BLE001 - handed to the parent, which reports it
        if building is not None:
            building.discard()
        try:
            results.put(("error", e))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            results.put(("error", RuntimeError(f"{type(e).__name__}: {e}")))
    finally:
        results.close()
        results.join_thread()


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


def _cancel(writer) -> None:
    """Drop an unfinished run; the committed index is untouched whatever happens here."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - its temporary files may be gone already
        with contextlib.suppress(Exception):
            writer.writelock.release()
    # The writer's own (empty) segment: its files would wait for the next commit.
    with contextlib.suppress(Exception):
        _discard_segment(writer.storage, writer.newsegment)


def _open_for_writing(index_dir: Path, rebuild: bool):
    """The index to update; a new one when there is none (or a damaged one is rebuilt)."""
    if not whoosh.index.exists_in(str(index_dir), indexname=INDEX_NAME):
        return create_index(index_dir)
    try:
        return open_index(index_dir)
    except IndexDamagedError:
        if not rebuild:
            raise
        return create_index(index_dir)


__all__ = [
    "HEADLINE",
    "PARAGRAPH",
    "FILE",
    "IndexSummary",
    "LangText",
    "NameKeyTokenizer",
    "NewsTokenizer",
    "Term",
    "default_index_dir",
    "make_schema",
    "open_index",
    "text_field",
    "update_index",
]


def index_disk_facts(index_dir: Path) -> tuple[int, float | None]:
    """(bytes on disk, time of the last commit as a POSIX timestamp) of an index folder."""
    size = 0
    updated = None
    for entry in Path(index_dir).iterdir():
        try:
            st = entry.stat()
        except OSError:
            continue
        size += st.st_size
        if entry.suffix == ".toc":
            updated = max(updated or 0.0, st.st_mtime)
    return size, updated
