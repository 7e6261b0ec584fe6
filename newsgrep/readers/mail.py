"""E-mail: single messages (``.eml``) and mailboxes (``mbox``), with the standard library.

One article per message: the subject is the title (without ``Re:``/``Fwd:``
or a ``[list]`` tag), the ``Date`` header the date (in UTC), the sender's
name (else address) the source, ``Content-Language`` the language. The text
is the message's HTML part, made into paragraphs by
:func:`newsgrep.readers.html.fragment_paragraphs`, else its plain-text part
(attachments are left alone). ``Article.extra`` keeps the sender's address
(``from``), ``message_id`` and ``list_id``.

A newsletter is one article, unless it carries clear story separators:
horizontal rules (``<hr>``) in HTML, lines of five or more ``-``, ``=``,
``*``, ``_`` or ``~`` (or ``* * *``) in text. Then each story between them
is an article of its own (the sections too short to be a story, such as a
greeting or an unsubscribe footer, join their neighbour), titled by its
first paragraph when that is short, with the message's date and source and
``extra["subject"]``. ``Article.ordinal`` counts the articles of the file.

An mbox file is split at its ``From `` lines (read-only: :mod:`mailbox`
opens files for writing); a ``>From`` escape loses its ``>``. A mailbox may
hold at most MAX_MESSAGES messages.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from .. import dates
from ..articles import Article, SkipFile
from ..text import (
    clean_text,
    decode_bytes,
    one_line,
    read_bytes,
    split_paragraphs,
    tidy_paragraphs,
    title_from_text,
)
from . import DEFAULT_OPTIONS, ReadOptions
from .html import fragment_paragraphs, looks_like_html

MAX_MESSAGES = 100_000
#: A section with fewer words is not a story of its own.
MIN_STORY_WORDS = 40
#: A story's first paragraph is its headline when it is at most this long.
STORY_TITLE_CHARS = 150

_HEADER = re.compile(rb"[!-9;-~]+:")
_MBOX_FROM = re.compile(rb"^From \S+.*$", re.MULTILINE)
_MAIL_HEADERS = re.compile(
    r"^(?:from|to|subject|date|message-id|received|return-path|mime-version|"
    r"content-type|delivered-to|reply-to|list-id|x-[\w-]+):",
    re.IGNORECASE | re.MULTILINE,
)


def looks_like_mbox(head: str) -> bool:
    """Whether a file starts like an mbox mailbox: a ``From `` line, then headers."""
    first, _, rest = head.partition("\n")
    return first.startswith("From ") and len(set(_headers_at_start(rest))) >= 2


def looks_like_email(head: str) -> bool:
    """Whether a file starts with the headers of an e-mail message."""
    names = set(_headers_at_start(head))
    return len(names) >= 3 and bool(names & {"from", "subject", "date", "message-id"})


def _headers_at_start(text: str) -> list[str]:
    names = []
    for line in text.split("\n")[:60]:
        line = line.rstrip("\r")
        if not line:
            break
        if line[:1] in " \t":  # a folded header goes on
            continue
        m = _MAIL_HEADERS.match(line)
        if not m and not re.match(r"[!-9;-~]+:", line):
            return []
        if m:
            names.append(m.group()[:-1].lower())
    return names


# ---------------------------------------------------------------- reading


def read_eml(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file")
    if _MBOX_FROM.match(data) and looks_like_mbox(data[:4096].decode("latin-1")):
        return read_mbox(path, options)
    message = _parse(data)
    if not any(_header(message, h) for h in ("From", "Subject", "Date", "Message-ID")):
        raise SkipFile("not an e-mail message (no From, Subject or Date header)")
    try:
        articles = message_articles(message, str(path), 0)
    except Exception as e:  # the email package's many ways of failing on damaged input
        raise SkipFile(
            f"damaged e-mail message: {one_line(str(e))[:80] or type(e).__name__}"
        ) from e
    if not articles:
        raise SkipFile("e-mail message without subject or text")
    if len(articles) > 1:  # a newsletter's stories: PATH#N
        for article in articles:
            article.collection = True
    return articles


def read_mbox(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> list[Article]:
    data = read_bytes(path)
    starts = [m.start() for m in _MBOX_FROM.finditer(data) if _after_blank_line(data, m.start())]
    if not starts:
        raise SkipFile("not an mbox mailbox (no 'From ' line)")
    articles: list[Article] = []
    problem = None
    damaged = 0
    if len(starts) > MAX_MESSAGES:
        problem = f"only the first {MAX_MESSAGES:,} of {len(starts):,} messages read"
        starts = starts[:MAX_MESSAGES]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        raw = data[start:end]
        raw = raw[raw.find(b"\n") + 1 :]  # the "From " line
        raw = re.sub(rb"^>(>*From )", rb"\1", raw, flags=re.MULTILINE)
        try:
            articles.extend(message_articles(_parse(raw), str(path), len(articles)))
        except Exception:  # one damaged message: the others are read
            damaged += 1
    for article in articles:  # PATH#N, even for a mailbox of one message
        article.collection = True
    if damaged and not problem:
        problem = f"{damaged} damaged message{'s' if damaged > 1 else ''}"
    if problem and not articles:
        raise SkipFile(f"damaged mailbox: {problem}")
    if problem:
        raise SkipFile(f"partly read: {problem}", articles)
    if not articles:
        raise SkipFile("mailbox without messages that have a subject or text")
    return articles


def _after_blank_line(data: bytes, at: int) -> bool:
    return (
        at == 0
        or data[max(0, at - 2) : at] in (b"\n\n",)
        or data[max(0, at - 4) : at] == b"\r\n\r\n"
    )


def _parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def _header(message: EmailMessage, name: str) -> str:
    """A header's value, decoded; as written when the header parser chokes on it."""
    try:
        value = message.get(name)
    except Exception:  # email's header parser raises IndexError, HeaderParseError...
        value = next((v for k, v in message.raw_items() if k.lower() == name.lower()), None)
    return one_line(clean_text(str(value or "")))


_SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|tr)\s*:|\s*\[[^\]]{1,40}\])+\s*", re.I)


def message_articles(message: EmailMessage, path: str, ordinal: int) -> list[Article]:
    """The article(s) of one message: one, or one per story of a newsletter."""
    subject = _SUBJECT_PREFIX.sub("", _header(message, "Subject"))
    sender_name, sender_address = _sender(_header(message, "From"))
    sections = _body_sections(message)
    date = _date(_header(message, "Date"))
    lang = _header(message, "Content-Language")[:2].lower() or None
    extra = {
        "from": sender_address,
        "message_id": _header(message, "Message-ID").strip("<>"),
        "list_id": _header(message, "List-Id"),
    }
    extra = {k: v for k, v in extra.items() if v}
    common = dict(
        path=path,
        date=date,
        source=sender_name or sender_address or None,
        lang=lang if lang and lang.isalpha() else None,
        format="email",
    )
    stories = _stories(sections)
    if len(stories) < 2:
        paragraphs = [p for section in sections for p in section]
        if not subject and not paragraphs:
            return []
        return [
            Article(
                title=subject or title_from_text(paragraphs[0]),
                paragraphs=paragraphs,
                ordinal=ordinal,
                extra=extra,
                **common,
            )
        ]
    articles = []
    for before, story in stories:
        title, paragraphs = story[0], before + story[1:]
        if len(title) > STORY_TITLE_CHARS or len(story) < 2:
            title, paragraphs = title_from_text(story[0]), before + story
        articles.append(
            Article(
                title=title,
                paragraphs=paragraphs,
                ordinal=ordinal + len(articles),
                extra={**extra, "subject": subject} if subject else dict(extra),
                **common,
            )
        )
    return articles


def _sender(value: str) -> tuple[str, str]:
    try:
        found = getaddresses([value])
    except (ValueError, IndexError, TypeError):
        return value, ""
    name, address = found[0] if found else ("", "")
    return one_line(name).strip("\"'"), address


def _date(value: str):
    if not value:
        return None
    try:
        return dates.parse_date(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return dates.parse_date(value)


# ---------------------------------------------------------------- the text

_RULE_TEXT = re.compile(r"^[ \t]*(?:([-=*_~#])\1{4,}|\*(?:[ \t]+\*){2,})[ \t]*$", re.MULTILINE)
_RULE_HTML = re.compile(r"<hr\b[^>]*>", re.IGNORECASE)


def _body_sections(message: EmailMessage) -> list[list[str]]:
    """The paragraphs of the message text, in sections between story separators."""
    try:
        part = message.get_body(preferencelist=("html", "plain"))
    except (KeyError, ValueError, TypeError, AttributeError, IndexError):
        part = None
    if part is None:
        return []
    text = clean_text(_part_text(part))
    if not text.strip():
        return []
    html = part.get_content_subtype() == "html" or looks_like_html(text[:2000])
    if html:
        pieces = _RULE_HTML.split(text)
        sections = [fragment_paragraphs(piece) for piece in pieces]
    else:
        pieces = _RULE_TEXT.split(text)
        # split() also returns the captured rule character: keep the text only
        pieces = [p for i, p in enumerate(pieces) if i % 2 == 0 and p is not None]
        sections = [split_paragraphs(piece) for piece in pieces]
    sections = [tidy_paragraphs(s) for s in sections]
    return [s for s in sections if s]


def _part_text(part) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, UnicodeError, ValueError, KeyError, AssertionError, AttributeError):
        pass
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        return ""
    if not isinstance(payload, bytes):
        return ""
    try:
        return decode_bytes(payload)
    except SkipFile:
        return ""


def _words(section: list[str]) -> int:
    return sum(len(p.split()) for p in section)


def _stories(sections: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """``(before, story)`` pairs between separators.

    A section too short to be a story joins the story before it, or (before
    the first story) comes after the first story's headline as ``before``.
    """
    if len(sections) < 2:
        return [([], s) for s in sections]
    stories: list[tuple[list[str], list[str]]] = []
    leading: list[str] = []
    for section in sections:
        if _words(section) >= MIN_STORY_WORDS:
            stories.append(([] if stories else leading, list(section)))
        elif stories:
            stories[-1][1].extend(section)
        else:
            leading.extend(section)
    return stories or [([], leading)]
