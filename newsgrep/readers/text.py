"""Plain text and Markdown: a headline line, then paragraphs; YAML front matter for metadata."""

from __future__ import annotations

import re
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import clean_text, decode_bytes, one_line, read_bytes, split_paragraphs, tidy_paragraphs
from . import DEFAULT_OPTIONS, ReadOptions

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
#: Front matter longer than this is no article's metadata.
MAX_FRONT_MATTER = 64 * 1024
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def parse_front_matter(text: str) -> tuple[dict, str]:
    """Split YAML front matter (between ``---`` lines) from the body."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    raw = m.group(1)
    if len(raw) > MAX_FRONT_MATTER:
        raise SkipFile(f"front matter longer than {MAX_FRONT_MATTER:,} characters")
    # LibYAML's loader when PyYAML has it: the pure-Python one took a tenth
    # of the indexing time of a corpus of small front-matter files.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # Aliases are refused: a few hundred bytes of nested aliases stand for
        # billions of values ("billion laughs"), which writing them out as
        # metadata would expand.
        if "*" in raw and any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(raw, loader)):
            raise SkipFile("front matter uses YAML aliases (*name), which newsgrep does not read")
        meta = yaml.load(raw, Loader=loader)
    except yaml.YAMLError as e:
        raise SkipFile(f"bad front matter: {one_line(str(e))[:80]}") from e
    if not isinstance(meta, dict):
        return {}, text
    return {str(k).lower(): v for k, v in meta.items() if v is not None}, text[m.end() :]


def _meta_str(meta: dict, *keys: str) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value is not None and str(value).strip():
            return one_line(clean_text(str(value)))
    return None


def article_from_text(path: str, text: str, meta: dict | None = None) -> Article:
    """Build an article from the text of a plain-text or Markdown file."""
    text = clean_text(text)
    front, body = parse_front_matter(text)
    meta = {**(meta or {}), **front}
    lines = body.split("\n")
    title = _meta_str(meta, "title", "headline")
    # The first non-empty line is the headline, unless front matter gave one
    # and the body starts with the text itself.
    for i, line in enumerate(lines):
        if line.strip():
            first = one_line(_MD_HEADING.sub("", line))
            if title is None or first == title:
                title = title or first
                lines = lines[i + 1 :]
            break
    paragraphs = tidy_paragraphs(_MD_HEADING.sub("", p) for p in split_paragraphs("\n".join(lines)))
    if not title and not paragraphs:
        raise SkipFile("empty file")
    lang = _meta_str(meta, "lang", "language")
    return Article(
        path=path,
        title=title or "",
        paragraphs=paragraphs,
        date=dates.parse_date(meta.get("date")) or dates.date_in_name(Path(path).name),
        source=_meta_str(meta, "source", "outlet", "site", "publisher"),
        lang=lang.lower()[:2] if lang else None,
        author=_meta_str(meta, "author", "byline", "authors"),
        url=_meta_str(meta, "url", "link"),
    )


def read_text_file(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    return [article_from_text(str(path), decode_bytes(read_bytes(path)))]
