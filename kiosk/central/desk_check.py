"""One desk's part of a date in the central report, and the merge of the desks' parts.

Checking a date is mostly work that needs one desk's records alone: hashing its events,
following its chain, judging its close again from its own events. That part is a
`DeskCheck`, kept per (date, desk) by central/report_days.py, so a change at one desk
checks that desk again and takes the others as kept (issue 15). What needs every desk is
small and is done again from the desks' parts each time a date is rebuilt (`merged_day`):
who has events at another desk (a close's differing figure is no finding for them, and
their figure is judged again from every desk's events), which desk's events another desk
corrected, which desks sent records but no close, which desk's rule book judges the day,
and whose plan holds where desks disagree. The result is exactly what
month_figures.day_figures gives from every desk's events at once (the plain path's:
tests/central/test_central_fast.py, tests/central/test_central_desk_keep.py).

The merge needs the events of those judged again, from every desk: `DayEvents` gives them,
from memory when the whole date was read, else from the database (in the same snapshot).
Reading them by staff id and event id relies on each event's body carrying its own row's
id (`clean`); a date with a desk that does not is checked whole, as before.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.central.integrity import CentralProblem, Finding, close_findings, event_problems
from kiosk.central.report import (
    CENTRAL_ID,
    DAY_CLOSED,
    StoredClose,
    StoredEvent,
    book_of,
    chosen_people,
    plan_of,
)
from kiosk.domain.summary import DaySummary, PersonDay
from kiosk.services.board import BoardService


@dataclass(frozen=True)
class DeskCheck:
    """One desk's records on one date, checked: everything the date's merge needs of them."""

    kiosk_id: str
    has_events: bool
    event_problems: tuple[tuple[Finding, str], ...]  # (finding, event id), as check_day names
    close_problems: tuple[tuple[Finding, str], ...]  # the close's, but for differing figures
    differing: tuple[str, ...]  # staff whose close figure is not what this desk's events give
    staff: frozenset[str]  # the staff ids of every event here
    counted_staff: frozenset[str]  # ... of the events the figures count (report.counted_events)
    after_close: frozenset[str]  # event ids here that the close did not summarise
    foreign_corrects: tuple[str, ...]  # ids corrected from here that are not events here
    order_differs: frozenset[str]  # staff whose events the chain orders otherwise
    clean: bool  # every event's body id is its row's id
    people: dict[str, PersonDay] | None  # the close judged from these events; None: no close


def check_desk(
    day: date,
    kiosk_id: str,
    own: list[StoredEvent],
    close: StoredClose | None,
    summary: DaySummary | None,
    board: BoardService,
) -> DeskCheck:
    """The desk's part of the date from its events (in the date's order) and newest close.
    What the close summarised is taken from close_findings (the figures' events): with
    every body carrying its row's id (`clean`), an id names one event; a desk that is not
    clean is never merged from its parts (month_figures checks its date whole)."""
    found_events = event_problems(day, kiosk_id, own) if own else []
    closing: list[CentralProblem] = []
    differing: list[str] = []
    people = None
    chained: dict[str, list[str]] = defaultdict(list)
    summarised_ids: set[str] | None = None
    if close is not None and summary is not None:
        closing, differing, figures = close_findings(day, close, summary, own, board)
        people = figures.people
        for event in figures.events:
            chained[str(event.get("staff_id"))].append(str(event.get("id")))
        if close.chain_head is not None:
            summarised_ids = {str(e.get("id")) for e in figures.events}
    own_ids = set()
    staff, counted_staff = set(), set()
    after, foreign = set(), []
    ordered: dict[str, list[str]] = defaultdict(list)
    clean = True
    for stored in own:
        body = stored.body
        event_id = body.get("id")
        clean = clean and isinstance(event_id, str) and event_id == stored.event_id
        key, sid = str(event_id), str(body.get("staff_id"))
        own_ids.add(key)
        staff.add(sid)
        if body.get("type") == DAY_CLOSED:
            continue
        if summarised_ids is not None and key not in summarised_ids:
            after.add(key)
            continue
        counted_staff.add(sid)
        ordered[sid].append(key)
        corrects = body.get("corrects")
        if corrects:
            foreign.append(str(corrects))
    order_differs = (
        {s for s in people if chained.get(s, []) != ordered.get(s, [])} if people else set()
    )
    return DeskCheck(
        kiosk_id,
        bool(own),
        tuple((p.finding, p.event_id) for p in found_events),
        tuple((p.finding, p.event_id) for p in closing),
        tuple(differing),
        frozenset(staff),
        frozenset(counted_staff),
        frozenset(after),
        tuple(t for t in foreign if t not in own_ids),
        frozenset(order_differs),
        clean,
        people,
    )


@dataclass(frozen=True)
class DayEvents:
    """The date's events as the merge asks for them. `kiosks_of(ids)`: the desk holding
    each of these event ids (those on the date); `counted_for(staff)`: the events the
    figures count, in the date's order, of these staff and every correction (more may
    come: the rules engine picks each person's own)."""

    kiosks_of: Callable[[set[str]], dict[str, str]]
    counted_for: Callable[[set[str]], list[dict[str, Any]]]


@dataclass(frozen=True)
class MergedDay:
    summary: DaySummary | None
    problems: tuple[CentralProblem, ...]
    unclosed: tuple[str, ...]


def merged_day(
    day: date,
    desks: dict[str, DeskCheck],
    closes: list[StoredClose],
    kiosk_closes: list[DaySummary],
    board: BoardService,
    events: DayEvents,
) -> MergedDay:
    """The date from its desks' parts (every desk with records; all `clean`): the findings
    in check_day's order, the desks without a close, and the merged summary."""
    problems = []
    for kiosk in sorted(k for k, d in desks.items() if d.has_events):
        problems.extend(CentralProblem(day, kiosk, f, e) for f, e in desks[kiosk].event_problems)
    holders: dict[str, set[str]] = defaultdict(set)  # staff id: the desks with their events
    for desk in desks.values():
        for sid in desk.staff:
            holders[sid].add(desk.kiosk_id)
    for close in closes:
        desk = desks[close.kiosk_id]
        problems.extend(CentralProblem(day, close.kiosk_id, f, e) for f, e in desk.close_problems)
        problems.extend(
            CentralProblem(day, close.kiosk_id, "close_differs", sid)
            for sid in desk.differing
            if not holders.get(sid, set()) - {close.kiosk_id}
        )
    closed = {c.kiosk_id for c in closes}
    unclosed = tuple(sorted(k for k, d in desks.items() if d.has_events and k not in closed))
    if not closes:
        return MergedDay(None, tuple(problems), unclosed)
    stored = next((s.judged_by for s in kiosk_closes if s.judged_by), None)
    counted_at: dict[str, set[str]] = defaultdict(set)
    for desk in desks.values():
        for sid in desk.counted_staff:
            counted_at[sid].add(desk.kiosk_id)
    targets = {t for desk in desks.values() for t in desk.foreign_corrects}
    touched = set(events.kiosks_of(targets).values()) if targets else set()
    chosen = chosen_people(kiosk_closes)
    people: dict[str, PersonDay] = {}
    again = []
    for sid, (index, person) in chosen.items():
        desk = desks[closes[index].kiosk_id]
        if (
            kiosk_closes[index].judged_by == stored
            and desk.kiosk_id not in touched
            and desk.people is not None
            and sid in desk.people
            and counted_at.get(sid, {desk.kiosk_id}) == {desk.kiosk_id}
            and sid not in desk.order_differs
        ):
            people[sid] = desk.people[sid]
        else:
            again.append(plan_of(day, person))
    if again:
        counted = events.counted_for({plan.staff.id for plan in again})
        book = book_of(stored)
        for row in board.rows_from(day, counted, final=True, plans=again, book=book):
            people[row.person.staff_id] = row.person
    summary = DaySummary(
        day,
        CENTRAL_ID,
        max(s.revision for s in kiosk_closes),
        max(s.closed_at for s in kiosk_closes if s.closed_at),
        tuple(people[sid] for sid in chosen),
        stored,
        tuple(s.kiosk_id for s in kiosk_closes),
    )
    return MergedDay(summary, tuple(problems), unclosed)


# -- a desk's part as kept text ------------------------------------------------------------------


def desk_text(desk: DeskCheck, person_row: Callable[[PersonDay], list[object]]) -> str:
    people = None if desk.people is None else [person_row(p) for p in desk.people.values()]
    data = {
        "kiosk": desk.kiosk_id,
        "has_events": desk.has_events,
        "event_problems": [list(p) for p in desk.event_problems],
        "close_problems": [list(p) for p in desk.close_problems],
        "differing": list(desk.differing),
        "staff": sorted(desk.staff),
        "counted_staff": sorted(desk.counted_staff),
        "after_close": sorted(desk.after_close),
        "foreign_corrects": list(desk.foreign_corrects),
        "order_differs": sorted(desk.order_differs),
        "clean": desk.clean,
        "people": people,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def desk_from_text(text: str, person: Callable[[list[Any]], PersonDay]) -> DeskCheck:
    """A kept part, each value of its type (KeyError, TypeError, ValueError otherwise)."""
    data = json.loads(text)
    rows = data["people"]
    people = None if rows is None else {p.staff_id: p for p in map(person, rows)}
    return DeskCheck(
        str(data["kiosk"]),
        _flag(data["has_events"]),
        tuple((_finding(f), str(e)) for f, e in data["event_problems"]),
        tuple((_finding(f), str(e)) for f, e in data["close_problems"]),
        tuple(map(str, data["differing"])),
        frozenset(map(str, data["staff"])),
        frozenset(map(str, data["counted_staff"])),
        frozenset(map(str, data["after_close"])),
        tuple(map(str, data["foreign_corrects"])),
        frozenset(map(str, data["order_differs"])),
        _flag(data["clean"]),
        people,
    )


_FINDINGS = frozenset(Finding.__args__)  # type: ignore[attr-defined]


def _finding(value: object) -> Finding:
    if value not in _FINDINGS:
        raise ValueError(f"not a finding: {value!r}")
    return value  # type: ignore[return-value]


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not a flag: {value!r}")
    return value
