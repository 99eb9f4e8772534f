"""The lead's browser app (`kiosk serve` runs one per tab) under Pilot: sign-in first, always."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from screens.home import HomeScreen
from screens.lead.board import BoardScreen
from screens.lead.login import LeadLoginDialog
from screens.lead_desk import LeadDeskApp, LeadDeskHome
from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, settle, until
from tests.ui.lead_ui import text_of


def desk(tmp_path: Path) -> tuple[LeadDeskApp, KioskHarness]:
    harness = make_harness(tmp_path / "data")
    return LeadDeskApp(harness.services, lang="zh"), harness


async def type_in(pilot, who: str, pin: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*who, "enter")
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def test_a_session_opens_on_the_sign_in_with_nothing_behind_it(tmp_path: Path) -> None:
    app, _ = desk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        assert [type(s) for s in app.screen_stack[1:]] == [LeadDeskHome, LeadLoginDialog]
        assert isinstance(app.home, LeadDeskHome)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)  # no staff scan
        assert not list(app.home.query(Input))  # nothing to type a staff badge into


async def test_staff_and_wrong_pins_are_refused_and_the_lead_gets_the_board(
    tmp_path: Path,
) -> None:
    app, _ = desk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        await type_in(pilot, "1001", "1001")  # a staff member with a right PIN
        assert isinstance(app.screen, LeadLoginDialog)
        assert "不是部门负责人" in text_of(app.screen, "#problem")
        assert app.screen.focused is app.screen.query_one("#who", Input)  # start over at the ID
        assert app.screen.query_one("#who", Input).value == ""
        await type_in(pilot, "L001", "0000")
        assert isinstance(app.screen, LeadLoginDialog)
        assert "密码错误" in text_of(app.screen, "#problem")
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_leaving_the_board_or_idling_returns_to_the_sign_in(tmp_path: Path) -> None:
    app, harness = desk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        await type_in(pilot, "L001", "1234")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        await pilot.press("escape")  # a tab only ever shows the sign-in until a lead signs in
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        await type_in(pilot, "L001", "1234")
        assert isinstance(app.screen, BoardScreen)
        harness.clock.advance(seconds=harness.services.config.lead_idle_seconds + 1)
        app.tick()
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        assert [type(s) for s in app.screen_stack[1:]] == [LeadDeskHome, LeadLoginDialog]


async def test_a_sign_in_left_alone_times_out_and_comes_back(tmp_path: Path) -> None:
    """A tab left open on the sign-in past the idle time gets a fresh sign-in, not a dead
    title screen."""
    app, harness = desk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LeadLoginDialog))
        first = app.screen
        await pilot.press(*"L00")
        harness.clock.advance(seconds=harness.services.config.idle_seconds + 1)
        app.tick()
        await until(  # the fresh sign-in on top and composed (its fields mounted)
            pilot,
            lambda: (
                isinstance(app.screen, LeadLoginDialog)
                and app.screen is not first
                and bool(app.screen.query("#who"))
            ),
        )
        assert app.screen.query_one("#who", Input).value == ""  # nothing typed is left behind
        await type_in(pilot, "L001", "1234")
        assert isinstance(app.screen, BoardScreen)
