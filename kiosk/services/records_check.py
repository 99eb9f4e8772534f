"""Checking a day's events are as the kiosk wrote them, before anything is built on them.

The close, the exports and the sync refuse a day whose chain does not verify (StoreError
`day_tampered`, naming the file and the event), and `kiosk verify` reports every problem
without stopping at the first. A day file with no signed event at all, from before this
data folder signed its records (`signed_since`), is accepted as such and named as
unsigned by `kiosk verify`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.domain.chain import ChainProblem, verify_chain
from kiosk.errors import StoreError


@dataclass(frozen=True)
class DayCheck:
    day: date
    path: Path
    problems: tuple[ChainProblem, ...]
    legacy: bool  # no event signed: written before the folder signed its records

    @property
    def ok(self) -> bool:
        return not self.problems


# Days whose verified events are remembered (see RecordsCheck.check).
KEPT_DAYS = 8


class RecordsCheck:
    def __init__(
        self,
        key: Callable[[], bytes],
        signed_since: Callable[[], date | None],
        lines: Callable[[date, list[dict[str, Any]], int], list[bytes | None]] | None = None,
    ) -> None:
        """`lines`: each event's line as its day file holds it, where known
        (DayStore.lines): hashing those is much cheaper than encoding each event again,
        and gives the same answer (domain.chain.mac_holds)."""
        self.key = key
        self.signed_since = signed_since
        self.lines = lines
        # day -> the events that verified last time, as the very records read then. The
        # store hands out the same records while its file only grows (store/day_file.py),
        # so a close or an export re-checks only the events added since: at 5,000 staff
        # the 50,000 macs took seconds. A record read again (a changed file) is another
        # object, and is checked in full.
        self._verified: dict[date, tuple[dict[str, Any], ...]] = {}
        self._lock = threading.Lock()

    def _known_good(self, day: date, events: list[dict[str, Any]]) -> int:
        before = self._verified.get(day, ())
        count = 0
        for old, new in zip(before, events, strict=False):
            if old is not new:
                break
            count += 1
        return count

    def check(self, day: date, path: Path, events: list[dict[str, Any]]) -> DayCheck:
        known_good = self._known_good(day, events)
        stored = None
        if self.lines is not None and known_good < len(events):
            stored = self.lines(day, events, known_good)  # only those still to check
        problems = verify_chain(events, self.key(), known_good=known_good, lines=stored)
        if not problems:
            with self._lock:  # screens' workers check days from several threads
                self._verified.pop(day, None)
                self._verified[day] = tuple(events)
                while len(self._verified) > KEPT_DAYS:
                    del self._verified[next(iter(self._verified))]
        unsigned = [p for p in problems if p.problem == "unsigned"]
        since = self.signed_since()
        legacy = bool(events) and len(unsigned) == len(events) and (since is None or day < since)
        kept = () if legacy else tuple(problems)
        return DayCheck(day, path, kept, legacy)

    def require(self, day: date, path: Path, events: list[dict[str, Any]]) -> None:
        """StoreError `day_tampered` unless the day's events verify."""
        found = self.check(day, path, events)
        if not found.ok:
            first = found.problems[0]
            raise StoreError(
                "day_tampered",
                path=str(path),
                index=first.index + 1,
                event=first.event_id,
                problem=first.problem,
                count=len(found.problems),
            )
