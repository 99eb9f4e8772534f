"""What a person reads after a command: hints, replaced checks, reprints, leave lists, tables.

Demo staff on Friday 2026-11-27 at 07:55: 1001 张丽 (A 08:00-18:00), 1004 刘敏 (phoned in
sick today, paperwork pending), 1008 黄蕾 (B), L001 孙主任 (lead).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.commands.common import display_width, table
from tests.cli.cli_helpers import day_events, install_demo, invoke, one_json, people
from tests.conftest import KioskRunner


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def demo_leave_id(demo: KioskRunner) -> str:
    roster = one_json(demo("roster", "show", "--json"))["roster"]
    return next(p["leave_id"] for p in roster if p["staff_id"] == "1004")


# -- early check-out -------------------------------------------------------------------------


def test_early_check_out_refusal_tells_how_to_confirm(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("punch", "1001").exit_code == 0
    result = demo("punch", "1001", now="2026-11-27T15:00:00")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "张丽: leaving 3 h before the end of shift A (18:00). Confirm to check out early.",
        "To check out early anyway, add --yes to the same command.",
    ]
    zh = invoke(data_dir, "punch", "1001", now="2026-11-27T15:00:00")
    assert zh.exit_code == 3
    assert zh.stderr.splitlines()[1] == "确实要提前签退,请在同一命令后加上 --yes。"
    assert len([e for e in day_events(data_dir) if e["type"] == "punch"]) == 1
    assert demo("punch", "1001", "--yes", now="2026-11-27T15:00:00").exit_code == 0


def test_early_check_out_json_refusal_has_no_hint(demo: KioskRunner) -> None:
    demo("punch", "1001")
    result = demo("punch", "1001", "--json", now="2026-11-27T15:00:00")
    assert result.exit_code == 3
    assert one_json(result)["refused"] == "needs_confirmation"
    assert "--yes" not in result.stdout
    assert result.stderr == ""


def test_other_refusals_have_no_confirm_hint(demo: KioskRunner) -> None:
    demo("punch", "1001")
    result = demo("punch", "1001")  # duplicate within two minutes
    assert result.exit_code == 3
    assert "--yes" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- appearance check replaced ---------------------------------------------------------------


def test_recheck_says_what_it_replaced(demo: KioskRunner, data_dir: Path) -> None:
    first = demo("check", "1008", "--by", "L001", "--fail", "nails,shoes")
    assert first.exit_code == 0
    assert len(first.stdout.splitlines()) == 1  # nothing replaced
    second = demo("check", "1008", "--by", "L001", "--fail", "nails", now="2026-11-27T08:10:00")
    assert second.exit_code == 0, second.stderr
    assert second.stdout.splitlines()[1] == (
        "This replaces the earlier check of the day at 07:55 (fine 20 yuan)."
    )
    third = invoke(data_dir, "check", "1008", "--by", "L001", now="2026-11-27T08:20:00")
    assert third.stdout.splitlines() == [
        "孙主任 检查 黄蕾 的仪容仪表:全部合格。罚款 0 元。",
        "此次检查替换了当天 08:10 的检查(原罚款 10 元)。",
    ]
    # --json stays one object; `corrects` names the replaced check.
    body = one_json(demo("check", "1008", "--by", "L001", "--json"))
    assert body["corrects"]


# -- badges ----------------------------------------------------------------------------------


def test_revoke_badge_says_how_to_print_the_new_one(demo: KioskRunner, data_dir: Path) -> None:
    result = invoke(data_dir, "staff", "revoke-badge", "1001")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "张丽(1001)的胸卡已作废,新胸卡版本 2。",
        "打印新胸卡:kiosk badges 1001 --out 目录",
    ]
    body = one_json(demo("staff", "revoke-badge", "1001", "--json"))
    assert body["badge_version"] == 3  # --json: the record only


def test_badges_lists_every_sheet(demo: KioskRunner, tmp_path: Path) -> None:
    demo("staff", "add", "2001", "新人", "--shift", "A", "--rest-day", "mon")  # 13: two sheets
    out = tmp_path / "b"
    result = demo("badges", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Wrote 13 badges to {out}; 2 print sheets:"
    sheets = [Path(line.strip()) for line in lines[1:]]
    assert sheets == [out / "badges-sheet-1.svg", out / "badges-sheet-2.svg"]
    assert all(sheet.exists() for sheet in sheets)
    body = one_json(demo("badges", "--out", str(out), "--json"))
    assert body["sheets"] == [str(s) for s in sheets]


def test_one_sheet_stays_one_line(demo: KioskRunner, tmp_path: Path) -> None:
    out = tmp_path / "b"
    result = demo("badges", "1001", "--out", str(out))
    assert result.stdout.splitlines() == [
        f"Wrote 1 badges to {out}; print sheet: {out / 'badges-sheet-1.svg'}"
    ]


# -- leave done ------------------------------------------------------------------------------


def test_leave_done_twice_says_it_was_done(demo: KioskRunner, data_dir: Path) -> None:
    leave_id = demo_leave_id(demo)
    first = demo("leave", "done", leave_id)
    assert (first.exit_code, first.stdout.strip()) == (0, f"Leave {leave_id}: paperwork completed.")
    stamp = people(data_dir)["leave"]["1"]["paperwork_done_at"]
    again = demo("leave", "done", leave_id, now="2026-11-28T09:00:00")
    assert again.exit_code == 0
    assert again.stdout.strip() == (
        f"Leave {leave_id}: the paperwork was already completed. Nothing changed."
    )
    assert people(data_dir)["leave"]["1"]["paperwork_done_at"] == stamp  # not re-stamped
    zh = invoke(data_dir, "leave", "done", leave_id)
    assert zh.stdout.strip() == f"请假 {leave_id}:手续此前已补办,无需操作。"
    body = one_json(demo("leave", "done", leave_id, "--json"))
    assert (body["paperwork"], body["paperwork_pending"]) == ("already_done", False)


def test_leave_done_on_leave_applied_in_advance(demo: KioskRunner, data_dir: Path) -> None:
    leave_id = one_json(demo("leave", "add", "1001", "paid", "2026-12-01", "--json"))["leave_id"]
    result = demo("leave", "done", leave_id)
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        f"Leave {leave_id} was applied for in advance: there is no paperwork to complete. "
        "Nothing changed."
    )
    zh = invoke(data_dir, "leave", "done", leave_id)
    assert zh.stdout.strip() == f"请假 {leave_id} 是提前申请的,没有需要补办的手续,无需操作。"
    body = one_json(demo("leave", "done", leave_id, "--json"))
    assert (body["paperwork"], body["phoned"]) == ("not_needed", False)


def test_leave_done_json_says_completed(demo: KioskRunner) -> None:
    body = one_json(demo("leave", "done", demo_leave_id(demo), "--json"))
    assert (body["paperwork"], body["paperwork_pending"]) == ("completed", False)


# -- leave list ------------------------------------------------------------------------------


def test_leave_list_json(demo: KioskRunner) -> None:
    advance = one_json(demo("leave", "add", "1001", "婚假", "2026-12-07", "2026-12-09", "--json"))
    phoned = one_json(demo("leave", "add", "1002", "sick", "2026-11-30", "--phoned", "--json"))
    result = demo("leave", "list", "--json")
    assert result.exit_code == 0, result.stderr
    rows = one_json(result)["leave"]
    assert [r["leave_id"] for r in rows] == [
        demo_leave_id(demo),
        phoned["leave_id"],
        advance["leave_id"],
    ]
    assert rows[2] == advance  # record.public(), the shape `leave add --json` prints
    pending = one_json(demo("leave", "list", "--pending", "--json"))["leave"]
    assert [r["leave_id"] for r in pending] == [demo_leave_id(demo), phoned["leave_id"]]
    demo("leave", "done", phoned["leave_id"])
    pending = one_json(demo("leave", "list", "--pending", "--json"))["leave"]
    assert [r["leave_id"] for r in pending] == [demo_leave_id(demo)]


def test_leave_list_human(demo: KioskRunner, data_dir: Path) -> None:
    advance = one_json(demo("leave", "add", "1001", "paid", "2026-12-07", "--json"))["leave_id"]
    sick = demo_leave_id(demo)
    lines = demo("leave", "list").stdout.splitlines()
    assert lines[0].split() == [
        "Leave",
        "ID",
        "Staff",
        "ID",
        "Name",
        "Type",
        "From",
        "To",
        "Paperwork",
    ]
    assert lines[1].split() == [
        sick,
        "1004",
        "刘敏",
        "sick",
        "leave",
        "2026-11-27",
        "2026-11-27",
        "pending",
    ]
    assert lines[2].split()[:4] == [advance, "1001", "张丽", "paid"]
    assert lines[2].endswith("applied in advance")
    zh = invoke(data_dir, "leave", "list", "--pending").stdout.splitlines()
    assert zh[0].split() == ["请假编号", "工号", "姓名", "假别", "开始", "结束", "手续"]
    assert zh[1].split() == [sick, "1004", "刘敏", "病假", "2026-11-27", "2026-11-27", "待补办"]
    assert len(zh) == 2
    # Columns line up by display width (Chinese characters are two columns wide).
    assert display_width(zh[0][: zh[0].index("开始")]) == display_width(
        zh[1][: zh[1].index("2026-11-27")]
    )


def test_leave_list_empty(kiosk: KioskRunner, data_dir: Path) -> None:
    assert kiosk("leave", "list").stdout.strip() == "No leave recorded."
    assert kiosk("leave", "list", "--pending").stdout.strip() == "No leave with paperwork pending."
    assert invoke(data_dir, "leave", "list").stdout.strip() == "没有请假记录。"
    assert one_json(kiosk("leave", "list", "--json")) == {"leave": []}


def test_pending_leave_id_from_the_list_completes_it(demo: KioskRunner) -> None:
    line = demo("leave", "list", "--pending").stdout.splitlines()[1]
    assert demo("leave", "done", line.split()[0]).exit_code == 0
    assert demo("leave", "list", "--pending").stdout.strip() == "No leave with paperwork pending."


# -- tables ----------------------------------------------------------------------------------


def test_staff_list_aligns_chinese_names_and_explains_the_lead_marker(
    demo: KioskRunner, data_dir: Path
) -> None:
    for lines, shift in (
        (demo("staff", "list").stdout.splitlines(), "Shift"),
        (invoke(data_dir, "staff", "list").stdout.splitlines(), "班次"),
    ):
        rows = lines[1:-1]
        assert len(rows) == 12
        # The shift column starts at the same display column on every line, header too,
        # although 陈晓燕 is three characters and 张丽 two.
        starts = {display_width(re.match(r"\S+\s+\S+\s+", row).group(0)) for row in rows}  # type: ignore[union-attr]
        assert starts == {display_width(lines[0][: lines[0].index(shift)])}, lines
        lead = next(r for r in rows if r.startswith("L001"))
        assert lead.endswith("*")
        assert not any(r.endswith("*") for r in rows if not r.startswith("L001"))
    assert demo("staff", "list").stdout.splitlines()[-1] == (
        "* = department lead (opens lead mode with a PIN)"
    )
    assert invoke(data_dir, "staff", "list").stdout.splitlines()[-1] == (
        "* = 部门负责人(可用密码进入负责人模式)"
    )


def test_roster_show_in_chinese_has_a_header_and_aligns(demo: KioskRunner, data_dir: Path) -> None:
    lines = invoke(data_dir, "roster", "show").stdout.splitlines()
    assert lines[0] == "2026-11-27"
    assert lines[1].split() == ["工号", "姓名", "安排"]
    plan_column = {display_width(line[: line.rindex("  ") + 2]) for line in lines[1:]}
    assert len(plan_column) == 1, lines
    by_id = {line.split(maxsplit=2)[0]: line.split(maxsplit=2)[2] for line in lines[2:]}
    assert (by_id["1001"], by_id["1003"], by_id["1004"]) == ("A 班", "休息", "请假(病假)")


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("张丽", 4), ("陈晓燕", 6), ("１００１", 8), ("e\u0301", 1), ("", 0)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_table_pads_by_display_width() -> None:
    assert table(["ID", "Name", "X"], [["1", "张丽", "a"], ["22", "Bo", "b"]]) == [
        "ID  Name  X",
        "1   张丽  a",
        "22  Bo    b",
    ]
