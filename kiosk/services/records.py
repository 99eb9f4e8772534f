"""The people records services hand out (frozen; the store keeps plain dicts)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from kiosk.domain.names import known_order, name_order
from kiosk.domain.plans import EarlierDefaults, defaults_on

LEAVE_TYPES = (
    "personal",  # 事假
    "sick",  # 病假
    "marriage",  # 婚假
    "maternity",  # 产假
    "bereavement",  # 丧假
    "compensatory",  # 换休假
    "paid",  # 带薪假
    "work_injury",  # 工伤假
)

# The Chinese names clerks write (rules.md), as accepted input. Output names come from the
# i18n catalogs (`leave_type.<id>`).
LEAVE_TYPE_NAMES_ZH = {
    "personal": "事假",
    "sick": "病假",
    "marriage": "婚假",
    "maternity": "产假",
    "bereavement": "丧假",
    "compensatory": "换休假",
    "paid": "带薪假",
    "work_injury": "工伤假",
}
_LEAVE_TYPE_ALIASES = {kind: kind for kind in LEAVE_TYPES} | {
    **{name: kind for kind, name in LEAVE_TYPE_NAMES_ZH.items()},
    "换休": "compensatory",
}


def parse_leave_type(text: str) -> str | None:
    """The leave type id for an English id or a Chinese name (`sick`, `SICK`, `病假`), or None.

    Full-width letters are folded (NFKC); `work-injury` and `work injury` mean `work_injury`.
    """
    key = unicodedata.normalize("NFKC", text).strip().lower()
    key = "_".join(key.replace("-", " ").split())
    return _LEAVE_TYPE_ALIASES.get(key)


def normalise_id(raw: str) -> str:
    """Staff IDs are upper-case so that they fit the QR alphanumeric set on badges.

    NFKC first, so that full-width "１００１" (a Chinese IME in full-width mode) is 1001.
    """
    return unicodedata.normalize("NFKC", raw).strip().upper()


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str
    shift: str
    rest_day: str
    lead: bool = False
    pin_hash: str | None = None
    badge_version: int = 1
    left_on: date | None = None  # the first day no longer employed (history is kept)
    starts_on: date | None = None  # the first day employed (None: since before the kiosk)
    earlier: tuple[EarlierDefaults, ...] = ()  # defaults before a change "from a date"
    # The name's sort key as the staff file kept it (kiosk/domain/names.py stored_order);
    # None: work it out. Not part of who the person is, so not compared.
    stored_order: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StaffMember:
        left, starts = row.get("left_on"), row.get("starts_on")
        return cls(
            id=row["id"],
            name=row["name"],
            shift=row["shift"],
            rest_day=row["rest_day"],
            lead=bool(row.get("lead", False)),
            pin_hash=row.get("pin_hash"),
            badge_version=int(row.get("badge_version", 1)),
            left_on=date.fromisoformat(left) if left else None,
            starts_on=date.fromisoformat(starts) if starts else None,
            earlier=tuple(
                EarlierDefaults(date.fromisoformat(e["until"]), e["shift"], e["rest_day"])
                for e in row.get("earlier", ())
            ),
            stored_order=known_order(row["name"], row.get("name_order")),
        )

    def order(self) -> tuple[str, ...]:
        """The key people are listed by: the name in pinyin (kept with the person when the
        name was written, so a list of them does not load pypinyin)."""
        return self.stored_order or name_order(self.name)

    def defaults_on(self, day: date) -> tuple[str, str]:
        """(default shift, weekly rest day) in effect on `day`."""
        return defaults_on(day, self.shift, self.rest_day, self.earlier)

    def employed_on(self, day: date) -> bool:
        """On the staff on `day`: otherwise not scheduled, not absent and not let in. A new
        hire is not on the days before `starts_on`, so a day closed again later does not
        count them absent on days before they were hired."""
        started = self.starts_on is None or day >= self.starts_on
        return started and (self.left_on is None or day < self.left_on)

    def public(self) -> dict[str, Any]:
        """For --json output: everything but the PIN hash."""
        return {
            "staff_id": self.id,
            "name": self.name,
            "shift": self.shift,
            "rest_day": self.rest_day,
            "lead": self.lead,
            "has_pin": self.pin_hash is not None,
            "badge_version": self.badge_version,
            "left_on": self.left_on.isoformat() if self.left_on else None,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
        }


@dataclass(frozen=True)
class LeaveRecord:
    id: str
    staff_id: str
    type: str
    start: date
    end: date
    phoned: bool
    paperwork_done: bool
    note: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LeaveRecord:
        return cls(
            id=row["id"],
            staff_id=row["staff_id"],
            type=row["type"],
            start=date.fromisoformat(row["from"]),
            end=date.fromisoformat(row["to"]),
            phoned=bool(row.get("phoned", False)),
            paperwork_done=bool(row.get("paperwork_done", False)),
            note=row.get("note", ""),
        )

    @property
    def paperwork_pending(self) -> bool:
        return self.phoned and not self.paperwork_done

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def public(self) -> dict[str, Any]:
        return {
            "leave_id": self.id,
            "staff_id": self.staff_id,
            "type": self.type,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "phoned": self.phoned,
            "paperwork_pending": self.paperwork_pending,
            "note": self.note,
        }


PlanKind = Literal["shift", "rest", "leave"]


@dataclass(frozen=True)
class DayPlan:
    """Who works what on a date: the template (their default one on rest/leave) and why."""

    staff: StaffMember
    date: date
    shift_code: str
    plan: PlanKind
    source: Literal["default", "override"]
    leave: LeaveRecord | None = None

    def public(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff.id,
            "name": self.staff.name,
            "date": self.date.isoformat(),
            "plan": self.plan,
            "shift": self.shift_code if self.plan == "shift" else None,
            "source": self.source,
            "leave_type": self.leave.type if self.leave else None,
            "leave_id": self.leave.id if self.leave else None,
        }
