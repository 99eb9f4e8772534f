"""The day CSV's cells a spreadsheet would run as a formula are quoted (issue 15 rewrote the
CSV's cell guard to run per stored-text column, not per cell): every stored text, in every
column, and an unknown flag or checklist key shown as stored, keeps a leading apostrophe;
numbers and the kiosk's own words stay as they are."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

from kiosk.config import default_config_text, parse_config
from kiosk.domain.summary import AppearanceRecord, DaySummary, PersonDay
from kiosk.export import day_csv
from kiosk.i18n import Translator

EAST = timezone(timedelta(hours=8))


def test_formula_text_is_quoted_in_every_column() -> None:
    tricky = PersonDay(
        "=1+1", "=HYPERLINK(\"http://x\",\"王\")", "shift", "default", "A", "+A", "present",
        ("@flag",), datetime(2026, 11, 27, 8, 5, tzinfo=EAST), None, 5, 0, None, 0, "-sick",
        AppearanceRecord("-L001", ("=item",), 50), 0,
    )  # fmt: skip
    plain = PersonDay("1001", "张丽", "shift", "default", "A", "A", "present", ("late",),
                      datetime(2026, 11, 27, 8, 5, tzinfo=EAST), None, 5, 0, None, 0)  # fmt: skip
    summary = DaySummary(date(2026, 11, 27), "desk-1", 1, None, (tricky, plain))
    config = parse_config(default_config_text())
    text = day_csv([summary], config, Translator("en")).decode("utf-8-sig")
    header, first, second = list(csv.reader(io.StringIO(text)))
    by = dict(zip(header, first, strict=True))
    for cell in first:
        assert cell[:1] not in ("=", "+", "-", "@"), (cell, first)
    assert by["staff ID"] == "'=1+1" and by["name"].startswith("'=HYPERLINK")
    assert "'=item" in first and "'-L001" in first and "'+A" in first
    assert second[1:3] == ["1001", "张丽"] and second[6] == "08:05" and second[8] == "5"


def test_a_stored_close_is_read_as_its_types() -> None:
    """Found by review: a close re-signed by someone with the key could hold a formula or a
    list where a number or a word belongs; read back, each value is of its type, so the
    CSV neither runs it nor fails on it."""
    stored = {
        "staff_id": "1001", "name": "张丽", "status": "present", "shift": ["=A"],
        "flags": [["late"], "=x"], "worked_minutes": "480", "leave_type": 7,
        "appearance": {"checked_by": "L001", "failed": [["=item"]], "fine": "50"},
    }  # fmt: skip
    person = PersonDay.from_json(stored)
    assert person.worked_minutes == 480 and person.leave_type == "7"
    assert person.shift == "['=A']" and person.flags == ("['late']", "=x")
    assert person.appearance == AppearanceRecord("L001", ("['=item']",), 50)
    summary = DaySummary(date(2026, 11, 27), "desk-1", 1, None, (person,))
    text = day_csv([summary], parse_config(default_config_text()), Translator("en"))
    (_, row) = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert all(cell[:1] not in ("=", "+", "-", "@") for cell in row), row
