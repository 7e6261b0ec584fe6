"""Queries: newsgrep's own query nodes, syntax checks, date clauses, filters, parsing.

A query is parsed once per language present in the index, with that
language's analysis, into a tree of the immutable nodes defined here
(:class:`Term`, :class:`Phrase`, :class:`And`, :class:`Not`, ...). The
rest of newsgrep works on these nodes alone; the search engine turns them
into its own queries where it needs to (:mod:`newsgrep.engine.reading`).
The text itself is read by :mod:`newsgrep.grammar`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from . import analysis
from .errors import QueryError

#: Limits that keep any query within bounded time and memory.
MAX_QUERY_WORDS = 256
MAX_NESTING = 32
MAX_EXPANSIONS = 1000  # words a prefix, wildcard or fuzzy term may stand for
MAX_FUZZY_EDITS = 2
#: Postings a query's phrases may make newsgrep read (words x paragraphs of the rarest
#: word of each phrase): about 2 s of matching on this project's test machine.
MAX_PHRASE_WORK = 200_000

#: Fields of the headline and body; ``names`` holds the transliteration keys of names.
TEXT_FIELDS = ("title", "text")
MATCH_FIELDS = ("title", "text", "names")
#: Fields of speech quotations, on the paragraph that holds them: they choose
#: paragraphs and are highlighted, but rank nothing.
QUOTE_FIELDS = ("quote", "speaker")

OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO", "NEAR", "ONEAR",
                       "SENTENCE", "PARAGRAPH"})  # fmt: skip


# ---------------------------------------------------------------- nodes


@dataclass(frozen=True)
class Term:
    """One index term of a field (a word as analysed, a name key, a language code)."""

    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Terms at consecutive positions (within ``slop``) of one paragraph."""

    field: str | None
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    """Words within ``maxdist`` edits of ``text`` that share its first ``prefixlength`` letters."""

    field: str | None
    text: str
    maxdist: int = 1
    prefixlength: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class TermRange:
    field: str | None
    start: str | None
    end: str | None
    startexcl: bool = False
    endexcl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    """Articles dated from ``start`` to ``end`` (either may be open)."""

    field: str
    start: dt.datetime | None
    end: dt.datetime | None


@dataclass(frozen=True)
class Every:
    """Every document (with a field: every document with something in it)."""

    field: str | None = None


@dataclass(frozen=True)
class Nothing:
    """Matches nothing: what is left of a query made of stopwords alone, say."""


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class AndNot:
    a: Node
    b: Node


@dataclass(frozen=True)
class AndMaybe:
    a: Node
    b: Node


@dataclass(frozen=True)
class Require:
    a: Node
    b: Node


@dataclass(frozen=True)
class Near:
    """``a`` and ``b`` (words, phrases, OR of them, or another Near) in one paragraph with at
    most ``distance`` words between them; with ``ordered``, ``a`` first."""

    a: Node
    b: Node
    distance: int
    ordered: bool = False


@dataclass(frozen=True)
class Scope:
    """``child`` matched inside one unit of text: a ``sentence`` or a ``paragraph``."""

    unit: str
    child: Node


#: Any query node.
Node = (
    Term | Phrase | Prefix | Wildcard | Fuzzy | TermRange | DateRange | Every | Nothing
    | And | Or | Not | AndNot | AndMaybe | Require | Near | Scope
)  # fmt: skip
#: A leaf that is looked up in the index: a word, a phrase, a pattern or a range.
Leaf = Term | Phrase | Prefix | Wildcard | Fuzzy | TermRange | DateRange | Every

NOTHING = Nothing()
#: Leaves that stand for the words they expand to in the index.
MULTI_TERMS = (Prefix, Wildcard, Fuzzy, TermRange)
COMPOUNDS = (And, Or)
BINARY = (AndNot, AndMaybe, Require, Near)
#: Nodes that look at where words are, not only whether they are there.
PROXIMITY = (Near, Scope)


def leaves(node: Node) -> list[Leaf]:
    """Every leaf of a query, in order."""
    if isinstance(node, COMPOUNDS):
        return [leaf for c in node.children for leaf in leaves(c)]
    if isinstance(node, Not | Scope):
        return leaves(node.child)
    if isinstance(node, BINARY):
        return leaves(node.a) + leaves(node.b)
    return [node]


def is_text_leaf(node: Node) -> bool:
    return getattr(node, "field", None) in MATCH_FIELDS


def positive_leaves(node: Node, fields: tuple[str, ...] = MATCH_FIELDS) -> list[Leaf]:
    """Word and phrase leaves of a query, on ``fields``, that are not under a NOT."""
    if isinstance(node, Not):
        return []
    if isinstance(node, AndNot):
        return positive_leaves(node.a, fields)
    if isinstance(node, AndMaybe | Require | Near):
        return positive_leaves(node.a, fields) + positive_leaves(node.b, fields)
    if isinstance(node, Scope):
        return positive_leaves(node.child, fields)
    if isinstance(node, COMPOUNDS):
        return [leaf for c in node.children for leaf in positive_leaves(c, fields)]
    return [node] if getattr(node, "field", None) in fields else []


def positive_units(node: Node) -> list[Leaf | Near | Scope]:
    """What a query shows and marks: its positive leaves, with each NEAR and SENTENCE(...)
    or PARAGRAPH(...) standing whole for the words inside it."""
    if isinstance(node, PROXIMITY):
        return [node] if positive_leaves(node) else []
    if isinstance(node, Not):
        return []
    if isinstance(node, AndNot):
        return positive_units(node.a)
    if isinstance(node, AndMaybe | Require):
        return positive_units(node.a) + positive_units(node.b)
    if isinstance(node, COMPOUNDS):
        return [unit for c in node.children for unit in positive_units(c)]
    return [node] if is_text_leaf(node) else []


def has_proximity(node: Node) -> bool:
    """Whether a query holds a NEAR, SENTENCE(...) or PARAGRAPH(...)."""
    if isinstance(node, PROXIMITY):
        return True
    if isinstance(node, COMPOUNDS):
        return any(has_proximity(c) for c in node.children)
    if isinstance(node, Not):
        return has_proximity(node.child)
    if isinstance(node, BINARY):
        return has_proximity(node.a) or has_proximity(node.b)
    return False


def concept_key(leaf: Leaf) -> Leaf:
    """A leaf regardless of field and boost: the same word or phrase in any field."""
    if isinstance(leaf, PROXIMITY):
        return leaf
    return replace(leaf, field=None, boost=1.0)


def pattern(leaf: Leaf) -> str:
    """A prefix, wildcard or fuzzy word as the user would write it."""
    text = leaf.text.decode() if isinstance(leaf.text, bytes) else leaf.text
    if isinstance(leaf, Prefix):
        return f"{text}*"
    if isinstance(leaf, Fuzzy):
        return f"{text}~{leaf.maxdist}"
    return text


# ---------------------------------------------------------------- languages


def lang_arg(lang: str | None) -> str | None:
    """The analysis language of an index language code ("und": none)."""
    return None if lang in (None, "und") else lang


# ---------------------------------------------------------------- dates and filters

DATE_CLAUSE = re.compile(r"(?<![\w:])date:(\[[^\]]*\]|\S+)", re.IGNORECASE)
_DATE_RANGE = re.compile(r"\[\s*([\d-]*)\s*\bto\b\s*([\d-]*)\s*\]", re.IGNORECASE)
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date(value: str, end: bool = False) -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (or, with ``end``, last) day."""
    m = _DATE_VALUE.match(value.strip())
    if not m:
        raise QueryError(
            f"not a date: {value!r}", hint="Write dates as YYYY, YYYY-MM or YYYY-MM-DD."
        )
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            first = dt.date(year, int(month), 1)
            if not end:
                return first
            following = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError as e:
        raise QueryError(
            f"not a date: {value!r} ({e})", hint="Write dates as YYYY, YYYY-MM or YYYY-MM-DD."
        ) from e


@dataclass(frozen=True)
class Filters:
    """Restrictions on which articles may match, whatever the words."""

    since: dt.date | None = None
    until: dt.date | None = None
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    #: Canonical paths (links resolved) of files and folders: only articles under them.
    paths: tuple[str, ...] = ()

    def narrowed(self, since: dt.date | None, until: dt.date | None) -> Filters:
        """New filters: these with a date range intersected in."""
        if since and self.since is not None and since <= self.since:
            since = None
        if until and self.until is not None and until >= self.until:
            until = None
        return replace(self, since=since or self.since, until=until or self.until)

    def query(self) -> Node | None:
        """A query for these filters, or None when there are none."""
        parts = []
        if self.since or self.until:
            start = dt.datetime.combine(self.since, dt.time.min) if self.since else None
            end = dt.datetime.combine(self.until, dt.time.max) if self.until else None
            parts.append(DateRange("date", start, end))
        if self.sources:
            parts.append(Or(tuple(_source_query(src) for src in self.sources)))
        if self.langs:
            for lang in self.langs:
                if not re.fullmatch(r"[A-Za-z]{2,3}", lang):
                    raise QueryError(
                        f"not a language code: {lang!r}",
                        hint="Give a two-letter ISO 639-1 code: fr, en, de, es, ru...",
                    )
            parts.append(Or(tuple(Term("lang", lang.lower()) for lang in self.langs)))
        if self.paths:
            under = []
            for path in self.paths:
                under += [Term("path", path), Prefix("path", path.rstrip("/") + "/")]
            parts.append(Or(tuple(under)))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))


def _source_query(name: str):
    words = analysis.terms(name, None, stem=False)
    if not words:
        raise QueryError(f"not a source name: {name!r}")
    return Term("source", words[0]) if len(words) == 1 else Phrase("source", tuple(words))


def split_date_clauses(text: str) -> tuple[str, dt.date | None, dt.date | None]:
    """Take ``date:...`` clauses out of a query; they filter the whole query.

    ``date:2025-12`` is the month, ``date:[2025-12-01 to 2025-12-31]`` a range
    (either end may be left out).
    """
    since = until = None
    for m in DATE_CLAUSE.finditer(text):
        value = m.group(1)
        if value.startswith("["):
            bounds = _DATE_RANGE.fullmatch(value)
            if not bounds:
                raise QueryError(
                    f"not a date range: date:{value}",
                    hint="Write a range as date:[2025-12-01 to 2025-12-31].",
                )
            low, high = bounds.groups()
            lo = parse_date(low) if low else None
            hi = parse_date(high, end=True) if high else None
        else:
            lo, hi = parse_date(value), parse_date(value, end=True)
        if lo and (since is None or lo > since):
            since = lo
        if hi and (until is None or hi < until):
            until = hi
    return DATE_CLAUSE.sub(" ", text), since, until


def normalize_text(text: str) -> str:
    """A query as typed, in the Unicode form articles are stored in (NFC)."""
    return unicodedata.normalize("NFC", text)
