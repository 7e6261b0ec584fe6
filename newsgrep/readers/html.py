"""HTML pages: the article's main text and metadata, with trafilatura.

trafilatura finds the main text of a page and leaves out menus, footers,
share buttons and "most read" boxes; it also reads the title, author, site
name and publication date from the page's metadata (``<meta>`` tags,
JSON-LD, ...). It runs in its recall-favouring mode, which keeps a lead
written as a heading above the first paragraph (Wikinews' ``<h2>``).

Date, in order: the page's metadata; a date opening the first paragraph
(``22 mai 2012. - …``; one of the first three
paragraphs, as a lead may come first); the date the caller knows (a WARC record's fetch
date); a ``YYYY-MM-DD`` in the file name. Language: the page's ``lang``
attribute or ``Content-Language``, else detected when the article is indexed.

:func:`fragment_paragraphs` turns a piece of HTML (a feed entry's summary, a
JSON field) into paragraphs without main-text extraction: every block
element ends a paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

from .. import dates
from ..articles import Article, SkipFile
from ..text import (
    clean_text,
    decode_bytes,
    one_line,
    read_bytes,
    tidy_paragraphs,
    title_from_text,
)
from . import DEFAULT_OPTIONS, ReadOptions

# htmldate's options: dates from the page's markup only (not any date found in
# the text), with the time and zone kept so they can be converted to UTC.
_DATE_OPTIONS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def read_html(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file")
    return [article_from_html(str(path), decode_bytes(data))]


def article_from_html(
    path: str,
    html: str,
    url: str | None = None,
    fallback_date: dt.date | None = None,
    ordinal: int = 0,
) -> Article:
    """The article in one HTML page. Raises :class:`SkipFile` when it holds none."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise SkipFile("not an HTML page")
    lang = _page_language(tree)
    if _count_elements(tree, MAX_EXTRACTED_ELEMENTS) > MAX_EXTRACTED_ELEMENTS:
        return _large_page(tree, path, url, fallback_date, ordinal, lang)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_OPTIONS,
        )
    except (ValueError, TypeError, AttributeError) as e:  # damaged markup lxml could not mend
        raise SkipFile(f"unreadable HTML: {one_line(str(e))[:80]}") from e
    if doc is None:
        raise SkipFile("no article text found in the HTML")
    lines = [one_line(clean_text(line)) for line in (doc.text or "").split("\n")]
    lines = [line for line in lines if line]
    title = one_line(clean_text(doc.title or ""))
    while lines and title and lines[0] == title:
        lines.pop(0)  # the headline, repeated as the first heading
    paragraphs = tidy_paragraphs(lines)
    if not paragraphs and not title:
        raise SkipFile("no article text found in the HTML")
    page_url = doc.url or url
    return Article(
        path=path,
        title=title or title_from_text(paragraphs[0]),
        paragraphs=paragraphs,
        date=dates.parse_date(doc.date)
        or _dateline(paragraphs)
        or fallback_date
        or dates.date_in_name(Path(path).name),
        source=_text(doc.sitename) or _host(page_url),
        lang=lang,
        author=_text(doc.author),
        url=page_url,
        ordinal=ordinal,
    )


#: Pages with more elements than this are read without main-text extraction:
#: trafilatura's time grows faster than the page (a flat 2 MB page of 70,000
#: paragraphs took 28 s, twice the time of 1 MB), while a news page has a few
#: thousand elements.
MAX_EXTRACTED_ELEMENTS = 10_000


def _count_elements(tree, limit: int) -> int:
    count = 0
    for _ in tree.iter():
        count += 1
        if count > limit:
            break
    return count


def _large_page(tree, path: str, url, fallback_date, ordinal: int, lang) -> Article:
    """The article of a very large page: every block of its body a paragraph, in linear time."""
    from lxml import etree

    titles = tree.xpath("//title//text()") or tree.xpath("//h1//text()")
    title = one_line(clean_text(" ".join(titles[:50])))[:500]
    body = tree.find(".//body")
    markup = etree.tostring(body if body is not None else tree, encoding="unicode", method="html")
    paragraphs = tidy_paragraphs(p for p in fragment_paragraphs(markup) if p != title)
    if not paragraphs and not title:
        raise SkipFile("no article text found in the HTML")
    return Article(
        path=path,
        title=title or title_from_text(paragraphs[0]),
        paragraphs=paragraphs,
        date=_dateline(paragraphs) or fallback_date or dates.date_in_name(Path(path).name),
        source=_host(url),
        lang=lang,
        url=url,
        ordinal=ordinal,
    )


def _dateline(paragraphs: list[str]) -> dt.date | None:
    """The date that opens the first body paragraph (the lead may come before it)."""
    for paragraph in paragraphs[:3]:
        found = dates.dateline_date(paragraph)
        if found:
            return found
    return None


_LANG = re.compile(r"[A-Za-z]{2}(?![A-Za-z])")


def _page_language(tree) -> str | None:
    """The two-letter language a page declares, or None."""
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath(
            "//meta[translate(@http-equiv, 'CONTENTLANGUAGE', 'contentlanguage')"
            "='content-language']/@content"
        ),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in candidates:
        m = _LANG.match((value or "").strip())
        if m:
            return m.group().lower()
    return None


def _text(value: str | None) -> str | None:
    value = one_line(clean_text(value or ""))
    return value or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


# ---------------------------------------------------------------- fragments

_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})
_LOOKS_LIKE_HTML = re.compile(
    r"</?(?:p|br|div|li|ul|ol|span|a|b|i|em|strong|h\d|img)\b[^>]*>", re.IGNORECASE
)


class _Paragraphs:
    """An lxml parser target that collects the text between block elements.

    (libxml2's HTML parser, rather than the standard library's: that one
    fails on ``<![ x`` with an AssertionError and takes time quadratic in the
    length of unclosed ``<!--``, ``<a`` or ``</`` runs.)
    """

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def start(self, tag, attrib):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.flush()

    def end(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.flush()

    def data(self, data):
        if not self.hidden:
            self.current.append(data)

    def flush(self):
        text = one_line("".join(self.current))
        if text:
            self.paragraphs.append(text)
        self.current = []

    def close(self) -> list[str]:
        self.flush()
        return self.paragraphs


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


def fragment_paragraphs(html: str) -> list[str]:
    """The paragraphs of a piece of HTML: text between block elements."""
    from lxml import etree

    html = clean_text(html)
    if not html.strip():
        return []
    parser = etree.HTMLParser(target=_Paragraphs(), no_network=True, huge_tree=True)
    parser.feed(html)
    return parser.close()


def fragment_text(html: str) -> str:
    """The text of a piece of HTML on one line (a feed entry's title, say)."""
    if "<" in html or "&" in html:
        return " ".join(fragment_paragraphs(html))
    return one_line(clean_text(html))
