"""Writing a kiosk's records into the central database, idempotently.

Events are inserted by UUID and never updated (an event is immutable; a correction is a new
event), so sending one twice changes nothing. A closed day replaces the kiosk's earlier
revision of that day only when it is newer, so an old revision arriving late is ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.errors import StoreError

if TYPE_CHECKING:
    import psycopg

DAY_CLOSED = "day_closed"  # the close itself travels as the summary, not as an event

_INSERT_EVENT = """
    INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body)
    VALUES (%s, %s, %s, %s, %s, %s)
    ON CONFLICT (event_id) DO NOTHING
"""
_UPSERT_CLOSE = """
    INSERT INTO day_closes (kiosk_id, attendance_date, revision, closed_at, summary)
    VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (kiosk_id, attendance_date) DO UPDATE
        SET revision = EXCLUDED.revision,
            closed_at = EXCLUDED.closed_at,
            summary = EXCLUDED.summary,
            received_at = now()
        WHERE day_closes.revision < EXCLUDED.revision
"""


def _seen(conn: psycopg.Connection, kiosk_id: str, install_id: str) -> None:
    """Note the kiosk, or refuse: its id belongs to another installation (two data folders
    both left as "desk-1" would otherwise drop each other's closes as duplicates)."""
    claimed = conn.execute(
        "INSERT INTO kiosks (kiosk_id, install_id) VALUES (%s, %s) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET last_seen = now(), "
        "install_id = COALESCE(kiosks.install_id, EXCLUDED.install_id) "
        "WHERE kiosks.install_id IS NULL OR kiosks.install_id = EXCLUDED.install_id "
        "RETURNING kiosk_id",
        (kiosk_id, install_id),
    ).fetchone()
    if claimed is None:
        raise StoreError("central_kiosk_id_taken", kiosk_id=kiosk_id)


def _event_rows(kiosk_id: str, events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    from psycopg.types.json import Jsonb

    return [
        (e["id"], kiosk_id, e["date"], e.get("staff_id"), e["type"], Jsonb(e))
        for e in events
        if e.get("type") != DAY_CLOSED
    ]


def push_events(
    conn: psycopg.Connection, kiosk_id: str, install_id: str, events: list[dict[str, Any]]
) -> int:
    """Insert events as they happen; returns how many were new."""
    with conn.transaction(), conn.cursor() as cur:
        _seen(conn, kiosk_id, install_id)
        new = 0
        for row in _event_rows(kiosk_id, events):
            cur.execute(_INSERT_EVENT, row)
            new += cur.rowcount
    return new


def upload_day(
    conn: psycopg.Connection,
    summary: dict[str, Any],
    events: list[dict[str, Any]],
    install_id: str,
) -> None:
    """One closed day in one transaction: the kiosk, every event of the day, the summary.
    Either all of it is in the database afterwards or none of it (the day stays pending)."""
    from psycopg.types.json import Jsonb

    kiosk_id = str(summary["kiosk_id"])
    with conn.transaction(), conn.cursor() as cur:
        _seen(conn, kiosk_id, install_id)
        cur.executemany(_INSERT_EVENT, _event_rows(kiosk_id, events))
        cur.execute(
            _UPSERT_CLOSE,
            (kiosk_id, summary["date"], summary["revision"], summary["closed_at"], Jsonb(summary)),
        )
