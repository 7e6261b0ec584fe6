"""Nothing from an article or a file name reaches the terminal raw; every query ends."""

from __future__ import annotations

import json
import re
import sys
import time
import warnings

import pytest

from newsgrep import open_archive
from newsgrep.index import update_index

from .test_cli import run

#: What must never be written raw: C0 controls but newline and tab, DEL, C1 controls,
#: bidirectional overrides, embeddings and isolates, line and paragraph separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
EVIL = "\x1b[31m\u202e\x9b2J\u2066"


@pytest.fixture
def hostile(write, index_dir):
    write(f"news{EVIL}.txt", "Cocoa title\n\nCocoa prices rose today in London.\n")
    write(
        "feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed&#x1b;[2J</title>'
        "<item><title>Cocoa item</title><link>http://x/&#x1b;[31m&#x202e;</link>"
        "<author>Bob&#x1b;]0;pwned&#x7;&#x2066;</author>"
        "<description>Cocoa harvest news from the coast.</description></item>"
        "</channel></rss>",
    )
    update_index([write.root], index_dir)
    return index_dir


@pytest.mark.parametrize("flags", [[], ["--json"], ["--csv"], ["-l"], ["-c"], ["-C", "1"]])
def test_no_output_mode_writes_control_characters_raw(hostile, flags):
    code, out, err = run("search", "-n", "0", *flags, "cocoa")
    assert code == 0 and out.count("\n") >= 2
    assert not RAW.search(out) and not RAW.search(err)


def test_color_output_has_only_its_own_escapes(hostile):
    code, out, _ = run("search", "-n", "0", "--color", "always", "cocoa")
    own = re.sub(r"\x1b\[[0-9;]*m", "", out)  # newsgrep's colours, and nothing else
    assert code == 0 and not RAW.search(own)


def test_json_keeps_the_values_exact_but_escaped(hostile):
    _code, out, _ = run("search", "-n", "0", "--json", "cocoa")
    records = [json.loads(line) for line in out.splitlines()]
    assert any(EVIL in r["path"] for r in records)  # the name as it is, for scripts
    assert EVIL not in out and "\\u202e" in out  # but written as escapes


def test_the_terminal_layout_is_clean(hostile, monkeypatch):
    import io

    from newsgrep.printers import Output, RichPrinter, print_articles

    stream = io.StringIO()
    arch = open_archive(hostile)
    result = arch.search("cocoa", limit=None)
    RichPrinter(Output(stream, is_terminal=True, color=False)).print(result)
    print_articles(list(result.articles), Output(stream, is_terminal=True, color=False))
    assert "Cocoa" in stream.getvalue() and not RAW.search(stream.getvalue())


def test_index_verbose_and_errors_are_clean(write, index_dir):
    write(f"bad{EVIL}.json", b"\x00\x01{not json")
    code, out, err = run("index", "-v", str(write.root))
    assert "skipped: binary file" in err and not RAW.search(err)
    code, _out, err = run("show", f"/nowhere/{EVIL}")
    assert code == 2 and not RAW.search(err)


def test_what_libraries_print_about_a_file_stays_out(write, index_dir, monkeypatch):
    import newsgrep.readers.text as text_reader

    write("a.txt", "Cocoa\n\nCocoa prices.\n")
    real = text_reader.read_text_file
    ran = []

    def chatty(path, options, **kwargs):  # as a parsing library may: straight to stderr
        sys.stderr.write(f"library says: {EVIL}\n")
        warnings.warn(f"about {EVIL}", UserWarning, stacklevel=1)
        ran.append(path)
        return real(path, options, **kwargs)

    monkeypatch.setattr(text_reader, "read_text_file", chatty)
    code, out, err = run("index", "-j", "1", str(write.root))
    assert ran, "the chatty reader really ran"
    assert code == 0 and "1 article" in err
    assert "library says" not in err and "about" not in err and not RAW.search(err)


# ---------------------------------------------------------------- queries end


@pytest.fixture
def small(write, index_dir):
    for n in range(30):
        write(f"{n}.txt", f"Title {n}\n\nthe cat and the dog and the bird {n}.\n")
    update_index([write.root], index_dir)
    return index_dir


@pytest.mark.parametrize(
    "query",
    [
        "ab" * 200,  # a 400-letter word
        "abcde" * 400,  # 2,000 letters
        " ".join(f"qzx{n}vv" for n in range(255)),  # 255 words that occur nowhere
        " ".join(f"kwyj{n}" for n in range(8)),
    ],
)
def test_long_and_unknown_queries_end_quickly(small, query):
    started = time.perf_counter()
    code, out, err = run("search", query)
    assert code in (1, 2) and out == ""
    assert time.perf_counter() - started < 2


def test_ranges_on_words_are_an_error_not_a_traceback(small):
    for query in ("text:[a TO z]", "[a TO c]", "title:{a TO b}"):
        code, out, err = run("search", query)
        assert code == 2 and out == ""
        assert err.startswith("newsgrep: error: a range works on dates only")


def test_a_phrase_of_words_too_common_is_refused(small, monkeypatch):
    import newsgrep.matching

    monkeypatch.setattr(newsgrep.matching, "MAX_PHRASE_WORK", 50)
    code, out, err = run("search", '"the cat"')
    assert code == 2 and "too common to match in time" in err
    code, out, _ = run("search", '"bird 7"')  # a rare word in it: matched
    assert code == 0 and out
