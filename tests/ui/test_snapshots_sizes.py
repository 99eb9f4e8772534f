"""Every screen at the sizes the kiosk meets (issue 13, point 6): 80x24, 100x30 and 160x45,
in Chinese and English. The snapshots pin what each looks like; `test_fits_at_80x24` says in
words what 80x24 must never do: push a widget, the keys line or a board column off screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.ui.kiosk_ui import KioskHarness, make_harness, settle

pytestmark = pytest.mark.usefixtures("still_frames")  # conftest.py: settle waits for a still frame

SIZES = [(80, 24), (100, 30), (160, 45)]
LANGS = ["zh", "en"]
Steps = Callable[[Pilot[None]], Awaitable[None]]


def morning(tmp_path: Path, lang: str) -> KioskHarness:
    """08:10 with the figures a lead meets: on time and inspected with a fine, late, in and
    not inspected, an incident."""
    harness = make_harness(tmp_path / "data", lang=lang)
    punch = harness.services.punch
    punch.punch("1001")
    punch.punch("1007")
    harness.at("08:07")
    punch.punch("1002")
    harness.at("08:09")
    harness.services.appearance.check("1001", by="L001", failed=["nails", "shoes"])
    harness.services.appearance.incident("1002", "uniform_outside", by="L001")
    harness.at("08:10")
    return harness


async def lead(pilot: Pilot[None]) -> None:
    await pilot.press("f2", *"L001", "enter", *"1234", "enter")
    await settle(pilot)


async def home(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def checklist(pilot: Pilot[None]) -> None:
    await pilot.press(*"1010", "enter", *"1010", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def board(pilot: Pilot[None]) -> None:
    await lead(pilot)


async def staff_list(pilot: Pilot[None]) -> None:
    await lead(pilot)
    await pilot.press("f1")
    await settle(pilot)


async def fix_punch(pilot: Pilot[None]) -> None:
    await lead(pilot)
    table = pilot.app.screen.query_one("#board", DataTable)
    table.move_cursor(row=table.get_row_index("1001"))
    await pilot.press("f6")
    await settle(pilot)


async def new_hire(pilot: Pilot[None]) -> None:
    await staff_list(pilot)
    await pilot.press("f2")
    await settle(pilot)


async def day_end(pilot: Pilot[None]) -> None:
    await lead(pilot)
    await pilot.press("f11")
    await settle(pilot)


SCREENS: dict[str, Steps] = {
    "home": home,
    "checklist": checklist,
    "board": board,
    "staff_list": staff_list,
    "fix_punch": fix_punch,
    "new_hire": new_hire,
    "day_end": day_end,
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_at_size(
    snap_compare: Callable[..., bool],
    tmp_path: Path,
    screen: str,
    size: tuple[int, int],
    lang: str,
) -> None:
    harness = morning(tmp_path, lang)
    assert snap_compare(harness.app, terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_fits_at_80x24(tmp_path: Path, screen: str, lang: str) -> None:
    width, height = 80, 24
    harness = morning(tmp_path, lang)
    async with harness.app.run_test(size=(width, height)) as pilot:
        await SCREENS[screen](pilot)
        shown = pilot.app.screen
        for widget in shown.query("*"):
            if not widget.display or widget.region.area == 0:
                continue
            region = widget.region
            assert region.right <= width and region.bottom <= height, (widget, region)
        for keys in shown.query("#keys"):
            assert keys.region.area > 0, "the keys line is on screen"
        for table in shown.query(DataTable):
            assert table.virtual_size.width <= table.size.width, "no column off the right"
        for field in shown.query(Input):
            assert field.region.height > 0, (field, "a field the lead cannot see")
