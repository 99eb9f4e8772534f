"""What the central database's live link adds to a punch (issue 6).

Run: `.venv/bin/python -m tests.bench.bench_central` (also in `make bench`). Starts a
throwaway PostgreSQL on 127.0.0.1 with `.ci/postgres` (or uses KIOSK_TEST_PG_DSN), then times
`PunchService.punch` for 100 staff (100 check-ins, 100 check-outs) three ways: no central
database; the live link up (read the person's punches at other kiosks, then push the punch);
the live link down (a refused port: the first punch finds out, the rest skip while it rests).
Prints a table; writes tests/bench/results/central.json. PostgreSQL here is on the same
machine, so a LAN adds its round trips (two per punch) to the "up" figures.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.central.connection import connect
from kiosk.central.feed import CentralFeed
from kiosk.central.schema import migrate
from kiosk.clock import FixedClock
from kiosk.config import default_config_text, parse_config
from kiosk.services.leave import LeaveService
from kiosk.services.punch import PunchService
from kiosk.services.roster import RosterService
from kiosk.services.staff import StaffService
from kiosk.store.site import Store
from tests.bench.bench_punch import punch_everyone
from tests.bench.history import add_staff, audit_trail
from tests.central.pg_server import NoPostgres, postgres_server

STAFF = 100
ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results"
DOWN_DSN = "postgresql://kiosk@127.0.0.1:1/nowhere"


def measure(dsn: str | None) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        store.create()
        store.write_config_text(default_config_text())
        store.ensure_site_secret()
        config = parse_config(default_config_text())
        clock = FixedClock(datetime(2026, 11, 27, 7, 0, tzinfo=config.timezone))
        audit = audit_trail(store, config, clock)
        staff = StaffService(store.people, store.pins, config, clock, audit)
        ids = add_staff(staff, STAFF)
        leave = LeaveService(store.people, staff, clock, audit)
        roster = RosterService(store.people, config, staff, leave, audit)
        feed = CentralFeed(dsn, config.kiosk_id, store.install_id(), clock) if dsn else None
        punch = PunchService(store.days, config, clock, staff, roster, "kiosk", feed)
        samples = punch_everyone(punch, ids, config.timezone)
        if feed is not None:
            feed.close()
        return samples


def measure_all(server: str) -> dict[str, dict[str, Any]]:
    with connect(server) as conn:
        conn.execute("DROP DATABASE IF EXISTS kiosk_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE kiosk_bench")
    dsn = server.rsplit("/", 1)[0] + "/kiosk_bench"
    with connect(dsn) as conn:
        migrate(conn)
    return {
        "no central database": summary(measure(None)),
        "live link up": summary(measure(dsn)),
        "live link down (refused)": summary(measure(DOWN_DSN)),
    }


def summary(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    return {
        "punches": len(ordered),
        "p50_ms": round(ordered[len(ordered) // 2], 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 2),
        "max_ms": round(ordered[-1], 2),
        "first_ms": round(samples[0], 2),
    }


def main() -> dict[str, Any]:
    try:
        with postgres_server() as server:
            rows = measure_all(server)
    except NoPostgres as missing:
        raise SystemExit(f"bench_central skipped: {missing}") from None
    heads = ("p50 ms", "p99 ms", "max ms", "1st ms")
    print(f"{'punch, 100 staff x in+out':28} " + " ".join(f"{h:>8}" for h in heads))
    for name, row in rows.items():
        print(
            f"{name:28} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f} "
            f"{row['max_ms']:8.2f} {row['first_ms']:8.2f}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "central.json").write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return rows


if __name__ == "__main__":
    main()
