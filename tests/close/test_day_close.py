"""Closing a day: statuses, flags and fines frozen as a revisioned summary event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import wire_services
from kiosk.domain.summary import DaySummary
from kiosk.errors import UsageError
from tests.close.scripted_day import DAY, at, script_the_day, services_at


def people(summary: DaySummary) -> dict[str, dict]:  # type: ignore[type-arg]
    return {p["staff_id"]: p for p in summary.to_json()["people"]}


def test_close_marks_every_status_and_flag(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    closed = services.day_close.close(DAY, by="L001")
    assert (closed.revision, closed.changed) == (1, True)
    got = people(closed.summary)
    status = {sid: (p["status"], tuple(p["flags"])) for sid, p in got.items()}
    assert status == {
        "1001": ("present", ()),
        "1002": ("present", ("late", "early_leave")),
        "1003": ("present", ("appearance_unchecked", "unscheduled")),
        "1004": ("leave", ("leave_paperwork_pending",)),
        "1005": ("rest", ()),
        "1006": ("present", ("appearance_unchecked",)),
        "1007": ("present", ("no_checkout", "appearance_unchecked")),
        "1008": ("absent", ()),
        "1009": ("present", ("late", "appearance_unchecked")),
        "1010": ("absent", ()),
        "1011": ("absent", ()),
        "L001": ("present", ("appearance_unchecked",)),
    }
    assert (got["1002"]["late_minutes"], got["1002"]["early_minutes"]) == (7, 30)
    assert got["1003"]["late_minutes"] == 0  # no shift to be late for on a rest day
    assert got["1001"]["appearance"] == {
        "checked_by": "L001",
        "failed": ["nails", "badge"],
        "fine": 20,
    }
    assert (got["1001"]["fines_total"], got["1006"]["fines_total"]) == (20, 20)
    assert got["1009"]["check_out"] == "2026-11-27T20:00:00+08:00"
    assert got["1004"]["leave_type"] == "sick"
    assert got["1001"]["worked_minutes"] == 8 * 60 + 7  # 07:55-18:02 less the 2 h lunch


def test_a_close_returns_what_reading_it_back_gives(tmp_path: Path) -> None:
    """The close hands back the summary it encoded, not one parsed back from the line
    it wrote (issue 15): it must be that very record, for the first close and a re-close."""
    services = services_at(tmp_path / "data")
    script_the_day(services)
    for hhmm in ("20:31", "21:00"):
        at(services, hhmm)
        services.punch.correct("1007", services.clock.now(), "L001", "forgot", "check_out", day=DAY)
        closed = services.day_close.close(DAY, by="L001")
        fresh = wire_services(tmp_path / "data", clock=services.clock)
        assert fresh.day_close.latest(DAY) == replace(closed, changed=False)
        assert closed.summary.closed_at == services.clock.now().replace(microsecond=0)


def test_closing_twice_is_harmless(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    first = services.day_close.close(DAY)
    at(services, "20:40")
    again = services.day_close.close(DAY)
    assert (again.revision, again.changed, again.event_id) == (1, False, first.event_id)
    closes = [e for e in services.store.days.events(DAY) if e["type"] == "day_closed"]
    assert len(closes) == 1


def test_a_correction_after_close_reopens_and_the_next_close_is_revision_2(
    tmp_path: Path,
) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY)
    assert services.day_close.is_closed(DAY)
    at(services, "21:00")
    services.punch.correct(
        "1007", at(services, "18:00"), by="L001", reason="忘记签退", action="check_out"
    )
    at(services, "21:05")
    assert not services.day_close.is_closed(DAY)
    second = services.day_close.close(DAY)
    assert (second.revision, second.changed) == (2, True)
    assert people(second.summary)["1007"]["flags"] == ["appearance_unchecked"]
    assert services.day_close.latest(DAY).revision == 2  # type: ignore[union-attr]


def test_a_change_that_moves_no_figure_keeps_the_revision(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY)
    at(services, "21:00")
    services.appearance.check("1002", by="L001", failed=[])  # the same result again
    again = services.day_close.close(DAY)
    assert (again.revision, again.changed) == (1, False)
    assert services.day_close.is_closed(DAY)


def test_a_future_day_cannot_be_closed(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    with pytest.raises(UsageError) as err:
        services.day_close.close(DAY.replace(day=28))
    assert err.value.code == "in_future"


def test_due_days_are_today_after_close_at_and_missed_recent_days(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    at(services, "08:00", "2026-11-25")
    services.punch.punch("1001")  # Wednesday: the kiosk was off at 20:30
    at(services, "08:00", "2026-11-26")
    services.punch.punch("1001")
    at(services, "20:30", "2026-11-26")
    services.day_close.close()  # Thursday was closed
    at(services, "08:00")
    services.punch.punch("1001")
    assert services.day_close.due() == [DAY.replace(day=25)]
    at(services, "20:29")
    assert services.day_close.due() == [DAY.replace(day=25)]
    at(services, "20:30")
    assert services.day_close.due() == [DAY.replace(day=25), DAY]
    for day in services.day_close.due():
        services.day_close.close(day)
    assert services.day_close.due() == []


def test_a_correction_at_the_shell_closes_the_day_again(tmp_path: Path) -> None:
    """`kiosk punch --by` on a closed day re-opens it; the command closes it again."""
    from tests.cli.cli_helpers import invoke

    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY)
    data_dir = services.store.data_dir
    result = invoke(
        data_dir,
        "punch", "1007", "--by", "L001", "--at", "2026-11-27T18:00",
        "--reason", "忘记签退", "--action", "check_out", "--json",
        now="2026-11-27T21:00:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "已重新结账(第 2 版)" in result.stderr
    assert services.day_close.is_closed(DAY)
    assert services.day_close.latest(DAY).revision == 2  # type: ignore[union-attr]
    checked = invoke(data_dir, "check", "1006", "--by", "L001", now="2026-11-27T21:05:00")
    assert checked.exit_code == 0 and "第 3 版" in checked.stderr


def test_leave_or_a_roster_change_for_a_closed_day_brings_a_new_revision(
    tmp_path: Path,
) -> None:
    """Leave and rosters live in people.json, not in the day file; a close still sees them."""
    from tests.cli.cli_helpers import invoke

    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY)
    data_dir = services.store.data_dir
    result = invoke(
        data_dir, "leave", "add", "1008", "sick", "2026-11-27", now="2026-11-28T09:00:00"
    )
    assert result.exit_code == 0, result.stderr
    assert "已重新结账(第 2 版)" in result.stderr
    person = people(services.day_close.latest(DAY).summary)["1008"]  # type: ignore[union-attr]
    assert (person["status"], person["leave_type"]) == ("leave", "sick")  # no longer absent
    rest = invoke(
        data_dir, "roster", "set", "1010", "2026-11-27", "rest", now="2026-11-28T09:05:00"
    )
    assert rest.exit_code == 0 and "第 3 版" in rest.stderr
    unchanged = invoke(
        data_dir, "roster", "set", "1010", "2026-11-27", "rest", now="2026-11-28T09:06:00"
    )
    assert "重新结账" not in unchanged.stderr  # no figure moved: no new revision
    assert services.day_close.latest(DAY).revision == 3  # type: ignore[union-attr]


def test_a_re_close_does_not_rewrite_the_day_from_today_s_staff_list(tmp_path: Path) -> None:
    """Someone hired later is not absent on an old day; a weekly rest day changed later
    does not turn that day's rest into an absence."""
    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY)
    at(services, "09:00", "2026-11-30")
    services.staff.add("3001", "新同事", "A", "sun", lead=False, pin=None)
    services.staff.import_csv("id,name,shift,rest_day,lead,pin\n1005,陈晓燕,C,mon,0,\n")
    at(services, "09:05", "2026-11-30")
    # A real change to that day: 1007's forgotten check-out.
    out = datetime(2026, 11, 27, 18, 0, tzinfo=services.config.timezone)
    services.punch.correct("1007", out, by="L001", reason="忘记签退", action="check_out")
    at(services, "09:10", "2026-11-30")
    again = services.day_close.close(DAY)
    got = people(again.summary)
    assert again.revision == 2
    assert "3001" not in got  # hired after the day
    assert got["1005"]["status"] == "rest"  # her rest day that week was Friday
    assert got["1007"]["flags"] == ["appearance_unchecked"]  # the correction did land


def test_paperwork_done_for_a_closed_day_brings_a_new_revision(tmp_path: Path) -> None:
    from tests.cli.cli_helpers import invoke

    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY)
    (leave,) = services.leave.listing(pending_only=True)  # 1004's phoned-in sick leave
    result = invoke(services.store.data_dir, "leave", "done", leave.id, now="2026-11-30T09:00:00")
    assert result.exit_code == 0 and "已重新结账(第 2 版)" in result.stderr
    person = people(services.day_close.latest(DAY).summary)["1004"]  # type: ignore[union-attr]
    assert person["flags"] == []


def test_closing_before_the_shifts_end_is_flagged(tmp_path: Path) -> None:
    from tests.cli.cli_helpers import invoke

    services = services_at(tmp_path / "data")
    at(services, "17:00")
    assert services.day_close.shifts_still_running(DAY) == ["A", "C"]  # B ended at 16:00
    at(services, "20:00")
    assert services.day_close.shifts_still_running(DAY) == []
    early = invoke(services.store.data_dir, "day", "close", now="2026-11-27T12:30:00")
    assert early.exit_code == 0 and "注意:A、B、C班还没有下班。\n" in early.stderr


def test_a_clock_stepped_back_between_punches_reaches_the_close_and_the_export(
    tmp_path: Path,
) -> None:
    """An NTP correction of 10 minutes between check-in and check-out: worked time 0, never
    negative, and a flag the lead (and HR) can see."""
    from kiosk.i18n import Translator

    services = services_at(tmp_path / "data")
    at(services, "17:58")
    services.punch.punch("1001")
    at(services, "17:52")  # the clock was set back 10 minutes; she leaves 4 minutes later
    result = services.punch.punch("1001", confirmed=True)
    assert (result.action, result.worked_minutes) == ("check_out", 0)
    at(services, "20:30")
    person = people(services.day_close.close(DAY).summary)["1001"]
    assert person["worked_minutes"] == 0
    assert "clock_stepped_back" in person["flags"]
    csv_text = services.exports.day(DAY, "csv", Translator("zh")).data.decode("utf-8-sig")
    assert "时钟回拨(签退时间早于签到)" in csv_text
