"""Punching in and out: the scan's meaning decided and recorded inside the day's lock.

The decision reads the day files fresh inside their locks, so two kiosks (or a kiosk and the
CLI) scanning the same person at the same moment record one check-in, not two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain import events as ev
from kiosk.domain.clock_jump import CLOCK_JUMPED, honest_punches
from kiosk.domain.day_status import DayStanding
from kiosk.domain.punch_rules import (
    Action,
    AttendanceDay,
    Punch,
    PunchVerdict,
    Refusal,
    correction_day,
    decide_punch,
)
from kiosk.domain.rule_book import RuleBook
from kiosk.domain.shifts import ShiftTimes, place_shift, to_minute
from kiosk.errors import RefusedError, UsageError
from kiosk.parsing import has_control_characters, reads_as_words
from kiosk.services.clock_watch import ClockWatch
from kiosk.services.peers import PeerPunches, with_peers
from kiosk.services.records import DayPlan, StaffMember
from kiosk.services.roster import RosterService
from kiosk.services.rule_books import book_for
from kiosk.services.staff import StaffService
from kiosk.store.days import DayStore, DayTransaction


@dataclass(frozen=True)
class PunchResult(PunchVerdict):
    """A recorded punch and the day's standing with it, as the rules decided it: the CLI
    line, `punch --json` and the result screen all read these figures."""

    staff: StaffMember
    action: Action
    at: datetime
    shift: ShiftTimes
    standing: DayStanding
    plan: DayPlan
    event_id: str
    corrects: str | None = None
    clock_jumped: bool = False  # made while the wall clock had jumped (services/clock_watch)

    @property
    def unscheduled(self) -> bool:
        return self.plan.plan != "shift"

    def public(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff.id,
            "name": self.staff.name,
            "action": self.action,
            "at": self.at.isoformat(timespec="seconds"),
            "date": self.shift.date.isoformat(),
            "shift": self.shift.template.code,
            "plan": self.plan.plan,
            "flags": list(self.standing.flags),
            "late_minutes": self.late_minutes,
            "early_minutes": self.early_minutes,
            "worked_minutes": self.worked_minutes,
            "late_from_break_minutes": self.late_from_break_minutes,
            "unscheduled": self.unscheduled,
            "id": self.event_id,
            "corrects": self.corrects,
            "clock_jumped": self.clock_jumped,
        }


class PunchService:
    def __init__(
        self,
        days: DayStore,
        config: Config,
        clock: Clock,
        staff: StaffService,
        roster: RosterService,
        source: str = "kiosk",
        peers: PeerPunches | None = None,
    ) -> None:
        self.days = days
        self.config = config
        self.clock = clock
        self.staff = staff
        self.roster = roster
        self.source = source
        self.peers = peers
        # Set by kiosk.cli: a punch made while the wall clock has jumped is flagged.
        self.watch: ClockWatch | None = None

    # -- which shift, which day ------------------------------------------------------------
    def _day(
        self,
        member: StaffMember,
        day: date,
        txn: DayTransaction,
        elsewhere: Sequence[dict[str, Any]] = (),
    ) -> tuple[DayPlan, AttendanceDay, RuleBook]:
        """The day as the roster has it now, with the rule book it is judged by: the lead's
        roster is the truth for the whole day, so a shift changed after the check-in is the
        shift the day is judged by, and a closed day keeps the times it was closed with
        (services/rule_books.py). `elsewhere`: the person's punches at other kiosks (from
        the central database), so the decision sees the whole day."""
        own = txn.person_events(day, member.id)  # a correction is the person's own event
        book = book_for(txn.closes(day), self.config, self.days.path_for(day))
        events = with_peers(own, elsewhere)
        plan = self.roster.plan(member, day)
        template = book.shifts.get(plan.shift_code)
        if template is None:  # kiosk.toml lost a template that people are still on
            raise UsageError("staff_shift_unknown", staff_id=member.id, shift=plan.shift_code)
        shift = place_shift(template, day, self.config.timezone)
        punches = ev.punches(events, member.id)
        return plan, AttendanceDay(shift, plan.plan == "shift", punches, plan.plan), book

    def read_ahead(self) -> None:
        """Read the day files a punch now would read, before anyone scans (the kiosk does
        at start, in the background): at 5,000 staff the first read of a day is about a
        second, which the first person in the queue would otherwise wait for. Later punches
        read only what was appended since (store/day_file.py)."""
        for day in self._candidate_days(self.clock.now()):
            self.days.working(day)
            self.days.closes(day)
        self.staff.read_ahead()

    def _candidate_days(self, now: datetime) -> list[date]:
        """Today, plus yesterday while any template placed on it still takes punches (a
        night shift after midnight) and tomorrow once any template's check-in window on it
        has opened (a shift starting just after midnight).

        Any template, not only the planned one: the lead may move the person onto another
        shift for that day. With day shifts only, neither neighbour is ever read, so a
        damaged file elsewhere does not stop today's punches."""
        rules, tz = self.config.rules, self.config.timezone
        today = now.astimezone(tz).date()
        minute = to_minute(now)
        yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
        templates = self.config.shifts.values()
        days = [today]
        if any(minute <= place_shift(t, yesterday, tz).checkout_closes(rules) for t in templates):
            days.insert(0, yesterday)
        if any(minute >= place_shift(t, tomorrow, tz).checkin_opens(rules) for t in templates):
            days.append(tomorrow)
        return days

    # -- punching ----------------------------------------------------------------------------
    def punch(
        self, staff_id: str, confirmed: bool = False, at: datetime | None = None
    ) -> PunchResult:
        """Record a check-in or check-out now (or at `at`, for scripts); RefusedError if not."""
        member = self.staff.get(staff_id)
        now = at or self.clock.now()
        days = self._candidate_days(now)
        today = now.astimezone(self.config.timezone).date()
        jumped = at is None and self.watch is not None and self.watch.read().jumped
        # Asked before taking the lock: a slow network must not hold up other kiosks' writes.
        elsewhere = self.peers.peer_punches(member.id, days) if self.peers else {}
        with self.days.transaction(days) as txn:
            loaded = {day: self._day(member, day, txn, elsewhere.get(day, [])) for day in days}
            attendance = {day: _honest(found[1], now, jumped) for day, found in loaded.items()}
            decision = decide_punch(
                attendance.get(today - timedelta(days=1)),
                attendance[today],
                now,
                loaded[today][2].rules,
                confirmed=confirmed,
                tomorrow=attendance.get(today + timedelta(days=1)),
            )
            if isinstance(decision, Refusal):
                raise _refused(member, decision)
            shift = decision.day.shift
            if not member.employed_on(shift.date):
                raise _not_employed(member, shift.date)
            event = self._event(member, shift, decision.action, decision.at)
            if jumped:
                event[CLOCK_JUMPED] = True
            txn.append(shift.date, event)
        if self.peers is not None:
            self.peers.push([event])  # on disk already; the other desks see it now if they can
        return PunchResult(
            member,
            decision.action,
            decision.at,
            shift,
            decision.standing,
            loaded[shift.date][0],
            event["id"],
            clock_jumped=jumped,
        )

    def _event(
        self,
        member: StaffMember,
        shift: ShiftTimes,
        action: str,
        at: datetime,
        by: str | None = None,
        reason: str | None = None,
        corrects: str | None = None,
    ) -> dict[str, Any]:
        return ev.new_event(
            ev.PUNCH,
            member.id,
            shift.date.isoformat(),
            action=action,
            at=at.isoformat(timespec="seconds"),
            shift=shift.template.code,
            recorded_at=self.clock.now().isoformat(timespec="seconds"),
            source=self.source,
            by=by,
            reason=reason,
            corrects=corrects,
        )

    # -- corrections by the lead -------------------------------------------------------------
    def correct(
        self,
        staff_id: str,
        at: datetime,
        by: str,
        reason: str,
        action: str | None = None,
        day: date | None = None,
    ) -> PunchResult:
        """A lead adds or replaces a punch (a forgotten check-out, say), with a reason.

        The original punch, if any, stays in the file; the new event names it. Windows and
        duplicate rules do not apply, but a check-out needs a check-in before it. `day` is the
        attendance date; without it, the day whose punch window contains `at`.
        """
        lead = self.staff.lead(by)
        member = self.staff.get(staff_id)
        if not reason.strip():
            raise UsageError("reason_required")
        if has_control_characters(reason):
            raise UsageError("text_control_characters", field="reason")
        if not reads_as_words(reason):  # a time typed in the wrong field, say
            raise UsageError("reason_not_words", reason=reason.strip()[:40])
        if action not in (None, "check_in", "check_out", "break_out", "break_in"):
            raise UsageError("correction_needs_action")
        if at > self.clock.now() + timedelta(minutes=1):
            raise UsageError("in_future", value=at.strftime("%Y-%m-%d %H:%M"))
        day = day or self._correction_day(member, at)
        with self.days.transaction([day]) as txn:
            plan, attendance, book = self._day(member, day, txn)
            check_in, check_out = attendance.last("check_in"), attendance.last("check_out")
            if action is None:
                if check_in is not None and check_out is not None:
                    raise UsageError("correction_needs_action")
                action = "check_in" if check_in is None else "check_out"
            if action != "check_in" and check_in is None:
                raise UsageError("correction_needs_check_in")
            if _out_of_order(action, at, check_in, check_out):
                raise UsageError("correction_out_of_order")
            replaced = attendance.last(action)  # type: ignore[arg-type]
            shift = attendance.shift
            event = self._event(
                member,
                shift,
                action,
                at,
                lead.id,
                reason.strip()[:200],
                replaced.id if replaced else None,
            )
            txn.append(day, event)
        kept = [p for p in attendance.punches if replaced is None or p.id != replaced.id]
        after = AttendanceDay(
            shift, attendance.scheduled, (*kept, Punch(event["id"], action, at)), plan.plan
        )
        standing = after.standing(book.rules, max(at, self.clock.now()))
        return PunchResult(
            member,
            action,  # type: ignore[arg-type]
            at,
            shift,
            standing,
            plan,
            event["id"],
            event["corrects"],
        )

    def _correction_day(self, member: StaffMember, at: datetime) -> date:
        """The attendance date of a correction given without one: the rules decide it
        (domain.punch_rules.correction_day), from the three days around `at`."""
        local = at.astimezone(self.config.timezone).date()
        days = [local - timedelta(days=1), local, local + timedelta(days=1)]
        with self.days.transaction(days) as txn:
            loaded = [self._day(member, day, txn)[1] for day in days]
            rules = book_for(txn.closes(local), self.config, self.days.path_for(local)).rules
        return correction_day(loaded[0], loaded[1], at, rules, loaded[2])


def _honest(day: AttendanceDay, now: datetime, jumped: bool) -> AttendanceDay:
    """The day as a scan now sees it: a punch made across a clock jump and stamped after
    `now` is no check-in to check out from (domain/clock_jump.py)."""
    kept = tuple(honest_punches(day.punches, now, jumped))
    return day if len(kept) == len(day.punches) else replace(day, punches=kept)


def _out_of_order(
    action: str, at: datetime, check_in: Punch | None, check_out: Punch | None
) -> bool:
    """A corrected punch must keep the day in order: in, (break out, break in), out."""
    minute = to_minute(at)
    after_out = check_out is not None and minute > to_minute(check_out.at)
    before_in = check_in is not None and minute < to_minute(check_in.at)
    if action == "check_in":
        return after_out
    if action == "check_out":
        return before_in
    return before_in or after_out  # a break lies inside the day


def _refused(member: StaffMember, refusal: Refusal) -> RefusedError:
    shift = refusal.day.shift
    params: dict[str, Any] = {
        "staff_id": member.id,
        "name": member.name,
        "shift": shift.template.code,
        "date": shift.date.isoformat(),
    }
    if refusal.opens_at is not None:
        params["opens_at"] = refusal.opens_at.strftime("%H:%M")
    if refusal.reason in ("needs_confirmation", "meal_break"):
        params["early_minutes"] = refusal.early_minutes
        params["end"] = shift.end.strftime("%H:%M")
        check_in = refusal.day.last("check_in")  # said, for whoever scanned twice by mistake
        if check_in is not None:
            params["checked_in_at"] = check_in.at.strftime("%H:%M")
    if refusal.reason == "meal_break" and shift.break_start and shift.break_end:
        params["break_start"] = shift.break_start.strftime("%H:%M")
        params["break_end"] = shift.break_end.strftime("%H:%M")
    if refusal.last_punch is not None:
        params["last_at"] = refusal.last_punch.at.strftime("%H:%M")
    return RefusedError(refusal.reason, **params)


def _not_employed(member: StaffMember, day: date) -> RefusedError:
    """Gone, or not started yet: each said in its own words."""
    if member.left_on is not None and day >= member.left_on:
        return RefusedError("staff_left", name=member.name, date=str(member.left_on))
    return RefusedError("staff_not_started", name=member.name, date=str(member.starts_on))
