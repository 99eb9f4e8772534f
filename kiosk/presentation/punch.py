"""What a person reads after a punch: shared by `kiosk punch` and the kiosk screens.

Late, early and unscheduled are the rules' verdicts carried by the `PunchResult`; nothing
here compares a time with a shift.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from kiosk.domain.shifts import ShiftTemplate
from kiosk.i18n import Translator

if TYPE_CHECKING:  # types only: the month's modules load when a month line is read, and
    # the punch's when a punch is made (the home screen's first frame needs neither)
    from kiosk.services.month_so_far import MonthSoFar
    from kiosk.services.punch import PunchResult


def punch_params(result: PunchResult, tr: Translator) -> dict[str, object]:
    """The values every sentence about this punch may use; durations already worded by
    Translator.minutes, so 'late 365' reads '6小时5分钟' like the worked time beside it."""
    shift = result.shift
    return {
        "name": result.staff.name,
        "time": result.at.strftime("%H:%M"),
        "shift": shift.template.code,
        "start": shift.start.strftime("%H:%M"),
        "end": shift.end.strftime("%H:%M"),
        "break_end": shift.break_end.strftime("%H:%M") if shift.break_end else "",
        "minutes": tr.minutes(punch_minutes(result)),
        "worked": tr.minutes(result.worked_minutes or 0),
    }


def punch_minutes(result: PunchResult) -> int:
    """The minutes the verdict is about: late in, early out, or late back from the break."""
    if result.action == "check_in":
        return result.late_minutes
    if result.action == "check_out":
        return result.early_minutes
    return result.late_from_break_minutes


def outcome_key(result: PunchResult) -> str:
    """`check_in.late`, `check_out.early`, `break_in.late`, ... : which sentence applies.
    A check-out has the same three verdicts as a check-in, so one on time says so too."""
    action = result.action
    if action == "check_in":
        verdict = "unscheduled" if result.unscheduled else "late" if result.late else "on_time"
    elif action == "check_out":
        verdict = "unscheduled" if result.unscheduled else "early" if result.early else "on_time"
    elif action == "break_in":
        verdict = "late" if result.late_from_break_minutes else "done"
    else:
        verdict = "done"
    return f"{action}.{verdict}"


def is_warning(result: PunchResult) -> bool:
    """Shown in the warning tone: the rules flagged this punch."""
    return outcome_key(result).endswith((".late", ".early"))


def describe_punch(result: PunchResult, tr: Translator) -> str:
    """The sentence a person reads after a punch at the shell, in their language."""
    text = tr.t(f"punch.{outcome_key(result)}", **punch_params(result, tr))
    if result.unscheduled:
        text += "\n" + unscheduled_note(result, tr)
    return text


def unscheduled_note(result: PunchResult, tr: Translator) -> str:
    """Why a punch on a day off carries no late or early verdict (on leave, rest day)."""
    plan, name = result.plan, result.staff.name
    if plan.plan == "leave" and plan.leave is not None:
        return tr.t("punch.unscheduled.leave", name=name, leave_type=tr.leave_type(plan.leave.type))
    if plan.plan == "rest":
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


def month_line(so_far: MonthSoFar, tr: Translator) -> str:
    """The person's month so far in one line (本月:出勤 18 天 · 迟到 2 次 · 罚款 20 元),
    from the month totals; the rest days still due when the plan says (None: not said)."""
    totals = so_far.totals
    parts = [
        tr.t("result.month.present", days=totals.days_present),
        tr.t("result.month.late", count=totals.late_count),
    ]
    if so_far.rest_left is not None:
        parts.append(tr.t("result.month.rest_left", days=so_far.rest_left))
    parts.append(tr.t("result.month.fines", yuan=totals.fines_total))
    return tr.t("result.month", parts=tr.t("result.month.separator").join(parts))
