"""The month across all kiosks, recomputed from the events every kiosk sent.

Adding up the kiosks' own closes would count a person twice who checked in at one desk and
out at another (one desk says "no check-out", the other "no check-in"). So each day is
computed again, once per person, from the events of every kiosk together, with the same
rules engine and the same summary code as a local close. The kiosks' closes give who was
on the roster that day and how; where two kiosks disagree, leave beats a roster override,
which beats the weekly pattern, and there a shift beats a rest day (the desk that knew of
the leave or the override is the one to believe).
The result has exactly the shape of a local month export.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kiosk.services.board import BoardService
from kiosk.services.day_close import person_summary
from kiosk.services.records import DayPlan, LeaveRecord, StaffMember

if TYPE_CHECKING:
    import psycopg

PLAN_WEIGHT = {"leave": 2, "shift": 1, "rest": 0}
CENTRAL_ID = "central"


@dataclass(frozen=True)
class MonthRecords:
    closes: dict[date, list[dict[str, Any]]]  # the kiosks' newest summaries, by date
    events: dict[date, list[dict[str, Any]]]  # every kiosk's events, by attendance date
    unclosed: tuple[tuple[date, str], ...]  # (date, kiosk) with events but no close sent


def fetch_month(conn: psycopg.Connection, first: date, last: date) -> MonthRecords:
    """Everything the kiosks sent for the dates first..last."""
    closes = _by_date(
        conn,
        "SELECT attendance_date, summary FROM day_closes "
        "WHERE attendance_date BETWEEN %s AND %s ORDER BY attendance_date, kiosk_id",
        (first, last),
    )
    events = _by_date(
        conn,
        "SELECT attendance_date, body FROM events WHERE attendance_date BETWEEN %s AND %s "
        "AND type <> 'day_closed' ORDER BY attendance_date, body->>'recorded_at', event_id",
        (first, last),
    )
    unclosed = conn.execute(
        "SELECT DISTINCT e.attendance_date, e.kiosk_id FROM events e "
        "LEFT JOIN day_closes c USING (kiosk_id, attendance_date) "
        "WHERE e.attendance_date BETWEEN %s AND %s AND c.kiosk_id IS NULL ORDER BY 1, 2",
        (first, last),
    ).fetchall()
    return MonthRecords(closes, events, tuple((d, k) for d, k in unclosed))


def _by_date(
    conn: psycopg.Connection, query: str, params: tuple[Any, ...]
) -> dict[date, list[dict[str, Any]]]:
    """Rows of (date, JSON document), grouped by date in the query's order."""
    found: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for day, document in conn.execute(query, params):
        found[day].append(document)
    return dict(found)


def merged_plans(day: date, summaries: list[dict[str, Any]]) -> list[DayPlan]:
    """One plan per person named in any kiosk's close, in first-seen order."""
    chosen: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        for person in summary["people"]:
            sid = person["staff_id"]
            if sid not in chosen or _weight(person) > _weight(chosen[sid]):
                chosen[sid] = person
    return [_plan(day, person) for person in chosen.values()]


def _weight(person: dict[str, Any]) -> tuple[int, int]:
    """(leave 2, an override 1, the weekly pattern 0), then shift over rest: two desks'
    overrides that disagree give the working one, whichever desk's id sorts first."""
    plan = person.get("plan", "shift")
    overridden = person.get("plan_source") == "override"
    tier = 2 if plan == "leave" else 1 if overridden else 0
    return tier, PLAN_WEIGHT.get(plan, 1)


def _plan(day: date, person: dict[str, Any]) -> DayPlan:
    code = person.get("planned_shift") or person.get("shift") or ""
    member = StaffMember(person["staff_id"], person["name"], code, "")
    leave = None
    if person.get("leave_type"):
        pending = "leave_paperwork_pending" in person.get("flags", [])
        leave = LeaveRecord(CENTRAL_ID, member.id, person["leave_type"], day, day, pending, False)
    source = "override" if person.get("plan_source") == "override" else "default"
    return DayPlan(member, day, code, person.get("plan", "shift"), source, leave)


def merged_summaries(records: MonthRecords, board: BoardService) -> list[dict[str, Any]]:
    """One summary per closed date, everyone once, from every kiosk's events together."""
    summaries = []
    for day in sorted(records.closes):
        kiosk_closes = records.closes[day]
        plans = merged_plans(day, kiosk_closes)
        rows = board.rows_from(day, records.events.get(day, []), final=True, plans=plans)
        summaries.append(
            {
                "date": day.isoformat(),
                "kiosk_id": CENTRAL_ID,
                "kiosks": [s["kiosk_id"] for s in kiosk_closes],
                "revision": max(int(s["revision"]) for s in kiosk_closes),
                "closed_at": max(str(s["closed_at"]) for s in kiosk_closes),
                "people": [person_summary(row) for row in rows],
            }
        )
    return summaries
