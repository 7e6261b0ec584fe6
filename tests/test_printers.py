"""Printers on their own: the terminal layout and its handling of untrusted text."""

import datetime as dt
import io

from newsgrep.printers import select_output, select_printer
from newsgrep.results import ArticleHit, Hit, SearchResult


def result(text="Witkoff met [bold red]Poutine[/bold red] \x1b[31m", title="Talks"):
    start = text.index("Witkoff")
    hit = Hit(paragraph=2, text=text, score=1.0, spans=[(start, start + 7)])
    article = ArticleHit(
        id="abc",
        path="/tmp/a.txt",
        title=title,
        score=1.0,
        hits=[hit],
        date=dt.date(2025, 12, 3),
        source="Le Monde",
        lang="fr",
    )
    return SearchResult("Witkoff", [article], 1, 1)


def render(color="always", terminal=True, fmt="lines"):
    out = io.StringIO()
    select_printer(fmt, select_output(color, out, terminal)).print(result())
    return out.getvalue()


def test_terminal_layout_groups_by_article_and_highlights():
    out = render()
    assert "Talks" in out and "Le Monde · 2025-12-03 · fr" in out
    assert "¶2" in out
    # the match is wrapped in a style sequence and reset right after it
    i = out.index("Witkoff")
    assert out[:i].endswith("m") and "\x1b[" in out[i - 20 : i]
    assert out[i + 7 : i + 11].startswith("\x1b[")
    assert "1 article, 1 paragraph match 'Witkoff'" in out


def test_terminal_shows_markup_and_escapes_as_inert_text():
    out = render()
    assert "[bold red]Poutine[/bold red]" in out
    assert "\x1b[31m" not in out  # the escape written in the text is not passed on
    assert "?[31m" in out


def test_no_color_terminal_layout_has_no_escape_codes():
    out = render(color="never")
    assert "\x1b" not in out and "Witkoff met" in out


def _plain(text="Witkoff met Poutine in the Kremlin."):
    result = globals()["result"](text=text)
    result.articles[0].hits.append(Hit(paragraph=3, text="Later that night.", score=0.0,
                                       context=True))  # fmt: skip
    return result


def _print(fmt: str, terminal: bool, color: str = "never") -> str:
    out = io.StringIO()
    select_printer(fmt, select_output(color, out, terminal)).print(_plain())
    return out.getvalue()


def test_lines_exactly(monkeypatch):
    assert _print("lines", terminal=False) == (
        "/tmp/a.txt:2:Witkoff met Poutine in the Kremlin.\n/tmp/a.txt-3-Later that night.\n"
    )
    colored = _print("lines", terminal=False, color="always")
    assert colored == (
        "\x1b[35m/tmp/a.txt\x1b[0m:\x1b[32m2\x1b[0m:\x1b[1;31mWitkoff\x1b[0m met Poutine in the"
        " Kremlin.\n\x1b[35m/tmp/a.txt\x1b[0m-\x1b[32m3\x1b[0m-Later that night.\n"
    )


def test_terminal_layout_exactly(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    assert _print("lines", terminal=True) == (
        "Talks\n"
        "Le Monde · 2025-12-03 · fr · /tmp/a.txt\n"
        "¶2 Witkoff met Poutine in the Kremlin.\n"
        "¶3 Later that night.                  \n"  # (Rich pads a grid's rows)
        "\n"
        "1 article, 1 paragraph match 'Witkoff'\n"
    )


def test_counts_and_files_exactly():
    for terminal in (True, False):
        assert _print("count", terminal) == "/tmp/a.txt:1\n"  # the context paragraph is not counted
        assert _print("files", terminal) == "/tmp/a.txt\n"


def test_json_and_csv_are_the_same_on_a_terminal_and_in_a_pipe():
    for fmt in ("json", "csv"):
        assert _print(fmt, terminal=True) == _print(fmt, terminal=False)
    first = _print("json", terminal=False).splitlines()[0]
    assert first == (
        '{"type": "hit", "id": "abc", "address": "/tmp/a.txt", "path": "/tmp/a.txt", '
        '"title": "Talks", "date": "2025-12-03", "source": "Le Monde", "lang": "fr", '
        '"author": null, "url": null, "meta": {}, "paragraph": 2, "score": 1.0, '
        '"article_score": 1.0, '
        '"text": "Witkoff met Poutine in the Kremlin.", "spans": [[0, 7]], "copies": [], '
        '"stale": null, "story": null, "copies_count": 0}'
    )
    assert _print("csv", terminal=False).splitlines()[2] == (
        "context,abc,/tmp/a.txt,/tmp/a.txt,Talks,2025-12-03,Le Monde,fr,,,3,,1.0,"
        "Later that night.,,,,0"
    )
