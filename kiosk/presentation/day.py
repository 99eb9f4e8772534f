"""How a day's close and its counts are said: the CLI's close line, the lead's screens.

The counts come from domain.summary.day_counts (one definition, one set of names); this
module only words them, with the people behind each count where a screen has the room.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.domain.names import name_order
from kiosk.domain.summary import DayCounts, DaySummary
from kiosk.i18n import Translator
from kiosk.services.day_close import DayClose

# The counts the end-of-day screen lists people for, in the order a lead reads them.
LISTED_COUNTS = (
    "absent",
    "expected",
    "late",
    "early_leave",
    "late_from_break",
    "no_break_in",
    "no_checkout",
    "appearance_unchecked",
    "unscheduled",
    "leave_paperwork_pending",
    "leave",
    "rest",
)


def describe_close(closed: DayClose, tr: Translator) -> str:
    """`2026-11-27 已结账(第 1 版):出勤 9 ...` (or that nothing new needed closing)."""
    key = "day.closed" if closed.changed else "day.already_closed"
    counts = closed.summary.counts.as_numbers()
    return tr.t(key, date=closed.date.isoformat(), revision=closed.revision, **counts)


def shifts_running_note(running: Sequence[str], tr: Translator) -> str:
    """The warning when a day is closed before its shifts end: one short sentence a line,
    the shifts listed with the language's own separator (A、B、C), so that at 80 columns a
    line never breaks between the list and what it is about."""
    return tr.t("day.closed_early", shifts=tr.t("day.shifts_separator").join(running))


COUNTS_SEPARATOR = " · "  # between the items of `counts.line`, in every catalog


def describe_counts(counts: DayCounts, tr: Translator) -> str:
    """The head line shared by the board, the end-of-day screen and the CLI."""
    text = tr.t("counts.line", **counts.as_numbers())
    if counts["unscheduled"]:
        text += tr.t("counts.unscheduled", unscheduled=counts["unscheduled"])
    return text


def count_items(counts: DayCounts, tr: Translator) -> list[str]:
    """The head line as its items ("未签退 0"), for a screen that wraps between them."""
    return describe_counts(counts, tr).split(COUNTS_SEPARATOR)


def people_behind(summary: DaySummary, tr: Translator, limit: int = 12) -> list[str]:
    """One line per non-empty count: its name, the number and the people's names."""
    names = {p.staff_id: p.name for p in summary.people}
    counts = summary.counts
    lines = []
    for count in LISTED_COUNTS:
        ids = counts.people[count]
        if not ids:
            continue
        shown = sorted((names[i] for i in ids), key=name_order)[:limit]
        more = tr.t("counts.more", count=len(ids) - limit) if len(ids) > limit else ""
        separator = tr.t("export.list_separator")
        lines.append(
            tr.t(
                "counts.who",
                label=tr.t(f"counts.name.{count}"),
                count=len(ids),
                names=separator.join(shown) + more,
            )
        )
    return lines
