"""The 考勤表 in words: a mark's symbol, the legend, the totals beside the grid.

The workbook (month_workbook.py) and the lead's month screen show the same grid, so both
read their symbols and headers here; the marks themselves come from the domain
(kiosk/domain/month_sheet.py). UI-free and store-free.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.domain.month_sheet import BLANK, MARK_CODES, MonthSheet, SheetRow
from kiosk.domain.month_signoff import MonthApproval
from kiosk.i18n import Translator

# The totals at the grid's right, before the leave columns and the fines.
GRID_TOTALS = (
    "days_present",
    "late_count",
    "late_minutes",
    "early_count",
    "absences",
    "no_checkout",
    "rest_days",
)

Column = tuple[str, Callable[[SheetRow], int]]


def mark_symbol(code: str, tr: Translator) -> str:
    """`late` -> 迟 / L; a leave type without a symbol of its own is 假 / LV; blank stays."""
    if code == BLANK:
        return ""
    key = f"sheet.mark.{code}"
    if code.startswith("leave.") and tr.t(key) == key:
        key = "sheet.mark.leave"
    return tr.t(key)


def legend(sheet: MonthSheet, tr: Translator) -> list[tuple[str, str]]:
    """(symbol, meaning) for every mark, the leave types in their columns' order."""
    entries = [
        (mark_symbol(code, tr), tr.t(f"sheet.meaning.{code}"))
        for code in MARK_CODES
        if code != "leave"
    ]
    entries += [(mark_symbol(f"leave.{k}", tr), tr.leave_type(k)) for k in sheet.leave_types]
    return entries


def weekday_short(index: int, tr: Translator) -> str:
    """0 = Monday -> 一 / Mo."""
    return tr.t(f"sheet.weekday.{('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')[index]}")


def grid_totals(sheet: MonthSheet, tr: Translator) -> list[tuple[str, Callable[[SheetRow], int]]]:
    """The totals columns at the grid's right: (header, the row's number)."""
    columns: list[Column] = [(tr.t(f"sheet.total.{name}"), _total(name)) for name in GRID_TOTALS]
    columns += [(mark_symbol(f"leave.{k}", tr), _leave(sheet, k)) for k in sheet.leave_types]
    columns.append((tr.t("sheet.total.fines_total"), _total("fines_total")))
    return columns


def department_name(configured: str, tr: Translator) -> str:
    return configured or tr.t("sheet.department_default")


def approval_text(approval: MonthApproval | None, tr: Translator) -> str:
    """The title's approval state: 已审批 第2版 L001 2026-12-01 08:00, or 未审批."""
    if approval is None:
        return tr.t("sheet.approval.none")
    return tr.t(
        "sheet.approval.done",
        revision=approval.revision,
        by=approval.approved_by,
        at=approval.approved_at.strftime("%Y-%m-%d %H:%M"),
    )


def _total(name: str) -> Callable[[SheetRow], int]:
    return lambda row: int(getattr(row.totals, name))


def _leave(sheet: MonthSheet, kind: str) -> Callable[[SheetRow], int]:
    return lambda row: sheet.leave_days(row, kind)
