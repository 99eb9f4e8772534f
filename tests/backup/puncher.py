"""A child process for the backup tests: punches each ID once, as `kiosk punch ID` does,
and reports how long each punch took.

Run with `sys.executable tests/backup/puncher.py DATA_DIR ID [ID ...]` (clock from
KIOSK_FAKE_NOW). Prints `ready` once its services are built, waits for a line on stdin,
then one line per punch, flushed only after the punch returned:

    event EVENT_ID DATE STAFF_ID SECONDS AT  the punch is on disk; SECONDS it took,
                                             from AT (time.monotonic)
    refused CODE STAFF_ID                    a rule refused it
    error CODE STAFF_ID                      a store failure
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.errors import RefusedError, StoreError


def main(data_dir: str, staff_ids: list[str]) -> None:
    services = wire_services(Path(data_dir), source="cli")
    # Built and read before the start, so the first punch's time is a punch's, not the
    # import of the punch service's modules.
    punch = services.punch
    services.staff.all()
    print("ready", flush=True)
    sys.stdin.readline()
    for sid in staff_ids:
        at = time.monotonic()  # the system's monotonic clock: the parent's too
        started = time.perf_counter()
        try:
            result = punch.punch(sid)
        except RefusedError as err:
            print("refused", err.code, sid, flush=True)
        except StoreError as err:
            print("error", err.code, sid, flush=True)
        else:
            took = time.perf_counter() - started
            date = result.shift.date.isoformat()
            print("event", result.event_id, date, sid, f"{took:.6f}", f"{at:.6f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
