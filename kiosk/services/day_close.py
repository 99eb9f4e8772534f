"""Closing a day: freeze everyone's standing, flags and fines as one `day_closed` event.

The summary is a `DaySummary` (domain.summary; its JSON is described by
docs/day_summary.schema.json). Closing is idempotent: a day already closed with nothing
recorded since is left as it is. Anything recorded after a close (a lead's correction, a
late check-out) re-opens the day; closing it again stores the new summary as the next
revision, or, if the figures did not change, the same revision again, so sync sends each
version once and never a duplicate.

A close records the templates and rules it judged by (`judged_by`, a RuleBook with its
digest). A re-close judges by that book (services/rule_books.py), never by today's
kiosk.toml: editing the config never changes a closed day, and the next real change to
that day keeps its old times.
Queueing and sending a close is the end-of-day service's job (services/end_of_day.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain import events as ev
from kiosk.domain.rule_book import RuleBook
from kiosk.domain.shifts import place_shift
from kiosk.domain.summary import DaySummary, PersonDay
from kiosk.errors import RefusedError, UsageError
from kiosk.gc_pause import collector_paused
from kiosk.services.board import BoardService
from kiosk.services.peers import with_peers
from kiosk.services.records import DayPlan
from kiosk.services.records_check import RecordsCheck
from kiosk.services.rule_books import book_for
from kiosk.store.days import DayStore, DayTransaction

# Rounds of "compute from a snapshot, then write if the day did not change" before a close
# computes inside the lock (a day so busy that every round saw a new punch).
SNAPSHOT_ROUNDS = 3
# Closes whose lines are kept as read (DayCloseService._closed_people).
KEPT_CLOSES = 4


@dataclass(frozen=True)
class DayClose:
    """One close of one day: the revision, when, and the frozen summary."""

    date: date
    revision: int
    closed_at: datetime
    summary: DaySummary
    event_id: str
    changed: bool  # False: this close stored nothing new (already closed, or same figures)

    def public(self) -> dict[str, Any]:
        return self.summary.to_json() | {"changed": self.changed}


def closes(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e.get("type") == ev.DAY_CLOSED]


def is_closed(events: list[dict[str, Any]]) -> bool:
    """Closed when the last thing recorded on the day is a close."""
    return bool(events) and events[-1].get("type") == ev.DAY_CLOSED


def _people_of(close_event: dict[str, Any]) -> list[PersonDay]:
    return [PersonDay.from_json(p) for p in close_event["summary"]["people"]]


def _from_event(
    day: date, event: dict[str, Any], changed: bool, people: list[PersonDay] | None = None
) -> DayClose:
    """`people`: the event's lines already read (`_people_of`), so a close that finds the
    day standing does not read 5,000 lines twice."""
    stored = event["summary"]
    if people is None:
        summary = DaySummary.from_json(stored)
    else:
        summary = replace(DaySummary.from_json(stored | {"people": []}), people=tuple(people))
    return DayClose(
        day,
        int(event["revision"]),
        datetime.fromisoformat(event["closed_at"]),
        summary,
        event["id"],
        changed,
    )


# A close computed but not yet written: its `day_closed` event, whether its figures
# changed, and the summary the event carries (as read back from it: see `_store`).
Closing = tuple[dict[str, Any], bool, DaySummary]


class DayCloseService:
    def __init__(
        self,
        days: DayStore,
        config: Config,
        clock: Clock,
        board: BoardService,
        records: RecordsCheck,
        audit_head: Callable[[], str] = lambda: "",
        first_day: Callable[[], date | None] = lambda: None,
    ) -> None:
        """`records`: checks a day's events are as written before a close is built on
        them or handed on. `audit_head`: the audit trail's entry the staff, roster and
        leave records stand at; a close keeps it (signed with the day), so a trail deleted
        or cut short after the close shows. `first_day`: the first day the kiosk kept
        records (services/first_day.py); no day before it is closed."""
        self.audit_head = audit_head
        self.first_day = first_day
        self.days = days
        self.config = config
        self.clock = clock
        self.board = board
        self.records = records
        # True for a day that may not change (its month is signed off): the running kiosk
        # does not try to close it. Set by kiosk.cli (services/month_seal.py).
        self.frozen: Callable[[date], bool] = lambda _day: False
        # A verified close's mac -> its lines as read (`_people_of`): the mac covers them,
        # so a re-close after a correction does not read 5,000 lines of its last close
        # again. Only closes that verified are looked up here.
        self._closed_people: dict[str, list[PersonDay]] = {}

    def _people_of_verified(self, close_event: dict[str, Any]) -> list[PersonDay]:
        """`_people_of` for a close whose day has just verified."""
        mac = close_event.get("mac")
        found = self._closed_people.get(mac) if isinstance(mac, str) else None
        if found is None:
            found = _people_of(close_event)
            self._remember(close_event, found)
        return list(found)

    def _remember(self, close_event: dict[str, Any], people: list[PersonDay]) -> None:
        mac = close_event.get("mac")
        if isinstance(mac, str) and mac:
            self._closed_people.pop(mac, None)
            self._closed_people[mac] = people
            while len(self._closed_people) > KEPT_CLOSES:
                del self._closed_people[next(iter(self._closed_people))]

    def _verified(self, day: date, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.records.require(day, self.days.path_for(day), events)
        return events

    def today(self) -> date:
        return self.clock.now().astimezone(self.config.timezone).date()

    def require_kept(self, day: date) -> None:
        """RefusedError `before_first_day` for a day before the kiosk kept records: closed,
        it would count everyone absent, as nobody could punch at a kiosk not yet set up."""
        first = self.first_day()
        if first is not None and day < first:
            raise RefusedError("before_first_day", date=day.isoformat(), first=first.isoformat())

    @collector_paused()
    def close(self, day: date | None = None, by: str | None = None) -> DayClose:
        """Close `day` (default today); see the module docstring.

        Everyone's line is computed from a snapshot of the day read without the lock, and
        the lock is taken only to write the result, so a punch never waits behind a close.
        If the day changed in between (a punch meanwhile), the close is computed again
        from the new snapshot; after a few such rounds, once more inside the lock, so a
        close always ends and never stores figures that miss a punch."""
        now = self.clock.now()
        day = day or self.today()
        if day > self.today():
            raise UsageError("in_future", value=day.isoformat())
        self.require_kept(day)
        elsewhere = self.board.elsewhere(day)  # asked before the lock: the network may be slow
        for _ in range(SNAPSHOT_ROUNDS):
            stamp, events = self.days.snapshot(day)
            outcome = self._outcome(day, events, elsewhere, now, by)
            with self.days.transaction([day]) as txn:
                if txn.unchanged(day, stamp):
                    return self._store(day, txn, outcome)
        with self.days.transaction([day]) as txn:  # the day keeps changing: hold it still
            outcome = self._outcome(day, txn.events(day), elsewhere, now, by)
            return self._store(day, txn, outcome)

    def _outcome(
        self,
        day: date,
        events: list[dict[str, Any]],
        elsewhere: list[dict[str, Any]],
        now: datetime,
        by: str | None,
    ) -> DayClose | Closing:
        """What closing `events` comes to: the day's last close when it stands as it is,
        else the new `day_closed` event and whether its figures changed. Reads only."""
        events = self._verified(day, events)  # a forged day is never closed
        earlier = closes(events)
        # Always recompute: a leave or roster change lives in people.json, not in the
        # day file, and must still reach the figures (and the next revision).
        last = earlier[-1] if earlier else None
        book = book_for(earlier, self.config, self.days.path_for(day))
        closed_people = last["summary"]["people"] if last else None
        people = self._people(day, events, closed_people, elsewhere, book)
        # compared as records: a close written before a field existed reads it as 0
        before = self._people_of_verified(last) if last is not None else None
        same = before == people
        if last is not None and same and is_closed(events):
            return _from_event(day, last, changed=False, people=before)
        revision = int(last["revision"]) + (0 if same else 1) if last else 1
        summary = DaySummary(
            day, self.config.kiosk_id, revision, now, tuple(people), book.to_json()
        )
        closed_at = now.isoformat(timespec="seconds")
        event = ev.new_day_event(
            ev.DAY_CLOSED,
            day.isoformat(),
            revision=revision,
            closed_at=closed_at,
            recorded_at=closed_at,
            by=by,
            summary=summary.to_json(),
            audit_head=self.audit_head(),
        )
        stored = replace(summary, closed_at=datetime.fromisoformat(closed_at))
        return event, not same, stored

    def _store(self, day: date, txn: DayTransaction, outcome: DayClose | Closing) -> DayClose:
        """Write a computed close inside the day's lock (nothing to write if it stands)."""
        if isinstance(outcome, DayClose):
            return outcome
        event, changed, summary = outcome
        txn.append(day, event)  # signs it
        # The summary as reading the event back gives it (its closed_at to the second;
        # the people are records that read back equal, tests/close/test_day_close.py),
        # without reading back 5,000 lines just encoded.
        closed_at = datetime.fromisoformat(event["closed_at"])
        stored = DayClose(day, summary.revision, closed_at, summary, event["id"], changed)
        self._remember(event, list(summary.people))  # as the next close reads it
        return stored

    def shifts_still_running(self, day: date | None = None) -> list[str]:
        """Codes of the shifts on `day` that have not ended yet: closing now counts whoever
        has not come in yet as absent. Said to the lead before and after an early close."""
        day = day or self.today()
        now = self.clock.now()
        tz = self.config.timezone
        return [
            code
            for code, template in self.config.shifts.items()
            if place_shift(template, day, tz).end > now
        ]

    @collector_paused()
    def preview(self, day: date | None = None) -> DaySummary:
        """The summary a close would store now (revision 0, not closed): for the lead's
        end-of-day screen before closing; RefusedError `before_first_day` as `close`.
        Reads only."""
        day = day or self.today()
        self.require_kept(day)
        events = self.days.events(day)
        found = closes(events)
        last = found[-1] if found else None
        book = book_for(events, self.config, self.days.path_for(day))
        closed_people = last["summary"]["people"] if last else None
        people = self._people(day, events, closed_people, self.board.elsewhere(day), book)
        return DaySummary(day, self.config.kiosk_id, 0, None, tuple(people), book.to_json())

    def _people(
        self,
        day: date,
        events: list[dict[str, Any]],
        closed_people: list[dict[str, Any]] | None,
        elsewhere: list[dict[str, Any]] | None,
        book: RuleBook,
    ) -> list[PersonDay]:
        """Everyone's line for the day; `elsewhere`: punches at the other kiosks, so a
        person who checked in at another desk is present here, not absent."""
        plans = self._plans(day, events, closed_people) if closed_people else None
        merged = with_peers(events, elsewhere or [])
        rows = self.board.rows_from(day, merged, final=True, plans=plans, book=book, keep=True)
        return [row.person for row in rows]

    def _plans(
        self, day: date, events: list[dict[str, Any]], closed_people: list[dict[str, Any]]
    ) -> list[DayPlan]:
        """Who was on the roster when the day was first closed, and on what default terms.

        A re-close must not rewrite history from today's staff list: someone hired since is
        not absent on that day, and a weekly rest day changed since does not turn that
        day's rest into an absence. So the people are those of the last close (plus anyone
        with records that day), and a plan that came from the defaults keeps the closed
        one; what was set for that very day (a roster override, leave) still applies."""
        current = {plan.staff.id: plan for plan in self.board.roster.day(day)}
        closed = {p["staff_id"]: p for p in closed_people}
        with_records = [e["staff_id"] for e in events if e.get("staff_id") in current]
        ids = list(closed) + [sid for sid in dict.fromkeys(with_records) if sid not in closed]
        plans = []
        for staff_id in ids:
            plan = current.get(staff_id)
            if plan is None:  # no longer on the staff list: nothing to recompute from
                continue
            before = closed.get(staff_id)
            if before is not None and plan.source == "default" and plan.leave is None:
                kind = before.get("plan", plan.plan)
                code = before.get("planned_shift", plan.shift_code)
                plan = DayPlan(plan.staff, day, code, kind, "default")
            plans.append(plan)
        return plans

    def latest(self, day: date) -> DayClose | None:
        """The day's newest close, whether or not something was recorded after it;
        StoreError `day_tampered` if the day's events do not verify (so the lead's screens
        and the sync show it instead of sending forged figures)."""
        found = closes(self._verified(day, self.days.events(day)))
        return _from_event(day, found[-1], changed=False) if found else None

    def recomputed_differs(self, day: date) -> bool:
        """True when the day is closed and a fresh close from its events (and today's
        roster for that day) would not give the stored figures: a summary edited with
        the key, or a people.json changed behind the kiosk's back. Reads only."""
        events = self.days.events(day)
        if not is_closed(events):
            return False
        last = closes(events)[-1]
        book = book_for(events, self.config, self.days.path_for(day))
        people = self._people(
            day, events, last["summary"]["people"], self.board.elsewhere(day), book
        )
        # Names are compared out: a person renamed since the close is the same record.
        return [replace(p, name="") for p in _people_of(last)] != [
            replace(p, name="") for p in people
        ]

    def is_closed(self, day: date) -> bool:
        return is_closed(self.days.events(day))

    def was_closed(self, day: date) -> bool:
        """Closed at least once (so a change to it must close it again)."""
        return bool(closes(self.days.events(day)))

    def due_days(self, look_back_days: int = 31) -> list[date]:
        """The days the running kiosk looks at: any recent day with records, and today once
        `close_at` has passed; never a day before the first day of records (a correction
        recorded for one does not make it closable). Lists files only; reads none."""
        now = self.clock.now().astimezone(self.config.timezone)
        today = now.date()
        oldest = today - timedelta(days=look_back_days)
        recent = [d for d in self.days.days() if oldest <= d < today]
        if now.time() >= self.config.close_at:
            recent.append(today)
        first = self.first_day()
        return [d for d in recent if (first is None or d >= first) and not self.frozen(d)]

    def due(self, look_back_days: int = 31) -> list[date]:
        """Days the running kiosk should close now: of `due_days`, those not closed (the
        kiosk was off at close time, or a correction re-opened them). StoreError for a
        damaged file; file reads are cached between calls."""
        return [d for d in self.due_days(look_back_days) if not self.is_closed(d)]
