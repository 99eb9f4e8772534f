"""The month sign-off (月结): what is still open in a month, and its approvals and re-openings.

A lead approves a month once its last day has passed and nothing is open, or accepts the
open list explicitly (it is kept with the approval). An approval freezes every day of the
month until a lead re-opens it with a reason; the next approval is the month's next
revision. What "open" means comes from the day statuses and counts already defined
(kiosk.domain.summary `day_counts`): nothing new is decided here about a day.

The checksum is sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of the month's
figures as `kiosk export --month --format json` gives them, so anyone holding that file can
recompute it. Pure: the records, days and bytes are handed in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from kiosk.domain.audit import MONTH_APPROVED, MONTH_REOPENED
from kiosk.domain.names import name_order

if TYPE_CHECKING:  # the day summaries are read by the sign-off screen, not by a punch's seal
    from kiosk.domain.summary import DaySummary

# What can be open, in the order a lead reads them for one day. The per-person ones are the
# day's counts of the same names (kiosk.domain.summary COUNT_NAMES).
DAY_NOT_CLOSED = "day_not_closed"  # never closed
DAY_REOPENED = "day_reopened"  # closed, then something was recorded after the close
PERSON_COUNTS = ("no_checkout", "leave_paperwork_pending", "appearance_unchecked")
OPEN_KINDS = (DAY_NOT_CLOSED, DAY_REOPENED, *PERSON_COUNTS)


@dataclass(frozen=True)
class OpenItem:
    """One thing still open: a day, or one person's day."""

    kind: str  # one of OPEN_KINDS
    date: date
    staff_id: str | None = None
    name: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "staff_id": self.staff_id,
            "name": self.name,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenItem:
        staff_id, name = data.get("staff_id"), data.get("name")
        return cls(
            str(data["kind"]),
            date.fromisoformat(str(data["date"])),
            str(staff_id) if staff_id is not None else None,
            str(name) if name is not None else None,
        )


@dataclass(frozen=True)
class MonthDay:
    """A day of the month as its records stand: its newest close (None: never closed) and
    whether that close is still current (nothing recorded after it)."""

    date: date
    latest: DaySummary | None
    current: bool


def days_that_can_be_open(
    first: date, last: date, first_record: date | None, today: date
) -> list[date]:
    """The days of first..last that can be open: not before the first day of records (no
    day before it can be closed) and not after today."""
    start = max(first, first_record or first)
    end = min(last, today)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def month_over(last: date, today: date) -> bool:
    """A month can be signed off only once its last day has passed."""
    return today > last


def before_records(last: date, first_record: date | None) -> bool:
    """A month that ended before the kiosk kept any record has nothing to sign off: an
    approval would freeze and send an empty month as if its figures had been checked."""
    return first_record is None or last < first_record


def open_items(days: Iterable[MonthDay]) -> tuple[OpenItem, ...]:
    """Everything still open, by date, then kind, then name in pinyin order."""
    from kiosk.domain.summary import day_counts

    found: list[OpenItem] = []
    for day in days:
        if day.latest is None:
            found.append(OpenItem(DAY_NOT_CLOSED, day.date))
            continue
        if not day.current:
            found.append(OpenItem(DAY_REOPENED, day.date))
            continue
        counts = day_counts(day.latest.people)
        names = {p.staff_id: p.name for p in day.latest.people}
        for kind in PERSON_COUNTS:
            people = sorted(counts.people[kind], key=lambda s: (name_order(names[s]), s))
            found.extend(OpenItem(kind, day.date, s, names[s]) for s in people)
    return tuple(found)


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def figures_checksum(month_json: bytes) -> str:
    """sha256 over the canonical form of the month JSON export's bytes."""
    return hashlib.sha256(canonical_json(json.loads(month_json.decode("utf-8")))).hexdigest()


@dataclass(frozen=True)
class MonthApproval:
    month: str  # YYYY-MM
    revision: int
    approved_by: str
    approved_at: datetime
    checksum: str
    accepted_open: tuple[OpenItem, ...]
    kiosk_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": MONTH_APPROVED,
            "month": self.month,
            "revision": self.revision,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat(timespec="seconds"),
            "checksum": self.checksum,
            "accepted_open": [item.to_json() for item in self.accepted_open],
            "kiosk_id": self.kiosk_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MonthApproval:
        return cls(
            str(data["month"]),
            int(data["revision"]),
            str(data["approved_by"]),
            datetime.fromisoformat(str(data["approved_at"])),
            str(data["checksum"]),
            tuple(OpenItem.from_json(i) for i in data.get("accepted_open", ())),
            str(data["kiosk_id"]),
        )


@dataclass(frozen=True)
class MonthReopen:
    month: str
    revision: int  # the approval this re-opening undid
    by: str
    at: datetime
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": MONTH_REOPENED,
            "month": self.month,
            "revision": self.revision,
            "by": self.by,
            "at": self.at.isoformat(timespec="seconds"),
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MonthReopen:
        return cls(
            str(data["month"]),
            int(data["revision"]),
            str(data["by"]),
            datetime.fromisoformat(str(data["at"])),
            str(data["reason"]),
        )


MonthRecord = MonthApproval | MonthReopen


def record_from_json(data: dict[str, Any]) -> MonthRecord:
    """A stored record; KeyError/ValueError for one the kiosk does not write."""
    if data.get("type") == MONTH_APPROVED:
        return MonthApproval.from_json(data)
    if data.get("type") == MONTH_REOPENED:
        return MonthReopen.from_json(data)
    raise KeyError(str(data.get("type")))


@dataclass(frozen=True)
class MonthState:
    """A month's sign-off as its records give it."""

    month: str
    history: tuple[MonthRecord, ...]  # oldest first

    @property
    def approval(self) -> MonthApproval | None:
        """The approval in force (the month is frozen), or None (open)."""
        last = self.history[-1] if self.history else None
        return last if isinstance(last, MonthApproval) else None

    @property
    def sealed(self) -> bool:
        return self.approval is not None

    @property
    def next_revision(self) -> int:
        return 1 + max(
            (r.revision for r in self.history if isinstance(r, MonthApproval)), default=0
        )

    def to_json(self) -> dict[str, Any]:
        approval = self.approval
        return {
            "month": self.month,
            "approved": approval is not None,
            "approval": approval.to_json() if approval else None,
            "history": [r.to_json() for r in self.history],
        }


def month_state(month: str, records: Sequence[MonthRecord]) -> MonthState:
    return MonthState(month, tuple(r for r in records if r.month == month))


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"


def months_between(first: date, last: date) -> list[str]:
    """Every YYYY-MM that first..last touches, in order."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


SignoffKey = tuple[str, str, int]  # (type, month, revision): one approval or re-opening


def lost_signoffs(
    on_trail: Iterable[SignoffKey], records: Iterable[SignoffKey]
) -> tuple[SignoffKey, ...]:
    """The sign-offs the audit trail recorded that months.json no longer holds, in the
    trail's order: the file deleted or its last records cut off, which its chain alone
    cannot show (nothing after them is left to point back at them)."""
    kept = set(records)
    return tuple(key for key in on_trail if key not in kept)
