"""The sheet reader: an .xlsx and a CSV of the same grid give the same rows of text."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from kiosk.errors import UsageError
from kiosk.spreadsheet import cell_name, column_letter, read_sheet


def workbook_bytes(rows: list[list[object]], title: str = "Sheet") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_and_csv_read_alike() -> None:
    rows = [["工号", "姓名", "日期"], ["E001", "张丽", date(2026, 11, 3)], ["E002", 12.0, None]]
    from_xlsx = read_sheet(workbook_bytes(rows))
    csv_text = "工号,姓名,日期\r\nE001,张丽,2026-11-03\r\nE002,12,\r\n"
    from_csv = read_sheet(("\ufeff" + csv_text).encode("utf-8"))
    assert (
        from_xlsx
        == from_csv
        == [
            ["工号", "姓名", "日期"],
            ["E001", "张丽", "2026-11-03"],
            ["E002", "12", ""],
        ]
    )


def test_named_sheet_is_read() -> None:
    book = openpyxl.Workbook()
    book.active.append(["first"])
    other = book.create_sheet("排班")
    other.append(["second"])
    out = io.BytesIO()
    book.save(out)
    assert read_sheet(out.getvalue(), sheet="排班") == [["second"]]


def test_a_damaged_workbook_is_a_usage_error() -> None:
    data = workbook_bytes([["x"]])
    with pytest.raises(UsageError) as caught:
        read_sheet(data[: len(data) // 2], "plan.xlsx")
    assert caught.value.code == "bad_workbook"
    assert caught.value.params["path"] == "plan.xlsx"


def test_cells_are_named_as_excel_names_them() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 53)] == ["A", "Z", "AA", "AZ", "BA"]
    assert cell_name(5, 3) == "C5"


def test_merged_cells_are_refused_with_their_range() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "d1", "d2", "d3"])
    sheet.append(["1001", "张丽", "休", None, None])
    sheet.merge_cells("C2:E2")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(UsageError) as caught:
        read_sheet(out.getvalue(), "plan.xlsx")
    assert caught.value.code == "sheet_merged_cells"
    assert caught.value.params["cells"] == "C2:E2"


def test_a_formula_without_a_saved_value_is_refused() -> None:
    # openpyxl saves the formula but no result, as a program-made sheet would.
    data = workbook_bytes([["工号", "d1"], ["1001", '=IF(1,"A","B")']])
    with pytest.raises(UsageError) as caught:
        read_sheet(data, "plan.xlsx")
    assert caught.value.code == "sheet_formula_without_value"
    assert caught.value.params["cell"] == "B2"


def test_a_merged_title_above_the_header_is_fine() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年客服中心员工名单"])
    sheet.merge_cells("A1:F1")
    sheet.append(["工号", "姓名", "班次", "休息日"])
    sheet.append(["1001", "张丽", "A", "mon"])
    out = io.BytesIO()
    book.save(out)
    assert read_sheet(out.getvalue())[2][:4] == ["1001", "张丽", "A", "mon"]
