"""Each person's board row, kept between reads of the same day in the running process.

At 5,000 staff the rules cost about 150 µs a person (issue 15), and the board is opened and
refreshed all day while only the few people who punched since have anything new; the close
judges the same people again. A kept row is handed out again only when everything it was
computed from is the same:

- the person's events in effect, compared as the very records the day file handed out (by
  identity): the store never changes a record it has read, and a file that changed other
  than by growing is read again as new records (store/day_file.py), so an edit misses;
- their plan (the staff record, the roster's choice, the leave), compared by value;
- the day's templates and rules and the kiosk's time zone (any change forgets the day);
- what the clock and the close mean for their shift (`standing_moment` in the domain:
  whether a missing check-in is an absence yet, a missing check-out `no_checkout` yet);
- the name of the lead who did their appearance check.

Anything else, and the row is built again. Only the board's own reads and the close keep
rows; the central report passes events that are new records on every call.

The whole board is kept too (`LastBoard`): asking each person's kept row still cost a board
about 50 ms at 5,000 staff. While the plans are the very records handed out last time (the
roster keeps them while people.json is unchanged), the book, the close and what the clock
means for each shift the same, a person's row is the last board's whenever their group of
events is the very same list (the grouping copies a group only when it adds to it), so
only the people with new events are asked about.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from kiosk.domain.grouping import Grouping, grouped
from kiosk.domain.rule_book import RuleBook
from kiosk.domain.shifts import ShiftTimes
from kiosk.services.records import DayPlan

if TYPE_CHECKING:
    from kiosk.services.board import BoardRow

Moment = tuple[bool, bool]  # domain.day_status.standing_moment

# Days whose rows are kept: today, and yesterday while a late correction closes it again.
KEPT_DAYS = 3


@dataclass(frozen=True)
class KeptRow:
    """A row and what it was computed from."""

    plan: DayPlan
    mine: tuple[dict[str, Any], ...]
    moment: Moment
    row: BoardRow

    def holds(
        self, plan: DayPlan, mine: Sequence[dict[str, Any]], moment: Moment, names: dict[str, str]
    ) -> bool:
        """True when `row` is what these inputs give (see the module docstring)."""
        if moment != self.moment or len(mine) != len(self.mine):
            return False
        if any(a is not b for a, b in zip(mine, self.mine, strict=True)):
            return False
        if plan != self.plan:
            return False
        seen = self.row.appearance
        return seen is None or seen.by_name == names.get(seen.by, "")


@dataclass(frozen=True)
class _Book:
    shifts: dict[str, Any]
    rules: Any
    timezone: tzinfo


@dataclass(frozen=True)
class LastBoard:
    """A whole board's rows (everyone on the day's plans) and what they came from."""

    book: _Book
    final: bool
    plans: tuple[DayPlan, ...]
    mines: tuple[Sequence[dict[str, Any]], ...]  # each person's group, as grouped then
    shifts: dict[tuple[str, date], ShiftTimes]  # the templates placed on the day
    moments: dict[tuple[str, date], Moment]  # what the clock meant for each of them
    rows: tuple[BoardRow, ...]

    def holds_for(self, plans: Sequence[DayPlan], final: bool) -> bool:
        """True when `plans` are this board's very plans (one identity check each)."""
        return (
            final == self.final
            and len(plans) == len(self.plans)
            and all(map(operator.is_, plans, self.plans))
        )


class RowCache:
    """The kept rows of the last few days (thread-safe: the board loads in workers)."""

    def __init__(self) -> None:
        self._days: dict[date, tuple[_Book, dict[str, KeptRow]]] = {}
        self._groupings: dict[date, Grouping] = {}
        self._boards: dict[date, LastBoard] = {}
        self._lock = threading.Lock()

    def grouped(self, day: date, events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """`by_person(events)`, extended from the last grouping of `day` when `events` are
        its records and more (domain/grouping.py)."""
        with self._lock:
            before = self._groupings.get(day)
        found = grouped(events, before)
        with self._lock:
            self._groupings.pop(day, None)
            self._groupings[day] = found
            while len(self._groupings) > KEPT_DAYS:
                del self._groupings[next(iter(self._groupings))]
        return found.groups

    def rows_for(self, day: date, book: RuleBook, timezone: tzinfo) -> dict[str, KeptRow]:
        """The rows kept for `day` (staff id -> row), if judged by the same book and time
        zone; else none. A copy: the caller reads it while another thread may store."""
        wanted = _Book(book.shifts, book.rules, timezone)
        with self._lock:
            found = self._days.get(day)
            if found is None or found[0] != wanted:
                return {}
            return dict(found[1])

    def keep(self, day: date, book: RuleBook, timezone: tzinfo, rows: dict[str, KeptRow]) -> None:
        """Remember `rows` for `day` beside the others kept under the same book."""
        wanted = _Book(book.shifts, book.rules, timezone)
        with self._lock:
            found = self._days.pop(day, None)
            kept = dict(found[1]) if found is not None and found[0] == wanted else {}
            kept.update(rows)
            self._days[day] = (wanted, kept)  # the newest last
            while len(self._days) > KEPT_DAYS:
                del self._days[next(iter(self._days))]

    def board(self, day: date, book: RuleBook, timezone: tzinfo) -> LastBoard | None:
        """The whole board last kept for `day`, if judged by the same book and time zone."""
        with self._lock:
            found = self._boards.get(day)
        if found is None or found.book != _Book(book.shifts, book.rules, timezone):
            return None
        return found

    def keep_board(
        self,
        day: date,
        book: RuleBook,
        timezone: tzinfo,
        final: bool,
        plans: Sequence[DayPlan],
        mines: Sequence[Sequence[dict[str, Any]]],
        placed: tuple[dict[tuple[str, date], ShiftTimes], dict[tuple[str, date], Moment]],
        rows: Sequence[BoardRow],
    ) -> None:
        """Remember a whole board of `day` (see `LastBoard`)."""
        board = LastBoard(
            _Book(book.shifts, book.rules, timezone), final, tuple(plans), tuple(mines),
            dict(placed[0]), dict(placed[1]), tuple(rows),
        )  # fmt: skip
        with self._lock:
            self._boards.pop(day, None)
            self._boards[day] = board
            while len(self._boards) > KEPT_DAYS:
                del self._boards[next(iter(self._boards))]
