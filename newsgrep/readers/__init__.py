"""The formats newsgrep reads, and which reader reads a file.

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
text          .txt .text .md .markdown                     newsgrep.articles
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

import dataclasses
import hashlib
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..articles import TEXT_SUFFIXES, Article

#: Field names a run can map (``--field TARGET=SOURCE``); any other target is
#: kept in ``Article.extra`` (stored with the reader's output, not searched).
FIELD_TARGETS = ("title", "text", "date", "source", "author", "url", "lang", "id")


@dataclass(frozen=True)
class ReadOptions:
    """How to read the files of one run, beyond what their format says.

    ``fields`` maps a target (``text``) to the source fields or column
    numbers to read it from, in order (``("body",)``, ``("1",)``); see
    :mod:`newsgrep.readers.records`. ``lang`` and ``source`` fill articles
    that do not name their own.
    """

    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    csv_delimiter: str | None = None
    csv_quotechar: str | None = None
    csv_header: bool = True
    lang: str | None = None
    source: str | None = None

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (), **kw):
        """Options from ``(target, source)`` pairs; a target given twice reads both sources."""
        fields: dict[str, list[str]] = {}
        for target, source in pairs:
            fields.setdefault(target, []).append(source)
        return cls(fields=tuple((t, tuple(s)) for t, s in fields.items()), **kw)

    def field_sources(self, target: str) -> tuple[str, ...]:
        return dict(self.fields).get(target, ())

    def fingerprint(self) -> str:
        """A short text that changes with the options; empty for the defaults.

        It is added to each file's signature in the index, so running
        ``newsgrep index`` with other options reads the files again.
        """
        if self == ReadOptions():
            return ""
        text = repr(dataclasses.astuple(self))
        return ":" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


DEFAULT_OPTIONS = ReadOptions()


@dataclass(frozen=True)
class Reader:
    """One format: its name (as counted in the summary) and its read function."""

    format: str
    module: str  # imported when the first file of this format is read
    function: str
    settings: tuple[tuple[str, str], ...] = ()  # keyword arguments for the function

    def __call__(self, path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
        read = getattr(importlib.import_module(self.module, __package__), self.function)
        return read(path, options, **dict(self.settings))


TEXT = Reader("text", "newsgrep.articles", "read_text_file")
HTML = Reader("html", ".html", "read_html")
JSON = Reader("json", ".json", "read_json")
JSONL = Reader("jsonl", ".json", "read_jsonl")
CSV = Reader("csv", ".csv", "read_csv")
TSV = Reader("tsv", ".csv", "read_csv", (("delimiter", "\t"),))
FEED = Reader("feed", ".feeds", "read_feed")
WARC = Reader("warc", ".warc", "read_warc")
SGML = Reader("sgml", ".sgml", "read_sgml")
TREC = Reader("trec", ".sgml", "read_trec")

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
    from ..articles import SkipFile

    options = options or DEFAULT_OPTIONS
    try:
        articles = reader(path, options)
    except SkipFile as e:
        finish(e.articles, reader.format, options)
        raise
    return finish(articles, reader.format, options)


def finish(articles: list[Article], format: str, options: ReadOptions) -> list[Article]:
    """Stamp the format and apply the run's default language and source."""
    for article in articles:
        article.format = article.format or format
        if options.lang and not article.lang:
            article.lang = options.lang
        if options.source and not article.source:
            article.source = options.source
    return articles


__all__ = [
    "DEFAULT_OPTIONS",
    "FIELD_TARGETS",
    "ReadOptions",
    "Reader",
    "SUFFIXES",
    "read_with",
    "reader_for",
    "sniff",
]
