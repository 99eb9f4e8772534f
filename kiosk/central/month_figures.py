"""The central month report, one date at a time, with the database doing the reading.

The same figures and findings as report.fetch_month + merged_summaries + check_month (the
plain path, kept as the reference: tests/central/test_central_fast.py compares the two), at
a fraction of the cost on a month of 20 kiosks x 500 staff (issue 15):
- each date's events come as ONE json array, ordered by the database (recorded_at, id),
  instead of a row and a jsonb value each: the per-row driver work was most of the time;
- one date is held at a time, not the whole month;
- the rules engine runs once per person, not twice: the integrity check already judges
  each close's own events; for everyone whose day happened at that desk alone (no event
  of theirs elsewhere, no correction from elsewhere touching that desk, the desk's plan
  and rule book being the ones the report uses, their events in the same order), that is
  the report's figure too. Only the others (a check-in at one desk and a check-out at
  another, desks disagreeing on the plan) are judged again from every desk's events.
A date checked by an earlier report and unchanged since (central/report_days.py: a trigger
counts every change by date and desk) is taken as kept, so a month already checked costs
a read; a date where one desk changed checks that desk again and merges it with the other
desks' kept parts (central/desk_check.py).
No rule is decided here: plans, books and figures come from report.py, integrity.py and
the board's rules engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.central.arrival import Arrivals
from kiosk.central.desk_check import DayEvents, DeskCheck, check_desk, merged_day
from kiosk.central.integrity import (
    CentralProblem,
    DeskFigures,
    check_day,
    conflict_problems,
)
from kiosk.central.report import (
    CENTRAL_ID,
    DAY_CLOSED,
    Conflict,
    StoredClose,
    StoredEvent,
    book_of,
    chosen_people,
    counted_events,
    plan_of,
)
from kiosk.central.report_days import CheckedDay, ReportDays
from kiosk.domain.summary import DaySummary, PersonDay
from kiosk.services.board import BoardService

if TYPE_CHECKING:
    import psycopg

_CLOSES = (
    "SELECT DISTINCT ON (kiosk_id) kiosk_id, "
    "CASE WHEN kiosk_id = ANY(%s) THEN summary - 'people' ELSE summary END, chain_head "
    "FROM day_closes WHERE attendance_date = %s ORDER BY kiosk_id, revision DESC"
)
_CLOSED_DESKS = "SELECT DISTINCT kiosk_id FROM day_closes WHERE attendance_date = %s"
_DESKS = "SELECT kiosk_id FROM events WHERE attendance_date = %s GROUP BY 1"
# The order is the plain path's (ORDER BY attendance_date, body->>'recorded_at', event_id).
_EVENTS = (
    "SELECT json_agg(json_build_array(kiosk_id, body, hash, event_id) "
    "ORDER BY body->>'recorded_at', event_id) FROM events WHERE attendance_date = %s"
)
_DESK_EVENTS = (
    "SELECT json_agg(json_build_array(kiosk_id, body, hash, event_id) "
    "ORDER BY body->>'recorded_at', event_id) FROM events "
    "WHERE attendance_date = %s AND kiosk_id = ANY(%s)"
)
_KIOSKS_OF = (
    "SELECT event_id, kiosk_id FROM events WHERE attendance_date = %s AND event_id = ANY(%s)"
)
# Whose figures are judged again, and every event that corrects one of theirs (the rules
# engine takes an event as replaced when any event names it: domain/events.py); only
# those, not every correction of the date (a third of its events), by the columns the
# server keeps from the body (schema migration 8).
_STAFF_EVENTS = (
    "SELECT json_agg(json_build_array(kiosk_id, body) ORDER BY body->>'recorded_at', event_id) "
    "FROM events WHERE attendance_date = %(day)s "
    "AND (body_staff = ANY(%(staff)s) OR body_corrects = ANY(ARRAY(SELECT body->>'id' "
    "FROM events WHERE attendance_date = %(day)s AND body_staff = ANY(%(staff)s))))"
)
_CONFLICTS = (
    "SELECT DISTINCT attendance_date, kiosk_id, event_id FROM event_conflicts "
    "WHERE attendance_date BETWEEN %s AND %s ORDER BY 1, 2, 3"
)
# Sorting a day's events (with their bodies) in memory rather than in temporary files.
_WORK_MEM = "SET work_mem = '256MB'"


class RowsText(Protocol):
    """The month's CSV a date at a time (export.DayRowsCsv): `rows(summary)` is one date's
    rows as text, kept with the date under `key`, the words they are written in."""

    key: str

    def rows(self, summary: DaySummary) -> str: ...


@dataclass(frozen=True)
class CentralMonth:
    summaries: list[DaySummary]  # one per closed date (none when `csv` was asked for)
    problems: list[CentralProblem]  # the integrity check's findings
    unclosed: tuple[tuple[date, str], ...]  # (date, kiosk) with events but no close sent
    days: int = 0  # the closed dates
    csv: list[str] = field(default_factory=list)  # with `rows`: each date's CSV rows
    checked_desks: int = 0  # desks' parts of a date checked from their rows by this report


def month_report(
    conn: psycopg.Connection,
    first: date,
    last: date,
    board: BoardService,
    rows: RowsText | None = None,
) -> CentralMonth:
    """The month's summaries (or with `rows`, their CSV rows), findings and unclosed desks,
    reading one date at a time."""
    conn.execute(_WORK_MEM)
    kept = ReportDays(conn, board.config)
    arrivals = Arrivals(conn, kept.made_with)
    summaries: list[DaySummary] = []
    texts: list[str] = []
    problems: list[CentralProblem] = []
    unclosed: list[tuple[date, str]] = []
    days = checked_desks = 0
    day = first
    while day <= last:
        checked = checked_day(conn, day, board, kept, rows, arrivals)
        if checked is not None:
            days += checked.closed
            checked_desks += checked.checked_desks
            if checked.summary is not None and rows is None:
                summaries.append(checked.summary)
            if checked.csv:
                texts.append(checked.csv)
            problems.extend(checked.problems)
            unclosed.extend((day, k) for k in checked.unclosed)
        day += timedelta(days=1)
    conflicts = conn.execute(_CONFLICTS, (first, last)).fetchall()
    problems.extend(conflict_problems(tuple(Conflict(d, k, e) for d, k, e in conflicts)))
    return CentralMonth(summaries, problems, tuple(unclosed), days, texts, checked_desks)


def checked_day(
    conn: psycopg.Connection,
    day: date,
    board: BoardService,
    kept: ReportDays,
    rows: RowsText | None = None,
    arrivals: Arrivals | None = None,
) -> CheckedDay | None:
    """One date as kept by an earlier report when nothing of it changed since; else its
    desks' parts, each as kept while nothing of that desk changed, else checked now, and
    merged (central/desk_check.py); None for a date with no records. Everything is read
    in one snapshot (the change counts too); what was checked is kept after it. With
    `rows`, the date's CSV rows too, as kept or written now (and kept)."""
    words = rows.key if rows is not None else None
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        changes = kept.changes(day)
        found_kept = kept.kept(day, changes, words)
        now = None
        if found_kept is None:
            now = _checked_now(conn, day, board, kept, changes, arrivals)
    if found_kept is not None:
        if rows is None or found_kept.csv is not None:
            return found_kept
        return _with_rows(day, changes, kept, found_kept, rows)
    if now is None:
        return None
    checked, fresh = now
    checked = replace(checked, closed=checked.summary is not None, checked_desks=len(fresh))
    if rows is not None:
        checked = replace(checked, csv=rows.rows(checked.summary) if checked.summary else "")
    kept.keep_desks(day, changes, fresh)
    kept.keep(day, changes, checked, words)
    return checked


def _checked_now(
    conn: psycopg.Connection,
    day: date,
    board: BoardService,
    kept: ReportDays,
    changes: dict[str, int],
    arrivals: Arrivals | None = None,
) -> tuple[CheckedDay, list[DeskCheck]] | None:
    """The date checked now, in the caller's snapshot: the desks checked on arrival and
    still as they were (central/arrival.py) and those kept from these counts taken as they
    are, the others checked (returned, to be kept)."""
    arrived, rewritten = arrivals.checked(day) if arrivals is not None else ({}, [])
    desks = arrived | kept.kept_desks(day, changes)
    present = {str(k) for (k,) in conn.execute(_DESKS, (day,))}
    present |= {str(k) for (k,) in conn.execute(_CLOSED_DESKS, (day,))}
    desks = {k: d for k, d in desks.items() if k in present}
    stale = sorted(present - set(desks))
    if not all(d.clean for d in desks.values()) or len(stale) == len(present):
        desks, stale = {}, sorted(present)
    closes, kiosk_closes = _closes(conn, day, desks)
    found = _events(conn, day, stale if desks else None)
    if not closes and not found and not desks:
        return None
    fresh = _fresh_desks(day, stale, found, closes, kiosk_closes, board)
    desks |= {d.kiosk_id: d for d in fresh}
    if all(d.clean for d in desks.values()):
        source = _from_memory(found, desks) if len(fresh) == len(desks) else None
        merged = merged_day(
            day, desks, closes, kiosk_closes, board, source or _from_database(conn, day, desks)
        )
        checked = CheckedDay(merged.summary, merged.problems, merged.unclosed)
    else:  # a body that does not carry its row's id: the date whole, as the plain path
        if len(fresh) != len(desks):
            found = _events(conn, day, None)
            closes, _ = _closes(conn, day, {})
        summary, day_problems = day_figures(day, found, closes, board)
        unclosed = sorted({e.kiosk_id for e in found} - {c.kiosk_id for c in closes})
        checked = CheckedDay(summary, tuple(day_problems), tuple(unclosed))
    if rewritten:
        checked = replace(checked, problems=checked.problems + tuple(rewritten))
    return checked, fresh


def _closes(
    conn: psycopg.Connection, day: date, desks: dict[str, DeskCheck]
) -> tuple[list[StoredClose], list[DaySummary]]:
    """The date's newest closes, and their figures. A close whose desk's part (checked on
    arrival, or kept) found every figure to be what its events give has those figures as
    that part holds them (equal but for the name, which comes from the close too): its
    people are not read again (at 500 staff a desk, most of a date's reading)."""
    light = sorted(k for k, d in desks.items() if d.people is not None and not d.differing)
    closes, summaries = [], []
    for kiosk, summary, head in conn.execute(_CLOSES, (light, day)):
        closes.append(StoredClose(kiosk, summary, head))
        if "people" in summary:
            summaries.append(DaySummary.from_json(summary))
        else:
            people = desks[kiosk].people
            assert people is not None
            whole = DaySummary.from_json(summary | {"people": []})
            summaries.append(replace(whole, people=tuple(people.values())))
    return closes, summaries


def _with_rows(
    day: date, changes: dict[str, int], kept: ReportDays, found: CheckedDay, rows: RowsText
) -> CheckedDay:
    """A date kept without its CSV rows in these words: written now, and kept with it."""
    text = rows.rows(found.summary) if found.summary is not None else ""
    kept.keep_csv(day, changes, rows.key, text)
    return replace(found, csv=text)


def _events(conn: psycopg.Connection, day: date, desks: list[str] | None) -> list[StoredEvent]:
    """The date's events (of these desks only, or all), in the date's order."""
    if desks is None:
        row = conn.execute(_EVENTS, (day,)).fetchone()
    else:
        row = conn.execute(_DESK_EVENTS, (day, desks)).fetchone()
    return [StoredEvent(k, body, h, i) for k, body, h, i in (row[0] if row and row[0] else [])]


def _fresh_desks(
    day: date,
    stale: list[str],
    found: list[StoredEvent],
    closes: list[StoredClose],
    kiosk_closes: list[DaySummary],
    board: BoardService,
) -> list[DeskCheck]:
    by_kiosk: dict[str, list[StoredEvent]] = defaultdict(list)
    for stored in found:
        by_kiosk[stored.kiosk_id].append(stored)
    close_of = {c.kiosk_id: (c, s) for c, s in zip(closes, kiosk_closes, strict=True)}
    fresh = []
    for kiosk in stale:
        close, summary = close_of.get(kiosk, (None, None))
        fresh.append(check_desk(day, kiosk, by_kiosk.get(kiosk, []), close, summary, board))
    return fresh


def _from_memory(found: list[StoredEvent], desks: dict[str, DeskCheck]) -> DayEvents:
    """The whole date was read: the merge's events from it (every event the figures
    count, as report.counted_events gives them: each desk's but what its close did not
    summarise, and no close)."""

    def kiosks_of(ids: set[str]) -> dict[str, str]:
        return {str(e.body.get("id")): e.kiosk_id for e in found if str(e.body.get("id")) in ids}

    def counted_for(staff: set[str]) -> list[dict[str, Any]]:
        return [
            e.body
            for e in found
            if e.body.get("type") != DAY_CLOSED
            and str(e.body.get("id")) not in desks[e.kiosk_id].after_close
        ]

    return DayEvents(kiosks_of, counted_for)


def _from_database(conn: psycopg.Connection, day: date, desks: dict[str, DeskCheck]) -> DayEvents:
    """Some desks were kept: the merge's few events read in the report's snapshot."""

    def kiosks_of(ids: set[str]) -> dict[str, str]:
        rows = conn.execute(_KIOSKS_OF, (day, sorted(ids)))
        return {str(i): str(k) for i, k in rows}

    def counted_for(staff: set[str]) -> list[dict[str, Any]]:
        row = conn.execute(_STAFF_EVENTS, {"day": day, "staff": sorted(staff)}).fetchone()
        counted = []
        for kiosk, body in row[0] if row and row[0] else []:
            desk = desks.get(kiosk)
            if body.get("type") == DAY_CLOSED or desk is None:
                continue
            if str(body.get("id")) in desk.after_close:
                continue
            counted.append(body)
        return counted

    return DayEvents(kiosks_of, counted_for)


def day_figures(
    day: date, found: list[StoredEvent], closes: list[StoredClose], board: BoardService
) -> tuple[DaySummary | None, list[CentralProblem]]:
    """One date: the merged summary (None when no desk closed it) and its findings."""
    kiosk_closes = [DaySummary.from_json(c.summary) for c in closes]
    problems, desks = check_day(day, found, closes, kiosk_closes, board)
    if not closes:
        return None, problems
    events = counted_events(found, closes)
    stored = next((s.judged_by for s in kiosk_closes if s.judged_by), None)
    reusable = _reusable(found, events, desks, kiosk_closes, stored)
    chosen = chosen_people(kiosk_closes)
    people: dict[str, PersonDay] = {}
    again = []
    for sid, (index, person) in chosen.items():
        if sid in reusable[index]:
            people[sid] = desks[index].people[sid]
        else:
            again.append(plan_of(day, person))
    if again:
        book = book_of(stored)
        for row in board.rows_from(day, events, final=True, plans=again, book=book):
            people[row.person.staff_id] = row.person
    closed_at = max(s.closed_at for s in kiosk_closes if s.closed_at)
    summary = DaySummary(
        day,
        CENTRAL_ID,
        max(s.revision for s in kiosk_closes),
        closed_at,
        tuple(people[sid] for sid in chosen),
        stored,
        tuple(s.kiosk_id for s in kiosk_closes),
    )
    return summary, problems


def _reusable(
    found: list[StoredEvent],
    events: list[dict[str, Any]],
    desks: list[DeskFigures],
    kiosk_closes: list[DaySummary],
    stored: dict[str, Any] | None,
) -> list[set[str]]:
    """For each close, the staff whose figure from that desk's own events is exactly what
    the report would compute from every desk's (see the module docstring)."""
    kiosk_of = {str(e.body.get("id")): e.kiosk_id for e in found}
    desks_of: dict[str, set[str]] = defaultdict(set)
    order: dict[str, list[str]] = defaultdict(list)
    touched: set[str] = set()  # desks with an event corrected from another desk
    for event in events:
        kiosk = kiosk_of.get(str(event.get("id")), "")
        desks_of[str(event.get("staff_id"))].add(kiosk)
        order[str(event.get("staff_id"))].append(str(event.get("id")))
        target = kiosk_of.get(str(event.get("corrects")))
        if event.get("corrects") and target is not None and target != kiosk:
            touched.add(target)
    reusable: list[set[str]] = []
    for desk, summary in zip(desks, kiosk_closes, strict=True):
        if summary.judged_by != stored or desk.kiosk_id in touched:
            reusable.append(set())
            continue
        mine: dict[str, list[str]] = defaultdict(list)
        for event in desk.events:
            mine[str(event.get("staff_id"))].append(str(event.get("id")))
        reusable.append(
            {
                sid
                for sid in desk.people
                if desks_of.get(sid, {desk.kiosk_id}) == {desk.kiosk_id}
                and mine.get(sid, []) == order.get(sid, [])
            }
        )
    return reusable
