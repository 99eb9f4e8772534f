"""The kiosk against a plain TinyDB app, on an empty store, 1 year and 5 years of history.

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_sizes`). Prints a table with the
issue's targets beside the figures and writes tests/bench/results/sizes.json.

- per-punch store time: `PunchService.punch` (lock, fresh read, rules, atomic write + fsync)
  against the **baseline**: the same punch events inserted through TinyDB's default
  `JSONStorage` into one file that holds the whole history (what a plain TinyDB app does);
- scan to result screen, in a fresh kiosk process (Pilot, headless): Enter delivered -> the
  result screen on top and refreshed, 200 scans (100 check-ins, 100 check-outs);
- at 5 years: cold start of the real binary in tmux to the home prompt, its peak RSS
  (VmHWM) after a scan, day close + day export for 100 staff, and the month export.
History: 100 staff with punches, appearance checks and a close every day
(tests/bench/history.py).
"""

from __future__ import annotations

import asyncio
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input
from tinydb import TinyDB

from kiosk.badges import badge_payload
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.i18n import Translator
from kiosk.services.container import Services
from screens.app import KioskApp
from screens.result import ResultScreen
from tests.bench.history import history_folder
from tests.day_files import read_day_file
from tests.e2e.tmux_session import TmuxSession, kiosk_binary

STAFF = 100
TODAY = date(2026, 11, 27)
SIZES = (("empty", 0), ("1 year", 365), ("5 years", 1825))
# Each baseline insert rewrites the whole file (8 s at 5 years), so the samples are few: enough
# to show the order of magnitude, and it keeps `make bench` well under five minutes.
BASELINE_INSERTS = {0: 200, 365: 20, 1825: 5}
RESULTS = Path(__file__).parent / "results"
TR = Translator("zh")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def prepare(folder: Path, days: int) -> tuple[Services, list[str], int]:
    return history_folder(folder, datetime(2026, 11, 27, 11, 30), STAFF, days, closes=True)


def punch_moments(services: Services, ids: list[str]) -> list[tuple[str, datetime]]:
    """100 check-ins at 11:30 (every window open), then 100 check-outs at 17:55."""
    tz = services.config.timezone
    plan = []
    for hour, minute in ((11, 30), (17, 55)):
        moment = datetime(2026, 11, 27, hour, minute, tzinfo=tz)
        for sid in ids:
            moment += timedelta(seconds=1)
            plan.append((sid, moment))
    return plan


def kiosk_punches(services: Services, ids: list[str]) -> list[float]:
    samples = []
    for sid, moment in punch_moments(services, ids):
        t0 = time.perf_counter()
        services.punch.punch(sid, at=moment, confirmed=True)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def baseline_punches(folder: Path, days: int, events_today: list[dict[str, Any]]) -> list[float]:
    """The same punch events inserted one by one into a single TinyDB JSONStorage file that
    already holds the whole history."""
    history: dict[str, dict[str, Any]] = {}
    for path in sorted((folder / "days").glob("*/*.json")):
        for event in read_day_file(path):
            history[str(len(history) + 1)] = event
    single = folder / "baseline.json"
    single.write_text(json.dumps({"events": history}, ensure_ascii=False), "utf-8")
    db = TinyDB(single)  # TinyDB's default: JSONStorage, one file, whole-file rewrite
    table = db.table("events")
    samples = []
    for event in events_today[: BASELINE_INSERTS.get(days, 40)]:
        t0 = time.perf_counter()
        table.insert(dict(event) | {"id": event["id"] + "-b"})
        samples.append((time.perf_counter() - t0) * 1000)
    db.close()
    return samples


def scan_moments(services: Services, ids: list[str]) -> list[tuple[str, datetime]]:
    """The next day: everyone checks in at 11:31, then out 2 minutes after their shift ends
    (no early-leave question, inside every check-out window), in time order."""
    tz = services.config.timezone
    ins = [(sid, datetime(2026, 11, 28, 11, 31, n % 60, tzinfo=tz)) for n, sid in enumerate(ids)]
    outs = []
    for n, sid in enumerate(ids):
        end = services.config.shifts[services.staff.get(sid).shift].end
        outs.append(
            (
                sid,
                datetime.combine(date(2026, 11, 28), end, tz)
                + timedelta(minutes=2, seconds=n % 60),
            )
        )
    return ins + sorted(outs, key=lambda pair: pair[1])


async def scans_to_screen(services: Services, ids: list[str]) -> list[float]:
    """Enter delivered -> result screen on top and refreshed, for 200 recorded scans."""
    clock = services.clock
    assert isinstance(clock, FixedClock)
    app = KioskApp(services, lang="zh")
    secret = services.store.site_secret()
    samples = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for sid, moment in scan_moments(services, ids):
            clock.set(moment)
            app.home.query_one("#scan", Input).value = badge_payload(secret, sid, 1)
            await pilot.pause()
            t0 = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            while not isinstance(app.screen, ResultScreen):
                if time.perf_counter() - t0 > 10:
                    raise AssertionError(f"no result screen for {sid} at {moment}")
                await asyncio.sleep(0.0005)
            await app.screen.wait_for_refresh()
            samples.append((time.perf_counter() - t0) * 1000)
            app.go_home()
            await pilot.pause()
    return samples


def screen_in_fresh_process(folder: Path, ids: list[str]) -> list[float]:
    """Run `scans_to_screen` in a process of its own, as the kiosk runs: this benchmark
    process holds the other sizes' data and the baseline's, which a kiosk never would."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_sizes", "--screen", str(folder), *ids],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return [float(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def screen_only(folder: Path, ids: list[str]) -> None:
    """The child's side: wire the kiosk on the prepared folder and print the samples."""
    clock = FixedClock(datetime(2026, 11, 28, 11, 30))
    services = wire_services(folder, clock=clock)
    clock.set(datetime(2026, 11, 28, 11, 30, tzinfo=services.config.timezone))
    print(json.dumps(asyncio.run(scans_to_screen(services, ids))))


def cold_start_and_rss(folder: Path, ids: list[str], services: Services) -> tuple[float, int]:
    """Launch -> home prompt in tmux (ms), and the kiosk's peak RSS (KiB) after one scan."""
    session = TmuxSession(
        [str(kiosk_binary()), "--data-dir", str(folder), "run"],
        env={"KIOSK_FAKE_NOW": "2026-11-29T11:30:00"},  # a day nobody has punched yet
    )
    try:
        session.start()
        session.wait_for(TR.t("home.prompt"), timeout=30)
        cold = (time.perf_counter() - session.started_at) * 1000
        secret = services.store.site_secret()
        session.send_text(badge_payload(secret, ids[0], 1) + "\r")
        session.wait_for(TR.t("result.title.check_in"), timeout=10)
        rss = peak_rss_kib(session)
    finally:
        session.close()
    return cold, rss


def peak_rss_kib(session: TmuxSession) -> int:
    """VmHWM of the pane's process: `env` execs the kiosk, so that is the kiosk itself."""
    pid = session._tmux("display-message", "-p", "#{pane_pid}").strip()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def end_of_day_and_start(
    folder: Path, ids: list[str], services: Services, history_days: int
) -> dict[str, float]:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime(2026, 11, 27, 20, 30, tzinfo=services.config.timezone))
    # Five closes (today, whose punches were just made, and four closed days re-closed as
    # revision 2 with the real figures): the median is the figure. A tiny run has fewer
    # days of history, and the days before it were before the kiosk was set up.
    days = [TODAY - timedelta(days=n) for n in range(min(5, history_days + 1))]
    closes = [timed_ms(lambda d=d: services.day_close.close(d)) for d in days]
    months = [timed_ms(lambda: services.exports.month("2026-11", "csv", TR)) for _ in range(3)]
    figures = {
        "close_ms": statistics.median(closes),
        "close_max_ms": max(closes),
        "export_day_ms": timed_ms(lambda: services.exports.day(TODAY, "csv", TR)),
        "export_month_ms": statistics.median(months),
    }
    cold, rss = cold_start_and_rss(folder, ids, services)
    return figures | {"cold_start_ms": cold, "kiosk_peak_rss_mb": rss / 1024}


def timed_ms(action: Any) -> float:
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000


def main(sizes: tuple[tuple[str, int], ...] = SIZES) -> dict[str, Any]:
    started = time.perf_counter()
    rows = []
    extra: dict[str, float] = {}
    for label, days in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "data"
            services, ids, count = prepare(folder, days)
            gc.collect()
            kiosk = kiosk_punches(services, ids)
            gc.collect()
            screen = screen_in_fresh_process(folder, ids)  # the next day, same history
            if days == sizes[-1][1]:
                gc.collect()
                extra |= end_of_day_and_start(folder, ids, services, days)
            # Last: the baseline loads the whole history into this process's memory.
            baseline = baseline_punches(folder, days, services.store.days.events(TODAY))
            gc.collect()
            rows.append(
                {
                    "size": label,
                    "history_events": count,
                    "punch_p50_ms": statistics.median(kiosk),
                    "punch_p99_ms": percentile(kiosk, 0.99),
                    "baseline_p50_ms": statistics.median(baseline),
                    "baseline_p99_ms": percentile(baseline, 0.99),
                    "baseline_inserts": len(baseline),
                    "screen_p50_ms": statistics.median(screen),
                    "screen_p99_ms": percentile(screen, 0.99),
                }
            )
    extra["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    extra["seconds"] = time.perf_counter() - started
    return report(rows, extra)


def report(rows: list[dict[str, Any]], extra: dict[str, float]) -> dict[str, Any]:
    empty_p99 = rows[0]["punch_p99_ms"]
    print("size      events   punch p50/p99 ms   baseline p50/p99 ms (n)   x baseline  "
          "screen p50/p99 ms")  # fmt: skip
    for row in rows:
        ratio = row["baseline_p99_ms"] / row["punch_p99_ms"]
        print(
            f"{row['size']:<8} {row['history_events']:>7}   "
            f"{row['punch_p50_ms']:6.2f} /{row['punch_p99_ms']:6.2f}    "
            f"{row['baseline_p50_ms']:8.1f} /{row['baseline_p99_ms']:8.1f} "
            f"({row['baseline_inserts']:>3})"
            f"   {ratio:8.1f}x   {row['screen_p50_ms']:6.1f} /{row['screen_p99_ms']:6.1f}"
        )  # fmt: skip
    five = rows[-1]
    checks = [
        ("punch p99 at 5 years vs empty", five["punch_p99_ms"] / empty_p99, 1.2, "x"),
        ("scan to screen p99 at 5 years", five["screen_p99_ms"], 50, "ms"),
        ("cold start at 5 years", extra["cold_start_ms"], 1000, "ms"),
        ("day close, 100 staff, 5 years", extra["close_ms"], 300, "ms"),
        ("month export, 5 years", extra["export_month_ms"], 1500, "ms"),
        ("kiosk peak RSS at 5 years", extra["kiosk_peak_rss_mb"], 150, "MB"),
    ]
    print("\ntarget                              measured     target   met")
    for name, value, target, unit in checks:
        met = "yes" if value < target or (unit == "x" and value <= target) else "NO"
        print(f"{name:<34} {value:9.2f} {unit:<2} < {target:>6} {unit:<2}  {met}")
    print(f"day export {extra['export_day_ms']:.1f} ms; bench process peak RSS "
          f"{extra['bench_peak_rss_mb']:.0f} MB; whole run {extra['seconds']:.0f} s")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    payload = {"rows": rows, **extra}
    (RESULTS / "sizes.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    return payload


if __name__ == "__main__":
    if sys.argv[1:2] == ["--screen"]:
        screen_only(Path(sys.argv[2]), sys.argv[3:])
    else:
        main()
