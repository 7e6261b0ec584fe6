"""Walking folders of articles and picking the reader of each file; what each folder was told.

The reading options and exclusions given for a folder are kept with it
(:class:`FolderSettings`) and apply to the files under it; :class:`Folders`
finds, for a file, the deepest folder that holds it, and whether it is
excluded (an ``--exclude`` pattern, the folder's ``.newsgrepignore``).

A file's reader is chosen by its name (``.html``, ``.jsonl``, ``.warc.gz``,
...), and for some names by its content too: a ``.txt`` file that starts like
a LexisNexis or Factiva export is read as one (many articles), not as one
plain-text article; an ``.html`` page that holds a Factiva export likewise;
an ``.xml`` file is read as a feed only when its root element is ``rss``,
``feed`` or ``rdf:RDF``; a ``.doc`` file is read when it is really RTF or
HTML (as the LexisNexis and Factiva "Word" downloads are). Word, RTF and
e-mail readers look at the text they find and split press-database exports
themselves (Nexis Uni in Word, Factiva or LexisNexis in RTF). A file with no
suffix, or a number for a suffix (``la010189``, ``fr940104.0``), is read
when its first bytes show a format with an unmistakable start (a TREC
``<DOC>``, a WARC record, a Reuters SGML file, a feed, an HTML page, a PDF,
an RTF file, an mbox mailbox or an e-mail message, a LexisNexis or Factiva
export). Any other suffix is not read, so companions such as
``reut2-017.sgm.utf8`` are left alone. Suffixes are compared in lower case
(``.TXT``, ``.DOCX``).

Each reader module imports the library it needs (trafilatura, feedparser,
warcio, pypdf, python-docx, striprtf) only when it reads a file, so
``newsgrep search`` never pays for them. The content tests are plain
functions of the start of a file (``looks_like_lexisnexis(head)``...), kept in
the reader modules, which know nothing of this table.

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
lexisnexis    .txt with "N of M DOCUMENTS" lines           readers.lexisnexis
nexis-uni     .docx (or .rtf) with "End of Document"       readers.lexisnexis
factiva       .rtf .html .txt with HD/BY/PD/... fields     readers.factiva
docx, odt     .docx, .odt                                  readers.office
rtf           .rtf (or a .doc that is RTF)                 readers.rtf
pdf           .pdf                                         readers.pdf
email, mbox   .eml, .mbox (or an mbox without suffix)      readers.mail
stdin         ``newsgrep index -``: JSON Lines              readers.json
============  ===========================================  ======================
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import io
import json
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .articles import Article, SkipFile
from .errors import CorpusPathError
from .readers import DEFAULT_OPTIONS, ReadOptions, finish
from .text import open_regular

#: The ignore file read at the top of every indexed folder (gitignore syntax).
IGNORE_FILE = ".newsgrepignore"

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
LEXISNEXIS = Reader("lexisnexis", "newsgrep.readers.lexisnexis", "read_lexisnexis")
FACTIVA_TEXT = Reader("factiva", "newsgrep.readers.factiva", "read_factiva_text")
FACTIVA_HTML = Reader("factiva", "newsgrep.readers.factiva", "read_factiva_html")
DOCX = Reader("docx", "newsgrep.readers.office", "read_docx")
ODT = Reader("odt", "newsgrep.readers.office", "read_odt")
RTF = Reader("rtf", "newsgrep.readers.rtf", "read_rtf")
PDF = Reader("pdf", "newsgrep.readers.pdf", "read_pdf")
EML = Reader("email", "newsgrep.readers.mail", "read_eml")
MBOX = Reader("mbox", "newsgrep.readers.mail", "read_mbox")

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
    ".pdf": PDF,
    ".docx": DOCX,
    ".odt": ODT,
    ".rtf": RTF,
    ".eml": EML,
    ".mbox": MBOX,
}

#: Suffixes of two parts, checked before the last suffix alone.
DOUBLE_SUFFIXES: dict[str, Reader] = {".warc.gz": WARC}

#: Plain-text suffixes whose files may hold a press-database export.
EXPORT_TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: Suffixes that settle that a file is read, without opening it (see readable()).
_SETTLED = frozenset(SUFFIXES) | EXPORT_TEXT_SUFFIXES | HTML_SUFFIXES
_DOUBLE = tuple(DOUBLE_SUFFIXES)

SNIFF_BYTES = 4096
#: HTML pages are looked into further: a saved page's styles and scripts come first.
HTML_SNIFF_BYTES = 65536

# What the start of a file looks like, for files whose name says nothing known.
_XML_PROLOG = rb"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*"
_FEED_ROOT = re.compile(_XML_PROLOG + rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b", re.DOTALL)
_SIGNATURES = [
    (re.compile(rb"\s*<DOC>", re.IGNORECASE), TREC),
    (re.compile(rb"WARC/\d"), WARC),
    (re.compile(rb"\s*(?:<!DOCTYPE lewis|<REUTERS\b)"), SGML),
    (_FEED_ROOT, FEED),
    (re.compile(_XML_PROLOG + rb"<html\b", re.DOTALL | re.IGNORECASE), HTML),
    (re.compile(rb"\s*%PDF-"), PDF),
    (re.compile(rb"\s*\{\\rtf"), RTF),
]


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path``, or None when newsgrep does not read that format."""
    name = path.name.lower()
    for suffix, reader in DOUBLE_SUFFIXES.items():
        if name.endswith(suffix):
            return reader
    suffix = path.suffix.lower()
    if suffix in EXPORT_TEXT_SUFFIXES:
        return _export_reader(_text(_head(path))) or TEXT
    if suffix in HTML_SUFFIXES:
        from .readers.factiva import looks_like_factiva_html

        return (
            FACTIVA_HTML if looks_like_factiva_html(_text(_head(path, HTML_SNIFF_BYTES))) else HTML
        )
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix == ".xml":
        return FEED if _FEED_ROOT.match(_head(path)) else None
    if suffix == ".doc":  # Word 97 files are not read; RTF and HTML under that name are
        found = sniff(_head(path))
        return found if found in (RTF, HTML) else None
    if suffix == "" or suffix[1:].isdigit():  # "la010189", "fr940104.0"
        return sniff(_head(path))
    return None


def readable(path: str, name: str | None = None) -> bool:
    """Whether newsgrep reads ``path``: the same answer as ``reader_for(path) is not None``,
    without opening the file when its suffix settles it (a ``.txt`` is plain text or an
    export, an ``.html`` a page or a Factiva export: read either way), so that a run
    over an unchanged archive opens no file. Only files whose suffix does not settle it
    (``.xml``, ``.doc``, none, a number) are looked into. ``name`` is the file's own
    name, when the caller has it (a walk's entry)."""
    name = (name if name is not None else os.path.basename(path)).lower()
    if name.endswith(_DOUBLE):
        return True
    stem = name.lstrip(".")  # as os.path.splitext: '.txt' alone has no suffix
    dot = stem.rfind(".")
    if dot > 0 and stem[dot:] in _SETTLED:
        return True
    return reader_for(Path(path)) is not None


def sniff(head: bytes) -> Reader | None:
    """The reader for a file that starts with ``head``, when its start is unmistakable."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    for pattern, reader in _SIGNATURES:
        if pattern.match(head):
            return reader
    from .readers.mail import looks_like_email, looks_like_mbox

    text = _text(head)
    if looks_like_mbox(text):
        return MBOX
    if looks_like_email(text):
        return EML
    return _export_reader(text)


def _export_reader(head: str) -> Reader | None:
    """The reader for text that starts like a press-database export, or None."""
    from .readers.factiva import looks_like_factiva
    from .readers.lexisnexis import looks_like_lexisnexis

    if looks_like_lexisnexis(head):
        return LEXISNEXIS
    if looks_like_factiva(head):
        return FACTIVA_TEXT
    return None


def _head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    try:
        with open_regular(path) as f:
            return f.read(size)
    except (OSError, SkipFile):
        return b""


def _text(head: bytes) -> str:
    """The start of a file as text, for looking at (a character cut in two is replaced)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").replace("\r", "")


def read_with(reader: Reader, path: Path, options: ReadOptions | None = None) -> list[Article]:
    """Read ``path`` with ``reader``; fill in the run's defaults and the format name."""
    options = options or DEFAULT_OPTIONS
    try:
        with _libraries_quiet():
            articles = reader(path, options)
    except SkipFile as e:
        finish(e.articles, reader.format, options)
        raise
    return finish(articles, reader.format, options)


@contextlib.contextmanager
def _libraries_quiet() -> Iterator[None]:
    """What a parsing library writes to stderr or warns about a file's content (warcio
    quotes a record's URI, an HTML parser a stray tag) never reaches the user's terminal
    raw: a reader reports a file's problems as its skip reason, made safe for printing."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def read_articles(path: Path, options: ReadOptions | None = None) -> list[Article]:
    """All articles in one file. Raises :class:`SkipFile` with a reason.

    ``options`` (field names, CSV dialect, default language and source) come
    from the command line; see :class:`newsgrep.readers.ReadOptions`.
    """
    reader = reader_for(path)
    if reader is None:
        raise SkipFile("unsupported format")
    return read_with(reader, path, options)


# ---------------------------------------------------------------- what a folder was told


@dataclass(frozen=True)
class FolderSettings:
    """What `newsgrep index` was told about a folder: how to read it, what to leave out."""

    shown: str  # the folder as the user typed it
    options: ReadOptions = DEFAULT_OPTIONS
    exclude: tuple[str, ...] = ()

    def to_json(self) -> str:
        options = dataclasses.asdict(self.options)
        return json.dumps({"shown": self.shown, "options": options, "exclude": self.exclude})

    @classmethod
    def from_json(cls, text: str) -> FolderSettings:
        data = json.loads(text)
        raw = data.get("options") or {}
        fields = tuple((t, tuple(s)) for t, s in raw.pop("fields", ()))
        known = {f.name for f in dataclasses.fields(ReadOptions)}
        options = ReadOptions(fields=fields, **{k: v for k, v in raw.items() if k in known})
        return cls(data.get("shown", ""), options, tuple(data.get("exclude", ())))

    def describe(self) -> str:
        """The options as one would type them again."""
        parts = []
        o = self.options
        for target, sources in o.fields:
            parts += [f"--field {target}={source}" for source in sources]
        if o.csv_delimiter:
            parts.append(f"--csv-delimiter {o.csv_delimiter!r}")
        if o.csv_quotechar:
            parts.append(f"--csv-quotechar {o.csv_quotechar!r}")
        if not o.csv_header:
            parts.append("--csv-no-header")
        if o.lang:
            parts.append(f"--lang {o.lang}")
        if o.source:
            parts.append(f"--source {o.source!r}")
        if o.pdf_pages_per_article:
            parts.append(f"--pdf-pages {o.pdf_pages_per_article}")
        parts += [f"--exclude {pattern!r}" for pattern in self.exclude]
        return " ".join(parts)


def under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class Folders:
    """The folders the index remembers settings for, and what follows for each file."""

    def __init__(self, remembered: dict[str, FolderSettings]) -> None:
        self.by_root = remembered
        self._specs: dict[str, object] = {}
        self._owners: dict[str, str | None] = {}  # a folder's owner, for the files in it

    def changed(self) -> None:
        """Forget what was worked out from ``by_root``: call after changing it."""
        self._specs.clear()
        self._owners.clear()

    def owner(self, path: str) -> str | None:
        """The deepest remembered folder holding ``path`` (or ``path`` itself).

        Worked out once per folder of the files asked about (a walk asks for
        every file): a root holding a file is the file, or holds its folder.
        """
        if path in self.by_root:
            return path
        cut = path.rfind(os.sep)  # os.path.dirname, for the walk's plain paths
        folder = path[:cut] if cut > 0 else os.sep if cut == 0 else ""
        try:
            return self._owners[folder]
        except KeyError:
            best = self._owners[folder] = self._deepest(folder)
            return best

    def _deepest(self, path: str) -> str | None:
        best = None
        for root in self.by_root:
            if under(path, root) and (best is None or len(root) > len(best)):
                best = root
        return best

    def settings_for(self, path: str) -> FolderSettings | None:
        root = self.owner(path)
        return self.by_root[root] if root else None

    def options_for(self, path: str) -> ReadOptions:
        settings = self.settings_for(path)
        return settings.options if settings else DEFAULT_OPTIONS

    def excluded(self, path: str, is_dir: bool) -> str | None:
        """Why ``path`` is left out (an --exclude pattern, the ignore file), or None."""
        root = self.owner(path)
        if root is None or path == root:
            return None
        spec = self._spec(root)
        if spec is None:
            return None
        rel = os.path.relpath(path, root).replace(os.sep, "/") + ("/" if is_dir else "")
        which, matcher = spec
        return which if matcher.match_file(rel) else None

    def _spec(self, root: str):
        if root not in self._specs:
            patterns = list(self.by_root[root].exclude)
            own: list[str] = []
            try:
                with open(os.path.join(root, IGNORE_FILE), encoding="utf-8") as f:
                    own = f.read().splitlines()
            except (OSError, UnicodeDecodeError):
                pass
            spec = None
            if patterns or own:
                import pathspec

                which = (
                    "excluded by --exclude"
                    if patterns and not own
                    else (f"excluded by {IGNORE_FILE}" if not patterns else "excluded")
                )
                spec = (which, pathspec.GitIgnoreSpec.from_lines(patterns + own))
            self._specs[root] = spec
        return self._specs[root]


# ---------------------------------------------------------------- walking


@dataclass
class CorpusFile:
    canonical: str  # the path: absolute, symbolic links resolved
    size: int
    mtime_ns: int
    shown: str | None = None  # the path through the links the user typed, when it differs

    @property
    def path(self) -> Path:
        return Path(self.canonical)

    @property
    def signature(self) -> str:
        return f"{self.mtime_ns}:{self.size}"


def _hidden(name: str) -> bool:
    return name.startswith(".")


def logical_path(path: Path | str) -> str:
    """``path`` made absolute without resolving symbolic links: as the user knows it.

    A relative path is taken from the shell's current folder ($PWD) when
    that names the current folder, so a folder entered through a link keeps
    the link's name.
    """
    path = os.fspath(path)
    if not os.path.isabs(path):
        base = os.getcwd()
        pwd = os.environ.get("PWD")
        if pwd and os.path.isabs(pwd):
            with contextlib.suppress(OSError):
                if os.path.samefile(pwd, base):
                    base = pwd
        path = os.path.join(base, path)
    return os.path.normpath(path)


#: Tells whether a file or folder (by its canonical path) is excluded from
#: indexing, and why: None when it is not.
Excluder = Callable[[str, bool], "str | None"]


def walk_corpus(
    roots: Iterable[Path | str],
    exclude: Excluder | None = None,
    skip_dirs: Iterable[str] = (),
) -> Iterator[CorpusFile | tuple[str, str]]:
    """Yield every readable file under ``roots``, or ``(path, reason)`` when skipped.

    Hidden files and folders are skipped, symbolic links are followed once
    (a folder already seen is never entered again, so link loops end), and
    files of formats newsgrep does not read are reported as skipped.
    Files named explicitly are read whatever their name. A file is known by
    its canonical path (links resolved: a folder indexed once through a link
    and once directly is one folder, not two copies) and shown by the path
    the user typed. ``exclude`` tells which files and folders to leave out;
    folders of ``skip_dirs`` (canonical paths: the index itself) are not
    entered.
    """
    seen_dirs: set[tuple[int, int]] = set()
    skip = frozenset(skip_dirs)
    # Files named as roots and files reached through a link to a file are the only
    # ones the walk can meet twice: they wait for the end, and go only when the
    # walk did not reach them in their own folder (no set of every path seen).
    # (canonical path, path shown, size, modification time)
    later: list[tuple[str, str, int, int]] = []
    for root in roots:
        shown = logical_path(root)
        canonical = os.path.realpath(shown)
        if not _utf8(canonical):
            yield shown, BAD_NAME
            continue
        try:
            st = os.stat(canonical)
        except FileNotFoundError as e:
            raise CorpusPathError(
                f"no such file or folder: {shown}", hint="Check the path and try again."
            ) from e
        except OSError as e:
            raise CorpusPathError(f"cannot read {shown}: {e.strerror}") from e
        if stat.S_ISREG(st.st_mode):
            later.append((canonical, shown, st.st_size, st.st_mtime_ns))
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield shown, "not a regular file"
            continue
        yield from _walk_dir(shown, canonical, seen_dirs, exclude, skip, later)
    done: set[str] = set()
    for canonical, shown, size, mtime_ns in later:
        if canonical not in done and not _walked_to(canonical, seen_dirs, exclude):
            done.add(canonical)
            yield CorpusFile(canonical, size, mtime_ns, None if shown == canonical else shown)


def _walked_to(path: str, seen: set[tuple[int, int]], exclude: Excluder | None) -> bool:
    """Whether the walk yielded the file ``path`` (canonical) from its own folder."""
    folder, name = os.path.split(path)
    try:
        st = os.stat(folder)
    except OSError:
        return False
    if (st.st_dev, st.st_ino) not in seen or _hidden(name):
        return False
    if exclude and exclude(path, False):
        return False
    return readable(path)


#: Why a file or folder whose name is not UTF-8 (a Latin-1 ``café.txt`` from an
#: old archive) is skipped: the index keeps paths as text, and such a name
#: has no text form that leads back to the file.
BAD_NAME = "name not in UTF-8: rename it (convmv -f latin1 -t utf-8 NAME) to index it"


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by Python as lone surrogates
        return False
    return True


def _file(canonical: str, shown: str, st: os.stat_result) -> CorpusFile:
    return CorpusFile(canonical, st.st_size, st.st_mtime_ns, None if shown == canonical else shown)


def _unreadable(e: OSError) -> str:
    """The reason of a folder that could not be listed (its files stay in the index)."""
    return f"unreadable folder ({e.strerror})" if e.strerror else "unreadable folder"


def _walk_dir(
    shown: str,
    canonical: str,
    seen: set[tuple[int, int]],
    exclude: Excluder | None,
    skip: frozenset[str],
    later: list[tuple[str, str, int, int]],
) -> Iterator[CorpusFile | tuple[str, str]]:
    if canonical in skip:
        yield shown, "the index folder itself"
        return
    try:
        st = os.stat(canonical)
    except (FileNotFoundError, NotADirectoryError) as e:
        yield shown, e.strerror  # gone (or a link to nothing): its files are checked again
        return
    except OSError as e:
        yield shown, _unreadable(e)
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        with os.scandir(canonical) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        # Not listed, so not walked: a file in it named or linked to is read all the
        # same (a folder one may enter but not list), and later meetings enter it
        # to no avail.
        seen.discard(key)
        yield shown, "permission denied" if isinstance(e, PermissionError) else _unreadable(e)
        return
    prefix = shown if shown.endswith(os.sep) else shown + os.sep  # (os.path.join, faster)
    for entry in entries:
        name = entry.name
        if _hidden(name):
            continue
        path = prefix + name
        if not _utf8(name):
            yield path, BAD_NAME
            continue
        try:
            link = entry.is_symlink()
            st = entry.stat()  # follows symlinks
            real = os.path.realpath(entry.path) if link else entry.path
        except OSError:
            yield path, "broken link" if entry.is_symlink() else "unreadable"
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        why = exclude(real, is_dir) if exclude else None
        if why:
            yield path, why
        elif is_dir:
            yield from _walk_dir(path, real, seen, exclude, skip, later)
        elif stat.S_ISREG(st.st_mode):
            if not readable(real, None if link else name):
                yield path, "unsupported format"
            elif not link:
                yield _file(real, path, st)
            elif not _utf8(real):
                yield path, BAD_NAME
            else:  # a link to a file, which the walk may reach in its own folder too
                later.append((real, path, st.st_size, st.st_mtime_ns))
        else:
            yield path, "not a regular file"
