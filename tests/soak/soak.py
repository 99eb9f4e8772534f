"""The soak: one kiosk process (the real KioskApp, wired as `kiosk run` wires it) driven by
a fast clock through many days, to find what only time finds (leaks, a day not closed, a
queue that never drains, a traceback in kiosk.log).

Each simulated day: 30 staff scan in and out at the kiosk (some late, some leave early and
confirm with F2, some absent), a lead signs in (F2, L001, PIN 1234) and signs out or is
timed out, result screens time out home, the app's own tick drives the scheduler, which
closes the day at 20:30 and sends it to a real HTTP receiver on 127.0.0.1 that is down for
a stretch (hourly retries) and then back. The clock moves wall and monotonic time together
in small steps, so it is never a clock jump.

`run_soak(days)` returns the figures; `python -m tests.bench.bench_soak` runs it in full.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual import events
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from kiosk.allocator import return_freed_memory
from kiosk.badges import badge_payload
from kiosk.cli import wire_services
from kiosk.domain.shifts import WEEKDAYS
from screens.app import KioskApp
from screens.dialogs.confirm import ConfirmDialog
from screens.home import HomeScreen
from screens.lead.board import BoardScreen
from screens.result import ResultScreen
from tests.cli.cli_helpers import append_config, invoke
from tests.sync.http_server import Receiver

TZ = ZoneInfo("Asia/Shanghai")
STAFF = 30
TOKEN_ENV = "KIOSK_SOAK_TOKEN"
LOG_ENTRY = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # a new kiosk.log entry
STEP = timedelta(minutes=5)  # one tick of the app per step: small, smooth, never a jump
NIGHT_STEP = timedelta(minutes=15)  # nothing to scan: still smooth, wall and monotonic together
SHIFTS = ("A", "B", "C")
ENDS = {"A": (8, 18), "B": (8, 16), "C": (12, 20)}
# Called after each day's figures with (day number, app): a probe's place to look inside.
DayHook = Callable[[int, KioskApp], None]


class SoakClock:
    """Wall and monotonic time that move together, as real time passes (no jump)."""

    def __init__(self, at: datetime) -> None:
        self.tz = TZ
        self._at = at
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._at

    def monotonic(self) -> float:
        return self._mono

    def advance(self, step: timedelta) -> None:
        self._at += step
        self._mono += step.total_seconds()


class DayReceiver(Receiver):
    """The test receiver, keeping only which day each accepted request carried (not the
    bodies, which would grow the very RSS the soak measures)."""

    def __init__(self) -> None:
        super().__init__()
        self.days: set[str] = set()
        self.refused = 0

    def answer(self, received: Any) -> int:
        key = received.headers.get("Idempotency-Key", "")
        with self._lock:
            if key in self.accepted:
                return 409
            self.accepted[key] = None  # type: ignore[assignment]
            body = json.loads(received.body.decode("utf-8"))
            if isinstance(body, dict) and "date" in body:
                self.days.add(str(body["date"]))
        return 201


@dataclass
class Figures:
    days: int
    start: str
    closed: int = 0
    synced: int = 0
    pending_at_end: int = -1
    scans: int = 0
    lead_sessions: int = 0
    idle_returns: int = 0
    rss_kb: dict[int, int] = field(default_factory=dict)  # after each day, all garbage freed
    live_blocks: dict[int, int] = field(default_factory=dict)  # Python's allocated blocks
    fds: dict[int, int] = field(default_factory=dict)
    threads: dict[int, int] = field(default_factory=dict)  # besides the worker pool's
    pool_threads: dict[int, int] = field(default_factory=dict)  # see `pool_threads`
    frozen: dict[int, int] = field(default_factory=dict)  # objects gc.freeze() set aside
    log_problems: list[str] = field(default_factory=list)
    not_closed: list[str] = field(default_factory=list)
    not_synced: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    def public(self) -> dict[str, Any]:
        return self.__dict__ | {"log_problems": self.log_problems[:20]}


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


# Textual runs thread workers on asyncio's default executor, a ThreadPoolExecutor that adds
# a thread only when work arrives while every one it has is busy (the scheduler, a board
# and the month ahead at once), up to this bound, and keeps them: a pool filling up, not a
# leak. The 30-day soak's extra thread from day 11 was its fourth ("asyncio_3").
POOL_PREFIX = "asyncio_"
POOL_MAX = min(32, (os.cpu_count() or 1) + 4)  # ThreadPoolExecutor's default max_workers


def pool_threads() -> int:
    return sum(t.name.startswith(POOL_PREFIX) for t in threading.enumerate())


def make_folder(data_dir: Path, start: date, port: int) -> None:
    """`kiosk init` on the first day, 30 staff and the lead imported, an HTTP target."""
    now = f"{start.isoformat()}T06:00:00"
    assert invoke(data_dir, "init", now=now).exit_code == 0
    rows = ["id,name,shift,rest_day,lead,pin", "L001,孙主任,A,sun,1,1234"]
    rows += [f"{3000 + i},员工{i},{SHIFTS[i % 3]},{WEEKDAYS[i % 7]},0," for i in range(STAFF)]
    csv = data_dir.parent / "staff.csv"
    csv.write_text("\n".join(rows) + "\n", "utf-8")
    result = invoke(data_dir, "staff", "import", str(csv), now=now)
    assert result.exit_code == 0, result.stdout + result.stderr
    append_config(
        data_dir,
        '\n[[sync.targets]]\nkind = "http"\n'
        f'url = "http://127.0.0.1:{port}/attendance"\n'
        f'token_env = "{TOKEN_ENV}"\ntimeout_seconds = 5\n'
        # The scheduler's hourly retry is what is soaked; in-run backoff would sleep for real.
        "retries = 0\n",
    )


def day_plan(day: date, rng: random.Random) -> list[tuple[datetime, str, str]]:
    """(moment, staff id, "in"/"out"/"early") for the day, in time order."""
    plan = []
    for i in range(STAFF):
        sid, shift = f"{3000 + i}", SHIFTS[i % 3]
        if WEEKDAYS[day.weekday()] == WEEKDAYS[i % 7] or rng.random() < 0.05:
            continue  # rest day, or absent
        start_h, end_h = ENDS[shift]
        arrive = datetime(day.year, day.month, day.day, start_h, tzinfo=TZ)
        arrive += timedelta(minutes=rng.randint(-40, 15))  # some late
        leave = datetime(day.year, day.month, day.day, end_h, tzinfo=TZ)
        early = rng.random() < 0.1
        leave += timedelta(minutes=-rng.randint(20, 50) if early else rng.randint(1, 60))
        plan.append((arrive, sid, "in"))
        plan.append((leave, sid, "early" if early else "out"))
    return sorted(plan)


async def wait_workers(pilot: Pilot[None]) -> None:
    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()


async def until(pilot: Pilot[None], done: Any, what: str, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise AssertionError(f"soak: {what} did not happen (screen {pilot.app.screen})")
        await asyncio.sleep(0.002)


_KEYS = {":": "colon", "-": "minus", "/": "slash", "?": "question_mark", " ": "space"}


async def scan(pilot: Pilot[None], app: KioskApp, payload: str, kind: str) -> None:
    """A scanner's burst into the home screen's field, then the answer on screen."""
    before = app.screen
    for char in payload:  # the keys arrive in one burst, on whatever screen is up
        app.post_message(events.Key(_KEYS.get(char, char), char))
    app.post_message(events.Key("enter", "\r"))
    await until(pilot, lambda: app.screen is not before, "the scan's answer")
    if kind == "early":
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "early question")
        await pilot.press("f2")
    await until(pilot, lambda: isinstance(app.screen, ResultScreen), "a result")
    await wait_workers(pilot)


async def lead_session(pilot: Pilot[None], app: KioskApp, sign_out: bool) -> None:
    await until(pilot, lambda: app.screen is app.home, "home before F2")
    await pilot.press("f2")
    await pilot.press(*"L001", "enter")
    await pilot.press(*"1234", "enter")
    await until(pilot, lambda: isinstance(app.screen, BoardScreen), "the lead's board")
    await wait_workers(pilot)
    if sign_out:
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.home, "signed out")


def measure(figures: Figures, day_number: int) -> None:
    """The day's figures, with every piece of garbage freed first: what the app's idle
    collection froze is never collected by `gc.collect()` alone, so it is unfrozen for this
    collection and frozen again (the app's state as it was). `live_blocks` counts the
    blocks Python has allocated: RSS that grows while they stay flat is the allocator's
    fragmentation, not live objects."""
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    gc.collect()
    if frozen:
        gc.freeze()
    figures.rss_kb[day_number] = rss_kb()
    figures.live_blocks[day_number] = sys.getallocatedblocks()
    figures.fds[day_number] = fd_count()
    figures.pool_threads[day_number] = pool_threads()
    figures.threads[day_number] = threading.active_count() - figures.pool_threads[day_number]
    figures.frozen[day_number] = frozen


async def drive(
    app: KioskApp,
    clock: SoakClock,
    receiver: DayReceiver,
    figures: Figures,
    first: date,
    on_day: DayHook | None = None,
) -> None:
    services = app.services
    secret = services.store.site_secret()
    rng = random.Random(15)
    down_from = max(1, figures.days // 4)
    down_until = down_from + min(7, max(1, figures.days // 8))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_workers(pilot)
        for n in range(figures.days):
            day = first + timedelta(days=n)
            if n == down_from:
                receiver.stop()
            if n == down_until:
                receiver.start()
            plan = day_plan(day, rng)
            lead_at = datetime(day.year, day.month, day.day, 9, 2, tzinfo=TZ)
            end = datetime(day.year, day.month, day.day, 23, 55, tzinfo=TZ) + timedelta(minutes=5)
            while clock.now() < end:
                quiet = not 6 <= clock.now().hour < 21
                clock.advance(NIGHT_STEP if quiet and not plan else STEP)
                now = clock.now()
                while plan and plan[0][0] <= now:
                    _, sid, kind = plan.pop(0)
                    await scan(pilot, app, badge_payload(secret, sid, 1), kind)
                    figures.scans += 1
                if lead_at <= now < lead_at + STEP:
                    await lead_session(pilot, app, sign_out=n % 2 == 0)
                    figures.lead_sessions += 1
                was_home = app.screen is app.home
                app.tick()  # the app's own tick: idle time-outs and the scheduler
                if len(app.workers) or not was_home:
                    await wait_workers(pilot)
                if not was_home and app.screen is app.home:
                    figures.idle_returns += 1
            assert isinstance(app.screen, HomeScreen)
            if services.day_close.is_closed(day):
                figures.closed += 1
            else:
                figures.not_closed.append(day.isoformat())
            measure(figures, n + 1)
            if on_day is not None:
                on_day(n + 1, app)
        if down_from < figures.days <= down_until:  # a short soak: the target comes back
            receiver.start()
        # The hour after the last day: the last retry has had its chance.
        for _ in range(14):
            clock.advance(STEP)
            app.tick()
            await wait_workers(pilot)
        figures.pending_at_end = services.sync.status().pending
        assert not app.crashed


def run_soak(
    days: int, root: Path, start: date | None = None, on_day: DayHook | None = None
) -> Figures:
    """The soak in `root` (a fresh folder): the figures, for a test or the bench to judge."""
    # From 10-15, 90 days cross three month ends (and a year's); a short soak ends on a 1st.
    start = start or (date(2026, 10, 15) if days >= 30 else date(2026, 11, 2) - timedelta(days))
    figures = Figures(days, start.isoformat())
    receiver = DayReceiver().start()
    data_dir = root / "data"
    make_folder(data_dir, start, receiver.port)
    os.environ[TOKEN_ENV] = "soak-token"
    clock = SoakClock(datetime(start.year, start.month, start.day, 6, 0, tzinfo=TZ))
    services = wire_services(data_dir, clock=clock)
    # As `kiosk run` does (kiosk/cli.py run_screen): the allocator's thresholds, the checks,
    # the log, the scheduler.
    return_freed_memory()
    services.store.check_writable()
    services.store.tighten()
    services.store.create_log()
    handler = logging.FileHandler(services.store.log_path, encoding="utf-8")
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root_logger = logging.getLogger()
    root_logger.addHandler(handler)
    services.scheduler.take_over_sending()
    app = KioskApp(services, lang="zh")
    t0 = time.perf_counter()
    try:
        asyncio.run(drive(app, clock, receiver, figures, start, on_day))
    finally:
        figures.wall_seconds = round(time.perf_counter() - t0, 1)
        root_logger.removeHandler(handler)
        handler.close()
        receiver.stop()
    every_day = [(start + timedelta(days=n)).isoformat() for n in range(days)]
    figures.synced = sum(d in receiver.days for d in every_day)
    figures.not_synced = [d for d in every_day if d not in receiver.days]
    log_text = (
        services.store.log_path.read_text("utf-8") if services.store.log_path.exists() else ""
    )
    figures.log_problems = log_problems(log_text)
    return figures


def log_problems(log_text: str) -> list[str]:
    """Each entry of kiosk.log that is an error or carries a traceback, whole (its
    traceback lines with it), so a soak that fails says why."""
    entries: list[str] = []
    for line in log_text.splitlines():
        if LOG_ENTRY.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += "\n" + line
    return [e for e in entries if "Traceback" in e or " ERROR " in e.split("\n", 1)[0]]
