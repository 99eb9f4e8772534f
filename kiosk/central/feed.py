"""The live link from a kiosk to the central database, while the database can be reached.

Two things happen at each punch when a `postgres` target is configured:
- before deciding, the person's punches at the *other* kiosks are read, so someone who
  checked in at desk 1 is checked *out* at desk 2 (not checked in again), and a scan at
  two desks within the duplicate window is one punch;
- after recording, the punch is sent, so the other desks see it at once.

Neither may hold up the queue: a short timeout at every step (connect, a silent network, a
slow statement, a lock), and after a failure the link rests for `REST_SECONDS` (the punch is
decided on this kiosk's records alone, and the end-of-day sync sends everything anyway).
Nothing here ever raises into the punch.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from kiosk.central.connection import open_connection, public_name, require_schema
from kiosk.central.upload import push_events
from kiosk.clock import Clock
from kiosk.errors import StoreError

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("kiosk.central")

LIVE_TIMEOUT_SECONDS = 1.5  # connect, statement and lock waits: each gives up this soon
REST_SECONDS = 60


class CentralFeed:
    def __init__(self, dsn: str, kiosk_id: str, install_id: str, clock: Clock) -> None:
        self.dsn = dsn
        self.install_id = install_id
        self.name = public_name(dsn)
        self.kiosk_id = kiosk_id
        self.clock = clock
        self._conn: psycopg.Connection | None = None
        self._resting_until: datetime | None = None
        self.problem: StoreError | None = None  # why the link rests (for the status line)
        self._lock = threading.Lock()  # one worker at a time uses the connection

    @property
    def reachable(self) -> bool:
        """False while resting after a failure (for the status line)."""
        return self._resting_until is None or self.clock.now() >= self._resting_until

    def peer_punches(self, staff_id: str, days: list[date]) -> dict[date, list[dict[str, Any]]]:
        """The person's punch events on `days` recorded by other kiosks; {} when the
        database cannot be asked right now."""
        query = (
            "SELECT attendance_date, body FROM events WHERE staff_id = %s AND type = 'punch' "
            "AND kiosk_id <> %s AND attendance_date = ANY(%s) ORDER BY body->>'recorded_at'"
        )
        found: dict[date, list[dict[str, Any]]] = {}
        params = (staff_id, self.kiosk_id, days)
        rows = self._use(lambda conn: conn.execute(query, params).fetchall())
        for day, body in rows or []:
            found.setdefault(day, []).append(body)
        return found

    def day_punches(self, day: date) -> list[dict[str, Any]]:
        """Everyone's punch events on `day` recorded by other kiosks; [] when unreachable."""
        query = (
            "SELECT body FROM events WHERE attendance_date = %s AND type = 'punch' "
            "AND kiosk_id <> %s ORDER BY body->>'recorded_at'"
        )
        rows = self._use(lambda conn: conn.execute(query, (day, self.kiosk_id)).fetchall())
        return [body for (body,) in rows or []]

    def push(self, events: list[dict[str, Any]]) -> bool:
        """Send events now; False if they wait for the end-of-day sync instead."""
        pushed = self._use(lambda conn: push_events(conn, self.kiosk_id, self.install_id, events))
        return pushed is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _use(self, work: Any) -> Any:
        """`work(connection)`, or None when the database cannot answer within the live
        timeout (then the link rests). Nothing here raises."""
        if not self.reachable:
            return None
        import psycopg

        # Another worker is using the link: do not queue behind a slow answer.
        if not self._lock.acquire(timeout=LIVE_TIMEOUT_SECONDS):
            return None
        try:
            if not self.reachable:  # it failed while this punch waited for the lock
                return None
            if self._conn is None or self._conn.closed:
                self._conn = open_connection(self.dsn, LIVE_TIMEOUT_SECONDS)
                require_schema(self._conn, self.dsn)
            answer = work(self._conn)
            self.problem = None
            return answer
        except (psycopg.Error, OSError, StoreError) as exc:
            # Class only: a driver message can quote the DSN. The sync run and the lead's
            # screen say what is wrong with the database; this only notes the fallback.
            log.info("central database %s not used (%s)", self.name, type(exc).__name__)
            self.problem = (
                exc
                if isinstance(exc, StoreError)
                else StoreError("central_unreachable", target=self.name, reason=type(exc).__name__)
            )
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._resting_until = self.clock.now() + timedelta(seconds=REST_SECONDS)
            return None
        finally:
            self._lock.release()
