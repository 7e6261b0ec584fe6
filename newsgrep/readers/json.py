"""JSON and JSON Lines files, and JSON read from standard input.

A ``.json`` file holds one article object, a list of them, or an API
response that wraps the list (``{"articles": [...]}`` as NewsAPI returns,
``{"response": {"results": [...]}}``; see :data:`CONTAINERS`). A ``.json``
file that is really JSON Lines is read as such. Field names are mapped by
:mod:`newsgrep.readers.records`.

In a JSON Lines file (``.jsonl``, ``.ndjson``) every line is one article
object; broken lines are reported and the others are read.

``newsgrep index -`` reads standard input: JSON Lines, or one JSON document
as above. Each article is stored under its own path, ``stdin:`` followed by
its url (``stdin:https://…``), else its id (``stdin:id:…``), else a hash of
its title and text (``stdin:sha1:…``). Piping the same articles again
leaves the index as it is; an article whose url comes back with new text
replaces the old one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from ..articles import Article, SkipFile
from ..text import decode_bytes, one_line, read_bytes
from . import DEFAULT_OPTIONS, ReadOptions, finish
from .records import lookup, record_to_article

#: Keys under which an API response or a dump wraps its list of articles.
CONTAINERS = (
    "articles", "items", "entries", "results", "data", "docs", "documents", "records",
    "posts", "stories", "news",
)  # fmt: skip

STDIN = "stdin"

#: Deepest nesting of lists and objects read; news records are a few levels
#: deep. Deeper documents are refused the same way on every Python (3.11's
#: parser runs out of stack near 1,000 levels; 3.13's does not).
MAX_NESTING = 100


def _parse(text: str) -> object:
    doc = json.loads(text)
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            if depth > MAX_NESTING:
                raise RecursionError("nested too deeply")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((c, depth + 1) for c in children if isinstance(c, (list, dict)))
    return doc


def read_json(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    text = decode_bytes(read_bytes(path))
    if not text.strip():
        raise SkipFile("empty file")
    try:
        doc = _parse(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # several documents: JSON Lines under a .json name
            try:
                return _read_lines(str(path), text.splitlines(), options)
            except SkipFile:
                pass
        raise SkipFile(f"broken JSON: {e.msg} (line {e.lineno}, column {e.colno})") from e
    articles = articles_in_document(doc, str(path), options)
    if not articles:
        raise SkipFile("no articles in the JSON (no title or text field)")
    return articles


def read_jsonl(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    text = decode_bytes(read_bytes(path))
    if not text.strip():
        raise SkipFile("empty file")
    return _read_lines(str(path), text.splitlines(), options)


def records_in(doc: object) -> list | None:
    """The article objects of a JSON document, or None when it has none."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, Mapping):
        return None
    for inner in (doc, *(v for v in doc.values() if isinstance(v, Mapping))):
        for key in CONTAINERS:
            value = lookup(inner, key)
            if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
                return value
    return [doc]


def articles_in_document(doc: object, path: str, options: ReadOptions) -> list[Article]:
    """The articles of a JSON document: one object, or a list of them (``PATH#N``)."""
    records = records_in(doc) or []
    collection = not (len(records) == 1 and records[0] is doc)
    articles = []
    for ordinal, record in enumerate(records):
        if isinstance(record, Mapping):
            article = record_to_article(record, path, ordinal, options)
            if article:
                article.collection = collection
                articles.append(article)
    return articles


def _read_lines(path: str, lines: Iterable[str], options: ReadOptions) -> list[Article]:
    articles: list[Article] = []
    broken: list[tuple[int, str]] = []
    for ordinal, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            record = _parse(line)
        except json.JSONDecodeError as e:
            broken.append((ordinal + 1, e.msg))
            continue
        if not isinstance(record, Mapping):
            broken.append((ordinal + 1, "not an object"))
            continue
        article = record_to_article(record, path, ordinal, options)
        if article:
            article.collection = True  # PATH#LINE
            articles.append(article)
    if broken:
        line, msg = broken[0]
        if not articles:
            raise SkipFile(f"broken JSON Lines: line {line}: {msg}")
        raise SkipFile(
            f"partly read: {len(broken)} broken JSON line{'s' if len(broken) > 1 else ''} "
            f"(first: line {line}, {msg})",
            articles,
        )
    if not articles:
        raise SkipFile("no articles in the JSON Lines (no title or text field)")
    return articles


def read_stdin(
    stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS
) -> Iterator[Article | tuple[str, str]]:
    """Articles piped to ``newsgrep index -``, or ``(where, reason)`` for what was skipped."""
    data = stream.read()
    try:
        text = decode_bytes(data)
    except SkipFile as e:
        yield "<stdin>", str(e)
        return
    articles: list[Article] = []
    stripped = text.strip()
    if not stripped:
        return
    try:
        articles = articles_in_document(_parse(stripped), STDIN, options)
    except json.JSONDecodeError:
        try:
            articles = _read_lines(STDIN, text.splitlines(), options)
        except SkipFile as e:
            articles = e.articles
            yield "<stdin>", str(e)
    by_path: dict[str, Article] = {}
    for article in finish(articles, STDIN, options):
        article.path = stdin_path(article)
        article.ordinal = 0
        article.collection = False
        by_path[article.path] = article  # the last of several with one url wins
    yield from by_path.values()


def stdin_path(article: Article) -> str:
    """The stable path of an article read from standard input."""
    if article.url:
        return f"{STDIN}:{article.url}"
    if article.extra.get("id"):
        return f"{STDIN}:id:{article.extra['id']}"
    text = one_line(" ".join([article.title, *article.paragraphs]))
    return f"{STDIN}:sha1:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"
