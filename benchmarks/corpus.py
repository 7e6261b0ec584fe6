"""Benchmark corpora for newsgrep, built from the shared research data sets.

Two corpora, both written as plain-text files that newsgrep reads today:

* **bbc**: the real BBC News set (2,225 articles), copied byte for byte.
  The one Latin-1 file, ``sport/199.txt``, is taken from its UTF-8 companion
  ``sport/199.txt.utf8`` so that every file is UTF-8 text; the data set's own
  README.TXT and SOURCE.md are not copied (they are not articles).
* **corpus-<size>**: Reuters-21578 and BBC repeated until the text reaches
  ``--size`` (``10M``, ``100M``, ``1G``). Each pass goes into its own folder
  (``copy-000/``, ``copy-001/``, ...), and from the second pass on every
  headline ends with `` (copy N)`` so that no two files are identical. Such a
  corpus is fine for measuring speed and memory, not for judging ranking:
  every story occurs several times.

Three layouts (``--layout``) write the same stories:

* ``tagged`` (the default, and the only one before): one ``.txt`` per story,
  with front matter that names the language (``lang: en``), so that newsgrep
  skips language detection;
* ``plain``: the same files without ``lang:``, as users' own files come
  (title, date, source only);
* ``mixed``: no language anywhere, and four formats as a real archive mixes
  them: Reuters stories as Reuters SGML files (up to 1,000 stories each, as
  the collection is distributed), and BBC stories in turn as front-matter
  ``.txt`` files, web pages (``.html``, with navigation and footer
  boilerplate around the article) and JSON Lines files (100 records each,
  ``title``/``date``/``source``/``text``).

Each ``tagged`` file holds YAML front matter, the headline, a blank line and
paragraphs separated by blank lines::

    ---
    title: "BAHIA COCOA REVIEW"
    date: 1987-02-26
    source: Reuters
    lang: en
    ---
    BAHIA COCOA REVIEW

    Showers continued throughout the week in the Bahia cocoa zone, ...

Reuters SGML is parsed here with regular expressions (newsgrep has no SGML
reader yet): ``<DATE>`` gives the date, ``<TITLE>`` the headline and
``<BODY>`` the paragraphs (a new paragraph starts at an indented line; the
closing "Reuter" sign-off is dropped). Stories without a body keep their
headline only; "UNPROC" stories (tables without a headline) use their first
line as headline and each further line as a paragraph. Control-character
entities such as ``&#3;`` are dropped and ``&lt;`` / ``&amp;`` unescaped.

Usage::

    python benchmarks/corpus.py --size 100M          # -> /tmp/newsgrep-bench/corpus-100M
    python benchmarks/corpus.py --size 50M --layout mixed  # -> .../corpus-50M-mixed
    python benchmarks/corpus.py --bbc                # -> /tmp/newsgrep-bench/bbc

A finished corpus is reused while its manifest (``.corpus.json``, hidden so
that neither newsgrep nor rg reads it) matches the request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Bumped whenever the generated text changes, so old caches are rebuilt.
BUILDER_VERSION = 1
LAYOUTS = ("tagged", "plain", "mixed")
#: Records per generated JSON Lines file (mixed layout).
JSONL_RECORDS = 100
CACHE_DIR = Path("/tmp/newsgrep-bench")
MANIFEST = ".corpus.json"
#: Where the data sets live: ``../shared/data`` next to the repository.
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
#: Files per generated folder at most (Reuters .sgm files hold 1,000 stories).
MAX_PER_FOLDER = 1000

_UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}


def parse_size(text: str) -> int:
    """Bytes in a size such as ``10M``, ``100MB``, ``1G`` or ``500000`` (decimal units)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", text.upper())
    if not m:
        raise ValueError(f"not a size: {text!r} (try 10M, 100M or 1G)")
    return int(float(m[1]) * _UNITS[m[2]])


def size_label(nbytes: int) -> str:
    """``10M`` for 10,000,000 bytes: the name used in cache folder names."""
    for suffix, unit in (("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if nbytes >= unit and nbytes % unit == 0:
            return f"{nbytes // unit}{suffix}"
    return str(nbytes)


@dataclass
class Story:
    """One article of a source data set, before it is written out."""

    folder: str  # e.g. "reuters/reut2-000" or "bbc/business"
    name: str  # file name stem inside the folder
    title: str
    paragraphs: list[str]
    source: str
    date: dt.date | None = None


# ---------------------------------------------------------------- Reuters SGML

_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.DOTALL)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.DOTALL)
_TEXT = re.compile(r"<TEXT\b[^>]*>(.*?)</TEXT>", re.DOTALL)
_UNPROC = re.compile(r'<TEXT\s+TYPE="UNPROC"')
_TAG = re.compile(r"<[^>]+>")
_CHAR_REF = re.compile(r"&#\d+;")
_SIGN_OFF = re.compile(r"\s*\breuter\s*\Z", re.IGNORECASE)
_NEW_PARAGRAPH = re.compile(r"\n(?=[ \t])")
_SPACES = re.compile(r"\s+")
_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}


def _sgml_text(raw: str) -> str:
    """Drop control-character references (``&#3;``) and tags, unescape ``&lt;``."""
    return html.unescape(_TAG.sub("", _CHAR_REF.sub("", raw)))


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def reuters_stories(sgm: Path) -> Iterator[Story]:
    """The stories of one ``reut2-NNN.sgm`` file."""
    # All files are ASCII except one Latin-1 byte in reut2-017.sgm.
    text = sgm.read_bytes().decode("latin-1")
    folder = f"reuters/{sgm.stem}"
    for m in _RECORD.finditer(text):
        attrs, record = m.groups()
        newid = _NEWID.search(attrs)
        name = f"{int(newid[1]):05d}" if newid else f"x{m.start():08d}"
        date = None
        d = _DATE.search(record)
        if d and d[2].upper() in _MONTHS:
            date = dt.date(int(d[3]), _MONTHS[d[2].upper()], int(d[1]))
        title_m = _TITLE.search(record)
        title = _one_line(_sgml_text(title_m[1])) if title_m else ""
        body_m = _BODY.search(record)
        if body_m:
            body = _SIGN_OFF.sub("", _sgml_text(body_m[1]))
            paragraphs = [_one_line(p) for p in _NEW_PARAGRAPH.split(body)]
        elif _UNPROC.search(record) and (text_m := _TEXT.search(record)):
            body = _SIGN_OFF.sub("", _sgml_text(text_m[1]))
            paragraphs = [_one_line(line) for line in body.split("\n")]
        else:
            paragraphs = []  # a "BRIEF": the headline is the whole story
        paragraphs = [p for p in paragraphs if p]
        if not title and paragraphs:
            title = paragraphs.pop(0)
        if title:
            yield Story(folder, name, title, paragraphs, "Reuters", date)


# ---------------------------------------------------------------- BBC

_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def bbc_text(path: Path) -> str:
    """A BBC article's text; the one Latin-1 file is read from its UTF-8 companion."""
    companion = path.with_name(path.name + ".utf8")
    if companion.exists():
        path = companion
    return path.read_bytes().decode("utf-8")


def bbc_articles(data_dir: Path) -> list[Path]:
    """The 2,225 article files of the BBC set, in a stable order."""
    return sorted((data_dir / "bbc-news").glob("*/*.txt"))


def bbc_stories(category: Path) -> Iterator[Story]:
    """The stories of one BBC category folder (first line: headline)."""
    for path in sorted(category.glob("*.txt")):
        title, _, body = bbc_text(path).strip().partition("\n")
        paragraphs = [_one_line(p) for p in _BLANK_LINES.split(body)]
        yield Story(
            f"bbc/{category.name}", path.stem, _one_line(title), [p for p in paragraphs if p], "BBC"
        )


# ---------------------------------------------------------------- writing


def source_units(data_dir: Path) -> list[tuple[str, list[Story]]]:
    """Reuters files and BBC categories, interleaved, so a small corpus holds both."""
    reuters = sorted((data_dir / "reuters-21578").glob("reut2-*.sgm"))
    bbc = sorted(p for p in (data_dir / "bbc-news").iterdir() if p.is_dir())
    if not reuters or not bbc:
        raise SystemExit(f"corpus: no Reuters-21578 or BBC data under {data_dir}")
    units = [((i + 0.5) / len(reuters), f"reuters/{p.stem}", p) for i, p in enumerate(reuters)]
    units += [((i + 0.5) / len(bbc), f"bbc/{p.name}", p) for i, p in enumerate(bbc)]
    units.sort(key=lambda unit: unit[0])  # spread BBC evenly among the Reuters files
    return [
        (name, list(reuters_stories(p) if name.startswith("reuters/") else bbc_stories(p)))
        for _pos, name, p in units
    ]


def _passes(units: list[tuple[str, list[Story]]]) -> Iterator[tuple[int, str, Story]]:
    """(pass number, folder, story) for ever: every pass goes over all units."""
    copy = 0
    while True:
        for _unit, stories in units:
            for i, story in enumerate(stories):
                part = i // MAX_PER_FOLDER
                yield copy, story.folder + (f"-{part}" if part else ""), story
        copy += 1


def _yaml_str(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _title(story: Story, copy: int) -> str:
    return story.title if copy == 0 else f"{story.title} (copy {copy})"


def render(story: Story, copy: int, lang: bool = True) -> str:
    """The file text of ``story`` in pass ``copy`` (headlines of later passes say so)."""
    title = _title(story, copy)
    front = ["---", f"title: {_yaml_str(title)}"]
    if story.date:
        front.append(f"date: {story.date.isoformat()}")
    front += [f"source: {story.source}", *(["lang: en"] if lang else []), "---"]
    return "\n".join(front) + "\n" + "\n\n".join([title, *story.paragraphs]) + "\n"


def render_html(story: Story, copy: int) -> str:
    """A news web page: the article between a site's navigation and footer."""
    e = html.escape
    title = e(_title(story, copy))
    date = (
        f'<meta property="article:published_time" content="{story.date.isoformat()}">'
        if story.date
        else ""
    )
    paras = "\n".join(f"<p>{e(p)}</p>" for p in story.paragraphs)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title} - {e(story.source)}'
        f'</title>\n<meta property="og:site_name" content="{e(story.source)}">{date}</head>\n'
        '<body><header><nav><a href="/">Home</a> | <a href="/news">News</a> | '
        '<a href="/sport">Sport</a></nav></header>\n'
        f"<main><article><h1>{title}</h1>\n{paras}\n</article></main>\n"
        "<footer><p>Share this story: Email | Facebook | Twitter</p>"
        f"<p>&copy; {e(story.source)}. All rights reserved.</p></footer></body></html>\n"
    )


def render_json(story: Story, copy: int) -> str:
    """One JSON Lines record."""
    record = {"title": _title(story, copy), "source": story.source}
    if story.date:
        record["date"] = story.date.isoformat()
    record["text"] = "\n\n".join(story.paragraphs)
    return json.dumps(record, ensure_ascii=False) + "\n"


def render_sgml(story: Story, copy: int, newid: int) -> str:
    """One Reuters-21578 record (``<REUTERS>``...``</REUTERS>``)."""
    e = lambda text: html.escape(text, quote=False)  # noqa: E731
    date = (
        f"{story.date.day:02d}-{_MONTH_NAMES[story.date.month - 1]}-{story.date.year} 00:00:00.00"
        if story.date
        else ""
    )
    body = "\n".join(f"    {e(p)}" for p in story.paragraphs)
    return (
        f'<REUTERS TOPICS="NO" NEWID="{newid}">\n<DATE>{date}</DATE>\n<TEXT>&#2;\n'
        f"<TITLE>{e(_title(story, copy))}</TITLE>\n<BODY>{body}\n Reuter\n&#3;</BODY></TEXT>\n"
        "</REUTERS>\n"
    )


class _Writer:
    """Writes stories in one of the LAYOUTS, grouping SGML and JSON Lines records.

    Grouped records wait in ``groups`` (one per folder and kind) and are
    written when the group is full, when the stories move on to another
    folder, and at the end (``close``)."""

    def __init__(self, root: Path, layout: str, info: CorpusInfo) -> None:
        self.root, self.layout, self.info = root, layout, info
        self.made: set[Path] = set()
        self.groups: dict[tuple[Path, str], list[str]] = {}
        self.parts: dict[tuple[Path, str], int] = {}
        self.folder: Path | None = None
        self.turn = 0
        self.newid = 0
        self.pending = 0  # bytes (about) of the records waiting in groups

    def _write(self, path: Path, text: str) -> None:
        data = text.encode()
        path.write_bytes(data)
        self.info.bytes += len(data)
        self.info.files += 1

    def _flush(self, key: tuple[Path, str]) -> None:
        records = self.groups.pop(key, [])
        if not records:
            return
        self.pending -= sum(len(r) for r in records)
        where, kind = key
        part = self.parts.get(key, 0)
        self.parts[key] = part + 1
        suffix = f"-{part}" if part else ""
        if kind == "sgm":
            name = f"{where.name}{suffix}.sgm"
            self._write(where / name, '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "".join(records))
        else:
            self._write(where / f"stories{suffix}.jsonl", "".join(records))

    def close(self) -> None:
        for key in list(self.groups):
            self._flush(key)

    def _group(self, where: Path, kind: str, record: str, most: int) -> None:
        key = (where, kind)
        self.groups.setdefault(key, []).append(record)
        self.pending += len(record)
        if len(self.groups[key]) >= most:
            self._flush(key)

    def add(self, copy: int, folder: str, story: Story) -> None:
        self.info.sources[story.source] = self.info.sources.get(story.source, 0) + 1
        self.info.articles += 1
        where = self.root / f"copy-{copy:03d}" / folder
        if where != self.folder:
            self.close()
            where.mkdir(parents=True, exist_ok=True)
            self.folder = where
        if self.layout != "mixed":
            self._write(where / f"{story.name}.txt", render(story, copy, self.layout == "tagged"))
        elif story.source == "Reuters":
            self.newid += 1
            self._group(where, "sgm", render_sgml(story, copy, self.newid), MAX_PER_FOLDER)
        else:
            self.turn += 1
            kind = self.turn % 4  # .txt, .html, .txt, .jsonl in turn
            if kind in (1, 3):
                self._write(where / f"{story.name}.txt", render(story, copy, lang=False))
            elif kind == 2:
                self._write(where / f"{story.name}.html", render_html(story, copy))
            else:
                self._group(where, "jsonl", render_json(story, copy), JSONL_RECORDS)


@dataclass
class CorpusInfo:
    """What a built corpus holds; saved as its manifest."""

    path: str
    kind: str  # "repeat" or "bbc"
    requested_bytes: int
    bytes: int = 0
    files: int = 0
    copies: float = 0.0  # passes over Reuters + BBC (fractional for the last one)
    one_copy_bytes: int = 0
    version: int = BUILDER_VERSION
    data_dir: str = ""
    sources: dict[str, int] = field(default_factory=dict)  # source -> articles
    layout: str = "tagged"  # one of LAYOUTS
    articles: int = 0

    @property
    def mb(self) -> float:
        return self.bytes / 1e6

    def describe(self) -> str:
        if self.kind == "bbc":
            return (
                f"the real BBC News set: {self.files:,} articles, {self.mb:.1f} MB of text "
                "(sport/199.txt from its UTF-8 companion)"
            )
        copies = f"{self.copies:.1f}" if self.copies >= 1 else f"{self.copies:.2f}"
        layout = {
            "tagged": "one .txt per story, lang in front matter",
            "plain": "one .txt per story, no lang",
            "mixed": "Reuters SGML, BBC as .txt, .html and .jsonl, no lang",
        }[self.layout]
        return (
            f"this corpus repeats Reuters-21578 and BBC {copies} times: "
            f"fine for speed, not for ranking ({self.articles or self.files:,} articles in "
            f"{self.files:,} files, {self.mb:.1f} MB of text; {layout}; "
            "from the second pass on, headlines end in '(copy N)' so no two stories are equal)"
        )


def _load_manifest(out: Path) -> CorpusInfo | None:
    try:
        data = json.loads((out / MANIFEST).read_text())
        return CorpusInfo(**data)
    except (OSError, ValueError, TypeError):
        return None


def _finish(tmp: Path, out: Path, info: CorpusInfo) -> CorpusInfo:
    info.path = str(out)
    (tmp / MANIFEST).write_text(json.dumps(asdict(info), indent=1) + "\n")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return info


def _fresh_tmp(out: Path) -> Path:
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def corpus_dir(size: int, layout: str = "tagged") -> Path:
    """Where a corpus of ``size`` bytes in ``layout`` is cached."""
    return CACHE_DIR / (f"corpus-{size_label(size)}" + ("" if layout == "tagged" else f"-{layout}"))


def build_corpus(
    size: int,
    out: Path | None = None,
    data_dir: Path = DEFAULT_DATA,
    force: bool = False,
    layout: str = "tagged",
) -> CorpusInfo:
    """Write Reuters + BBC, repeated, until ``size`` bytes of text; reuse a matching cache."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r}: one of {', '.join(LAYOUTS)}")
    out = Path(out or corpus_dir(size, layout))
    cached = _load_manifest(out)
    if (
        not force
        and cached
        and cached.version == BUILDER_VERSION
        and cached.kind == "repeat"
        and cached.requested_bytes == size
        and cached.layout == layout
    ):
        return cached
    units = source_units(data_dir)
    one_copy = sum(
        len(render(s, 0).encode()) for _name, stories in units for s in stories
    )  # bytes of pass 0 as tagged text; later passes add a few bytes per headline
    tmp = _fresh_tmp(out)
    info = CorpusInfo(
        str(out), "repeat", size, one_copy_bytes=one_copy, data_dir=str(data_dir), layout=layout
    )
    writer = _Writer(tmp, layout, info)
    for copy, folder, story in _passes(units):
        writer.add(copy, folder, story)
        if info.bytes + writer.pending >= size:
            break
    writer.close()
    info.copies = round(info.bytes / one_copy, 2)
    return _finish(tmp, out, info)


def build_bbc(out: Path | None = None, data_dir: Path = DEFAULT_DATA, force: bool = False):
    """Copy the real BBC set (articles only, all UTF-8); reuse a matching cache."""
    out = Path(out or CACHE_DIR / "bbc")
    cached = _load_manifest(out)
    if not force and cached and cached.version == BUILDER_VERSION and cached.kind == "bbc":
        return cached
    articles = bbc_articles(data_dir)
    if not articles:
        raise SystemExit(f"corpus: no BBC articles under {data_dir / 'bbc-news'}")
    tmp = _fresh_tmp(out)
    info = CorpusInfo(str(out), "bbc", 0, data_dir=str(data_dir), copies=1.0)
    for path in articles:
        data = bbc_text(path).encode()
        target = tmp / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(data)
        info.bytes += len(data)
        info.files += 1
    info.requested_bytes = info.one_copy_bytes = info.bytes
    info.sources = {"BBC": info.files}
    return _finish(tmp, out, info)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100M", help="text to generate: 10M, 100M, 1G")
    parser.add_argument("--out", type=Path, help="folder (default: /tmp/newsgrep-bench/...)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--bbc", action="store_true", help="build the real BBC set instead")
    parser.add_argument(
        "--layout", choices=LAYOUTS, default="tagged", help="how the files are written"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    if args.bbc:
        info = build_bbc(args.out, args.data, args.force)
    else:
        try:
            size = parse_size(args.size)
        except ValueError as e:
            parser.error(str(e))
        info = build_corpus(size, args.out, args.data, args.force, args.layout)
    print(info.path)
    print(info.describe(), file=sys.stderr)


if __name__ == "__main__":
    main()
