"""The on-disk index: schema, opening, and bringing it up to date with a corpus.

This module and :mod:`newsgrep.search` are the only ones that import Whoosh.

One Whoosh document per paragraph. Paragraph 0 of every article is its
headline and carries the article's metadata; paragraphs 1..n carry body text.
One more document per file records its signature (modification time and
size), so the next ``newsgrep index`` reads only files that changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import inspect
import json
import os
import pickle
import struct
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import analysis, variants
from .articles import (
    MAX_ARTICLE_CHARS,
    Article,
    CorpusFile,
    SkipFile,
    article_digest,
    cap_paragraphs,
    read_articles,
    walk_corpus,
)
from .errors import IndexDamagedError, IndexLockedError, IndexMissingError, NewsgrepError

if TYPE_CHECKING:
    from .readers import ReadOptions

# Whoosh 2.7.4 predates Python 3.12's SyntaxWarning for invalid escape
# sequences; its modules are compiled lazily, so keep the filter installed.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*[\\/]whoosh[\\/]")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    import whoosh.index
    from whoosh.analysis import Composable, Token
    from whoosh.columns import NumericColumn
    from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema
    from whoosh.query import Term
    from whoosh.writing import CLEAR

#: Bumped whenever the schema or the analysis changes what is in an index.
INDEX_FORMAT = 6
_FORMAT_FILE = "newsgrep.json"
INDEX_NAME = "newsgrep"

#: Seconds a second writer waits for the index lock before giving up.
LOCK_TIMEOUT = 30.0

HEADLINE = "h"
PARAGRAPH = "p"
FILE = "f"


class LangText(str):
    """Text that knows its language, so one field can be stemmed per document."""

    lang: str | None = None

    def __new__(cls, text: str, lang: str | None):
        self = super().__new__(cls, text)
        self.lang = lang
        return self


class NewsTokenizer(Composable):
    """Whoosh adapter around :func:`newsgrep.analysis.analyze`.

    At index time the language comes with the text (:class:`LangText`); at
    query time it is the tokenizer's own ``lang``.
    """

    def __init__(self, lang: str | None = None, stem: bool = True) -> None:
        self.lang = lang
        self.stem = stem

    def __eq__(self, other):
        return type(other) is type(self) and other.lang == self.lang and other.stem == self.stem

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        lang = getattr(value, "lang", self.lang)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _as_typed(t, value, start_pos, start_char)
            return
        found = analysis.analyze(value, lang, self.stem)
        yield from _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char)


def _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char):
    """Whoosh tokens from (term, position, start, end) tuples, reusing one Token as Whoosh does."""
    for term, pos, start, end in found:
        t.text = term
        t.boost = 1.0
        t.stopped = False
        if keeporiginal:
            t.original = value[start:end]
        if positions:
            t.pos = start_pos + pos
        if chars:
            t.startchar, t.endchar = start_char + start, start_char + end
        yield t


def _as_typed(t, value: str, start_pos: int, start_char: int):
    """The one token of a word Whoosh asks not to split (a prefix, a fuzzy word): folded."""
    t.original = t.text = analysis.fold(value)
    t.boost = 1.0
    t.pos = start_pos
    t.startchar, t.endchar = start_char, start_char + len(value)
    return t


class NameKeyTokenizer(Composable):
    """Transliteration keys of names (:mod:`newsgrep.variants`), for the ``names`` field.

    In articles every capitalised word is keyed; in a query only words typed
    with a capital letter or in Cyrillic are, so ordinary words typed in lower
    case never reach a name spelled like them in another language.
    """

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):  # fmt: skip
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # A prefix or a fuzzy word: kept as typed, then dropped from the
            # names field by the search (it looks for whole names only).
            yield _as_typed(t, value, start_pos, start_char)
            return
        if mode == "query":
            found = (
                (key, pos, start, end)
                for pos, (key_word, start, end) in enumerate(_query_words(value))
                for key in variants.name_keys(key_word)
            )
        else:
            found = variants.variant_terms(value)
        yield from _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char)


def _query_words(text: str):
    for m in analysis.WORD.finditer(text):
        word = m.group()
        if word[:1].isupper() or any("\u0400" <= c <= "\u04ff" for c in word):
            yield word, m.start(), m.end()


def text_field(lang: str | None = None, stored: bool = True, stem: bool = True):
    return TEXT(analyzer=NewsTokenizer(lang, stem), stored=stored)


def make_schema() -> Schema:
    return Schema(
        pid=ID(unique=True, stored=True),
        aid=ID(stored=True, sortable=True),
        kind=ID(),
        path=ID(stored=True),
        n=STORED,  # paragraph number; never searched
        title=text_field(),
        text=text_field(),
        date=DATETIME(stored=True, sortable=True),
        source=text_field(stem=False),
        names=TEXT(analyzer=NameKeyTokenizer(), phrase=False),
        digest=STORED,
        # The whole article's length in words, on each of its documents, for
        # ranking articles as wholes without reading all their paragraphs.
        **{f"alen_{name}": COLUMN(NumericColumn("I")) for name in ("title", "text", "names")},
        lang=ID(stored=True),
        author=STORED,
        url=STORED,
        sig=STORED,
        reason=STORED,
        narticles=STORED,
        nparas=STORED,
    )


def default_index_dir() -> Path:
    env = os.environ.get("NEWSGREP_INDEX")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("newsgrep", appauthor=False)) / "index"


def _check_format(path: Path) -> dict:
    try:
        info = json.loads((path / _FORMAT_FILE).read_text())
    except (OSError, ValueError) as e:
        raise IndexDamagedError(f"{path} is not a newsgrep index (no {_FORMAT_FILE})") from e
    if info.get("format") != INDEX_FORMAT:
        raise IndexDamagedError(
            f"the index at {path} was built by another version of newsgrep "
            f"(format {info.get('format')}, this one reads {INDEX_FORMAT})"
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
    temporary = path / f"{_FORMAT_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(info, indent=0) + "\n")
    os.replace(temporary, path / _FORMAT_FILE)


def open_index(path: Path | None = None):
    """Open an existing index for reading. Raises IndexMissingError if there is none."""
    path = Path(path) if path else default_index_dir()
    if not whoosh.index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexMissingError(f"no index at {path}")
    info = _check_format(path)
    try:
        ix = whoosh.index.open_dir(str(path), indexname=INDEX_NAME)
    except DAMAGE_ERRORS as e:
        raise IndexDamagedError(f"the index at {path} cannot be read: {_reason(e)}") from e
    _check_files(path, info, ix.latest_generation())
    return ix


#: What reading a truncated, missing or garbled index file raises.
DAMAGE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror}: {Path(e.filename).name}" if e.filename else e.strerror
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def guard_damage(fn):
    """Decorate a function taking ``index_dir``: damaged index files become IndexDamagedError.

    A segment file that disappears while it is being opened was usually
    replaced by a writer's commit in between: the call is tried once more.
    """
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        path = bound.arguments.get("index_dir") or default_index_dir()
        for attempt in (1, 2):
            try:
                return fn(*args, **kwargs)
            except FileNotFoundError as e:
                if attempt == 1:
                    continue
                raise IndexDamagedError(f"the index at {path} is damaged ({_reason(e)})") from e
            except DAMAGE_ERRORS as e:
                raise IndexDamagedError(f"the index at {path} is damaged ({_reason(e)})") from e
        return None  # pragma: no cover

    return guarded


def create_index(path: Path):
    try:
        path.mkdir(parents=True, exist_ok=True)
        # The format file first: a run killed in between leaves a folder
        # that the next run simply creates again.
        (path / _FORMAT_FILE).write_text(json.dumps({"format": INDEX_FORMAT}) + "\n")
        ix = whoosh.index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
    except OSError as e:
        raise NewsgrepError(
            f"cannot create an index at {path}: {e.strerror}",
            hint="Choose a writable folder with --index or NEWSGREP_INDEX.",
        ) from e
    return ix


# ---------------------------------------------------------------- updating


@dataclass
class IndexSummary:
    """What one ``newsgrep index`` run did."""

    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    articles: int = 0  # articles (re)indexed this run
    paragraphs: int = 0
    total_articles: int = 0  # in the whole index afterwards
    total_paragraphs: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> files
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)  # format -> articles (re)indexed
    index_path: str = ""


ProgressFn = Callable[[int, int], None]


def _file_records(searcher) -> dict[str, dict]:
    return {fields["path"]: fields for fields in searcher.documents(kind=FILE) if "path" in fields}


def _date_value(d: dt.date | None):
    return dt.datetime(d.year, d.month, d.day) if d else None


def article_documents(article: Article) -> Iterable[dict]:
    """Whoosh documents for one article: its headline, then its paragraphs."""
    lang = article.lang
    common = {
        "aid": article.id,
        "path": article.path,
        "lang": lang or "und",
    }
    common.update(_article_lengths(article))
    date = _date_value(article.date)
    if date:
        common["date"] = date
    if article.source:
        common["source"] = article.source
    head = {
        **common,
        "pid": f"{article.id}:0",
        "kind": HEADLINE,
        "n": 0,
        "title": LangText(article.title, lang),
        "_stored_title": article.title,
        "names": article.title,
        "digest": article_digest(article),
    }
    if article.author:
        head["author"] = article.author
    if article.url:
        head["url"] = article.url
    yield head
    for n, text in enumerate(article.paragraphs, 1):
        yield {**common, "pid": f"{article.id}:{n}", "kind": PARAGRAPH, "n": n,
               "text": LangText(text, lang), "_stored_text": text, "names": text}  # fmt: skip


def _article_lengths(article: Article) -> dict[str, int]:
    """Words of the headline, of the body, and capitalised words (name keys), about."""
    words = analysis.WORD.findall
    body = [w for p in article.paragraphs for w in words(p)]
    title = words(article.title)
    return {
        "alen_title": len(title),
        "alen_text": len(body),
        "alen_names": sum(1 for w in title + body if w[:1].isupper()),
    }


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _article_signature(article: Article) -> str:
    """What decides whether a piped article changed: a hash of its contents."""
    parts = [article.title, *article.paragraphs, str(article.date), article.source,
             article.lang, article.author, article.url]  # fmt: skip
    text = "\0".join(p or "" for p in parts)
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()


def update_index(
    roots: Iterable[Path],
    index_dir: Path | None = None,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    options: ReadOptions | None = None,
    piped: Iterable[Article | tuple[str, str]] = (),
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
    ``(where, reason)`` for input that was skipped.
    """
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    roots = [Path(os.path.realpath(r)) for r in roots]
    summary = IndexSummary(index_path=str(index_dir))

    # Everything to index, as (path, signature, read): files, then piped articles.
    found: list[tuple[str, str, Callable[[], list[Article]]]] = []
    fingerprint = options.fingerprint() if options else ""
    for item in walk_corpus(roots):
        if isinstance(item, CorpusFile):
            read = partial(read_articles, item.path, options)
            found.append((str(item.path), item.signature + fingerprint, read))
        else:
            path, reason = item
            summary.skipped[reason] += 1
            summary.skipped_files.append((str(path), reason))
    for item in piped:
        if isinstance(item, Article):
            found.append((item.path, _article_signature(item), partial(list, [item])))
        else:
            where, reason = item
            summary.skipped[reason] += 1
            summary.skipped_files.append((where, reason))

    ix = _open_for_writing(index_dir, rebuild)
    try:
        # Segments as separate files rather than one compound file: a search
        # then reads from each what it needs, where parts of a compound file
        # were copied into memory (a third of the memory of a search).
        writer = ix.writer(timeout=lock_timeout, limitmb=128, compound=False)
    except whoosh.index.LockError as e:
        raise IndexLockedError(
            f"the index at {index_dir} is still locked by another writer after {lock_timeout:g} s"
        ) from e
    except OSError as e:
        raise NewsgrepError(
            f"cannot write to the index at {index_dir}: {e.strerror}",
            hint="Check the folder's permissions, or choose another with --index.",
        ) from e

    try:
        records = {}
        if not rebuild:
            try:
                with ix.searcher() as searcher:
                    records = _file_records(searcher)
            except DAMAGE_ERRORS as e:
                raise IndexDamagedError(
                    f"the index at {index_dir} is damaged ({_reason(e)})"
                ) from e
        root_strs = [str(r) for r in roots]
        present = {path for path, _, _ in found}
        for path in records:
            if path not in present and _under(path, root_strs):
                writer.delete_by_term("path", path)
                summary.files_removed += 1

        todo = []
        for path, sig, read in found:
            rec = records.get(path)
            if rec is not None and rec.get("sig") == sig:
                summary.files_unchanged += 1
                if rec.get("reason"):
                    summary.skipped[rec["reason"]] += 1
                    summary.skipped_files.append((path, rec["reason"]))
            else:
                todo.append((path, sig, read, rec is not None))

        for done, (path, sig, read, known) in enumerate(todo, 1):
            if known:
                writer.delete_by_term("path", path)
            record = {"pid": f"file:{path}", "kind": FILE, "path": path, "sig": sig}
            try:
                articles = read()
            except SkipFile as e:
                reason = str(e)
                summary.skipped[reason] += 1
                summary.skipped_files.append((path, reason))
                record["reason"] = reason
                articles = e.articles  # what a damaged file gave before the damage
            nparas = 0
            for article in articles:
                article.paragraphs, cut = cap_paragraphs(article.paragraphs)
                if cut:
                    reason = f"partly read: text after the first {MAX_ARTICLE_CHARS:,} characters"
                    summary.skipped[reason] += 1
                    summary.skipped_files.append((path, reason))
                    record.setdefault("reason", reason)
                summary.formats[article.format or "other"] += 1
                if not article.lang:
                    article.lang = analysis.detect_language(
                        " ".join([article.title, *article.paragraphs[:5]])
                    )
                for doc in article_documents(article):
                    writer.add_document(**doc)
                nparas += len(article.paragraphs)
            record["narticles"] = len(articles)
            record["nparas"] = nparas
            writer.add_document(**record)
            summary.files_read += 1
            summary.articles += len(articles)
            summary.paragraphs += nparas
            if progress:
                progress(done, len(todo))
        # One commit for the whole run: the new table of contents replaces
        # the old one by an atomic rename, so a run that is killed or
        # interrupted leaves the index exactly as the previous run left it.
        writer.commit(mergetype=CLEAR if rebuild else None)
        with contextlib.suppress(OSError):  # only a check of later reads is lost
            _record_files(index_dir)
    except OSError as e:
        _cancel(writer)
        raise NewsgrepError(
            f"cannot write the index at {index_dir}: {_reason(e)}",
            hint="Nothing was changed: the index is as the previous run left it.",
        ) from e
    except BaseException:
        _cancel(writer)
        raise

    with ix.searcher() as searcher:
        for rec in searcher.documents(kind=FILE):
            summary.total_articles += rec.get("narticles", 0)
            summary.total_paragraphs += rec.get("nparas", 0)
    return summary


def _cancel(writer) -> None:
    """Drop an unfinished run; the committed index is untouched whatever happens here."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - its temporary files may be gone already
        with contextlib.suppress(Exception):
            writer.writelock.release()


def _open_for_writing(index_dir: Path, rebuild: bool):
    """The index to update; a new one when there is none (or a damaged one is rebuilt)."""
    if not whoosh.index.exists_in(str(index_dir), indexname=INDEX_NAME):
        return create_index(index_dir)
    try:
        return open_index(index_dir)
    except IndexDamagedError:
        if not rebuild:
            raise
        return create_index(index_dir)


__all__ = [
    "HEADLINE",
    "PARAGRAPH",
    "FILE",
    "IndexSummary",
    "LangText",
    "NameKeyTokenizer",
    "NewsTokenizer",
    "Term",
    "default_index_dir",
    "make_schema",
    "open_index",
    "text_field",
    "update_index",
]


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
