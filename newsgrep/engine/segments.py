"""Building segments: documents straight into Whoosh segment files, in this process or in workers.

A run's files are read and indexed into new segments, each of at most
SEGMENT_POSTINGS postings, by one process per CPU when there are enough of
them (``spawn``ed, each writing its own segments); the run's
:class:`~newsgrep.engine.store.IndexWriter` commits them all at once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import struct
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .. import analysis, stories, variants
from ..articles import Article, retried
from ..errors import NewsgrepError
from ..results import Skipped
from . import shims
from .codec import LITTLE, NewsCodec, PackedPositions, block_bytes
from .schema import (
    FILE,
    SETTINGS,
    STORIES,
    STORY_MAP,
    NameKeyTokenizer,
    NewsTokenizer,
    article_documents,
    article_from_stored,
    file_record,
)
from .store import INDEX_NAME, discard_segment

with shims.loading():
    from whoosh.analysis import IDTokenizer
    from whoosh.codec.base import Segment
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3TermInfo
    from whoosh.columns import NumericColumn
    from whoosh.formats import Existence
    from whoosh.index import FileIndex
    from whoosh.system import pack_uint, pack_ushort
    from whoosh.util.numeric import byte_to_length, length_to_byte

#: What reading one file gives: its articles, ready to index, and the reasons
#: it was (partly) skipped.
Read = Callable[[], tuple[list[Article], list[str]]]
#: A file to index: (path, signature, read).
Task = tuple[str, str, Read]


@dataclass
class FileResult:
    """What indexing one file gave, for the run's summary."""

    path: str
    articles: int = 0
    paragraphs: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)
    shown: str | None = None  # the path as the user typed it, where it differs
    #: Per article: (address, date, id, source, story signature, paragraph keys), for the
    #: run's stories.
    sketches: list[tuple] = field(default_factory=list)


def index_file(path: str, sig: str, read: Read, add: Callable[[dict], None]) -> FileResult:
    """Read one file and hand its documents to ``add``, its file record last."""
    result = FileResult(path)
    articles, reasons = read()
    shown = result.shown = articles[0].shown if articles else None
    result.skipped = [Skipped(shown or path, reason) for reason in reasons]
    for article in articles:
        result.formats[article.format or "other"] += 1
        for doc in article_documents(article, sig):
            add(doc)
        found = stories.sketch(article.title, article.paragraphs)
        result.sketches.append(
            (
                article.address,
                article.date,
                article.id,
                article.source,
                found.signature,
                found.paragraphs,
            )
        )
        result.paragraphs += len(article.paragraphs)
    result.articles = len(articles)
    reason = reasons[0] if reasons else None
    if retried(reason):  # a record that matches no file: the next run reads it again
        sig = RETRY_SIG + sig
    add(file_record(path, sig, reason, result.articles, result.paragraphs, shown))
    return result


#: Put before the signature of a file whose reading failed for a reason that may pass.
RETRY_SIG = "retry:"


#: Postings a segment builder holds in memory before it writes its segment.
SEGMENT_POSTINGS = 2_000_000


class SegmentBuilder:
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

    def finish(self) -> Segment | None:
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
        self.segment.newsgrep_postings = self.size  # (pickled with it: see merge_plan)
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
        blob = b"W3Bl" + block_bytes(
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
        if LITTLE and data.itemsize > 1:  # columns are big-endian
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
        discard_segment(self.storage, self.segment)


def build_segments(
    ix: FileIndex,
    todo: Sequence[Task],
    take: Callable[[FileResult], None],
    jobs: int | None,
    extra: Iterable[dict] = (),
) -> list[Segment]:
    """Index the files of ``todo`` into new segments; ``take`` gets each file's result.

    ``extra`` are documents to add as they are (folders' settings).
    """
    extra = list(extra)
    if jobs is None:  # as many as the machine has, when there is enough to share
        jobs = min(os.cpu_count() or 1, len(todo) // FILES_PER_TASK + 1)
    if jobs <= 1 or not todo:
        return _build_here(ix, todo, take, extra)
    first = write_documents(ix, extra)
    if first:
        try:
            return [first, *build_segments(ix, todo, take, jobs)]
        except BaseException:
            discard_segment(ix.storage, first)
            raise
    per_task = max(1, min(FILES_PER_TASK, len(todo) // (4 * jobs)))
    return _build_in_workers(ix, todo, take, jobs, per_task)


#: Files one worker takes at a time.
FILES_PER_TASK = 32


class _Segments:
    """Files indexed one after another into segments of at most ``limit`` postings each.

    What reading the files left in reference cycles is collected when a
    segment is written, and when this ends: the ``newsgrep`` command and its
    indexing processes run with the cycle collector's full passes paused
    (see :func:`newsgrep.__main__.pause_full_collections`).
    """

    def __init__(self, storage, schema, limit: int) -> None:
        self.storage, self.schema, self.limit = storage, schema, limit
        self.builder = SegmentBuilder(storage, schema)

    def index(self, path: str, sig: str, read: Read) -> tuple[FileResult, Segment | None]:
        """Index one file; the segment it completed, if the limit was passed."""
        result = index_file(path, sig, read, self.builder.add)
        return result, self.roll()

    def add(self, docs: Iterable[dict]) -> Segment | None:
        """Add documents that belong together (an article's); the segment they completed."""
        for doc in docs:
            self.builder.add(doc)
        return self.roll()

    def roll(self) -> Segment | None:
        """Write the segment being built once it holds more than ``limit`` postings."""
        if self.builder.size <= self.limit:
            return None
        full, self.builder = self.builder, SegmentBuilder(self.storage, self.schema)
        try:
            segment = full.finish()
        except BaseException:
            full.discard()  # no half-written segment files left behind
            raise
        del full
        gc.collect()
        return segment

    def finish(self) -> Segment | None:
        """The last segment, or None if nothing is left in it."""
        try:
            segment = self.builder.finish()
        finally:
            gc.collect()
        self.builder = None  # (kept until then: discard() removes a half-written one)
        return segment

    def discard(self) -> None:
        try:
            if self.builder is not None:
                self.builder.discard()
        finally:
            gc.collect()


def stored_documents(fields: dict) -> list[dict]:
    """The documents a live document's stored fields stand for, as they were first written.

    A headline stands for its whole article (its paragraphs are written
    again from the text stored with it); a paragraph stands for nothing of
    its own; a file's record and a folder's settings are themselves again.
    """
    if "aid" in fields:  # a headline
        return list(article_documents(article_from_stored(fields), fields.get("sig")))
    if "root" in fields:
        return [{**fields, "kind": SETTINGS}]
    if "narticles" in fields:
        return [{**fields, "kind": FILE}]
    if "stories" in fields:
        return [{**fields, "kind": STORIES}]
    if "storymap" in fields:
        return [{**fields, "kind": STORY_MAP}]
    return []


def rewrite(ix: FileIndex, segments: list[Segment]) -> list[Segment]:
    """The live documents of ``segments``, written again into new segments, in their order.

    Nothing is read from the articles' files: the text and metadata stored
    in the index are written again with the same analysis, so the new
    segments hold exactly what a fresh build would (and none of the deleted
    documents).
    """
    from whoosh.reading import SegmentReader

    building = _Segments(ix.storage, ix.schema, SEGMENT_POSTINGS)
    done: list[Segment] = []
    try:
        for segment in segments:
            reader = SegmentReader(ix.storage, ix.schema, segment)
            try:
                smap = reader.column_reader("smap") if reader.has_column("smap") else None
                for docnum in range(reader.doc_count_all()):
                    if reader.is_deleted(docnum):
                        continue
                    fields = reader.stored_fields(docnum)
                    if smap is not None and fields.get("storymap") == b"":
                        fields["smap"] = smap[docnum]  # the map is in its column
                    docs = stored_documents(fields)
                    if docs:
                        full = building.add(docs)
                        if full:
                            done.append(full)
            finally:
                reader.close()
        last = building.finish()
    except BaseException:
        building.discard()
        for segment in done:
            discard_segment(ix.storage, segment)
        raise
    return [*done, last] if last else done


#: Small segments of about the same size (within a factor of MERGE_FACTOR)
#: are merged once there are MERGE_FACTOR of them.
MERGE_FACTOR = 4
#: A segment whose documents are deleted in this share or more is written again.
DELETED_SHARE = 0.3


def segment_postings(segment: Segment) -> int | None:
    """The postings a segment was written with (None: written before newsgrep kept count)."""
    return getattr(segment, "newsgrep_postings", None)


def merge_plan(segments: list[Segment], changed: bool, compact: bool) -> tuple[list, list]:
    """(segments kept as they are, segments to write again) after a run.

    A run that changed nothing merges nothing. Otherwise segments with no
    live document are dropped; a segment with DELETED_SHARE of its
    documents deleted is written again (its deleted documents then take no
    room); and small segments (under a MERGE_FACTORth of SEGMENT_POSTINGS)
    are merged by tiers of their size in postings, MERGE_FACTOR of a tier
    becoming one of the next, so many small runs leave a number of segments
    that grows with the logarithm of the archive. The segments of a build
    (full ones, and those of indexes written before their postings were
    counted) are never merged by size: only what a run deleted from them
    makes them be written again. ``compact`` writes every segment again,
    into one.
    """
    live = [s for s in segments if s.doc_count() > 0]
    if compact:
        return [], live if len(live) > 1 or any(s.has_deletions() for s in live) else []
    if not changed:
        return list(segments), []
    keep, again = [], []
    for s in live:
        if s.deleted_count() >= DELETED_SHARE * s.doc_count_all():
            again.append(s)
        else:
            keep.append(s)
    small = SEGMENT_POSTINGS // MERGE_FACTOR
    tiers: dict[int, list] = {}
    for s in keep:
        postings = segment_postings(s)
        if postings is None or postings >= small:
            continue
        tier = 0
        while MERGE_FACTOR ** (tier + 1) <= postings:
            tier += 1
        tiers.setdefault(tier, []).append(s)
    for group in tiers.values():
        if len(group) >= MERGE_FACTOR:
            again += group
            keep = [s for s in keep if s not in group]
    return keep, again


def write_documents(ix: FileIndex, docs: Iterable[dict]) -> Segment | None:
    """A segment of ``docs`` as they are, or None when there are none."""
    builder = SegmentBuilder(ix.storage, ix.schema)
    try:
        for doc in docs:
            builder.add(doc)
        return builder.finish()
    except BaseException:
        builder.discard()
        raise


def _build_here(ix, todo, take, extra: list[dict] = ()) -> list:
    segments = []
    building = _Segments(ix.storage, ix.schema, SEGMENT_POSTINGS)
    try:
        building.add(extra)
        for path, sig, read in todo:
            result, full = building.index(path, sig, read)
            take(result)
            if full:
                segments.append(full)
        last = building.finish()
    except BaseException:
        building.discard()
        for segment in segments:
            discard_segment(ix.storage, segment)
        raise
    return [*segments, last] if last else segments


def _build_in_workers(ix, todo, take, jobs: int, per_task: int) -> list:
    """Index in ``jobs`` processes, each writing its own segments; ours commits them."""
    import multiprocessing
    import queue

    # The workers read and analyse every file; the language model the archive's
    # main language was told with (70 MB) is of no more use here.
    analysis.forget_language_model()
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
            discard_segment(ix.storage, segment)
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
    from ..__main__ import pause_full_collections

    pause_full_collections()
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
