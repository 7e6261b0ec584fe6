"""The SQLite FTS5 reference: what a user could pick instead of newsgrep.

One row per paragraph (the headline is paragraph 0, the body split on blank
lines, as the benchmark corpus is written, front matter left out; files of
other formats through newsgrep's readers, as ``baseline_whoosh.py`` reads
them) in an FTS5
table built through Python's ``sqlite3`` with ``tokenize='porter unicode61
remove_diacritics 2'``. ``search`` prints ``path:paragraph:text`` lines, the
best ``-n`` paragraphs by FTS5's bm25, so that its whole-process latency
compares with ``newsgrep search`` in a pipe. A query is given to FTS5 as it
is written, after the words are quoted (FTS5 keeps ``OR``, ``NOT``, ``AND``
and phrases in double quotes; two words mean both, in one paragraph).

Usage::

    python benchmarks/baseline_fts5.py index CORPUS --index FILE
    python benchmarks/baseline_fts5.py search QUERY --index FILE [-n 20]
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline_whoosh import corpus_articles  # noqa: E402

TOKENIZE = "porter unicode61 remove_diacritics 2"


def index(corpus: Path, db: Path) -> None:
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    con.execute(f"CREATE VIRTUAL TABLE p USING fts5(path UNINDEXED, n UNINDEXED, text, "
                f"tokenize='{TOKENIZE}')")  # fmt: skip
    rows = []
    for address, _date, paras in corpus_articles(corpus):
        rows += [(address, n, text) for n, text in enumerate(paras)]
        if len(rows) > 50_000:
            con.executemany("INSERT INTO p VALUES (?, ?, ?)", rows)
            rows = []
    con.executemany("INSERT INTO p VALUES (?, ?, ?)", rows)
    con.commit()
    con.close()


def fts_query(text: str) -> str:
    """The query in FTS5's syntax: words quoted, operators and phrases kept."""
    out = []
    for token in re.findall(r'"[^"]*"|\S+', text):
        if token in ("OR", "NOT", "AND") or token.startswith('"'):
            out.append(token)
        elif token.endswith("*"):
            out.append(f'"{token[:-1]}"*')
        else:
            out.append('"' + token.replace('"', "") + '"')
    return " ".join(out)


def search(text: str, db: Path, limit: int) -> None:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT path, n, text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?",
        (fts_query(text), limit),
    )
    out = sys.stdout
    for path, n, body in rows:
        out.write(f"{path}:{n}:{body.replace(chr(10), ' ')}\n")
    con.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index")
    p.add_argument("corpus", type=Path)
    p.add_argument("--index", type=Path, required=True)
    p = sub.add_parser("search")
    p.add_argument("query")
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("-n", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "index":
        index(args.corpus, args.index)
    else:
        search(args.query, args.index, args.n)


if __name__ == "__main__":
    main()
