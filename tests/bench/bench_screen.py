"""How fast a scan reaches the screen: in-process (Textual Pilot) and in a real terminal (tmux).

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_screen`). Prints figures; writes
tests/bench/results/screen.json. Asserts only that every scan was recorded, never a timing.

a. Pilot: the real KioskApp on a demo folder with a FixedClock, 100x30, 60 scans (check-ins at
   11:30, when every shift's window is open, then check-outs at each shift's end, over three
   days), timed from the Enter key to the ResultScreen being on top and painted, two ways:
   - as a test would: `pilot.press("enter")`, then one more `pilot.pause()`. Both wait for
     the process to look idle in 20 ms sleeps, so this is mostly Pilot's own granularity;
   - the app alone: the Enter Key event posted to the app without waiting, then the result
     screen's `wait_for_refresh()` (its next compositor render).
   Pilot's driver is headless: frames are rendered but never written to a terminal.
b. tmux: the installed `kiosk` binary in a 100x30 pane. Cold start: launching tmux + kiosk
   to the home prompt being visible. Enter -> result: `send-keys Enter` to the result being
   in `capture-pane`. Both poll every 10 ms, and each poll spawns a `tmux capture-pane`, so
   the figures include that resolution (printed alongside).
"""

from __future__ import annotations

import asyncio
import json
import math
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.i18n import Translator
from screens.result import ResultScreen
from tests.bench.bench_punch import RESULTS
from tests.cli.cli_helpers import day_events, install_demo
from tests.e2e.tmux_session import POLL_SECONDS, TmuxSession, kiosk_binary
from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, settle

PILOT_SCANS = 60
DAYS = ("2026-11-27", "2026-11-28", "2026-11-29")
CHECK_IN_AT = "11:30"  # A/B started at 08:00 (late, still recorded); C opened at 11:00
COLD_STARTS = 5
TMUX_NOW = "2026-11-27T11:30:00"  # every demo person's check-in window is open
TR = Translator("zh")
PilotStep = Callable[[Pilot[None]], Awaitable[None]]  # presses Enter, or waits for paint


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least q of them at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(len(ordered) * q / 100) - 1)] if ordered else float("nan")


def punch_count(harness: KioskHarness) -> int:
    return sum(1 for day in DAYS for e in harness.day_events(day) if e["type"] == "punch")


# -- a. in-process, Pilot ------------------------------------------------------------------------
def scan_plan(harness: KioskHarness) -> Iterator[tuple[str, str, str]]:
    """(day, HH:MM, staff ID) for each scan, every one a punch the rules accept.

    Lazy on purpose: a day's check-out times come from the shifts its check-ins were
    recorded against, so they are read only after those scans have been made.
    """
    staff = [member.id for member in harness.services.staff.all()]
    shifts = harness.services.config.shifts
    for day in DAYS:
        for staff_id in staff:
            yield day, CHECK_IN_AT, staff_id
        ends = {
            e["staff_id"]: shifts[e["shift"]].end.strftime("%H:%M")
            for e in harness.day_events(day)
            if e.get("action") == "check_in"
        }
        for staff_id, end in sorted(ends.items(), key=lambda item: item[1]):
            yield day, end, staff_id  # at the shift's end: no early check-out to confirm


async def enter_via_pilot(pilot: Pilot[None]) -> None:
    """As a test would: `pilot.press` waits for the app to look idle (20 ms sleeps)."""
    await pilot.press("enter")


async def enter_direct(pilot: Pilot[None]) -> None:
    """The Key event a terminal's Enter becomes, posted to the app without waiting."""
    pilot.app.post_message(events.Key("enter", "\r"))


async def pilot_latencies(enter: PilotStep, painted: PilotStep) -> list[float]:
    """Enter -> ResultScreen on top -> painted, in seconds, for PILOT_SCANS recorded scans."""
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        harness = make_harness(Path(tmp) / "data")
        app = harness.app
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for day, hhmm, staff_id in scan_plan(harness):
                if len(samples) == PILOT_SCANS:
                    break
                harness.at(hhmm, day)
                before = punch_count(harness)
                # The scanner's characters are not timed: put them in the field at once.
                app.home.query_one("#scan", Input).value = harness.badge(staff_id)
                await pilot.pause()
                t0 = time.perf_counter()
                await enter(pilot)
                deadline = t0 + 10
                while not isinstance(app.screen, ResultScreen):
                    if time.perf_counter() > deadline:
                        raise AssertionError(f"no result for {staff_id} on {day} {hhmm}")
                    await asyncio.sleep(0.0005)
                await painted(pilot)
                samples.append(time.perf_counter() - t0)
                screen = app.screen
                assert isinstance(screen, ResultScreen) and screen.tone in ("ok", "warn"), (
                    f"{staff_id} on {day} {hhmm}: {getattr(screen, 'lines', screen)}"
                )
                await settle(pilot)
                assert punch_count(harness) == before + 1, f"{staff_id} {day} {hhmm} not stored"
                await pilot.press("escape")
                await settle(pilot)
    assert len(samples) == PILOT_SCANS, f"only {len(samples)} scans planned"
    return samples


async def pause(pilot: Pilot[None]) -> None:
    await pilot.pause()


async def next_refresh(pilot: Pilot[None]) -> None:
    """The result screen's next compositor refresh (headless: rendered, not written)."""
    await pilot.app.screen.wait_for_refresh()


# -- b. real binary, tmux ------------------------------------------------------------------------
def kiosk_session(data_dir: Path, now: str) -> TmuxSession:
    return TmuxSession(
        [str(kiosk_binary()), "--data-dir", str(data_dir), "run"], env={"KIOSK_FAKE_NOW": now}
    )


def cold_starts(runs: int) -> list[float]:
    """Seconds from launching tmux + kiosk to the home prompt in the pane, one fresh folder each."""
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "data"
            install_demo(folder)
            session = kiosk_session(folder, TMUX_NOW)
            try:
                session.start()
                session.wait_for(TR.t("home.prompt"))
                samples.append(time.perf_counter() - session.started_at)
            finally:
                session.close()
    return samples


def terminal_latencies() -> tuple[list[float], float]:
    """Enter -> result visible, per demo person (all check in at 11:30); and the mean cost of
    one capture-pane, to read the figures against."""
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        harness = make_harness(folder)  # the demo folder; its services name and sign badges
        harness_staff = harness.services.staff.all()
        with kiosk_session(folder, TMUX_NOW) as session:
            prompt = TR.t("home.prompt")
            session.wait_for(prompt)
            t0 = time.perf_counter()
            for _ in range(20):
                session.capture()
            capture_cost = (time.perf_counter() - t0) / 20
            for member in harness_staff:
                payload = harness.badge(member.id)
                session.send_text(payload)
                session.wait_for("•" * len(payload), timeout=10)  # the field masks a badge
                t0 = time.perf_counter()
                session.send_key("Enter")
                session.wait_for(TR.t("result.title.check_in"), member.name, timeout=10)
                samples.append(time.perf_counter() - t0)
                session.send_key("Escape")
                session.wait_for(prompt, gone=[member.name], timeout=10)
        stored = day_events(folder, date.fromisoformat(TMUX_NOW[:10]))
        assert len(stored) == len(harness_staff), f"{len(stored)} of {len(harness_staff)} stored"
    return samples, capture_cost


# -- report --------------------------------------------------------------------------------------
def spread(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "min": ms(min(samples)),
        "p50": ms(percentile(samples, 50)),
        "p90": ms(percentile(samples, 90)),
        "max": ms(max(samples)),
    }


def main() -> None:
    figures: dict[str, Any] = {}
    print(f"a. Pilot, in-process, HEADLESS driver (rendered, never written to a terminal), "
          f"{SIZE[0]}x{SIZE[1]}, {PILOT_SCANS} recorded scans each:")  # fmt: skip
    variants = {
        "pilot_press_pause": (
            enter_via_pilot, pause,
            "pilot.press(enter) -> ResultScreen -> pilot.pause()  [incl. Pilot's idle waits]",
        ),
        "post_key_refresh": (
            enter_direct, next_refresh,
            "Key(enter) posted -> ResultScreen -> screen.wait_for_refresh()  [app only]",
        ),
    }  # fmt: skip
    for name, (enter, painted, label) in variants.items():
        row = spread(asyncio.run(pilot_latencies(enter, painted)))
        figures[name] = row
        print(f"   {label}")
        print(f"      p50 {row['p50']} ms   p90 {row['p90']} ms   max {row['max']} ms")
    starts = cold_starts(COLD_STARTS)
    figures["tmux_cold_start"] = spread(starts)
    print(f"b. tmux, real `kiosk` binary, {SIZE[0]}x{SIZE[1]} pane:")
    print(f"   cold start (launch tmux+kiosk -> home prompt visible), {len(starts)} runs")
    print(
        f"      min {ms(min(starts))} ms   median {ms(statistics.median(starts))} ms   "
        f"max {ms(max(starts))} ms"
    )
    terminal, capture_cost = terminal_latencies()
    figures["tmux_enter_to_result"] = {
        **spread(terminal),
        "poll_ms": ms(POLL_SECONDS),
        "capture_pane_ms": ms(capture_cost),
    }
    print(f"   send-keys Enter -> result visible in capture-pane, {len(terminal)} recorded scans")
    print(f"      median {ms(statistics.median(terminal))} ms   max {ms(max(terminal))} ms")
    print(
        f"      (includes the polling resolution: {ms(POLL_SECONDS)} ms sleep + "
        f"~{ms(capture_cost)} ms per capture-pane)"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "screen.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
