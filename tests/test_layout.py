"""The shape of the package and its library API: the engine fence, old indexes, Archive."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newsgrep
from newsgrep.engine import store
from newsgrep.errors import IndexDamagedError
from newsgrep.query import Filters, parse_date

from .conftest import CORPUS, REPO
from .test_cli import run

PACKAGE = REPO / "newsgrep"
OLD_INDEX = REPO / "tests" / "data" / "index-format-9"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_only_the_engine_imports_whoosh():
    outside = {
        str(path.relative_to(REPO))
        for path in PACKAGE.rglob("*.py")
        if "engine" not in path.parts
        and any(name.split(".")[0] == "whoosh" for name in _imports(path))
    }
    inside = [p for p in (PACKAGE / "engine").glob("*.py") if "whoosh" in p.read_text()]
    assert outside == set()
    assert len(inside) >= 5  # (the test would pass on a package without Whoosh at all)


def test_results_and_printers_load_no_engine():
    code = (
        "import sys, newsgrep.results, newsgrep.printers, newsgrep.analytics, newsgrep.query\n"
        "print(sorted(m for m in sys.modules if m.startswith(('whoosh', 'newsgrep.engine'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_module_says_what_it_is_for():
    for path in PACKAGE.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 5, f"{path.relative_to(REPO)} has no docstring"


def layout_block() -> str:
    """The README's layout: each module with the first line of its docstring."""
    lines = []
    for path in sorted(PACKAGE.rglob("*.py"), key=lambda p: (len(p.parts), str(p))):
        name = str(path.relative_to(REPO))
        first = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))).split("\n")[0]
        lines.append(f"- `{name}`: {first}")
    return "\n".join(lines)


_LAYOUT = re.compile(r"(<!-- layout: start -->\n).*?(\n<!-- layout: end -->)", re.DOTALL)


def test_readme_lists_every_module_with_its_docstring():
    """The README's layout is the package's (refresh it with `python -m tests.test_layout`)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = _LAYOUT.search(readme)
    assert found, "README.md has no layout block"
    assert found.group(0) == f"{found.group(1)}{layout_block()}{found.group(2)}"


# ---------------------------------------------------------------- indexes of earlier releases


@pytest.fixture
def old_index(tmp_path) -> Path:
    """A copy of an index built by newsgrep 0.1.0 (format 9, class paths newsgrep.index.*)."""
    copy = tmp_path / "old-index"
    shutil.copytree(OLD_INDEX, copy)
    return copy


def test_an_index_built_by_the_previous_release_opens_and_searches(old_index):
    toc = next(old_index.glob("_newsgrep_*.toc")).read_bytes()
    assert b"newsgrep.index\nNewsTokenizer" in toc  # really the old class paths
    result = newsgrep.search("Witkoff", old_index)
    assert [a.title.split(" :")[0] for a in result.articles] == ["Ukraine"]
    assert newsgrep.search("Geneva", old_index).articles[0].title == "Talks in Geneva"
    code, out, err = run("search", "--index", str(old_index), "-c", "Witkoff OR Geneva")
    assert code == 0, err
    assert sorted(line.rsplit("/", 1)[1] for line in out.splitlines()) == [
        "2025-12-03-le-monde-ukraine-witkoff-moscou.txt:4",
        "geneva.txt:2",
    ]


def test_an_old_index_is_searched_not_updated_and_rebuilt_on_request(old_index, write):
    write("new.txt", "Talks in Vienna\n\nEnvoys met in Vienna.\n")
    before = sorted(p.name for p in old_index.iterdir())
    code, _out, err = run("index", "--index", str(old_index), str(write.root))
    assert code == 2
    assert "built by an earlier newsgrep (format 9): it can be searched, not updated" in err
    assert "newsgrep index --rebuild PATH..." in err and "(/tmp/fixture-src)" in err
    assert sorted(p.name for p in old_index.iterdir()) == before  # nothing written
    assert newsgrep.search("Geneva", old_index).total_articles == 1
    code, _out, err = run("index", "--rebuild", "--index", str(old_index), str(write.root))
    assert code == 0, err
    toc = sorted(old_index.glob("_newsgrep_*.toc"))[-1].read_bytes()
    assert b"newsgrep.engine.schema" in toc and b"newsgrep.index\n" not in toc
    assert json.loads((old_index / "newsgrep.json").read_text())["format"] == store.INDEX_FORMAT
    assert [a.title for a in newsgrep.search("Vienna OR Geneva", old_index).articles] == [
        "Talks in Vienna"
    ]


def test_a_class_that_cannot_be_unpickled_is_a_clear_error(old_index):
    toc = next(old_index.glob("_newsgrep_*.toc"))
    data = toc.read_bytes()
    toc.write_bytes(data.replace(b"newsgrep.index", b"newsgrep.nodex"))  # same length
    with pytest.raises(IndexDamagedError, match="cannot be read"):
        newsgrep.search("Witkoff", old_index)
    code, out, err = run("search", "--index", str(old_index), "Witkoff")
    assert code == 2 and out == ""
    assert "newsgrep: error: the index at" in err and "cannot be read" in err
    assert "newsgrep index --rebuild" in err and "Traceback" not in err


def test_another_format_is_named_before_anything_is_unpickled(old_index):
    (old_index / "newsgrep.json").write_text(json.dumps({"format": 8}))
    for toc in old_index.glob("_newsgrep_*.toc"):
        toc.write_bytes(b"not a pickle at all")
    code, _out, err = run("search", "--index", str(old_index), "Witkoff")
    assert code == 2
    assert "built by another version of newsgrep (format 8" in err and "--rebuild" in err


# ---------------------------------------------------------------- the library API


@pytest.fixture
def archive_dir(index_dir, write) -> Path:
    write("a.md", "---\ndate: 2025-11-20\nsource: Reuters\n---\nTalks\n\nWitkoff met Ushakov.\n")
    newsgrep.update_index([CORPUS, write.root], index_dir)
    return index_dir


def test_an_archive_opened_once_answers_many_questions(archive_dir):
    with newsgrep.open_archive(archive_dir) as archive:
        first = archive.search("Witkoff")
        second = archive.search("Kushner", limit=None)
        facts = archive.facts()
        session = archive.session
        third = archive.search("Witkoff")
        assert archive.session is session  # the same open index throughout
    assert len(first.articles) == 2 and len(second.articles) == 1
    assert facts.articles == 2
    assert [a.path for a in third.articles] == [a.path for a in first.articles]
    # closed, it opens again when asked
    assert archive.search("Ushakov").total_articles == 2
    archive.close()


def test_search_stays_a_function_after_the_first_call(archive_dir):
    assert newsgrep.search("Witkoff", archive_dir).total_articles == 2
    assert callable(newsgrep.search)
    assert newsgrep.search("Witkoff", archive_dir).total_articles == 2
    assert newsgrep.open_archive(archive_dir).search("Witkoff").total_articles == 2


def test_search_does_not_change_the_callers_filters(archive_dir):
    filters = Filters(sources=("reuters",))
    result = newsgrep.search("Witkoff date:2025-11", archive_dir, filters=filters)
    assert result.total_articles == 1
    assert filters == Filters(sources=("reuters",))
    assert newsgrep.search("Witkoff", archive_dir, filters=filters).total_articles == 1
    since = Filters(since=parse_date("2025-12"))
    assert newsgrep.search("Witkoff date:2025", archive_dir, filters=since).total_articles == 1
    assert since == Filters(since=parse_date("2025-12"))


if __name__ == "__main__":  # python -m tests.test_layout: refresh the README's layout
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(_LAYOUT.sub(lambda m: m.group(1) + layout_block() + m.group(2), text))
