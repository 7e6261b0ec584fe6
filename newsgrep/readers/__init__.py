"""One module per format; this package holds what every reader shares: the run's options.

Each reader is ``read_x(path, options) -> list[Article]``: it raises
:class:`newsgrep.articles.SkipFile` for a file it cannot read, and gives
each article of a file holding several its ``ordinal``. Which reader reads a
file is decided by :mod:`newsgrep.corpus`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from ..articles import Article

#: Field names a run can map (``--field TARGET=SOURCE``); any other target is
#: kept in ``Article.extra`` (stored with the reader's output, not searched).
FIELD_TARGETS = ("title", "text", "date", "source", "author", "url", "lang", "id")


@dataclass(frozen=True)
class ReadOptions:
    """How to read the files of one run, beyond what their format says.

    ``fields`` maps a target (``text``) to the source fields or column
    numbers to read it from, in order (``("body",)``, ``("1",)``); see
    :mod:`newsgrep.readers.records`. ``lang`` and ``source`` fill articles
    that do not name their own. ``pdf_pages_per_article`` makes one article of
    every N pages of a PDF (0: one article per file; see :mod:`newsgrep.readers.pdf`).
    """

    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    csv_delimiter: str | None = None
    csv_quotechar: str | None = None
    csv_header: bool = True
    lang: str | None = None
    source: str | None = None
    pdf_pages_per_article: int = 0

    @classmethod
    def from_pairs(
        cls, pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (), **kw
    ) -> ReadOptions:
        """Options from ``(target, source)`` pairs; a target given twice reads both sources."""
        fields: dict[str, list[str]] = {}
        for target, source in pairs:
            fields.setdefault(target, []).append(source)
        return cls(fields=tuple((t, tuple(s)) for t, s in fields.items()), **kw)

    def field_sources(self, target: str) -> tuple[str, ...]:
        return dict(self.fields).get(target, ())

    def fingerprint(self) -> str:
        """A short text that changes with the options; empty for the defaults.

        It is added to each file's signature in the index, so running
        ``newsgrep index`` with other options reads the files again.
        """
        if self == ReadOptions():
            return ""
        text = repr(dataclasses.astuple(self))
        return ":" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


DEFAULT_OPTIONS = ReadOptions()


def finish(articles: list[Article], format: str, options: ReadOptions) -> list[Article]:
    """Stamp the format and apply the run's default language and source."""
    for article in articles:
        article.format = article.format or format
        if options.lang and not article.lang:
            article.lang = options.lang
        if options.source and not article.source:
            article.source = options.source
    return articles


__all__ = ["DEFAULT_OPTIONS", "FIELD_TARGETS", "ReadOptions", "finish"]
