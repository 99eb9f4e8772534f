"""`kiosk staff add|import|list|revoke-badge` against a real people.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_helpers import install_demo, one_json, people
from tests.conftest import KioskRunner

HEADER = "id,name,shift,rest_day,lead,pin\n"


def write_csv(tmp_path: Path, text: str, bom: bool = False, name: str = "staff.csv") -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))
    return str(path)


def staff_rows(kiosk: KioskRunner) -> dict[str, dict]:
    result = kiosk("staff", "list", "--json")
    assert result.exit_code == 0, result.stderr
    return {row["staff_id"]: row for row in one_json(result)["staff"]}


# -- add -------------------------------------------------------------------------------------


def test_add_json_and_list(kiosk: KioskRunner) -> None:
    result = kiosk("staff", "add", "2001", "Amy", "--shift", "b", "--rest-day", "tue", "--json")
    assert result.exit_code == 0, result.stderr
    assert one_json(result) == {
        "staff_id": "2001",
        "name": "Amy",
        "shift": "B",
        "rest_day": "tue",
        "lead": False,
        "has_pin": False,
        "badge_version": 1,
        "left_on": None,  # still employed (`kiosk staff end` sets it)
        "starts_on": "2026-11-27",  # hired today (the runner's clock) unless --from says
    }
    assert staff_rows(kiosk)["2001"]["name"] == "Amy"


def test_add_human_output(kiosk: KioskRunner) -> None:
    result = kiosk("staff", "add", "2001", "张丽", "--shift", "A", "--rest-day", "mon")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Added 张丽 (2001), shift A, rest day Monday."


def test_ids_are_upper_cased(kiosk: KioskRunner) -> None:
    assert kiosk("staff", "add", "ab-1", "X", "--shift", "A", "--rest-day", "mon").exit_code == 0
    assert "AB-1" in staff_rows(kiosk)
    assert one_json(kiosk("punch", "ab-1", "--json"))["staff_id"] == "AB-1"


def test_duplicate_id_is_refused(kiosk: KioskRunner) -> None:
    assert kiosk("staff", "add", "2001", "Amy", "--shift", "B", "--rest-day", "tue").exit_code == 0
    result = kiosk("staff", "add", "2001", "Bob", "--shift", "A", "--rest-day", "mon", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "staff_exists"
    assert staff_rows(kiosk)["2001"]["name"] == "Amy"


def test_lead_without_pin_is_refused(kiosk: KioskRunner) -> None:
    result = kiosk("staff", "add", "L002", "Boss", "--shift", "A", "--rest-day", "sun", "--lead")
    assert result.exit_code == 2
    assert "--pin" in result.stderr
    assert staff_rows(kiosk) == {}


@pytest.mark.parametrize("pin", ["12", "123456789", "abcd", "12 34"])
def test_bad_pin_is_refused(kiosk: KioskRunner, pin: str) -> None:
    result = kiosk(
        "staff", "add", "L002", "Boss", "--shift", "A", "--rest-day", "sun", "--lead", "--pin", pin
    )
    assert result.exit_code == 2
    assert "4 to 8 digits" in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["bad id!", "X", "--shift", "A", "--rest-day", "mon"], "bad_staff_id"),
        (["2001", "  ", "--shift", "A", "--rest-day", "mon"], "bad_name"),
        (["2001", "X", "--shift", "Z", "--rest-day", "mon"], "unknown_shift"),
    ],
)
def test_bad_fields_are_refused(kiosk: KioskRunner, args: list[str], code: str) -> None:
    result = kiosk("staff", "add", *args, "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == code


def test_bad_rest_day_is_a_usage_error(kiosk: KioskRunner) -> None:
    result = kiosk("staff", "add", "2001", "X", "--shift", "A", "--rest-day", "someday")
    assert result.exit_code == 2


def test_lead_with_pin_stores_only_a_hash(kiosk: KioskRunner, data_dir: Path) -> None:
    result = kiosk(
        "staff",
        "add",
        "L002",
        "Boss",
        "--shift",
        "A",
        "--rest-day",
        "sun",
        "--lead",
        "--pin",
        "24680",
    )
    assert result.exit_code == 0, result.stderr
    assert one_json(kiosk("staff", "list", "--json"))["staff"][0]["has_pin"] is True
    [row] = people(data_dir)["staff"].values()
    assert row["pin_hash"].startswith("scrypt$")
    assert "24680" not in (data_dir / "people.json").read_text("utf-8")


# -- list ------------------------------------------------------------------------------------


def test_list_json_leaks_no_pin_hash(kiosk: KioskRunner, data_dir: Path) -> None:
    install_demo(data_dir)
    result = kiosk("staff", "list", "--json")
    assert result.exit_code == 0
    assert "pin_hash" not in result.stdout
    assert "scrypt" not in result.stdout
    rows = one_json(result)["staff"]
    assert len(rows) == 12
    assert [r["staff_id"] for r in rows] == sorted(r["staff_id"] for r in rows)
    lead = next(r for r in rows if r["staff_id"] == "L001")
    assert (lead["lead"], lead["has_pin"], lead["name"]) == (True, True, "孙主任")


def test_list_human(kiosk: KioskRunner) -> None:
    assert kiosk("staff", "list").stdout.strip() == "No staff yet."
    kiosk("staff", "add", "2001", "Amy", "--shift", "B", "--rest-day", "tue")
    lines = kiosk("staff", "list").stdout.splitlines()
    assert len(lines) == 2  # header and one row; no lead, so no lead note
    assert lines[0].split() == ["Staff", "ID", "Name", "Shift", "Rest", "day"]
    assert lines[1].split() == ["2001", "Amy", "B", "Tuesday"]


# -- import ----------------------------------------------------------------------------------


def test_import_csv_with_bom(kiosk: KioskRunner, tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER + "3001,甲,A,mon,0,\n3002,乙,b,Tuesday,否,\n", bom=True)
    path2 = write_csv(tmp_path, HEADER + "L009,丙,C,sun,是,5678\n", name="leads.csv")
    result = kiosk("staff", "import", path, "--json")
    assert result.exit_code == 0, result.stderr
    assert one_json(result) == {"added": 2, "updated": 0}
    assert one_json(kiosk("staff", "import", path2, "--json")) == {"added": 1, "updated": 0}
    rows = staff_rows(kiosk)
    assert rows["3001"]["name"] == "甲"  # the BOM is not part of the first column's name
    assert (rows["3002"]["shift"], rows["3002"]["rest_day"], rows["3002"]["lead"]) == (
        "B",
        "tue",
        False,
    )
    assert (rows["L009"]["lead"], rows["L009"]["has_pin"]) == (True, True)


def test_import_human_output(kiosk: KioskRunner, tmp_path: Path) -> None:
    result = kiosk("staff", "import", write_csv(tmp_path, HEADER + "3001,甲,A,mon,0,\n"))
    assert result.stdout.strip() == "Imported staff: 1 added, 0 updated."


def test_bad_row_names_the_line_and_imports_nothing(
    kiosk: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    text = HEADER + "3001,甲,A,mon,0,\n3002,乙,A,tue,0,\n3003,丙,Q,wed,0,\n3004,丁,A,thu,0,\n"
    result = kiosk("staff", "import", write_csv(tmp_path, text), "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "csv_bad_row"
    assert body["line"] == 4
    assert "CSV line 4" in body["message"]
    assert "Nothing was imported" in body["message"]
    assert staff_rows(kiosk) == {}
    assert not (data_dir / "people.json").exists() or people(data_dir).get("staff", {}) == {}


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("3001,甲,A,mon,maybe,", "not 'maybe'"),
        ("3001,甲,A,mon,1,", "A lead needs a PIN"),
        ("3001,甲,A,mon,0,12", "A PIN is 4 to 8 digits"),
        ("bad id,甲,A,mon,0,", "is not valid"),
    ],
)
def test_bad_row_kinds(kiosk: KioskRunner, tmp_path: Path, row: str, needle: str) -> None:
    result = kiosk("staff", "import", write_csv(tmp_path, HEADER + row + "\n"))
    assert result.exit_code == 2
    assert "CSV line 2" in result.stderr
    assert needle in result.stderr


def test_duplicate_id_in_the_file_names_the_second_line(kiosk: KioskRunner, tmp_path: Path) -> None:
    text = HEADER + "3001,甲,A,mon,0,\n3001,乙,A,mon,0,\n"
    result = kiosk("staff", "import", write_csv(tmp_path, text), "--json")
    assert result.exit_code == 2
    assert one_json(result)["line"] == 3
    assert staff_rows(kiosk) == {}


def test_missing_columns_are_named(kiosk: KioskRunner, tmp_path: Path) -> None:
    result = kiosk("staff", "import", write_csv(tmp_path, "id,name,shift\n3001,甲,A\n"), "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "csv_missing_columns"
    assert body["columns"] == "rest_day"
    assert "rest_day" in body["message"]


def test_optional_columns_may_be_missing(kiosk: KioskRunner, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,rest_day,id,shift\n甲,mon,3001,A\n")
    assert one_json(kiosk("staff", "import", path, "--json")) == {"added": 1, "updated": 0}


def test_missing_file_is_exit_2(kiosk: KioskRunner, tmp_path: Path) -> None:
    result = kiosk("staff", "import", str(tmp_path / "nope.csv"), "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "file_not_found"


def test_reimport_updates_and_keeps_pin_and_badge_version(
    kiosk: KioskRunner, tmp_path: Path
) -> None:
    first = write_csv(tmp_path, HEADER + "3001,甲,A,mon,0,\nL009,丙,C,sun,1,5678\n", name="a.csv")
    assert kiosk("staff", "import", first).exit_code == 0
    assert kiosk("staff", "revoke-badge", "3001").exit_code == 0
    # The lead's PIN column is left blank: the stored PIN stays.
    second = write_csv(
        tmp_path, HEADER + "3001,甲改,B,fri,0,\nL009,丙,A,sun,1,\n3002,乙,A,tue,0,\n", name="b.csv"
    )
    result = kiosk("staff", "import", second, "--json")
    assert result.exit_code == 0, result.stderr
    assert one_json(result) == {"added": 1, "updated": 2}
    rows = staff_rows(kiosk)
    assert (rows["3001"]["name"], rows["3001"]["shift"], rows["3001"]["rest_day"]) == (
        "甲改",
        "B",
        "fri",
    )
    assert rows["3001"]["badge_version"] == 2
    assert (rows["L009"]["shift"], rows["L009"]["has_pin"]) == ("A", True)
    assert len(rows) == 3


# -- revoke-badge ----------------------------------------------------------------------------


def test_revoke_badge_bumps_the_version(kiosk: KioskRunner) -> None:
    kiosk("staff", "add", "2001", "Amy", "--shift", "B", "--rest-day", "tue")
    first = one_json(kiosk("staff", "revoke-badge", "2001", "--json"))
    assert first["badge_version"] == 2
    second = kiosk("staff", "revoke-badge", "2001")
    assert second.exit_code == 0
    assert second.stdout.splitlines() == [
        "Badge of Amy (2001) revoked; new badge version 3.",
        "Print the new badge with: kiosk badges 2001 --out DIR",
    ]
    assert staff_rows(kiosk)["2001"]["badge_version"] == 3


def test_revoke_badge_of_unknown_staff(kiosk: KioskRunner) -> None:
    result = kiosk("staff", "revoke-badge", "9999", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "unknown_staff"
