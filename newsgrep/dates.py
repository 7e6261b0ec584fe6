"""Publication dates from the ways news files write them.

:func:`parse_date` reads one metadata value: a ``datetime`` or ``date``, a
Unix timestamp, ISO 8601 (``2023-05-25T10:02:24Z``), RFC 2822 as in RSS
(``Tue, 05 Mar 2024 23:30:00 -0500``), the Reuters wire form
(``26-FEB-1987 15:01:01.79``), or a day and a month name in English, French,
German or Spanish (``22 mai 2012``, ``May 22, 2012``, ``22. Mai 2012``,
``22 de mayo de 2012``).

Time zones: a value that carries one is converted to UTC before its date is
taken, so ``2024-03-05T23:30:00-05:00`` is dated 6 March 2024 wherever the
index is built. A value without a zone keeps the date it names.

:func:`dateline_date` finds a date at the very start of a paragraph, the way
wire copy and Wikinews open their first paragraph (``22 mai 2012. - …``).
Only the start is looked at: a date mentioned further on is an event, not the
publication date.

Why not ``dateparser``: these few patterns cover the formats newsgrep reads,
and a strict reader that only accepts dates at known places never invents a
publication date from a number in the text. ``dateparser`` guesses from
anything and costs a noticeable import for every ``newsgrep index``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from email.utils import parsedate_to_datetime

#: Month names (and their usual abbreviations), lower case and without
#: accents, in English, French, German and Spanish -> month number.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janvier janv januar jan. jänner janner enero ene",
        "february feb fevrier fevr fev februar febrero",
        "march mar mars maerz marz märz marzo",
        "april apr avril avr abril abr",
        "may mai mayo",
        "june jun juin juni junio",
        "july jul juillet juil juli julio",
        "august aug aout august agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct octobre oktober okt octubre",
        "november nov novembre noviembre",
        "december dec decembre dezember dez diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name.rstrip(".")] = _number

_ACCENTS = str.maketrans("éèêëûüôöîïàâäç", "eeeeuuooiiaaac")
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:er|st|nd|rd|th|\.|º|°)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:[^\W\d_]{2,12}\.?,?\s+)?"

#: Day month year: "22 mai 2012", "22. Mai 2012", "1er juin 2012", "22 de mayo de 2012",
#: "26-FEB-1987".
_DMY = re.compile(rf"{_WEEKDAY}{_DAY}(?:\s+de)?[\s-]+{_MONTH}(?:\s+de)?[\s,-]+{_YEAR}(?!\d)")
#: Month day, year: "May 22, 2012".
_MDY = re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)")
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(value: object) -> dt.date | None:
    """The date a metadata value names, or None when it names none."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(dt.UTC)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):  # feedparser gives UTC struct_time
        return safe_date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_timestamp(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        if len(text) == 8:
            m = _COMPACT.fullmatch(text)
            return safe_date(int(m[1]), int(m[2]), int(m[3]))
        if len(text) >= 9:
            return _from_timestamp(int(text))
        return None
    iso = text.replace(" ", "T", 1) if _ISO_DAY.match(text) else None
    if iso:
        try:
            return parse_date(dt.datetime.fromisoformat(iso))
        except ValueError:
            pass
    if text[:3].isalpha() and "," in text[:5]:  # RFC 2822: "Tue, 05 Mar 2024 ..."
        try:
            return parse_date(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    found = _month_name_date(text, anchored=False)
    if found:
        return found
    m = _ISO_DAY.search(text)
    if m:
        return safe_date(int(m[1]), int(m[2]), int(m[3]))
    return None


def dateline_date(paragraph: str) -> dt.date | None:
    """The date a paragraph opens with (``22 mai 2012. - …``), or None."""
    head = paragraph[:60].lstrip(" \t–—-(")
    found = _month_name_date(head, anchored=True)
    if found:
        return found
    m = _ISO_DAY.match(head)
    return safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


def date_in_name(name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date inside a file name (``2025-12-03-le-monde.txt``)."""
    m = _ISO_DAY.search(name)
    return safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _month_name_date(text: str, anchored: bool) -> dt.date | None:
    for pattern in (_DMY, _MDY):
        m = pattern.match(text) if anchored else pattern.search(text)
        if m:
            month = MONTHS.get(m["month"].lower().translate(_ACCENTS))
            if month:
                return safe_date(int(m["year"]), month, int(m["day"]))
    return None


def _from_timestamp(seconds: float) -> dt.date | None:
    if seconds > 1e11:  # milliseconds, as JavaScript writes them
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
