"""Text hygiene shared by the readers: decoding, cleaning, paragraphs, boilerplate, titles.

Every reader turns what it finds into clean paragraphs through these
functions, so that text from any format is matched, shown and capped the
same way. Nothing here knows about file formats or the search engine.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .articles import SkipFile

#: Files larger than this are skipped rather than read into memory.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Paragraphs longer than this are split at a space, so one runaway line
#: cannot make a single huge document.
MAX_PARAGRAPH_CHARS = 5000

# ---------------------------------------------------------------- text hygiene

# C0 and C1 controls (and DEL) except tab and newline, plus invisible format
# characters that only get in the way of matching: soft hyphen, zero-width
# spaces and joiners, bidi controls, byte-order mark; and lone surrogates
# (JSON's ``"\ud800"``), which are no character and cannot be stored as UTF-8.
_JUNK = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    "\ud800-\udfff]"
)
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_WS = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Runs of blanks that need rewriting as one space: a lone space is left
# alone, so long texts with ordinary spacing are not cut into millions of
# pieces by the substitution.
_SPACES = re.compile(f"(?: [ {_WS}]+|[{_WS}][ {_WS}]*)")


def clean_text(text: str) -> str:
    """NFC-normalize ``text`` and remove escape sequences and control characters.

    Newlines are kept; everything else that a terminal could interpret is
    dropped, so stored text is inert wherever it is printed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI.sub("", text)
    text = _JUNK.sub("", text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """Collapse whitespace (newlines included) to single spaces."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


# Paragraphs that are page furniture, not article text: paywall notices,
# "read also" links, sharing prompts. Matched against whole paragraphs.
BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"il vous reste \d+(?:[.,]\d+)?\s?% de cet article à lire\.?.*",
        r"la suite est réservée aux abonnés\.?",
        r"cet article est réservé aux abonnés\.?.*",
        r"(?:lire aussi|lire également|à lire aussi)\s*[:|].*",
        r"(?:abonnez-vous|inscrivez-vous) .{0,80}",
        r"(?:subscribe|sign up|log in) to (?:continue|read) .{0,80}",
        r"this article is (?:for|available to) subscribers only\.?.*",
        r"(?:read more|related)\s*:.{0,200}",
    )
]


def is_boilerplate(paragraph: str) -> bool:
    return any(p.fullmatch(paragraph) for p in BOILERPLATE)


# ---------------------------------------------------------------- decoding


_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
DETECTION_SAMPLE_BYTES = 1_000_000


def decode_bytes(data: bytes) -> str:
    """Decode file contents: UTF-8 (with or without BOM), else by detection.

    Text that is not UTF-8 and whose non-ASCII bytes stand alone between
    ASCII ones (``\xa3250``, ``M\xfcnster``) is Western European: Windows-1252,
    else Latin-1. A handful of isolated bytes is too little for statistical
    detection, which reads them as anything from Japanese to Baltic. Other
    text (Cyrillic, Greek, CJK...) is decoded as charset-normalizer detects,
    from the lines that hold non-ASCII bytes, wherever they are in the file.

    Raises :class:`SkipFile` for binary data.
    """
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _isolated_high_bytes(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    from charset_normalizer import from_bytes

    sample = b"\n".join(_non_ascii_lines(data))[:DETECTION_SAMPLE_BYTES]
    matches = list(from_bytes(sample))
    if not matches:
        raise SkipFile("unknown text encoding")
    # Short Western texts fit many single-byte code pages equally well, and
    # the detector's first pick is then arbitrary (cp1250, even cp932 for a
    # BBC story with one "£"). Windows-1252, the superset of Latin-1 that
    # most non-UTF-8 news text is in, wins whenever it fits about as well.
    least_chaos = min(m.chaos for m in matches)
    encoding = matches[0].encoding
    for m in matches:
        if m.encoding in _WESTERN and m.chaos <= least_chaos + 0.1:
            encoding = m.encoding
            break
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode(encoding, errors="replace")


_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _non_ascii_lines(data: bytes) -> Iterator[bytes]:
    """The lines of ``data`` that hold a non-ASCII byte, in time linear in its length.

    (A pattern for "a line with a high byte in it" backtracks over every
    long ASCII line once per character: a minute for 64 KB of them.)
    """
    size = 0
    for line in data.split(b"\n"):
        if _HIGH_BYTE.search(line):
            yield line
            size += len(line) + 1
            if size > DETECTION_SAMPLE_BYTES:
                return


def _isolated_high_bytes(data: bytes) -> bool:
    """Whether non-ASCII bytes come alone (or at most in pairs, now and then)."""
    runs = [len(run) for run in _HIGH_RUNS.findall(data)]
    return bool(runs) and max(runs) <= 2 and runs.count(2) <= len(runs) // 4


def open_regular(path: Path | str) -> BinaryIO:
    """``path`` opened for reading, when it is (still) a regular file.

    Opened without blocking and checked on the opened file, so that a file
    replaced by a named pipe or a device after the walk is skipped ("not a
    regular file") rather than waited on for ever. Raises :class:`SkipFile`
    for anything but a regular file, OSError when it cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkipFile("not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path) -> bytes:
    try:
        with open_regular(path) as f:
            if os.fstat(f.fileno()).st_size > MAX_FILE_BYTES:
                raise SkipFile(f"larger than {MAX_FILE_BYTES // 2**20} MB")
            return f.read()
    except PermissionError as e:
        raise SkipFile("permission denied", transient=True) from e
    except OSError as e:
        raise SkipFile(e.strerror or "unreadable", transient=True) from e


# ---------------------------------------------------------------- paragraphs and titles

# A sentence ends at . ! or ? after two letters (not after "Dr." or "St.") and
# before a word.
_SENTENCE_END = re.compile(r"(?<=[^\s.]{2}[.!?])(?<!\b[A-Z][a-z]\.)\s+(?=[\"'«„“(\[]?[^\W\d_])")

#: A headline made from the text is its first sentence when that sentence is
#: at most SENTENCE_TITLE_CHARS long, else its first TITLE_CHARS (cut at a word).
TITLE_CHARS = 80
SENTENCE_TITLE_CHARS = 160


def title_from_text(text: str) -> str:
    """A headline for an article that has none, taken from the start of its text."""
    text = one_line(text)
    m = _SENTENCE_END.search(text, 0, SENTENCE_TITLE_CHARS + 2)
    if m and m.start() <= SENTENCE_TITLE_CHARS:
        return text[: m.start()]
    if len(text) <= SENTENCE_TITLE_CHARS:
        return text
    cut = text.rfind(" ", TITLE_CHARS // 2, TITLE_CHARS)
    return text[: cut if cut != -1 else TITLE_CHARS].rstrip(" ,;:-–—") + "…"


def _is_wrapped(lines: list[str]) -> bool:
    """Whether a block's lines look hard-wrapped at a fixed width (~60-90 chars)."""
    if len(lines) < 2:
        return False
    body = [len(line.rstrip()) for line in lines[:-1]]
    return max(body) <= 100 and sum(body) / len(body) >= 40


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs of a plain-text body.

    Blank lines separate blocks. A block whose lines look hard-wrapped is
    rejoined (a new paragraph starts at an indented line or after a short
    line that ends a sentence); any other multi-line block holds one
    paragraph per line.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", body):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if not _is_wrapped(lines):
            paragraphs.extend(one_line(line) for line in lines)
            continue
        width = max(len(line.rstrip()) for line in lines)
        all_indented = all(line[:1] in " \t" for line in lines)
        current: list[str] = []
        for line in lines:
            starts_new = current and (
                (not all_indented and line[:1] in " \t")
                or (
                    len(current[-1].rstrip()) < 0.6 * width
                    and current[-1].rstrip()[-1:] in '.!?:"»”'
                )
            )
            if starts_new:
                paragraphs.append(_join_wrapped(current))
                current = []
            current.append(line)
        paragraphs.append(_join_wrapped(current))
    return [p for p in paragraphs if p]


def _join_wrapped(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if out.endswith("-") and out[-2:-1].isalpha() and line[:1].islower():
            out += line  # a word hyphenated across the wrap
        else:
            out = f"{out} {line}" if out else line
    return one_line(out)


def split_long(paragraph: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """Split a paragraph longer than ``limit`` at spaces (or hard, if it has none)."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces = []
    start, end = 0, len(paragraph)
    while end - start > limit:
        cut = paragraph.rfind(" ", start + limit // 2, start + limit)
        if cut == -1:
            cut = start + limit
        pieces.append(paragraph[start:cut].strip())
        start = cut
        while start < end and paragraph[start].isspace():
            start += 1
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def tidy_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Drop boilerplate and empty paragraphs, split runaway ones."""
    out: list[str] = []
    for p in paragraphs:
        p = one_line(p)
        if p and not is_boilerplate(p):
            out.extend(split_long(p))
    return out


#: Articles with more paragraphs than this have them grouped, so one odd file
#: (a million one-line paragraphs) cannot flood the index.
MAX_PARAGRAPHS = 5000


#: Text of one article beyond this many characters is not indexed (and the
#: file is reported as partly read): a runaway dump must not take hours.
MAX_ARTICLE_CHARS = 5_000_000


def cap_paragraphs(paragraphs: list[str], limit: int = MAX_PARAGRAPHS) -> tuple[list[str], bool]:
    """(at most ``limit`` paragraphs of at most MAX_ARTICLE_CHARS in all, whether text was cut).

    Consecutive paragraphs are joined when there are more than ``limit``.
    """
    cut = False
    total = 0
    for i, p in enumerate(paragraphs):
        total += len(p)
        if total > MAX_ARTICLE_CHARS:
            paragraphs, cut = paragraphs[:i], True
            break
    if len(paragraphs) > limit:
        size = -(-len(paragraphs) // limit)
        paragraphs = [" ".join(paragraphs[i : i + size]) for i in range(0, len(paragraphs), size)]
    return paragraphs, cut
