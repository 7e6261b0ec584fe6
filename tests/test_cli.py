"""The command line through click's CliRunner: output formats, exit codes, errors."""

import json

import click
import pytest
from click.testing import CliRunner

from newsgrep.cli import cli, main

from .conftest import CORPUS


def run(*args, input=None, env=None):
    """Run newsgrep in-process the way the console script does; returns (code, out, err)."""
    runner = CliRunner()
    result = runner.invoke(_entry, list(args), input=input, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def _entry(args):
    main(list(args))


@pytest.fixture
def indexed(index_dir):
    code, _out, err = run("index", str(CORPUS))
    assert code == 0, err
    return index_dir


def test_index_prints_a_summary_on_stderr_only(index_dir):
    code, out, err = run("index", str(CORPUS))
    assert code == 0
    assert out == ""
    assert "read 1 file: 1 article (text 1), 3 paragraphs; 0 unchanged, 0 removed" in err
    assert "index holds 1 article, 3 paragraphs" in err


def test_search_pipe_lines(indexed):
    code, out, _ = run("search", "Witkoff")
    lines = out.splitlines()
    assert code == 0
    assert [line.split(":")[1] for line in lines] == ["0", "1", "2", "3"]
    assert all(line.split(":")[0].endswith("le-monde-ukraine-witkoff-moscou.txt") for line in lines)
    assert "\x1b" not in out
    assert lines[2].split(":", 2)[2].startswith("Aucun compromis après cinq heures")


def test_search_words_may_be_given_unquoted(indexed):
    assert run("search", "Witkoff", "NOT", "Kushner")[0] == 1
    assert run("search", "Witkoff", "Kushner")[0] == 0


def test_exit_status_one_when_nothing_matches(indexed):
    code, out, _ = run("search", "Macron")
    assert (code, out) == (1, "")


def test_json_lines(indexed):
    code, out, _ = run("search", "--json", "compromis")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 1
    rec = records[0]
    assert rec["paragraph"] == 2 and rec["source"] == "Le Monde" and rec["lang"] == "fr"
    assert rec["date"] == "2025-12-03"
    assert [rec["text"][s:e] for s, e in rec["spans"]] == ["compromis", "compromis"]
    assert set(rec) >= {"id", "path", "title", "score", "text", "spans"}


def test_files_and_count(indexed):
    code, out, _ = run("search", "-l", "Witkoff")
    assert code == 0 and out.strip().endswith("le-monde-ukraine-witkoff-moscou.txt")
    assert len(out.splitlines()) == 1
    code, out, _ = run("search", "-c", "Ouchakov")
    assert out.strip().endswith(".txt:3")


def test_color_always_marks_matches_in_a_pipe(indexed):
    _code, out, _ = run("search", "--color", "always", "compromis")
    assert "\x1b[1;31mcompromis\x1b[0m" in out


def test_no_color_env_wins_over_auto(indexed):
    _code, out, _ = run("search", "compromis", env={"NO_COLOR": "1"})
    assert "\x1b" not in out


def test_search_without_index_is_a_clear_error(index_dir):
    code, out, err = run("search", "Witkoff")
    assert code == 2 and out == ""
    assert "newsgrep: error: no index at" in err
    assert "newsgrep index PATH" in err
    assert "Traceback" not in err


def test_missing_path_is_a_clear_error(tmp_path):
    code, _out, err = run("index", str(tmp_path / "nope"))
    assert code == 2
    assert "no such file or folder" in err and "Traceback" not in err


@pytest.mark.parametrize("query", ['"Steve Witkoff', "(Witkoff OR Kushner", "Witkoff)"])
def test_malformed_queries_exit_2(indexed, query):
    code, out, err = run("search", query)
    assert code == 2 and out == ""
    assert "unbalanced" in err and "hint:" in err


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("newsgrep, version ")
    code, out, _ = run("search", "--help")
    assert code == 0 and "Examples:" in out and "Witkoff NOT Kushner" in out


def test_hostile_text_and_file_names_are_inert(write, index_dir):
    write(
        "evil\x1b[31m.txt",
        "[bold red]Alert[/bold red] \x1b]0;pwned\x07title\n\n"
        "Zebra \x1b[2J\x1b[31mcleared[/] \x9b31m [link=http://x]y[/link]\n",
    )
    assert run("index", str(write.root))[0] == 0
    for fmt in ([], ["--json"], ["--color", "always"]):
        code, out, _ = run("search", "zebra", *fmt)
        assert code == 0
        plain = out.replace("\x1b[1;31m", "").replace("\x1b[0m", "")
        plain = plain.replace("\x1b[35m", "").replace("\x1b[32m", "")
        assert "\x1b" not in plain and "\x9b" not in plain and "\x07" not in plain
    _code, out, _ = run("search", "zebra")
    assert "[bold red]" not in out  # headline not in body hits
    assert "[link=http://x]y[/link]" in out  # markup shown as typed


def test_cli_group_lists_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert "index" in result.output and "search" in result.output


def test_date_range_with_few_hits_is_not_rewritten_by_the_suggestion(indexed):
    # "did you mean" runs when there are few hits; it must leave "to" alone
    code, out, err = run("search", "-c", "Witkoff date:[2025-12-01 to 2025-12-31]")
    assert code == 0 and out.strip().endswith(":4") and err == ""


@pytest.mark.parametrize(
    "query", ["Witkoff OR", "AND Witkoff", "Witkoff NOT", "title:", "Witkoff date:"]
)
def test_dangling_operators_and_empty_fields_exit_2(indexed, query):
    code, out, err = run("search", query)
    assert code == 2 and out == "" and "hint:" in err


def test_unknown_language_code_is_an_error(indexed):
    code, _out, err = run("search", "Witkoff", "--lang", "french")
    assert code == 2 and "not a language code" in err


def test_csv_says_which_rows_are_context(indexed):
    code, out, _ = run("search", "--csv", "-C", "1", "Dmitriev")
    rows = out.splitlines()
    assert rows[0].startswith("type,id,address,path,")
    assert [r.split(",", 1)[0] for r in rows[1:]] == ["hit", "context"]


def test_show_finds_articles_piped_from_stdin(index_dir):
    line = '{"title": "Talks", "text": "Envoys met in Geneva.", "url": "https://example.org/1"}'
    assert run("index", "-", input=line + "\n")[0] == 0
    code, out, _ = run("show", "stdin:https://example.org/1")
    assert code == 0 and out == "Talks\n\nEnvoys met in Geneva.\n"


def test_count_leaves_context_paragraphs_out(indexed):
    assert run("search", "-c", "Dmitriev")[1].strip().endswith(":1")
    assert run("search", "-c", "-C", "1", "Dmitriev")[1].strip().endswith(":1")


def test_search_and_show_write_the_same_record_for_a_paragraph(indexed):
    _code, out, _ = run("search", "--json", "Kushner")
    found = [json.loads(line) for line in out.splitlines()]
    path = found[0]["path"]
    _code, out, _ = run("show", path, "Kushner", "--json")
    shown = {r["paragraph"]: r for r in map(json.loads, out.splitlines())}
    assert [r["type"] for r in shown.values()] == ["context", "hit", "context", "hit"]
    for record in found:
        twin = shown[record["paragraph"]]
        assert list(twin) == list(record)  # the same fields, in the same order
        for key in record:
            if key not in ("score", "article_score"):  # show ranks nothing
                assert twin[key] == record[key], key
        assert twin["score"] is None and twin["article_score"] is None


def test_show_reads_the_query_once(indexed, monkeypatch):
    from newsgrep import grammar

    grammar.read.cache_clear()
    grammar.parse_for.cache_clear()
    calls = []
    real = grammar._Analysis.atom

    def counting(self, *args, **kwargs):
        calls.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(grammar._Analysis, "atom", counting)
    path = str(CORPUS / "2025-12-03-le-monde-ukraine-witkoff-moscou.txt")
    code, out, _ = run("show", path, "Kushner", "--json")
    assert code == 0 and len(out.splitlines()) == 4
    assert len(calls) == 1  # one language, one parse: not one per paragraph


def test_an_error_that_is_not_about_the_output_is_not_a_write_error(indexed, monkeypatch):
    from newsgrep.archive import Archive

    def unreadable(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", "/archive/secret.txt")

    monkeypatch.setattr(Archive, "facts", unreadable)
    code, out, err = run("stats")
    assert code == 2 and out == ""
    assert err == "newsgrep: error: Permission denied: /archive/secret.txt\n"
