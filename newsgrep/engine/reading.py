"""Reading the index for search: postings, columns and stored fields, from one open searcher.

A :class:`Session` is an open searcher and what every step of a search
needs from it. An article's documents are consecutive: its headline, then
its paragraphs, each knowing its number (the ``pn`` column). So the
headline of any document is ``docnum - pn[docnum]``, and paragraph ``n`` of
an article is ``n`` documents after its headline. Columns are read whole,
as arrays; a term's posting blocks are read once; a prefix or fuzzy word is
expanded once: all kept on the session, which lives as long as the
:class:`newsgrep.archive.Archive` that opened it.

The queries it answers are newsgrep's nodes (:mod:`newsgrep.query`),
turned into Whoosh queries here where Whoosh's own matchers are needed
(phrases, filters).
"""

from __future__ import annotations

import datetime as dt
import functools
import mmap
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from .. import query as q
from ..errors import IndexDamagedError, QueryError
from . import shims
from .codec import PackedPositions
from .schema import FILE, HEADLINE, PARAGRAPH, SETTINGS, STORY_MAP, unpack_paragraphs
from .store import DAMAGE_ERRORS, INDEX_FORMAT, open_index, reason

if TYPE_CHECKING:
    import numpy as np

with shims.loading():
    from whoosh import query as wq
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
    from whoosh.util.numeric import byte_to_length

#: The length a field's length byte stands for (Whoosh keeps lengths as one byte).
LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]

#: Signs that the files of an index are damaged, for callers to turn into IndexDamagedError.
DAMAGE = DAMAGE_ERRORS


def damaged(path: Path, e: BaseException) -> IndexDamagedError:
    return IndexDamagedError(f"the index at {path} is damaged ({reason(e)})")


class Session:
    """An open searcher of the index at ``path``; close it when done.

    ``searcher`` is another searcher to read instead of the committed index's
    (the new segments of a run, :meth:`~newsgrep.engine.store.IndexWriter.new_searcher`).
    """

    #: The length each value of a field's length byte stands for.
    length_of_byte = LENGTH_OF_BYTE

    def __init__(self, path: Path, searcher=None) -> None:
        self.path = path
        if searcher is None:
            ix = open_index(path)
            searcher, index_format = ix.searcher(), ix.info.get("format") or 0
        else:  # (a run's own segments: written by this version)
            index_format = INDEX_FORMAT
        self.s = searcher
        #: Every headline has a tie key (never 0) and no other document has one.
        self._tied_heads = index_format >= TIED_HEADS_FORMAT
        self.reader = self.s.reader()
        self.langs = [t.decode() if isinstance(t, bytes) else t for t in self.s.lexicon("lang")]
        self._columns: dict[str, array] = {}
        self._lazy_columns: dict[str, LazyColumn] = {}
        self._headline_lookups = 0
        self._np_columns: dict[str, np.ndarray] = {}  # (NumPy is imported when needed)
        self.pn = self.column("pn", "H")
        self._aid_by_head: dict[int, str] = {}
        self._heads: dict[int, dict] = {}
        self._blocks: dict[tuple[str, bytes], list] = {}
        self._docsets: dict[tuple[str, bytes], set[int]] = {}
        self._lang_sizes: Counter | None = None
        self._prefixed: dict[tuple[str, str, int], list[str]] = {}
        self._expansions: dict[object, list[tuple[str, bytes]]] = {}
        self._phrases: dict[tuple, dict[int, int]] = {}
        self._lang_heads: dict[str, frozenset[int]] = {}
        self._story_map = None  # StoryMap, or False: none

    def close(self) -> None:
        for lazy in self._lazy_columns.values():
            lazy.close()  # (a mapped file left open would keep it from being removed)
        self._lazy_columns.clear()
        self.s.close()

    # ------------------------------------------------------------ counts

    def doc_count(self) -> int:
        """Documents in the index (headlines, paragraphs and file records)."""
        return self.s.doc_count()

    def doc_count_all(self) -> int:
        return self.reader.doc_count_all()

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return self.reader.doc_frequency(fieldname, text)

    def field_length(self, fieldname: str) -> int:
        return self.reader.field_length(fieldname)

    def article_count(self) -> int:
        return self.reader.doc_frequency("kind", HEADLINE)

    def paragraph_count(self) -> int:
        return self.reader.doc_frequency("kind", PARAGRAPH)

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int) -> Iterator[str]:
        return self.reader.terms_within(fieldname, text, maxdist, prefix=prefix)

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """At most ``limit`` terms of a field that start with ``prefix`` (kept on the
        session: a suggestion asks again for each language's term of a word)."""
        key = (fieldname, prefix, limit)
        out = self._prefixed.get(key)
        if out is None:
            out = []
            for term in self.reader.expand_prefix(fieldname, prefix):
                if len(out) == limit:
                    break
                out.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            self._prefixed[key] = out
        return list(out)

    def lexicon(self, fieldname: str) -> set[str]:
        """Every term of a field."""
        return {t.decode("utf-8") if isinstance(t, bytes) else t for t in self.s.lexicon(fieldname)}

    def language_counts(self) -> Counter:
        """Documents per language code (articles' headlines and paragraphs alike)."""
        return Counter({lang: self.reader.doc_frequency("lang", lang) for lang in self.langs})

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and the last date of the dated articles."""
        missing = (0, 2**64 - 1)  # (no column in a segment; none in a document)
        values = [v for v in self.column("date", "Q") if v not in missing]
        if not values:
            return None, None
        return self.date_of(min(values)), self.date_of(max(values))

    def date_of(self, value: int) -> dt.date:
        """The date a value of the ``date`` column stands for."""
        return self.reader.schema["date"].from_column_value(value).date()

    # ------------------------------------------------------------ columns

    def column(self, name: str, typecode: str, lengths: bool = False) -> array:
        """A numeric column over every document (``lengths``: a field's length bytes)."""
        key = f"{name}:{lengths}"
        if key not in self._columns:
            out = array(typecode)
            for reader, base in self.reader.leaf_readers():
                out.extend([0] * (base - len(out)))
                out.extend(_column_array(reader, name, typecode, lengths))
            out.extend([0] * (self.reader.doc_count_all() - len(out)))
            self._columns[key] = out
        return self._columns[key]

    def column_at(self, name: str, typecode: str, lengths: bool = False) -> array | LazyColumn:
        """:meth:`column` for a few documents: each value read where it lies on disk,
        when asked for, rather than the whole column (seven million values in a
        1 GB archive, for a query that matches a few thousand documents)."""
        key = f"{name}:{lengths}"
        if key in self._columns:  # (read whole already)
            return self._columns[key]
        lazy = self._lazy_columns.get(key)
        if lazy is None:
            lazy = self._lazy_columns[key] = LazyColumn(self.reader, name, typecode, lengths)
        return lazy

    def np_column(self, name: str, typecode: str, lengths: bool = False) -> np.ndarray:
        """:meth:`column` as a NumPy array (a copy, made once per session)."""
        key = f"np:{name}:{lengths}"
        if key not in self._np_columns:
            import numpy as np  # (here: its import takes longer than a small search)

            values = self.column(name, typecode, lengths)
            # (a view of the column, not a copy: never written to)
            self._np_columns[key] = np.frombuffer(values, dtype=values.typecode)
        return self._np_columns[key]

    def np_values(self, name: str, typecode: str, docs: np.ndarray, lengths: bool = False):
        """A numeric column's values for ``docs`` (a NumPy array of document numbers):
        from the whole column when it is read already or ``docs`` are a large part of
        the archive, else gathered where they lie (a 1 GB archive's column holds
        seven million values; a query of 20,000 articles needs those few)."""
        read = f"{name}:{lengths}" in self._columns or f"np:{name}:{lengths}" in self._np_columns
        if read or len(docs) * WHOLE_COLUMN_SHARE > len(self.pn):
            return self.np_column(name, typecode, lengths)[docs]
        return self.column_at(name, typecode, lengths).take(docs)

    # ------------------------------------------------------------ postings

    def term_blocks(self, fieldname: str, text: str | bytes) -> list:
        """A term's postings a block at a time: (document numbers, weights) pairs.

        Whoosh's matchers hand out one posting per call; a common word has
        hundreds of thousands. Its posting blocks hold arrays of document
        numbers and weights (a word's weight is its number of occurrences),
        read here whole, once per session (matching and ranking both need
        them). Deleted documents are left out.
        """
        if isinstance(text, str):
            text = text.encode("utf-8")
        key = (fieldname, text)
        if key not in self._blocks:
            self._blocks[key] = list(_read_blocks(self.reader, fieldname, text))
        return self._blocks[key]

    def term_docs(self, fieldname: str, text: str | bytes) -> set[int]:
        """The documents holding a term, built once per session: never change the set."""
        if isinstance(text, str):
            text = text.encode("utf-8")
        key = (fieldname, text)
        docs = self._docsets.get(key)
        if docs is None:
            docs = set()
            for ids, _weights in self.term_blocks(fieldname, text):
                docs.update(ids)
            self._docsets[key] = docs
        return docs

    def lang_docs(self, lang: str) -> set[int]:
        """The documents (headlines and paragraphs) of a language."""
        return self.term_docs("lang", lang)

    def lang_size(self, langs: Iterable[str]) -> int:
        """About how many documents these languages have (deleted ones included)."""
        sizes = self._lang_sizes
        if sizes is None:
            sizes = self._lang_sizes = self.language_counts()
        return sum(sizes[lang] for lang in langs)

    def expansions(self, leaf: q.Leaf) -> list[tuple[str, bytes]]:
        """The (field, word) pairs a prefix, wildcard, fuzzy word or range stands for.

        Expanding walks the words of every segment; a search needs the list
        several times (the limit check, matching, ranking, highlighting).
        """
        if leaf not in self._expansions:
            found = []
            for n, term in enumerate(to_whoosh(leaf)._btexts(self.reader), 1):
                if n > q.MAX_EXPANSIONS and leaf.field == "text":
                    raise QueryError(
                        f"{q.pattern(leaf)} matches more than {q.MAX_EXPANSIONS:,} different words",
                        hint="Make it more specific: a longer prefix, fewer wildcards.",
                    )
                found.append((leaf.field, term))
            self._expansions[leaf] = found
        return self._expansions[leaf]

    def term_positions(
        self, fieldname: str, text: str | bytes, docs: set[int]
    ) -> dict[int, list[int]]:
        """The word positions of a term in each of ``docs`` that holds it (NEAR, SENTENCE).

        Only the posting blocks that hold one of ``docs`` have their positions
        decoded, and only for those documents.
        """
        if isinstance(text, str):
            text = text.encode("utf-8")
        found: dict[int, list[int]] = {}
        if not docs:
            return found
        for leaf, base in self.reader.leaf_readers():
            if (fieldname, text) not in leaf:
                continue
            end = base + leaf.doc_count_all()
            wanted = {d - base for d in docs if base <= d < end}
            if not wanted:
                continue
            fmt = leaf.schema[fieldname].format
            decode = _fast_positions if type(fmt) is PackedPositions else fmt.decode_positions
            m = leaf._terms.matcher(fieldname, text, fmt)
            if not isinstance(m, W3LeafMatcher):  # postings kept in the term's own record
                while m.is_active():
                    if m.id() in wanted:
                        found[base + m.id()] = decode(m.value())
                    m.next()
                continue
            while m.is_active():
                m._read_ids()
                ids = m._ids
                common = wanted.intersection(ids)
                if common:
                    m._read_values()
                    values = m._values
                    for d in common:
                        found[base + d] = decode(values[bisect_left(ids, d)])
                m._next_block()
        return found

    def query_docs(self, node: q.Node) -> set[int]:
        """Documents matching a query node, by Whoosh's own matchers (phrases, filters)."""
        if isinstance(node, q.Phrase):
            return set(self.phrase_matches(node))
        return set(self.s.docs_for_query(to_whoosh(node)))

    def phrase_matches(self, leaf: q.Phrase) -> dict[int, int]:
        """{document: matches} of a phrase over the whole index, found once per session
        (every language's evaluation, and the ranking, ask for the same phrase)."""
        key = (leaf.field, leaf.words, leaf.slop)
        found = self._phrases.get(key)
        if found is None:
            found = {}
            m = to_whoosh(q.Phrase(leaf.field, leaf.words, leaf.slop)).matcher(self.s)
            while m.is_active():
                try:
                    found[m.id()] = len(m.spans()) or 1
                except Exception:  # a matcher without positions: count the match once
                    found[m.id()] = 1
                m.next()
            self._phrases[key] = found
        return found

    def phrase_counts(self, leaf: q.Leaf, docs: set[int]) -> dict[int, float]:
        """How often ``leaf`` (a phrase) matches in each of ``docs``."""
        found = self.phrase_matches(leaf)
        if len(docs) < len(found):
            return {d: found[d] for d in docs if d in found}
        return {d: n for d, n in found.items() if d in docs}

    # ------------------------------------------------------------ articles

    @functools.cached_property
    def all_heads(self) -> set[int]:
        """Every headline document."""
        return self.term_docs("kind", HEADLINE)

    def headlines_among(self, docs: Iterable[int]) -> set[int]:
        """Which of ``docs`` are headlines, without reading every headline's posting
        (the few documents of one file, say, in an archive of a million articles):
        those with a tie key. In an index older than TIED_HEADS_FORMAT, each
        segment's postings of the headline term are skipped to the documents asked
        about, a block at a time, until so many lookups that reading every headline
        once is cheaper."""
        if "all_heads" in self.__dict__:
            return set(docs) & self.all_heads
        if self._tied_heads:
            # a value of the tie column each, read where it lies (about a µs): the
            # same cost in an archive of any size, for any number of lookups
            ties = self.column_at("tie", "Q")
            return {d for d in docs if ties[d]}
        self._headline_lookups += 1
        if self._headline_lookups > HEADLINE_LOOKUPS:  # (every copy of a long list's stories)
            return set(docs) & self.all_heads
        wanted = sorted(docs)
        found: set[int] = set()
        term = HEADLINE.encode("utf-8")
        for leaf, base in self.reader.leaf_readers():
            start = bisect_left(wanted, base)
            stop = bisect_left(wanted, base + leaf.doc_count_all())
            if start == stop or ("kind", term) not in leaf:
                continue
            m = leaf.postings("kind", term)
            for d in wanted[start:stop]:
                local = d - base
                if m.is_active() and m.id() < local:
                    m.skip_to(local)
                if not m.is_active():
                    break
                if m.id() == local:
                    found.add(d)
        return found

    def lang_heads(self, lang: str) -> frozenset[int]:
        """The headline documents of a language's articles (found once per session: every
        query evaluated in that language starts from them)."""
        found = self._lang_heads.get(lang)
        if found is None:
            found = self._lang_heads[lang] = frozenset(
                self.term_docs("lang", lang) & self.all_heads
            )
        return found

    def head_of(self, docnum: int) -> int:
        return docnum - self.pn[docnum]

    def aid_at(self, head: int) -> str:
        """The id of the article whose headline is document ``head``."""
        aid = self._aid_by_head.get(head)
        if aid is None:
            aid = self._aid_by_head[head] = self.s.stored_fields(head).get("aid", "")
        return aid

    def stored(self, docnum: int) -> dict:
        """A document's stored fields, as Whoosh keeps them."""
        return self.s.stored_fields(docnum)

    @functools.cached_property
    def _segments(self) -> tuple[list[int], list]:
        """The first document number of each segment, and its reader."""
        leaves = list(self.reader.leaf_readers())
        return [base for _r, base in leaves], [r for r, _b in leaves]

    def headline(self, head: int) -> dict:
        """Stored fields of a headline document, with its paragraphs unpacked."""
        fields = self._heads.get(head)
        if fields is None:
            # Read from the segment's own column: Whoosh's stored_fields() would also
            # check every key against the schema, a fifth of the time it takes (and
            # SENTENCE(...) reads the text of every article it may match).
            bases, readers = self._segments
            i = bisect_right(bases, head) - 1
            fields = dict(readers[i]._perdoc.stored_fields(head - bases[i]))
            fields["paragraphs"] = unpack_paragraphs(fields.pop("paras", None))
            self._heads[head] = fields
        return fields

    def doc_text(self, docnum: int, fieldname: str) -> str:
        """The stored text of a document's field: the headline's title, a paragraph's text."""
        n = self.pn[docnum]
        head = self.headline(docnum - n)
        if n == 0:
            return head.get(fieldname) or "" if fieldname == "title" else ""
        paragraphs = head["paragraphs"]
        return paragraphs[n - 1] if fieldname == "text" and n <= len(paragraphs) else ""

    def first_docs(self, fieldname: str, term: str, count: int) -> list[int]:
        """The first ``count`` documents whose ``fieldname`` holds ``term``."""
        out = []
        for docnum in self.s.docs_for_query(wq.Term(fieldname, term)):
            if len(out) == count:
                break
            out.append(docnum)
        return out

    def heads_where(self, **terms: str) -> list[int]:
        """Headline documents whose untokenized fields hold these values (aid=..., path=...)."""
        return list(self.s.document_numbers(kind=HEADLINE, **terms))

    def headlines(self) -> Iterable[dict]:
        """The stored fields of every article's headline."""
        return self.s.documents(kind=HEADLINE)

    def file_records(self) -> Iterable[dict]:
        """The stored fields of every file's record."""
        return self.s.documents(kind=FILE)

    def settings_records(self) -> Iterable[dict]:
        """The stored fields of every folder's settings."""
        return self.s.documents(kind=SETTINGS)

    def story_map(self):
        """The index's :class:`newsgrep.stories.StoryMap` (``get(address)``: an article's
        story of more than one); None when the index has no stories (before format 12)."""
        if self._story_map is None:
            from ..stories import pack_story_map, read_story_map

            found = [self._story_map_bytes(d) for d in self.s.document_numbers(kind=STORY_MAP)]
            if not found:
                empty = self.article_count() == 0
                self._story_map = read_story_map(pack_story_map([])) if empty else False
            else:
                try:
                    self._story_map = read_story_map(found[-1])
                except ValueError as e:
                    raise damaged(self.path, e) from e
        return self._story_map if self._story_map is not False else None

    def _story_map_bytes(self, docnum: int) -> bytes:
        """The map the document ``docnum`` holds: in its column (read from that
        document's segment alone), or stored, in an index made before."""
        data = self.s.stored_fields(docnum).get("storymap") or b""
        if data:
            return data
        for leaf, offset in self.reader.leaf_readers():
            if offset <= docnum < offset + leaf.doc_count_all():
                if leaf.has_column("smap"):
                    return leaf.column_reader("smap")[docnum - offset]
                break
        return data


def _column_reader(reader, name: str, lengths: bool):
    """One segment's reader of a numeric column, None where the segment has none."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:  # an index with no segment at all
        return None
    if lengths:
        column_name, column = f"_{name}_len", LENGTHS_COLUMN
    elif name not in reader.schema:  # a column an older index does not have: all 0
        return None
    else:
        column_name, column = name, reader.schema[name].column_type
    if not perdoc.has_column(column_name):
        return None
    return perdoc.column_reader(column_name, column)


#: After this many calls of ``Session.headlines_among`` a session reads every
#: headline once (44 ms at 100 MB) instead of skipping postings call by call
#: (in an index older than TIED_HEADS_FORMAT).
HEADLINE_LOOKUPS = 64
#: The first index format whose headlines all have a tie key (schema.tie_key, never
#: 0) in the ``tie`` column, the only documents with one: earlier formats (9-11) may
#: hold headlines written before the column, or merged into a segment with it as 0.
TIED_HEADS_FORMAT = 12


#: ``Session.np_values`` reads a whole column when the documents asked about are
#: more than this share of the archive's (1/8): gathering each costs several
#: times reading it in a run.
WHOLE_COLUMN_SHARE = 8

#: Values a lazy column keeps, at least, before it forgets them.
KEPT_VALUES = 65536


class LazyColumn:
    """A numeric column over every document, read a value at a time where it lies
    (big-endian, fixed width, as :func:`_column_array` reads it whole); the values
    read are kept, up to a bound."""

    def __init__(self, reader, name: str, typecode: str, lengths: bool) -> None:
        self._size = reader.doc_count_all()
        self._typecode = typecode
        self._bases: list[int] = []
        self._parts: list[tuple] = []
        for leaf, base in reader.leaf_readers():
            col = _column_reader(leaf, name, lengths)
            self._bases.append(base)
            self._parts.append(
                (None, 0, 0, 0, 0) if col is None
                else (col._dbfile, col._basepos, col._fixedlen, col._count, col._default)
            )  # fmt: skip
        self._views: dict[int, object] = {}
        self._values: dict[int, int] = {}
        # values kept at most: reading one again from the mapped file costs ~1 µs
        self._keep = max(KEPT_VALUES, self._size // 25)

    def __len__(self) -> int:
        return self._size

    def close(self) -> None:
        for view in self._views.values():
            if view:
                view.close()
        self._views.clear()

    def __getitem__(self, docnum: int) -> int:
        value = self._values.get(docnum)
        if value is None:
            if not 0 <= docnum < self._size:
                raise IndexError(docnum)
            k = bisect_right(self._bases, docnum) - 1
            dbfile, basepos, width, count, default = self._parts[k]
            local = docnum - self._bases[k]
            if dbfile is None:
                value = 0
            elif local >= count:
                value = default
            else:
                at = basepos + local * width
                view = self._views.get(k)
                if view is None:
                    view = self._views[k] = _mapped(dbfile)
                raw = view[at : at + width] if view else dbfile.get(at, width)
                value = int.from_bytes(raw, "big")
            if len(self._values) >= self._keep:
                self._values.clear()  # a long batch or watch session: memory stays bounded
            self._values[docnum] = value
        return value

    def take(self, docs: np.ndarray) -> np.ndarray:
        """The values of ``docs`` (an array of document numbers, in any order) as a
        NumPy array, gathered from each segment's mapped column file: the pages of
        those values are read, not the whole column."""
        import numpy as np

        out = np.zeros(len(docs), dtype=np.dtype(self._typecode))
        if not len(docs):
            return out
        order = np.argsort(docs, kind="stable")
        ordered = docs[order]
        if ordered[0] < 0 or ordered[-1] >= self._size:
            raise IndexError(int(ordered[0] if ordered[0] < 0 else ordered[-1]))
        edges = np.searchsorted(ordered, [*self._bases[1:], self._size])
        start = 0
        for k, stop in enumerate(edges.tolist()):
            if start == stop:
                continue
            dbfile, basepos, width, count, default = self._parts[k]
            local = ordered[start:stop] - self._bases[k]
            at = order[start:stop]
            start = stop
            if dbfile is None:
                continue  # (zeros: a column this segment does not have)
            view = self._views.get(k)
            if view is None:
                view = self._views[k] = _mapped(dbfile)
            raw = view if view else dbfile.get(basepos, count * width)
            values = np.frombuffer(raw, dtype=f">u{width}", count=count,
                                   offset=basepos if view else 0)  # fmt: skip
            inside = local < count
            out[at[inside]] = values[local[inside]]
            out[at[~inside]] = default
            del values
            if view:  # the pages read stay in the page cache, not in this process's memory
                view.madvise(mmap.MADV_DONTNEED)
        return out


def _mapped(dbfile):
    """The column's file mapped in memory (a value is then a slice, not a seek and a
    read); False where it cannot be (a file inside a compound segment)."""
    import mmap

    try:
        return mmap.mmap(dbfile.file.fileno(), 0, access=mmap.ACCESS_READ)
    except (AttributeError, OSError, ValueError):
        return False


def _column_array(reader, name: str, typecode: str, lengths: bool) -> array:
    """One segment's numeric column as an array, read at once rather than value by value."""
    doccount = reader.doc_count_all()
    col = _column_reader(reader, name, lengths)
    if col is None:
        return array(typecode, bytes(doccount * array(typecode).itemsize))
    out = array(typecode)
    out.frombytes(col._dbfile.get(col._basepos, col._count * col._fixedlen))
    if sys.byteorder == "little" and out.itemsize > 1:
        out.byteswap()  # columns are big-endian
    out.extend([col._default] * (doccount - len(out)))
    return out


def _fast_positions(value: bytes) -> list[int]:
    """PackedPositions' deltas, added up in C when each fits in one byte (nearly always)."""
    if value and max(value) < 0x80:
        return list(accumulate(value))
    return _PACKED.decode_positions(value)


_PACKED = PackedPositions()


def _read_blocks(reader, fieldname: str, text: bytes):
    for leaf, base in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        deleted = frozenset(leaf._perdoc.deleted_docs()) if leaf.has_deletions() else None
        m = leaf._terms.matcher(fieldname, text, leaf.schema[fieldname].format)
        if not isinstance(m, W3LeafMatcher):  # not expected from this codec
            m = leaf.postings(fieldname, text)
            pairs = list(m.items_as("weight"))
            yield [base + d for d, _w in pairs], [w for _d, w in pairs]
            continue
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids, weights = m._ids, m._weights
            if deleted:
                kept = [i for i, d in enumerate(ids) if d not in deleted]
                ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
            yield (ids if not base else list(map(base.__add__, ids))), weights
            m._next_block()


def to_whoosh(node: q.Node) -> wq.Query:
    """The Whoosh query for a query node of :mod:`newsgrep.query`."""
    if isinstance(node, q.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, q.Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop, boost=node.boost)
    if isinstance(node, q.And):
        return wq.And([to_whoosh(c) for c in node.children], boost=node.boost)
    if isinstance(node, q.Or):
        return wq.Or([to_whoosh(c) for c in node.children], boost=node.boost)
    if isinstance(node, q.Not):
        return wq.Not(to_whoosh(node.child))
    if isinstance(node, q.AndNot):
        return wq.AndNot(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, q.AndMaybe):
        return wq.AndMaybe(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, q.Require):
        return wq.Require(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, q.Prefix):
        return wq.Prefix(node.field, node.text, boost=node.boost)
    if isinstance(node, q.Wildcard):
        return wq.Wildcard(node.field, node.text, boost=node.boost)
    if isinstance(node, q.Fuzzy):
        return wq.FuzzyTerm(node.field, node.text, boost=node.boost, maxdist=node.maxdist,
                            prefixlength=node.prefixlength)  # fmt: skip
    if isinstance(node, q.TermRange):
        return wq.TermRange(node.field, node.start, node.end, node.startexcl, node.endexcl,
                            boost=node.boost)  # fmt: skip
    if isinstance(node, q.DateRange):
        return wq.DateRange(node.field, node.start, node.end)
    if isinstance(node, q.Every):
        return wq.Every(node.field)
    if isinstance(node, q.Nothing):
        return wq.NullQuery
    raise TypeError(f"not a query node: {node!r}")
