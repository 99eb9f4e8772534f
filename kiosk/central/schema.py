"""The central schema and its migrations: `kiosk central init` brings a database up to date.

Migrations are numbered and only ever appended; `schema_version` records the last one
applied. Running `init` again, or from a second kiosk, applies nothing and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # psycopg costs 0.1 s to import: only commands that connect pay it
    import psycopg

# Taken at the start of a migration so two kiosks running `init` at once do not race.
MIGRATION_LOCK = 0x5EC1_0CC5

MIGRATIONS: tuple[str, ...] = (
    # 1: kiosks, their events (one row per event UUID) and their closed days.
    """
    CREATE TABLE kiosks (
        kiosk_id    text PRIMARY KEY,
        first_seen  timestamptz NOT NULL DEFAULT now(),
        last_seen   timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE events (
        event_id        text PRIMARY KEY,
        kiosk_id        text NOT NULL REFERENCES kiosks,
        attendance_date date NOT NULL,
        staff_id        text,
        type            text NOT NULL,
        body            jsonb NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_by_day ON events (attendance_date, staff_id);
    CREATE TABLE day_closes (
        kiosk_id        text NOT NULL REFERENCES kiosks,
        attendance_date date NOT NULL,
        revision        integer NOT NULL CHECK (revision > 0),
        closed_at       timestamptz NOT NULL,
        summary         jsonb NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, attendance_date)
    );
    """,
    # 2: which installation a kiosk id belongs to, so two kiosks left with the same id
    # (both "desk-1") are refused instead of overwriting each other's closes.
    """
    ALTER TABLE kiosks ADD COLUMN install_id text;
    """,
)

LATEST = len(MIGRATIONS)


def current_version(conn: psycopg.Connection) -> int:
    """The applied schema version; 0 for an empty database."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: psycopg.Connection) -> tuple[int, int]:
    """Apply the missing migrations in one transaction; returns (version before, after)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        before = current_version(conn)
        for number in range(before + 1, LATEST + 1):
            conn.execute(MIGRATIONS[number - 1])
        if before == 0:
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (LATEST,))
        elif before < LATEST:
            conn.execute("UPDATE schema_version SET version = %s", (LATEST,))
    return before, max(before, LATEST)
