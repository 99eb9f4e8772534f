"""`kiosk staff import` with the files clerks really have: Excel's CSV on Chinese Windows
(GB18030), Chinese headers, many bad rows at once, names with control characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.pins import verify_pin
from tests.cli.cli_helpers import invoke, one_json, people
from tests.conftest import KioskRunner

HEADER = "id,name,shift,rest_day,lead,pin\n"
ZH_HEADER = "工号,姓名,班次,休息日,负责人,密码\n"


def write(tmp_path: Path, data: bytes, name: str = "staff.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def staff_rows(kiosk: KioskRunner) -> dict[str, dict]:
    return {r["staff_id"]: r for r in one_json(kiosk("staff", "list", "--json"))["staff"]}


def nothing_imported(kiosk: KioskRunner, data_dir: Path) -> bool:
    return staff_rows(kiosk) == {} and (
        not (data_dir / "people.json").exists() or not people(data_dir).get("staff")
    )


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig", "utf-16"])
def test_encodings_excel_and_wps_write(kiosk: KioskRunner, tmp_path: Path, encoding: str) -> None:
    rare = "李娜" if encoding == "gbk" else "李𠀾"  # U+2003E: in GB18030, not in GBK
    text = HEADER + f"3001,欧阳娜娜,A,周一,否,\n3002,{rare},b,星期二,0,\n"
    result = kiosk("staff", "import", write(tmp_path, text.encode(encoding)), "--json")
    assert result.exit_code == 0, result.stderr
    assert one_json(result) == {"added": 2, "updated": 0}
    rows = staff_rows(kiosk)
    assert (rows["3001"]["name"], rows["3001"]["rest_day"]) == ("欧阳娜娜", "mon")
    assert (rows["3002"]["name"], rows["3002"]["shift"]) == (rare, "B")


def test_utf8_with_a_stray_byte_is_refused_not_read_as_gb18030(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    # Read as GB18030 this would import "寮犱附" for 张丽 (and overwrite her on re-import).
    data = (HEADER + "3001,张丽,A,mon,0,\n").encode() + b"3002,Ren\xe9e,B,wed,0,\n"
    result = kiosk("staff", "import", write(tmp_path, data), "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "bad_encoding"
    assert nothing_imported(kiosk, data_dir)


def test_undecodable_file_is_exit_2(kiosk: KioskRunner, tmp_path: Path, data_dir: Path) -> None:
    path = write(tmp_path, HEADER.encode() + b"3001,\xff\xfe\xff,A,mon,0,\n")
    result = kiosk("staff", "import", path, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "bad_encoding"
    assert path in body["message"] and "UTF-8" in body["message"]
    assert nothing_imported(kiosk, data_dir)


# -- Chinese headers -------------------------------------------------------------------------


def test_chinese_headers(kiosk: KioskRunner, tmp_path: Path) -> None:
    text = ZH_HEADER + "3001,甲,A,周一,否,\nL009,丙,C,周日,是,5678\n"
    result = kiosk("staff", "import", write(tmp_path, text.encode("gb18030")), "--json")
    assert result.exit_code == 0, result.stderr
    rows = staff_rows(kiosk)
    assert (rows["3001"]["rest_day"], rows["3001"]["lead"]) == ("mon", False)
    assert (rows["L009"]["lead"], rows["L009"]["has_pin"]) == (True, True)
    assert one_json(kiosk("punch", "L009", "--json", now="2026-11-27T11:30:00"))["shift"] == "C"


def test_mixed_and_reordered_headers(kiosk: KioskRunner, tmp_path: Path) -> None:
    text = " 姓名 ,ID,rest_day,班次\n甲,3001,Friday,A\n"
    result = kiosk("staff", "import", write(tmp_path, text.encode()), "--json")
    assert result.exit_code == 0, result.stderr
    assert staff_rows(kiosk)["3001"]["rest_day"] == "fri"


def test_missing_chinese_column_is_named(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    path = write(tmp_path, "工号,姓名,班次\n3001,甲,A\n".encode())
    result = kiosk("staff", "import", path, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert (body["error"], body["columns"]) == ("csv_missing_columns", "rest_day")
    zh = invoke(data_dir, "staff", "import", path)
    assert "休息日" in zh.stderr and "工号,姓名,班次,休息日,负责人,密码" in zh.stderr


# -- every bad row at once -------------------------------------------------------------------


def test_all_bad_rows_are_counted_and_nothing_is_imported(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    text = (
        HEADER
        + "3001,甲,A,mon,0,\n"
        + "3002,乙,Q,tue,0,\n"  # line 3: unknown shift
        + "3003,丙,A,monkey,0,\n"  # line 4: bad rest day
        + "\n"  # line 5: blank, skipped
        + "3004,丁,A,thu,maybe,\n"  # line 6: bad lead
        + "3001,戊,A,fri,0,\n"  # line 7: duplicate ID
        + "3005,己,A,sat,0,\n"
    )
    result = kiosk("staff", "import", write(tmp_path, text.encode()), "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert (body["error"], body["line"], body["more"], body["lines"]) == (
        "csv_bad_row",
        3,
        3,
        "4, 6, 7",
    )
    assert body["message"] == (
        "CSV line 3: Unknown shift Q: use one of A, B, C; and 3 more bad rows (lines 4, 6, 7). "
        "Nothing was imported."
    )
    assert nothing_imported(kiosk, data_dir)
    zh = invoke(data_dir, "staff", "import", str(tmp_path / "staff.csv"))
    assert zh.exit_code == 2
    assert zh.stderr.strip() == (
        "CSV 第 3 行:没有班次 Q,可用:A, B, C;另有 3 行有误(第 4, 6, 7 行)。没有导入任何数据。"
    )


def test_a_single_bad_row_keeps_the_short_message(kiosk: KioskRunner, tmp_path: Path) -> None:
    result = kiosk("staff", "import", write(tmp_path, (HEADER + "3001,甲,Q,mon,0,\n").encode()))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "CSV line 2: Unknown shift Q: use one of A, B, C. Nothing was imported."
    )


def test_many_bad_rows_name_at_most_ten_more_lines(kiosk: KioskRunner, tmp_path: Path) -> None:
    text = HEADER + "".join(f"30{i:02d},甲,Q,mon,0,\n" for i in range(30))
    body = one_json(kiosk("staff", "import", write(tmp_path, text.encode()), "--json"))
    assert (body["line"], body["more"]) == (2, 29)
    assert body["lines"] == "3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ..."


def test_line_numbers_count_a_quoted_multi_line_field(kiosk: KioskRunner, tmp_path: Path) -> None:
    text = HEADER + '3001,"甲\n乙",A,mon,0,\n3002,丙,Q,mon,0,\n'
    body = one_json(kiosk("staff", "import", write(tmp_path, text.encode()), "--json"))
    assert (body["line"], body["more"]) == (2, 1)  # the name with a line break
    assert body["lines"] == "4"  # the unknown shift, after the two-line record


# -- names and leads -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["甲\t乙", "甲\x00", "甲\x1b[31m", "甲\u200b", "甲\u2028乙"])
def test_names_with_control_characters_are_refused(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path, name: str
) -> None:
    text = HEADER + f'3001,"{name}",A,mon,0,\n'
    result = kiosk("staff", "import", write(tmp_path, text.encode()), "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["line"] == 2
    assert "control character" in body["message"]
    assert nothing_imported(kiosk, data_dir)


def test_staff_add_refuses_a_control_character_in_the_name(kiosk: KioskRunner) -> None:
    result = kiosk(
        "staff", "add", "2001", "Amy\nBob", "--shift", "A", "--rest-day", "mon", "--json"
    )
    assert result.exit_code == 2
    assert one_json(result)["error"] == "name_control_characters"


def test_a_lead_without_pin_in_a_file_is_told_about_the_pin_column(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    path = write(tmp_path, (HEADER + "L009,丙,C,sun,1,\n").encode())
    result = kiosk("staff", "import", path)
    assert result.exit_code == 2
    assert "--pin" not in result.stderr
    assert result.stderr.strip() == (
        "CSV line 2: A lead needs a PIN in the pin column to open lead mode: L009. "
        "Nothing was imported."
    )
    zh = invoke(data_dir, "staff", "import", path)
    assert "--pin" not in zh.stderr and "密码" in zh.stderr


def test_full_width_ids_and_pins_in_a_file(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    text = HEADER + "Ｌ００９,丙,C,sun,1,５６７８\n"
    assert kiosk("staff", "import", write(tmp_path, text.encode("gb18030"))).exit_code == 0
    assert staff_rows(kiosk)["L009"]["has_pin"] is True
    [row] = people(data_dir)["staff"].values()
    assert row["id"] == "L009"
    assert verify_pin("5678", row["pin_hash"])  # stored as ASCII digits


def test_a_file_the_csv_reader_cannot_read_is_exit_2(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    huge = "x" * 200_000  # over the csv module's field limit: not a staff list
    path = write(tmp_path, (HEADER + f'3001,"{huge}",A,mon,0,\n').encode())
    result = kiosk("staff", "import", path, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert (body["error"], body["line"]) == ("csv_unreadable", 2)
    assert "Nothing was imported" in body["message"]
    assert nothing_imported(kiosk, data_dir)


def xlsx_file(tmp_path: Path, rows: list[list[object]], blank_rows: int = 0) -> str:
    """A real .xlsx as Excel saves HR's list: written by openpyxl, `blank_rows` empty rows
    above the header."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "员工"
    for row in rows:
        sheet.append(row)
    if blank_rows:
        sheet.insert_rows(1, blank_rows)
    path = tmp_path / "staff.xlsx"
    book.save(path)
    return str(path)


CHINESE_HEADER = ["工号", "姓名", "班次", "休息日", "负责人", "密码"]


def test_an_xlsx_with_chinese_headers_imports(kiosk: KioskRunner, tmp_path: Path) -> None:
    path = xlsx_file(
        tmp_path,
        [
            CHINESE_HEADER,
            [3001, "甲", "A", "mon", 0, None],
            ["3002", "乙", "B", "周二", "否", 4321],
        ],
    )
    result = kiosk("staff", "import", path, "--json")
    assert result.exit_code == 0, result.stderr
    assert one_json(result) == {"added": 2, "updated": 0}
    rows = staff_rows(kiosk)
    assert (rows["3001"]["name"], rows["3002"]["rest_day"]) == ("甲", "tue")


def test_a_bad_xlsx_row_is_named_by_its_excel_row(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    path = xlsx_file(
        tmp_path,
        [CHINESE_HEADER, [3001, "甲", "A", "mon", 0, None], [3002, "乙", "Q", "tue", 0, None]],
        blank_rows=2,  # the header on row 3: the bad row is Excel's row 5
    )
    result = kiosk("staff", "import", path, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert (body["error"], body["line"]) == ("csv_bad_row", 5)
    assert body["message"].startswith("Sheet row 5: Unknown shift Q")
    zh = kiosk("staff", "import", path, lang="zh")
    assert "表格第 5 行" in zh.stderr and "没有导入任何数据" in zh.stderr
    assert nothing_imported(kiosk, data_dir)
