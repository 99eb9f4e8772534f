"""Edges of the one truth, each found by a review of issue 11's change and fixed: a meal
break never scanned back, a template taken out of kiosk.toml, a damaged day file at the
automatic close, a config edit after a close, and closes written by the previous version."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.errors import KioskError, RefusedError, UsageError
from tests.cli.cli_helpers import without_the_trail
from tests.close.scripted_day import DAY, at, services_at
from tests.close.test_one_truth import edit_config, person, reopen, with_break_punches
from tests.day_files import read_day_file, write_legacy_day_file


def test_a_break_never_scanned_back_counts_back_at_its_end_and_is_flagged(
    tmp_path: Path,
) -> None:
    services = with_break_punches(tmp_path)
    at(services, "07:55")
    services.punch.punch("1002")
    at(services, "12:05")
    assert services.punch.punch("1002").action == "break_out"
    at(services, "18:00")  # back at work all afternoon, but never scanned back in
    out = services.punch.punch("1002")
    assert out.action == "check_out"
    # 07:55-18:00 less 12:05-14:00 (the break's end), not less the whole afternoon
    assert out.worked_minutes == 605 - 115
    assert "no_break_in" in out.standing.flags
    # the lead records the return she forgot, and the day counts it
    fixed = services.lead.correct_punch(
        "1002", services.clock.now().replace(hour=13, minute=10), "L001", "忘记刷卡", "break_in"
    ).result
    assert fixed.action == "break_in"
    at(services, "20:40")
    services.end_of_day.close(DAY)
    mine = person(services, DAY, "1002")
    assert mine["worked_minutes"] == 605 - 65 and "no_break_in" not in mine["flags"]


def test_a_late_arrival_in_the_break_is_not_sent_to_lunch_by_a_second_scan(
    tmp_path: Path,
) -> None:
    services = with_break_punches(tmp_path)
    at(services, "12:30")
    assert services.punch.punch("1002").action == "check_in"  # came in during the break
    at(services, "12:33")  # "did it register?"
    with pytest.raises(RefusedError) as again:
        services.punch.punch("1002")
    assert again.value.code == "meal_break"  # asked, not recorded as going to eat


def test_a_template_taken_out_of_kiosk_toml_is_never_guessed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "11:58")
    services.punch.punch("1009")  # C, on time
    text = (data / "kiosk.toml").read_text("utf-8")
    start = text.index('[[shifts]]\ncode = "C"')
    end = text.index("[[", start + 10)
    (data / "kiosk.toml").write_text(text[:start] + text[end:], "utf-8")
    later = reopen(data, services)
    at(later, "20:40")
    with pytest.raises(UsageError) as refused:
        later.end_of_day.close(DAY)
    assert (refused.value.code, refused.value.params["shift"]) == ("staff_shift_unknown", "C")
    assert not later.day_close.was_closed(DAY)  # nothing stored with a wrong template


def test_a_damaged_day_file_stops_neither_the_other_closes_nor_the_send(
    tmp_path: Path,
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    data = tmp_path / "data"
    services = services_at(data)
    with (data / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[[sync.targets]]\nkind = "folder"\npath = "{share}"\n')
    services = reopen(data, services)
    services.punch.punch("1001")
    broken = DAY - timedelta(days=3)
    path = services.store.days.path_for(broken)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"{not json")
    at(services, "20:40")
    tick = services.scheduler.tick()
    assert tick is not None
    assert [c.date for c in tick.closed.closes] == [DAY]
    assert [p.code for p in tick.closed.problems] == ["corrupt_file"]
    assert isinstance(services.scheduler.problem, KioskError)
    assert (share / f"{DAY.isoformat()}_desk-1.json").exists()  # sent all the same
    assert path.read_bytes() == b"{not json"  # kept as found, for IT


def test_after_a_config_edit_a_closed_day_reads_the_same_on_every_face(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "08:03")
    services.punch.punch("1002")  # 3 minutes late with no grace
    at(services, "20:40")
    services.end_of_day.close(DAY)
    edit_config(data, "late_grace_minutes = 0 ", "late_grace_minutes = 5 ")
    edit_config(data, "early_grace_minutes = 0", "early_grace_minutes = 5")
    later = reopen(data, services)
    board = later.board.row("1002", DAY)
    assert board is not None and board.late_minutes == 3  # the board reads the closed day
    fixed = later.lead.correct_punch(
        "1002", later.clock.now().replace(hour=17, minute=57), "L001", "忘记签退", "check_out"
    )
    assert fixed.result.early and fixed.result.early_minutes == 3  # as the close says
    mine = person(later, DAY, "1002")
    assert (mine["late_minutes"], mine["early_minutes"]) == (3, 3)
    assert "early_leave" in mine["flags"]


def test_a_close_written_by_the_previous_version_is_not_closed_again_for_nothing(
    tmp_path: Path,
) -> None:
    services = services_at(tmp_path / "data")
    services.punch.punch("1001")
    at(services, "20:40")
    services.end_of_day.close(DAY)
    path = services.store.days.path_for(DAY)
    stored = read_day_file(path)
    without_the_trail(tmp_path / "data", "2026-11-28")
    for event in stored:  # as 1d2cd1f wrote it: unsigned, older fields, a TinyDB document
        event.pop("mac"), event.pop("prev"), event.pop("audit_head", None)
        if event["type"] == "day_closed":
            event["summary"].pop("judged_by")
            for row in event["summary"]["people"]:
                row.pop("late_from_break_minutes")
    write_legacy_day_file(path, stored)
    again = reopen(tmp_path / "data", services).end_of_day.close(DAY).closes[0]
    assert (again.revision, again.changed) == (1, False)
