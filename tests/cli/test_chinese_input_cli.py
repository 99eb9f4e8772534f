"""Chinese-speaking clerks: Chinese names accepted as input, shown in zh output.

Leave types (病假 ...), rest days (周一, 星期一 ...), rest in the roster (休, 休息) and
full-width digits in IDs and PINs. What is stored stays the English identifier.

Demo staff on Friday 2026-11-27: 1001 张丽 (A, rests Monday), 1004 刘敏 (phoned in sick),
1006 杨洋 (C, rests Saturday), L001 孙主任 (lead, PIN 1234).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.records import LEAVE_TYPES
from tests.cli.cli_helpers import install_demo, invoke, one_json, people
from tests.conftest import KioskRunner


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def add_staff(kiosk: KioskRunner, rest_day: str, *extra: str) -> tuple[int, dict]:
    result = kiosk("staff", "add", "2001", "小明", "--shift", "A", "--rest-day", rest_day, *extra)
    body = one_json(result) if "--json" in extra else {}
    return result.exit_code, body


# -- leave types -----------------------------------------------------------------------------

CHINESE_LEAVE = [
    ("事假", "personal"),
    ("病假", "sick"),
    ("婚假", "marriage"),
    ("产假", "maternity"),
    ("丧假", "bereavement"),
    ("换休假", "compensatory"),
    ("换休", "compensatory"),
    ("带薪假", "paid"),
    ("工伤假", "work_injury"),
    (" 病假 ", "sick"),
    ("Work-Injury", "work_injury"),
    ("ＳＩＣＫ", "sick"),  # full-width letters
]


@pytest.mark.parametrize(("typed", "stored"), CHINESE_LEAVE)
def test_chinese_leave_type_is_stored_as_the_english_id(
    demo: KioskRunner, data_dir: Path, typed: str, stored: str
) -> None:
    result = demo("leave", "add", "1001", typed, "2026-12-01", "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert body["type"] == stored
    [row] = [r for r in people(data_dir)["leave"].values() if r["id"] == body["leave_id"]]
    assert row["type"] == stored


def test_all_eight_types_have_a_chinese_alias() -> None:
    assert {stored for _, stored in CHINESE_LEAVE} == set(LEAVE_TYPES)


@pytest.mark.parametrize("typed", ["holiday", "病", "sick leave x", "", "事假假"])
def test_unknown_leave_type_is_exit_2_listing_both_forms(
    demo: KioskRunner, data_dir: Path, typed: str
) -> None:
    result = demo("leave", "add", "1001", typed, "2026-12-01", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "unknown_leave_type"
    assert body["message"].startswith(f"Unknown leave type {typed}: use one of personal, sick")
    assert "事假" in body["message"] and "工伤假" in body["message"]
    zh = invoke(data_dir, "leave", "add", "1001", typed, "2026-12-01")
    assert zh.exit_code == 2
    assert zh.stderr.strip() == (
        f"没有假别 {typed},可用:事假、病假、婚假、产假、丧假、换休假、带薪假、工伤假"
        "(或英文 personal, sick, marriage, maternity, bereavement, compensatory, paid, "
        "work_injury)。"
    )
    assert len(people(data_dir)["leave"]) == 1  # only the demo's


def test_leave_type_is_named_in_the_readers_language(demo: KioskRunner, data_dir: Path) -> None:
    zh = invoke(data_dir, "leave", "add", "1001", "sick", "2026-12-01")
    assert zh.exit_code == 0, zh.stderr
    assert ",病假,2026-12-01 至 2026-12-01。" in zh.stdout
    en = demo("leave", "add", "1002", "病假", "2026-12-01")
    assert en.exit_code == 0, en.stderr
    assert ", sick leave, 2026-12-01 to 2026-12-01." in en.stdout
    # The roster names it too: 刘敏 phoned in sick today.
    zh_roster = invoke(data_dir, "roster", "show")
    assert any(
        line.split()[:3] == ["1004", "刘敏", "请假(病假)"] for line in zh_roster.stdout.splitlines()
    )
    set_zh = invoke(data_dir, "roster", "set", "1001", "2026-12-01", "A")
    assert set_zh.stdout.strip() == "张丽(1001)2026-12-01:请假(病假)"


def test_leave_add_help_lists_the_chinese_names(demo: KioskRunner) -> None:
    result = demo("leave", "add", "--help")
    assert result.exit_code == 0
    assert "病假" in result.stdout and "work_injury" in result.stdout


# -- rest days -------------------------------------------------------------------------------

REST_DAYS = [
    ("mon", "mon"),
    ("MON", "mon"),
    ("monday", "mon"),
    ("Tuesday", "tue"),
    ("周一", "mon"),
    ("星期二", "tue"),
    ("周三", "wed"),
    ("星期四", "thu"),
    ("周五", "fri"),
    ("星期六", "sat"),
    ("周日", "sun"),
    ("周天", "sun"),
    ("星期日", "sun"),
    ("星期天", "sun"),
    (" 周六 ", "sat"),
    ("ｓｕｎ", "sun"),
]


@pytest.mark.parametrize(("typed", "stored"), REST_DAYS)
def test_rest_day_forms_are_accepted(kiosk: KioskRunner, typed: str, stored: str) -> None:
    code, body = add_staff(kiosk, typed, "--json")
    assert code == 0
    assert body["rest_day"] == stored


@pytest.mark.parametrize(
    "typed", ["monkey", "mo", "m", "tues", "sundays", "周", "周八", "星期", "礼拜一", "1", ""]
)
def test_anything_else_is_refused_exactly(kiosk: KioskRunner, typed: str) -> None:
    result = kiosk("staff", "add", "2001", "小明", "--shift", "A", "--rest-day", typed, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "bad_rest_day"
    assert "周一" in body["message"] and "mon" in body["message"]
    assert one_json(kiosk("staff", "list", "--json"))["staff"] == []


def test_rest_day_is_named_in_the_readers_language(kiosk: KioskRunner, data_dir: Path) -> None:
    assert add_staff(kiosk, "星期天")[0] == 0
    zh = invoke(data_dir, "staff", "add", "2002", "小红", "--shift", "B", "--rest-day", "wed")
    assert zh.stdout.strip() == "已添加 小红(2002),班次 B,休息日 周三。"
    listing = invoke(data_dir, "staff", "list").stdout.splitlines()
    assert listing[0].split() == ["工号", "姓名", "班次", "休息日"]
    assert listing[1].split() == ["2002", "小红", "B", "周三"]  # xiao hong before xiao ming
    assert listing[2].split() == ["2001", "小明", "A", "周日"]
    assert kiosk("staff", "list").stdout.splitlines()[2].split() == ["2001", "小明", "A", "Sunday"]


def test_a_bad_rest_day_in_chinese(kiosk: KioskRunner, data_dir: Path) -> None:
    result = invoke(
        data_dir, "staff", "add", "2001", "小明", "--shift", "A", "--rest-day", "monkey"
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "休息日 monkey 无效,请用 周一 至 周日(也可写 星期一 至 星期日,或 mon 至 sun)。"
    )


# -- roster: rest ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["休", "休息", "rest", "REST", " 休 "])
def test_roster_rest_in_chinese(demo: KioskRunner, typed: str) -> None:
    result = demo("roster", "set", "1001", "2026-12-02", typed, "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert (body["plan"], body["shift"], body["source"]) == ("rest", None, "override")


def test_roster_rest_is_stored_as_rest(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("roster", "set", "1001", "2026-12-02", "休息").exit_code == 0
    rows = [r for r in people(data_dir)["roster"].values() if r["date"] == "2026-12-02"]
    assert [r["shift"] for r in rows] == ["rest"]


def test_roster_unknown_shift_mentions_rest(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("roster", "set", "1001", "2026-12-02", "休假", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "unknown_shift"
    assert body["message"] == "Unknown shift 休假: use one of A, B, C, or rest (休) for a day off."
    zh = invoke(data_dir, "roster", "set", "1001", "2026-12-02", "Q")
    assert zh.exit_code == 2
    assert zh.stderr.strip() == "没有班次 Q,可用:A, B, C;休息请填 休 或 rest。"


def test_roster_full_width_shift_code(demo: KioskRunner) -> None:
    body = one_json(demo("roster", "set", "１００１", "2026-12-02", "Ｂ", "--json"))
    assert (body["staff_id"], body["shift"]) == ("1001", "B")


# -- full-width IDs and PINs -----------------------------------------------------------------


def test_full_width_id_and_pin_mean_ascii(kiosk: KioskRunner, data_dir: Path) -> None:
    result = kiosk(
        "staff",
        "add",
        "Ｌ００２",
        "王主任",
        "--shift",
        "A",
        "--rest-day",
        "周日",
        "--lead",
        "--pin",
        "２４６８",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert one_json(result)["staff_id"] == "L002"
    # The same person by either spelling, for every command that takes an ID.
    assert kiosk("staff", "add", "L002", "X", "--shift", "A", "--rest-day", "mon").exit_code == 2
    assert one_json(kiosk("punch", "ｌ００２", "--json"))["staff_id"] == "L002"
    assert one_json(kiosk("staff", "revoke-badge", "Ｌ００２", "--json"))["badge_version"] == 2


@pytest.mark.parametrize("pin", ["١٢٣٤", "12３a", "１２", "½234"])
def test_pins_are_ascii_digits_after_folding(kiosk: KioskRunner, pin: str) -> None:
    result = kiosk(
        "staff", "add", "L002", "X", "--shift", "A", "--rest-day", "sun", "--lead", "--pin", pin
    )
    assert result.exit_code == 2
    assert "4 to 8 digits" in result.stderr
