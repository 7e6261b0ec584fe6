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
