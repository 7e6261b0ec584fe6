"""newsgrep's query language: the text a user types, read into query nodes.

The grammar, from the loosest binding to the tightest::

    query    := or ( OR or )*            OR, or, ||: either side
    or       := and ( [AND] and )*       AND, and, &&, or nothing: both sides
    and      := NOT and | -and | !and | +and | near
    near     := item ( NEAR/N item | ONEAR/N item )*     within N words (ONEAR: in order)
    item     := [field:] ( word | "phrase"[~N] | ( query ) | SENTENCE( query )
                | PARAGRAPH( query ) )  [^boost]
    word     := letters, digits, ' - . ... ; with * ? inside (a pattern) or ~ ~1 ~2 after (typos)

- The lower-case ``and``, ``or`` and ``not`` are operators only between two
  terms (``cocoa or prices``); elsewhere, and in quotes, they are words
  (``"war or peace"`` is a phrase).
- ``-word`` and ``!word`` leave out the articles with ``word`` (as ``NOT``),
  ``+word`` makes a word required where ``OR`` would make it optional.
- ``"phrase"`` matches the words in a row inside one paragraph;
  ``"phrase"~N`` within N positions of each other.
- Fields: :data:`FIELDS` (an unknown field is an error that lists them);
  dates are read by :func:`newsgrep.query.split_date_clauses` before.
- ``word*``, ``wo?d``: patterns, with at least two letters that are not
  wildcards (three when the pattern starts with one); ``word~`` (one typo),
  ``word~2`` (two): no other distance.
- ``word^2``: a boost, a positive number.
- ``a NEAR/N b``: ``a`` and ``b`` (words, phrases, patterns, or groups of
  them joined by OR) in one paragraph with at most N words between them,
  in either order; ``ONEAR/N``: ``a`` first. ``SENTENCE(...)``: the query
  inside holds within one sentence; ``PARAGRAPH(...)``: within one
  paragraph (``-p`` for one clause). Operators in any case (``near/5``,
  ``sentence(``), the parenthesis right after the name.

A query is read once into a tree that knows nothing of languages
(:func:`read`), then analysed once per language of the index into the nodes
of :mod:`newsgrep.query` (:func:`parse_for`): a plain word is looked for in
the headline (at TITLE_BOOST), the body and, typed as a name (capitalised
or in Cyrillic), among the other spellings of names (at NAME_BOOST).
Every malformed or over-limit query is a :class:`~newsgrep.errors.QueryError`.

The parser is written here rather than taken from a parsing library: the
grammar is small, its error messages are the user's, and the command starts
faster without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import analysis, variants
from .errors import QueryError
from .query import (
    MAX_FUZZY_EDITS,
    MAX_NESTING,
    MAX_QUERY_WORDS,
    NOTHING,
    TEXT_FIELDS,
    And,
    AndMaybe,
    Fuzzy,
    Near,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Prefix,
    Scope,
    Term,
    Wildcard,
    positive_leaves,
)
from .ranking import NAME_BOOST, TITLE_BOOST

#: The fields a query may name, and what each holds.
FIELDS = {
    "title": "the headline",
    "text": "the body (paragraphs)",
    "source": "the outlet",
    "lang": "the language (ISO 639-1 code)",
    "quote": "the words inside quotations",
    "speaker": "who is quoted, in any spelling or script: speaker:Ushakov",
    "date": "the date: date:2025-12, date:[2025-12-01 to 2025-12-31]",
}
#: The largest N of "phrase"~N, and of a boost.
MAX_SLOP = 100
MAX_BOOST = 100.0
#: Letters (not wildcards) a pattern needs.
MIN_PATTERN_LETTERS = 2

_HINT = 'Quote a phrase like "Steve Witkoff"; `newsgrep search --help` shows the syntax.'


# ---------------------------------------------------------------- the tree of what was typed


@dataclass(frozen=True)
class Atom:
    """A word, a pattern, a fuzzy word or a phrase as typed, with its field and boost."""

    kind: str  # "word", "pattern", "fuzzy", "phrase"
    text: str
    field: str | None = None
    boost: float = 1.0
    distance: int = 0  # fuzzy: edits; phrase: slop (words in between)


@dataclass(frozen=True)
class Group:
    """Items joined by one operator: "and", "or"; "not" has one item."""

    op: str
    items: tuple
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Required:
    item: object


@dataclass(frozen=True)
class Proximity:
    """``a NEAR/N b`` (``ordered``: ONEAR): two items within ``distance`` words."""

    items: tuple
    distance: int
    ordered: bool = False


@dataclass(frozen=True)
class Clause:
    """``SENTENCE(...)`` or ``PARAGRAPH(...)``: an item matched inside one ``unit``."""

    unit: str
    item: object


# ---------------------------------------------------------------- reading

_SPACE = re.compile(r"\s+")
_FIELD = re.compile(r"([A-Za-z_]+):(?=\S)")
_BARE_FIELD = re.compile(r"([A-Za-z_]+):(?=\s|\)|$)")
_WORD_END = re.compile(r"[\s()\"]")
_SUFFIX = re.compile(r"(~[^~^]*|\^[^~^]*)$")
_OPS = {"AND": "and", "OR": "or", "NOT": "not", "&&": "and", "||": "or"}
_SOFT_OPS = {"and", "or", "not"}
_NEAR = re.compile(r"(O?NEAR)(?:/(.*))?", re.IGNORECASE)
_UNITS = {"SENTENCE": "sentence", "PARAGRAPH": "paragraph"}
_NEAR_HINT = (
    'NEAR/N joins two words, phrases or groups of them joined by OR: `"Steve Witkoff" NEAR/10 '
    '"Vladimir Poutine"`, `(Witkoff OR Kushner) NEAR/5 Poutine`.'
)


@dataclass
class _Token:
    kind: str  # "(", ")", "atom", "op", "soft" (a lower-case and/or/not), "near"
    value: object = None  # "(": the unit of SENTENCE( or PARAGRAPH(; "near": (ordered, N)
    sign: str = ""  # "-" (not) or "+" (required)
    field: str | None = None
    boost: float = 1.0


def _boost(text: str, query: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= MAX_BOOST or text.strip() != text:
        raise QueryError(
            f"not a boost: ^{text} in {query!r}",
            hint=f"A boost is a number above 0, at most {MAX_BOOST:g}: `Witkoff^2`.",
        )
    return value


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(text)
    depth = 0
    while i < n:
        m = _SPACE.match(text, i)
        if m:
            i = m.end()
            continue
        sign = ""
        if text[i] in "-!+" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in '"('):
            sign = "+" if text[i] == "+" else "-"
            i += 1
        field = None
        bare = _BARE_FIELD.match(text, i)
        if bare:
            raise QueryError(
                f"{bare.group(1)}: has nothing after it in {text!r}",
                hint="Write the field and its value together: `title:Ukraine`.",
            )
        m = _FIELD.match(text, i)
        if m:
            field = m.group(1).lower()
            if field not in FIELDS:
                known = ", ".join(f"{name}: ({what})" for name, what in FIELDS.items())
                raise QueryError(
                    f"there is no field {m.group(1)}: in {text!r}", hint=f"Fields: {known}."
                )
            i = m.end()
        char = text[i]
        if char == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(
                    f"the query nests parentheses more than {MAX_NESTING} deep",
                    hint="Simplify the grouping.",
                )
            out.append(_Token("(", sign=sign, field=field))
            i += 1
        elif char == ")":
            if sign or field:
                raise QueryError(f"nothing after {field + ':' if field else sign} in {text!r}")
            depth -= 1
            if depth < 0:
                raise QueryError(f"unbalanced parenthesis in query: {text!r}", hint=_HINT)
            i += 1
            m = re.compile(r"\^(\S*)").match(text, i)
            boost = 1.0
            if m:
                boost = _boost(m.group(1), text)
                i = m.end()
            out.append(_Token(")", boost=boost))
        elif char == '"':
            end = text.find('"', i + 1)
            if end == -1:
                raise QueryError(f"unbalanced quote in query: {text!r}", hint=_HINT)
            phrase = text[i + 1 : end]
            if not phrase.strip():
                raise QueryError(f'an empty phrase "" in {text!r}', hint=_HINT)
            i = end + 1
            slop, boost = 1, 1.0
            while i < n and text[i] in "~^":
                m = re.compile(r"[~^]([^\s()\"~^]*)").match(text, i)
                value = m.group(1)
                if text[i] == "~":
                    if not value.isdigit() or not 0 <= int(value) <= MAX_SLOP:
                        raise QueryError(
                            f'not a distance: "{phrase}"~{value} in {text!r}',
                            hint=f'Words within N of each other: "Steve Witkoff"~3 (N up '
                            f"to {MAX_SLOP}).",
                        )
                    slop = max(1, int(value))
                else:
                    boost = _boost(value, text)
                i = m.end()
            out.append(_Token("atom", Atom("phrase", phrase, field, boost, slop), sign, field))
        elif char in "[{":
            raise QueryError(
                f"a range works on dates only: {text[i : i + 30]!r}",
                hint="Write a date range as date:[2025-12-01 to 2025-12-31].",
            )
        else:
            m = _WORD_END.search(text, i)
            end = m.start() if m else n
            word = text[i:end]
            i = end
            if word.upper() in _UNITS and i < n and text[i] == "(":
                depth += 1
                if depth > MAX_NESTING:
                    raise QueryError(
                        f"the query nests parentheses more than {MAX_NESTING} deep",
                        hint="Simplify the grouping.",
                    )
                out.append(_Token("(", _UNITS[word.upper()], sign=sign, field=field))
                i += 1
                continue
            near = _NEAR.fullmatch(word) if not sign and not field else None
            if near and (near.group(2) is not None or word.isupper()):
                out.append(_Token("near", (len(near.group(1)) == 5, _distance(word, near, text))))
                continue
            if not sign and not field and word in _OPS:
                out.append(_Token("op", _OPS[word]))
                continue
            if not sign and not field and word in _SOFT_OPS:
                out.append(_Token("soft", word))
                continue
            out.append(_Token("atom", _word_atom(word, field, text), sign, field))
    if depth:
        raise QueryError(f"unbalanced parenthesis in query: {text!r}", hint=_HINT)
    return out


def _distance(word: str, near: re.Match, query: str) -> int | None:
    """The N of NEAR/N (None for a bare NEAR: a word, unless it stands between two items)."""
    value = near.group(2)
    if value is None:
        return None
    if not value.isdigit() or int(value) > MAX_SLOP:
        raise QueryError(
            f"not a distance: {word} in {query!r}",
            hint=f"Words within N words of each other: `Witkoff NEAR/5 Poutine` (N from 0 to "
            f"{MAX_SLOP}).",
        )
    return int(value)


def _word_atom(word: str, field: str | None, query: str) -> Atom:
    boost, fuzzy = 1.0, 0
    while True:
        m = _SUFFIX.search(word)
        if not m or m.start() == 0:
            break
        suffix = m.group(1)
        word = word[: m.start()]
        if suffix[0] == "^":
            boost = _boost(suffix[1:], query)
        else:
            value = suffix[1:] or "1"
            if value not in ("1", "2"):
                raise QueryError(
                    f"not a number of typos: {word}{suffix} in {query!r}",
                    hint=f"A word within one typo: `Witkof~` or `Witkof~1`; two: `Witkof~2` "
                    f"(at most {MAX_FUZZY_EDITS}).",
                )
            fuzzy = int(value)
    if not word.strip("*?~^"):
        raise QueryError(
            f"{word or '*'} matches every word" if word else f"nothing to search in {query!r}",
            hint="To list articles by date, source or language, search for the filter alone, "
            "e.g. `newsgrep search date:2025-12`.",
        )
    if "*" in word or "?" in word:
        if fuzzy:
            raise QueryError(f"a pattern cannot have typos too: {word}~ in {query!r}")
        letters = sum(c not in "*?" for c in word)
        needed = MIN_PATTERN_LETTERS + (1 if word[0] in "*?" else 0)
        if letters < needed:
            raise QueryError(
                f"{word} stands for too many words (it has {letters} letter"
                f"{'s' if letters != 1 else ''} besides wildcards)",
                hint=f"Give at least {needed} letters: `négoc*`, `Witk?ff`.",
            )
        return Atom("pattern", word, field, boost)
    if fuzzy:
        return Atom("fuzzy", word, field, boost, fuzzy)
    return Atom("word", word, field, boost)


class _Parser:
    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _starts_item(self, token: _Token | None) -> bool:
        if token is None:
            return False
        # (a lower-case and/or/not after an operator is a word: `war OR and`; so is a
        # NEAR without a distance)
        return (
            token.kind in ("atom", "(", "soft")
            or (token.kind == "op" and token.value == "not")
            or (token.kind == "near" and token.value[1] is None)
        )

    def _soft_op(self) -> str | None:
        """A lower-case and/or/not here, when it stands between two terms."""
        token = self.peek()
        if token is None or token.kind != "soft":
            return None
        after = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
        if (
            self.i == 0
            or not self._starts_item(after)
            or self.tokens[self.i - 1].kind in ("(", "op")
        ):
            return None
        return token.value

    def query(self, inside: bool = False):
        items = [self.and_()]
        while True:
            token = self.peek()
            if token is not None and (
                (token.kind == "op" and token.value == "or") or self._soft_op() == "or"
            ):
                self.i += 1
                if not self._starts_item(self.peek()):
                    self._dangling("OR")
                items.append(self.and_())
                continue
            break
        token = self.peek()
        if token is not None and token.kind == ")" and not inside:
            raise QueryError(f"unbalanced parenthesis in query: {self.text!r}", hint=_HINT)
        return items[0] if len(items) == 1 else Group("or", tuple(items))

    def and_(self):
        items = [self.unary()]
        while True:
            token = self.peek()
            if token is None or token.kind == ")":
                break
            if token.kind == "op" and token.value == "or":
                break
            soft = self._soft_op()
            if soft == "or":
                break
            if (token.kind == "op" and token.value == "and") or soft == "and":
                self.i += 1
                if not self._starts_item(self.peek()):
                    self._dangling("AND")
            elif soft == "not":  # "cocoa not prices": AND NOT
                self.i += 1
                items.append(Group("not", (self.unary(),)))
                continue
            items.append(self.unary())
        return items[0] if len(items) == 1 else Group("and", tuple(items))

    def unary(self):
        token = self.peek()
        if token is None:
            self._dangling("the end")
        if token.kind == "op" and token.value == "not":
            self.i += 1
            if not self._starts_item(self.peek()):
                self._dangling("NOT")
            return Group("not", (self.unary(),))
        if token.kind == "op":
            self._dangling(token.value.upper())
        if token.kind == "soft":  # a lower-case and/or/not not between terms: a word
            self.i += 1
            return Atom("word", token.value)
        if token.kind == "near":
            if token.value[1] is not None:
                self._dangling("NEAR", _NEAR_HINT)
            self.i += 1
            return Atom("word", "ONEAR" if token.value[0] else "NEAR")
        item = self.near()
        if token.sign == "-":
            return Group("not", (item,))
        if token.sign == "+":
            return Required(item)
        return item

    def near(self):
        """An item, or items joined by NEAR/N (from the left: `a NEAR/5 b NEAR/5 c` is
        `(a NEAR/5 b) NEAR/5 c`)."""
        item = self.item()
        while True:
            token = self.peek()
            if token is None or token.kind != "near":
                return item
            after = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
            if after is None or after.kind not in ("atom", "("):
                if token.value[1] is None:
                    return item  # NEAR as a word
                self._dangling("NEAR", _NEAR_HINT)
            ordered, distance = token.value
            name = "ONEAR" if ordered else "NEAR"
            if distance is None:
                raise QueryError(
                    f"{name} needs a distance in {self.text!r}",
                    hint=f"Write the number of words: `Witkoff {name}/5 Poutine`.",
                )
            if after.sign:
                raise QueryError(
                    f"a side of {name}/{distance} cannot be negated or required in {self.text!r}",
                    hint="Negate the whole: `NOT (Witkoff NEAR/5 Poutine)`.",
                )
            self.i += 1
            right = self.item()
            for side in (item, right):
                if not _near_side(side):
                    raise QueryError(
                        f"{name}/{distance} joins words and phrases, not {write(side)!r}",
                        hint=_NEAR_HINT,
                    )
            item = Proximity((item, right), distance, ordered)

    def item(self):
        token = self.peek()
        self.i += 1
        if token.kind == "atom":
            return token.value
        if token.kind == "(":
            if self.peek() is not None and self.peek().kind == ")":
                raise QueryError(f"an empty group () in {self.text!r}", hint=_HINT)
            inner = self.query(inside=True)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError(f"unbalanced parenthesis in query: {self.text!r}", hint=_HINT)
            self.i += 1
            if token.value:  # SENTENCE( or PARAGRAPH(
                inner = Clause(token.value, inner)
            if token.field or closing.boost != 1.0:
                return Group("and", (inner,), token.field, closing.boost)
            return inner
        raise QueryError(f"unbalanced parenthesis in query: {self.text!r}", hint=_HINT)

    def _dangling(self, where: str, hint: str | None = None):
        raise QueryError(
            f"an operator with nothing on one side ({where}) in {self.text!r}",
            hint=hint
            or "AND, OR and NOT join two terms: `Witkoff OR Kushner`, `Witkoff NOT Kushner`; "
            'to search for the word, quote it: `"or"`.',
        )


def _near_side(item) -> bool:
    """Whether an item can be a side of NEAR: a word, a phrase, a pattern, a fuzzy word,
    another NEAR, or such items joined by OR (with a field or a boost)."""
    if isinstance(item, Atom | Proximity):
        return True
    if isinstance(item, Group) and (item.op == "or" or len(item.items) == 1):
        return all(_near_side(i) for i in item.items)
    return False


@lru_cache(maxsize=256)
def read(text: str):
    """The tree of what ``text`` says, before any analysis. Raises QueryError."""
    if not text.strip():
        raise QueryError("the query is empty", hint='Try `newsgrep search "Witkoff"`.')
    words = len(analysis.WORD.findall(text))
    if words > MAX_QUERY_WORDS:
        raise QueryError(
            f"the query has {words:,} words; newsgrep takes at most {MAX_QUERY_WORDS}",
            hint="Split it into several searches.",
        )
    tokens = _tokens(text)
    if not tokens:
        raise QueryError("the query is empty", hint='Try `newsgrep search "Witkoff"`.')
    parser = _Parser(tokens, text)
    tree = parser.query()
    if parser.peek() is not None:
        raise QueryError(f"unbalanced parenthesis in query: {text!r}", hint=_HINT)
    return tree


# ---------------------------------------------------------------- analysing, per language


def _combine(cls, children, boost: float = 1.0):
    """And/Or of ``children``: nested ones of the same kind flattened, repeats and
    empty ones dropped, a single child on its own."""
    flat = []
    for child in children:
        if child is None or isinstance(child, Nothing):
            continue
        if type(child) is cls and child.boost == 1.0:
            flat.extend(child.children)
        else:
            flat.append(child)
    unique = list(dict.fromkeys(flat))
    if not unique:
        return None
    if len(unique) == 1:
        return _boosted(unique[0], boost)
    return cls(tuple(unique), boost=boost)


def _boosted(node, boost: float):
    if boost == 1.0 or not hasattr(node, "boost"):
        return node
    from dataclasses import replace

    return replace(node, boost=node.boost * boost)


class _Analysis:
    """The nodes of a tree in one language's analysis."""

    def __init__(self, lang: str | None, stem: bool, names_only: frozenset[str] = frozenset()):
        self.lang = lang
        self.stem = stem
        self.names_only = names_only
        self.stops = frozenset(
            t for w in analysis.stopwords(lang) for t in analysis.terms(w, lang) if t
        )

    def node(self, tree, field: str | None = None, drop_stops: bool = True):
        if isinstance(tree, Required):
            return self.node(tree.item, field, drop_stops)
        if isinstance(tree, Proximity):
            a, b = (self.node(item, field, drop_stops=False) for item in tree.items)
            if a is None or b is None:
                raise QueryError(
                    f"nothing to search for on one side of NEAR/{tree.distance} in {write(tree)!r}",
                    hint=_NEAR_HINT,
                )
            return Near(a, b, tree.distance, tree.ordered)
        if isinstance(tree, Clause):
            inner = self.node(tree.item, field, drop_stops)
            if inner is not None and not positive_leaves(inner):
                raise QueryError(
                    f"{write(tree)} has no word to look for that is not negated",
                    hint=f"Give it one: `{tree.unit.upper()}(Witkoff NOT Kushner)`.",
                )
            return None if inner is None else Scope(tree.unit, inner)
        if isinstance(tree, Group):
            field = tree.field or field
            if tree.op == "not":
                inner = self.node(tree.items[0], field, drop_stops=False)
                return None if inner is None else Not(inner)
            kids = [self.node(item, field, drop_stops) for item in tree.items]
            if tree.op == "and":
                return _combine(And, kids, tree.boost)
            required = [k for item, k in zip(tree.items, kids, strict=True)
                        if isinstance(item, Required) and k is not None]  # fmt: skip
            optional = [k for item, k in zip(tree.items, kids, strict=True)
                        if not isinstance(item, Required) and k is not None]  # fmt: skip
            if required:
                must = _combine(And, required)
                maybe = _combine(Or, optional)
                return must if maybe is None else AndMaybe(must, maybe)
            return _combine(Or, kids, tree.boost)
        return self.atom(tree, tree.field or field, drop_stops)

    def atom(self, atom: Atom, field: str | None, drop_stops: bool):
        fields = [field] if field else list(TEXT_FIELDS)
        boost = atom.boost
        if field in ("source",):
            terms = analysis.terms(atom.text, None, stem=False)
            return self._terms_node(field, terms, boost, atom)
        if field == "lang":
            return Term("lang", atom.text.lower(), boost)
        if field == "speaker":
            return speaker_node(atom.text, boost)
        if field == "date":
            raise QueryError(f"not a date: date:{atom.text}")
        if atom.kind == "pattern":
            return self._pattern(atom, fields, boost)
        if atom.kind == "fuzzy":
            return self._fuzzy(atom, fields, boost)
        terms = analysis.terms(atom.text, self.lang, self.stem)
        if atom.kind == "phrase":
            if len(terms) > 1:
                words = tuple(terms)
                phrases = [Phrase(f, words, atom.distance, self._boost(f, boost, field))
                           for f in fields]  # fmt: skip
                return _combine(Or, phrases)
            return _combine(
                Or, [Term(f, t, self._boost(f, boost, field)) for f in fields for t in terms]
            )
        if drop_stops and not field and terms and all(t in self.stops for t in terms):
            return _Stop(atom.text)
        per_field = [
            _combine(And, [Term(f, t, self._boost(f, boost, field)) for t in terms]) for f in fields
        ]
        if not field and atom.kind == "word" and atom.text in self.names_only:
            per_field = []  # a name here, not this language's word with the same stem
        if not field and self.stem:
            keys = [
                Term("names", key, NAME_BOOST * boost)
                for word in _name_words(atom.text)
                for key in variants.query_keys(word)
            ]
            per_field.append(_combine(Or, keys))
        return _combine(Or, per_field)

    def _boost(self, fieldname: str, boost: float, explicit: str | None) -> float:
        return boost * TITLE_BOOST if fieldname == "title" and not explicit else boost

    def _terms_node(self, field: str, terms: list[str], boost: float, atom: Atom):
        if not terms:
            return None
        if len(terms) == 1:
            return Term(field, terms[0], boost)
        return Phrase(field, tuple(terms), atom.distance or 1, boost)

    def _pattern(self, atom: Atom, fields: list[str], boost: float):
        text = analysis.fold(atom.text)
        if text.endswith("*") and "*" not in text[:-1] and "?" not in text:
            return _combine(Or, [Prefix(f, text[:-1], self._boost(f, boost, None)) for f in fields])
        return _combine(Or, [Wildcard(f, text, self._boost(f, boost, None)) for f in fields])

    def _fuzzy(self, atom: Atom, fields: list[str], boost: float):
        folded = analysis.fold(atom.text)
        bases = [folded]
        if self.stem:  # the word's stem too: a typo is a typo of the word, not of its ending
            stemmed = analysis.terms(atom.text, self.lang, True)
            if len(stemmed) == 1 and stemmed[0] != folded:
                bases.append(stemmed[0])
        return _combine(
            Or,
            [Fuzzy(f, base, atom.distance, 1, self._boost(f, boost, None))
             for f in fields for base in bases],
        )  # fmt: skip


def speaker_node(name: str, boost: float = 1.0):
    """Quotations whose speaker has every word of ``name``, in any spelling or script."""
    per_word = [
        _combine(Or, [Term("speaker", key, boost) for key in variants.query_keys(word)])
        for word in analysis.WORD.findall(name)
    ]
    if not per_word or any(node is None for node in per_word):
        return NOTHING  # a word that cannot be a name (a stopword, a digit) names no one
    return _combine(And, per_word)


def _positive_atoms(tree, field: str | None = None):
    """(atom, field) for every word, phrase or pattern of a tree outside NOT, with the
    field it is asked of (its own, else its group's)."""
    if isinstance(tree, Required | Clause):
        yield from _positive_atoms(tree.item, field)
    elif isinstance(tree, Proximity):
        for item in tree.items:
            yield from _positive_atoms(item, field)
    elif isinstance(tree, Group):
        if tree.op != "not":
            for item in tree.items:
                yield from _positive_atoms(item, tree.field or field)
    else:
        yield tree, tree.field or field


def field_values(text: str, field: str) -> list[str]:
    """What ``text`` asks of one field, outside NOT: ``speaker:Ushakov`` gives ["Ushakov"]."""
    return [atom.text for atom, asked in _positive_atoms(read(text)) if asked == field]


@dataclass(frozen=True)
class _Stop:
    """A stopword of the query's language: dropped, unless nothing else is left."""

    text: str


def typed_names(text: str) -> list[str]:
    """The words of a query typed as names: capitalised plain words without a field
    (``Ford``, ``Kohl``), each once."""
    found: list[str] = []
    for atom, field in _positive_atoms(read(text)):
        if (
            atom.kind == "word"
            and not field
            and atom.text[:1].isupper()
            and atom.text.isalpha()
            and len(atom.text) >= 3
            and atom.text not in found
        ):
            found.append(atom.text)
    return found


def _name_words(text: str) -> list[str]:
    """The words of ``text`` typed as names: capitalised, or in Cyrillic."""
    return [
        word
        for word in analysis.WORD.findall(text)
        if word[:1].isupper() or any("\u0400" <= c <= "\u04ff" for c in word)
    ]


def _without_stops(node):
    """The node with the stopwords left out; None when nothing else is left."""
    if isinstance(node, _Stop):
        return None
    if isinstance(node, And | Or):
        kids = [_without_stops(c) for c in node.children]
        return _combine(type(node), kids, node.boost)
    if isinstance(node, Not):
        inner = _without_stops(node.child)
        return None if inner is None else Not(inner)
    if isinstance(node, AndMaybe):
        a = _without_stops(node.a)
        return None if a is None else AndMaybe(a, _without_stops(node.b) or NOTHING)
    if isinstance(node, Scope):
        inner = _without_stops(node.child)
        return None if inner is None else Scope(node.unit, inner)
    return node


def _with_stops(node, analysis_: _Analysis, tree):
    """The query with its stopwords kept as words (when they are all there is)."""
    return analysis_.node(tree, drop_stops=False)


@lru_cache(maxsize=1024)
def parse_for(
    text: str, lang: str | None, exact: bool, names_only: frozenset[str] = frozenset()
) -> Node:
    """The query nodes of ``text`` for articles of the index language ``lang`` ("und": none).

    The words of ``names_only`` (capitalised, as typed) match through their
    name keys alone in this language, not through its stem of them.
    """
    from .query import lang_arg

    tree = read(text)
    analysis_ = _Analysis(lang_arg(lang), stem=not exact, names_only=names_only)
    node = analysis_.node(tree)
    stripped = _without_stops(node)
    if stripped is None:  # nothing but stopwords: they are the query
        stripped = _without_stops(_with_stops(node, analysis_, tree))
    return NOTHING if stripped is None else stripped


@lru_cache(maxsize=256)
def repeats(text: str, lang: str | None, exact: bool) -> dict:
    """How often each word or phrase of ``text`` is asked for, by concept (field and
    boost aside), where more than once: ``cocoa cocoa prices`` asks for cocoa twice,
    and BM25 weighs a word by how often the query repeats it."""
    from .query import concept_key, is_text_leaf, lang_arg, positive_leaves

    analysis_ = _Analysis(lang_arg(lang), stem=not exact)
    counts: dict = {}
    for atom, field in _positive_atoms(read(text)):
        node = analysis_.atom(atom, field, drop_stops=False)
        if node is None or isinstance(node, _Stop):
            continue
        leaves = [node] if is_text_leaf(node) else positive_leaves(node)
        for key in {concept_key(leaf) for leaf in leaves}:
            counts[key] = counts.get(key, 0) + 1
    return {key: n for key, n in counts.items() if n > 1}


# ---------------------------------------------------------------- writing a tree back


def write(tree) -> str:
    """The query text of a tree (:func:`read` of it gives the same tree)."""
    if isinstance(tree, Required):
        return "+" + _write_item(tree.item)  # (read only before a letter, a quote or a group)
    if isinstance(tree, Proximity):
        a, b = tree.items
        right = _write_item(b)
        if isinstance(b, Proximity):
            right = f"({right})"
        return f"{_write_item(a)} {'ONEAR' if tree.ordered else 'NEAR'}/{tree.distance} {right}"
    if isinstance(tree, Clause):
        return f"{tree.unit.upper()}({write(tree.item)})"
    if isinstance(tree, Group):
        if tree.op == "not":
            return "NOT " + _write_item(tree.items[0])
        if tree.field or tree.boost != 1.0:
            inner = " ".join(write(item) for item in tree.items)  # (a group of one)
            field = f"{tree.field}:" if tree.field else ""
            boost = f"^{tree.boost:g}" if tree.boost != 1.0 else ""
            return f"{field}({inner}){boost}"
        joiner = " OR " if tree.op == "or" else " "
        return joiner.join(_write_item(item, tree.op) for item in tree.items)
    field = f"{tree.field}:" if tree.field else ""
    boost = f"^{tree.boost:g}" if tree.boost != 1.0 else ""
    if tree.kind == "phrase":
        slop = f"~{tree.distance}" if tree.distance > 1 else ""
        return f'{field}"{tree.text}"{slop}{boost}'
    if tree.kind == "fuzzy":
        return f"{field}{tree.text}~{tree.distance}{boost}"
    if tree.kind == "word" and (tree.text in _SOFT_OPS or tree.text in _OPS):
        return f'{field}"{tree.text}"{boost}'  # a word, not an operator
    return f"{field}{tree.text}{boost}"


def _write_item(item, within: str = "") -> str:
    text = write(item)
    plain = isinstance(item, Group) and item.op in ("and", "or") and item.boost == 1.0
    if plain and not item.field and (within != item.op or item.op == "or"):
        return f"({text})"
    return text


#: An AND query of at most this many words gets a relaxed query when it finds nothing.
MAX_RELAXED = 6


def relaxed(text: str) -> str | None:
    """For an AND of words that found nothing: the query for the articles that have
    all of them but one (``a b c`` -> ``(b c) OR (a c) OR (a b)``), its NOTs kept in
    each part; None for any other query."""
    tree = read(text)
    if not isinstance(tree, Group) or tree.op != "and" or tree.field or tree.boost != 1.0:
        return None
    kept = [item for item in tree.items if isinstance(item, Group) and item.op == "not"]
    words = [
        item.item if isinstance(item, Required) else item for item in tree.items if item not in kept
    ]
    if not 2 <= len(words) <= MAX_RELAXED:
        return None
    parts = []
    for i in range(len(words)):
        rest = words[:i] + words[i + 1 :] + kept
        part = " ".join(_write_item(item, "and") for item in rest)
        parts.append(f"({part})" if len(rest) > 1 else part)
    return " OR ".join(parts)
