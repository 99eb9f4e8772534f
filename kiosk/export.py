"""Day and month exports: CSV that Excel and WPS open (UTF-8 with a BOM) and JSON.

UI-free and store-free: everything here turns frozen day summaries (services/day_close.py)
into bytes. Writing them to a file, a share or an HTTP endpoint is the caller's business.
One CSV row per person per day; headers and readable values in the chosen language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from kiosk.config import Config
from kiosk.i18n import Translator

BOM = "\ufeff"
DAY_COLUMNS = (
    "date",
    "staff_id",
    "name",
    "shift",
    "status",
    "flags",
    "check_in",
    "check_out",
    "late_minutes",
    "early_minutes",
    "worked_minutes",
    "leave_type",
    "checked_by",
    "failed_items",
    "appearance_fine",
    "incident_fines",
    "fines_total",
)


def day_json(summary: dict[str, Any]) -> bytes:
    """The day JSON of design.md, as UTF-8 (Chinese names readable, not \\u-escaped)."""
    return (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def day_rows(summary: dict[str, Any], config: Config, tr: Translator) -> list[list[str | int]]:
    """One CSV row per person, values readable by people (times HH:MM, words translated)."""
    items = config.checklist_by_key
    rows: list[list[str | int]] = []
    for person in summary["people"]:
        check = person.get("appearance") or {}
        failed = [items[k].label(tr.lang) if k in items else k for k in check.get("failed", [])]
        rows.append(
            [
                summary["date"],
                person["staff_id"],
                person["name"],
                person["shift"] or "",
                tr.t(f"export.status.{person['status']}"),
                "、".join(tr.t(f"export.flag.{f}") for f in person["flags"]),
                _hhmm(person["check_in"]),
                _hhmm(person["check_out"]),
                person["late_minutes"],
                person["early_minutes"],
                "" if person["worked_minutes"] is None else person["worked_minutes"],
                tr.leave_type(person["leave_type"]) if person["leave_type"] else "",
                check.get("checked_by", ""),
                "、".join(failed),
                check.get("fine", 0) if check else 0,
                person.get("incident_fines", 0),
                person["fines_total"],
            ]
        )
    return rows


def day_csv(summaries: Iterable[dict[str, Any]], config: Config, tr: Translator) -> bytes:
    """Days as one CSV: a header, then one row per person per day."""
    header = [tr.t(f"export.col.{c}") for c in DAY_COLUMNS]
    rows = [row for summary in summaries for row in day_rows(summary, config, tr)]
    return _csv_bytes([header, *rows])


def _csv_bytes(rows: Sequence[Sequence[str | int]]) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: what Excel and WPS open without asking."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return (BOM + out.getvalue()).encode("utf-8")


def _cell(value: str | int) -> str | int:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @) is quoted with a
    leading apostrophe: a name typed as `=HYPERLINK(...)` must stay a name."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _hhmm(iso: str | None) -> str:
    return iso[11:16] if iso else ""
