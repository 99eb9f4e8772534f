"""Exports of a scripted day and month, pinned as golden files, and `kiosk export` itself.

Regenerate the golden files after an intended change with
`KIOSK_UPDATE_GOLDEN=1 pytest tests/close/test_exports.py`, and read the diff before
committing it: these are the files HR opens.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from kiosk.i18n import Translator
from tests.cli.cli_helpers import invoke
from tests.close.scripted_day import DAY, at, script_the_day, services_at

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KIOSK_UPDATE_GOLDEN") == "1"


def golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from the golden file"


@pytest.fixture
def closed_day(tmp_path: Path):  # type: ignore[no-untyped-def]
    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY, by="L001")
    return services


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_day_csv_matches_the_golden_file(closed_day, lang: str) -> None:  # type: ignore[no-untyped-def]
    export = closed_day.exports.day(DAY, "csv", Translator(lang))
    golden(f"day_2026-11-27_{lang}.csv", export.data)


def test_day_json_matches_the_golden_file(closed_day) -> None:  # type: ignore[no-untyped-def]
    export = closed_day.exports.day(DAY, "json", Translator("zh"))
    golden("day_2026-11-27.json", export.data)
    body = json.loads(export.data)
    assert set(body) == {"date", "kiosk_id", "revision", "closed_at", "people", "judged_by"}
    person = body["people"][0]
    assert set(person) >= {
        "staff_id", "name", "shift", "status", "flags", "check_in", "check_out",
        "late_minutes", "early_minutes", "worked_minutes", "leave_type", "appearance",
        "fines_total",
    }  # fmt: skip


def test_csv_opens_in_excel_and_wps(closed_day) -> None:  # type: ignore[no-untyped-def]
    data = closed_day.exports.day(DAY, "csv", Translator("zh")).data
    assert data.startswith("\ufeff".encode())  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["日期", "工号", "姓名"]
    assert len(rows) == 1 + 12  # one row per person
    assert all(len(row) == len(rows[0]) for row in rows)
    assert b"\r\n" in data


def test_month_export_adds_per_person_totals(closed_day) -> None:  # type: ignore[no-untyped-def]
    services = closed_day
    at(services, "08:05", "2026-11-28")  # Saturday: 1001 late again, then the day is closed
    services.punch.punch("1001")
    at(services, "20:30", "2026-11-28")
    services.day_close.close(DAY.replace(day=28))
    export = services.exports.month("2026-11", "json", Translator("zh"))
    golden("month_2026-11.json", export.data)
    totals = {t["staff_id"]: t for t in json.loads(export.data)["totals"]}
    assert (totals["1001"]["days_present"], totals["1001"]["late_count"]) == (2, 1)
    assert totals["1001"]["late_minutes"] == 5
    assert totals["1001"]["appearance_failed"] == {"nails": 1, "badge": 1}
    assert totals["1001"]["fines_total"] == 20
    assert totals["1004"]["leave_days"] == {"sick": 1}
    days = services.exports.month("2026-11", "csv", Translator("zh")).data
    golden("month_2026-11_zh.csv", days)  # the day rows only: one table per file
    rows = list(csv.reader(io.StringIO(days.decode("utf-8-sig"))))
    assert all(len(row) == len(rows[0]) for row in rows) and len(rows) == 1 + 12 + 12
    totals = services.exports.month("2026-11", "csv", Translator("zh"), totals=True).data
    golden("month_2026-11_totals_zh.csv", totals)
    header, *people = list(csv.reader(io.StringIO(totals.decode("utf-8-sig"))))
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in people}
    assert by_id["1004"]["病假(天)"] == "1" and by_id["1004"]["事假(天)"] == "0"
    assert by_id["1001"]["迟到次数"] == "1" and by_id["1001"]["罚款合计(元)"] == "20"
    assert all(value.isdigit() for row in people for value in row[2:])  # numbers only
    assert [row[1] for row in people][:3] == ["陈晓燕", "黄蕾", "李娜"]  # pinyin order


def test_an_open_day_is_not_exported(closed_day) -> None:  # type: ignore[no-untyped-def]
    services = closed_day
    at(services, "21:00")
    services.appearance.incident("1007", "uniform_outside", by="L001")  # re-opens the day
    result = invoke(
        services.store.data_dir, "export", "--date", "2026-11-27", now="2026-11-27T21:01:00"
    )
    assert result.exit_code == 3
    assert "kiosk day close --date 2026-11-27" in result.stderr
    month = services.exports.month("2026-11", "csv", Translator("zh"))
    assert month.not_closed == (DAY,) and month.days == ()


def test_export_cli_writes_the_file_atomically_and_says_so(closed_day, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "share" / "2026-11-27.csv"
    out.parent.mkdir()
    data_dir = closed_day.store.data_dir
    result = invoke(data_dir, "export", "--date", "2026-11-27", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == (GOLDEN / "day_2026-11-27_zh.csv").read_bytes()
    assert "已导出 1 天" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["2026-11-27.csv"]  # no temp left
    both = invoke(data_dir, "export", "--date", "2026-11-27", "--month", "2026-11")
    assert both.exit_code == 2
    for month in ("2026-13", "0000-01", "9999-12"):  # no month, no year 0, past the calendar
        bad = invoke(data_dir, "export", "--month", month)
        assert bad.exit_code == 2 and "YYYY-MM" in bad.stderr, month


def test_a_month_export_names_days_without_any_record(closed_day) -> None:  # type: ignore[no-untyped-def]
    services = closed_day
    at(services, "08:00", "2026-11-29")
    services.punch.punch("1001")
    at(services, "20:30", "2026-11-29")
    services.day_close.close(DAY.replace(day=29))  # the 28th: the kiosk was off all day
    month = services.exports.month("2026-11", "csv", Translator("zh"))
    assert month.days == (DAY, DAY.replace(day=29))
    assert DAY.replace(day=28) in month.no_records and DAY.replace(day=1) in month.no_records
    result = invoke(
        services.store.data_dir, "export", "--month", "2026-11", now="2026-11-29T21:00:00"
    )
    assert result.exit_code == 0
    assert "有 27 天没有任何记录" in result.stderr and "2026-11-28" in result.stderr
