"""Punching in and out: the scan's meaning decided and recorded inside the day's lock.

The decision reads the day files fresh inside their locks, so two kiosks (or a kiosk and the
CLI) scanning the same person at the same moment record one check-in, not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.punch_rules import AttendanceDay, PunchDecision, Refusal, decide_punch
from kiosk.domain.shifts import (
    ShiftTimes,
    early_minutes,
    late_minutes,
    place_shift,
    to_minute,
    worked_minutes,
)
from kiosk.errors import RefusedError, UsageError
from kiosk.services import events as ev
from kiosk.services.records import StaffMember
from kiosk.services.roster import RosterService
from kiosk.services.staff import StaffService
from kiosk.store.days import DayStore, DayTransaction


@dataclass(frozen=True)
class PunchResult:
    staff: StaffMember
    action: Literal["check_in", "check_out"]
    at: datetime
    shift: ShiftTimes
    late_minutes: int
    early_minutes: int
    worked_minutes: int | None
    unscheduled: bool
    event_id: str
    corrects: str | None = None

    def public(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff.id,
            "name": self.staff.name,
            "action": self.action,
            "at": self.at.isoformat(timespec="seconds"),
            "date": self.shift.date.isoformat(),
            "shift": self.shift.template.code,
            "late_minutes": self.late_minutes,
            "early_minutes": self.early_minutes,
            "worked_minutes": self.worked_minutes,
            "unscheduled": self.unscheduled,
            "id": self.event_id,
            "corrects": self.corrects,
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
    ) -> None:
        self.days = days
        self.config = config
        self.clock = clock
        self.staff = staff
        self.roster = roster
        self.source = source

    def _shift(self, member: StaffMember, day: date) -> tuple[ShiftTimes, bool]:
        """The person's shift placed on `day`, and whether they are scheduled to work it."""
        plan = self.roster.plan(member, day)
        shift = place_shift(self.config.shifts[plan.shift_code], day, self.config.timezone)
        return shift, plan.plan == "shift"

    def _day(self, member: StaffMember, day: date, txn: DayTransaction) -> AttendanceDay:
        shift, scheduled = self._shift(member, day)
        return AttendanceDay(shift, scheduled, ev.punches(txn.events(day), member.id))

    def _yesterday_still_open(self, member: StaffMember, now: datetime) -> bool:
        """Yesterday's shift still takes punches at `now` (a night shift after midnight).

        Only then is yesterday's file read at all, so a damaged file from yesterday does not
        stop today's day shifts.
        """
        yesterday = now.astimezone(self.config.timezone).date() - timedelta(days=1)
        shift, _ = self._shift(member, yesterday)
        return to_minute(now) <= shift.checkout_closes(self.config.rules)

    def punch(
        self, staff_id: str, confirmed: bool = False, at: datetime | None = None
    ) -> PunchResult:
        """Record a check-in or check-out now (or at `at`, for scripts); RefusedError if not."""
        member = self.staff.get(staff_id)
        now = at or self.clock.now()
        today = now.astimezone(self.config.timezone).date()
        yesterday = today - timedelta(days=1)
        days = [yesterday, today] if self._yesterday_still_open(member, now) else [today]
        with self.days.transaction(days) as txn:
            decision = decide_punch(
                self._day(member, yesterday, txn) if yesterday in days else None,
                self._day(member, today, txn),
                now,
                self.config.rules,
                confirmed=confirmed,
            )
            if isinstance(decision, Refusal):
                raise _refused(member, decision)
            return self._record(txn, member, decision)

    def _record(
        self, txn: DayTransaction, member: StaffMember, decision: PunchDecision
    ) -> PunchResult:
        shift = decision.day.shift
        event = ev.new_event(
            ev.PUNCH,
            member.id,
            shift.date.isoformat(),
            action=decision.action,
            at=decision.at.isoformat(timespec="seconds"),
            shift=shift.template.code,
            recorded_at=self.clock.now().isoformat(timespec="seconds"),
            source=self.source,
            by=None,
            reason=None,
            corrects=None,
        )
        txn.append(shift.date, event)
        return PunchResult(
            member,
            decision.action,
            decision.at,
            shift,
            decision.late_minutes,
            decision.early_minutes,
            decision.worked_minutes,
            decision.unscheduled,
            event["id"],
        )

    def correct(
        self,
        staff_id: str,
        at: datetime,
        by: str,
        reason: str,
        action: str | None = None,
    ) -> PunchResult:
        """A lead adds or replaces a punch (a forgotten check-out, say), with a reason.

        The original punch, if any, stays in the file; the new event names it. Windows and
        duplicate rules do not apply, but a check-out must still follow the check-in.
        """
        lead = self.staff.lead(by)
        member = self.staff.get(staff_id)
        if not reason.strip():
            raise UsageError("reason_required")
        day = self._attendance_date(member, at)
        with self.days.transaction([day]) as txn:
            attendance = self._day(member, day, txn)
            check_in, check_out = attendance.last("check_in"), attendance.last("check_out")
            if action is None:
                if check_in is None:
                    action = "check_in"
                elif check_out is None:
                    action = "check_out"
                else:
                    raise UsageError("correction_needs_action")
            if action not in ("check_in", "check_out"):
                raise UsageError("correction_needs_action")
            replaced = check_in if action == "check_in" else check_out
            other = check_out if action == "check_in" else check_in
            if other is not None and (
                (action == "check_in" and to_minute(at) > to_minute(other.at))
                or (action == "check_out" and to_minute(at) < to_minute(other.at))
            ):
                raise UsageError("correction_out_of_order")
            shift = attendance.shift
            event = ev.new_event(
                ev.PUNCH,
                member.id,
                day.isoformat(),
                action=action,
                at=at.isoformat(timespec="seconds"),
                shift=shift.template.code,
                recorded_at=self.clock.now().isoformat(timespec="seconds"),
                source=self.source,
                by=lead.id,
                reason=reason.strip()[:200],
                corrects=replaced.id if replaced else None,
            )
            txn.append(day, event)
        check_in_at = at if action == "check_in" else (check_in.at if check_in else None)
        check_out_at = at if action == "check_out" else (check_out.at if check_out else None)
        return PunchResult(
            member,
            action,  # type: ignore[arg-type]
            at,
            shift,
            late_minutes(shift, check_in_at) if check_in_at else 0,
            early_minutes(shift, check_out_at) if check_out_at else 0,
            worked_minutes(shift, check_in_at, check_out_at)
            if check_in_at and check_out_at
            else None,
            not attendance.scheduled,
            event["id"],
            event["corrects"],
        )

    def _attendance_date(self, member: StaffMember, at: datetime) -> date:
        """The day whose shift window contains `at`: yesterday only for a night shift."""
        local = at.astimezone(self.config.timezone)
        if self._yesterday_still_open(member, local):
            return local.date() - timedelta(days=1)
        return local.date()


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
    if refusal.reason == "needs_confirmation":
        params["early_minutes"] = refusal.early_minutes
        params["end"] = shift.end.strftime("%H:%M")
    if refusal.last_punch is not None:
        params["last_at"] = refusal.last_punch.at.strftime("%H:%M")
    return RefusedError(refusal.reason, **params)
