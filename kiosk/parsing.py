"""Dates and times that people type, read in one place for every face.

A clerk at the kiosk, a lead in a dialog and IT at a shell all type `2026-11-27`,
`2026/11/27` or full-width `２０２６－１１－２７` (a Chinese IME), `18:05` or `1805`; the CLI,
the screens and the exports read them with these functions and so agree on what is a date.
Each returns None (or raises ValueError, for the ISO moment) for text that is not one;
the face decides how to say so. Pure: no clock, no store.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_YEAR, LAST_YEAR = 2000, 2099  # outside them a typed year is a typo (0026, 9999)

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")


# Control and format characters (ESC, a bidi override, a NUL...) have no place in a name, a
# reason or a note: shown again, `ESC[2K` can rewrite the line a clerk is reading.
_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in _CONTROL_CATEGORIES for ch in text)


def shown_safely(text: str) -> str:
    """`text` with every control character written out (`\\x1b`), for echoing what a
    person or a file gave back to them."""
    return "".join(
        f"\\x{ord(ch):02x}" if unicodedata.category(ch) in _CONTROL_CATEGORIES else ch
        for ch in text
    )


def _folded(text: str) -> str:
    """Full-width digits and punctuation folded to ASCII; spaces at the ends dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def typed_date(text: str) -> date | None:
    """YYYY-MM-DD (also with / or ., full-width folded); None for anything else, an
    impossible date (02-30) or a year outside 2000-2099."""
    match = _DATE.match(_folded(text))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def typed_clock(text: str) -> time | None:
    """18:05, 1805, 18.05 or full-width １８：０５ -> 18:05; anything else None."""
    match = _CLOCK.match(_folded(text))
    return time(int(match.group(1)), int(match.group(2))) if match else None


def typed_moment(text: str, tz: ZoneInfo) -> datetime:
    """An ISO date and time; a naive one is local time in `tz`. ValueError if it is not
    one, or its year is outside 2000-2099 (year 1 would overflow later)."""
    moment = datetime.fromisoformat(_folded(text))
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"year {moment.year} is out of range")
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def typed_month(text: str) -> tuple[str, date, date] | None:
    """`YYYY-MM` -> (the `YYYY-MM` prefix, its first day, its last day); None otherwise."""
    match = _MONTH.match(_folded(text))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return f"{year:04d}-{month:02d}", first, last


def reads_as_words(text: str) -> bool:
    """True when `text` has at least one letter of any script (忘记签退, "forgot to scan"):
    a reason that is only digits and signs ("25:99", "...") is a slip, not a reason."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)
