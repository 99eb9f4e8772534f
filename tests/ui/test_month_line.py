"""After a punch the result adds the person's month so far (issue 14, point 3): the month's
closed days as closed, plus today, totalled by the one month definition; read after the
result is shown, and read again when a closed day changes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from kiosk.badges import badge_payload
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.domain.month_totals import month_totals
from kiosk.services import month_so_far
from screens.app import KioskApp
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, TZ_NAME, KioskHarness, make_harness, scan, until

PERSON = "1002"  # 李娜: shift A, rests on Tuesdays


def month_text(pilot: object) -> str:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ResultScreen)
    return screen.month_text


def work_and_close(harness: KioskHarness) -> None:
    """Mon 11-02 late in, Tue 11-03 rest, Wed 11-04 on time; each day closed that night."""
    punch = harness.services.punch
    harness.at("08:10", "2026-11-02")
    punch.punch(PERSON)
    harness.at("18:01", "2026-11-02")
    punch.punch(PERSON)
    harness.at("07:55", "2026-11-04")
    punch.punch(PERSON)
    harness.at("18:01", "2026-11-04")
    punch.punch(PERSON)
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        harness.at("21:00", day)
        harness.services.day_close.close(date.fromisoformat(day))


async def test_the_result_says_the_month_so_far(harness: KioskHarness) -> None:
    work_and_close(harness)
    harness.at("07:55", "2026-11-05")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge(PERSON))
        await until(pilot, lambda: month_text(pilot) != "")
        assert month_text(pilot) == "本月:出勤 3 天 · 迟到 1 次 · 轮休还剩 3 天 · 罚款 0 元"
    # The same figures as the month export's totals of the closed days, plus today.
    exports = harness.services.exports
    closed = [exports.closed_summary(date(2026, 11, d)) for d in (2, 3, 4)]
    total = next(t for t in month_totals([s for s in closed if s]) if t.staff_id == PERSON)
    assert (total.days_present, total.late_count, total.rest_days) == (2, 1, 1)
    # The rest days left: what the lead's month plan says November owes, less the one taken.
    plan = harness.services.month_plan.month(2026, 11).person(PERSON)
    assert plan is not None and plan.rest_entitled == 4


async def test_a_changed_closed_day_is_read_again(harness: KioskHarness) -> None:
    work_and_close(harness)
    harness.at("07:55", "2026-11-05")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge(PERSON))
        await until(pilot, lambda: month_text(pilot) != "")
        await pilot.press("escape")
        # A lead fines an incident on 11-04 afterwards: the day is re-closed with it.
        at = datetime(2026, 11, 4, 12, 0, tzinfo=harness.clock.tz)
        harness.services.lead.record_incident(PERSON, "uniform_outside", "L001", at)
        harness.at("18:01", "2026-11-05")
        await scan(pilot, harness.badge(PERSON))
        await until(pilot, lambda: "20" in month_text(pilot))
        assert month_text(pilot) == "本月:出勤 3 天 · 迟到 1 次 · 轮休还剩 3 天 · 罚款 20 元"


def test_a_day_the_month_line_forgot_is_read_again(
    harness: KioskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The closed days read for the line are kept for KEPT_DAYS only (a kiosk running for
    months kept every day it had ever read: the soak); a day let go is read again, right."""
    work_and_close(harness)
    monkeypatch.setattr(month_so_far, "KEPT_DAYS", 2)
    service = harness.services.month_so_far
    line = service.person(PERSON, date(2026, 11, 5)).public()  # reads 11-02 to 11-04
    assert (line["days_present"], line["late_count"], line["rest_days"]) == (2, 1, 1)
    assert list(service._closed) == [date(2026, 11, 3), date(2026, 11, 4)]  # 11-02 let go
    assert service.person(PERSON, date(2026, 11, 5)).public() == line  # 11-02 read again


async def test_in_english(tmp_path: Path) -> None:
    harness = make_harness(tmp_path / "data", lang="en")
    work_and_close(harness)
    harness.at("07:55", "2026-11-05")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge(PERSON))
        await until(pilot, lambda: month_text(pilot) != "")
        assert (
            month_text(pilot)
            == "This month: days present 3 · late 1× · rest days left 3 · fines 0 yuan"
        )


async def test_the_line_can_be_turned_off(tmp_path: Path) -> None:
    """`[ui] show_month = false`: a desk where the queue can read the screen says less."""
    toml = make_harness(tmp_path / "data").data_dir / "kiosk.toml"
    text = toml.read_text(encoding="utf-8")
    assert "show_month = true" in text
    toml.write_text(text.replace("show_month = true", "show_month = false"), encoding="utf-8")
    now = datetime(2026, 11, 27, 7, 55, tzinfo=ZoneInfo(TZ_NAME))
    services = wire_services(toml.parent, clock=FixedClock(now))
    assert services.config.show_month is False
    secret = services.store.site_secret()
    async with KioskApp(services, lang="zh").run_test(size=SIZE) as pilot:
        await scan(pilot, badge_payload(secret, PERSON, services.staff.get(PERSON).badge_version))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen) and screen.tone == "ok"
        assert screen.month_text == "" and screen.month_of is None
        assert (
            str(screen.query_one("#hint", Static).render())
            == "回车:仪容仪表自查   下一位可直接刷卡"
        )
