"""The month across all kiosks, recomputed from the events every kiosk sent.

Adding up the kiosks' own closes would count a person twice who checked in at one desk and
out at another (one desk says "no check-out", the other "no check-in"). So each day is
computed again, once per person, from the events of every kiosk together, with the same
rules engine and the same summary code as a local close. The kiosks' closes give who was
on the roster that day and how; where two kiosks disagree, leave beats a roster override,
which beats the weekly pattern, and there a shift beats a rest day (the desk that knew of
the leave or the override is the one to believe).
The result has exactly the shape of a local month export.

fetch_month + merged_summaries (+ integrity.check_month) are the plain statement of this,
the whole month in memory; `kiosk central report` runs central/month_figures.py, which
reads one date at a time and judges each person once, and must give the same
(tests/central/test_central_fast.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk.domain.plans import plan_weight
from kiosk.domain.rule_book import RuleBook
from kiosk.domain.summary import DaySummary, PersonDay
from kiosk.services.board import BoardService
from kiosk.services.records import DayPlan, LeaveRecord, StaffMember

if TYPE_CHECKING:
    import psycopg

CENTRAL_ID = "central"
DAY_CLOSED = "day_closed"


class StoredEvent(NamedTuple):
    """An event as the central database holds it: the body and the hash sent with it (a
    tuple: a month of 20 desks makes 2.5 million of them)."""

    kiosk_id: str
    body: dict[str, Any]
    stored_hash: str | None  # None: received before hashes were kept
    event_id: str | None = None  # the row's key, where read (central/desk_check.py)


@dataclass(frozen=True)
class StoredClose:
    kiosk_id: str
    summary: dict[str, Any]
    chain_head: str | None  # None: received before chain heads were kept


@dataclass(frozen=True)
class Conflict:
    day: date
    kiosk_id: str
    event_id: str


@dataclass(frozen=True)
class MonthRecords:
    closes: dict[date, list[dict[str, Any]]]  # the kiosks' newest summaries, by date
    events: dict[date, list[dict[str, Any]]]  # every kiosk's events, by attendance date
    unclosed: tuple[tuple[date, str], ...]  # (date, kiosk) with events but no close sent
    stored_closes: dict[date, list[StoredClose]] = field(default_factory=dict)
    stored_events: dict[date, list[StoredEvent]] = field(default_factory=dict)  # closes too
    conflicts: tuple[Conflict, ...] = ()


def fetch_month(conn: psycopg.Connection, first: date, last: date) -> MonthRecords:
    """Everything the kiosks sent for the dates first..last."""
    stored_closes: dict[date, list[StoredClose]] = defaultdict(list)
    for day, kiosk, summary, head in conn.execute(
        "SELECT DISTINCT ON (attendance_date, kiosk_id) attendance_date, kiosk_id, summary, "
        "chain_head FROM day_closes WHERE attendance_date BETWEEN %s AND %s "
        "ORDER BY attendance_date, kiosk_id, revision DESC",
        (first, last),
    ):
        stored_closes[day].append(StoredClose(kiosk, summary, head))
    stored_events: dict[date, list[StoredEvent]] = defaultdict(list)
    for day, kiosk, body, stored_hash in conn.execute(
        "SELECT attendance_date, kiosk_id, body, hash FROM events "
        "WHERE attendance_date BETWEEN %s AND %s "
        "ORDER BY attendance_date, body->>'recorded_at', event_id",
        (first, last),
    ):
        stored_events[day].append(StoredEvent(kiosk, body, stored_hash))
    unclosed = conn.execute(
        "SELECT DISTINCT e.attendance_date, e.kiosk_id FROM events e "
        "LEFT JOIN day_closes c USING (kiosk_id, attendance_date) "
        "WHERE e.attendance_date BETWEEN %s AND %s AND c.kiosk_id IS NULL ORDER BY 1, 2",
        (first, last),
    ).fetchall()
    conflicts = conn.execute(
        "SELECT DISTINCT attendance_date, kiosk_id, event_id FROM event_conflicts "
        "WHERE attendance_date BETWEEN %s AND %s ORDER BY 1, 2, 3",
        (first, last),
    ).fetchall()
    return MonthRecords(
        closes={d: [c.summary for c in found] for d, found in stored_closes.items()},
        events={
            d: counted_events(found, stored_closes.get(d, [])) for d, found in stored_events.items()
        },
        unclosed=tuple((d, k) for d, k in unclosed),
        stored_closes=dict(stored_closes),
        stored_events=dict(stored_events),
        conflicts=tuple(Conflict(d, k, e) for d, k, e in conflicts),
    )


def summarised(events: list[dict[str, Any]], head: str | None) -> list[dict[str, Any]]:
    """The events a close with chain head `head` summarised: the chain from `head` back to
    its start. Without a head (a close sent before heads were kept) all of them."""
    if head is None:
        return events
    by_mac = {str(e.get("mac", "")): e for e in events}
    chain, mac = [], head
    while mac and mac in by_mac and len(chain) <= len(events):
        chain.append(by_mac[mac])
        mac = str(by_mac[mac].get("prev", ""))
    return list(reversed(chain))


def counted_events(found: list[StoredEvent], closes: list[StoredClose]) -> list[dict[str, Any]]:
    """The day's events the figures come from: for a kiosk whose close names its chain
    head, only what that close summarised (an event added to the database afterwards, by
    someone holding the desks' login, cannot change a figure: the integrity check names
    it); for the others, all they sent."""
    heads = {c.kiosk_id: c.chain_head for c in closes if c.chain_head is not None}
    counted: list[dict[str, Any]] = []
    kept: dict[str, set[str]] = {}
    by_kiosk: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for stored in found:
        by_kiosk[stored.kiosk_id].append(stored.body)
    for kiosk, head in heads.items():
        kept[kiosk] = {str(e.get("id")) for e in summarised(by_kiosk.get(kiosk, []), head)}
    for event in found:
        if event.body.get("type") == DAY_CLOSED:
            continue
        if event.kiosk_id in kept and str(event.body.get("id")) not in kept[event.kiosk_id]:
            continue
        counted.append(event.body)
    return counted


def merged_plans(day: date, summaries: list[DaySummary]) -> list[DayPlan]:
    """One plan per person named in any kiosk's close, in first-seen order; where desks
    disagree, the rules' own precedence decides (domain.plans.plan_weight)."""
    return [plan_of(day, person) for _, person in chosen_people(summaries).values()]


def chosen_people(summaries: list[DaySummary]) -> dict[str, tuple[int, PersonDay]]:
    """merged_plans' choice: by staff id, which close's entry (its index) holds."""
    chosen: dict[str, tuple[int, PersonDay]] = {}
    for index, summary in enumerate(summaries):
        for person in summary.people:
            sid = person.staff_id
            if sid not in chosen or _weight(person) > _weight(chosen[sid][1]):
                chosen[sid] = (index, person)
    return chosen


def _weight(person: PersonDay) -> tuple[int, int]:
    return plan_weight(person.plan, person.plan_source)


def plan_of(day: date, person: PersonDay) -> DayPlan:
    """The plan a close's entry for a person stands for."""
    code = person.planned_shift or person.shift or ""
    member = StaffMember(person.staff_id, person.name, code, "")
    leave = None
    if person.leave_type:
        pending = "leave_paperwork_pending" in person.flags
        leave = LeaveRecord(CENTRAL_ID, member.id, person.leave_type, day, day, pending, False)
    source = "override" if person.plan_source == "override" else "default"
    return DayPlan(member, day, code, person.plan, source, leave)  # type: ignore[arg-type]


def merged_summaries(records: MonthRecords, board: BoardService) -> list[DaySummary]:
    """One summary per closed date, everyone once, from every kiosk's events together,
    judged by the rule book the desks closed the day with (the first desk's that kept one)."""
    summaries = []
    for day in sorted(records.closes):
        kiosk_closes = [DaySummary.from_json(s) for s in records.closes[day]]
        plans = merged_plans(day, kiosk_closes)
        stored = next((s.judged_by for s in kiosk_closes if s.judged_by), None)
        book = book_of(stored)
        rows = board.rows_from(day, records.events.get(day, []), final=True, plans=plans, book=book)
        closed_at = max(s.closed_at for s in kiosk_closes if s.closed_at)
        summaries.append(
            DaySummary(
                day,
                CENTRAL_ID,
                max(s.revision for s in kiosk_closes),
                closed_at,
                tuple(row.person for row in rows),
                stored,
                tuple(s.kiosk_id for s in kiosk_closes),
            )
        )
    return summaries


def book_of(stored: dict[str, Any] | None) -> RuleBook | None:
    try:
        return RuleBook.from_json(stored) if stored else None
    except (KeyError, TypeError, ValueError):
        return None
