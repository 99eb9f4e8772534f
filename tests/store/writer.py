"""A child process for the crash and concurrency tests: real services, acknowledged ids.

Run with `sys.executable tests/store/writer.py DATA_DIR MODE [ARGS...]`. Services are built
exactly as the `kiosk` command builds them (`kiosk.cli.build_services`, which also runs
`Store.open()`), and a line is printed on stdout, flushed, only AFTER the call has returned:

    staff ID             a staff member was added
    event ID DATE        an event was recorded in DATE's file
    refused CODE ID      a rule refused the punch (exit 3 on the command line)
    error CODE ID        a store failure (exit 4 on the command line)
    ready                services are built; waiting for a line on stdin (checkin mode)

Modes:
    churn RUN            add staff, punch them in on three days, then write incidents,
                         lead corrections and more staff forever (the parent SIGKILLs it)
    checkin ID [ID ...]  print `ready`, wait for a line on stdin, then punch each ID once at
                         the clock's now (KIOSK_FAKE_NOW), as `kiosk punch ID` does
    kiosk_app ID [...]   the same through the real kiosk screen (KioskApp, headless): each
                         badge is typed as a scanner bursts it, acknowledged when the screen
                         receives the recorded punch, and the next badge follows at once
    kiosk_cli ID [...]   the same through the `kiosk punch ID --json` command, run in this
                         process once per ID (the real command, minus interpreter start-up)

Env WRITER_HOLD_AT_FSYNC=KIND:N (KIND `file`, `dir` or `append`): at the N-th fsync of that
kind, report `fsync KIND PATH` on stderr and sleep, so the parent can SIGKILL the writer while
a temp file is written but not yet renamed (`file`), just after the rename (`dir`), or just
after a day file's new line (`append`). Only a delay is
added; the write path itself is the real one.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.badges import badge_payload
from kiosk.cli import build_services, cli, wire_services
from kiosk.clock import RunningFakeClock
from kiosk.commands.common import CliState
from kiosk.errors import RefusedError, StoreError
from kiosk.services.container import Services

DAYS = (date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29))
LEAD = "L001"


def ack(*fields: object) -> None:
    print(*fields, flush=True)


def hold_at_fsync(spec: str) -> None:
    kind, _, count = spec.partition(":")
    target = int(count)
    seen = {"file": 0, "dir": 0, "append": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        path = os.readlink(f"/proc/self/fd/{fd}")
        if "/audit" in path:
            return  # the audit trail's writes: these tests count people and day files
        # `file`: a temp file about to be renamed over its target (write_atomic);
        # `append`: a line just added to a day file (store/day_file.py), not yet answered.
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            this = "dir"
        else:
            this = "file" if path.endswith(".tmp") else "append"
        seen[this] += 1
        if this == kind and seen[this] == target:
            sys.stderr.write(f"fsync {this} {path}\n")
            sys.stderr.flush()
            time.sleep(30)

    os.fsync = fsync


def churn(services: Services, run: int) -> None:
    tz = services.config.timezone
    staff_ids = []
    for i in range(3):
        sid = f"K{run:02d}-{i}"
        services.staff.add(sid, f"Crash {run}-{i}", "A", "mon", False, None)
        ack("staff", sid)
        staff_ids.append(sid)
    for day in DAYS:
        for j, sid in enumerate(staff_ids):
            result = services.punch.punch(sid, at=datetime.combine(day, clock_time(7, 30 + j), tz))
            ack("event", result.event_id, result.shift.date.isoformat())
    n = 0
    while True:
        n += 1
        day = DAYS[n % len(DAYS)]
        sid = staff_ids[n % len(staff_ids)]
        if n % 15 == 0:
            extra = f"K{run:02d}-X{n}"
            services.staff.add(extra, f"Extra {run}-{n}", "B", "tue", False, None)
            ack("staff", extra)
        elif n % 2 == 0:
            at = datetime.combine(day, clock_time(9, 0), tz) + timedelta(seconds=n)
            incident = services.appearance.incident(sid, "uniform_outside", LEAD, at)
            ack("event", incident.event_id, day.isoformat())
        else:
            at = datetime.combine(day, clock_time(18, 0), tz) + timedelta(seconds=n)
            fixed = services.punch.correct(sid, at, LEAD, "crash test", "check_out")
            ack("event", fixed.event_id, fixed.shift.date.isoformat())


def checkin(services: Services, staff_ids: list[str]) -> None:
    ack("ready")
    sys.stdin.readline()
    for sid in staff_ids:
        try:
            result = services.punch.punch(sid)
        except RefusedError as err:
            ack("refused", err.code, sid)
        except StoreError as err:
            ack("error", err.code, sid)
        else:
            ack("event", result.event_id, result.shift.date.isoformat(), sid)


def checkin_on_screen(services: Services, staff_ids: list[str]) -> None:
    asyncio.run(_checkin_on_screen(services, staff_ids))


async def _checkin_on_screen(services: Services, staff_ids: list[str]) -> None:
    from screens.app import KioskApp
    from screens.messages import PunchRecorded, ScanFailed

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script
    from tests.ui.kiosk_ui import burst

    answered = asyncio.Event()
    seen: list[object] = []  # a message bubbles, so the hook meets it once per handler

    def watch(message: object) -> None:
        """Acknowledge what the screen is told, as it is told (the punch is on disk)."""
        if any(message is earlier for earlier in seen[-4:]):
            return
        if isinstance(message, PunchRecorded | ScanFailed):
            seen.append(message)
        if isinstance(message, PunchRecorded):
            result = message.result
            ack("event", result.event_id, result.shift.date.isoformat(), result.staff.id)
            answered.set()
        elif isinstance(message, ScanFailed):
            kind = "refused" if message.error.exit_code == 3 else "error"
            ack(kind, message.error.code, "-")
            answered.set()

    secret = services.store.site_secret()
    app = KioskApp(services, lang="en")
    async with app.run_test(size=(100, 30), message_hook=watch) as pilot:
        ack("ready")
        await asyncio.to_thread(sys.stdin.readline)
        for sid in staff_ids:
            member = services.staff.get(sid)
            answered.clear()
            await burst(pilot, badge_payload(secret, member.id, member.badge_version))
            await asyncio.wait_for(answered.wait(), timeout=30)


def checkin_by_command(data_dir: str, staff_ids: list[str]) -> None:
    ack("ready")
    sys.stdin.readline()
    for sid in staff_ids:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
            code = cli.main(["--data-dir", data_dir, "punch", sid, "--json"], standalone_mode=False)
        if code not in (None, 0):
            ack("refused" if code == 3 else "error", f"exit{code}", sid, err.getvalue().strip())
            continue
        body = json.loads(out.getvalue())
        ack("event", body["id"], body["date"], sid)


class TogetherClock(RunningFakeClock):
    """KIOSK_FAKE_NOW's running clock, started at the parent's monotonic reading
    (WRITER_CLOCK_T0) instead of where this process built it: writers started one after
    another then read the same time at the same moment, as processes on one machine read
    its one clock. Each started at its own build, they were seconds apart on a loaded
    machine, and a writer behind saw another's check-in in its future: not a duplicate
    scan but an early check-out (a flaky test, not a kiosk's behaviour)."""

    def __init__(self, t0: float) -> None:
        tz = ZoneInfo(DEMO_TIMEZONE)
        super().__init__(datetime.fromisoformat(os.environ["KIOSK_FAKE_NOW"]), tz)
        self._t0 = t0


DEMO_TIMEZONE = "Asia/Shanghai"  # the zone of the folders these tests make (init --demo)


def builder(env: dict[str, str]) -> Callable[[CliState], Services]:
    """The services as `kiosk punch` builds them, on the shared clock if one is given."""
    t0 = env.get("WRITER_CLOCK_T0")
    if not t0:
        return build_services
    clock = TogetherClock(float(t0))
    return lambda state: wire_services(state.data_dir, clock=clock, source="cli")


def main(argv: list[str]) -> None:
    data_dir, mode, *args = argv
    if os.environ.get("WRITER_HOLD_AT_FSYNC"):
        hold_at_fsync(os.environ["WRITER_HOLD_AT_FSYNC"])
    services = CliState(Path(data_dir), "en", builder(dict(os.environ))).services()
    if mode == "churn":
        churn(services, int(args[0]))
    elif mode == "checkin":
        checkin(services, args)
    elif mode == "kiosk_app":
        checkin_on_screen(services, args)
    elif mode == "kiosk_cli":
        checkin_by_command(data_dir, args)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
