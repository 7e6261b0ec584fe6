"""Bringing the index up to date with folders of articles: plan a run, apply it, summarise.

A run lists the files under the paths it is given, compares each with the
record the index keeps of it (modification time, size and reading
options), and reads only new and changed files. Nothing leaves the index
without being counted: files deleted, moved away or newly excluded are
removed (a file is taken as gone only when it is still gone at the end of
the run; one in a folder that could not be read is kept), and a re-read
file that now gives fewer articles says so.

What the user tells a run about a folder (reading options, ``--exclude``
patterns) is remembered in the index for that folder, and applies to every
later run that reads files under it; a ``.newsgrepignore`` file at the top
of an indexed folder adds patterns of its own (gitignore syntax).
Everything is committed at once at the end
(:class:`~newsgrep.engine.store.IndexWriter`): an interrupted run leaves
the index as the previous run left it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import analysis
from .archive import default_index_dir
from .articles import RETRY_NOTE, Article, SkipFile, article_signature
from .corpus import Folders, FolderSettings, under
from .engine.store import FileRecord, IndexWriter
from .errors import CorpusPathError, NewsgrepError
from .readers import DEFAULT_OPTIONS, ReadOptions
from .results import IndexSummary
from .text import MAX_ARTICLE_CHARS, cap_paragraphs, open_regular

if TYPE_CHECKING:
    from .engine.segments import FileResult

#: Seconds a second writer waits for the index lock before giving up.
LOCK_TIMEOUT = 30.0

ProgressFn = Callable[[int, int], None]


# ---------------------------------------------------------------- reading one file


def _read_file(
    path: str, options: ReadOptions | None, shown: str | None = None, fallback: str | None = None
) -> tuple[list[Article], list[str]]:
    """The articles of one file, ready to index, and why it was (partly) skipped.

    (Kept as a path string until read: a run lists every file of the archive.)
    """
    from .corpus import read_articles

    try:
        with _time_limit(path):
            articles, reasons = read_articles(Path(path), options), []
    except SkipFile as e:
        # What a damaged file gave before the damage is indexed all the same.
        articles, reasons = e.articles, [str(e) + (RETRY_NOTE if e.transient else "")]
    except ReadTimeout as e:
        articles, reasons = [], [str(e)]
    except RecursionError:
        articles, reasons = [], ["nested too deeply to read"]
    except MemoryError:
        articles, reasons = [], ["too large to read in memory"]
    except Exception as e:  # a parsing library's own bug on odd input: that file only
        articles, reasons = [], [f"unreadable: {type(e).__name__} in its reader"]
    for article in articles:
        article.shown = shown
    return _prepared(articles, reasons, fallback)


class ReadTimeout(BaseException):
    """A file took longer than its time limit to read (a BaseException: readers that
    catch every Exception of the libraries they call do not swallow it)."""


#: Seconds a file may take to be read: this, plus READ_SECONDS_PER_MB per MB.
READ_SECONDS = 30.0
READ_SECONDS_PER_MB = 2.0


@contextlib.contextmanager
def _time_limit(path: str) -> Iterator[None]:
    """Stop reading ``path`` (ReadTimeout) once its time limit has passed.

    A reader stuck in a slow loop of pure Python (a pathological page, a
    parser's quadratic case) is interrupted by SIGALRM; the file is skipped
    with the reason and the run goes on.
    """
    main = threading.current_thread() is threading.main_thread()
    if not main or not hasattr(signal, "SIGALRM"):
        yield
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    limit = READ_SECONDS + READ_SECONDS_PER_MB * size / 2**20

    def expired(_signum, _frame):
        raise ReadTimeout(f"took more than {limit:.0f} s to read")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _prepared(
    articles: list[Article], reasons: list[str], fallback: str | None = None
) -> tuple[list[Article], list[str]]:
    """Articles capped in size and given a language when they state none.

    An article whose language cannot be told with confidence gets
    ``fallback``, the archive's main language.
    """
    for article in articles:
        article.paragraphs, cut = cap_paragraphs(article.paragraphs)
        if cut:
            reasons.append(f"partly read: text after the first {MAX_ARTICLE_CHARS:,} characters")
        if not article.lang:
            sample = " ".join([article.title, *article.paragraphs[:5]])
            article.lang = analysis.detect_language(sample, fallback)
    return articles, reasons


def _main_language(writer: IndexWriter, paths: list[str]) -> str | None:
    """The archive's main language: the index's commonest, else the commonest of a sample.

    The sample is the start of the first files to read, markup left out,
    each counted when its language is told with confidence.
    """
    import re
    from collections import Counter

    counts = writer.language_counts()
    counts.pop("und", None)
    if counts:
        return counts.most_common(1)[0][0]
    found: Counter[str] = Counter()
    for path in paths:
        try:
            with open_regular(path) as f:
                head = f.read(4096).decode("utf-8", "replace")
        except (OSError, SkipFile):
            continue
        lang, probability = analysis.identify_language(re.sub(r"<[^>]*>", " ", head))
        if lang and probability >= analysis.MIN_CONFIDENCE:
            found[lang] += 1
    return found.most_common(1)[0][0] if found else None


# ---------------------------------------------------------------- a run


class _Todo:
    """The files a run reads, held compactly: a first run over a million files
    holds a million of them while they are read (their paths and signatures in
    one buffer; how each is read is made when it is handed out).

    Entries are ``(path, signature, read)``, by position or slice, as the
    segment builders take them; ``how(path, shown, articles)`` makes ``read``.
    """

    def __init__(self) -> None:
        self._text = bytearray()
        self._ends = array("Q")
        self._shown: dict[int, str] = {}  # the path typed, where it differs (links)
        self._articles: dict[int, list[Article]] = {}  # piped articles
        self.how: Callable[[str, str | None, list[Article] | None], Callable] | None = None

    def add(self, path: str, sig: str, shown: str | None = None, articles=None) -> None:
        n = len(self._ends)
        self._text += f"{path}\0{sig}".encode("utf-8", "surrogatepass")
        self._ends.append(len(self._text))
        if shown:
            self._shown[n] = shown
        if articles is not None:
            self._articles[n] = articles

    def __len__(self) -> int:
        return len(self._ends)

    def _entry(self, n: int) -> tuple[str, str]:
        start = self._ends[n - 1] if n else 0
        path, _, sig = (
            self._text[start : self._ends[n]].decode("utf-8", "surrogatepass").partition("\0")
        )
        return path, sig

    def paths(self, count: int) -> list[str]:
        """The paths of the first ``count`` files (piped articles left out)."""
        return [self._entry(n)[0] for n in range(min(count, len(self))) if n not in self._articles]

    def _task(self, n: int) -> tuple[str, str, Callable]:
        path, sig = self._entry(n)
        return path, sig, self.how(path, self._shown.get(n), self._articles.get(n))

    def __getitem__(self, which: slice) -> list[tuple[str, str, Callable]]:
        return [self._task(n) for n in range(*which.indices(len(self)))]

    def __iter__(self) -> Iterator[tuple[str, str, Callable]]:
        return (self._task(n) for n in range(len(self)))


def _task(
    folders: Folders, fallback: str | None, path: str, shown: str | None, articles
) -> Callable:
    """How a file of the run is read: with its folder's options, in the archive's main
    language where its own cannot be told (piped articles: as they came)."""
    if articles is not None:
        return partial(_prepared, articles, [], fallback)
    return partial(_read_file, path, folders.options_for(path), shown, fallback)


def _exists(path: str, listings: dict[str, set[str] | None]) -> bool | None:
    """Whether a file exists, from one listing per folder: None when its folder cannot be read."""
    folder, name = os.path.split(path)
    if folder not in listings:
        try:
            listings[folder] = set(os.listdir(folder))
        except FileNotFoundError:
            listings[folder] = set()
        except OSError:  # unreadable for now: nothing can be said
            listings[folder] = None
    names = listings[folder]
    return None if names is None else name in names


def update_index(
    roots: Iterable[Path | str],
    index_dir: Path | None = None,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    options: ReadOptions | None = None,
    piped: Iterable[Article | tuple[str, str]] = (),
    jobs: int | None = None,
    exclude: Iterable[str] = (),
    reset: bool = False,
    compact: bool = False,
) -> IndexSummary:
    """Bring the index up to date with the files under ``roots``.

    New and changed files are read, files that are gone leave the index,
    unchanged files are not read again. ``options`` (how to read the files:
    :class:`newsgrep.readers.ReadOptions`) and ``exclude`` (gitignore-style
    patterns) are remembered for each of ``roots`` and apply to the files
    under it from then on; when neither is given, each file is read as the
    index remembers for the folder it lies in. ``reset`` forgets what is
    remembered for ``roots``: their files are read with the defaults again.
    ``piped`` are articles read elsewhere (standard input), each stored under
    its own ``path`` and replaced when an article with that path comes back
    changed, or ``(where, reason)`` for input that was skipped. ``jobs`` is
    how many processes read and index files (default: one per CPU; small
    runs use one). ``compact`` merges the whole index into one segment.
    Everything is committed at once at the end.
    """
    from .corpus import CorpusFile, logical_path, walk_corpus

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    _check_index_folder(index_dir)
    summary = IndexSummary(index_path=str(index_dir))
    exclude = tuple(exclude)
    told = options is not None or bool(exclude) or reset
    given = []
    for root in roots:
        shown = logical_path(root)
        given.append((shown, os.path.realpath(shown)))
    index_real = os.path.realpath(index_dir)
    for shown, canonical in given:
        if under(canonical, index_real):
            raise CorpusPathError(
                f"{shown} is inside the index folder {index_dir}",
                hint="Index the folders of articles, not the index itself.",
            )

    with IndexWriter(index_dir, rebuild, lock_timeout) as writer:
        for note in writer.notes:
            summary.note(note)
        records = writer.file_records()
        folders = Folders(
            {root: FolderSettings.from_json(text) for root, text in writer.settings().items()}
        )
        if rebuild:  # the index starts over: what is remembered for these paths stays
            for root in list(folders.by_root):
                if any(under(root, c) or under(c, root) for _s, c in given):
                    writer.set_settings(root, folders.by_root[root].to_json())
                else:
                    del folders.by_root[root]
            folders.changed()

        # The paths given that are gone: their files' articles go (a folder
        # moved away or deleted); a path never indexed is an error.
        existing = []
        for shown, canonical in given:
            if os.path.exists(canonical):
                existing.append((shown, canonical))
            elif not (any(under(p, canonical) for p in records) or canonical in folders.by_root):
                raise CorpusPathError(
                    f"no such file or folder: {shown}", hint="Check the path and try again."
                )
        _tell(writer, folders, existing, options, exclude, told, summary)

        # The files to read (new, changed, or read with other options), then the
        # piped articles; the records of the others are kept as they are.
        todo = _Todo()
        unseen = set(records)  # files the index holds that this run has not met
        old_counts: dict[str, int] = {}
        gone = set()  # paths whose records this run deletes
        unreadable: list[str] = []  # folders the walk could not list

        def consider(path: str, sig: str) -> bool:
            """Whether ``path`` is to be read: its record is not of ``sig``."""
            unseen.discard(path)
            rec = records.get(path)
            if rec is not None and rec.sig == sig:
                summary.files_unchanged += 1
                if rec.reason:
                    summary.skip(rec.shown or path, rec.reason)
                return False
            if rec is not None:
                writer.delete_file(path)
                gone.add(path)
                old_counts[path] = rec.narticles
            return True

        walk = walk_corpus(
            [shown for shown, _c in existing], folders.excluded, skip_dirs=[index_real]
        )
        fingerprints: dict[str | None, str] = {}  # a remembered folder's reading options
        for item in walk:
            if isinstance(item, CorpusFile):
                path = item.canonical
                root = folders.owner(path)
                fingerprint = fingerprints.get(root)
                if fingerprint is None:
                    fingerprint = fingerprints[root] = folders.options_for(path).fingerprint()
                sig = item.signature + fingerprint
                if consider(path, sig):
                    todo.add(path, sig, item.shown)
            else:
                where, reason = item
                if _unreadable_folder(reason):
                    unreadable.append(os.path.realpath(where))
                summary.skip(where, reason)
        for item in piped:
            if isinstance(item, Article):
                sig = article_signature(item)
                if consider(item.path, sig):
                    todo.add(item.path, sig, articles=[item])
            else:
                where, reason = item
                summary.skip(where, reason)

        # Files the index holds that this run did not see: excluded now, or
        # perhaps gone (checked again at the end of the run).
        leaving: dict[str, str] = {}
        listings: dict[str, set[str] | None] = {}
        for path in unseen:
            if path.startswith("stdin:"):
                continue
            if any(under(path, canonical) for _s, canonical in given):
                why = folders.excluded(path, False)
                if why:
                    leaving[path] = why
                    continue
            if any(under(path, folder) for folder in unreadable):
                continue
            if _exists(path, listings) is False:
                leaving[path] = "gone"

        # How each file is read: with its folder's options, in the archive's
        # main language where its own cannot be told.
        fallback = _main_language(writer, todo.paths(30))
        todo.how = partial(_task, folders, fallback)

        def take(result: FileResult) -> None:
            summary.files_read += 1
            summary.articles += result.articles
            summary.paragraphs += result.paragraphs
            summary.formats.update(result.formats)
            for skipped in result.skipped:
                summary.skip(skipped.path, skipped.reason)
            before = old_counts.get(result.path)
            if before is not None and result.articles < before:
                summary.fewer.append((result.shown or result.path, before, result.articles))
            if progress:
                progress(summary.files_read, len(todo))

        writer.build(todo, take, jobs)
        for path, why in sorted(leaving.items()):
            if why == "gone" and os.path.lexists(path):
                continue  # back again: it was away for a moment only
            rec = records[path]
            writer.delete_file(path)
            gone.add(path)
            summary.files_removed += 1
            summary.articles_removed += rec.narticles
            if why != "gone":
                summary.excluded_removed += 1
        # Folders remembered that are gone altogether are forgotten with their files.
        for root, settings in list(folders.by_root.items()):
            if not os.path.lexists(root) and not any(
                under(p, root) for p in records if p not in gone
            ):
                writer.set_settings(root, None)
                summary.note(f"{settings.shown} is gone: forgotten")
        summary.skipped_files.sort()
        # Saved searches: what is new for them among this run's articles (see watch.py).
        from .watch import percolate

        try:
            summary.alerts = percolate(index_dir, writer, gone, rebuild)
        except NewsgrepError as e:  # (an unreadable watches.json must not stop the run)
            summary.note(f"saved searches not checked: {e.message}")
        writer.commit(compact=compact)

    # What the index holds: the records of files left as they were, and what
    # this run added (no second reading of every file's record).
    for path, rec in records.items():
        if path not in gone:
            summary.total_articles += rec.narticles
            summary.total_paragraphs += rec.nparas
    summary.total_articles += summary.articles
    summary.total_paragraphs += summary.paragraphs
    return summary


def _unreadable_folder(reason: str) -> bool:
    """Whether the walk could not list a folder (its files are kept, not taken as gone)."""
    return reason == "permission denied" or reason.startswith("unreadable folder")


def _tell(
    writer: IndexWriter,
    folders: Folders,
    given: list[tuple[str, str]],
    options: ReadOptions | None,
    exclude: tuple[str, ...],
    told: bool,
    summary: IndexSummary,
) -> None:
    """Remember what this run was told about its paths (or that they exist)."""
    for shown, canonical in given:
        if told:
            new = FolderSettings(shown, options or DEFAULT_OPTIONS, exclude)
            for root in [r for r in folders.by_root if r != canonical and under(r, canonical)]:
                old = folders.by_root.pop(root)
                writer.set_settings(root, None)
                summary.note(f"the settings remembered for {old.shown} give way to these")
            if folders.by_root.get(canonical) != new:
                folders.by_root[canonical] = new
                writer.set_settings(canonical, new.to_json())
        elif folders.owner(canonical) is None:
            # A new folder: remembered with the defaults, so that later runs
            # (and `newsgrep stats`) know it.
            folders.by_root[canonical] = FolderSettings(shown)
            writer.set_settings(canonical, folders.by_root[canonical].to_json())
        else:
            settings = folders.settings_for(canonical)
            if settings and settings.describe():
                summary.note(f"read as remembered for {settings.shown}: {settings.describe()}")
    folders.changed()


def _check_index_folder(index_dir: Path) -> None:
    """Refuse an index folder that holds something else: no index is written among articles."""
    from .engine.store import exists

    try:
        entries = os.listdir(index_dir)
    except FileNotFoundError:
        return
    except NotADirectoryError as e:
        raise NewsgrepError(
            f"the index folder {index_dir} is a file",
            hint="Choose another folder with --index or NEWSGREP_INDEX.",
        ) from e
    except OSError:
        return  # the writer says what is wrong with it
    if entries and not exists(index_dir):
        raise NewsgrepError(
            f"{index_dir} is not a newsgrep index and not empty: nothing was written",
            hint="Give --index a new or empty folder (or one that holds a newsgrep index).",
        )


# ---------------------------------------------------------------- forgetting


def forget(
    paths: Iterable[Path | str], index_dir: Path | None = None, lock_timeout: float = LOCK_TIMEOUT
) -> IndexSummary:
    """Remove from the index every file under ``paths``, there or gone, and their settings.

    A path is matched as typed (through the links it names) and as its
    canonical path, so a folder that no longer exists can be forgotten by
    the name it had.
    """
    from .corpus import logical_path

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    summary = IndexSummary(index_path=str(index_dir))
    wanted = [(logical_path(p), os.path.realpath(logical_path(p))) for p in paths]

    def matches(path: str, shown: str | None) -> bool:
        return any(
            under(path, canonical) or under(shown or path, typed) for typed, canonical in wanted
        )

    with IndexWriter(index_dir, False, lock_timeout) as writer:
        records: dict[str, FileRecord] = writer.file_records()
        for path, rec in records.items():
            if matches(path, rec.shown):
                writer.delete_file(path)
                summary.files_removed += 1
                summary.articles_removed += rec.narticles
            else:
                summary.total_articles += rec.narticles
                summary.total_paragraphs += rec.nparas
        for root, text in writer.settings().items():
            if matches(root, FolderSettings.from_json(text).shown):
                writer.set_settings(root, None)
                summary.forgotten_folders += 1
        if summary.files_removed or summary.forgotten_folders:
            writer.commit()
        else:
            writer.cancel()
    return summary


# ---------------------------------------------------------------- old pickled class paths

#: Classes that index files written before newsgrep 0.2 name by these paths
#: (Whoosh pickles the schema and the codec): still found here, in their
#: new modules, so those indexes open.
_MOVED = {
    "NewsCodec": "newsgrep.engine.codec",
    "PackedPositions": "newsgrep.engine.codec",
    "NewsTokenizer": "newsgrep.engine.schema",
    "NameKeyTokenizer": "newsgrep.engine.schema",
}


def __getattr__(name: str):
    if name in _MOVED:
        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(name)
