"""Which rule book a day is judged by, looked up the same way by every service.

A day that has been closed is judged by the book its last close kept (`judged_by`), with
any template added to kiosk.toml since (for a person the lead moves onto it); a day never
closed, or closed by a kiosk older than rule books, by kiosk.toml's. The punch, a lead's
correction, the board and the close all ask here, so a closed day reads the same on every
face whatever kiosk.toml says today.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.config import Config
from kiosk.domain import events as ev
from kiosk.domain.rule_book import RuleBook
from kiosk.errors import StoreError


def book_for(events: list[dict[str, Any]], config: Config, path: Path) -> RuleBook:
    """The book for a day with these events (or just its closes: only they are read,
    DayStore.closes); StoreError `corrupt_record` (naming the day
    file) when the last close's book is damaged: a hand edit there must not be guessed at."""
    closes = [e for e in events if e.get("type") == ev.DAY_CLOSED]
    stored = closes[-1].get("summary", {}).get("judged_by") if closes else None
    if not stored:
        return config.rule_book
    try:
        book = RuleBook.from_json(stored)
    except (AttributeError, KeyError, TypeError, ValueError):
        detail = "the shift times kept with the last close (judged_by) are damaged"
        raise StoreError("corrupt_record", path=str(path), detail=detail) from None
    return book.including(config.shifts)
