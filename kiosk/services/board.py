"""Today's board: everyone on the staff list, what they were meant to do and what they did.

One row per person per attendance date, built from the day's file in one read, so the lead's
board, the appearance-check queue and (later) the day close agree on every figure. The state
words are English identifiers; the screens translate them.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain import events as ev
from kiosk.domain.day_status import DayFacts, DayStanding, day_standing, standing_moment
from kiosk.domain.rule_book import RuleBook
from kiosk.domain.shifts import ShiftTimes, place_shift
from kiosk.domain.summary import AppearanceRecord, DayCounts, PersonDay, day_counts
from kiosk.errors import UsageError
from kiosk.gc_pause import collector_paused
from kiosk.services.peers import PeerPunches, with_peers
from kiosk.services.records import DayPlan, StaffMember
from kiosk.services.roster import RosterService
from kiosk.services.row_cache import KeptRow, RowCache
from kiosk.services.rule_books import book_for
from kiosk.store.days import DayStore

BoardState = Literal["not_in", "in", "late", "out", "absent", "unscheduled", "rest", "leave"]
BOARD_STATES: tuple[BoardState, ...] = (
    "not_in",
    "in",
    "late",
    "out",
    "absent",
    "unscheduled",
    "rest",
    "leave",
)


@dataclass(frozen=True)
class AppearanceState:
    """The appearance check in effect for the day: who checked, what failed, the fine."""

    by: str
    failed: tuple[str, ...]
    fine: int
    at: datetime
    by_name: str = ""  # the checking lead's name when on the day's list, else empty


@dataclass(frozen=True)
class BoardRow:
    """One person's row: the `PersonDay` the close would freeze, plus what the lead's
    screen shows beside it (the shift's times, when the check was, corrected punches)."""

    staff: StaffMember
    plan: DayPlan
    shift: ShiftTimes  # the shift the roster gives the person that day
    standing: DayStanding
    person: PersonDay
    appearance: AppearanceState | None
    corrected: frozenset[str] = frozenset()  # punches in effect that a lead added or fixed

    @property
    def check_in(self) -> datetime | None:
        return self.person.check_in

    @property
    def check_out(self) -> datetime | None:
        return self.person.check_out

    @property
    def flags(self) -> tuple[str, ...]:
        return self.person.flags

    @property
    def late_minutes(self) -> int:
        return self.person.late_minutes

    @property
    def early_minutes(self) -> int:
        return self.person.early_minutes

    @property
    def incident_fines(self) -> int:
        return self.person.incident_fines

    @property
    def fines_total(self) -> int:
        return self.person.fines_total

    @property
    def unscheduled(self) -> bool:
        """Came in on a rest or leave day: there is no shift to be late or early against."""
        return "unscheduled" in self.flags

    @property
    def state(self) -> BoardState:
        """One word for the board's status column (flags carry the rest)."""
        status = self.standing.status
        if status == "present":
            if self.unscheduled:
                return "unscheduled"
            if self.check_out is not None:
                return "out"
            return "late" if "late" in self.flags else "in"
        if status == "expected":
            return "not_in"
        return status  # absent, rest, leave

    @property
    def awaiting_check(self) -> bool:
        """Checked in and still working, but not yet inspected by the lead: not once they
        have checked out, nor once the check-out window has passed without one (flagged
        `no_checkout`: they are no longer at the desk, or the day is closed)."""
        return (
            self.check_in is not None
            and self.check_out is None
            and "no_checkout" not in self.flags
            and self.appearance is None
        )


def summarise(rows: list[BoardRow]) -> DayCounts:
    """The board's head counts: the same definition as the close's (domain.summary)."""
    return day_counts([row.person for row in rows])


class BoardService:
    def __init__(
        self,
        days: DayStore,
        config: Config,
        clock: Clock,
        roster: RosterService,
        peers: PeerPunches | None = None,
    ) -> None:
        self.days = days
        self.config = config
        self.clock = clock
        self.roster = roster
        self.peers = peers
        self.kept = RowCache()  # rows between reads of a day (services/row_cache.py)

    def elsewhere(self, day: date) -> list[dict[str, Any]]:
        """Punches at the department's other kiosks on `day` (none without a central
        database): someone who checked in at another desk is not "not in" or absent here."""
        return self.peers.day_punches(day) if self.peers else []

    def rows(self, day: date | None = None, final: bool | None = None) -> list[BoardRow]:
        """Everyone's row for `day` (default today), in staff-list order; StoreError if the
        day's file is damaged. `final`: as the day is closed (absent, no check-out); by
        default once the day has been closed, so the board after the close says what the
        close recorded, not a live reading that differs from it (walk-through finding)."""
        now = self.clock.now()
        day = day or now.astimezone(self.config.timezone).date()
        events, closes = self._events_and_closes(day)
        if final is None:
            final = bool(closes)
        book = book_for(closes, self.config, self.days.path_for(day))
        merged = with_peers(events, self.elsewhere(day))
        return self.rows_from(day, merged, final, book=book, keep=True)

    def _events_and_closes(self, day: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The day's events and its closes among them. The closes are the day file's own
        (a scan of 50,000 events for them cost the board 20 ms), read before and after the
        events: the same closes both times are the closes of the events read between."""
        before = self.days.closes(day)
        events = self.days.events(day)
        closes = self.days.closes(day)
        if len(closes) != len(before) or not all(map(operator.is_, closes, before)):
            closes = [e for e in events if e.get("type") == ev.DAY_CLOSED]  # one came meanwhile
        return events, closes

    @collector_paused()
    def rows_from(
        self,
        day: date,
        events: list[dict[str, Any]],
        final: bool = False,
        plans: list[DayPlan] | None = None,
        book: RuleBook | None = None,
        keep: bool = False,
    ) -> list[BoardRow]:
        """Rows from events already read (inside a day's lock, by the day close); `plans`:
        who was on the roster and how (default: today's staff list and rosters); `book`:
        the templates and rules to judge by (default: the day's own, services/rule_books.py;
        the central report passes the desks'). Events are grouped by person once, so the
        cost is linear in people plus events. `keep`: reuse and keep each person's row
        while what it is computed from stays the same (services/row_cache.py): the board's
        reads and the close's, whose events are the day file's own records."""
        now = self.clock.now()
        whole = plans is None  # everyone's: the whole board is kept too (row_cache.LastBoard)
        plans = self.roster.day(day) if plans is None else plans
        book = book or book_for(events, self.config, self.days.path_for(day))
        grouped = self.kept.grouped(day, events) if keep else ev.by_person(events)
        names = {plan.staff.id: plan.staff.name for plan in plans}
        shifts: dict[tuple[str, date], ShiftTimes] = {}  # placed once per template and day
        if not keep:
            return [
                self._row(plan, grouped.get(plan.staff.id, ()), now, final, book, names, shifts)
                for plan in plans
            ]
        tz = self.config.timezone
        kept = self.kept.rows_for(day, book, tz)
        moments: dict[tuple[str, date], tuple[bool, bool]] = {}
        last = self.kept.board(day, book, tz) if whole else None
        if last is not None and last.holds_for(plans, final):
            placed = {k: standing_moment(t, book.rules, now, final) for k, t in last.shifts.items()}
            if placed == last.moments:  # the clock means the same for every shift
                shifts.update(last.shifts)
                moments = placed
            else:
                last = None
        else:
            last = None
        mines = [grouped.get(plan.staff.id, ()) for plan in plans]
        fresh: dict[str, KeptRow] = {}
        rows = []
        for n, plan in enumerate(plans):
            mine = mines[n]
            if last is not None and mine is last.mines[n]:  # no new event of theirs
                rows.append(last.rows[n])
                continue
            shift = self._placed(plan, book, shifts)
            moment = moments.get((plan.shift_code, plan.date))
            if moment is None:
                moment = standing_moment(shift, book.rules, now, final)
                moments[(plan.shift_code, plan.date)] = moment
            hit = kept.get(plan.staff.id)
            if hit is not None and hit.holds(plan, mine, moment, names):
                row = hit.row
            else:
                row = self._row(plan, mine, now, final, book, names, shifts)
                fresh[plan.staff.id] = KeptRow(plan, tuple(mine), moment, row)
            rows.append(row)
        if fresh:
            self.kept.keep(day, book, tz, fresh)
        if whole:
            self.kept.keep_board(day, book, tz, final, plans, mines, (shifts, moments), rows)
        return rows

    def row(self, staff_id: str, day: date | None = None) -> BoardRow | None:
        return next((r for r in self.rows(day) if r.staff.id == staff_id), None)

    def person(self, staff_id: str, day: date) -> PersonDay | None:
        """One person's day as the board reads it now, judging only that person (a punch's
        result asks after one person, not the whole department); None when they are not
        employed that day."""
        member = self.roster.staff.get(staff_id)
        if not member.employed_on(day):
            return None
        events = with_peers(self.days.events(day), self.elsewhere(day))
        final = any(e.get("type") == ev.DAY_CLOSED for e in events)
        plan = self.roster.plan(member, day)
        return self.rows_from(day, events, final, plans=[plan], keep=True)[0].person

    def _placed(
        self, plan: DayPlan, book: RuleBook, shifts: dict[tuple[str, date], ShiftTimes]
    ) -> ShiftTimes:
        """The roster's template for `plan` placed on its date (once per template and day:
        `shifts` keeps those placed); UsageError for a template the book does not have."""
        template = book.shifts.get(plan.shift_code)
        if template is None:  # never guessed: a wrong template would misjudge the day
            raise UsageError("staff_shift_unknown", staff_id=plan.staff.id, shift=plan.shift_code)
        shift = shifts.get((plan.shift_code, plan.date))
        if shift is None or shift.template is not template:
            shift = place_shift(template, plan.date, self.config.timezone)
            shifts[(plan.shift_code, plan.date)] = shift
        return shift

    def _row(
        self,
        plan: DayPlan,
        mine: Iterable[dict[str, Any]],
        now: datetime,
        final: bool,
        book: RuleBook,
        names: dict[str, str],
        shifts: dict[tuple[str, date], ShiftTimes],
    ) -> BoardRow:
        """`mine`: the person's events in effect. The shift is the roster's for the day:
        a shift the lead changed after the check-in judges that check-in too. `shifts`:
        the templates already placed on the day (the same for everyone on one shift)."""
        member = plan.staff
        shift = self._placed(plan, book, shifts)
        template = shift.template
        read = ev.person_events(mine)
        check = read.check
        appearance = (
            AppearanceState(
                check.get("by", ""),
                tuple(check.get("failed", ())),
                int(check.get("fine", 0)),
                datetime.fromisoformat(check["at"]),
                names.get(check.get("by", ""), ""),
            )
            if check
            else None
        )
        facts = DayFacts.from_punches(
            shift,
            plan.plan,
            read.punches,
            appearance is not None,
            bool(plan.leave and plan.leave.paperwork_pending),
        )
        standing = day_standing(facts, book.rules, now, final=final)
        worked_shift = plan.plan == "shift" or facts.check_in is not None
        person = PersonDay(
            staff_id=member.id,
            name=member.name,
            plan=plan.plan,
            plan_source=plan.source,
            planned_shift=plan.shift_code,
            shift=template.code if worked_shift else None,
            status=standing.status,
            flags=standing.flags,
            check_in=facts.check_in,
            check_out=facts.check_out,
            late_minutes=standing.late_minutes,
            early_minutes=standing.early_minutes,
            worked_minutes=standing.worked_minutes,
            late_from_break_minutes=standing.late_from_break_minutes,
            leave_type=plan.leave.type if plan.leave and plan.plan == "leave" else None,
            appearance=(
                AppearanceRecord(appearance.by, appearance.failed, appearance.fine)
                if appearance
                else None
            ),
            incident_fines=read.incident_fines,
        )
        return BoardRow(member, plan, shift, standing, person, appearance, read.corrected)
