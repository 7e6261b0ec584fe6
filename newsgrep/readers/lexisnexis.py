"""LexisNexis exports: the plain-text download and the Nexis Uni Word download.

Both hold many articles, each with the same metadata. Plain text (the
"LexisNexis Academic" download, ``.TXT``): a cover page (the request, the
search terms), then each article after a centred ``N of M DOCUMENTS`` line:

- centred lines: the outlet, the date line (``January 11, 2010 Monday``) and
  the edition lines that follow it (``Edition 1;`` ``Scotland``);
- the headline (one or more lines, up to a blank line), unless a
  ``HEADLINE:`` line gives it;
- metadata lines before the text: ``BYLINE:``, ``SECTION:``, ``LENGTH:``,
  ``DATELINE:``, ``HIGHLIGHT:``...;
- the text, hard-wrapped (rejoined by
  :func:`newsgrep.text.split_paragraphs`);
- metadata lines after it, from the first of ``LOAD-DATE:``, ``LANGUAGE:``,
  ``GRAPHIC:``, ``PUBLICATION-TYPE:``, ``SUBJECT:``... (a value can go on over
  several lines);
- the centred copyright footer, kept out of the text.

Nexis Uni (``.docx``): a cover page and a table of contents, then each
article up to an ``End of Document`` paragraph: the headline, the outlet,
the date line, a copyright line, ``Section:``, ``Length:``, ``Byline:``,
then ``Body`` and the paragraphs of the text, then (after ``Classification``
or directly) ``Language:``, ``Publication-Type:``, ``Subject:``,
``Load-Date:``... Everything before an article's first metadata line but its
headline, outlet, date and copyright lines (the cover page, the table of
contents) is left out.

Fields: headline -> title, outlet -> source, date line -> date, ``BYLINE``
-> author (without "By"), ``LANGUAGE`` -> lang, ``URL`` -> url; every other
key goes to ``Article.extra`` in lower case (``section``, ``length``,
``load_date``, ``publication_type``, ``edition``, ``copyright``...), and
``document`` keeps the export's own ``N of M``. ``Article.ordinal`` is the
article's place in the file (0 for the first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import (
    clean_text,
    decode_bytes,
    one_line,
    read_bytes,
    split_paragraphs,
    tidy_paragraphs,
    title_from_text,
)
from . import DEFAULT_OPTIONS, ReadOptions
from .press import byline_author, extra_key, is_copyright, language_code

_SEPARATOR = re.compile(r"^[ \t]*(\d+) of (\d+) DOCUMENTS?[ \t]*$", re.MULTILINE | re.IGNORECASE)

#: Metadata keys that come before the text (or anywhere in it).
FRONT_KEYS = frozenset(
    "BYLINE SECTION LENGTH DATELINE HIGHLIGHT HEADLINE BODY EDITION COLUMN SERIES "
    "ABSTRACT CORRECTION AUTHOR".split()
)
#: Metadata keys that end the text: what follows is metadata and the footer.
BACK_KEYS = frozenset(
    "LOAD-DATE LANGUAGE GRAPHIC PUBLICATION-TYPE JOURNAL-CODE DOCUMENT-TYPE SUBJECT "
    "ORGANIZATION PERSON GEOGRAPHIC CITY STATE COUNTRY INDUSTRY COMPANY TICKER NOTES "
    "CORRECTION-DATE URL ACC-NO DISTRIBUTION DESCRIPTOR TERMS".split()
)
_KEY = re.compile(r"([A-Za-z]+(?:[- ][A-Za-z]+){0,2}):(?:[ \t\u00a0]+(.*)|$)", re.DOTALL)


def _key_line(line: str) -> tuple[str, str] | None:
    """``("LOAD-DATE", "January 11, 2010")`` for a metadata line, else None."""
    m = _KEY.match(line.strip())
    if not m:
        return None
    key = m.group(1).upper().replace(" ", "-")
    if key not in FRONT_KEYS and key not in BACK_KEYS:
        return None
    return key, one_line(m.group(2) or "")


def looks_like_lexisnexis(head: str) -> bool:
    """Whether the start of a text file shows a LexisNexis plain-text export."""
    found = _SEPARATOR.findall(head)
    if not found:
        return False
    return len(found) > 1 or any(_key_line(line) for line in head.splitlines())


_NEXIS_MARKS = re.compile(
    r"^(?:End of Document|Body|Job Number:.*|Documents \(\d+\))$", re.MULTILINE | re.IGNORECASE
)


def looks_like_nexis_uni(head: str) -> bool:
    """Whether the first paragraphs of a document (one a line) show a Nexis Uni export."""
    marks = {m.group().split(":")[0].split(" (")[0].lower() for m in _NEXIS_MARKS.finditer(head)}
    return (
        "end of document" in marks
        or {"documents", "job number"} <= marks  # the cover page
        or ("body" in marks and any(_key_line(line) for line in head.splitlines()))
    )


# ---------------------------------------------------------------- one article


@dataclass
class _Draft:
    """What is known of one article while its lines are read."""

    title: str | None = None
    outlet: str | None = None
    date_line: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    copyright: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)

    def add_meta(self, key: str, value: str) -> None:
        if key == "BODY":
            if value:
                self.body.append(value)
            return
        if key in self.meta and value:
            self.meta[key] = f"{self.meta[key]}; {value}"
        else:
            self.meta[key] = value

    def article(self, path: str, ordinal: int) -> Article | None:
        meta = dict(self.meta)
        paragraphs = tidy_paragraphs(self.body)
        title = one_line(meta.pop("HEADLINE", "") or self.title or "")
        if not title and not paragraphs:
            return None
        extra = dict(self.extra)
        for key, value in meta.items():
            if value and key not in ("BYLINE", "LANGUAGE", "URL", "AUTHOR"):
                extra[extra_key(key)] = value
        if meta.get("LANGUAGE"):
            extra.setdefault("language", meta["LANGUAGE"])
        if self.copyright:
            extra["copyright"] = one_line(" ".join(self.copyright))
        if self.date_line:
            extra["date_line"] = self.date_line
        return Article(
            path=path,
            title=title or title_from_text(paragraphs[0]),
            paragraphs=paragraphs,
            date=dates.parse_date(self.date_line) or dates.parse_date(meta.get("LOAD-DATE")),
            source=self.outlet or None,
            lang=language_code(meta.get("LANGUAGE")),
            author=byline_author(meta.get("BYLINE") or meta.get("AUTHOR")),
            url=meta.get("URL") or None,
            ordinal=ordinal,
            extra=extra,
            format="lexisnexis",
            collection=True,  # PATH#N, even for an export of one article
        )


def _outlet_and_date(draft: _Draft, lines: Sequence[str]) -> None:
    """Outlet, date line and edition from the lines above an article's headline."""
    lines = [one_line(line) for line in lines if line.strip()]
    for i, line in enumerate(lines):
        if dates.parse_date(line):
            draft.outlet = " ".join(lines[:i]) or None
            draft.date_line = line
            if lines[i + 1 :]:
                draft.extra["edition"] = " ".join(lines[i + 1 :])
            return
    draft.outlet = lines[0] if lines else None
    if lines[1:]:
        draft.extra["edition"] = " ".join(lines[1:])


# ---------------------------------------------------------------- plain text


def read_lexisnexis(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    return lexisnexis_articles(str(path), decode_bytes(read_bytes(path)))


def lexisnexis_articles(path: str, text: str) -> list[Article]:
    """The articles of a LexisNexis plain-text export."""
    text = clean_text(text)
    separators = list(_SEPARATOR.finditer(text))
    if not separators:
        raise SkipFile("no 'N of M DOCUMENTS' line: not a LexisNexis export")
    articles = []
    for i, m in enumerate(separators):
        end = separators[i + 1].start() if i + 1 < len(separators) else len(text)
        draft = _plain_document(text[m.end() : end])
        draft.extra["document"] = f"{m[1]} of {m[2]}"
        article = draft.article(path, i)
        if article:
            articles.append(article)
    if not articles:
        raise SkipFile("LexisNexis export without articles")
    return articles


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _indented(line: str) -> bool:
    return line[:2] in ("  ", "\t") or line[:1] == "\t"


def _plain_document(chunk: str) -> _Draft:
    draft = _Draft()
    lines = [line.rstrip() for line in chunk.split("\n")]
    # The centred lines at the top: outlet, date line, edition.
    pos = 0
    while pos < len(lines) and (not lines[pos].strip() or _indented(lines[pos])):
        pos += 1
    header = lines[:pos]
    if not any(line.strip() for line in header):  # a layout that is not centred
        firsts = [i for i, line in enumerate(lines) if line.strip()][:4]
        dated = [i for i in firsts if dates.parse_date(lines[i]) and not _key_line(lines[i])]
        if dated:
            pos = dated[0] + 1
            header = lines[:pos]
    _outlet_and_date(draft, header)

    state = "front"  # front matter, then "body", then "back" matter
    last_key: str | None = None
    for block in _blocks(lines[pos:]):
        key_value = _key_line(block[0])
        if key_value and (state != "body" or key_value[0] in BACK_KEYS):
            key, value = key_value
            value = one_line(" ".join([value, *block[1:]]))
            draft.add_meta(key, value)
            last_key = key
            if key in BACK_KEYS:
                state = "back"
            elif key == "BODY":
                state = "body"
            continue
        text = "\n".join(block)
        if _indented(block[0]) and is_copyright(block[0]):
            draft.copyright.append(one_line(text))
        elif state == "back":
            if _indented(block[0]) or last_key is None:
                draft.copyright.append(one_line(text))
            else:  # a value that goes on after a blank line
                draft.meta[last_key] = one_line(f"{draft.meta[last_key]} {text}")
        elif state == "front" and draft.title is None and not draft.meta:
            draft.title = one_line(text)
        else:
            state = "body"
            draft.body.extend(split_paragraphs(text))
    return draft


# ---------------------------------------------------------------- Nexis Uni


def nexis_uni_articles(path: str, paragraphs: Sequence[str]) -> list[Article]:
    """The articles of a Nexis Uni export, from its paragraphs in order."""
    chunks: list[list[str]] = [[]]
    for paragraph in paragraphs:
        line = one_line(clean_text(paragraph))
        if line.lower() == "end of document":
            chunks.append([])
        else:
            chunks[-1].append(line)
    articles = []
    for chunk in chunks:
        draft = _nexis_uni_document(chunk)
        article = draft.article(path, len(articles)) if draft else None
        if article:
            articles.append(article)
    if not articles:
        raise SkipFile("Nexis Uni export without articles")
    return articles


def _nexis_uni_document(lines: list[str]) -> _Draft | None:
    anchor = next(
        (i for i, line in enumerate(lines) if line.lower() == "body" or _key_line(line)), None
    )
    if anchor is None:
        return None
    draft = _Draft()
    # Above the first metadata line: headline, outlet, date line, copyright.
    above = [line for line in lines[:anchor] if line]
    while above and is_copyright(above[-1]):
        draft.copyright.insert(0, above.pop())
    dated = [i for i in range(len(above) - 1, max(-1, len(above) - 4), -1)]
    dated = [i for i in dated if dates.parse_date(above[i])]
    if dated:
        i = dated[0]
        draft.date_line = above[i]
        draft.outlet = above[i - 1] if i >= 1 else None
        draft.title = above[i - 2] if i >= 2 else None
    elif above:
        draft.title = above[-1]
    state = "front"
    last_key: str | None = None
    for line in lines[anchor:]:
        if not line:
            continue
        key_value = _key_line(line)
        if key_value and (state != "body" or key_value[0] in BACK_KEYS):
            draft.add_meta(*key_value)
            last_key = key_value[0]
            if key_value[0] in BACK_KEYS:
                state = "back"
        elif line.lower() == "body" and state == "front":
            state = "body"
        elif line.lower() == "classification" and state != "front":
            state = "back"
        elif state == "back":
            if is_copyright(line):
                draft.copyright.append(line)
            elif last_key:
                draft.meta[last_key] = one_line(f"{draft.meta[last_key]} {line}")
        elif is_copyright(line) and state == "front":
            draft.copyright.append(line)
        else:
            state = "body"
            draft.body.append(line)
    return draft
