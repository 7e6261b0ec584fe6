"""Shared fixtures: tiny corpora written per test, indexes in temporary folders."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SEED = CORPUS / "2025-12-03-le-monde-ukraine-witkoff-moscou.txt"
SHARED_DATA = REPO.parent / "shared" / "data"
#: The console script pip installed beside this Python: the tests that run
#: the real command fail, rather than skip, when it is missing.
NEWSGREP = str(Path(sys.executable).with_name("newsgrep"))


def console_script() -> str:
    assert os.access(NEWSGREP, os.X_OK), f"no newsgrep console script at {NEWSGREP}"
    return NEWSGREP


def shared(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test when it is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(autouse=True)
def _isolated_index(tmp_path, monkeypatch):
    """Every test gets its own index folder; the user's real index is never touched."""
    index_dir = tmp_path / "index"
    monkeypatch.setenv("NEWSGREP_INDEX", str(index_dir))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return index_dir


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return Path(os.environ["NEWSGREP_INDEX"])


@pytest.fixture
def write(tmp_path):
    """write("a/b.txt", text) creates a file under a fresh corpus folder."""
    root = tmp_path / "corpus"
    root.mkdir()

    def _write(name: str, text: str | bytes) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    _write.root = root
    return _write


@pytest.fixture
def seed_index(index_dir):
    from newsgrep.index import update_index

    update_index([CORPUS], index_dir)
    return index_dir
