"""The index folder: opening and creating it, its record and damage checks, the writer.

An index folder holds Whoosh's files (a table of contents per generation,
the files of each segment) and newsgrep's own record, ``newsgrep.json``:
the format number, the size and CRC-32 of every file of the last two
commits, and the options remembered for each folder. The record is read
before Whoosh unpickles anything, and the table of contents is checked
against it first, so a damaged or foreign index is a clear error with the
command that repairs it, never a traceback or a wrong answer.

Every file's size is checked whenever the index is opened; its CRC-32 the
first time it is opened after it changed (its inode, size, modification
and change times), and again after VERIFY_DAYS: ``newsgrep.verified``
keeps what was verified (it is only a cache, and may be lost).

A writer locks the index folder itself (``flock`` on the folder), so no
lock file can be deleted from under it, and a new index is created under
that lock. A commit writes its segment files, syncs them, writes the
record (naming the new files and the old), the new table of contents,
syncs both, renames the table of contents into place and syncs the folder:
killed at any moment, the index is the old state or the new one, and once
a run has said it succeeded, a power cut cannot take its commit back.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import pickle
import re
import shutil
import struct
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..errors import IndexDamagedError, IndexLockedError, IndexMissingError, NewsgrepError
from . import shims
from .schema import (
    FILE,
    SETTINGS,
    STORIES,
    STORY_MAP,
    make_schema,
    settings_record,
    story_map_record,
)

with shims.loading():
    import whoosh
    import whoosh.index
    from whoosh.codec.base import Segment
    from whoosh.filedb.filestore import FileStorage, Storage
    from whoosh.index import _CURRENT_TOC_VERSION, _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE, TOC
    from whoosh.reading import SegmentReader

#: Bumped whenever the schema, the analysis or the record changes what is in an index.
#: 11: quotations and their speakers; a CRC-32 of every file and the folders'
#: options in the record. 12: stories (near-duplicate articles grouped).
INDEX_FORMAT = 12
#: Formats this version can search (older ones lack fields that are then
#: taken as their defaults: before 11, quotations; before 12, stories).
READABLE_FORMATS = frozenset({9, 10, 11, 12})
#: Formats a run can update. An older index lacks the quotations or the
#: stories of its articles, which only reading them again gives: `index --rebuild`.
WRITABLE_FORMATS = frozenset({12})
#: What an index older than format 12 lacks, and how to get it.
NO_STORIES = "this index has no stories (format {format})"
STORIES_HINT = "Run `newsgrep index --rebuild PATH...` to group copies of one story."
FORMAT_FILE = "newsgrep.json"
VERIFIED_FILE = "newsgrep.verified"
INDEX_NAME = "newsgrep"
_TOC = re.compile(rf"_{INDEX_NAME}_(\d+)\.toc")
#: Days after which a file's checksum is verified again, though it looks unchanged.
VERIFY_DAYS = 30
#: Times a search opens the index again when it changed while being opened.
OPEN_ATTEMPTS = 5

#: What reading a truncated, missing or garbled index file raises.
DAMAGE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)
#: What unpickling a table of contents raises besides: classes it names that
#: cannot be imported, or state they cannot take.
UNPICKLING_ERRORS = (
    *DAMAGE_ERRORS, AttributeError, ImportError, TypeError, ValueError, IndexError,
    KeyError, AssertionError, MemoryError, RecursionError,
)  # fmt: skip


def reason(e: BaseException) -> str:
    """A short description of what went wrong while reading index files."""
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror}: {Path(e.filename).name}" if e.filename else e.strerror
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def _toc_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.toc"


def _latest_generation(path: Path) -> int | None:
    """The generation of the newest table of contents in the folder (without reading it)."""
    try:
        found = [int(m.group(1)) for name in os.listdir(path) if (m := _TOC.fullmatch(name))]
    except OSError:
        return None
    return max(found) if found else None


def _has_toc(path: Path) -> bool:
    return _latest_generation(path) is not None


# ---------------------------------------------------------------- the record


def _check_of(info: dict) -> int:
    """The CRC-32 a record carries of the rest of itself."""
    rest = {k: v for k, v in info.items() if k != "check"}
    return zlib.crc32(json.dumps(rest, sort_keys=True).encode())


def _read_record(path: Path) -> dict:
    """newsgrep's record of the index (IndexDamagedError when it cannot be read or is damaged)."""
    try:
        info = json.loads((path / FORMAT_FILE).read_bytes().decode("utf-8"))
    except (OSError, ValueError) as e:
        raise IndexDamagedError(f"{path} is not a newsgrep index (no {FORMAT_FILE})") from e
    if not isinstance(info, dict):
        raise IndexDamagedError(f"the index at {path} is damaged ({FORMAT_FILE} is not a record)")
    checked = "check" in info or _format_of(info) >= 11
    whole = info.get("check") == _check_of(info) and isinstance(info.get("files"), dict)
    if checked and not whole:
        raise IndexDamagedError(f"the index at {path} is damaged ({FORMAT_FILE} is damaged)")
    return info


def _format_of(info: dict) -> int:
    found = info.get("format")
    return found if isinstance(found, int) else 0


def _check_format(path: Path, formats: frozenset[int] = READABLE_FORMATS) -> dict:
    info = _read_record(path)
    if info.get("format") not in formats:
        readable = ", ".join(map(str, sorted(formats)))
        raise IndexDamagedError(
            f"the index at {path} was built by another version of newsgrep "
            f"(format {info.get('format')}, this one reads {readable})"
        )
    return info


def index_format(path: Path) -> int | None:
    """The format an index folder says it has (None: none it can tell)."""
    try:
        return _read_record(path).get("format")
    except IndexDamagedError:
        return None


def _fsync_path(path: Path | str, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, synced, renamed into place."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_record(path: Path, generation: int, files: dict, settings: dict) -> None:
    info = {"format": INDEX_FORMAT, "generation": generation, "files": files,
            "settings": settings}  # fmt: skip
    info["check"] = _check_of(info)
    _write_atomically(
        path / FORMAT_FILE, (json.dumps(info, indent=0, sort_keys=True) + "\n").encode()
    )


def digest(path: Path | str, sync: bool = False) -> list[int]:
    """[size, CRC-32] of a file, as the record keeps them (``sync``: fsync it too)."""
    crc = size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
        if sync:
            os.fsync(f.fileno())
    return [size, crc]


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


class _Verified:
    """Files whose checksum was verified, by what their stat said then (``newsgrep.verified``;
    for an index folder the user cannot write, a file in the user's cache folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        self.entries: dict = {}
        for where in (path / VERIFIED_FILE, self._elsewhere()):
            try:
                entries = json.loads(where.read_bytes().decode("utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(entries, dict):
                self.entries = entries
                break

    def _elsewhere(self) -> Path:
        import platformdirs

        key = zlib.crc32(os.path.realpath(self.path).encode("utf-8", "surrogateescape"))
        cache = Path(platformdirs.user_cache_dir("newsgrep", appauthor=False))
        return cache / f"verified-{key:08x}"

    def is_known(self, name: str, st: os.stat_result, crc: int) -> bool:
        entry = self.entries.get(name)
        return (
            isinstance(entry, list)
            and entry[:5] == [*_stat_key(st), crc]
            and time.time() - (entry[5] if len(entry) > 5 else 0) < VERIFY_DAYS * 86400
        )

    def add(self, name: str, st: os.stat_result, crc: int) -> None:
        self.entries[name] = [*_stat_key(st), crc, int(time.time())]
        self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write what was verified (best effort: without it, searches verify every time)."""
        if not self.changed:
            return
        data = json.dumps({k: v for k, v in self.entries.items() if k in keep}).encode()
        try:
            _write_atomically(self.path / VERIFIED_FILE, data)
        except OSError:
            with contextlib.suppress(OSError):
                self._elsewhere().parent.mkdir(parents=True, exist_ok=True)
                _write_atomically(self._elsewhere(), data)


def _verify(path: Path, name: str, recorded, verified: _Verified | None) -> None:
    """A file of the index is there as the record says: its size always, its checksum when
    it changed since it was last verified."""
    try:
        st = os.stat(path / name)
    except FileNotFoundError:
        raise IndexDamagedError(f"the index at {path} is missing its file {name}") from None
    except OSError as e:
        raise IndexDamagedError(f"the index at {path} cannot be read ({reason(e)})") from e
    size, crc = (recorded, None) if isinstance(recorded, int) else recorded
    if st.st_size != size:
        raise IndexDamagedError(
            f"the index at {path} is damaged ({name} has {st.st_size:,} bytes, not {size:,})"
        )
    if crc is None or verified is None or verified.is_known(name, st, crc):
        return
    try:
        found = digest(path / name)
    except OSError as e:
        raise IndexDamagedError(f"the index at {path} cannot be read ({reason(e)})") from e
    if found != [size, crc]:
        raise IndexDamagedError(
            f"the index at {path} is damaged ({name} does not hold what was written)"
        )
    verified.add(name, os.stat(path / name), crc)


def _segment_files(info: dict, segid: str) -> list[str]:
    prefix = f"{INDEX_NAME}_{segid}."
    return [name for name in info.get("files", {}) if name.startswith(prefix)]


def _check_files(path: Path, info: dict, toc: TOC, verified: _Verified | None = None) -> None:
    """Every file of the committed index is there, at the size and checksum it was written.

    A record of format 10 or older has sizes alone, of the commit it names
    (a run that ended between its commit and its record left nothing to
    compare with: the files are taken as they are).
    """
    files = info.get("files", {})
    if _format_of(info) < 11:
        if info.get("generation") == toc.generation:
            for name, size in files.items():
                _verify(path, name, size, None)
        return
    verified = verified or _Verified(path)
    for segment in toc.segments:
        names = _segment_files(info, segment.segid)
        if not names:
            raise IndexDamagedError(
                f"the index at {path} is damaged ({FORMAT_FILE} does not name the files of "
                f"segment {segment.segid})"
            )
        for name in names:
            _verify(path, name, files[name], verified)
    verified.save({_toc_name(toc.generation), *_names_of(info, toc.segments)})


def _names_of(info: dict, segments: list) -> list[str]:
    return [name for s in segments for name in _segment_files(info, s.segid)]


def _read_toc(path: Path, info: dict, generation: int, verified: _Verified | None = None) -> TOC:
    """The table of contents of ``generation``, checked against the record before unpickling."""
    name = _toc_name(generation)
    if _format_of(info) >= 11:
        recorded = info["files"].get(name)
        if recorded is None:
            raise IndexDamagedError(
                f"the index at {path} is damaged ({FORMAT_FILE} does not name {name})"
            )
        _verify(path, name, recorded, verified or _Verified(path))
    try:
        toc = TOC.read(FileStorage(str(path)), INDEX_NAME, gen=generation)
        if not isinstance(toc.segments, list):
            raise TypeError("the table of contents holds no list of segments")
    except UNPICKLING_ERRORS as e:
        raise IndexDamagedError(f"the index at {path} cannot be read: {reason(e)}") from e
    return toc


class _CommittedStorage(FileStorage):
    """The files of one commit: one the record names that is gone was removed by a
    later commit (FileNotFoundError, which a search answers by opening the index
    again), not a column the segment never had (Whoosh reads it as all defaults)."""

    def __init__(self, path: str, named: set[str]) -> None:
        super().__init__(path)
        self.named = named

    def file_exists(self, name: str) -> bool:
        if super().file_exists(name):
            return True
        if name in self.named:
            raise FileNotFoundError(errno.ENOENT, "removed by a later commit", name)
        return False


class PinnedIndex(whoosh.index.FileIndex):
    """A Whoosh index held at one verified table of contents: every reader, searcher
    and writer made from it sees that commit, whatever commits come after."""

    def __init__(self, path: Path, toc: TOC, info: dict) -> None:
        named = set(info.get("files", {})) if _format_of(info) >= 11 else set()
        self.storage = _CommittedStorage(str(path), named)
        self._schema = toc.schema
        self.indexname = INDEX_NAME
        self.toc = toc
        self.info = info

    def _read_toc(self) -> TOC:
        return self.toc

    def latest_generation(self) -> int:
        return self.toc.generation


def exists(path: Path) -> bool:
    """Whether ``path`` holds an index (of any format, damaged or not)."""
    return _has_toc(path) or (path / FORMAT_FILE).exists()


def open_index(path: Path, formats: frozenset[int] = READABLE_FORMATS) -> PinnedIndex:
    """Open an existing index for reading, at its last commit, checked.

    Raises IndexMissingError if there is none, IndexDamagedError if it is
    damaged. A commit that replaces the files while they are being checked
    is not damage: the index is opened again, at the new commit.
    """
    for attempt in range(OPEN_ATTEMPTS):
        generation = _latest_generation(path)
        if generation is None:
            raise IndexMissingError(f"no index at {path}")
        record = _record_stat(path)
        try:
            info = _check_format(path, formats)
            verified = _Verified(path)
            toc = _read_toc(path, info, generation, verified)
            _check_files(path, info, toc, verified)
            return PinnedIndex(path, toc, info)
        except IndexDamagedError:
            moved = _latest_generation(path) != generation or _record_stat(path) != record
            if not moved or attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _record_stat(path: Path) -> list[int] | None:
    try:
        return _stat_key(os.stat(path / FORMAT_FILE))
    except OSError:
        return None


# ---------------------------------------------------------------- committing


def _write_toc(storage: Storage, schema, segments: list, generation: int) -> str:
    """Write a table of contents as Whoosh does, under a temporary name (returned)."""
    temporary = f"{_toc_name(generation)}.{os.getpid()}.{time.time_ns()}"
    stream = storage.create_file(temporary)
    try:
        stream.write_varint(_INT_SIZE)
        stream.write_varint(_LONG_SIZE)
        stream.write_varint(_FLOAT_SIZE)
        stream.write_int(-12345)
        stream.write_int(_CURRENT_TOC_VERSION)
        for num in whoosh.__version__[:3]:
            stream.write_varint(num)
        stream.write_string(pickle.dumps(schema, 2))
        stream.write_int(generation)
        stream.write_int(0)
        stream.write_pickle(segments)
    finally:
        stream.close()
    return temporary


def _publish(
    path: Path,
    schema,
    segments: list,
    generation: int,
    old: dict,
    settings: dict,
    committed: Callable[[], None] = lambda: None,
) -> None:
    """Commit ``segments`` as generation ``generation``; ``old``: the record's files kept so far.

    Files of segments named in ``old`` were checksummed when written; the
    others are read once for theirs. All are synced before the record and
    the table of contents name them, and the folder after the rename.
    ``committed`` is called as soon as the new table of contents is in place.
    """
    storage = FileStorage(str(path))
    files = {}
    names = {entry.name for entry in os.scandir(path)}
    records = {_records_name(segment) for segment in segments}
    for segment in segments:
        prefix = f"{INDEX_NAME}_{segment.segid}."
        # (the file records beside a segment check themselves, and are not needed)
        for name in sorted(n for n in names if n.startswith(prefix) and n not in records):
            recorded = old.get(name)
            if isinstance(recorded, list) and recorded[0] == os.stat(path / name).st_size:
                _fsync_path(path / name)
                files[name] = recorded
            else:
                files[name] = digest(path / name, sync=True)
    temporary = _write_toc(storage, schema, segments, generation)
    try:
        files[_toc_name(generation)] = digest(path / temporary, sync=True)
        # The old commit's files stay named: searches that opened it keep checking it.
        for name, recorded in old.items():
            files.setdefault(name, recorded)
        _write_record(path, generation, files, settings)
        os.replace(path / temporary, path / _toc_name(generation))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path / temporary)
        raise
    committed()
    _fsync_path(path, directory=True)
    verified = _Verified(path)
    for name in files:
        if name.startswith(f"{INDEX_NAME}_") or name == _toc_name(generation):
            with contextlib.suppress(OSError):
                verified.add(name, os.stat(path / name), files[name][1])
    verified.save(set(files))


def _committed_files(info: dict, toc: TOC) -> dict:
    """The record's entries of the files of ``toc`` (format 11; empty for older records)."""
    if _format_of(info) < 11:
        return {}
    names = {_toc_name(toc.generation), *_names_of(info, toc.segments)}
    return {name: info["files"][name] for name in names if name in info["files"]}


def _remove_unnamed(path: Path, keep: set[str], generation: int | None) -> None:
    """Remove what no commit names: other segments' files, older tables of contents,
    temporary files (killed runs', Whoosh's own), the old lock file excepted."""
    for entry in os.scandir(path):
        name = entry.name
        if name in keep or name in (FORMAT_FILE, VERIFIED_FILE, f"{INDEX_NAME}_WRITELOCK"):
            continue
        toc = _TOC.fullmatch(name)
        ours = (
            (name.startswith(f"{INDEX_NAME}_") and "." in name)
            or (toc and int(toc.group(1)) != generation)
            or (name.startswith(f"_{INDEX_NAME}_") and ".toc." in name)
            or name.startswith((f"{FORMAT_FILE}.", f"{VERIFIED_FILE}."))
        )
        if name == f"{INDEX_NAME}.tmp" and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif ours:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def create_index(path: Path) -> PinnedIndex:
    """A new, empty index at ``path`` (its folder locked by the caller, or new)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        schema = make_schema()
        generation = (_latest_generation(path) or 0) + 1 if _has_toc(path) else 0
        _publish(path, schema, [], generation, {}, {})
        info = _read_record(path)
        return PinnedIndex(path, _read_toc(path, info, generation), info)
    except OSError as e:
        raise NewsgrepError(
            f"cannot create an index at {path}: {e.strerror}",
            hint="Choose a writable folder with --index or NEWSGREP_INDEX.",
        ) from e


def _holds(index_dir: Path) -> str:
    """' (FOLDER, FOLDER)': the folders an index's files lie in, at their tops."""
    try:
        with open_index(index_dir).searcher() as s:
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


# ---------------------------------------------------------------- the lock


class FolderLock:
    """The index's write lock: ``flock`` on the index folder itself.

    No lock file: nothing can be deleted to let a second writer in, and the
    lock goes with the process that holds it, however it ends.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        try:
            path.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as e:
            raise NewsgrepError(
                f"cannot write to the index at {path}: {e.strerror}",
                hint="Check the folder's permissions, or choose another with --index.",
            ) from e
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as e:
                if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(self.fd)
                    raise
            if time.monotonic() >= deadline:
                os.close(self.fd)
                raise IndexLockedError(
                    f"the index at {path} is still locked by another writer after {timeout:g} s"
                )
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)  # (closing releases the flock)


@contextlib.contextmanager
def write_lock(index_dir: Path, timeout: float):
    """Hold the index's write lock (the one `newsgrep index` takes) for a small change
    kept beside the index (saved searches). Raises IndexMissingError when there is no
    index, IndexLockedError when another writer keeps it for ``timeout`` seconds."""
    open_index(index_dir)  # (an index, readable by this version)
    lock = FolderLock(index_dir, timeout)
    try:
        yield
    finally:
        lock.release()


def _check_writable(path: Path) -> None:
    """Fail before any file is read when the index folder cannot be written."""
    probe = path / f"{FORMAT_FILE}.{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
        os.unlink(probe)
    except OSError as e:
        raise NewsgrepError(
            f"cannot write to the index at {path}: {e.strerror}",
            hint="Check the folder's permissions, or choose another with --index.",
        ) from e


def _pack_sketch(n: int, sketch: tuple) -> bytes:
    """An article's sketch (address, date, id, source, signature, paragraph keys) as
    one bytes object, held until the commit: about 350 bytes instead of the 600 of
    six objects (a first run over a million articles holds a million). Packed ones
    sort by address (UTF-8 keeps the order of the text), then by ``n``."""
    address = sketch[0].encode("utf-8", "surrogatepass")
    return b"%b\0%b%b" % (address, n.to_bytes(8, "big"), pickle.dumps(sketch[1:], 5))


def _unpack_sketch(packed: bytes) -> tuple:
    end = packed.index(b"\0")
    address = packed[:end].decode("utf-8", "surrogatepass")
    return (address, *pickle.loads(packed[end + 9 :]))


class FileRecord(NamedTuple):
    """What a run needs of a file's record: a tuple, not the whole stored dict
    (a re-run holds one per file of the archive)."""

    sig: str | None
    reason: str | None
    narticles: int
    nparas: int
    shown: str | None = None


#: A segment's file records, kept beside it (see _segment_records).
RECORDS_SUFFIX = ".records"
_RECORDS_MAGIC = b"newsgrep-records-1z\n"


def _records_name(segment: Segment) -> str:
    # (named as the segment's own files are, so kept and removed with them; not in the
    # record's checksums: they check themselves, and a run can do without them)
    return f"{INDEX_NAME}_{segment.segid}{RECORDS_SUFFIX}"


def _read_segment_records(leaf) -> list[tuple]:
    """(docnum, path, sig, reason, narticles, nparas, shown) of every file document of a
    segment, deleted ones included, from its stored fields."""
    if ("kind", FILE) not in leaf:
        return []
    stored = leaf._perdoc.stored_fields
    rows = []
    matcher = leaf._terms.matcher("kind", FILE.encode("utf-8"), leaf.schema["kind"].format)
    for docnum in matcher.all_ids():
        fields = stored(docnum)
        if "path" in fields:
            rows.append((docnum, fields["path"], fields.get("sig"), fields.get("reason"),
                         fields.get("narticles", 0), fields.get("nparas", 0),
                         fields.get("shown")))  # fmt: skip
    return rows


def _write_segment_records(index_dir: Path, segment: Segment, rows: list[tuple]) -> None:
    payload = zlib.compress(pickle.dumps((segment.segid, segment.doc_count_all(), rows), 5), 1)
    header = _RECORDS_MAGIC + zlib.crc32(payload).to_bytes(4, "big")
    _write_atomically(index_dir / _records_name(segment), header + payload)


def _load_segment_records(index_dir: Path, segment: Segment) -> list[tuple] | None:
    """The records kept beside ``segment``, or None when there are none or they do not
    check (they are read from the stored fields then)."""
    try:
        data = (index_dir / _records_name(segment)).read_bytes()
    except OSError:
        return None
    size = len(_RECORDS_MAGIC)
    if not data.startswith(_RECORDS_MAGIC) or len(data) < size + 4:
        return None
    payload = data[size + 4 :]
    if zlib.crc32(payload) != int.from_bytes(data[size : size + 4], "big"):
        return None
    try:
        segid, count, rows = pickle.loads(zlib.decompress(payload))
    except Exception:  # (checked above: only a file written by another program gets here)
        return None
    if segid != segment.segid or count != segment.doc_count_all():
        return None
    return rows


def _segment_records(index_dir: Path, leaf) -> list[tuple]:
    """A segment's file records (see _read_segment_records), from the file kept beside it;
    read from the stored fields when there is none, and kept for the next run."""
    segment = leaf.segment()
    if segment is None:  # (an empty index)
        return []
    rows = _load_segment_records(index_dir, segment)
    if rows is None:
        rows = _read_segment_records(leaf)
        with contextlib.suppress(OSError):  # (a cache: the next run tries again)
            _write_segment_records(index_dir, segment, rows)
    return rows


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
    it. A run that changed nothing writes nothing. ``rebuild`` starts over
    without reading the index (only newsgrep's record, for the options
    remembered for its folders). Used as a context manager, anything raised
    inside cancels the run.
    """

    def __init__(self, index_dir: Path, rebuild: bool, lock_timeout: float) -> None:
        self.index_dir = index_dir
        self.rebuild = rebuild
        #: What the user should know about the state the run found.
        self.notes: list[str] = []
        self._lock = FolderLock(index_dir, lock_timeout)
        try:
            _check_writable(index_dir)
            self.ix = self._open(index_dir, rebuild)
        except BaseException:
            self._lock.release()
            raise
        self._old = list(self.ix.toc.segments)
        self._generation = (_latest_generation(index_dir) or 0) + 1
        self._segments: list = []  # the segments this run wrote
        self._rewritten: list = []  # segments the merge policy wrote again
        self._deleted = 0  # documents this run deleted
        self._readers: dict[str, SegmentReader] = {}
        self._settings: list[dict] = []  # settings documents to add with the run
        self._remembered: dict[str, str] | None = None  # root -> settings JSON, after the run
        # This run's articles (FileResult.sketches), each packed by _pack_sketch.
        self._story_new: list[bytes] = []
        self._story_gone: set[str] = set()  # paths whose articles leave their stories
        self._done = False

    def _open(self, index_dir: Path, rebuild: bool) -> PinnedIndex:
        """The committed index to update (an empty one when there is none, or on a rebuild)."""
        if rebuild:
            # Nothing of the old index is read: only the options remembered
            # in the record, if it can be read at all.
            try:
                info = _read_record(index_dir)
                self._remembered_before = info.get("settings")
            except IndexDamagedError:
                info, self._remembered_before = None, None
            if self._remembered_before is None and _has_toc(index_dir):
                self._remembered_before = self._settings_of_damaged(index_dir)
            if not isinstance(self._remembered_before, dict):
                self._remembered_before = {}
                if exists(index_dir):
                    self.notes.append(
                        "the options remembered for the index's folders could not be read: "
                        "its folders are read with the options given now"
                    )
            toc = TOC(make_schema(), [], _latest_generation(index_dir) or 0)
            return PinnedIndex(index_dir, toc, {"format": INDEX_FORMAT, "files": {}})
        if not _has_toc(index_dir):
            return create_index(index_dir)
        try:
            ix = open_index(index_dir, WRITABLE_FORMATS)
        except IndexDamagedError as e:
            if index_format(index_dir) in READABLE_FORMATS - WRITABLE_FORMATS:
                raise IndexDamagedError(
                    f"the index at {index_dir} was built by an earlier newsgrep (format "
                    f"{index_format(index_dir)}): it can be searched, not updated",
                    hint=f"Run `newsgrep index --rebuild PATH...` with the folders it holds"
                    f"{_holds(index_dir)} to build it anew, with its stories (copies of one "
                    "story grouped).",
                ) from e
            raise
        # New segments are written with this version's schema (an index of format
        # 10 may predate a column); the table of contents will name it.
        ix.toc = TOC(make_schema(), ix.toc.segments, ix.toc.generation)
        ix._schema = ix.toc.schema
        committed = {*_committed_files(ix.info, ix.toc), *self._files_on_disk(index_dir, ix.toc)}
        _remove_unnamed(index_dir, committed, ix.toc.generation)
        return ix

    @staticmethod
    def _files_on_disk(index_dir: Path, toc: TOC) -> set[str]:
        """The files of the committed segments (an older record may not name them all)."""
        prefixes = tuple(f"{INDEX_NAME}_{s.segid}." for s in toc.segments)
        return {name for name in os.listdir(index_dir) if prefixes and name.startswith(prefixes)}

    @staticmethod
    def _settings_of_damaged(index_dir: Path) -> dict | None:
        """The folders' options of an index whose record has none (format 10): from the
        index itself, as far as it can be read."""
        try:
            with open_index(index_dir).searcher() as searcher:
                return {
                    fields["root"]: fields.get("settings", "{}")
                    for fields in searcher.documents(kind=SETTINGS)
                    if "root" in fields
                }
        except Exception:  # noqa: BLE001 - a damaged index: nothing more to keep
            return None

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, kind, error, tb) -> None:
        if error is None:
            return
        self.cancel()
        if isinstance(error, OSError):
            full = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
            raise NewsgrepError(
                f"cannot write the index at {self.index_dir}: {reason(error)}",
                hint="Nothing was changed: the index is as the previous run left it"
                + (", and the files this run had written were removed. Free some space and "
                   "run it again." if full else ", and the files this run had written were "
                   "removed."),
            ) from error  # fmt: skip

    # ------------------------------------------------------------ reading the committed index

    def _searcher(self):
        return self.ix.searcher()

    def file_records(self) -> dict[str, FileRecord]:
        """The record of every file in the committed index, by path (none when rebuilding)."""
        if self.rebuild:
            return {}
        try:
            with self._searcher() as searcher:
                records = {}
                for leaf, _base in searcher.reader().leaf_readers():
                    rows = _segment_records(self.index_dir, leaf)
                    if leaf.has_deletions():
                        deleted = frozenset(leaf._perdoc.deleted_docs())
                        rows = [row for row in rows if row[0] not in deleted]
                    for _docnum, path, *record in rows:
                        records[path] = FileRecord(*record)
                return records
        except DAMAGE_ERRORS as e:
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged ({reason(e)})"
            ) from e

    def language_counts(self) -> Counter:
        """Articles per language in the committed index (none when rebuilding)."""
        counts: Counter = Counter()
        if self.rebuild:
            return counts
        with self._searcher() as searcher:
            reader = searcher.reader()
            for term in reader.lexicon("lang"):
                lang = term.decode() if isinstance(term, bytes) else term
                counts[lang] = reader.doc_frequency("lang", term)
        return counts

    def settings(self) -> dict[str, str]:
        """The settings remembered for each folder (canonical path -> JSON text).

        When the index is rebuilt, they are taken from newsgrep's record of
        the index being replaced (the index itself is not read).
        """
        if self._remembered is None:
            if self.rebuild:
                self._remembered = dict(self._remembered_before)
            else:
                try:
                    with self._searcher() as searcher:
                        self._remembered = {
                            fields["root"]: fields.get("settings", "{}")
                            for fields in searcher.documents(kind=SETTINGS)
                            if "root" in fields
                        }
                except (*DAMAGE_ERRORS, KeyError) as e:
                    raise IndexDamagedError(
                        f"the index at {self.index_dir} is damaged ({reason(e)})"
                    ) from e
        return dict(self._remembered)

    # ------------------------------------------------------------ changes

    def _delete_by_term(self, fieldname: str, text: str) -> None:
        """Mark deleted every committed document whose ``fieldname`` is ``text``."""
        if self.rebuild:
            return
        btext = text.encode("utf-8")
        for segment in self._old:
            reader = self._readers.get(segment.segid)
            if reader is None:
                reader = self._readers[segment.segid] = SegmentReader(
                    self.ix.storage, self.ix.schema, segment
                )
            try:
                if (fieldname, btext) not in reader:
                    continue
                for docnum in reader.postings(fieldname, btext).all_ids():
                    if not segment.is_deleted(docnum):
                        segment.delete_document(docnum)
                        self._deleted += 1
            except DAMAGE_ERRORS as e:
                raise IndexDamagedError(
                    f"the index at {self.index_dir} is damaged ({reason(e)})"
                ) from e

    def delete_file(self, path: str) -> None:
        """Delete a file's record and all its articles' documents (at the commit)."""
        self._delete_by_term("path", path)
        self._story_gone.add(path)

    def set_settings(self, root: str, settings: str | None) -> None:
        """Remember ``settings`` (JSON text) for the folder ``root``; None forgets them."""
        remembered = self.settings()
        self._delete_by_term("root", root)
        self._settings = [d for d in self._settings if d.get("root") != root]
        if settings is not None:
            self._settings.append(settings_record(root, settings))
            remembered[root] = settings
        else:
            remembered.pop(root, None)
        self._remembered = remembered

    def build(self, todo: list, take: Callable, jobs: int | None) -> None:
        """Index the files of ``todo`` into new segments; ``take`` gets each file's result."""
        from .segments import build_segments

        def taking(result) -> None:
            n = len(self._story_new)
            self._story_new += [_pack_sketch(n + i, t) for i, t in enumerate(result.sketches)]
            take(result)

        self._segments += build_segments(self.ix, todo, taking, jobs, self._settings)
        self._settings = []

    # ------------------------------------------------------------ stories

    def stories(self):
        """The committed index's stories (:class:`newsgrep.stories.Stories`; none on a rebuild)."""
        from .. import stories

        if self.rebuild:
            return stories.Stories()
        try:
            with self._searcher() as searcher:
                found = [f.get("stories") for f in searcher.documents(kind=STORIES)]
        except DAMAGE_ERRORS as e:
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged ({reason(e)})"
            ) from e
        if not found:
            return stories.Stories()
        try:
            return stories.Stories.from_state(found[-1])
        except ValueError as e:
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged (its stories: {e})",
                hint="Run `newsgrep index --rebuild PATH...` to build it anew.",
            ) from e

    def _update_stories(self) -> None:
        """Take this run's deleted articles out of their stories and group its new ones.

        The new articles are grouped in the order of their addresses, so a
        run's stories do not depend on which worker read which file first.
        The state is replaced; the map (what searches read) only when a story
        of more than one article, or the paragraph reuse between stories, changed.
        """
        from ..articles import split_address

        if not (self._story_new or self._story_gone or self.rebuild):
            return
        grouped = self.stories()
        gone = self._story_gone
        if gone:
            keys = grouped.all_keys()
            grouped.remove(k for k in keys if k in gone or split_address(k)[0] in gone)
        self._story_new.sort()  # by address, then as they came
        for packed in self._story_new:
            key, date, aid, source, sig, paragraphs = _unpack_sketch(packed)
            if key in grouped:
                grouped.remove([key])
            grouped.add(key, sig, date, aid, source, paragraphs)
        self._delete_by_term("kind", STORIES)
        self._settings.append({"kind": STORIES, "stories": grouped.state()})
        if grouped.map_changed:
            self._delete_by_term("kind", STORY_MAP)
            self._settings.append(story_map_record(self.ix.schema, grouped.story_map()))
        self._story_new, self._story_gone = [], set()

    def new_searcher(self):
        """A searcher over what this run has indexed so far, alone (before the commit):
        the new articles, without the rest of the index (None: nothing new)."""
        from whoosh.reading import MultiReader, SegmentReader
        from whoosh.searching import Searcher

        readers = [SegmentReader(self.ix.storage, self.ix.schema, s) for s in self._segments]
        if not readers:
            return None
        return Searcher(readers[0] if len(readers) == 1 else MultiReader(readers))

    # ------------------------------------------------------------ the commit

    def commit(self, compact: bool = False) -> None:
        """Commit the run, merging segments as :func:`~newsgrep.engine.segments.merge_plan` says.

        ``compact``: write the whole index again, into one segment. A run
        that changed nothing (and has nothing to compact) writes nothing.
        """
        from .segments import merge_plan, rewrite, write_documents

        self._update_stories()
        if self._settings:  # settings told, no file read: they need a segment of their own
            extra = write_documents(self.ix, self._settings)
            self._settings = []
            if extra:
                self._segments.append(extra)
        changed = bool(self._segments) or self._deleted > 0 or self.rebuild
        if self.rebuild:
            final = list(self._segments)
        else:
            keep, again = merge_plan(self._old, changed, compact)
            upgrade = self.ix.info.get("format") != INDEX_FORMAT  # checksums for every file
            if not changed and not again and not upgrade:
                self.cancel()
                return
            self._rewritten = rewrite(self.ix, again) if again else []
            if compact:  # old and new together, in one segment
                self._rewritten += rewrite(self.ix, self._segments)
                for segment in self._segments:
                    discard_segment(self.ix.storage, segment)
                self._segments = []
                final = list(self._rewritten)
            else:
                final = keep + self._segments + self._rewritten
        self._keep_records(final)
        self._close_readers()
        old = {} if self.rebuild else _committed_files(self.ix.info, self.ix.toc)

        def committed() -> None:  # nothing may discard the new segments now
            self._done = True

        _publish(self.index_dir, self.ix.schema, final, self._generation, old,
                 self.settings(), committed)  # fmt: skip
        self._segments = self._rewritten = []
        keep = {_toc_name(self._generation)} | {
            name for s in final for name in os.listdir(self.index_dir)
            if name.startswith(f"{INDEX_NAME}_{s.segid}.")
        }  # fmt: skip
        with contextlib.suppress(OSError):
            _remove_unnamed(self.index_dir, keep, self._generation)
        self._lock.release()

    def _keep_records(self, segments: list) -> None:
        """Keep the file records of the segments that have none beside them (this run's,
        and those a merge wrote again), so that the next run reads them at once."""
        for segment in segments:
            if (self.index_dir / _records_name(segment)).exists():
                continue
            reader = SegmentReader(self.ix.storage, self.ix.schema, segment)
            try:
                rows = _read_segment_records(reader)
            finally:
                reader.close()
            with contextlib.suppress(OSError):  # (a cache: the next run makes it)
                _write_segment_records(self.index_dir, segment, rows)

    def _close_readers(self) -> None:
        for reader in self._readers.values():
            with contextlib.suppress(Exception):
                reader.close()
        self._readers = {}

    def cancel(self) -> None:
        """Drop an unfinished run; the committed index is untouched whatever happens here."""
        if not self._done:
            for segment in [*self._segments, *self._rewritten]:
                discard_segment(self.ix.storage, segment)
            self._done = True
        self._segments = self._rewritten = []
        self._close_readers()
        # Whoosh's temporary folder for the columns being written (a builder
        # that failed leaves it behind)
        shutil.rmtree(self.index_dir / f"{INDEX_NAME}.tmp", ignore_errors=True)
        self._lock.release()
