"""`kiosk punch`: check-in/out rules, refusals, badges, languages and lead corrections.

Demo staff on Friday 2026-11-27: 1001 张丽 (A), 1003 王静 (B, rest today by override),
1004 刘敏 (B, phoned-in sick leave), 1005 陈晓燕 (C, weekly rest on Friday), 1006 杨洋 (C),
1010 吴倩 (A), L001 孙主任 (lead, A). The clock starts at 07:55.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_helpers import (
    NIGHT_SHIFT,
    PUNCH_KEYS,
    append_config,
    day_events,
    install_demo,
    invoke,
    one_json,
)
from tests.conftest import KioskRunner


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def punches(data_dir: Path) -> list[dict]:
    return [e for e in day_events(data_dir) if e["type"] == "punch"]


def refusal(result) -> dict:  # type: ignore[no-untyped-def]
    assert result.exit_code == 3, (result.stdout, result.stderr)
    body = one_json(result)
    assert set(body) >= {"refused", "message"}
    assert body["message"]
    return body


# -- check-in --------------------------------------------------------------------------------


def test_check_in_json_has_the_contract_keys(demo: KioskRunner) -> None:
    result = demo("punch", "1001", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    body = one_json(result)
    assert set(body) >= PUNCH_KEYS
    assert body["staff_id"] == "1001"
    assert body["name"] == "张丽"
    assert body["action"] == "check_in"
    assert body["at"].startswith("2026-11-27T07:55:")
    assert body["at"].endswith("+08:00")
    assert body["date"] == "2026-11-27"
    assert body["shift"] == "A"
    assert body["late_minutes"] == 0
    assert body["early_minutes"] == 0
    assert body["worked_minutes"] is None


def test_check_in_is_stored_in_the_day_file(demo: KioskRunner, data_dir: Path) -> None:
    body = one_json(demo("punch", "1001", "--json"))
    [event] = punches(data_dir)
    assert event["id"] == body["id"]
    assert event["staff_id"] == "1001"
    assert event["action"] == "check_in"
    assert event["corrects"] is None


def test_08_00_59_is_still_on_time(demo: KioskRunner) -> None:
    body = one_json(demo("punch", "1001", "--at", "2026-11-27T08:00:59", "--json"))
    assert body["at"] == "2026-11-27T08:00:59+08:00"
    assert body["late_minutes"] == 0


def test_08_01_00_is_one_minute_late(demo: KioskRunner) -> None:
    result = demo("punch", "1001", "--json", now="2026-11-27T08:01:00")
    assert result.exit_code == 0, result.stderr
    assert one_json(result)["late_minutes"] == 1


# -- refusals (exit 3) -----------------------------------------------------------------------


def test_second_scan_within_two_minutes_is_a_duplicate(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("punch", "1001", "--at", "2026-11-27T07:55:00").exit_code == 0
    body = refusal(demo("punch", "1001", "--at", "2026-11-27T07:56:59", "--json"))
    assert body["refused"] == "duplicate"
    assert "07:55" in body["message"]
    assert len(punches(data_dir)) == 1
    # Two minutes on, the scan is no longer a duplicate: it is an (early) check-out.
    later = refusal(demo("punch", "1001", "--at", "2026-11-27T07:57:00", "--json"))
    assert later["refused"] == "needs_confirmation"


def test_duplicate_without_json_is_one_line_on_stderr(demo: KioskRunner) -> None:
    assert demo("punch", "1001").exit_code == 0
    result = demo("punch", "1001")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.strip() == "张丽: already recorded at 07:55. No need to scan again."


def test_late_shift_person_at_0755_is_not_open_yet(demo: KioskRunner, data_dir: Path) -> None:
    body = refusal(demo("punch", "1006", "--json"))
    assert body["refused"] == "not_open_yet"
    assert "11:00" in body["message"]  # C starts 12:00, check-in opens 60 min before
    assert punches(data_dir) == []


def test_early_check_out_needs_confirmation_then_yes(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("punch", "1001").exit_code == 0
    body = refusal(demo("punch", "1001", "--json", now="2026-11-27T15:00:00"))
    assert body["refused"] == "needs_confirmation"
    assert "3 h" in body["message"] and body["early_minutes"] == 180
    assert len(punches(data_dir)) == 1

    result = demo("punch", "1001", "--yes", "--json", now="2026-11-27T15:00:00")
    assert result.exit_code == 0, result.stderr
    out = one_json(result)
    assert out["action"] == "check_out"
    assert out["early_minutes"] == 180
    assert out["late_minutes"] == 0
    assert out["worked_minutes"] == 425 - 120  # 07:55-15:00 less the 12:00-14:00 lunch


def test_check_out_at_the_end_needs_no_confirmation(demo: KioskRunner) -> None:
    assert demo("punch", "1001").exit_code == 0
    out = one_json(demo("punch", "1001", "--json", now="2026-11-27T18:00:00"))
    assert out["action"] == "check_out"
    assert out["early_minutes"] == 0
    assert out["worked_minutes"] == 605 - 120


def test_scan_after_check_out_is_already_checked_out(demo: KioskRunner) -> None:
    assert demo("punch", "1001").exit_code == 0
    assert demo("punch", "1001", now="2026-11-27T18:00:00").exit_code == 0
    body = refusal(demo("punch", "1001", "--json", now="2026-11-27T18:30:00"))
    assert body["refused"] == "already_checked_out"
    assert "18:00" in body["message"]


def test_no_check_in_after_the_shift_end_is_shift_over(demo: KioskRunner) -> None:
    body = refusal(demo("punch", "1010", "--json", now="2026-11-27T18:00:00"))
    assert body["refused"] == "shift_over"


def test_check_out_after_the_window_is_shift_over(demo: KioskRunner) -> None:
    assert demo("punch", "1001").exit_code == 0
    # A ends 18:00; check-out is accepted until 120 minutes later.
    assert refusal(demo("punch", "1001", "--json", now="2026-11-27T20:01:00"))["refused"] == (
        "shift_over"
    )


# -- badges ----------------------------------------------------------------------------------


def badge_payload(demo: KioskRunner, tmp_path: Path, staff_id: str) -> str:
    result = demo("badges", staff_id, "--out", str(tmp_path / "badges"), "--json")
    assert result.exit_code == 0, result.stderr
    return one_json(result)["badges"][0]["payload"]


def test_badge_payload_is_accepted_as_id(demo: KioskRunner, tmp_path: Path) -> None:
    payload = badge_payload(demo, tmp_path, "1001")
    assert payload.startswith("SK:1001:1:")
    result = demo("punch", payload, "--json")
    assert result.exit_code == 0, result.stderr
    assert one_json(result)["staff_id"] == "1001"


@pytest.mark.parametrize("tamper", ["signature", "staff_id"])
def test_tampered_badge_is_refused(demo: KioskRunner, tmp_path: Path, tamper: str) -> None:
    payload = badge_payload(demo, tmp_path, "1001")
    prefix, staff_id, version, sig = payload.split(":")
    if tamper == "signature":
        sig = sig[:-1] + ("A" if sig[-1] != "A" else "B")
    else:
        staff_id = "1002"
    result = demo("punch", f"{prefix}:{staff_id}:{version}:{sig}", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "badge_bad_signature"
    assert body["message"] == "This badge was not issued by this kiosk. Please see the lead."
    human = demo("punch", f"{prefix}:{staff_id}:{version}:{sig}")
    assert human.exit_code == 2
    assert "not issued by this kiosk" in human.stderr


def test_revoked_badge_is_refused_and_the_new_one_works(
    demo: KioskRunner, tmp_path: Path, data_dir: Path
) -> None:
    old = badge_payload(demo, tmp_path, "1001")
    assert demo("staff", "revoke-badge", "1001").exit_code == 0
    result = demo("punch", old, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "badge_revoked"
    assert "no longer works" in body["message"]
    assert punches(data_dir) == []

    new = badge_payload(demo, tmp_path, "1001")
    assert new.startswith("SK:1001:2:")
    assert demo("punch", new, "--json").exit_code == 0


@pytest.mark.parametrize(
    ("text", "code"), [("9999", "unknown_staff"), ("hello world", "not_a_badge")]
)
def test_unknown_id_or_garbage_is_exit_2(demo: KioskRunner, text: str, code: str) -> None:
    result = demo("punch", text, "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == code
    assert body["message"]


def test_unknown_id_human_message(demo: KioskRunner) -> None:
    result = demo("punch", "9999")
    assert result.exit_code == 2
    assert result.stderr.strip() == "No staff member with ID 9999."


# -- languages -------------------------------------------------------------------------------


def test_human_output_is_chinese_by_default(demo: KioskRunner, data_dir: Path) -> None:
    result = invoke(data_dir, "punch", "1001", now="2026-11-27T08:05:00")
    assert result.exit_code == 0, result.stderr
    assert "张丽" in result.stdout
    assert "迟到 5分钟" in result.stdout
    assert "班次 A 08:00-18:00" in result.stdout


def test_human_output_on_time_in_chinese(demo: KioskRunner, data_dir: Path) -> None:
    result = invoke(data_dir, "punch", "1001")
    assert result.exit_code == 0
    assert "准时" in result.stdout


def test_human_output_in_english(demo: KioskRunner) -> None:
    result = demo("punch", "1001", now="2026-11-27T08:05:00")
    assert result.exit_code == 0
    assert result.stdout.strip() == ("张丽: checked in 08:05, 5 min late (shift A 08:00-18:00)")
    out = demo("punch", "1001", "--yes", now="2026-11-27T17:00:00")
    assert out.stdout.strip() == "张丽: checked out 17:00, 1 h early, worked 6 h 55 min"


# -- lead corrections ------------------------------------------------------------------------


def test_lead_adds_a_missing_check_out(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("punch", "1001").exit_code == 0
    result = demo(
        "punch",
        "1001",
        "--by",
        "L001",
        "--at",
        "2026-11-27T18:05",
        "--reason",
        "忘记签退",
        "--json",
        now="2026-11-27T20:00:00",  # a correction records what has happened
    )
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert set(body) >= PUNCH_KEYS
    assert body["action"] == "check_out"
    assert body["corrects"] is None
    assert body["at"] == "2026-11-27T18:05:00+08:00"
    assert body["worked_minutes"] == 610 - 120
    stored = next(e for e in punches(data_dir) if e["id"] == body["id"])
    assert stored["by"] == "L001"
    assert stored["reason"] == "忘记签退"


def test_lead_replaces_a_check_out_and_the_original_stays(
    demo: KioskRunner, data_dir: Path
) -> None:
    assert demo("punch", "1001").exit_code == 0
    original = one_json(demo("punch", "1001", "--json", now="2026-11-27T18:00:00"))
    result = demo(
        "punch",
        "1001",
        "--by",
        "L001",
        "--at",
        "2026-11-27T18:30",
        "--reason",
        "stayed for a patient",
        "--action",
        "check_out",
        "--json",
        now="2026-11-27T20:00:00",
    )
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert body["corrects"] == original["id"]
    assert body["worked_minutes"] == 635 - 120
    ids = [e["id"] for e in punches(data_dir)]
    assert original["id"] in ids
    assert body["id"] in ids
    assert len(ids) == 3


def test_correction_human_output(demo: KioskRunner) -> None:
    result = demo(
        "punch",
        "1001",
        "--by",
        "L001",
        "--at",
        "2026-11-27T08:10",
        "--reason",
        "no card",
        now="2026-11-27T09:00:00",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (
        "Correction recorded by 孙主任: 张丽 check-in at 2026-11-27 08:10 (no card)."
    )


def test_correction_by_a_non_lead_is_refused(demo: KioskRunner, data_dir: Path) -> None:
    result = demo(
        "punch", "1001", "--by", "1002", "--at", "2026-11-27T18:05", "--reason", "x", "--json"
    )
    assert result.exit_code == 2
    assert one_json(result)["error"] == "not_a_lead"
    assert punches(data_dir) == []


def test_correction_without_reason_is_refused(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("punch", "1001", "--by", "L001", "--at", "2026-11-27T18:05", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "reason_required"
    blank = demo("punch", "1001", "--by", "L001", "--at", "2026-11-27T18:05", "--reason", "  ")
    assert blank.exit_code == 2
    assert punches(data_dir) == []


def test_correction_without_at_is_refused(demo: KioskRunner) -> None:
    result = demo("punch", "1001", "--by", "L001", "--reason", "x", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "correction_needs_at"


def test_reason_without_by_is_refused(demo: KioskRunner) -> None:
    result = demo("punch", "1001", "--reason", "x", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "reason_needs_lead"


def test_correction_check_out_before_check_in_is_refused(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("punch", "1001").exit_code == 0
    result = demo(
        "punch",
        "1001",
        "--by",
        "L001",
        "--at",
        "2026-11-27T07:00",
        "--reason",
        "x",
        "--action",
        "check_out",
        "--json",
    )
    assert result.exit_code == 2
    assert one_json(result)["error"] == "correction_out_of_order"
    assert len(punches(data_dir)) == 1


# -- unscheduled days and night shifts -------------------------------------------------------


@pytest.mark.parametrize(
    ("staff_id", "now"),
    [
        ("1003", "2026-11-27T07:55:00"),  # rest today by the lead's override
        ("1005", "2026-11-27T12:00:00"),  # weekly rest day (Friday)
        ("1004", "2026-11-27T07:55:00"),  # phoned-in sick leave
    ],
)
def test_punch_on_a_day_off_is_accepted_as_unscheduled(
    demo: KioskRunner, staff_id: str, now: str
) -> None:
    result = demo("punch", staff_id, "--json", now=now)
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert body["action"] == "check_in"
    assert body["unscheduled"] is True


def test_unscheduled_punch_says_why(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("punch", "1003")  # rest today by the lead's override
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        "Note: today is a rest day for 王静; the lead will see this day flagged."
    )
    weekly = demo("punch", "1005", now="2026-11-27T12:00:00")  # weekly rest day
    assert "today is a rest day for 陈晓燕" in weekly.stdout
    leave = demo("punch", "1004")  # phoned in sick
    assert leave.stdout.splitlines()[1] == (
        "Note: 刘敏 is on leave today (sick leave); the lead will see this day flagged."
    )
    assert "not scheduled" not in result.stdout + weekly.stdout + leave.stdout
    zh = invoke(data_dir, "punch", "1006", now="2026-11-28T11:30:00")  # Saturday: weekly rest
    assert zh.stdout.splitlines()[1] == "提示:今天是 杨洋 的休息日,负责人会看到此标记。"


def test_unscheduled_punch_on_leave_in_chinese(demo: KioskRunner, data_dir: Path) -> None:
    result = invoke(data_dir, "punch", "1004")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "提示:刘敏 今天请假(病假),负责人会看到此标记。"


def test_scheduled_punch_is_not_unscheduled(demo: KioskRunner) -> None:
    assert one_json(demo("punch", "1001", "--json"))["unscheduled"] is False


def test_night_shift_check_out_after_midnight_keeps_the_start_date(
    demo: KioskRunner, data_dir: Path
) -> None:
    append_config(data_dir, NIGHT_SHIFT)
    assert demo("roster", "set", "1010", "2026-11-27", "D").exit_code == 0

    check_in = one_json(demo("punch", "1010", "--json", now="2026-11-27T21:58:00"))
    assert check_in["action"] == "check_in"
    assert check_in["shift"] == "D"
    assert check_in["date"] == "2026-11-27"

    result = demo("punch", "1010", "--json", now="2026-11-28T06:03:00")
    assert result.exit_code == 0, result.stderr
    check_out = one_json(result)
    assert check_out["action"] == "check_out"
    assert check_out["at"].startswith("2026-11-28T06:03")
    assert check_out["date"] == "2026-11-27"
    assert check_out["shift"] == "D"
    assert check_out["early_minutes"] == 0
    assert check_out["worked_minutes"] == 485 - 30  # 21:58-06:03 less the 02:00-02:30 break

    assert [e["action"] for e in punches(data_dir)] == ["check_in", "check_out"]
    assert not (data_dir / "days" / "2026-11" / "2026-11-28.json").exists()


def test_night_shift_early_check_out_after_midnight_needs_confirmation(
    demo: KioskRunner, data_dir: Path
) -> None:
    append_config(data_dir, NIGHT_SHIFT)
    assert demo("roster", "set", "1010", "2026-11-27", "D").exit_code == 0
    assert demo("punch", "1010", now="2026-11-27T22:00:00").exit_code == 0
    body = refusal(demo("punch", "1010", "--json", now="2026-11-28T05:00:00"))
    assert body["refused"] == "needs_confirmation"
    out = one_json(demo("punch", "1010", "--yes", "--json", now="2026-11-28T05:00:00"))
    assert (out["date"], out["early_minutes"], out["worked_minutes"]) == ("2026-11-27", 60, 390)
