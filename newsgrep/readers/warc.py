"""Web archives (``.warc``, ``.warc.gz``), with warcio: one article per HTML page.

Every successful (2xx) ``response`` record (and every ``resource`` record)
whose payload is HTML goes through the HTML reader. The article's url is the
record's ``WARC-Target-URI`` unless the page names a canonical one, and its
date is the page's own, else the fetch date in ``WARC-Date`` (UTC).

A truncated or damaged archive keeps the pages read before the damage and is
reported as partly read (a ``.warc.gz`` is also checked to its end, since
warcio stops quietly at a gzip member cut short).
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import decode_bytes, one_line, open_regular
from . import DEFAULT_OPTIONS, ReadOptions
from .html import article_from_html


class _Damaged(Exception):
    pass


def _check_gzip(path: Path) -> None:
    """Raise :class:`_Damaged` when the gzip stream of ``path`` ends before its end."""
    try:
        with open_regular(path) as raw, gzip.open(raw, "rb") as f:
            while f.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as e:
        raise _Damaged("the archive is cut short") from e


_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)

#: A page (HTTP payload) larger than this, once decompressed, is not read.
MAX_PAGE_BYTES = 20 * 2**20
#: A WARC file that decompresses to more than this many times its size, or
#: to more than MAX_WARC_BYTES, is read no further (a decompression bomb).
MAX_RATIO = 100
MAX_WARC_BYTES = 2 * 2**30


def read_warc(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    from warcio.archiveiterator import ArchiveIterator

    class _QuietIterator(ArchiveIterator):
        # warcio writes this warning to stderr itself; err_count still tells.
        INC_RECORD = ""

    articles: list[Article] = []
    pages = 0
    try:
        with open_regular(path) as stream:
            records = _QuietIterator(stream)
            budget = min(MAX_WARC_BYTES, MAX_RATIO * max(path.stat().st_size, 1 << 20))
            read = 0
            for ordinal, record in enumerate(records):
                read += int(record.rec_headers.get_header("Content-Length") or 0)
                if read > budget:
                    raise _Damaged(f"it decompresses to more than {budget // 2**20:,} MB (a bomb?)")
                if record.rec_type is None:
                    raise _Damaged(f"record {ordinal + 1} is cut short")
                html = _html_payload(record)
                skipped = 0
                while chunk := record.raw_stream.read(1 << 16):  # the rest not read
                    skipped += len(chunk)
                    if read + skipped > budget:
                        raise _Damaged(
                            f"it decompresses to more than {budget // 2**20:,} MB (a bomb?)"
                        )
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than Content-Length
                    raise _Damaged(f"record {ordinal + 1} is cut short")
                if records.err_count:
                    raise _Damaged(f"record {ordinal + 1} does not end where its length says")
                if html is None:
                    continue
                pages += 1
                headers = record.rec_headers
                try:
                    article = article_from_html(
                        str(path),
                        html,
                        url=headers.get_header("WARC-Target-URI"),
                        fallback_date=dates.parse_date(headers.get_header("WARC-Date")),
                        ordinal=ordinal,  # PATH#RECORD
                    )
                    article.collection = True
                    articles.append(article)
                except SkipFile:
                    continue  # a page with no article text: a menu page, an error page
        if records.err_count:
            raise _Damaged("the last record does not end where its length says")
        if path.name.lower().endswith(".gz"):
            _check_gzip(path)  # warcio ends quietly at a member cut short
    except OSError as e:
        raise SkipFile(e.strerror or "unreadable", transient=True) from e
    except Exception as e:  # warcio, gzip and zlib each raise their own kind
        reason = f"damaged WARC: {one_line(str(e))[:80] or type(e).__name__}"
        if articles:
            raise SkipFile(f"partly read: {reason}", articles) from e
        raise SkipFile(reason) from e
    if not articles:
        raise SkipFile("no HTML pages in the WARC" if not pages else "no article text in the WARC")
    return articles


def _html_payload(record) -> str | None:
    """The HTML of a record that holds a page, or None."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if "html" not in content_type.lower():
        return None
    data = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:  # decompressed beyond any page: a bomb, not a page
        raise _Damaged(f"a page decompresses to more than {MAX_PAGE_BYTES // 2**20} MB")
    m = _CHARSET.search(content_type)
    if m:
        try:
            return data.decode(m.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_bytes(data)
    except SkipFile:
        return None
