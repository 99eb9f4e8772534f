"""The central benchmark's measurement runs, and its punches really reach the database."""

from __future__ import annotations

from kiosk.central.connection import connect
from kiosk.central.schema import migrate
from tests.bench.bench_central import DOWN_DSN, measure, summary
from tests.central.central_support import rows


def test_the_live_link_benchmark_punches_into_the_database(central_dsn: str) -> None:
    with connect(central_dsn) as conn:
        migrate(conn)
    samples = measure(central_dsn)
    assert len(samples) == 200 and summary(samples)["punches"] == 200
    assert rows(central_dsn, "SELECT count(*) FROM events") == [(200,)]
    assert len(measure(DOWN_DSN)) == 200  # and with the database down, every punch is made
