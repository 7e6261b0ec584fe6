"""Walking folders of articles and picking the reader of each file.

A file's reader is chosen by its name (``.html``, ``.jsonl``, ``.warc.gz``,
...). An ``.xml`` file is read as a feed only when its root element is
``rss``, ``feed`` or ``rdf:RDF``. A file with no suffix, or a number for a
suffix (``la010189``, ``fr940104.0``), is read when its first bytes show a
format with an unmistakable start (a TREC ``<DOC>``, a WARC record, a
Reuters SGML file, a feed, an HTML page). Any other suffix is not read, so
companions such as ``reut2-017.sgm.utf8`` are left alone.

Each reader module imports the library it needs (trafilatura, feedparser,
warcio) only when it reads a file, so ``newsgrep search`` never pays for them.

============  ===========================================  ======================
format        files                                        module
============  ===========================================  ======================
text          .txt .text .md .markdown                     readers.text
html          .html .htm .xhtml                            readers.html
json          .json                                        readers.json
jsonl         .jsonl .ndjson                               readers.json
csv, tsv      .csv .tsv                                    readers.csv
feed          .rss .atom, .xml with an rss/feed/RDF root   readers.feeds
warc          .warc .warc.gz                               readers.warc
sgml          .sgm .sgml (Reuters-21578 or TREC records)   readers.sgml
trec          .trec, or a suffix-less file with <DOC>      readers.sgml
stdin         ``newsgrep index -``: JSON Lines              readers.json
============  ===========================================  ======================
"""

from __future__ import annotations

import importlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .articles import Article, SkipFile
from .errors import CorpusPathError
from .readers import DEFAULT_OPTIONS, ReadOptions, finish

#: File name suffixes read as plain text or Markdown.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


@dataclass(frozen=True)
class Reader:
    """One format: its name (as counted in the summary) and its read function."""

    format: str
    module: str  # imported when the first file of this format is read
    function: str
    settings: tuple[tuple[str, str], ...] = ()  # keyword arguments for the function

    def __call__(self, path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
        read = getattr(importlib.import_module(self.module), self.function)
        return read(path, options, **dict(self.settings))


TEXT = Reader("text", "newsgrep.readers.text", "read_text_file")
HTML = Reader("html", "newsgrep.readers.html", "read_html")
JSON = Reader("json", "newsgrep.readers.json", "read_json")
JSONL = Reader("jsonl", "newsgrep.readers.json", "read_jsonl")
CSV = Reader("csv", "newsgrep.readers.csv", "read_csv")
TSV = Reader("tsv", "newsgrep.readers.csv", "read_csv", (("delimiter", "\t"),))
FEED = Reader("feed", "newsgrep.readers.feeds", "read_feed")
WARC = Reader("warc", "newsgrep.readers.warc", "read_warc")
SGML = Reader("sgml", "newsgrep.readers.sgml", "read_sgml")
TREC = Reader("trec", "newsgrep.readers.sgml", "read_trec")

#: File name suffix (lower case) -> reader.
SUFFIXES: dict[str, Reader] = {
    **{suffix: TEXT for suffix in TEXT_SUFFIXES},
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".csv": CSV,
    ".tsv": TSV,
    ".rss": FEED,
    ".atom": FEED,
    ".warc": WARC,
    ".sgm": SGML,
    ".sgml": SGML,
    ".trec": TREC,
}

#: Suffixes of two parts, checked before the last suffix alone.
DOUBLE_SUFFIXES: dict[str, Reader] = {".warc.gz": WARC}

#: Suffixes whose files are looked into before they are read (or not).
SNIFFED_SUFFIXES = frozenset({".xml"})

SNIFF_BYTES = 4096

# What the start of a file looks like, for files whose name says nothing known.
_XML_PROLOG = rb"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*"
_FEED_ROOT = re.compile(_XML_PROLOG + rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b", re.DOTALL)
_SIGNATURES = [
    (re.compile(rb"\s*<DOC>", re.IGNORECASE), TREC),
    (re.compile(rb"WARC/\d"), WARC),
    (re.compile(rb"\s*(?:<!DOCTYPE lewis|<REUTERS\b)"), SGML),
    (_FEED_ROOT, FEED),
    (re.compile(_XML_PROLOG + rb"<html\b", re.DOTALL | re.IGNORECASE), HTML),
]


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path``, or None when newsgrep does not read that format."""
    name = path.name.lower()
    for suffix, reader in DOUBLE_SUFFIXES.items():
        if name.endswith(suffix):
            return reader
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix in SNIFFED_SUFFIXES:
        return FEED if _FEED_ROOT.match(_head(path)) else None
    if suffix == "" or suffix[1:].isdigit():  # "la010189", "fr940104.0"
        return sniff(_head(path))
    return None


def sniff(head: bytes) -> Reader | None:
    """The reader for a file that starts with ``head``, when its start is unmistakable."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    for pattern, reader in _SIGNATURES:
        if pattern.match(head):
            return reader
    return None


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(SNIFF_BYTES)
    except OSError:
        return b""


def read_with(reader: Reader, path: Path, options: ReadOptions | None = None) -> list[Article]:
    """Read ``path`` with ``reader``; fill in the run's defaults and the format name."""
    options = options or DEFAULT_OPTIONS
    try:
        articles = reader(path, options)
    except SkipFile as e:
        finish(e.articles, reader.format, options)
        raise
    return finish(articles, reader.format, options)


def read_articles(path: Path, options: ReadOptions | None = None) -> list[Article]:
    """All articles in one file. Raises :class:`SkipFile` with a reason.

    ``options`` (field names, CSV dialect, default language and source) come
    from the command line; see :class:`newsgrep.readers.ReadOptions`.
    """
    reader = reader_for(path)
    if reader is None:
        raise SkipFile("unsupported format")
    return read_with(reader, path, options)


# ---------------------------------------------------------------- walking


@dataclass
class CorpusFile:
    path: Path  # absolute, symlinks in the folder part resolved
    size: int
    mtime_ns: int

    @property
    def signature(self) -> str:
        return f"{self.mtime_ns}:{self.size}"


def _hidden(name: str) -> bool:
    return name.startswith(".")


def walk_corpus(roots: Iterable[Path]) -> Iterator[CorpusFile | tuple[Path, str]]:
    """Yield every readable file under ``roots``, or ``(path, reason)`` when skipped.

    Hidden files and folders are skipped, symbolic links are followed once
    (a folder already seen is never entered again, so link loops end), and
    files of formats newsgrep does not read are reported as skipped.
    Files named explicitly are read whatever their name. Roots are taken
    by their real path (links resolved).
    """
    seen_dirs: set[tuple[int, int]] = set()
    for root in roots:
        # The real path: a folder indexed once through a link and once
        # directly is one folder, not two copies.
        root = Path(os.path.realpath(root))
        try:
            st = root.stat()
        except FileNotFoundError as e:
            raise CorpusPathError(
                f"no such file or folder: {root}", hint="Check the path and try again."
            ) from e
        except OSError as e:
            raise CorpusPathError(f"cannot read {root}: {e.strerror}") from e
        if stat.S_ISREG(st.st_mode):
            yield CorpusFile(root, st.st_size, st.st_mtime_ns)
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield root, "not a regular file"
            continue
        yield from _walk_dir(root, seen_dirs)


def _walk_dir(top: Path, seen: set[tuple[int, int]]) -> Iterator[CorpusFile | tuple[Path, str]]:
    try:
        st = top.stat()
    except OSError as e:
        yield top, e.strerror or "unreadable folder"
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        yield top, "permission denied"
        return
    except OSError as e:
        yield top, e.strerror or "unreadable folder"
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        path = top / entry.name
        try:
            st = entry.stat()  # follows symlinks
        except OSError:
            yield path, "broken link" if entry.is_symlink() else "unreadable"
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, seen)
        elif stat.S_ISREG(st.st_mode):
            if reader_for(path) is None:
                yield path, "unsupported format"
            else:
                yield CorpusFile(path, st.st_size, st.st_mtime_ns)
        else:
            yield path, "not a regular file"
