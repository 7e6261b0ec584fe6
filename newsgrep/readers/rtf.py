"""RTF files, with striprtf: one article, or the many of a press-database export.

striprtf turns the RTF into text (one line a paragraph, table cells ended by
``|``). What that text holds decides how it is read:

- a Factiva export (field codes ``HD``, ``BY``, ``PD``... at the start of
  lines or table rows): :func:`newsgrep.readers.factiva.factiva_text_articles`;
- a LexisNexis export (``N of M DOCUMENTS`` lines):
  :func:`newsgrep.readers.lexisnexis.lexisnexis_articles`;
- a Nexis Uni export (``End of Document`` paragraphs):
  :func:`newsgrep.readers.lexisnexis.nexis_uni_articles`;
- anything else is one article: the first paragraph is the headline, the
  others the text (the cells of a table row on one line), dated by a date
  opening one of its first paragraphs or a ``YYYY-MM-DD`` in the file name.
  The document's ``{\\info}`` title, author and creation time go to
  ``Article.extra`` as ``doc_title``, ``doc_author`` and ``created``.

Embedded pictures (long runs of hex digits) are dropped before conversion,
which would otherwise spend most of its time on them. RTF files larger than
MAX_RTF_BYTES are skipped: striprtf takes about half a second a megabyte.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import clean_text, one_line, read_bytes
from . import DEFAULT_OPTIONS, ReadOptions
from .factiva import factiva_text_articles, looks_like_factiva
from .lexisnexis import (
    lexisnexis_articles,
    looks_like_lexisnexis,
    looks_like_nexis_uni,
    nexis_uni_articles,
)
from .office import document_article

MAX_RTF_BYTES = 64 * 2**20
#: Characters of converted text looked at to recognise an export.
SNIFF_CHARS = 16_384

_PICTURE_DATA = re.compile(rb"(?:[0-9a-fA-F]{2}[\r\n]*){256,}")


def looks_like_rtf(head: bytes) -> bool:
    return head.lstrip()[:5] == b"{\\rtf"


def rtf_text(data: bytes) -> str:
    """The text of an RTF document (raises :class:`SkipFile` when it is not one)."""
    from striprtf.striprtf import rtf_to_text

    if not looks_like_rtf(data[:1024]):
        raise SkipFile("not an RTF file")
    data = _PICTURE_DATA.sub(b"", data)
    try:
        # RTF is 7-bit text with escapes for the rest; stray 8-bit bytes are
        # taken as Latin-1 rather than refused.
        return clean_text(rtf_to_text(data.decode("latin-1"), errors="replace"))
    except (ValueError, IndexError, LookupError, RecursionError) as e:
        raise SkipFile(f"damaged RTF: {one_line(str(e))[:80] or type(e).__name__}") from e


def read_rtf(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    data = read_bytes(path)
    if len(data) > MAX_RTF_BYTES:
        raise SkipFile(f"RTF larger than {MAX_RTF_BYTES // 2**20} MB")
    text = rtf_text(data)
    head = text[:SNIFF_CHARS]
    if looks_like_factiva(head):
        return factiva_text_articles(str(path), text)
    if looks_like_lexisnexis(head):
        return lexisnexis_articles(str(path), text)
    if looks_like_nexis_uni(head):
        return nexis_uni_articles(str(path), text.split("\n"))
    lines = [_cells(line) for line in text.split("\n")]
    return [document_article(str(path), [(line, "") for line in lines], _info(data))]


def _cells(line: str) -> str:
    """A table row as striprtf writes it (``a|b|``) on one line: ``a b``."""
    if line.rstrip().endswith("|"):
        return " ".join(cell.strip() for cell in line.rstrip().rstrip("|").split("|"))
    return line


_INFO_TEXT = re.compile(rb"\{\\(title|author)\s+((?:[^{}\\]|\\[^a-z]|\\[a-z]+-?\d* ?)*)\}")
_CREATED = re.compile(rb"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def _info(data: bytes) -> dict[str, str]:
    """Title, author and creation date from the document's ``{\\info}`` group."""
    start = data.find(b"{\\info")
    if start == -1:
        return {}
    info = data[start : start + 8192]
    meta = {}
    for key, raw in _INFO_TEXT.findall(info):
        from striprtf.striprtf import rtf_to_text

        try:
            value = rtf_to_text(raw.decode("latin-1"), errors="replace")
        except (ValueError, IndexError, LookupError):
            continue
        meta["doc_" + key.decode()] = one_line(clean_text(value))
    m = _CREATED.search(info)
    if m:
        created = dates.safe_date(int(m[1]), int(m[2]), int(m[3]))
        if created:
            meta["created"] = created.isoformat()
    return meta
