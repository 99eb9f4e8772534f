"""Today's board: everyone on the staff list, what they were meant to do and what they did.

One row per person per attendance date, built from the day's file in one read, so the lead's
board, the appearance-check queue and (later) the day close agree on every figure. The state
words are English identifiers; the screens translate them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.day_status import DayFacts, DayStanding, day_standing
from kiosk.domain.shifts import ShiftTimes, place_shift
from kiosk.services import events as ev
from kiosk.services.peers import PeerPunches, with_peers
from kiosk.services.records import DayPlan, StaffMember
from kiosk.services.roster import RosterService
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


@dataclass(frozen=True)
class BoardRow:
    staff: StaffMember
    plan: DayPlan
    shift: ShiftTimes  # the shift checked in against, else the planned (or default) one
    check_in: datetime | None
    check_out: datetime | None
    standing: DayStanding
    appearance: AppearanceState | None
    incident_fines: int = 0  # incidents the lead recorded on this date (yuan)
    corrected: frozenset[str] = frozenset()  # punches in effect that a lead added or fixed

    @property
    def state(self) -> BoardState:
        """One word for the board's status column (flags carry the rest)."""
        status = self.standing.status
        if status == "present":
            if self.unscheduled:
                return "unscheduled"
            if self.check_out is not None:
                return "out"
            return "late" if "late" in self.standing.flags else "in"
        if status == "expected":
            return "not_in"
        return status  # absent, rest, leave

    @property
    def unscheduled(self) -> bool:
        """Came in on a rest or leave day: there is no shift to be late or early against."""
        return "unscheduled" in self.standing.flags

    @property
    def flags(self) -> tuple[str, ...]:
        """The day's flags; on a rest or leave day there is no shift to be late or early
        against, so those two are dropped (the day is flagged `unscheduled` instead)."""
        dropped = ("late", "early_leave") if self.unscheduled else ()
        return tuple(f for f in self.standing.flags if f not in dropped)

    @property
    def late_minutes(self) -> int:
        return self.standing.late_minutes if "late" in self.flags else 0

    @property
    def early_minutes(self) -> int:
        return self.standing.early_minutes if "early_leave" in self.flags else 0

    @property
    def fines_total(self) -> int:
        return (self.appearance.fine if self.appearance else 0) + self.incident_fines

    @property
    def awaiting_check(self) -> bool:
        """Checked in and still working, but not yet inspected by the lead."""
        return self.check_in is not None and self.appearance is None


def summarise(rows: list[BoardRow]) -> dict[str, int]:
    """The board's head counts. Of the people scheduled today, `expected` = `arrived` +
    `not_in` + `absent`; `rest` and `leave` count plans; `unscheduled` counts people who came
    in on a rest or leave day (they are in `rest`/`leave`, never in `arrived`)."""
    scheduled = [r for r in rows if r.plan.plan == "shift"]
    states = [r.state for r in scheduled]
    return {
        "expected": len(scheduled),
        "arrived": sum(s in ("in", "late", "out") for s in states),
        "late": sum("late" in r.standing.flags for r in scheduled),
        "absent": states.count("absent"),
        "not_in": states.count("not_in"),
        "rest": sum(r.plan.plan == "rest" for r in rows),
        "leave": sum(r.plan.plan == "leave" for r in rows),
        "awaiting": sum(r.awaiting_check for r in rows),
        "unscheduled": sum(r.unscheduled for r in rows),
    }


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

    def elsewhere(self, day: date) -> list[dict[str, Any]]:
        """Punches at the department's other kiosks on `day` (none without a central
        database): someone who checked in at another desk is not "not in" or absent here."""
        return self.peers.day_punches(day) if self.peers else []

    def rows(self, day: date | None = None, final: bool = False) -> list[BoardRow]:
        """Everyone's row for `day` (default today), in staff-list order; StoreError if the
        day's file is damaged. `final`: as the day is closed (absent, no check-out)."""
        now = self.clock.now()
        day = day or now.astimezone(self.config.timezone).date()
        return self.rows_from(day, with_peers(self.days.events(day), self.elsewhere(day)), final)

    def rows_from(
        self,
        day: date,
        events: list[dict[str, Any]],
        final: bool = False,
        plans: list[DayPlan] | None = None,
    ) -> list[BoardRow]:
        """Rows from events already read (inside a day's lock, by the day close); `plans`:
        who was on the roster and how (default: today's staff list and rosters)."""
        now = self.clock.now()
        plans = self.roster.day(day) if plans is None else plans
        return [self._row(plan, events, now, final) for plan in plans]

    def row(self, staff_id: str, day: date | None = None) -> BoardRow | None:
        return next((r for r in self.rows(day) if r.staff.id == staff_id), None)

    def _row(
        self, plan: DayPlan, events: list[dict[str, Any]], now: datetime, final: bool
    ) -> BoardRow:
        member = plan.staff
        code = ev.checked_in_shift(events, member.id) or plan.shift_code
        template = self.config.shifts.get(code) or self.config.shifts.get(plan.shift_code)
        if template is None:  # a template removed from kiosk.toml: show the first one's times
            template = next(iter(self.config.shifts.values()))
        shift = place_shift(template, plan.date, self.config.timezone)
        punches = ev.punches(events, member.id)
        check_ins = [p.at for p in punches if p.action == "check_in"]
        check_outs = [p.at for p in punches if p.action == "check_out"]
        check = ev.appearance_check(events, member.id)
        appearance = (
            AppearanceState(
                check.get("by", ""),
                tuple(check.get("failed", ())),
                int(check.get("fine", 0)),
                datetime.fromisoformat(check["at"]),
            )
            if check
            else None
        )
        facts = DayFacts(
            shift,
            plan.plan,
            check_ins[-1] if check_ins else None,
            check_outs[-1] if check_outs else None,
            appearance is not None,
            bool(plan.leave and plan.leave.paperwork_pending),
        )
        standing = day_standing(facts, self.config.rules, now, final=final)
        mine = [e for e in ev.in_effect(events) if e.get("staff_id") == member.id]
        incident_fines = sum(int(e.get("fine", 0)) for e in mine if e.get("type") == ev.INCIDENT)
        corrected = frozenset(
            str(e["action"]) for e in mine if e.get("type") == ev.PUNCH and e.get("by")
        )
        return BoardRow(
            member,
            plan,
            shift,
            facts.check_in,
            facts.check_out,
            standing,
            appearance,
            incident_fines,
            corrected,
        )
