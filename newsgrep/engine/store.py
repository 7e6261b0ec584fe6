"""The index folder: opening and creating it, its format and damage checks, the writer.

An index folder holds Whoosh's files (a table of contents per generation,
the files of each segment) and ``newsgrep.json``: the format number and,
after each commit, the size of every file of the committed generation.
``newsgrep.json`` is read before Whoosh unpickles anything, so an index of
another format, or one whose pickled class paths cannot be loaded, is a
clear error with the command that repairs it, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import struct
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..errors import IndexDamagedError, IndexLockedError, IndexMissingError, NewsgrepError
from . import shims
from .codec import NewsCodec
from .schema import FILE, SETTINGS, make_schema, settings_record

with shims.loading():
    import whoosh.index
    from whoosh.codec.base import Segment
    from whoosh.filedb.filestore import Storage

#: Bumped whenever the schema or the analysis changes what is in an index.
INDEX_FORMAT = 11
#: Formats this version can search (older ones lack fields that are then
#: taken as their defaults: before 11, quotations); only INDEX_FORMAT is written.
READABLE_FORMATS = frozenset({9, 10, 11})
FORMAT_FILE = "newsgrep.json"
INDEX_NAME = "newsgrep"
_TOC = re.compile(rf"_{INDEX_NAME}_(\d+)\.toc")

#: What reading a truncated, missing or garbled index file raises.
DAMAGE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)
#: What unpickling a table of contents raises besides: classes it names that
#: cannot be imported, or state they cannot take.
UNPICKLING_ERRORS = (*DAMAGE_ERRORS, AttributeError, ImportError, TypeError, ValueError, IndexError)


def reason(e: BaseException) -> str:
    """A short description of what went wrong while reading index files."""
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror}: {Path(e.filename).name}" if e.filename else e.strerror
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def _has_toc(path: Path) -> bool:
    """Whether the folder holds a table of contents (without reading it)."""
    try:
        return any(_TOC.fullmatch(name) for name in os.listdir(path))
    except OSError:
        return False


def _check_format(path: Path, formats: frozenset[int] = READABLE_FORMATS) -> dict:
    try:
        info = json.loads((path / FORMAT_FILE).read_text())
    except (OSError, ValueError) as e:
        raise IndexDamagedError(f"{path} is not a newsgrep index (no {FORMAT_FILE})") from e
    if not isinstance(info, dict) or info.get("format") not in formats:
        found = info.get("format") if isinstance(info, dict) else None
        readable = ", ".join(map(str, sorted(formats)))
        raise IndexDamagedError(
            f"the index at {path} was built by another version of newsgrep "
            f"(format {found}, this one reads {readable})"
        )
    return info


def index_format(path: Path) -> int | None:
    """The format an index folder says it has (None: none it can tell)."""
    try:
        info = json.loads((path / FORMAT_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info.get("format") if isinstance(info, dict) else None


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
    temporary = path / f"{FORMAT_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(info, indent=0) + "\n")
    os.replace(temporary, path / FORMAT_FILE)


def exists(path: Path) -> bool:
    """Whether ``path`` holds an index (of any format, damaged or not)."""
    return _has_toc(path) or (path / FORMAT_FILE).exists()


def open_index(path: Path, formats: frozenset[int] = READABLE_FORMATS) -> whoosh.index.FileIndex:
    """Open an existing index for reading. Raises IndexMissingError if there is none."""
    if not _has_toc(path):
        raise IndexMissingError(f"no index at {path}")
    info = _check_format(path, formats)
    try:
        ix = whoosh.index.open_dir(str(path), indexname=INDEX_NAME)
    except UNPICKLING_ERRORS as e:
        raise IndexDamagedError(f"the index at {path} cannot be read: {reason(e)}") from e
    _check_files(path, info, ix.latest_generation())
    return ix


def create_index(path: Path) -> whoosh.index.FileIndex:
    try:
        path.mkdir(parents=True, exist_ok=True)
        # The format file first: a run killed in between leaves a folder
        # that the next run simply creates again.
        (path / FORMAT_FILE).write_text(json.dumps({"format": INDEX_FORMAT}) + "\n")
        ix = whoosh.index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
    except OSError as e:
        raise NewsgrepError(
            f"cannot create an index at {path}: {e.strerror}",
            hint="Choose a writable folder with --index or NEWSGREP_INDEX.",
        ) from e
    return ix


def _open_for_writing(index_dir: Path, rebuild: bool) -> whoosh.index.FileIndex:
    """The index to update; a new one when there is none (or a damaged one is rebuilt)."""
    if not _has_toc(index_dir):
        return create_index(index_dir)
    try:
        return open_index(index_dir, frozenset({INDEX_FORMAT}))
    except IndexDamagedError as e:
        if rebuild:
            return create_index(index_dir)
        if index_format(index_dir) in READABLE_FORMATS:
            raise IndexDamagedError(
                f"the index at {index_dir} was built by an earlier newsgrep (format "
                f"{index_format(index_dir)}): it can be searched, not updated",
                hint=f"Run `newsgrep index --rebuild PATH...` with the folders it holds"
                f"{_holds(index_dir)} to build it anew.",
            ) from e
        raise


def _holds(index_dir: Path) -> str:
    """' (FOLDER, FOLDER)': the folders an index's files lie in, at their tops."""
    try:
        with whoosh.index.open_dir(str(index_dir), indexname=INDEX_NAME).searcher() as s:
            folders = {os.path.dirname(r["path"]) for r in s.documents(kind=FILE) if "path" in r}
    except Exception:  # noqa: BLE001 - only a hint
        return ""
    tops = sorted(f for f in folders if not any(f.startswith(o + os.sep) for o in folders))
    return f" ({', '.join(tops[:5])}{', ...' if len(tops) > 5 else ''})" if tops else ""


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


@contextlib.contextmanager
def write_lock(index_dir: Path, timeout: float):
    """Hold the index's write lock (the one `newsgrep index` takes) for a small change
    kept beside the index (saved searches). Raises IndexMissingError when there is no
    index, IndexLockedError when another writer keeps it for ``timeout`` seconds."""
    from whoosh.util.filelock import try_for

    ix = open_index(index_dir)
    lock = ix.lock("WRITELOCK")
    try:
        got = try_for(lock.acquire, timeout=timeout, delay=0.1) if timeout else lock.acquire()
    except OSError as e:
        raise NewsgrepError(
            f"cannot write to the index at {index_dir}: {e.strerror}",
            hint="Check the folder's permissions, or choose another with --index.",
        ) from e
    if not got:
        raise IndexLockedError(
            f"the index at {index_dir} is still locked by another writer after {timeout:g} s"
        )
    try:
        yield
    finally:
        lock.release()


class FileRecord(NamedTuple):
    """What a run needs of a file's record: a tuple, not the whole stored dict
    (a re-run holds one per file of the archive)."""

    sig: str | None
    reason: str | None
    narticles: int
    nparas: int
    shown: str | None = None


def discard_segment(storage: Storage, segment: Segment) -> None:
    """Remove whatever files of ``segment`` were written."""
    prefix = f"{INDEX_NAME}_{segment.segid}"
    for name in list(storage):
        if name.startswith(prefix):
            with contextlib.suppress(OSError):
                storage.delete_file(name)


class IndexWriter:
    """One run's changes to the index, under its write lock, committed at once or not at all.

    Files' old documents are deleted by path, new segments are built (see
    :mod:`newsgrep.engine.segments`) and committed together: the new table
    of contents replaces the old one by an atomic rename, so a run that is
    killed or interrupted leaves the index exactly as the previous run left
    it. Used as a context manager, anything raised inside cancels the run.
    """

    def __init__(self, index_dir: Path, rebuild: bool, lock_timeout: float) -> None:
        self.index_dir = index_dir
        self.rebuild = rebuild
        self.ix = _open_for_writing(index_dir, rebuild)
        try:
            # Segments as separate files rather than one compound file: a search
            # then reads from each what it needs, where parts of a compound file
            # were copied into memory (a third of the memory of a search).
            self._writer = self.ix.writer(
                timeout=lock_timeout, limitmb=128, compound=False, codec=NewsCodec()
            )
        except whoosh.index.LockError as e:
            raise IndexLockedError(
                f"the index at {index_dir} is still locked by another writer "
                f"after {lock_timeout:g} s"
            ) from e
        except OSError as e:
            raise NewsgrepError(
                f"cannot write to the index at {index_dir}: {e.strerror}",
                hint="Check the folder's permissions, or choose another with --index.",
            ) from e
        self._remove_leftovers()
        self._segments: list = []
        self._rewritten: list = []  # segments the merge policy wrote again
        self._committing = False
        self._settings: list[dict] = []  # settings documents to add with the run

    def _remove_leftovers(self) -> None:
        """Remove what a run that was killed left behind: segment files no commit names.

        Under the write lock nothing else writes, and searches read only the
        segments of a committed table of contents.
        """
        try:
            keep = {seg.segid for seg in self.ix._segments()}
        except Exception:  # noqa: BLE001 - an index being rebuilt: nothing to keep track of
            return
        keep.add(self._writer.newsegment.segid)
        prefix = f"{INDEX_NAME}_"
        for entry in os.scandir(self.index_dir):
            name = entry.name
            segid = name[len(prefix) :].split(".", 1)[0]
            orphan = name.startswith(prefix) and "." in name and segid not in keep
            temporary = name.startswith(f"{FORMAT_FILE}.")  # a record being written
            if (orphan and name != f"{INDEX_NAME}_WRITELOCK") or temporary:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, kind, error, tb) -> None:
        if error is None:
            return
        self.cancel()
        if isinstance(error, OSError):
            raise NewsgrepError(
                f"cannot write the index at {self.index_dir}: {reason(error)}",
                hint="Nothing was changed: the index is as the previous run left it.",
            ) from error

    def file_records(self) -> dict[str, FileRecord]:
        """The record of every file in the committed index, by path (none when rebuilding)."""
        if self.rebuild:
            return {}
        try:
            with self.ix.searcher() as searcher:
                return {
                    fields["path"]: FileRecord(
                        fields.get("sig"),
                        fields.get("reason"),
                        fields.get("narticles", 0),
                        fields.get("nparas", 0),
                        fields.get("shown"),
                    )
                    for fields in searcher.documents(kind=FILE)
                    if "path" in fields
                }
        except DAMAGE_ERRORS as e:
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged ({reason(e)})"
            ) from e

    def language_counts(self) -> Counter:
        """Articles per language in the committed index (none when rebuilding)."""
        counts: Counter = Counter()
        if self.rebuild:
            return counts
        with self.ix.searcher() as searcher:
            reader = searcher.reader()
            for term in reader.lexicon("lang"):
                lang = term.decode() if isinstance(term, bytes) else term
                counts[lang] = reader.doc_frequency("lang", term)
        return counts

    def delete_file(self, path: str) -> None:
        """Delete a file's record and all its articles' documents (at the commit)."""
        self._writer.delete_by_term("path", path)

    def settings(self) -> dict[str, str]:
        """The settings remembered for each folder (canonical path -> JSON text).

        When the index is rebuilt, they are read from the index being
        replaced, as far as it can be read.
        """
        try:
            with self.ix.searcher() as searcher:
                return {
                    fields["root"]: fields.get("settings", "{}")
                    for fields in searcher.documents(kind=SETTINGS)
                    if "root" in fields
                }
        except (*DAMAGE_ERRORS, KeyError) as e:
            if self.rebuild:
                return {}
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged ({reason(e)})"
            ) from e

    def set_settings(self, root: str, settings: str | None) -> None:
        """Remember ``settings`` (JSON text) for the folder ``root``; None forgets them."""
        self._writer.delete_by_term("root", root)
        if settings is not None:
            self._settings.append(settings_record(root, settings))

    def build(self, todo: list, take: Callable, jobs: int | None) -> None:
        """Index the files of ``todo`` into new segments; ``take`` gets each file's result."""
        from .segments import build_segments

        self._segments += build_segments(self.ix, todo, take, jobs, self._settings)
        self._settings = []

    def new_searcher(self):
        """A searcher over what this run has indexed so far, alone (before the commit):
        the new articles, without the rest of the index (None: nothing new)."""
        from whoosh.reading import MultiReader, SegmentReader
        from whoosh.searching import Searcher

        readers = [SegmentReader(self.ix.storage, self.ix.schema, s) for s in self._segments]
        if not readers:
            return None
        return Searcher(readers[0] if len(readers) == 1 else MultiReader(readers))

    def commit(self, compact: bool = False) -> None:
        """Commit the run, merging segments as :func:`~newsgrep.engine.segments.merge_plan` says.

        ``compact``: write the whole index again, into one segment.
        """
        from .segments import merge_plan, rewrite

        new_segments = self._segments
        changed = bool(new_segments) or self._writer.deleted_count() > 0

        def policy(writer, segments: list) -> list:
            if self.rebuild:
                return list(new_segments)
            keep, again = merge_plan(segments, changed, compact)
            self._rewritten = rewrite(self.ix, again) if again else []
            if compact:  # old and new together, in one segment
                self._rewritten += rewrite(self.ix, new_segments)
                for segment in new_segments:
                    discard_segment(self.ix.storage, segment)
                final = list(self._rewritten)
            else:
                final = keep + new_segments + self._rewritten
            # From here on the segments are Whoosh's to commit: a failure
            # after its table of contents is written must not lose them
            # (the files of a commit that failed before it are removed by
            # the next run).
            self._committing = True
            return final

        self._writer.commit(mergetype=policy)
        # The new segments are Whoosh's now: nothing may discard them.
        self._segments = self._rewritten = []
        with contextlib.suppress(OSError):  # only a check of later reads is lost
            _record_files(self.index_dir)

    def cancel(self) -> None:
        """Drop an unfinished run; the committed index is untouched whatever happens here."""
        writer = self._writer
        if not self._committing:
            for segment in [*self._segments, *self._rewritten]:
                discard_segment(self.ix.storage, segment)
        self._segments = self._rewritten = []
        try:
            writer.cancel()
        except Exception:  # noqa: BLE001 - its temporary files may be gone already
            with contextlib.suppress(Exception):
                writer.writelock.release()
        # The writer's own (empty) segment: its files would wait for the next commit.
        with contextlib.suppress(Exception):
            discard_segment(writer.storage, writer.newsegment)
