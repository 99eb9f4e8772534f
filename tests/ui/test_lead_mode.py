"""Lead mode itself: signing in, the idle log-out, and the kiosk's lock-down and quitting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from kiosk.errors import RefusedError
from kiosk.store.datafile import DataFile
from kiosk.store.pins import PIN_FAILURES
from screens.checklist import ChecklistScreen
from screens.home import HomeScreen
from screens.lead.board import BoardScreen
from screens.lead.login import LeadLoginDialog
from screens.lead.quit import QuitDialog
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, settle
from tests.ui.lead_ui import open_board, sign_in, text_of


def pin_failures(harness: KioskHarness, staff_id: str) -> int:
    rows = harness.services.store.pins.rows(PIN_FAILURES)
    return next((int(r["count"]) for r in rows if r["staff_id"] == staff_id), 0)


async def test_lead_login_wrong_pin_stays_with_a_message_and_counts(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, pin="9999")
        dialog = pilot.app.screen
        assert isinstance(dialog, LeadLoginDialog)
        assert "密码错误" in text_of(dialog, "#problem")
        assert dialog.query_one("#pin", Input).value == ""
    assert pin_failures(harness, "L001") == 1


async def test_lead_login_right_pin_opens_the_board(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert "孙主任" in text_of(board, "#lead")
    assert pin_failures(harness, "L001") == 0


@pytest.mark.parametrize("showing", ["result", "checklist"])
async def test_f2_over_a_result_or_the_checklist_opens_the_lead_sign_in(
    harness: KioskHarness, showing: str
) -> None:
    """The lead walks up while the last person's result (or checklist) is still showing:
    F2 goes home and opens the sign-in, and what the lead types next signs in, instead of
    checking the lead in as staff."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        if showing == "checklist":
            await pilot.press("enter")
        expected = ResultScreen if showing == "result" else ChecklistScreen
        assert isinstance(pilot.app.screen, expected)
        await sign_in(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("escape")  # signing out goes home
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    punched = [e["staff_id"] for e in harness.day_events() if e["type"] == "punch"]
    assert punched == ["1001"]
    assert pin_failures(harness, "L001") == 0


async def test_a_staff_member_who_is_not_a_lead_is_refused(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, who="1001", pin="1001")
        dialog = pilot.app.screen
        assert isinstance(dialog, LeadLoginDialog)
        assert "不是部门负责人" in text_of(dialog, "#problem")


async def test_lead_mode_times_out_to_home(harness: KioskHarness) -> None:
    """Issue 13, point 7: the lead reading the board has `lead_idle_seconds` (300), not the
    staff screens' 30 seconds; any key starts it again."""
    config = harness.services.config
    async with harness.app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        harness.clock.advance(seconds=config.idle_seconds + 1)
        pilot.app.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(pilot.app.screen, BoardScreen)  # still reading
        harness.clock.advance(seconds=config.lead_idle_seconds - config.idle_seconds - 5)
        await pilot.press("down")  # a key: the lead is still there
        harness.clock.advance(seconds=config.lead_idle_seconds - 1)
        pilot.app.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(pilot.app.screen, BoardScreen)
        harness.clock.advance(seconds=2)
        pilot.app.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_staff_cannot_quit_from_home(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        for key in ("ctrl+q", "ctrl+c", "ctrl+p"):
            await pilot.press(key)
            await pilot.pause()
        assert pilot.app.is_running
        assert isinstance(pilot.app.screen, HomeScreen)
        assert not any(isinstance(s, CommandPalette) for s in pilot.app.screen_stack)


async def test_quit_with_a_wrong_lead_pin_keeps_the_kiosk_running(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press(*"0000", "enter")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, QuitDialog)
        assert "密码错误" in text_of(dialog, "#problem")
        assert pilot.app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BoardScreen)
        assert pilot.app.is_running
    assert pin_failures(harness, "L001") == 1


async def test_quit_with_the_right_lead_pin_exits(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press(*"1234", "enter")
        await pilot.app.workers.wait_for_complete()
        for _ in range(10):
            if not pilot.app.is_running:
                break
            await pilot.pause()
        assert not pilot.app.is_running
    assert harness.app.return_code == 0


@contextmanager
def pins_file_busy(harness: KioskHarness) -> Iterator[None]:
    """Another process's write holds pins.json's lock, which every PIN check writes under
    (here a thread with its own lock handle, which the kiosk's lock waits for exactly as
    for another process)."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with DataFile(harness.services.store.pins.path).locked():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(5)
    try:
        yield
    finally:
        release.set()
        holder.join()


async def test_a_double_enter_on_a_wrong_pin_checks_and_counts_once(
    harness: KioskHarness,
) -> None:
    """The second Enter arrives while the first PIN is still being checked (its failure
    waits for the file lock): it must not check, and count, the PIN again."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"L001", "enter", *"9999")
        with pins_file_busy(harness):
            await pilot.press("enter")
            await pilot.pause(0.3)  # the check is running, blocked on the lock
            await pilot.press("enter")
            await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(pilot.app.screen, LeadLoginDialog)
    assert pin_failures(harness, "L001") == 1


async def test_a_double_enter_on_the_right_pin_signs_in_once(harness: KioskHarness) -> None:
    """Two answers to one sign-in used to dismiss twice: the second closed the board the
    first had opened (Textual pops whatever screen is on top)."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, pin="9999")  # one failure on record: the right PIN clears it,
        pilot.app.screen.query_one("#pin", Input).focus()  # and clearing needs the lock
        with pins_file_busy(harness):
            await pilot.press(*"1234", "enter")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
        await settle(pilot)
        assert [type(s) for s in pilot.app.screen_stack[1:]] == [HomeScreen, BoardScreen]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert pin_failures(harness, "L001") == 0


async def test_a_dialog_answers_once_and_only_for_itself(harness: KioskHarness) -> None:
    """The guard behind the double-Enter fix, without the race: a second dismiss of a dialog
    (or a dismiss of one no longer on top) must not pop the screen under it."""
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("f12")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, QuitDialog)
        dialog.dismiss(None)
        dialog.dismiss(None)
        await settle(pilot)
        assert pilot.app.screen is board
        dialog.dismiss(None)  # long gone: still nothing
        await settle(pilot)
        assert pilot.app.screen is board


async def test_guesses_at_the_typed_lead_id_do_not_lock_out_the_lead_with_the_badge(
    harness: KioskHarness,
) -> None:
    """Issue 13, point 2: anyone can type L001 and five wrong PINs; the lead who holds the
    badge still signs in with it. The typed way in stays locked."""
    async with harness.app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await sign_in(pilot, "L001", "0000")
            assert isinstance(pilot.app.screen, LeadLoginDialog)
            await pilot.press("escape")
            await settle(pilot)
        await sign_in(pilot, "L001", "1234")  # the right PIN, typed: locked
        dialog = pilot.app.screen
        assert isinstance(dialog, LeadLoginDialog)
        assert "锁定" in text_of(dialog, "#problem")
        await pilot.press("escape")
        await settle(pilot)
        await sign_in(pilot, harness.badge("L001"), "1234")
        assert isinstance(pilot.app.screen, BoardScreen)


def test_guesses_with_the_badge_lock_the_badge_way_too(harness: KioskHarness) -> None:
    staff = harness.services.staff
    for _ in range(5):
        with suppress(RefusedError):
            staff.check_pin("L001", "0000", by_badge=True)
    with pytest.raises(RefusedError) as locked:
        staff.check_pin("L001", "1234", by_badge=True)
    assert locked.value.code == "pin_locked"
    assert staff.check_pin("L001", "1234").id == "L001"  # typed: counted apart


async def test_a_damaged_day_file_does_not_trap_the_lead(harness: KioskHarness) -> None:
    """Issue 13, point 1: the board says the file is damaged, in its own summary line, and
    every key stays reachable (no dialog that comes back on every resume)."""
    path = harness.services.store.days.path_for(harness.clock.now().date())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"events": {"1": {"id": ', encoding="utf-8")
    async with harness.app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        assert "已损坏" in text_of(board, "#summary") and "F12" in text_of(board, "#summary")
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuitDialog)  # reachable
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is board  # back on the board, not in a loop of dialogs
        assert "已损坏" in text_of(board, "#summary")
