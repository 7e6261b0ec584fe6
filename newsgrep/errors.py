"""Errors newsgrep reports to its users.

Library code raises these; the command line turns them into one line on
stderr, the hint on a second line, and exit status 2.
"""

from __future__ import annotations


class NewsgrepError(Exception):
    """A user-facing error: a message and an optional hint saying what to do."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class IndexMissingError(NewsgrepError):
    hint = "Run `newsgrep index PATH` first, or point --index / NEWSGREP_INDEX at an index."


class IndexDamagedError(NewsgrepError):
    hint = "Run `newsgrep index --rebuild PATH` to rebuild it from the articles."


class IndexLockedError(NewsgrepError):
    hint = (
        "Another `newsgrep index` is writing to this index: try again when it has finished,"
        " or wait longer with --wait SECONDS."
    )


class QueryError(NewsgrepError):
    hint = 'Check quotes and parentheses; quote a phrase like "Steve Witkoff".'


class CorpusPathError(NewsgrepError):
    """A path given to `newsgrep index` that does not exist or cannot be read."""


class OutputError(NewsgrepError):
    """The results could not be written (a full disk, a closed terminal)."""
