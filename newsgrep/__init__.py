"""newsgrep: full-text search for news archives.

The library API::

    from pathlib import Path
    import newsgrep

    newsgrep.update_index([Path("corpus")])
    for article in newsgrep.search("Witkoff NOT Kushner").articles:
        print(article.title, [hit.paragraph for hit in article.hits])
"""

from __future__ import annotations


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsgrep")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def __getattr__(name: str):
    # Looked up on first use: reading package metadata and loading the search
    # engine cost start-up time that most commands do not need.
    if name == "__version__":
        return _version()
    if name == "search":
        from .search import search

        return search
    if name == "update_index":
        from .index import update_index

        return update_index
    raise AttributeError(name)


__all__ = ["__version__", "search", "update_index"]
