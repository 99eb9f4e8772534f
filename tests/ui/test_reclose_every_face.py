"""Every lead change re-closes a closed day, from every face (issue 11): the kiosk's lead
screens, the browser view's (the same screens in `LeadDeskApp`) and the `kiosk` command.
Each closed day ends up closed again as revision 2, queued for a real folder sync target
and delivered, so a change never leaves a day re-opened or unsent."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Select

from kiosk.cli import cli
from screens.lead.board import BoardScreen
from screens.lead_desk import LeadDeskApp
from tests.conftest import lead_pin_input
from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, settle, until
from tests.ui.lead_ui import pick

FOLDER_TARGET = '\n[[sync.targets]]\nkind = "folder"\npath = "outbox"\n'
DAY = "2026-11-27"


def closed_harness(tmp_path: Path) -> KioskHarness:
    """The demo day with 1001 in at 07:55, closed at 20:35 (revision 1) and sent."""
    harness = make_harness(tmp_path / "data", extra_config=FOLDER_TARGET)
    harness.services.punch.punch("1001")
    harness.at("20:35")
    done = harness.services.end_of_day.close()
    assert done.closes[0].revision == 1 and done.sync is not None
    harness.at("20:40")
    return harness


def as_run_screen_wires_it(harness: KioskHarness) -> KioskHarness:
    """`kiosk run` and `kiosk lead-desk` hand sending to the App's scheduler."""
    harness.services.scheduler.take_over_sending()
    return harness


def sent_revision(harness: KioskHarness) -> int:
    path = harness.data_dir / "outbox" / f"{DAY}_desk-1.json"
    return int(json.loads(path.read_text("utf-8"))["revision"])


async def on_board(pilot: Pilot[None], staff_id: str) -> BoardScreen:
    await until(
        pilot, lambda: pilot.app.screen.__class__.__name__ in ("HomeScreen", "LeadLoginDialog")
    )
    if pilot.app.screen.__class__.__name__ == "HomeScreen":
        await pilot.press("f2")
        await settle(pilot)
    await pilot.press(*"L001", "enter")
    await pilot.press(*"1234", "enter")
    await settle(pilot)
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    await pick(pilot, board, staff_id)
    return board


async def check(pilot: Pilot[None]) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("space", "f2")  # the first item fails


async def fix(pilot: Pilot[None]) -> None:
    await pilot.press("f6")
    await settle(pilot)
    await pilot.press(*"18:05", "tab", *"忘记签退", "enter")


async def leave(pilot: Pilot[None]) -> None:
    await pilot.press("f7")
    await settle(pilot)
    pilot.app.screen.query_one("#type", Select).value = "personal"
    pilot.app.screen.query_one("#how", Select).value = "advance"
    await pilot.press("f2")


async def incident(pilot: Pilot[None]) -> None:
    await pilot.press("f8")
    await settle(pilot)
    await pilot.press("f2")


async def roster(pilot: Pilot[None]) -> None:
    await pilot.press("f9")
    await settle(pilot)
    pilot.app.screen.query_one("#code", Select).value = "rest"
    await pilot.press("f2")


TOOLS: dict[str, tuple[str, Callable[[Pilot[None]], Awaitable[None]]]] = {
    "appearance_check": ("1001", check),
    "correction": ("1001", fix),
    "leave": ("1010", leave),
    "incident": ("1001", incident),
    "roster": ("1011", roster),
}


@pytest.mark.parametrize("face", ["kiosk", "browser"])
@pytest.mark.parametrize("tool", sorted(TOOLS))
async def test_a_change_from_the_lead_screens_closes_the_day_again_and_sends_it(
    tmp_path: Path, face: str, tool: str
) -> None:
    harness = as_run_screen_wires_it(closed_harness(tmp_path))
    app: App[None] = harness.app if face == "kiosk" else LeadDeskApp(harness.services, "zh")
    staff_id, use = TOOLS[tool]
    async with app.run_test(size=SIZE) as pilot:
        await on_board(pilot, staff_id)
        await use(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen), type(pilot.app.screen)
        # closed again at once, then sent by the App's scheduler in the background
        await until(pilot, lambda: sent_revision(harness) == 2)
    latest = harness.services.day_close.latest(harness.clock.now().date())
    assert latest is not None and latest.revision == 2
    assert harness.services.day_close.is_closed(latest.date)


CLI_CHANGES = {
    "appearance_check": ["check", "1001", "--by", "L001", "--fail", "nails", "--date", DAY],
    "incident": ["incident", "1001", "uniform_outside", "--by", "L001", "--at", f"{DAY}T13:00"],
    "correction": [
        "punch", "1001", "--by", "L001", "--at", f"{DAY}T18:05", "--reason", "忘记签退",
    ],
    "leave": ["leave", "add", "1010", "personal", DAY],
    "paperwork_done": ["leave", "done", "<pending>"],
    "roster": ["roster", "set", "1011", DAY, "rest"],
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(CLI_CHANGES))
def test_a_change_from_the_command_line_closes_the_day_again_and_sends_it(
    tmp_path: Path, kind: str
) -> None:
    harness = closed_harness(tmp_path)
    args = CLI_CHANGES[kind]
    if kind == "paperwork_done":  # the demo's phoned-in sick leave of 1004
        args = [
            "leave",
            "done",
            harness.services.leave.covering("1004", harness.clock.now().date()).id,
        ]  # type: ignore[union-attr]
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(harness.data_dir), "--lang", "en", *args],
        input=lead_pin_input(args),
        env={"KIOSK_FAKE_NOW": f"{DAY}T20:40:00"},
    )
    assert result.exit_code == 0, result.output
    assert f"{DAY} changed after its close and was closed again (revision 2)" in result.stderr
    assert sent_revision(harness) == 2
