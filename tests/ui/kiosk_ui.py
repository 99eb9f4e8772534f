"""Helpers for the UI tests: the real KioskApp on a real demo data folder, a FixedClock.

`KioskHarness` holds the app, its services and the clock; tests drive it with Textual's Pilot
(`async with harness.app.run_test(size=SIZE) as pilot`). Badges are signed with the folder's
real site key, so a "scan" is exactly what a scanner would type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from kiosk.badges import badge_payload
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.services.container import Services
from screens.app import KioskApp
from tests.cli.cli_helpers import install_demo

SIZE = (100, 30)
TZ_NAME = "Asia/Shanghai"


@dataclass
class KioskHarness:
    app: KioskApp
    services: Services
    clock: FixedClock
    data_dir: Path

    def badge(self, staff_id: str) -> str:
        member = self.services.staff.get(staff_id)
        return badge_payload(self.services.store.site_secret(), member.id, member.badge_version)

    def at(self, hhmm: str, day: str = "2026-11-27") -> None:
        """Move the clock to a local time on `day` (default FAKE_NOW's Friday)."""
        self.clock.set(datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=self.clock.tz))

    def day_events(self, day: str = "2026-11-27") -> list[dict[str, object]]:
        return self.services.store.days.events(datetime.fromisoformat(day).date())


def make_harness(
    data_dir: Path, now: str = "2026-11-27T07:55:00", lang: str = "zh", extra_config: str = ""
) -> KioskHarness:
    """A demo data folder (as `kiosk init --demo` at FAKE_NOW makes it) and the app on it;
    `extra_config` is appended to its kiosk.toml (sync targets, say)."""
    install_demo(data_dir)
    if extra_config:
        with (data_dir / "kiosk.toml").open("a", encoding="utf-8") as config:
            config.write(extra_config)
    services = wire_services(data_dir, clock=FixedClock(datetime.fromisoformat(now)))
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime.fromisoformat(now).replace(tzinfo=services.config.timezone))
    clock.tz = services.config.timezone
    return KioskHarness(KioskApp(services, lang=lang), services, clock, data_dir)


async def scan(pilot: Pilot[None], text: str) -> None:
    """Type `text` and Enter as a scanner would (one burst), then wait for the result."""
    await burst(pilot, text)
    await settle(pilot)


async def type_keys(pilot: Pilot[None], text: str) -> None:
    """Type `text` and Enter as a person would: one key at a time, each handled in turn."""
    await pilot.press(*text, "enter")
    await settle(pilot)


async def burst(pilot: Pilot[None], text: str, enter: bool = True) -> None:
    """Type `text` (and Enter) the way a fast scanner does: every key is queued on the app
    before the first is handled, unlike `pilot.press`, which waits after each key."""
    for char in text:
        pilot.app.post_message(events.Key(char if len(char) > 1 else _key_name(char), char))
    if enter:
        pilot.app.post_message(events.Key("enter", "\r"))


def _key_name(char: str) -> str:
    return _KEY_NAMES.get(char, char)


_KEY_NAMES = {":": "colon", "-": "minus", "/": "slash", "?": "question_mark", " ": "space"}


def burst_keys(pilot: Pilot[None], *keys: str) -> None:
    """Queue named keys (tab, enter, f2 ...) or single characters on the app in one go."""
    for key in keys:
        character = {"enter": "\r", "tab": "\t"}.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(_key_name(key) if len(key) == 1 else key, character))


async def settle(pilot: Pilot[None]) -> None:
    """Wait until workers have finished and their messages have been handled, and every
    table on the screen has measured the rows it was given (a DataTable sizes its columns
    when the app is next idle: a snapshot taken before then shows label-wide columns)."""
    for _ in range(3):
        await _workers_done(pilot)
        await pilot.pause()
    for _ in range(100):
        if not any(_measuring(table) for table in pilot.app.screen.query(DataTable)):
            break
        await pilot.pause(0.01)
    if WAIT_FOR_STILL:
        await _until_still(pilot)


# Snapshot tests set this (the `still_frames` fixture in tests/ui/conftest.py): they wait for
# two equal frames before the picture is taken. Others do not pay for it: a screen with a
# ticking line never holds still, and would cost every settle two seconds.
WAIT_FOR_STILL = False


async def _until_still(pilot: Pilot[None]) -> None:
    """Wait until two frames 50 ms apart are the same, text and styles: a message, timer or
    late layout pass still changing the screen would otherwise land in a snapshot on a busy
    CI machine and not on a quiet one."""
    before = _frame(pilot)
    for _ in range(40):
        await pilot.pause(0.05)
        now = _frame(pilot)
        if now == before:
            return
        before = now


def _frame(pilot: Pilot[None]) -> list[list[object]]:
    return [list(strip) for strip in pilot.app.screen._compositor.render_strips()]


def _measuring(table: DataTable[object]) -> bool:
    """Rows or cells the table has not sized its columns for yet (Textual's own flags)."""
    return bool(table._require_update_dimensions or table._updated_cells)


async def _workers_done(pilot: Pilot[None]) -> None:
    """Wait for running workers. An exclusive worker replaced by a newer one of its group
    reports itself cancelled; that is the app working as meant, not a failure."""
    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run until `done()` (a chain of workers and messages has played out);
    AssertionError if it does not happen in `seconds`. For behaviour, not for timing."""
    for _ in range(int(seconds / 0.05)):
        await _workers_done(pilot)
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not reach the expected state in time")


def screen_lines(pilot: Pilot[None]) -> list[str]:
    """The screen's rows as the terminal shows them (wrapping and clipping included), for
    tests of what a person can read at a given terminal size."""
    strips = pilot.app.screen._compositor.render_strips()
    return [strip.text for strip in strips]
