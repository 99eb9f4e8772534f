"""Day and month exports: CSV that Excel and WPS open (UTF-8 with a BOM) and JSON.

UI-free and store-free: everything here turns frozen day summaries (`DaySummary`, whose JSON
docs/day_summary.schema.json describes) into bytes; no figure is computed here. Writing
them to a file, a share or an HTTP endpoint is the caller's business.
One CSV row per person per day; headers and readable values in the chosen language.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from kiosk.config import Config
from kiosk.domain.month_sheet import MonthSheet
from kiosk.domain.month_totals import month_totals
from kiosk.domain.summary import DaySummary
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
    "late_from_break_minutes",
    "leave_type",
    "checked_by",
    "failed_items",
    "appearance_fine",
    "incident_fines",
    "fines_total",
)


def json_bytes(data: dict[str, Any]) -> bytes:
    """JSON as UTF-8 (Chinese names readable, not \\u-escaped), as HR's tools read it."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def day_json(summary: DaySummary) -> bytes:
    """The day JSON of design.md (docs/day_summary.schema.json)."""
    return json_bytes(summary.to_json())


def day_rows(
    summary: DaySummary, config: Config, tr: Translator, words: Words | None = None
) -> list[list[str | int]]:
    """One CSV row per person, values readable by people (times HH:MM, words translated).
    `words`: translations already looked up (a month of 10,000 people a day asks the same
    few words 300,000 times)."""
    words = words or Words(config, tr)
    day = summary.date.isoformat()
    rows: list[list[str | int]] = []
    for person in summary.people:
        check = person.appearance
        rows.append(
            [
                day,
                person.staff_id,
                person.name,
                person.shift or "",
                words.status[person.status],
                words.flags[person.flags],
                _hhmm(person.check_in),
                _hhmm(person.check_out),
                person.late_minutes,
                person.early_minutes,
                "" if person.worked_minutes is None else person.worked_minutes,
                person.late_from_break_minutes,
                words.leave[person.leave_type] if person.leave_type else "",
                check.checked_by if check else "",
                words.failed[check.failed] if check else "",
                check.fine if check else 0,
                person.incident_fines,
                person.fines_total,
            ]
        )
    return rows


class Words:
    """The export's translated words, each looked up once (a dict's own lookup per cell)."""

    def __init__(self, config: Config, tr: Translator, for_csv: bool = False) -> None:
        """`for_csv`: each word as `_cell` makes it safe for a CSV (an unknown flag or item
        key is shown as it is stored, so it is as untrusted as a name)."""
        items, lang = config.checklist_by_key, tr.lang
        separator = tr.t("export.list_separator")  # 、 in Chinese, ; in English
        safe: Callable[[str], Any] = _cell if for_csv else str
        self.status = _Looked(lambda status: safe(tr.t(f"export.status.{status}")))
        self.flags = _Looked(
            lambda flags: safe(separator.join(tr.t(f"export.flag.{f}") for f in flags))
        )
        self.leave = _Looked(lambda leave: safe(tr.leave_type(leave)))
        # Item labels contain commas: hence the separator, not a comma.
        self.failed = _Looked(
            lambda keys: safe(
                separator.join(items[k].label(lang) if k in items else k for k in keys)
            )
        )


class _Looked(dict[Any, str]):
    """A word made the first time its key is asked for, then kept."""

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> str:
        word = self[key] = self.make(key)
        return word


def day_csv(summaries: Iterable[DaySummary], config: Config, tr: Translator) -> bytes:
    """Days as one CSV: a header, then one row per person per day."""
    rows = DayRowsCsv(config, tr)
    return rows.document([rows.rows(summary) for summary in summaries])


class DayRowsCsv:
    """`day_csv` a date at a time: `rows(summary)` is one date's rows as CSV text, and
    `document` puts the BOM and the header before such texts, giving day_csv's very bytes
    (a CSV writer writes each row alone). The central report keeps each date's text with
    the date (central/report_days.py) under `key`: what the text depends on besides the
    summary and this code, the language and the checklist's labels in it."""

    def __init__(self, config: Config, tr: Translator) -> None:
        self.config, self.tr = config, tr
        self.words = Words(config, tr, for_csv=True)
        labels = {k: item.label(tr.lang) for k, item in config.checklist_by_key.items()}
        basis = json.dumps({"lang": tr.lang, "items": labels}, sort_keys=True, ensure_ascii=False)
        self.key = hashlib.sha256(basis.encode()).hexdigest()

    def rows(self, summary: DaySummary) -> str:
        rows = day_rows(summary, self.config, self.tr, self.words)
        starts = _FORMULA_STARTS
        for row in rows:  # the stored text; the words are safe already, the rest are numbers
            for column in _STORED_TEXT:
                value = row[column]
                if value[:1] in starts:  # type: ignore[index]
                    row[column] = "'" + value  # type: ignore[operator]
        return _csv_text(rows)

    def document(self, texts: Iterable[str]) -> bytes:
        header = _csv_text([_cells([self.tr.t(f"export.col.{c}") for c in DAY_COLUMNS])])
        return (BOM + header + "".join(texts)).encode("utf-8")


# The day row's columns that hold stored text as it is (staff id, name, shift, checked by).
_STORED_TEXT = (1, 2, 3, 13)


# What a spreadsheet runs as a formula when a text cell starts with it.
_FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))


def _csv_bytes(rows: Sequence[Sequence[str | int]], safe: bool = False) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: what Excel and WPS open without asking. Cells
    are made safe as `_cell` says, unless the caller did (`safe`: the day rows, a month of
    which is 5 million cells)."""
    return (BOM + _csv_text(rows if safe else [_cells(row) for row in rows])).encode("utf-8")


def _csv_text(rows: Iterable[Sequence[str | int]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _cells(row: Sequence[str | int]) -> list[str | int]:
    return [_cell(value) for value in row]


def _cell(value: str | int) -> str | int:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @) is quoted with a
    leading apostrophe: a name typed as `=HYPERLINK(...)` must stay a name."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


def _hhmm(moment: datetime | None) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}" if moment else ""


# -- the month ---------------------------------------------------------------------------------
TOTAL_COLUMNS = (
    "staff_id",
    "name",
    "days_present",
    "late_count",
    "late_minutes",
    "early_count",
    "early_minutes",
    "late_from_break_count",
    "late_from_break_minutes",
    "absences",
    "no_checkout",
    "rest_days",
    "appearance_fines",
    "incident_fines",
    "fines_total",
)


def month_json(month: str, kiosk_id: str, summaries: Sequence[DaySummary]) -> bytes:
    payload = {
        "month": month,
        "kiosk_id": kiosk_id,
        "days": [s.to_json() for s in summaries],
        "totals": [t.to_json() for t in month_totals(summaries)],
    }
    return json_bytes(payload)


def month_csv(summaries: Sequence[DaySummary], config: Config, tr: Translator) -> bytes:
    """The month's day rows: one table, as the day export (the totals are their own file,
    `month_totals_csv`, so a spreadsheet reads each as one table)."""
    return day_csv(summaries, config, tr)


def month_totals_csv(sheet: MonthSheet, config: Config, tr: Translator) -> bytes:
    """The month's totals, one row per person in pinyin order, numbers as numbers."""
    return _csv_bytes(totals_table(sheet, config, tr))


def totals_table(sheet: MonthSheet, config: Config, tr: Translator) -> list[list[str | int]]:
    """The totals as a table (the totals CSV and the workbook's 汇总 sheet): a header, then
    per person the counts, one column per leave type and per appearance item."""
    items = config.checklist
    failed_keys = [item.key for item in items]
    for row in sheet.rows:
        failed_keys += [k for k in row.totals.appearance_failed if k not in failed_keys]
    by_key = config.checklist_by_key
    header: list[str | int] = [tr.t(f"export.total.{c}") for c in TOTAL_COLUMNS[:12]]
    header += [tr.t("export.total.leave_of", leave=tr.leave_type(k)) for k in sheet.leave_types]
    header += [tr.t("export.total.leave_total"), tr.t("export.total.appearance_failed")]
    header += [
        tr.t(
            "export.total.appearance_of",
            item=by_key[k].label(tr.lang) if k in by_key else k,
        )
        for k in failed_keys
    ]
    header += [tr.t(f"export.total.{c}") for c in TOTAL_COLUMNS[-3:]]
    table: list[list[str | int]] = [header]
    for row in sheet.rows:
        total = row.totals.to_json()
        failed = row.totals.appearance_failed
        line: list[str | int] = [total[c] for c in TOTAL_COLUMNS[:12]]
        line += [sheet.leave_days(row, k) for k in sheet.leave_types]
        line += [row.totals.leave_total, sum(failed.values())]
        line += [failed.get(k, 0) for k in failed_keys]
        line += [total[c] for c in TOTAL_COLUMNS[-3:]]
        table.append(line)
    return table
