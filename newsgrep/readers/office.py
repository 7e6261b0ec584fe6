"""Word (``.docx``, with python-docx) and OpenDocument (``.odt``) text documents.

A document is one article: the headline is the first paragraph in the
``Title`` style (``Heading 1`` or an outline-level-1 heading in ODT) among
the first five, else the first paragraph; the text is every paragraph after
it, the cells of tables row by row. Date: a date opening one of the first
paragraphs, else a ``YYYY-MM-DD`` in the file name; the document's own
metadata (title, author, creation date: when the file was made, not when
the article was published) goes to ``Article.extra`` as ``doc_title``,
``doc_author`` and ``created``.

A Nexis Uni download (Word) holds many articles: it is recognised by its
content and split by :func:`newsgrep.readers.lexisnexis.nexis_uni_articles`.

Both formats are zip archives. Before anything is inflated the archive's
directory is checked: more than MAX_MEMBERS members, more than
MAX_UNPACKED_BYTES in all, or a member that inflates more than MAX_RATIO
times (once past a megabyte) is refused as a zip bomb, and so are encrypted
members and members said to be larger than the archive itself. A
password-protected Word file is not a zip archive at all but an OLE2
container, and is reported as such. ODT's XML is read with lxml without
resolving entities or reaching the network.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from .. import dates
from .. import text as hygiene
from ..articles import Article, SkipFile
from ..text import clean_text, one_line, tidy_paragraphs
from . import DEFAULT_OPTIONS, ReadOptions
from .lexisnexis import looks_like_nexis_uni, nexis_uni_articles

MAX_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 512 * 2**20
MAX_RATIO = 100
_RATIO_FLOOR = 2**20  # members smaller than this may compress as well as they like

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Paragraphs looked at to recognise a Nexis Uni export (its contents take several an article).
SNIFF_PARAGRAPHS = 2000


def open_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """The zip archive at ``path``, once its directory shows nothing dangerous."""
    data = hygiene.read_bytes(path)  # a regular file (never a pipe), within the size limit
    size = len(data)
    if data[:8] == _OLE2:
        raise SkipFile(f"password-protected or old-format {kind} (an OLE2 file, not a zip archive)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as e:  # zipfile raises a dozen kinds on hostile bytes (struct.error...)
        raise SkipFile(f"damaged {kind}: not a readable zip archive") from e
    try:
        check_zip(members, size)
    except SkipFile:
        archive.close()
        raise
    return archive


def check_zip(members: list[zipfile.ZipInfo], archive_size: int) -> None:
    """Refuse an archive whose directory announces a zip bomb or encryption.

    A member said to take more bytes than the whole archive is a damaged (or
    forged) directory: zipfile would ask for that many bytes at once.
    """
    if len(members) > MAX_MEMBERS:
        raise SkipFile(f"zip archive with more than {MAX_MEMBERS:,} members: refused")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise SkipFile("encrypted (password-protected) document")
        if info.header_offset + info.compress_size > archive_size:
            raise SkipFile(f"damaged zip archive: {info.filename} would end past the archive's end")
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise SkipFile(
                f"zip bomb? the archive unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise SkipFile(
                f"zip bomb? {info.filename} inflates {info.file_size // max(info.compress_size, 1)}"
                " times"
            )


def _read_member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes | None:
    """A member's bytes (never more than its declared size: zipfile checks), or None."""
    try:
        return archive.read(name)
    except KeyError:
        return None
    except RuntimeError as e:  # zipfile: "File is encrypted"
        raise SkipFile("encrypted (password-protected) document") from e
    except Exception as e:  # BadZipFile, zlib.error, struct.error, NotImplementedError...
        raise SkipFile(f"damaged {kind}: {name}: {one_line(str(e))[:60]}") from e


# ---------------------------------------------------------------- one article


def document_article(
    path: str,
    blocks: list[tuple[str, str]],
    meta: dict[str, str],
) -> Article:
    """The article of a document from its ``(text, role)`` blocks, role "title" or ""."""
    texts = [(one_line(clean_text(text)), role) for text, role in blocks]
    texts = [(text, role) for text, role in texts if text]
    title = ""
    if texts:
        pick = next((i for i, (_, role) in enumerate(texts[:5]) if role == "title"), 0)
        title = texts[pick][0]
        texts = texts[:pick] + texts[pick + 1 :]
    paragraphs = tidy_paragraphs(text for text, _ in texts)
    if not title and not paragraphs:
        raise SkipFile("empty document")
    extra = {k: v for k, v in meta.items() if v}
    return Article(
        path=path,
        title=title,
        paragraphs=paragraphs,
        date=next((d for d in map(dates.dateline_date, paragraphs[:3]) if d), None)
        or dates.date_in_name(Path(path).name),
        extra=extra,
    )


def _meta_text(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return dates.parse_date(value).isoformat()
    return one_line(clean_text(str(value or "")))


# ---------------------------------------------------------------- Word


def read_docx(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    archive = open_zip(path, "Word document")
    try:
        document = docx.Document(archive.fp)
        core = document.core_properties
        meta = {
            "doc_title": _meta_text(core.title),
            "doc_author": _meta_text(core.author),
            "created": _meta_text(core.created),
        }
        blocks = list(_docx_blocks(document))
    except SkipFile:
        raise
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError) as e:
        raise SkipFile(f"damaged Word document: {one_line(str(e))[:80] or type(e).__name__}") from e
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as e:
        raise SkipFile(f"damaged Word document: {one_line(str(e))[:80]}") from e
    except Exception as e:  # lxml's XMLSyntaxError and what a broken part makes python-docx raise
        raise SkipFile(f"damaged Word document: {one_line(str(e))[:80] or type(e).__name__}") from e
    finally:
        archive.close()
    head = "\n".join(one_line(text) for text, _ in blocks[:SNIFF_PARAGRAPHS])
    if looks_like_nexis_uni(head):
        found = nexis_uni_articles(str(path), [text for text, _ in blocks])
        for article in found:
            article.format = "nexis-uni"
        return found
    return [document_article(str(path), blocks, meta)]


_TITLE_STYLES = ("title", "heading 1", "titre", "titel", "überschrift 1", "titre 1")


def _docx_blocks(document):
    """``(text, role)`` for each paragraph, then each table cell, in document order."""
    from docx.table import Table

    # Paragraph.style looks the default style up among all styles for every
    # paragraph without one (25 s for a 500-article Nexis Uni file): map the
    # style ids once and read each paragraph's id from its XML.
    names = {style.style_id: (style.name or "").lower() for style in document.styles}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell comes back for each column
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        yield paragraph.text, ""
            continue
        style = names.get(block._p.style, "")
        yield block.text, "title" if style in _TITLE_STYLES else ""


# ---------------------------------------------------------------- OpenDocument

_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
_T = "{{{}}}".format(_ODF["text"])
_PARAGRAPHS = (_T + "p", _T + "h")
_SKIPPED = frozenset({_T + "note", _T + "tracked-changes", _T + "bookmark-start"})


def read_odt(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    archive = open_zip(path, "OpenDocument file")
    try:
        manifest = _read_member(archive, "META-INF/manifest.xml", "OpenDocument file") or b""
        if b"encryption-data" in manifest:
            raise SkipFile("encrypted (password-protected) document")
        content = _read_member(archive, "content.xml", "OpenDocument file")
        if content is None:
            raise SkipFile("damaged OpenDocument file: no content.xml")
        meta_xml = _read_member(archive, "meta.xml", "OpenDocument file")
    finally:
        archive.close()
    root = _parse_xml(content, "OpenDocument file")
    body = root.find(f"{{{_ODF['office']}}}body")
    blocks = list(_odf_blocks(body)) if body is not None else []
    return [document_article(str(path), blocks, _odf_meta(meta_xml))]


def _parse_xml(data: bytes, kind: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise SkipFile(f"damaged {kind}: {one_line(str(e))[:80]}") from e


def _odf_blocks(element):
    """``(text, role)`` for each paragraph and heading, in document order."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if not isinstance(child.tag, str):
            continue
        if child.tag in _PARAGRAPHS:
            heading = child.tag == _T + "h" and child.get(_T + "outline-level", "1") == "1"
            styled = child.get(_T + "style-name", "").lower() == "title"
            yield _odf_text(child), "title" if heading or styled else ""
        elif child.tag not in _SKIPPED:
            stack.append(iter(child))


def _odf_text(paragraph) -> str:
    """A paragraph's text: spans, spaces (``text:s``), tabs and line breaks; notes left out."""
    out: list[str] = []
    stack = [(paragraph, False)]
    while stack:
        node, tail_only = stack.pop()
        if tail_only:
            if node.tail:
                out.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if node is not paragraph:
            stack.append((node, True))
        if tag in _SKIPPED:
            continue
        if tag == _T + "s":
            count = node.get(_T + "c", "1")
            out.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif tag == _T + "tab":
            out.append("\t")
        elif tag == _T + "line-break":
            out.append("\n")
        if node.text and tag not in (_T + "s", _T + "tab", _T + "line-break"):
            out.append(node.text)
        for child in reversed(node):
            stack.append((child, False))
    return "".join(out)


def _odf_meta(data: bytes | None) -> dict[str, str]:
    if not data:
        return {}
    try:
        root = _parse_xml(data, "OpenDocument file")
    except SkipFile:
        return {}
    ns = {"office": _ODF["office"], "meta": _ODF["meta"], "dc": _ODF["dc"]}

    def first(xpath: str) -> str:
        found = root.xpath(xpath, namespaces=ns)
        return one_line(clean_text(str(found[0]))) if found else ""

    created = dates.parse_date(first("//meta:creation-date/text()"))
    return {
        "doc_title": first("//dc:title/text()"),
        "doc_author": first("//meta:initial-creator/text()") or first("//dc:creator/text()"),
        "created": created.isoformat() if created else "",
    }
