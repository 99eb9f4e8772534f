"""The running kiosk never closes a day before its first day of records (services/first_day.py),
and a lead's change reaching back before it closes again only the days it may close."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import cli, wire_services
from kiosk.clock import FixedClock
from kiosk.errors import RefusedError
from kiosk.services.container import Services
from tests.close.scripted_day import DAY, at

BEFORE = date(2026, 11, 26)


def set_up_on_day(data: Path) -> Services:
    """`kiosk init --demo` on DAY at 07:55, and its services on a FixedClock then."""
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data), "init", "--demo"],
        env={"KIOSK_FAKE_NOW": f"{DAY.isoformat()}T07:55:00"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    services = wire_services(data, clock=FixedClock(datetime(2026, 11, 27, 7, 55)))
    at(services, "07:55")
    return services


@pytest.fixture
def services(tmp_path: Path) -> Services:
    services = set_up_on_day(tmp_path / "data")
    # A punch recorded for the day before set-up (from the paper list, say): it has a file.
    moment = datetime(2026, 11, 26, 8, 0, tzinfo=services.config.timezone)
    services.punch.correct("1001", moment, by="L001", reason="纸质签到补录", action="check_in")
    at(services, "07:58")
    services.punch.punch("1002")
    return services


def closes_of(services: Services, day: date) -> list[dict[str, object]]:
    return [e for e in services.store.days.events(day) if e["type"] == "day_closed"]


def test_the_first_day_is_the_day_of_kiosk_init(services: Services) -> None:
    assert services.store.first_day() == DAY
    assert services.day_close.first_day() == DAY


def test_close_due_skips_a_day_before_set_up(services: Services) -> None:
    at(services, "20:30")
    assert services.day_close.due() == [DAY]
    done = services.end_of_day.close_due()
    assert [c.date for c in done.closes] == [DAY] and done.problems == ()
    assert closes_of(services, BEFORE) == []


def test_the_scheduler_reports_no_problem_for_a_day_before_set_up(services: Services) -> None:
    at(services, "20:30")
    tick = services.scheduler.tick()
    assert tick is not None and [c.date for c in tick.closed.closes] == [DAY]
    assert services.scheduler.problem is None
    assert closes_of(services, BEFORE) == []


def test_a_close_or_preview_of_a_day_before_set_up_is_refused(services: Services) -> None:
    at(services, "20:30")
    for attempt in (services.day_close.close, services.day_close.preview):
        with pytest.raises(RefusedError) as err:
            attempt(BEFORE)
        assert err.value.code == "before_first_day"
        assert err.value.params == {"date": "2026-11-26", "first": "2026-11-27"}
    assert closes_of(services, BEFORE) == []


def test_a_change_reaching_back_past_the_first_day_closes_again_only_the_kept_days(
    services: Services,
) -> None:
    """Both days were closed, then the first day was moved to the later one by hand
    (setup.json copied from another kiosk, say): the change is made, and the earlier day,
    which can no longer be closed, is left as it was closed instead of failing the change."""
    at(services, "20:30")
    services.end_of_day.close(DAY)
    at(services, "08:05", "2026-11-28")
    moment = datetime(2026, 11, 28, 8, 0, tzinfo=services.config.timezone)
    services.punch.correct("1002", moment, by="L001", reason="纸质签到补录", action="check_in")
    at(services, "20:30", "2026-11-28")
    services.end_of_day.close(date(2026, 11, 28))
    (services.store.data_dir / "setup.json").write_text('{"first_day": "2026-11-28"}', "utf-8")
    at(services, "21:00", "2026-11-28")
    change = services.lead.end_employment("1002", DAY)
    assert [c.date for c in change.end_of_day.changed] == [date(2026, 11, 28)]
    assert [e["revision"] for e in closes_of(services, DAY)] == [1]
