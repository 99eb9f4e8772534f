"""The shift templates and timing rules a day is judged by, as a record a close keeps.

A closed day keeps the rules it was judged by: the close stores this record (and its
digest), and a later re-close of that day judges everyone by it, never by whatever
kiosk.toml says today. A config change therefore takes effect for days not yet closed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from datetime import time
from typing import Any

from kiosk.domain.shifts import Rules, ShiftTemplate

_TIME_FIELDS = ("start", "end", "break_start", "break_end")
# The rules that decide a day's figures; the PIN lockout's settings judge no day.
JUDGING_RULES = (
    "late_grace_minutes",
    "early_grace_minutes",
    "checkin_opens_before_minutes",
    "checkout_closes_after_minutes",
    "duplicate_minutes",
)


@dataclass(frozen=True)
class RuleBook:
    shifts: dict[str, ShiftTemplate]
    rules: Rules

    def to_json(self) -> dict[str, Any]:
        shifts = {}
        for code, template in self.shifts.items():
            row = asdict(template)
            for name in _TIME_FIELDS:
                value = row[name]
                row[name] = value.strftime("%H:%M") if value is not None else None
            shifts[code] = row
        rules = {k: v for k, v in asdict(self.rules).items() if k in JUDGING_RULES}
        body = {"shifts": shifts, "rules": rules}
        return {"digest": _digest(body), **body}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RuleBook:
        """The book a close stored; KeyError/ValueError/TypeError if it is not one."""
        known = {f.name for f in fields(ShiftTemplate)}
        shifts = {}
        for code, row in data["shifts"].items():
            values = {k: v for k, v in row.items() if k in known}
            for name in _TIME_FIELDS:
                if values.get(name) is not None:
                    values[name] = time.fromisoformat(values[name])
            shifts[code] = ShiftTemplate(**values)
        rule_names = {f.name for f in fields(Rules)}
        rules = Rules(**{k: int(v) for k, v in data["rules"].items() if k in rule_names})
        # (a book only keeps the judging rules: the others take their defaults here and
        # are never used to judge the day)
        return cls(shifts, rules)

    def including(self, shifts: dict[str, ShiftTemplate]) -> RuleBook:
        """This book plus templates it does not have (one added to kiosk.toml since): its
        own templates win, so a day keeps the times it was judged by."""
        return RuleBook({**shifts, **self.shifts}, self.rules)

    @property
    def digest(self) -> str:
        return str(self.to_json()["digest"])


def _digest(body: dict[str, Any]) -> str:
    """A content address: the same templates and rules always give the same digest."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
