"""Staff records: add, import from CSV, list, PINs with lockout, badge revocation."""

from __future__ import annotations

import threading
import unicodedata
from collections import deque
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from kiosk.badges import STAFF_ID
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.audit import BADGE_REVOKED, STAFF_SAVED, staff_state
from kiosk.domain.names import stored_order
from kiosk.domain.plans import earlier_after_change
from kiosk.domain.shifts import WEEKDAYS
from kiosk.errors import RefusedError, UsageError
from kiosk.parsing import has_control_characters
from kiosk.pins import hash_pin, normalise_pin, valid_pin, verify_pin
from kiosk.services.audit import AuditTrail, InTransaction
from kiosk.services.records import StaffMember, normalise_id
from kiosk.store.people import PIN_ATTEMPTS, PIN_FAILURES, STAFF, PeopleStore, PeopleTables
from kiosk.store.pins import PinStore

if TYPE_CHECKING:  # the sheet reader is loaded by an import only
    from kiosk.services.staff_csv import ImportResult, Progress

MAX_NAME = 40
# Unicode categories a name may not contain: control and invisible format characters, lone
# surrogates, line and paragraph separators (a tab or line break in a name breaks every table
# and export). Private-use characters stay allowed: some systems map rare name characters there.
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _rest_day_aliases() -> dict[str, str]:
    """mon, monday, 周一, 星期一 ... -> mon; Sunday is also 周天 and 星期天."""
    aliases = {"周天": "sun", "星期天": "sun"}
    for day, full, zh in zip(WEEKDAYS, _WEEKDAY_NAMES, "一二三四五六日", strict=True):
        aliases |= {day: day, full: day, f"周{zh}": day, f"星期{zh}": day}
    return aliases


_REST_DAY_ALIASES = _rest_day_aliases()


def parse_rest_day(text: str) -> str | None:
    """`mon`..`sun` for mon, Monday, 周一, 星期一 (周日/周天/星期日/星期天 for sun); else None.

    Exact words only: "monkey" is not Monday.
    """
    return _REST_DAY_ALIASES.get(unicodedata.normalize("NFKC", text).strip().lower())


def members_of(rows: list[dict[str, Any]]) -> list[StaffMember]:
    """The staff list from people.json's staff rows, by ID (as `StaffService.all`)."""
    return sorted((StaffMember.from_row(r) for r in rows), key=lambda s: s.id)


class StaffService:
    def __init__(
        self,
        people: PeopleStore,
        pins: PinStore,
        config: Config,
        clock: Clock,
        audit: AuditTrail,
        session_limit: int | None = None,
    ) -> None:
        """`pins`: the PIN failures and checks per minute (pins.json, apart from the staff
        file: a sign-in must not rewrite 5,000 people's records). `session_limit`: PIN
        checks a minute this process may make, whatever the IDs (a browser tab is its own
        process: one tab cannot use up the whole kiosk's allowance); None for the front
        desk, where the queue shares one session."""
        self.people = people
        self.pins = pins
        self.audit = audit
        self._session = SessionThrottle(session_limit) if session_limit is not None else None
        self.config = config
        self.clock = clock

    # -- reading -------------------------------------------------------------------------
    def all(self) -> list[StaffMember]:
        return members_of(self.people.rows(STAFF))

    def read_ahead(self) -> None:
        """Build the lookup by ID every punch asks (kept while people.json is unchanged):
        at 5,000 staff about 6 ms, which the first scan would otherwise pay."""
        self.people.staff()

    def get(self, staff_id: str) -> StaffMember:
        row = self.people.staff().get(normalise_id(staff_id))
        if row is None:
            raise UsageError("unknown_staff", staff_id=staff_id.strip()[:32])
        return StaffMember.from_row(row)

    def lead(self, staff_id: str) -> StaffMember:
        member = self.get(staff_id)
        if not member.lead or not member.employed_on(self.today()):
            raise UsageError("not_a_lead", staff_id=member.id, name=member.name)
        return member

    def today(self) -> date:
        return self.clock.now().astimezone(self.config.timezone).date()

    # -- writing -------------------------------------------------------------------------
    def validate(
        self,
        staff_id: str,
        name: str,
        shift: str,
        rest_day: str,
        lead: bool,
        pin: str | None,
        has_pin: bool = False,
    ) -> dict[str, Any]:
        """The row to store, or UsageError naming the first bad field.

        `has_pin`: the person already has a stored PIN (a re-import that leaves it blank).
        """
        sid = normalise_id(staff_id)
        if not STAFF_ID.fullmatch(sid):
            raise UsageError("bad_staff_id", staff_id=staff_id)
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise UsageError("bad_name", staff_id=sid)
        if has_control_characters(name):
            raise UsageError("name_control_characters", staff_id=sid)
        code = unicodedata.normalize("NFKC", shift).strip().upper()
        if code not in self.config.shifts:
            raise UsageError("unknown_shift", shift=shift, known=", ".join(self.config.shifts))
        day = parse_rest_day(rest_day)
        if day is None:
            raise UsageError("bad_rest_day", rest_day=rest_day)
        if pin is not None and not valid_pin(normalise_pin(pin)):
            raise UsageError("bad_pin")
        if lead and pin is None and not has_pin:
            raise UsageError("lead_needs_pin", staff_id=sid)
        row: dict[str, Any] = {
            "id": sid,
            "name": name,
            "shift": code,
            "rest_day": day,
            "lead": lead,
            "name_order": stored_order(name),
        }
        return row

    def add(
        self,
        staff_id: str,
        name: str,
        shift: str,
        rest_day: str,
        lead: bool,
        pin: str | None,
        by: str | None = None,
        from_day: date | None = None,
    ) -> StaffMember:
        """A new hire, on the staff from `from_day`: the days before do not count them
        absent, even when one is closed again later. The faces pass today unless the lead
        names another day; None (no hire date) is for setting a kiosk up."""
        pin = normalise_pin(pin) if pin is not None else None
        row = self.validate(staff_id, name, shift, rest_day, lead, pin)
        row["pin_hash"] = hash_pin(pin) if pin else None
        row["badge_version"] = 1
        if from_day is not None:
            row["starts_on"] = from_day.isoformat()

        def insert(tables: PeopleTables) -> None:
            if tables.contains(STAFF, id=row["id"]):
                raise UsageError("staff_exists", staff_id=row["id"])
            self.audit.record(
                STAFF_SAVED, by, "", InTransaction(tables),
                staff=[staff_state(row)], pin_changed=[row["id"]] if pin else [],
            )  # fmt: skip
            tables.insert(STAFF, row)

        self.people.update(insert)
        return StaffMember.from_row(row)

    def import_csv(
        self,
        data: str | bytes,
        by: str | None = None,
        source: str = "-",
        encoding: str | None = None,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Import or update staff from a CSV or .xlsx file: all rows or none (see staff_csv)."""
        from kiosk.services.staff_csv import import_staff_csv

        return import_staff_csv(self, data, by, source, encoding, progress)

    def revoke_badge(self, staff_id: str, by: str | None = None) -> StaffMember:
        """Bump the badge version: every badge printed before stops working."""
        member = self.get(staff_id)

        def bump(tables: PeopleTables) -> int:
            doc = tables.get(STAFF, id=member.id)
            version = int(doc.get("badge_version", 1)) + 1 if doc else 1
            self.audit.record(
                BADGE_REVOKED, by, "", InTransaction(tables),
                staff_id=member.id, badge_version=version,
            )  # fmt: skip
            tables.update(STAFF, {"badge_version": version}, id=member.id)
            return version

        self.people.update(bump)
        return self.get(member.id)

    def change(
        self,
        staff_id: str,
        from_day: date,
        name: str | None = None,
        shift: str | None = None,
        rest_day: str | None = None,
        lead: bool | None = None,
        by: str | None = None,
    ) -> StaffMember:
        """Change a person's name, lead flag (at once) or default shift and rest day (from
        `from_day`: the weeks before keep the defaults they had)."""
        member = self.get(staff_id)
        row = self.validate(
            member.id,
            member.name if name is None else name,
            member.shift if shift is None else shift,
            member.rest_day if rest_day is None else rest_day,
            member.lead if lead is None else lead,
            None,
            has_pin=member.pin_hash is not None,
        )

        def fields(stored: dict[str, Any]) -> dict[str, Any]:
            before = (stored["shift"], stored["rest_day"])
            after = (row["shift"], row["rest_day"])
            changed = {"name": row["name"], "name_order": row["name_order"], "lead": row["lead"]}
            if before != after:
                earlier = earlier_after_change(stored.get("earlier", []), before, after, from_day)
                changed |= {"shift": after[0], "rest_day": after[1], "earlier": earlier}
            return changed

        return self._save(member.id, fields, by, from_day=from_day)

    def end_employment(self, staff_id: str, from_day: date, by: str | None = None) -> StaffMember:
        """The person is no longer on the staff from `from_day`: not planned, not counted
        absent, and neither badge nor PIN lets them punch; their records stay."""
        member = self.get(staff_id)
        return self._save(
            member.id, lambda _: {"left_on": from_day.isoformat()}, by, from_day=from_day
        )

    def set_pin(self, staff_id: str, pin: str, by: str | None = None) -> StaffMember:
        """Set or reset one person's PIN (a new hire without one, a forgotten one); the
        trail records that it changed, never the PIN. Clears the person's PIN failures:
        the lead has just vouched for who they are."""
        member = self.get(staff_id)
        normal = normalise_pin(pin)
        if not valid_pin(normal):
            raise UsageError("bad_pin")
        pin_hash = hash_pin(normal)
        return self._save(member.id, lambda _: {"pin_hash": pin_hash}, by, pin_changed=True)

    def _save(
        self,
        staff_id: str,
        fields: Callable[[dict[str, Any]], dict[str, Any]],
        by: str | None,
        pin_changed: bool = False,
        from_day: date | None = None,
    ) -> StaffMember:
        """Change one staff row by `fields(stored row)`, inside the lock, with its audit
        entry (the row after); a new PIN also clears the person's PIN failures. A change
        `from_day` changes the days from then to today: refused while one of them is in a
        signed-off month (the store's day guard). The PIN failures are cleared only once
        the new PIN is on disk: a crash between leaves the person locked, never a failed
        count cleared with the old PIN still in force."""

        def write(tables: PeopleTables) -> None:
            if from_day is not None:
                self.people.require_open(from_day, self.today())
            stored = tables.get(STAFF, id=staff_id)
            if stored is None:
                raise UsageError("unknown_staff", staff_id=staff_id)
            changed = fields(stored)
            self.audit.record(
                STAFF_SAVED, by, "", InTransaction(tables),
                staff=[staff_state(stored | changed)], pin_changed=[staff_id] * pin_changed,
            )  # fmt: skip
            tables.update(STAFF, changed, id=staff_id)

        self.people.update(write)
        if pin_changed:
            self.pins.clear(staff_id)
        return self.get(staff_id)

    # -- PINs ----------------------------------------------------------------------------
    def ensure_pin_unlocked(self, staff_id: str, by_badge: bool = False) -> StaffMember:
        """The member, or RefusedError `pin_locked`: the kiosk asks this before it asks for
        a PIN, so a locked person is told at once instead of after typing it."""
        member = self.get(staff_id)
        row = _failures_by(self.pins.rows(PIN_FAILURES), member.id, _means(by_badge))
        self._refuse_if_locked(member, row, self.clock.now())
        return member

    @staticmethod
    def _refuse_if_locked(member: StaffMember, record: dict[str, Any], now: datetime) -> None:
        locked_until = record.get("locked_until")
        if locked_until and datetime.fromisoformat(locked_until) > now:
            raise RefusedError("pin_locked", staff_id=member.id, until=locked_until[11:19])

    def check_pin(self, staff_id: str, pin: str, by_badge: bool = False) -> StaffMember:
        """The member if the PIN is right; RefusedError `pin_locked`, `wrong_pin`,
        `pin_throttled` or `pin_session_throttled` if not.

        The attempt is counted, inside the PIN file's lock, before the slow hash is
        verified: so however many processes or browser tabs guess at once, at most
        `pin_max_attempts` PINs are ever checked before the ID locks for
        `pin_lockout_minutes`, and the lock is set by the attempt that reaches the limit.
        A failure never clears a lock; only the right PIN, within the limit, clears the
        count. All IDs together get at most `pin_attempts_per_minute` checks a minute.

        Attempts with the person's badge (`by_badge`: a signed badge was scanned) and with
        a typed ID are counted and locked apart: anyone can type a lead's ID, so guesses
        that way must not lock out the lead who holds the badge; guesses with the badge
        lock the badge way as well.
        """
        member = self.get(staff_id)
        now = self.clock.now()
        rules = self.config.rules
        means = _means(by_badge)
        if self._session is not None:
            self._session.take(now)

        def reserve(tables: PeopleTables) -> dict[str, Any]:
            rows = [r for r in tables.all(PIN_FAILURES) if r["staff_id"] == member.id]
            row = _failures_by(rows, member.id, means)
            self._refuse_if_locked(member, row, now)  # raised inside the lock: no write
            _throttle(tables, now, rules.pin_attempts_per_minute)
            count = int(row.get("count", 0)) + 1 if not row.get("locked_until") else 1
            reserved: dict[str, Any] = {"staff_id": member.id, "means": means, "count": count}
            reserved["locked_until"] = None
            if count >= rules.pin_max_attempts:  # the last try allowed: lock before verifying
                until = now + timedelta(minutes=rules.pin_lockout_minutes)
                reserved["locked_until"] = until.isoformat(timespec="seconds")
            others = [r for r in rows if r.get("means", TYPED) != means]
            tables.remove(PIN_FAILURES, staff_id=member.id)  # one row per way in
            for kept in [*others, reserved]:
                tables.insert(PIN_FAILURES, kept)
            return reserved

        reserved = self.pins.update(reserve)
        if member.pin_hash and _pin_matches(pin, member.pin_hash):
            self.pins.clear(member.id)
            return member
        if reserved["locked_until"]:
            until = reserved["locked_until"]
            raise RefusedError("pin_locked", staff_id=member.id, until=until[11:19])
        raise RefusedError(
            "wrong_pin", staff_id=member.id, remaining=rules.pin_max_attempts - reserved["count"]
        )


BADGE, TYPED = "badge", "typed"  # how the person asking for the PIN check was identified


def _means(by_badge: bool) -> str:
    return BADGE if by_badge else TYPED


def _failures_by(rows: list[dict[str, Any]], staff_id: str, means: str) -> dict[str, Any]:
    """The failure count of one ID by one way in (a row from before the two were kept apart
    counts as typed)."""
    return next(
        (r for r in rows if r["staff_id"] == staff_id and r.get("means", TYPED) == means), {}
    )


class SessionThrottle:
    """At most `per_minute` PIN checks in any 60 seconds from this process (a browser
    session); RefusedError `pin_session_throttled` past it. Threads of a session share it."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._recent: deque[datetime] = deque()
        self._lock = threading.Lock()

    def take(self, now: datetime) -> None:
        with self._lock:
            while self._recent and (now - self._recent[0]).total_seconds() >= 60:
                self._recent.popleft()
            if len(self._recent) >= self.per_minute:
                raise RefusedError("pin_session_throttled")
            self._recent.append(now)


def _throttle(tables: PeopleTables, now: datetime, per_minute: int) -> None:
    """Count one PIN check in this minute, across every ID; RefusedError `pin_throttled`
    past the limit (someone is trying ID after ID)."""
    minute = now.replace(second=0, microsecond=0).isoformat()
    row = tables.get(PIN_ATTEMPTS, key="all") or {}
    count = int(row.get("count", 0)) + 1 if row.get("minute") == minute else 1
    if count > per_minute:
        raise RefusedError("pin_throttled")
    tables.upsert(PIN_ATTEMPTS, {"key": "all", "minute": minute, "count": count}, key="all")


def _pin_matches(pin: str, stored: str) -> bool:
    """The PIN as typed, normalised ("１２３４" is 1234); a PIN stored before normalisation
    (hashed as typed, full-width digits and all) is tried as typed too."""
    normal = normalise_pin(pin)
    if verify_pin(normal, stored):
        return True
    return normal != pin and verify_pin(pin, stored)
