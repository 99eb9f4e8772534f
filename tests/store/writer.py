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

Env WRITER_HOLD_AT_FSYNC=KIND:N (KIND `file` or `dir`): at the N-th fsync of that kind, report
`fsync KIND PATH` on stderr and sleep, so the parent can SIGKILL the writer while a temp file
is written but not yet renamed (`file`) or just after the rename (`dir`). Only a delay is
added; the write path itself is the real one.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from kiosk.cli import build_services
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
    seen = {"file": 0, "dir": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        this = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        seen[this] += 1
        if this == kind and seen[this] == target:
            path = os.readlink(f"/proc/self/fd/{fd}")
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


def main(argv: list[str]) -> None:
    data_dir, mode, *args = argv
    if os.environ.get("WRITER_HOLD_AT_FSYNC"):
        hold_at_fsync(os.environ["WRITER_HOLD_AT_FSYNC"])
    services = CliState(Path(data_dir), "en", build_services).services()
    if mode == "churn":
        churn(services, int(args[0]))
    elif mode == "checkin":
        checkin(services, args)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
