"""What a person reads after a punch: shared by `kiosk punch` and the kiosk screens."""

from __future__ import annotations

from datetime import datetime, time

from kiosk.domain.shifts import ShiftTemplate
from kiosk.i18n import Translator
from kiosk.services.punch import PunchResult
from kiosk.services.records import DayPlan


def describe_punch(result: PunchResult, tr: Translator, plan: DayPlan | None = None) -> str:
    """The sentence a person reads after a punch, in their language.

    `plan`: the person's plan for the shift's date, so that a punch on a day off says why the
    day is unscheduled (on leave, rest day) rather than only "not scheduled".
    """
    shift = result.shift
    common = {
        "name": result.staff.name,
        "time": result.at.strftime("%H:%M"),
        "shift": shift.template.code,
        "start": shift.start.strftime("%H:%M"),
        "end": shift.end.strftime("%H:%M"),
    }
    if result.action == "check_in":
        if result.late_minutes > shift.template.late_grace_minutes:
            text = tr.t("punch.check_in.late", minutes=result.late_minutes, **common)
        else:
            text = tr.t("punch.check_in.on_time", **common)
    else:
        worked = tr.minutes(result.worked_minutes or 0)
        if result.early_minutes > shift.template.early_grace_minutes:
            text = tr.t(
                "punch.check_out.early", minutes=result.early_minutes, worked=worked, **common
            )
        else:
            text = tr.t("punch.check_out", worked=worked, **common)
    if result.unscheduled:
        text += "\n" + unscheduled_note(result, tr, plan)
    return text


def unscheduled_note(result: PunchResult, tr: Translator, plan: DayPlan | None) -> str:
    name = result.staff.name
    if plan is not None and plan.plan == "leave" and plan.leave is not None:
        return tr.t("punch.unscheduled.leave", name=name, leave_type=tr.leave_type(plan.leave.type))
    if plan is not None and plan.plan == "rest":
        return tr.t("punch.unscheduled.rest", name=name)
    return tr.t("punch.unscheduled", name=name)


def describe_shift(
    template: ShiftTemplate, tr: Translator, start: time | datetime, end: time | datetime
) -> str:
    """'A 全天班 08:00-18:00': how a shift is named wherever a person reads it."""
    return tr.t(
        "shift.times",
        code=template.code,
        label=template.label(tr.lang),
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
    )
