"""Reading a query's text with Whoosh's query syntax, into newsgrep's query nodes.

Whoosh's ``MultifieldParser`` reads the text with the analysis of one
language (plain words are looked for in the headline, the body and, written
as a name, among the other spellings of names); the tree it gives is
bounded (:func:`_clamp_fuzzy`), tidied (:func:`_tidy_names`), normalised by
Whoosh, then turned into the nodes of :mod:`newsgrep.query`, which is what
the rest of newsgrep works on.
"""

from __future__ import annotations

from ..errors import QueryError
from ..query import (
    MAX_FUZZY_EDITS,
    NOTHING,
    TEXT_FIELDS,
    And,
    AndMaybe,
    AndNot,
    DateRange,
    Every,
    Fuzzy,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Require,
    Term,
    TermRange,
    Wildcard,
)
from ..ranking import NAME_BOOST, TITLE_BOOST
from . import shims
from .schema import NameKeyTokenizer, NewsTokenizer

with shims.loading():
    from whoosh import query as wq
    from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser


def query_schema(lang: str | None, stem: bool = True) -> Schema:
    """The fields a query may name, analysed as in ``lang``."""
    return Schema(
        title=TEXT(analyzer=NewsTokenizer(lang, stem)),
        text=TEXT(analyzer=NewsTokenizer(lang, stem)),
        names=TEXT(analyzer=NameKeyTokenizer(), phrase=False),
        source=TEXT(analyzer=NewsTokenizer(None, stem=False)),
        lang=KEYWORD(lowercase=True),
        path=ID(),
        date=DATETIME(),
    )


def parse(text: str, lang: str | None, stem: bool = True) -> Node:
    """The query nodes of ``text``, analysed as in ``lang`` (``stem=False``: --exact)."""
    fields = [*TEXT_FIELDS, "names"] if stem else list(TEXT_FIELDS)
    parser = MultifieldParser(
        fields, query_schema(lang, stem), fieldboosts={"title": TITLE_BOOST, "names": NAME_BOOST}
    )
    parser.add_plugin(FuzzyTermPlugin())
    try:
        q = parser.parse(text, normalize=False)
    except RecursionError as e:
        raise QueryError("the query is nested too deeply", hint="Simplify the grouping.") from e
    except Exception as e:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {e}") from e
    q = _clamp_fuzzy(q)
    tidied = _tidy_names(q)
    if not isinstance(tidied, wq.NullQuery.__class__):
        tidied = tidied.normalize()
    return to_node(tidied)


def _clamp_fuzzy(q):
    """Bound the words a query can expand to.

    Fuzzy words allow at most MAX_FUZZY_EDITS edits (``Witkof~9`` counts as
    ``~2``) and keep their first letter, so only words starting with it are
    compared. A lone ``*`` is refused: it would match every article.
    """
    for leaf in [q] if q.is_leaf() else q.leaves():
        if isinstance(leaf, wq.FuzzyTerm):
            leaf.maxdist = min(leaf.maxdist, MAX_FUZZY_EDITS)
            leaf.prefixlength = max(leaf.prefixlength, 1)
        elif getattr(leaf, "fieldname", None) in TEXT_FIELDS and (
            isinstance(leaf, wq.Every)
            or (isinstance(leaf, wq.Wildcard) and not str(leaf.text).strip("*"))
        ):
            raise QueryError(
                "a lone * matches every article",
                hint="To list articles by date, source or language, search for the filter "
                "alone, e.g. `newsgrep search date:2025-12`.",
            )
    return q


def _tidy_names(q):
    """Keep only single-key lookups in the ``names`` field, the only kind it answers.

    A word with several possible keys becomes an OR of them; phrases,
    prefixes and fuzzy words are left to the headline and body fields.
    """

    def tidy(node):
        if getattr(node, "fieldname", None) == "names":
            if isinstance(node, wq.Term):
                return node
            if isinstance(node, wq.Phrase):
                return None
            return None
        if (
            isinstance(node, wq.And)
            and node.subqueries
            and all(isinstance(c, wq.Term) and c.fieldname == "names" for c in node.subqueries)
        ):
            return wq.Or(node.subqueries, boost=node.boost)
        if isinstance(node, wq.CompoundQuery):
            kids = [k for k in (tidy(c) for c in node.subqueries) if k is not None]
            if not kids:
                return None
            return type(node)(kids, boost=node.boost) if len(kids) > 1 else kids[0]
        if isinstance(node, wq.Not):
            inner = tidy(node.query)
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, wq.AndNot | wq.AndMaybe | wq.Require):
            a, b = tidy(node.a), tidy(node.b)
            if a is None:
                return None
            return a if b is None else type(node)(a, b)
        return node

    tidied = tidy(q)
    return wq.NullQuery if tidied is None else tidied


def to_node(q: wq.Query) -> Node:
    """newsgrep's node for a (normalised) Whoosh query."""
    if isinstance(q, wq.NullQuery.__class__):
        return NOTHING
    if isinstance(q, wq.Not):
        return Not(to_node(q.query))
    if isinstance(q, wq.AndNot):
        return AndNot(to_node(q.a), to_node(q.b))
    if isinstance(q, wq.AndMaybe):
        return AndMaybe(to_node(q.a), to_node(q.b))
    if isinstance(q, wq.Require):
        return Require(to_node(q.a), to_node(q.b))
    if isinstance(q, wq.And):
        return And(tuple(map(to_node, q.subqueries)), boost=q.boost)
    if isinstance(q, wq.Or | wq.DisjunctionMax):
        return Or(tuple(map(to_node, q.subqueries)), boost=q.boost)
    if isinstance(q, wq.Every):
        return Every(q.fieldname)
    if isinstance(q, wq.Phrase):
        return Phrase(q.fieldname, tuple(q.words), slop=q.slop, boost=q.boost)
    if isinstance(q, wq.FuzzyTerm):
        return Fuzzy(q.fieldname, q.text, q.maxdist, q.prefixlength, boost=q.boost)
    if isinstance(q, wq.Prefix):
        return Prefix(q.fieldname, q.text, boost=q.boost)
    if isinstance(q, wq.Wildcard):
        return Wildcard(q.fieldname, q.text, boost=q.boost)
    if isinstance(q, wq.TermRange):
        return TermRange(q.fieldname, q.start, q.end, q.startexcl, q.endexcl, boost=q.boost)
    if isinstance(q, wq.DateRange):
        return DateRange(q.fieldname, q.startdate, q.enddate)
    if isinstance(q, wq.Term):
        return Term(q.fieldname, q.text, boost=q.boost)
    raise QueryError(f"newsgrep does not search {type(q).__name__} queries")
