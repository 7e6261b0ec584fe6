"""newsgrep: full-text search for news archives.

The library API::

    from pathlib import Path
    import newsgrep

    newsgrep.update_index([Path("corpus")])
    for article in newsgrep.search("Witkoff NOT Kushner").articles:
        print(article.title, [hit.paragraph for hit in article.hits])
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsgrep")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def __getattr__(name: str):
    # Imported on first use, so `newsgrep --help` does not load the search engine.
    if name == "search":
        from .search import search

        return search
    if name == "update_index":
        from .index import update_index

        return update_index
    raise AttributeError(name)


__all__ = ["__version__", "search", "update_index"]
