"""The plain-Whoosh baseline that newsgrep's speed is compared with.

What a few lines of straightforward Whoosh do with the same corpus: one
Whoosh document per paragraph (the headline is paragraph 0, the body is split
on blank lines, exactly as the benchmark corpus is written), a
``TEXT(stored=True)`` field with Whoosh's default StandardAnalyzer, one
writer with default settings, one commit. A ``DATETIME`` field holds the
front-matter date so that the date-restricted query means the same here.

Files in other formats (Reuters SGML, HTML, JSON Lines: the ``mixed``
layout of ``corpus.py``) are read with newsgrep's own readers
(``newsgrep.corpus.read_articles``, which do no language detection), so that
both tools index the same paragraphs and pay the same reading cost; each
article is then ``path#N`` like newsgrep's address.

``search`` prints ``path:paragraph:text`` lines, the best ``-n`` paragraphs,
so that its whole-process latency compares with ``newsgrep search`` in a
pipe. The query parser is Whoosh's default one plus its fuzzy-term plugin
(``Reagn~``).

Usage::

    python benchmarks/baseline_whoosh.py index CORPUS --index DIR
    python benchmarks/baseline_whoosh.py search QUERY --index DIR [-n 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

warnings.filterwarnings("ignore", category=SyntaxWarning)  # Whoosh 2.7.4 on Python >= 3.12

SUFFIXES = (".txt", ".md")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_DATE = re.compile(r"^date:\s*(\d{4})-(\d{2})-(\d{2})\s*$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"\s+")


OTHER_SUFFIXES = (".sgm", ".html", ".htm", ".jsonl", ".json")


def corpus_files(root: Path) -> Iterator[Path]:
    """Article files under ``root``, hidden files and folders skipped, in a stable order."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES + OTHER_SUFFIXES):
                yield Path(folder, name)


def corpus_articles(root: Path) -> Iterator[tuple[str, dt.datetime | None, list[str]]]:
    """(address, date, [headline, paragraph 1, ...]) of every article under ``root``."""
    for path in corpus_files(root):
        if path.name.lower().endswith(SUFFIXES):
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            date, paras = paragraphs(text)
            yield str(path), date, paras
            continue
        from newsgrep.articles import SkipFile
        from newsgrep.corpus import read_articles

        try:
            articles = read_articles(path)
        except SkipFile:
            continue
        for a in articles:
            date = dt.datetime(a.date.year, a.date.month, a.date.day) if a.date else None
            yield a.address, date, [a.title, *a.paragraphs]


def paragraphs(text: str) -> tuple[dt.datetime | None, list[str]]:
    """(date, [headline, paragraph 1, ...]) of one article file."""
    date = None
    m = _FRONT_MATTER.match(text)
    if m:
        d = _DATE.search(m[1])
        if d:
            date = dt.datetime(int(d[1]), int(d[2]), int(d[3]))
        text = text[m.end() :]
    parts = [_SPACES.sub(" ", p).strip() for p in _BLANK_LINES.split(text.strip())]
    return date, [p for p in parts if p]


def build(corpus: Path, index_dir: Path) -> int:
    from whoosh import index
    from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

    schema = Schema(path=ID(stored=True), n=STORED, text=TEXT(stored=True), date=DATETIME)
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    count = 0
    for address, date, paras in corpus_articles(corpus):
        for n, para in enumerate(paras):
            fields = {"path": address, "n": n, "text": para}
            if date:
                fields["date"] = date
            writer.add_document(**fields)
            count += 1
    writer.commit()
    return count


def search(query: str, index_dir: Path, limit: int) -> int:
    from whoosh import index
    from whoosh.qparser import FuzzyTermPlugin, QueryParser

    ix = index.open_dir(str(index_dir))
    parser = QueryParser("text", ix.schema)
    parser.add_plugin(FuzzyTermPlugin())
    q = parser.parse(query)
    out = sys.stdout
    with ix.searcher() as s:
        hits = s.search(q, limit=limit)
        for hit in hits:
            out.write(f"{hit['path']}:{hit['n']}:{hit['text']}\n")
        return len(hits)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="plain-Whoosh baseline for newsgrep benchmarks")
    sub = parser.add_subparsers(dest="command", required=True)
    p_index = sub.add_parser("index", help="index the paragraphs of a corpus folder")
    p_index.add_argument("corpus", type=Path)
    p_index.add_argument("--index", dest="index_dir", type=Path, required=True)
    p_search = sub.add_parser("search", help="print path:paragraph:text for a query")
    p_search.add_argument("query", nargs="+")
    p_search.add_argument("--index", dest="index_dir", type=Path, required=True)
    p_search.add_argument("-n", "--limit", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "index":
        count = build(args.corpus, args.index_dir)
        print(f"baseline: indexed {count:,} paragraphs", file=sys.stderr)
    else:
        found = search(" ".join(args.query), args.index_dir, args.limit)
        raise SystemExit(0 if found else 1)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
