"""Writing a kiosk's records into the central database, idempotently and insert-only.

Events are inserted by UUID and never updated (an event is immutable; a correction is a new
event), so sending one twice changes nothing. Each carries its hash (sha256 of the event as
signed): an event offered again under a known UUID with other content is refused, the
offer is kept in `event_conflicts` for the report to name, and the day stays pending on the
kiosk. Every revision of a close is kept, with the chain head it summarised; the report
reads the newest, so an old revision arriving late changes nothing.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from kiosk.domain.chain import canonical
from kiosk.errors import StoreError

if TYPE_CHECKING:
    import psycopg

    from kiosk.central.arrival import Arrival

_INSERT_EVENT = """
    INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body, hash)
    VALUES (%s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (event_id) DO NOTHING
"""
_INSERT_CLOSE = """
    INSERT INTO day_closes (kiosk_id, attendance_date, revision, closed_at, summary, chain_head,
        desk_check, checked_with, checked_events, checked_digest)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (kiosk_id, attendance_date, revision) DO NOTHING
"""
_INSERT_CONFLICT = """
    INSERT INTO event_conflicts
        (event_id, kiosk_id, attendance_date, stored_hash, offered_hash, offered)
    VALUES (%s, %s, %s, %s, %s, %s)
    ON CONFLICT (event_id, offered_hash) DO NOTHING
"""


def event_hash(event: dict[str, Any]) -> str:
    """sha256 of the event as the kiosk signed it, mac included; the same from the dict a
    kiosk sends and from the body PostgreSQL gives back."""
    return hashlib.sha256(canonical(event) + b"|" + str(event.get("mac", "")).encode()).hexdigest()


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
        (e["id"], kiosk_id, e["date"], e.get("staff_id"), e["type"], Jsonb(e), event_hash(e))
        for e in events
    ]


def _conflicts(
    conn: psycopg.Connection, kiosk_id: str, events: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """Events whose UUID the database has with other content, as conflict rows."""
    from psycopg.types.json import Jsonb

    offered = {str(e["id"]): e for e in events}
    rows = conn.execute(
        "SELECT event_id, hash, body FROM events WHERE event_id = ANY(%s)", (list(offered),)
    ).fetchall()
    found = []
    for event_id, stored_hash, body in rows:
        event = offered[event_id]
        stored = stored_hash or event_hash(body)  # a row from before hashes were kept
        mine = event_hash(event)
        if stored != mine:
            found.append((event_id, kiosk_id, event["date"], stored, mine, Jsonb(event)))
    return found


def _insert_or_refuse(conn: psycopg.Connection, kiosk_id: str, events: list[dict[str, Any]]) -> int:
    """Insert the events (inside the caller's transaction); StoreError
    `central_event_conflict` if one would change a stored event."""
    conflicts = _conflicts(conn, kiosk_id, events)
    if conflicts:
        raise _Conflict(conflicts)
    new = 0
    with conn.cursor() as cur:
        for row in _event_rows(kiosk_id, events):
            cur.execute(_INSERT_EVENT, row)
            new += cur.rowcount
    return new


class _Conflict(Exception):
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows


def _record(conn: psycopg.Connection, kiosk_id: str, conflict: _Conflict) -> StoreError:
    """Keep the refused offers (after the day's transaction was rolled back) and say so."""
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(_INSERT_CONFLICT, conflict.rows)
    first = conflict.rows[0]
    return StoreError(
        "central_event_conflict",
        kiosk_id=kiosk_id,
        event=first[0],
        date=str(first[2]),
        count=len(conflict.rows),
    )


def push_events(
    conn: psycopg.Connection, kiosk_id: str, install_id: str, events: list[dict[str, Any]]
) -> int:
    """Insert events as they happen; returns how many were new."""
    try:
        with conn.transaction():
            _seen(conn, kiosk_id, install_id)
            return _insert_or_refuse(conn, kiosk_id, events)
    except _Conflict as conflict:
        raise _record(conn, kiosk_id, conflict) from None


def upload_day(
    conn: psycopg.Connection,
    summary: dict[str, Any],
    events: list[dict[str, Any]],
    install_id: str,
    chain_head: str,
    arrival: Arrival | None = None,
) -> None:
    """One closed day in one transaction: the kiosk, every event of the day, the close
    (with `arrival`, the desk's part of the date checked as it is sent:
    central/arrival.py). Either all of it is in the database afterwards or none of it (the
    day stays pending)."""
    from psycopg.types.json import Jsonb

    kiosk_id = str(summary["kiosk_id"])
    try:
        with conn.transaction():
            _seen(conn, kiosk_id, install_id)
            _insert_or_refuse(conn, kiosk_id, events)
            conn.execute(
                _INSERT_CLOSE,
                (
                    kiosk_id,
                    summary["date"],
                    summary["revision"],
                    summary["closed_at"],
                    Jsonb(summary),
                    chain_head,
                    *(
                        (arrival.desk_check, arrival.made_with, arrival.events, arrival.digest)
                        if arrival is not None
                        else (None,) * 4
                    ),
                ),
            )
    except _Conflict as conflict:
        raise _record(conn, kiosk_id, conflict) from None


_INSERT_MONTH = """
    INSERT INTO month_signoffs
        (kiosk_id, month, revision, approved_by, approved_at, checksum, accepted_open, figures)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (kiosk_id, month, revision) DO NOTHING
"""


def upload_month(conn: psycopg.Connection, month: dict[str, Any], install_id: str) -> None:
    """One signed-off month (MonthPackage.to_json) as its row, in one transaction. Sent
    again, the row stays as it was; a row under the same revision with another checksum is
    refused (`central_month_conflict`): the month stays pending on the kiosk."""
    from psycopg.types.json import Jsonb

    approval = month["approval"]
    kiosk_id = str(approval["kiosk_id"])
    figures = {k: v for k, v in month.items() if k != "approval"}
    key = (kiosk_id, approval["month"], approval["revision"])
    with conn.transaction():
        _seen(conn, kiosk_id, install_id)
        conn.execute(
            _INSERT_MONTH,
            (
                *key,
                approval["approved_by"],
                approval["approved_at"],
                approval["checksum"],
                Jsonb(approval["accepted_open"]),
                Jsonb(figures),
            ),
        )
        row = conn.execute(
            "SELECT checksum FROM month_signoffs WHERE kiosk_id = %s AND month = %s"
            " AND revision = %s",
            key,
        ).fetchone()
    if row is None or row[0] != approval["checksum"]:
        raise StoreError("central_month_conflict", kiosk_id=kiosk_id, month=key[1], revision=key[2])
