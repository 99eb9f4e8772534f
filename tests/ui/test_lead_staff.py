"""The lead's staff list (issue 13, point 4): every job about people done at the kiosk, with
no shell. Each test drives the real app with the keyboard and reads what reached the store
and the audit trail."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from screens.lead.badge import BadgeDialog
from screens.lead.board import BoardScreen
from screens.lead.paperwork import PaperworkDialog
from screens.lead.staff import StaffScreen
from screens.lead.staff_forms import PinDialog, StaffAddDialog, StaffChangeDialog, StaffEndDialog
from screens.result import ResultScreen
from screens.widgets.qr import QrCode
from tests.close.test_day_qr import decode_half_blocks
from tests.ui.kiosk_ui import SIZE, KioskHarness, settle, type_keys
from tests.ui.lead_ui import open_board, text_of


async def keys(pilot: Pilot[None], text: str) -> None:
    """Type into the focused field without Enter (Enter in a form saves it)."""
    await pilot.press(*text)


async def open_staff(pilot: Pilot[None]) -> StaffScreen:
    await open_board(pilot)
    await pilot.press("f1")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StaffScreen)
    return screen


async def pick_person(pilot: Pilot[None], screen: StaffScreen, search: str) -> None:
    """Type a search, as a lead without a Chinese input method would, and go to the list."""
    field = screen.query_one("#search", Input)
    field.focus()
    field.clear()
    await type_keys(pilot, search)  # Enter goes to the list


def rows_of(screen: StaffScreen) -> list[str]:
    table = screen.query_one("#staff", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def choose(pilot: Pilot[None], dialog: object, selector: str, value: object) -> None:
    dialog.query_one(selector, Select).value = value  # type: ignore[attr-defined]
    await pilot.pause()


async def test_the_staff_list_is_in_pinyin_order_and_found_by_initials(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_staff(pilot)
        names = [m.name for m in screen.visible()]
        assert len(names) == len(harness.services.staff.all())  # rest days and leads too
        assert names.index("刘敏") < names.index("张丽")  # liu before zhang, not by code
        await pick_person(pilot, screen, "zl")
        assert rows_of(screen) == ["1001"]  # 张丽
        assert "显示 1 人" in text_of(screen, "#summary")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)


async def test_a_new_hire_with_a_pin_checks_in_at_once(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await open_staff(pilot)
        await pilot.press("f2")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, StaffAddDialog)
        await keys(pilot, "2001")
        dialog.query_one("#name", Input).value = "王新"
        await pilot.press("f2")  # no shift chosen: said, nothing stored
        await settle(pilot)
        assert "班次" in text_of(dialog, "#problem")
        await choose(pilot, dialog, "#shift", "A")
        await choose(pilot, dialog, "#rest_day", "sun")
        dialog.query_one("#pin", Input).value = "2468"
        dialog.query_one("#pin_again", Input).value = "2460"
        await pilot.press("f2")
        await settle(pilot)
        assert "不一致" in text_of(dialog, "#problem")
        assert dialog.query_one("#pin_again", Input).value == ""  # typed again, not shown
        dialog.query_one("#pin_again", Input).value = "2468"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
        member = harness.services.staff.get("2001")
        assert (member.name, member.shift, member.rest_day) == ("王新", "A", "sun")
        assert not member.lead
        assert member.starts_on is not None and member.starts_on.isoformat() == "2026-11-27"
        last = harness.services.audit.entries()[-1]
        assert (last.by, last.details["pin_changed"]) == ("L001", ["2001"])
        assert "2001" in rows_of(pilot.app.screen)  # type: ignore[arg-type]
    assert harness.services.staff.check_pin("2001", "2468").id == "2001"


async def test_a_pin_is_set_twice_masked_and_clears_the_lockout(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_staff(pilot)
        await pick_person(pilot, screen, "1002")
        await pilot.press("f3")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, PinDialog)
        assert dialog.query_one("#pin", Input).password
        await keys(pilot, "9753")
        dialog.query_one("#pin_again", Input).focus()
        await keys(pilot, "9753")
        assert "9753" not in pilot.app.export_screenshot()  # masked on screen
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
    assert harness.services.staff.check_pin("1002", "9753").id == "1002"
    last = harness.services.audit.entries()[-1]
    assert (last.by, last.details["pin_changed"]) == ("L001", ["1002"])


async def test_a_default_shift_changes_from_a_date(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_staff(pilot)
        await pick_person(pilot, screen, "1001")
        await pilot.press("f4")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, StaffChangeDialog)
        await choose(pilot, dialog, "#shift", "B")
        await choose(pilot, dialog, "#rest_day", "wed")
        dialog.query_one("#from", Input).value = "2026-11-30"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
    member = harness.services.staff.get("1001")
    assert member.defaults_on(member_day("2026-11-27")) == ("A", "mon")  # before: as it was
    assert member.defaults_on(member_day("2026-11-30")) == ("B", "wed")
    assert harness.services.audit.entries()[-1].by == "L001"


def member_day(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text)


async def test_someone_who_left_is_refused_from_that_day(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_staff(pilot)
        await pick_person(pilot, screen, "1003")
        await pilot.press("f5")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, StaffEndDialog)
        await pilot.press("f2")  # no date: the last day decides pay, so it is never guessed
        await settle(pilot)
        assert "年-月-日" in text_of(dialog, "#problem")
        await keys(pilot, "2026-11-27")
        await pilot.press("f2")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StaffScreen)
        row = screen.query_one("#staff", DataTable).get_row("1003")
        assert str(row[-1]) == "2026-11-27 起离职"
        await pilot.press("escape")
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        assert "1003" not in {r.staff.id for r in board.rows}  # not planned, not absent
        await pilot.press("escape")
        await settle(pilot)
        await type_keys(pilot, "1003")  # ID, Enter
        await type_keys(pilot, "1003")  # PIN, Enter
        result = pilot.app.screen
        assert isinstance(result, ResultScreen) and result.tone == "refused"
        assert "离职" in text_of(result, "#outcome")
    assert harness.services.staff.get("1003").left_on is not None


async def test_a_badge_is_shown_and_written_for_printing(
    harness: KioskHarness, tmp_path: Path
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_staff(pilot)
        await pick_person(pilot, screen, "1004")
        await pilot.press("f6")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, BadgeDialog)
        assert decode_half_blocks(dialog.query_one("#qr-code", QrCode).lines) == harness.badge(
            "1004"
        )
        await pilot.press("f3")
        await settle(pilot)
        folder = harness.services.badges.print_folder
        assert str(folder) in text_of(dialog, "#notice")
        assert (folder / "1004.png").stat().st_size > 0 and (folder / "1004.svg").exists()
        assert (folder.stat().st_mode & 0o077) == 0  # private, like every file the kiosk writes
        assert harness.services.staff.get("1004").badge_version == 1  # shown, not revoked


async def test_phoned_in_paperwork_is_marked_done_at_the_kiosk(harness: KioskHarness) -> None:
    from datetime import date

    record = harness.services.leave.add("1005", "sick", date(2026, 11, 27), date(2026, 11, 27),
                                        phoned=True, note="电话")  # fmt: skip
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_staff(pilot)
        pending = len(harness.services.leave.listing(pending_only=True))
        assert f"手续待补 {pending} 条" in text_of(screen, "#summary")
        await pick_person(pilot, screen, "1005")
        await pilot.press("f7")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, PaperworkDialog)
        assert dialog.query_one("#leave", Select).value == record.id
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffScreen)
        assert f"手续待补 {pending - 1} 条" in text_of(pilot.app.screen, "#summary") or (
            pending == 1 and "手续待补" not in text_of(pilot.app.screen, "#summary")
        )
    done = next(r for r in harness.services.leave.all() if r.id == record.id)
    assert done.paperwork_done
    assert harness.services.audit.entries()[-1].by == "L001"
