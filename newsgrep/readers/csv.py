"""CSV and TSV files: one article per row.

The first row names the columns, mapped to article fields as in
:mod:`newsgrep.readers.records` (``title``, ``text``, ``date``, ...). The
delimiter is a tab for ``.tsv``; for ``.csv`` it is guessed from the start of
the file (comma, semicolon, tab or bar) unless ``--csv-delimiter`` says it,
and so is the quote character (``--csv-quotechar``).

A file without a header row (``--csv-no-header``) names its columns by
number: ``--field text=1`` reads the text from the second column. Rows whose
text has no title get the first sentence of the text as title.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..articles import Article, SkipFile
from ..text import MAX_FILE_BYTES, decode_bytes, read_bytes
from . import DEFAULT_OPTIONS, ReadOptions
from .records import DEFAULT_FIELDS, record_to_article

#: How much of the start of a file the dialect is guessed from, cut at a line end:
#: the standard library's sniffer takes time quadratic in its sample (64 KB of
#: quotes took 17 s), and the header and first rows tell the dialect.
SNIFF_CHARS = 4 * 1024
DELIMITERS = ",;\t|"


def read_csv(
    path: Path, options: ReadOptions = DEFAULT_OPTIONS, delimiter: str | None = None
) -> list[Article]:
    text = decode_bytes(read_bytes(path))
    if not text.strip():
        raise SkipFile("empty file")
    if not options.csv_header and not any(
        n.isdigit() for n in (*options.field_sources("text"), *options.field_sources("title"))
    ):
        raise SkipFile("a CSV file without a header row needs its text column: --field text=N")
    delimiter = options.csv_delimiter or delimiter
    quotechar = options.csv_quotechar
    if not delimiter or not quotechar:
        guess = _guess_dialect(_sample(text))
        delimiter = delimiter or guess.delimiter
        quotechar = quotechar or guess.quotechar
    csv.field_size_limit(MAX_FILE_BYTES)
    rows = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar, strict=True
    )
    articles: list[Article] = []
    header: list[str] | None = None
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if options.csv_header and header is None:
                header = [cell.strip() for cell in row]
                _check_header(header, options)
                continue
            record = dict(zip(header, row, strict=False)) if header is not None else row
            # (its address is the line where its row ends: PATH#LINE)
            article = record_to_article(record, str(path), rows.line_num - 1, options)
            if article:
                article.collection = True
                articles.append(article)
    except csv.Error as e:
        reason = f"malformed CSV at line {rows.line_num}: {e}"
        if articles:
            raise SkipFile(f"partly read: {reason}", articles) from e
        raise SkipFile(reason) from e
    if not articles:
        raise SkipFile("no articles in the CSV (every row is empty)")
    return articles


def _sample(text: str) -> str:
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    return sample


def _guess_dialect(sample: str):
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel


def _check_header(header: list[str], options: ReadOptions) -> None:
    """Skip a file whose header names no column newsgrep can make an article from."""
    from .records import BODY, LEAD, lookup

    known = dict.fromkeys(header, "")
    wanted = [*options.field_sources("text"), *options.field_sources("title")]
    names = [n for n in wanted if not n.isdigit()] or [*LEAD, *BODY, *DEFAULT_FIELDS["title"]]
    if any(lookup(known, name) is not None for name in names):
        return
    raise SkipFile(
        "no title or text column in the CSV header "
        "(name it with --field text=COLUMN, or use --csv-no-header --field text=N)"
    )
