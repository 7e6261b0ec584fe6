"""No file, name, string or race stops a run: each reader is bounded in time and recursion.

Every case here once aborted or stalled ``newsgrep index`` (a traceback that
indexed nothing, or half a minute for a few kilobytes); each must now give
its articles or be skipped with its reason while the run completes.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import signal
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsgrep import open_archive, search
from newsgrep.articles import SkipFile
from newsgrep.corpus import read_articles
from newsgrep.errors import QueryError
from newsgrep.index import update_index

from .test_cli import run

GOOD = "Good\n\nThe zebra is fine.\n"


@contextlib.contextmanager
def within(seconds: float):
    """Fail (rather than wait on) a reader that takes longer than ``seconds``."""

    def expired(_signum, _frame):
        raise AssertionError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def index_with_good_file(write, index_dir, name: str | bytes, data: bytes):
    """Index a folder holding the hostile file and a good one; the good one must be there."""
    path = os.path.join(os.fsencode(write.root), os.fsencode(name))
    with open(path, "wb") as f:
        f.write(data)
    write("good.txt", GOOD)
    summary = update_index([write.root], index_dir, jobs=1)
    assert open_archive(index_dir).article(str(write.root / "good.txt"))
    return summary


def stored_text(article) -> str:
    return " ".join(
        str(v or "") for v in (article.title, *article.paragraphs, article.author, article.url)
    )


# ---------------------------------------------------------------- names and strings


def test_a_file_name_not_in_utf8_is_skipped_with_its_reason(write, index_dir):
    summary = index_with_good_file(write, index_dir, b"caf\xe9.txt", b"Cafe\n\nzebra coffee\n")
    (skipped,) = summary.skipped_files
    assert "not in UTF-8" in skipped.reason
    assert summary.total_articles == 1


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.binary(min_size=1, max_size=40))
@example(name=b"caf\xe9")
@example(name=b"\xff\xfe")
def test_any_file_name_is_indexed_or_skipped(tmp_path_factory, name):
    name = name.replace(b"/", b"_").replace(b"\x00", b"_").lstrip(b".") or b"x"
    root = tmp_path_factory.mktemp("names")
    index_dir = tmp_path_factory.mktemp("index")
    path = os.path.join(os.fsencode(root), name + b".txt")
    try:
        with open(path, "wb") as f:
            f.write(b"Title\n\nzebra zebra\n")
    except OSError:  # a name the file system refuses
        return
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    summary = update_index([root], index_dir, jobs=1)
    skipped = {s.path for s in summary.skipped_files}
    assert summary.total_articles == 2 - len(skipped)
    assert search("zebra", index_dir, limit=None, collapse=False).total_articles == 2 - len(skipped)


def test_a_lone_surrogate_in_json_text_is_dropped(write, index_dir):
    data = b'{"title": "Caf\\ud800e", "text": "The zebra \\udfff drinks.", "author": "\\ud83d"}'
    index_with_good_file(write, index_dir, "s.json", data)
    (article,) = open_archive(index_dir).article(str(write.root / "s.json"))
    assert article.title == "Cafe"
    assert [hit.text for hit in article.hits] == ["Cafe", "The zebra drinks."]


def _json(s: str) -> bytes:
    return json.dumps({"title": s, "text": f"zebra {s}", "author": s, "url": s}).encode()


#: Where a string can sit in each reader's fields: name -> (file suffix, file bytes).
FORMATS = {
    "json": (".json", _json),
    "jsonl": (".jsonl", lambda s: _json(s) + b"\n" + _json(s)),
    "csv": (
        ".csv",
        lambda s: ("title,text,author\n" + ",".join(['"' + s.replace('"', '""') + '"'] * 3)).encode(
            "utf-8", "surrogatepass"
        ),
    ),
    "rss": (
        ".rss",
        lambda s: (
            f"<?xml version='1.0' encoding='utf-8'?><rss><channel><title>{s}</title><item>"
            f"<title>{s}</title><description>zebra {s}</description><author>{s}</author>"
            "</item></channel></rss>"
        ).encode("utf-8", "surrogatepass"),
    ),
    "rss-escaped": (
        ".rss",
        lambda s: (
            f"<rss><channel><item><title>{escape(s)}</title>"
            f"<description>zebra {escape(s)}</description></item></channel></rss>"
        ).encode("utf-8", "surrogatepass"),
    ),
    "atom": (
        ".atom",
        lambda s: (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>{s}</title>'
            f'<content type="html">{escape(s)} zebra</content></entry></feed>'
        ).encode("utf-8", "surrogatepass"),
    ),
    "html": (
        ".html",
        lambda s: (
            f"<html><head><title>{s}</title></head><body><p>zebra {s}</p></body></html>"
        ).encode("utf-8", "surrogatepass"),
    ),
    "sgml": (
        ".sgm",
        lambda s: (f"<REUTERS NEWID='1'><TITLE>{s}</TITLE><BODY>zebra {s}</BODY></REUTERS>").encode(
            "utf-8", "surrogatepass"
        ),
    ),
    "markdown": (
        ".md",
        lambda s: (
            f"---\ntitle: {json.dumps(s)}\nauthor: {json.dumps(s)}\n---\n{s}\n\nzebra\n"
        ).encode("utf-8", "surrogatepass"),
    ),
}

#: Text of every kind, lone surrogates and controls included.
strings = st.text(st.characters(blacklist_categories=()), max_size=60)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(s=strings)
@example(s="<![ x")
@example(s="\ud800")
@example(s="&#x110000;")
@example(s="&#xd800; <!-- x")
@example(s="<entry<title</content>")
def test_any_string_in_any_field_is_read_or_skipped(tmp_path_factory, fmt, s):
    suffix, make = FORMATS[fmt]
    path = tmp_path_factory.mktemp(fmt) / f"a{suffix}"
    path.write_bytes(make(s))
    try:
        with within(10):
            articles = read_articles(path)
    except SkipFile:
        return
    for article in articles:
        text = stored_text(article)
        text.encode("utf-8")  # no lone surrogate is kept
        assert not any(c in text for c in "\x00\x1b\x9b\u202e")


@pytest.mark.parametrize(
    "name, data",
    [
        ("a.atom", b"<entry<title</content>"),  # 22 bytes
        ("f.rss", b'<?encoding="\xfe"?>'),  # 16 bytes
        ("f.xml", b'<?xml version="1.0" encoding="\xfe"?><rss><channel><item>'),
        (
            "r.rss",
            b"<rss><channel><item><title>&#x110000; zebra</title>"
            b"<description>zebra &#xD800;</description></item></channel></rss>",
        ),
        ("c.json", b'{"title": "<![ x", "text": "zebra <![ y"}'),
        ("d.rss", b"<rss><channel><item><title>t</title><description>&lt;![ x"),
    ],
)
def test_tiny_hostile_files_never_abort_the_run(write, index_dir, name, data):
    summary = index_with_good_file(write, index_dir, name, data)
    read = summary.total_articles - 1
    skipped = [s.path for s in summary.skipped_files]
    assert read + len(skipped) >= 1, "the file is neither read nor reported"


def test_a_feed_title_with_a_character_that_does_not_exist_is_read(write, index_dir):
    data = b"<rss><channel><item><title>A &#x110000; B</title><description>zebra</description>"
    index_with_good_file(write, index_dir, "r.rss", data + b"</item></channel></rss>")
    found = search("zebra", index_dir, limit=None, collapse=False).articles
    assert {a.title for a in found} == {"A \ufffd B", "Good"}


@settings(max_examples=20, deadline=None)
@given(depth=st.integers(1, 3000), kind=st.sampled_from(["[]", "{}"]), lines=st.booleans())
@example(depth=1000, kind="[]", lines=False)
@example(depth=1000, kind="{}", lines=True)
def test_any_nesting_depth_is_read_or_skipped_without_recursion_error(
    tmp_path_factory, depth, kind, lines
):
    from newsgrep.index import _read_file

    inner = "[" * depth + "]" * depth if kind == "[]" else '{"a":' * depth + "1" + "}" * depth
    doc = json.dumps({"title": "Deep", "text": "zebra"})[:-1] + f', "x": {inner}}}'
    path = tmp_path_factory.mktemp("deep") / ("d.jsonl" if lines else "d.json")
    path.write_text(doc + "\n", encoding="utf-8")
    articles, reasons = _read_file(str(path), None)
    assert articles or reasons == ["nested too deeply to read"]
    assert bool(articles) == (depth < 99)


def test_a_reader_that_fails_on_odd_input_skips_that_file_only(write, index_dir, monkeypatch):
    from newsgrep.readers import json as json_reader

    def broken(path, options=None):
        raise KeyError("a library's own bug")

    monkeypatch.setattr(json_reader, "read_json", broken)
    summary = index_with_good_file(write, index_dir, "x.json", b'{"title": "x"}')
    assert [s.reason for s in summary.skipped_files] == ["unreadable: KeyError in its reader"]


# ---------------------------------------------------------------- bounded time

_rng = random.Random(15)

#: Files a pattern or parser once took time quadratic in: (name, bytes, seconds allowed).
SLOW_ONCE = [
    ("reuters.sgm", b"<REUTERS>" * 20_000, 3),  # 180 KB: 30 s
    ("doc.sgm", b"<DOC>" * 36_000, 3),
    ("title.sgm", b"<REUTERS><TITLE>" + b"<TITLE>" * 26_000 + b"</REUTERS>", 3),
    ("tags.sgm", b"<REUTERS><BODY>" + b"<" * 180_000 + b"</BODY></REUTERS>", 3),
    ("p.sgm", b"<DOC><TEXT>" + b"<P " * 60_000 + b"</TEXT></DOC>", 3),
    ("quotes.csv", b"title,text\n" + b'a,"b' * 16_000, 3),  # 64 KB: 17 s
    ("open.csv", b'title,text\na,"' + b"x\n" * 32_000, 3),
    ("ascii-line.txt", b"\xff\xfe\xfd\n" + b"a" * 65_536, 3),  # 64 KB: 60 s
    ("high-bytes.txt", b"a" * 65_536 + b"\n\xff\xfe\xfd", 3),
    ("comments.json", b'{"title": "' + b"<!--" * 30_000 + b'", "text": "x"}', 3),  # 120 KB
    (
        "comments.rss",
        b"<rss><channel><item><title>x</title><description>"
        + b"&lt;!--" * 30_000
        + b"</description></item></channel></rss>",
        3,
    ),  # fmt: skip
    (
        "comments.atom",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>'
        b'<content type="html">' + b"&lt;!--" * 30_000 + b"</content></entry></feed>",
        3,
    ),  # fmt: skip
    (
        "flat.html",
        b"<html><body>" + b"<p>zebra words here and there " * 70_000 + b"</body></html>",
        10,
    ),  # 2 MB of paragraphs: 28 s  # fmt: skip
    (
        "divs.html",
        b"<html><body>"
        + b"<div><span>zebra words</span> here</div>\n" * 40_000
        + b"</body></html>",
        10,
    ),  # fmt: skip
]


@pytest.mark.parametrize("name, data, seconds", SLOW_ONCE, ids=[n for n, _d, _s in SLOW_ONCE])
def test_files_that_once_took_quadratic_time_are_read_quickly(tmp_path, name, data, seconds):
    path = tmp_path / name
    path.write_bytes(data)
    with contextlib.suppress(SkipFile), within(seconds):
        read_articles(path)


def test_a_large_flat_page_keeps_its_text(tmp_path):
    path = tmp_path / "big.html"
    rows = "".join(f"<p>Paragraph {i} tells of the zebra.</p>\n" for i in range(20_000))
    path.write_text(f"<html><head><title>Big page</title></head><body>{rows}</body></html>")
    (article,) = read_articles(path)
    assert article.title == "Big page"
    assert article.paragraphs[0] == "Paragraph 0 tells of the zebra."
    assert len(article.paragraphs) == 20_000


def test_hostile_files_do_not_stop_the_run_in_a_subprocess(tmp_path):
    """The whole command, as users run it: every hostile file skipped or read, exit 0."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data, _s in SLOW_ONCE[:6]:
        (corpus / name).write_bytes(data)
    (corpus / "good.txt").write_text(GOOD)
    with gzip.open(corpus / "bomb.warc.gz", "wb") as f:
        f.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999999\r\n\r\n")
    started = time.monotonic()
    code, _out, err = run("index", "--index", str(tmp_path / "index"), str(corpus))
    assert code == 0 and "Traceback" not in err
    assert time.monotonic() - started < 30


# ---------------------------------------------------------------- races


def test_a_file_swapped_for_a_fifo_after_the_walk_is_skipped(write, index_dir, monkeypatch):
    from newsgrep import corpus

    real_walk = corpus.walk_corpus
    fifo = write("news.txt", "News\n\nzebra\n")
    write("good.txt", GOOD)

    def walk_then_swap(*args, **kw):
        items = list(real_walk(*args, **kw))
        fifo.unlink()
        os.mkfifo(fifo)  # between the walk and the read
        return iter(items)

    monkeypatch.setattr(corpus, "walk_corpus", walk_then_swap)
    outcome: dict = {}
    worker = threading.Thread(
        target=lambda: outcome.update(summary=update_index([write.root], index_dir, jobs=1)),
        daemon=True,
    )
    worker.start()
    worker.join(20)
    if worker.is_alive():  # stuck opening the pipe: let it go, then fail
        with open(fifo, "wb"):
            pass
        worker.join(5)
        pytest.fail("indexing waited on a named pipe")
    summary = outcome["summary"]
    assert [(Path(s.path).name, s.reason) for s in summary.skipped_files] == [
        ("news.txt", "not a regular file")
    ]
    assert summary.total_articles == 1


# ---------------------------------------------------------------- queries


@pytest.fixture(scope="module")
def query_index(tmp_path_factory):
    from .conftest import CORPUS

    index_dir = tmp_path_factory.mktemp("query-index")
    update_index([CORPUS], index_dir)
    return index_dir


@pytest.mark.parametrize(
    "query",
    [
        "witkof" * 67,  # 400 letters
        "moscou" * 333,  # 2,000 letters
        " ".join(f"witkofx{i}" for i in range(256)),  # 256 unknown words
    ],
    ids=["400-letters", "2000-letters", "256-unknown-words"],
)
def test_did_you_mean_on_long_or_many_words_is_quick(query_index, query):
    started = time.perf_counter()
    with contextlib.suppress(QueryError):
        search(query, query_index)
    assert time.perf_counter() - started < 2


def test_a_word_range_is_a_query_error_not_a_traceback(query_index):
    code, out, err = run("search", "--index", str(query_index), "text:[a TO z]")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("newsgrep: error:")
