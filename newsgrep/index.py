"""Bringing the index up to date with folders of articles: plan a run, apply it, summarise.

A run lists the files under the roots it is given, compares each with the
record the index keeps of it (modification time, size and reading
options), and reads only new and changed files; files that disappeared
from under a root leave the index. Everything is committed at once at the
end (:class:`~newsgrep.engine.store.IndexWriter`): an interrupted run leaves
the index as the previous run left it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import analysis
from .archive import default_index_dir
from .articles import Article, SkipFile, article_signature
from .engine.store import IndexWriter
from .readers import ReadOptions
from .results import IndexSummary
from .text import MAX_ARTICLE_CHARS, cap_paragraphs

if TYPE_CHECKING:
    from .engine.segments import FileResult

#: Seconds a second writer waits for the index lock before giving up.
LOCK_TIMEOUT = 30.0

ProgressFn = Callable[[int, int], None]


def _read_file(path: str, options: ReadOptions | None) -> tuple[list[Article], list[str]]:
    """The articles of one file, ready to index, and why it was (partly) skipped.

    (Kept as a path string until read: a run lists every file of the archive.)
    """
    from .corpus import read_articles

    try:
        return _prepared(read_articles(Path(path), options), [])
    except SkipFile as e:
        # What a damaged file gave before the damage is indexed all the same.
        return _prepared(e.articles, [str(e)])


def _prepared(articles: list[Article], reasons: list[str]) -> tuple[list[Article], list[str]]:
    """Articles capped in size and given a language when they state none."""
    for article in articles:
        article.paragraphs, cut = cap_paragraphs(article.paragraphs)
        if cut:
            reasons.append(f"partly read: text after the first {MAX_ARTICLE_CHARS:,} characters")
        if not article.lang:
            article.lang = analysis.detect_language(
                " ".join([article.title, *article.paragraphs[:5]])
            )
    return articles, reasons


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


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
    from .corpus import CorpusFile, walk_corpus

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    roots = [Path(os.path.realpath(r)) for r in roots]
    summary = IndexSummary(index_path=str(index_dir))

    # Everything to index, as (path, signature, read): files, then piped articles.
    found: list[tuple[str, str, Callable]] = []
    fingerprint = options.fingerprint() if options else ""
    walked: set[str] = set()
    for item in walk_corpus(roots):
        if isinstance(item, CorpusFile):
            path = str(item.path)
            if path in walked:  # named twice (`corpus corpus/a.txt`): read once
                continue
            walked.add(path)
            found.append((path, item.signature + fingerprint, partial(_read_file, path, options)))
        else:
            path, reason = item
            summary.skip(str(path), reason)
    for item in piped:
        if isinstance(item, Article):
            found.append((item.path, article_signature(item), partial(_prepared, [item], [])))
        else:
            where, reason = item
            summary.skip(where, reason)

    with IndexWriter(index_dir, rebuild, lock_timeout) as writer:
        records = writer.file_records()
        root_strs = [str(r) for r in roots]
        present = {path for path, _, _ in found}
        gone = set()  # paths whose records this run deletes
        for path in records:
            if path not in present and _under(path, root_strs):
                writer.delete_file(path)
                gone.add(path)
                summary.files_removed += 1

        todo = []
        for path, sig, read in found:
            rec = records.get(path)
            if rec is not None and rec.sig == sig:
                summary.files_unchanged += 1
                if rec.reason:
                    summary.skip(path, rec.reason)
            else:
                if rec is not None:
                    writer.delete_file(path)
                    gone.add(path)
                todo.append((path, sig, read))

        def take(result: FileResult) -> None:
            summary.files_read += 1
            summary.articles += result.articles
            summary.paragraphs += result.paragraphs
            summary.formats.update(result.formats)
            for skipped in result.skipped:
                summary.skip(skipped.path, skipped.reason)
            if progress:
                progress(summary.files_read, len(todo))

        writer.build(todo, take, jobs)
        summary.skipped_files.sort()
        writer.commit()

    # What the index holds: the records of files left as they were, and what
    # this run added (no second reading of every file's record).
    for path, rec in records.items():
        if path not in gone:
            summary.total_articles += rec.narticles
            summary.total_paragraphs += rec.nparas
    summary.total_articles += summary.articles
    summary.total_paragraphs += summary.paragraphs
    return summary


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
