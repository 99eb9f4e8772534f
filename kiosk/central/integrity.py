"""The central report's check of what the kiosks sent, before HR is given a figure.

The database does not hold the records key, so it cannot check a signature; it can check
everything else. Per kiosk and day:
- each event's body still gives the hash it was sent with (a row changed in the database);
- the events form one unbroken chain (`domain.chain.verify_links`): a missing event or an
  extra one slipped in beside the real ones shows;
- the newest close's chain head is among them (the close summarised events that are here),
  and no event of the kiosk's came after it (one added to the database later, by someone
  holding the desks' login, is named and left out of the figures), nor unsigned beside
  signed ones;
- the close's figures are what its own events give, for everyone whose day happened at that
  desk alone (a person who checked in at one desk and out at another was judged with the
  other desk's punches as the live link had them; the report recomputes those anyway);
and every event some kiosk offered again with other content (`event_conflicts`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from operator import attrgetter
from typing import Any, Literal

from kiosk.central.report import (
    Conflict,
    MonthRecords,
    StoredClose,
    StoredEvent,
    book_of,
    merged_plans,
    summarised,
)
from kiosk.central.upload import event_hash
from kiosk.domain.chain import verify_links
from kiosk.domain.summary import DaySummary, PersonDay
from kiosk.services.board import BoardService

Finding = Literal[
    "event_changed", "forked", "deleted_before", "close_head_missing", "close_differs",
    "conflict", "after_close", "unsigned", "rows_rewritten",
]  # fmt: skip


@dataclass(frozen=True)
class CentralProblem:
    day: date
    kiosk_id: str
    finding: Finding
    event_id: str = ""


@dataclass(frozen=True)
class DeskFigures:
    """What one close's own events give: everyone's figures (by staff id) and the events
    they were computed from, in the order the rules engine was given them."""

    kiosk_id: str
    people: dict[str, PersonDay]
    events: list[dict[str, Any]]


# PersonDay's fields but the name: two figures compared as dataclass equality compares them
# (the fields as a tuple), without making two copies a person (20,000 a date).
_BUT_NAME = attrgetter(*(f.name for f in fields(PersonDay) if f.name != "name"))


def _same_but_name(one: PersonDay, other: PersonDay) -> bool:
    return type(one) is type(other) and _BUT_NAME(one) == _BUT_NAME(other)


def check_month(records: MonthRecords, board: BoardService) -> list[CentralProblem]:
    """Every problem in the month's records, by date and kiosk."""
    found: list[CentralProblem] = []
    for day in sorted(set(records.stored_events) | set(records.stored_closes)):
        closes = records.stored_closes.get(day, [])
        summaries = [DaySummary.from_json(c.summary) for c in closes]
        events = records.stored_events.get(day, [])
        found.extend(check_day(day, events, closes, summaries, board)[0])
    found.extend(conflict_problems(records.conflicts))
    return found


def conflict_problems(conflicts: tuple[Conflict, ...]) -> list[CentralProblem]:
    return [CentralProblem(c.day, c.kiosk_id, "conflict", c.event_id) for c in conflicts]


def check_day(
    day: date,
    events: list[StoredEvent],
    closes: list[StoredClose],
    summaries: list[DaySummary],
    board: BoardService,
) -> tuple[list[CentralProblem], list[DeskFigures]]:
    """One date's problems, and for each close (`summaries`: their figures, parsed once)
    the figures its own events give: the report takes them as they are for everyone whose
    day happened at that desk alone (central/month_figures.py)."""
    found: list[CentralProblem] = []
    by_kiosk: dict[str, list[StoredEvent]] = defaultdict(list)
    for stored in events:
        by_kiosk[stored.kiosk_id].append(stored)
    for kiosk_id, own in sorted(by_kiosk.items()):
        found.extend(event_problems(day, kiosk_id, own))
    desks_of: dict[str, set[str]] = defaultdict(set)  # staff id: the desks with their events
    for stored in events:
        desks_of[str(stored.body.get("staff_id"))].add(stored.kiosk_id)
    fresh_rows = []
    for close, summary in zip(closes, summaries, strict=True):
        problems, fresh = _close_problems(day, close, summary, by_kiosk, desks_of, board)
        found.extend(problems)
        fresh_rows.append(fresh)
    return found, fresh_rows


def event_problems(day: date, kiosk_id: str, events: list[StoredEvent]) -> list[CentralProblem]:
    found = [
        CentralProblem(day, kiosk_id, "event_changed", str(e.body.get("id", "?")))
        for e in events
        if e.stored_hash is not None and e.stored_hash != event_hash(e.body)
    ]
    signed = [e.body for e in events if "mac" in e.body]
    if signed:  # a kiosk that signs its records sent this one unsigned: not the kiosk's
        found.extend(
            CentralProblem(day, kiosk_id, "unsigned", str(e.body.get("id", "?")))
            for e in events
            if "mac" not in e.body
        )
    for broken in verify_links(signed):
        found.append(CentralProblem(day, kiosk_id, broken.problem, broken.event_id))
    return found


def _close_problems(
    day: date,
    close: StoredClose,
    summary: DaySummary,
    by_kiosk: dict[str, list[StoredEvent]],
    desks_of: dict[str, set[str]],
    board: BoardService,
) -> tuple[list[CentralProblem], DeskFigures]:
    kiosk_id = close.kiosk_id
    found, differing, fresh = close_findings(day, close, summary, by_kiosk.get(kiosk_id, []), board)
    elsewhere = {sid for sid, desks in desks_of.items() if len(desks) > 1 or kiosk_id not in desks}
    found.extend(
        CentralProblem(day, kiosk_id, "close_differs", sid)
        for sid in differing
        if sid not in elsewhere
    )
    return found, fresh


def close_findings(
    day: date,
    close: StoredClose,
    summary: DaySummary,
    stored: list[StoredEvent],
    board: BoardService,
) -> tuple[list[CentralProblem], list[str], DeskFigures]:
    """What one close and its desk's own events (`stored`) show without any other desk:
    the findings, then the staff (in the close's order) whose figure in the close is not
    what those events give (a finding unless they have events at another desk too), and
    the figures the events give."""
    kiosk_id = close.kiosk_id
    own = [e.body for e in stored]
    macs = {str(e.get("mac", "")) for e in own}
    found = []
    if close.chain_head and close.chain_head not in macs:
        found.append(CentralProblem(day, kiosk_id, "close_head_missing"))
    summarised_events = summarised(own, close.chain_head)
    if close.chain_head is not None:
        covered = {str(e.get("id")) for e in summarised_events}
        found.extend(
            CentralProblem(day, kiosk_id, "after_close", str(e.get("id", "?")))
            for e in own
            if e.get("type") != "day_closed" and str(e.get("id")) not in covered
        )
    plans = merged_plans(day, [summary])
    book = book_of(summary.judged_by)
    matching = [
        e for e in own if e.get("type") == "day_closed" and e.get("revision") == summary.revision
    ]
    if any(e.get("summary") != close.summary for e in matching):
        found.append(CentralProblem(day, kiosk_id, "close_differs", str(matching[0]["id"])))
    mine = [e for e in summarised_events if e.get("type") != "day_closed"]
    rows = board.rows_from(day, mine, final=True, plans=plans, book=book)
    fresh = {row.person.staff_id: row.person for row in rows}
    differing = []
    for person in summary.people:
        mine_now = fresh.get(person.staff_id)
        if mine_now is None or not _same_but_name(mine_now, person):
            differing.append(person.staff_id)
    return found, differing, DeskFigures(kiosk_id, fresh, mine)
