"""What a grep user expects of `newsgrep search`, and what a reader sees on a terminal."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from newsgrep import open_archive
from newsgrep.index import update_index
from newsgrep.results import LazyArticles

from .conftest import console_script
from .test_cli import run


@pytest.fixture
def desk(write, index_dir):
    """Two folders of articles: commodities and politics, English, French and German."""
    docs = {
        "markets/cocoa.md": ("en", "Cocoa slump", ["Cocoa prices fell in London.", "Traders",
                              "Ghana cut its cocoa forecast.", "Shipping", "Cocoa again."]),
        "markets/coffee.md": ("en", "Coffee rally", ["Coffee prices rose.", "Brazil frost."]),
        "markets/both.md": ("en", "Softs", ["Cocoa and coffee both moved."]),
        "politics/ford.md": ("en", "Ford plant", ["Ford will close a plant.", "Ford said so.",
                              "Workers at Ford protested."]),
        "politics/ford2.md": ("en", "Ford results", ["Ford earnings beat forecasts."]),
        "politics/ford3.md": ("en", "Ford recall", ["Ford recalls cars."]),
        "politics/poehl.md": ("en", "Bundesbank", ["Karl Otto Poehl spoke on rates."]),
    }  # fmt: skip
    for n in range(6):
        docs[f"politics/de{n}.md"] = (
            "de",
            f"Forderung {n}",
            [f"Die Gewerkschaft fordert mehr Lohn und fordern {n} Tage.",
             "Herr Pöhl sprach in Frankfurt." if n == 0 else "Nichts weiter."],
        )  # fmt: skip
    for name, (lang, title, paragraphs) in docs.items():
        body = "\n\n".join(paragraphs)
        url = f"\nurl: https://example.org/{name}" if name == "markets/cocoa.md" else ""
        write(name, f"---\nlang: {lang}{url}\n---\n{title}\n\n{body}\n")
    update_index([write.root], index_dir)
    return write.root


def lines(out: str) -> list[str]:
    return out.splitlines()


def test_repeated_e_is_an_or_of_the_patterns(desk):
    code, out, _ = run("search", "-l", "-e", "cocoa", "-e", "frost")
    names = sorted(os.path.basename(p) for p in lines(out))
    assert code == 0 and names == ["both.md", "cocoa.md", "coffee.md"]
    code, out, _ = run("search", "-l", "cocoa", "frost")  # without -e: both words
    assert code == 1 and out == ""


def test_fixed_strings_take_operators_as_words(desk):
    code, out, _ = run("search", "-F", "-c", "cocoa and coffee")
    assert code == 0 and [os.path.basename(p) for p in lines(out)] == ["both.md:1"]


def test_paths_after_the_query_restrict_it(desk):
    code, out, _ = run("search", "-l", "-n", "0", "prices", str(desk / "markets"))
    assert code == 0 and {os.path.basename(p) for p in lines(out)} == {"cocoa.md", "coffee.md"}
    code, out, _ = run("search", "-l", "prices", str(desk / "politics"))
    assert code == 1 and out == ""
    code, out, _ = run("search", "-l", "-e", "Ford", str(desk / "markets" / "cocoa.md"))
    assert code == 1


def test_quiet_max_count_and_context_flags(desk):
    code, out, err = run("search", "-q", "cocoa")
    assert (code, out, err) == (0, "", "")
    code, _, _ = run("search", "-q", "zebra")
    assert code == 1
    code, out, _ = run("search", "-m", "1", "cocoa", str(desk / "markets" / "cocoa.md"))
    assert [line.split(":")[1] for line in lines(out)] == ["0"]
    code, out, _ = run("search", "-A", "1", "Ghana")
    assert [line.rsplit(".md", 1)[1][:2] for line in lines(out)] == [":3", "-4"]
    code, out, _ = run("search", "-B", "1", "Ghana")
    assert [line.rsplit(".md", 1)[1][:2] for line in lines(out)] == ["-2", ":3"]


def test_context_groups_are_parted_by_two_dashes(desk):
    code, out, _ = run("search", "-C", "0", "-p", "cocoa", str(desk / "markets" / "cocoa.md"))
    marks = [line if line == "--" else line.rsplit(".md", 1)[1][:2] for line in lines(out)]
    # paragraphs 0 (headline), 1, 3 and 5 match: 0 and 1 follow each other, 3 and 5 do not
    assert marks == [":0", ":1", "--", ":3", "--", ":5"]


def test_null_ends_addresses_for_xargs(desk):
    code, out, _ = run("search", "-l", "-0", "coffee")
    assert code == 0 and out.endswith("\0") and "\n" not in out
    assert {os.path.basename(p) for p in out.split("\0") if p} == {"coffee.md", "both.md"}
    code, _, err = run("search", "-0", "coffee")
    assert code == 2 and "-0/--null goes with -l" in err


def test_conflicting_formats_and_usage_errors_say_newsgrep_error(desk):
    for flags in (["-l", "-c"], ["--json", "--csv"], ["--json", "-q"]):
        code, out, err = run("search", *flags, "cocoa")
        assert code == 2 and out == ""
        assert err.startswith("newsgrep: error: ") and "cannot go together" in err
    code, _, err = run("search", "--jsno", "cocoa")
    assert code == 2 and err.startswith("newsgrep: error: No such option")
    assert "hint: `newsgrep search --help`" in err


def test_a_cut_default_limit_is_said_on_stderr_in_a_pipe(write, index_dir):
    for n in range(25):
        write(f"{n}.txt", f"Cocoa {n}\n\nCocoa news number {n}.\n")
    update_index([write.root], index_dir)
    code, out, err = run("search", "-l", "cocoa")
    assert code == 0 and len(lines(out)) == 20
    assert "showing the best 20 of 25 matching articles; -n 0 shows them all" in err
    code, out, err = run("search", "-l", "-n", "0", "cocoa")
    assert len(lines(out)) == 25 and err == ""
    code, out, err = run("search", "-l", "-n", "5", "cocoa")  # a limit asked for: no note
    assert len(lines(out)) == 5 and err == ""


def test_suggestions_never_reach_stdout_and_respect_exact(desk):
    code, out, err = run("search", "--json", "cofee")
    assert code == 1 and out == "" and "did you mean: coffee" in err
    code, out, err = run("search", "--exact", "cofee")
    assert "did you mean: coffee" in err
    code, out, err = run("search", "--no-suggest", "cofee")
    assert code == 1 and err == ""
    code, out, err = run("search", "Ghana")  # a word of the archive is never corrected
    assert code == 0 and "did you mean" not in err


def test_german_transliterations_join_across_languages(desk):
    arch = open_archive(os.environ["NEWSGREP_INDEX"])
    for query in ("Pöhl", "Poehl"):
        found = {os.path.basename(a.path) for a in arch.search(query).articles}
        assert found == {"poehl.md", "de0.md"}, query


def test_a_name_does_not_match_another_languages_common_word(desk):
    arch = open_archive(os.environ["NEWSGREP_INDEX"])
    found = {os.path.basename(a.path) for a in arch.search("Ford").articles}
    assert found == {"ford.md", "ford2.md", "ford3.md"}  # not the German fordern
    # the ordinary word, typed in lower case, still finds the German articles
    german = {a.lang for a in arch.search("fordern").articles}
    assert german == {"de"}


def test_a_repeated_word_weighs_more(desk):
    arch = open_archive(os.environ["NEWSGREP_INDEX"])

    def coffee_over_cocoa(query):
        scores = {os.path.basename(a.path): a.score for a in arch.search(query).articles}
        return scores["coffee.md"] / scores["cocoa.md"]

    once = coffee_over_cocoa("cocoa OR coffee")
    assert coffee_over_cocoa("cocoa OR coffee OR coffee") > 1.5 * once
    assert coffee_over_cocoa("cocoa cocoa OR coffee") < once


def test_fuzzy_words_are_measured_against_the_written_words(write, index_dir):
    write("a.txt", "---\nlang: fr\n---\nJardin\n\nUn papillon se pose.\n")
    update_index([write.root], index_dir)
    code, out, _ = run("search", "-c", "papilons~")
    assert code == 0 and out.endswith("a.txt:1\n")


def test_lazy_articles_are_built_as_they_are_read(desk):
    arch = open_archive(os.environ["NEWSGREP_INDEX"])
    result = arch.search("cocoa OR coffee OR Ford", lazy=True, limit=None)
    assert isinstance(result.articles, LazyArticles)
    assert result.articles._built == []  # nothing built before it is read
    first = next(iter(result.articles))
    assert len(result.articles._built) < result.total_articles
    assert list(result.articles) == arch.search("cocoa OR coffee OR Ford", limit=None).articles
    assert result.articles[0] is first and len(result.articles) == result.total_articles


def test_top_by_term_samples_a_large_match_and_says_so(desk, monkeypatch):
    import newsgrep.cli

    monkeypatch.setattr(newsgrep.cli, "TOP_SAMPLE", 2)
    code, out, err = run("top", "--by", "term", "cocoa OR coffee OR Ford")
    assert code == 0 and out.startswith("term,paragraphs,lift")
    assert "sampled 2 of 6 matching articles at random" in err
    code, out, err = run("top", "--by", "term", "--all", "cocoa OR coffee OR Ford")
    assert code == 0 and "sampled" not in err


# ---------------------------------------------------------------- real processes


def _newsgrep(*args, env=None, **kwargs):
    full_env = dict(os.environ, **(env or {}))
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([console_script(), *args], stderr=subprocess.PIPE, env=full_env, **kwargs)


def test_an_ascii_output_writes_what_it_can(desk):
    proc = _newsgrep("search", "Pöhl", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr
    assert b"Herr P?hl sprach" in proc.stdout and b"Traceback" not in proc.stderr


def test_a_full_disk_is_one_error_line_and_status_2(desk):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        proc = _newsgrep("search", "-n", "0", "cocoa OR Ford OR fordern", stdout=full)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == "newsgrep: error: write error: No space left on device"


def test_the_terminal_shows_the_url_and_shortens_long_paragraphs(
    desk, write, index_dir, monkeypatch
):
    long = (
        " ".join(["Filler words about markets."] * 40)
        + " Cocoa rebounded. "
        + " ".join(["More filler after it."] * 40)
    )
    write("markets/long.md", f"---\nlang: en\n---\nLong read\n\n{long}\n")
    update_index([write.root], index_dir)
    import io

    from newsgrep.printers import Output, RichPrinter

    monkeypatch.setenv("COLUMNS", "200")
    stream = io.StringIO()
    out = Output(stream, is_terminal=True, color=False)
    arch = open_archive(index_dir)
    RichPrinter(out).print(arch.search("rebounded"))
    text = stream.getvalue()
    assert "…" in text and "Cocoa rebounded" in text and len(text) < len(long)
    stream = io.StringIO()
    RichPrinter(Output(stream, is_terminal=True, color=False), full=True).print(
        arch.search("rebounded")
    )
    assert "…" not in stream.getvalue()
    stream = io.StringIO()
    RichPrinter(Output(stream, is_terminal=True, color=False)).print(arch.search("Ghana"))
    assert "https://example.org/markets/cocoa.md" in stream.getvalue()


def test_json_carries_the_whole_paragraph(desk, write, index_dir):
    long = "Cocoa " + "x" * 2000
    write("markets/long.md", f"---\nlang: en\n---\nLong\n\n{long}\n")
    update_index([write.root], index_dir)
    code, out, _ = run("search", "--json", "xxxx*", str(desk / "markets" / "long.md"))
    assert json.loads(out.splitlines()[-1])["text"] == long
