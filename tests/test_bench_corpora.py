"""The benchmark corpora: every layout holds the same stories, and newsgrep and the
baselines it is timed against index the same articles and paragraphs from them."""

import sqlite3
import sys

import pytest

from newsgrep.index import update_index

from .conftest import REPO, shared

sys.path.insert(0, str(REPO / "benchmarks"))
import baseline_fts5  # noqa: E402
import baseline_whoosh  # noqa: E402

import corpus as corpora  # noqa: E402


@pytest.mark.parametrize("layout, size", [("plain", 1_000_000), ("mixed", 3_000_000)])
def test_every_layout_is_read_whole_by_newsgrep_and_the_baselines(layout, size, tmp_path):
    data = shared()
    info = corpora.build_corpus(size, tmp_path / "corpus", data_dir=data, layout=layout)
    root = tmp_path / "corpus"
    written = {p.suffix for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}
    if layout == "mixed":
        assert written == {".sgm", ".txt", ".html", ".jsonl"}
    else:
        assert written == {".txt"}
        assert not any("lang:" in p.read_text() for p in root.rglob("*.txt"))

    summary = update_index([root], tmp_path / "index")
    assert summary.articles == info.articles and not summary.skipped

    baseline = list(baseline_whoosh.corpus_articles(root))
    assert len(baseline) == info.articles
    db = tmp_path / "fts5.db"
    baseline_fts5.index(root, db)
    rows = sqlite3.connect(db).execute("SELECT count(*), count(DISTINCT path) FROM p").fetchone()
    assert rows == (summary.paragraphs + summary.articles, info.articles)
