"""The index's fields, the tokenizer adapters, and an article's documents.

One Whoosh document per paragraph. Paragraph 0 of every article is its
headline and carries the article's metadata; paragraphs 1..n carry body text.
One more document per file records its signature (modification time and
size), so the next ``newsgrep index`` reads only files that changed.
Words are analysed by :mod:`newsgrep.analysis` and :mod:`newsgrep.variants`;
the classes here only hand their terms to Whoosh. Quotations
(:mod:`newsgrep.quotes`) are found here too, once per article: the words
spoken are indexed on their paragraph (``quote``), the speakers' names by
their transliteration keys (``speaker``), and every quotation is stored with
the headline (``quotes``, see :func:`newsgrep.quotes.pack`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import analysis, variants
from ..articles import Article, article_digest
from . import shims
from .codec import PackedPositions

if TYPE_CHECKING:
    from .. import quotes

with shims.loading():
    from whoosh.analysis import Composable, Token
    from whoosh.columns import NumericColumn, VarBytesColumn
    from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema

#: The ``kind`` of a document: an article's headline, one of its paragraphs,
#: a file's record, the settings remembered for a folder (or file) given
#: to `newsgrep index`, or the index's stories (see :mod:`newsgrep.stories`):
#: their whole state, for the next run, and their map, for searches.
HEADLINE = "h"
PARAGRAPH = "p"
FILE = "f"
SETTINGS = "o"
STORIES = "s"
STORY_MAP = "t"


class LangText(str):
    """Text that knows its language, so one field can be stemmed per document."""

    lang: str | None = None

    def __new__(cls, text: str, lang: str | None):
        self = super().__new__(cls, text)
        self.lang = lang
        return self


class NewsTokenizer(Composable):
    """Whoosh adapter around :func:`newsgrep.analysis.analyze`.

    At index time the language comes with the text (:class:`LangText`); at
    query time it is the tokenizer's own ``lang``.
    """

    def __init__(self, lang: str | None = None, stem: bool = True) -> None:
        self.lang = lang
        self.stem = stem

    def __eq__(self, other):
        return type(other) is type(self) and other.lang == self.lang and other.stem == self.stem

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        lang = getattr(value, "lang", self.lang)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _as_typed(t, value, start_pos, start_char)
            return
        found = analysis.analyze(value, lang, self.stem)
        yield from _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char)


def _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char):
    """Whoosh tokens from (term, position, start, end) tuples, reusing one Token as Whoosh does."""
    for term, pos, start, end in found:
        t.text = term
        t.boost = 1.0
        t.stopped = False
        if keeporiginal:
            t.original = value[start:end]
        if positions:
            t.pos = start_pos + pos
        if chars:
            t.startchar, t.endchar = start_char + start, start_char + end
        yield t


def _as_typed(t, value: str, start_pos: int, start_char: int):
    """The one token of a word Whoosh asks not to split (a prefix, a fuzzy word): folded."""
    t.original = t.text = analysis.fold(value)
    t.boost = 1.0
    t.pos = start_pos
    t.startchar, t.endchar = start_char, start_char + len(value)
    return t


class NameKeyTokenizer(Composable):
    """Transliteration keys of names (:mod:`newsgrep.variants`), for the ``names`` field.

    In articles every capitalised word is keyed; in a query only words typed
    with a capital letter or in Cyrillic are, so ordinary words typed in lower
    case never reach a name spelled like them in another language.
    """

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):  # fmt: skip
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # A prefix or a fuzzy word: kept as typed, then dropped from the
            # names field by the search (it looks for whole names only).
            yield _as_typed(t, value, start_pos, start_char)
            return
        if mode == "query":
            found = (
                (key, pos, start, end)
                for pos, (key_word, start, end) in enumerate(_query_words(value))
                for key in variants.query_keys(key_word)
            )
        else:
            found = variants.variant_terms(value)
        yield from _emit(t, value, found, positions, chars, keeporiginal, start_pos, start_char)


def _query_words(text: str):
    for m in analysis.WORD.finditer(text):
        word = m.group()
        if word[:1].isupper() or any("\u0400" <= c <= "\u04ff" for c in word):
            yield word, m.start(), m.end()


def text_field(lang: str | None = None, stored: bool = True, stem: bool = True) -> TEXT:
    field_ = TEXT(analyzer=NewsTokenizer(lang, stem), stored=stored)
    field_.format = PackedPositions(field_boost=field_.format.field_boost)
    return field_


def make_schema() -> Schema:
    return Schema(
        aid=ID(stored=True),
        kind=ID(),
        # A file's canonical path (links resolved), on every document of its
        # articles and on its record: what deletes them when it changes.
        path=ID(stored=True),
        # The place (from 0) of an article inside a multi-article file: its
        # address is PATH#(ord + 1). (Stored, not indexed: show PATH#N looks
        # among the articles of PATH.)
        ord=STORED,
        # The path as the user typed it (through links), where it differs.
        shown=STORED,
        # A folder's settings (reading options, exclusions), by its canonical path.
        root=ID(stored=True),
        settings=STORED,
        n=STORED,  # paragraph number; never searched
        title=text_field(),
        text=text_field(),
        date=DATETIME(stored=True, sortable=True),
        source=text_field(stem=False),
        names=TEXT(analyzer=NameKeyTokenizer(), phrase=False),
        # Speech quotations on the paragraph (or headline) that holds them:
        # their words, and their speakers' name keys (any spelling, any script).
        quote=text_field(stored=False),
        speaker=TEXT(analyzer=NameKeyTokenizer(), phrase=False),
        # On headlines: every quotation of the article (see newsgrep.quotes.pack).
        quotes=STORED,
        digest=STORED,
        # The whole article's length in words, on each of its documents, for
        # ranking articles as wholes without reading all their paragraphs.
        **{f"alen_{name}": COLUMN(NumericColumn("I")) for name in ("title", "text", "names")},
        # A paragraph's number, on every document: its headline is that many
        # documents before it.
        pn=COLUMN(NumericColumn("H")),
        # On headlines: the order of articles that rank alike (see tie_key), readable
        # without unpacking their stored fields.
        tie=COLUMN(NumericColumn("Q")),
        # An article's paragraphs, compressed together on its headline
        # (see pack_paragraphs): a third of the size of one text per paragraph.
        paras=STORED,
        lang=ID(stored=True),
        author=STORED,
        url=STORED,
        # On headlines: the article's other metadata (a press export's section,
        # length, load date, Factiva codes...), as ``Article.extra`` holds it, bounded
        # (see stored_meta). Indexes of formats 9 and 10 have none.
        meta=STORED,
        sig=STORED,
        # One document each: every article's story signature and story (for
        # the next run), and the stories of more than one article (for searches).
        stories=STORED,
        storymap=STORED,
        # The stories' map itself, in a column of its document (its stored
        # ``storymap`` is then empty): a search reads it as it is on disk,
        # where a stored field is unpickled and decompressed whole (0.09 s for
        # the 3 MB of a 100 MB archive). Indexes made before keep it stored.
        smap=COLUMN(VarBytesColumn()),
        reason=STORED,
        narticles=STORED,
        nparas=STORED,
    )


def story_map_record(schema: Schema, data: bytes) -> dict:
    """The document that holds the stories' map: in its column where the index's
    schema has one, else (an index made before) in its stored field."""
    if "smap" in schema:
        return {"kind": STORY_MAP, "storymap": b"", "smap": data}
    return {"kind": STORY_MAP, "storymap": data}


def date_value(d: dt.date | None) -> dt.datetime | None:
    return dt.datetime(d.year, d.month, d.day) if d else None


def article_documents(article: Article, sig: str | None = None) -> Iterable[dict]:
    """Whoosh documents for one article: its headline, then its paragraphs.

    The headline carries the article's metadata. A paragraph carries only
    what a search needs of every document: its article, its number, its
    language and its file (to delete it with the file); its number (the
    ``pn`` column) leads back to the headline, ``pn`` documents before it;
    its text is stored with the headline's, compressed. ``sig`` is the
    file's signature when it was read (to tell, when the article is shown,
    whether the file changed since).
    """
    from .. import quotes  # index time only: a search need not compile its patterns

    lang = article.lang or "und"
    found = quotes.extract_quotes(article.title, article.paragraphs, article.lang)
    spoken = _spoken(found, article.lang)
    head = {
        "aid": article.id,
        "path": article.path,
        "lang": lang,
        "kind": HEADLINE,
        "n": 0,
        "title": LangText(article.title, article.lang),
        "_stored_title": article.title,
        "names": article.title,
        "digest": article_digest(article),
        "paras": pack_paragraphs(article.paragraphs),
        "tie": tie_key(article.id, article.path, article.ordinal if article.collection else 0),
        **_article_lengths(article),
    }
    date = date_value(article.date)
    if date:
        head["date"] = date
    if article.source:
        head["source"] = article.source
    if article.author:
        head["author"] = article.author
    if article.url:
        head["url"] = article.url
    meta = stored_meta(article.extra)
    if meta:
        head["meta"] = meta
    if article.collection:
        head["ord"] = article.ordinal
    if article.shown and article.shown != article.path:
        head["shown"] = article.shown
    if sig:
        head["sig"] = sig
    if found:
        head["quotes"] = quotes.pack(found)
    head.update(spoken.get(0, {}))
    yield head
    # Indexed, not stored: the text is in the headline's ``paras``.
    common = {"aid": article.id, "_stored_aid": None, "path": article.path,
              "_stored_path": None, "lang": lang, "_stored_lang": None,
              "kind": PARAGRAPH, "_stored_text": None}  # fmt: skip
    for n, text in enumerate(article.paragraphs, 1):
        doc = {**common, "pn": n, "text": LangText(text, article.lang), "names": text}
        if n in spoken:
            doc.update(spoken[n])
        yield doc


def _spoken(found: list[quotes.Quote], lang: str | None) -> dict[int, dict]:
    """The ``quote`` and ``speaker`` fields of each paragraph that holds speech."""
    from .. import quotes

    words: dict[int, list[str]] = {}
    speakers: dict[int, list[str]] = {}
    for q in found:
        if q.kind != quotes.SPEECH:
            continue
        words.setdefault(q.paragraph, []).append(q.text)
        if q.speaker:
            speakers.setdefault(q.paragraph, []).append(q.speaker)
    fields = {}
    for n, texts in words.items():
        fields[n] = {"quote": LangText("\n".join(texts), lang)}
        if n in speakers:
            fields[n]["speaker"] = " ; ".join(speakers[n])
    return fields


#: At most this many metadata keys are stored per article (the first, in the reader's
#: order), each value cut at META_CHARS characters and each key at META_KEY_CHARS.
META_KEYS = 20
META_CHARS = 500
META_KEY_CHARS = 40


def stored_meta(extra: dict | None) -> dict[str, str]:
    """An article's other metadata as its headline stores it: text keys and values,
    empty ones left out, at most META_KEYS of them, each value at most META_CHARS long."""
    meta: dict[str, str] = {}
    for key, value in (extra or {}).items():
        if len(meta) >= META_KEYS:
            break
        if value is None or isinstance(value, (dict, list, tuple)):
            continue
        key, value = str(key)[:META_KEY_CHARS], str(value).strip()[:META_CHARS]
        if key and value and key not in meta:
            meta[key] = value
    return meta


#: How many trailing parts of a path order copies of one article (see tie_key).
TIE_PATH_PARTS = 3


def tie_key(aid: str, path: str, ordinal: int) -> int:
    """An article's place among those that rank alike: by id (48 bits of its hex), then
    by a digest of the end of its address (copies share an id), so that the order
    depends on the articles alone, not on the order parallel indexing stored them in,
    nor on where the archive lies: only the last TIE_PATH_PARTS parts of the path
    count, so an archive moved or checked out elsewhere shows the same copy first.
    Never 0."""
    import zlib

    try:
        high = int(aid[:12], 16)
    except ValueError:
        high = zlib.crc32(aid.encode("utf-8", "surrogatepass"))
    tail = "/".join(path.replace("\\", "/").split("/")[-TIE_PATH_PARTS:])
    low = zlib.crc32(f"{tail}#{ordinal}".encode("utf-8", "surrogatepass")) & 0xFFFF
    return (high << 16 | low) or 1


def pack_paragraphs(paragraphs: list[str]) -> str:
    """An article's paragraphs as one value, stored with its other fields.

    Not compressed here: Whoosh compresses each document's stored fields,
    and compressing the paragraphs together with the title and the
    metadata made the stored fields a fifth smaller than compressing them
    twice (and took less time).
    """
    return "\0".join(p.replace("\0", " ") for p in paragraphs)


def unpack_paragraphs(packed: str | None) -> list[str]:
    return packed.split("\0") if packed else []


def _article_lengths(article: Article) -> dict[str, int]:
    """Words of the headline, of the body, and capitalised words (name keys), about."""
    words = analysis.WORD.findall
    body = [w for p in article.paragraphs for w in words(p)]
    title = words(article.title)
    return {
        "alen_title": len(title),
        "alen_text": len(body),
        "alen_names": sum(1 for w in title + body if w[:1].isupper()),
    }


def file_record(
    path: str, sig: str, reason: str | None, narticles: int, nparas: int, shown: str | None = None
) -> dict:
    """The document recording a file: its signature, why it was (partly) skipped, its counts."""
    record = {"kind": FILE, "path": path, "sig": sig, "narticles": narticles, "nparas": nparas}
    if reason:
        record["reason"] = reason
    if shown and shown != path:
        record["shown"] = shown
    return record


def settings_record(root: str, settings: str) -> dict:
    """The document keeping what `newsgrep index` was told about a folder (JSON text)."""
    return {"kind": SETTINGS, "root": root, "settings": settings}


def article_from_stored(fields: dict) -> Article:
    """An article as its headline's stored fields keep it (to write it again, unread)."""
    import datetime as dt_

    ordinal = fields.get("ord")
    date = fields.get("date")
    lang = fields.get("lang")
    return Article(
        path=fields.get("path", ""),
        title=fields.get("title", ""),
        paragraphs=unpack_paragraphs(fields.get("paras")),
        date=date.date() if isinstance(date, dt_.datetime) else date,
        source=fields.get("source"),
        lang=None if lang in (None, "und") else lang,
        author=fields.get("author"),
        url=fields.get("url"),
        ordinal=ordinal or 0,
        collection=ordinal is not None,
        shown=fields.get("shown"),
        aid=fields.get("aid"),
        extra=dict(fields.get("meta") or {}),
    )
