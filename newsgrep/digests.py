"""Short hashes of texts, to recognise exact copies of paragraphs and articles."""

from __future__ import annotations

import hashlib


def paragraph_digest(text: str) -> str:
    """A short hash of a paragraph's text (or of an article's, lines joined)."""
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]
