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
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..errors import IndexDamagedError, IndexLockedError, IndexMissingError, NewsgrepError
from . import shims
from .codec import NewsCodec
from .schema import FILE, make_schema

with shims.loading():
    import whoosh.index
    from whoosh.codec.base import Segment
    from whoosh.filedb.filestore import Storage

#: Bumped whenever the schema or the analysis changes what is in an index.
INDEX_FORMAT = 9
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


def _check_format(path: Path) -> dict:
    try:
        info = json.loads((path / FORMAT_FILE).read_text())
    except (OSError, ValueError) as e:
        raise IndexDamagedError(f"{path} is not a newsgrep index (no {FORMAT_FILE})") from e
    if not isinstance(info, dict) or info.get("format") != INDEX_FORMAT:
        found = info.get("format") if isinstance(info, dict) else None
        raise IndexDamagedError(
            f"the index at {path} was built by another version of newsgrep "
            f"(format {found}, this one reads {INDEX_FORMAT})"
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
    temporary = path / f"{FORMAT_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(info, indent=0) + "\n")
    os.replace(temporary, path / FORMAT_FILE)


def exists(path: Path) -> bool:
    """Whether ``path`` holds an index (of any format, damaged or not)."""
    return _has_toc(path) or (path / FORMAT_FILE).exists()


def open_index(path: Path) -> whoosh.index.FileIndex:
    """Open an existing index for reading. Raises IndexMissingError if there is none."""
    if not _has_toc(path):
        raise IndexMissingError(f"no index at {path}")
    info = _check_format(path)
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
        return open_index(index_dir)
    except IndexDamagedError:
        if not rebuild:
            raise
        return create_index(index_dir)


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


class FileRecord(NamedTuple):
    """What a run needs of a file's record: a tuple, not the whole stored dict
    (a re-run holds one per file of the archive)."""

    sig: str | None
    reason: str | None
    narticles: int
    nparas: int


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
        self._segments: list = []

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
                    )
                    for fields in searcher.documents(kind=FILE)
                    if "path" in fields
                }
        except DAMAGE_ERRORS as e:
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged ({reason(e)})"
            ) from e

    def delete_file(self, path: str) -> None:
        """Delete a file's record and all its articles' documents (at the commit)."""
        self._writer.delete_by_term("path", path)

    def build(self, todo: list, take: Callable, jobs: int | None) -> None:
        """Index the files of ``todo`` into new segments; ``take`` gets each file's result."""
        from .segments import build_segments

        self._segments += build_segments(self.ix, todo, take, jobs)

    def commit(self) -> None:
        from whoosh.writing import CLEAR, MERGE_SMALL

        policy = CLEAR if self.rebuild else MERGE_SMALL
        # From here on the new segments are Whoosh's: a commit that fails
        # after its table of contents is written must not lose them (files
        # of a commit that failed before are removed by the next commit).
        new_segments, self._segments = self._segments, []
        self._writer.commit(mergetype=lambda w, segments: policy(w, segments) + new_segments)
        with contextlib.suppress(OSError):  # only a check of later reads is lost
            _record_files(self.index_dir)

    def cancel(self) -> None:
        """Drop an unfinished run; the committed index is untouched whatever happens here."""
        writer = self._writer
        for segment in self._segments:
            discard_segment(self.ix.storage, segment)
        self._segments = []
        try:
            writer.cancel()
        except Exception:  # noqa: BLE001 - its temporary files may be gone already
            with contextlib.suppress(Exception):
                writer.writelock.release()
        # The writer's own (empty) segment: its files would wait for the next commit.
        with contextlib.suppress(Exception):
            discard_segment(writer.storage, writer.newsegment)
