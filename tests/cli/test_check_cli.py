"""`kiosk check` (the lead's appearance check) and `kiosk incident`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.config import default_config_text, parse_config
from tests.cli.cli_helpers import day_events, install_demo, invoke, one_json
from tests.conftest import KioskRunner

CHECKLIST_KEYS = [item.key for item in parse_config(default_config_text()).checklist]


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def events_of(data_dir: Path, event_type: str, day: date = date(2026, 11, 27)) -> list[dict]:
    return [e for e in day_events(data_dir, day) if e["type"] == event_type]


# -- appearance check ------------------------------------------------------------------------


def test_two_failed_items_fine_20(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("check", "1008", "--by", "L001", "--fail", "shoes,nails", "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert body["staff_id"] == "1008"
    assert body["name"] == "黄蕾"
    assert body["date"] == "2026-11-27"
    assert body["checked_by"] == "L001"
    assert body["failed"] == ["nails", "shoes"]  # checklist order, not typing order
    assert body["fine"] == 20
    assert body["corrects"] is None
    [stored] = events_of(data_dir, "appearance_check")
    assert (stored["id"], stored["fine"], stored["by"]) == (body["id"], 20, "L001")


def test_fines_add_up_over_every_item(demo: KioskRunner) -> None:
    body = one_json(
        demo("check", "1008", "--by", "L001", "--fail", ",".join(CHECKLIST_KEYS), "--json")
    )
    assert body["failed"] == CHECKLIST_KEYS
    assert body["fine"] == 10 * 13


def test_keys_are_trimmed_lower_cased_and_deduplicated(demo: KioskRunner) -> None:
    body = one_json(demo("check", "1008", "--by", "L001", "--fail", " NAILS , nails,,", "--json"))
    assert (body["failed"], body["fine"]) == (["nails"], 10)


def test_all_passed_in_chinese(demo: KioskRunner, data_dir: Path) -> None:
    result = invoke(data_dir, "check", "1008", "--by", "L001")
    assert result.exit_code == 0
    assert result.stdout.strip() == "孙主任 检查 黄蕾 的仪容仪表:全部合格。罚款 0 元。"


def test_failed_items_in_chinese_and_english(demo: KioskRunner, data_dir: Path) -> None:
    zh = invoke(data_dir, "check", "1008", "--by", "L001", "--fail", "nails,shoes")
    assert "不留长指甲,只涂透明指甲油、穿工作鞋" in zh.stdout
    assert "罚款 20 元" in zh.stdout
    en = demo("check", "1008", "--by", "L001", "--fail", "nails,shoes")
    assert en.stdout.splitlines()[0] == (
        "Appearance check of 黄蕾 by 孙主任: Short nails, clear polish only; Work shoes. "
        "Fine 20 yuan."
    )
    assert "、" not in en.stdout


def test_unknown_key_lists_the_valid_keys(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("check", "1008", "--by", "L001", "--fail", "nails,wings", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "unknown_check_item"
    assert body["items"] == "wings"
    for key in CHECKLIST_KEYS:
        assert key in body["message"]
    assert events_of(data_dir, "appearance_check") == []


def test_check_by_a_non_lead_is_refused(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("check", "1008", "--by", "1001", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "not_a_lead"
    assert events_of(data_dir, "appearance_check") == []


def test_check_of_unknown_staff(demo: KioskRunner) -> None:
    result = demo("check", "9999", "--by", "L001", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "unknown_staff"


def test_recheck_replaces_the_earlier_one(demo: KioskRunner, data_dir: Path) -> None:
    first = one_json(demo("check", "1008", "--by", "L001", "--fail", "nails,shoes", "--json"))
    second = one_json(demo("check", "1008", "--by", "L001", "--fail", "nails", "--json"))
    assert second["corrects"] == first["id"]
    assert second["fine"] == 10
    third = one_json(demo("check", "1008", "--by", "L001", "--json"))
    assert third["corrects"] == second["id"]
    stored = events_of(data_dir, "appearance_check")
    assert [e["id"] for e in stored] == [first["id"], second["id"], third["id"]]
    # Another person's check does not replace this one.
    other = one_json(demo("check", "1001", "--by", "L001", "--json"))
    assert other["corrects"] is None


def test_check_on_another_date(demo: KioskRunner, data_dir: Path) -> None:
    body = one_json(demo("check", "1008", "--by", "L001", "--date", "2026-11-25", "--json"))
    assert body["date"] == "2026-11-25"
    assert len(events_of(data_dir, "appearance_check", date(2026, 11, 25))) == 1
    assert events_of(data_dir, "appearance_check") == []


def test_check_bad_date(demo: KioskRunner) -> None:
    assert demo("check", "1008", "--by", "L001", "--date", "30/11/2026").exit_code == 2


# -- incidents -------------------------------------------------------------------------------


def test_uniform_outside_fine_20(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("incident", "1008", "uniform_outside", "--by", "L001", "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert (body["staff_id"], body["kind"], body["fine"], body["recorded_by"]) == (
        "1008",
        "uniform_outside",
        20,
        "L001",
    )
    assert body["date"] == "2026-11-27"
    [stored] = events_of(data_dir, "incident")
    assert stored["id"] == body["id"]


def test_incident_human_output(demo: KioskRunner, data_dir: Path) -> None:
    en = demo("incident", "1008", "uniform_outside", "--by", "L001")
    assert en.stdout.strip() == (
        "Incident Uniform worn outside the hospital or in the canteen recorded for 黄蕾 by "
        "孙主任: fine 20 yuan."
    )
    zh = invoke(data_dir, "incident", "1008", "uniform_outside", "--by", "L001")
    assert "罚款 20 元" in zh.stdout


def test_incident_at_a_given_time(demo: KioskRunner, data_dir: Path) -> None:
    body = one_json(
        demo(
            "incident",
            "1008",
            "uniform_outside",
            "--by",
            "L001",
            "--at",
            "2026-11-26T12:30",
            "--json",
        )
    )
    assert body["at"] == "2026-11-26T12:30:00+08:00"
    assert body["date"] == "2026-11-26"
    assert len(events_of(data_dir, "incident", date(2026, 11, 26))) == 1


def test_unknown_incident_kind_is_refused(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("incident", "1008", "smoking", "--by", "L001", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "unknown_incident"
    assert "uniform_outside" in body["message"]
    assert events_of(data_dir, "incident") == []


def test_incident_by_a_non_lead_is_refused(demo: KioskRunner) -> None:
    result = demo("incident", "1008", "uniform_outside", "--by", "1001", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "not_a_lead"
