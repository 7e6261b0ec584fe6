"""newsgrep: full-text search for news archives.

The library API::

    from pathlib import Path
    import newsgrep

    newsgrep.update_index([Path("corpus")])
    with newsgrep.open_archive() as archive:
        for article in archive.search("Witkoff NOT Kushner").articles:
            print(article.title, [hit.paragraph for hit in article.hits])

:func:`open_archive` gives an :class:`Archive` that answers many searches
from one open index; :func:`search` is a one-off search (it opens and
closes the index). Results are the plain dataclasses of
:mod:`newsgrep.results`; errors are :class:`newsgrep.errors.NewsgrepError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from .archive import Archive
    from .results import IndexSummary, SearchResult


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsgrep")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def open_archive(path: Path | str | None = None) -> Archive:
    """The index at ``path`` (default: ``NEWSGREP_INDEX`` or the per-user one), for searching."""
    from .archive import open_archive as open_

    return open_(path)


def search(text: str, index_dir: Path | str | None = None, **options) -> SearchResult:
    """Search the index once: :meth:`Archive.search` on an archive opened for this call."""
    with open_archive(index_dir) as archive:
        return archive.search(text, **options)


def update_index(*args, **kwargs) -> IndexSummary:
    """Bring the index up to date with folders of articles (:func:`newsgrep.index.update_index`)."""
    from .index import update_index as update

    return update(*args, **kwargs)


def __getattr__(name: str):
    # Looked up on first use: reading package metadata and loading the search
    # engine cost start-up time that most commands do not need.
    if name == "__version__":
        return _version()
    if name == "Archive":
        from .archive import Archive

        return Archive
    raise AttributeError(name)


__all__ = ["Archive", "__version__", "open_archive", "search", "update_index"]
