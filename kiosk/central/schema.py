"""The central schema and its migrations: `kiosk central init` brings a database up to date.

Migrations are numbered and only ever appended; `schema_version` records the last one
applied. Running `init` again, or from a second kiosk, applies nothing and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    # 3: tamper evidence. Each event's hash (sha256 of the event as the kiosk signed it), a
    # record of every event offered again under a known UUID with other content, and every
    # revision of every close kept (insert-only: the kiosks' role may not UPDATE or DELETE),
    # with the chain head it summarised.
    """
    ALTER TABLE events ADD COLUMN hash text;
    CREATE TABLE event_conflicts (
        event_id        text NOT NULL,
        kiosk_id        text NOT NULL,
        attendance_date date,
        stored_hash     text,
        offered_hash    text NOT NULL,
        offered         jsonb NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, offered_hash)
    );
    ALTER TABLE day_closes ADD COLUMN chain_head text;
    ALTER TABLE day_closes DROP CONSTRAINT day_closes_pkey;
    ALTER TABLE day_closes ADD PRIMARY KEY (kiosk_id, attendance_date, revision);
    """,
    # 4: the month sign-off (月结): one row per kiosk, month and revision of its approval,
    # with who, when, the checksum of the figures and the figures themselves. Insert-only.
    """
    CREATE TABLE month_signoffs (
        kiosk_id      text NOT NULL REFERENCES kiosks,
        month         text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        revision      integer NOT NULL CHECK (revision > 0),
        approved_by   text NOT NULL,
        approved_at   timestamptz NOT NULL,
        checksum      text NOT NULL,
        accepted_open jsonb NOT NULL,
        figures       jsonb NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, month, revision)
    );
    """,
    # 5: the central report's checked dates (issue 15). A date's figures and findings are
    # kept with the count of changes to that date's events and closes they were made from;
    # a trigger counts every change, by date and kiosk, whoever makes it (the desks' role
    # cannot write either table, nor skip the trigger: the function's search_path puts
    # pg_temp last, so a temporary table of the same name is never the one counted). A kept
    # date is used only while its count is still the date's count, so a report never
    # rechecks a month that has not changed, and never reuses a date that has. The count is
    # kept per database connection (backend), so a desk's close upload never waits for its
    # own live punches' count, nor they for it; only the sum matters. Dates already holding
    # records start at 1, so a TRUNCATE (which counts every date it can name) moves them too.
    """
    CREATE TABLE day_changes (
        attendance_date date NOT NULL,
        kiosk_id        text NOT NULL,
        backend         integer NOT NULL,
        changes         bigint NOT NULL,
        PRIMARY KEY (attendance_date, kiosk_id, backend)
    );
    CREATE TABLE report_days (
        attendance_date date PRIMARY KEY,
        changes         bigint NOT NULL,
        made_with       text NOT NULL,
        summary         text,
        problems        jsonb NOT NULL,
        unclosed        jsonb NOT NULL,
        checked_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE FUNCTION count_day_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            UPDATE day_changes SET changes = changes + 1;
            DELETE FROM report_days;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO day_changes AS c (attendance_date, kiosk_id, backend, changes)
            SELECT attendance_date, kiosk_id, pg_backend_pid(), 1 FROM new_rows
            WHERE attendance_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (attendance_date, kiosk_id, backend)
            DO UPDATE SET changes = c.changes + 1;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO day_changes AS c (attendance_date, kiosk_id, backend, changes)
            SELECT attendance_date, kiosk_id, pg_backend_pid(), 1 FROM old_rows
            WHERE attendance_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (attendance_date, kiosk_id, backend)
            DO UPDATE SET changes = c.changes + 1;
        END IF;
        RETURN NULL;
    END $$;
    DO $$ BEGIN
        EXECUTE format('ALTER FUNCTION count_day_changes() SET search_path = %I, pg_temp',
                       current_schema());
    END $$;
    CREATE TRIGGER events_inserted AFTER INSERT ON events
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER events_updated AFTER UPDATE ON events
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER events_deleted AFTER DELETE ON events
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER events_truncated AFTER TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER closes_inserted AFTER INSERT ON day_closes
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER closes_updated AFTER UPDATE ON day_closes
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER closes_deleted AFTER DELETE ON day_closes
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    CREATE TRIGGER closes_truncated AFTER TRUNCATE ON day_closes
        FOR EACH STATEMENT EXECUTE FUNCTION count_day_changes();
    INSERT INTO day_changes (attendance_date, kiosk_id, backend, changes)
        SELECT attendance_date, kiosk_id, 0, 1 FROM events GROUP BY 1, 2
        UNION SELECT attendance_date, kiosk_id, 0, 1 FROM day_closes GROUP BY 1, 2;
    REVOKE ALL ON day_changes, report_days FROM PUBLIC;
    """,
    # 6: the central report keeps each desk's part of a checked date too (issue 15), with
    # that desk's count of changes, so a change at one desk checks that desk again, not
    # the whole date. A TRUNCATE forgets them with the kept dates. The index reads one
    # desk's events of a date.
    """
    CREATE TABLE report_desks (
        attendance_date date NOT NULL,
        kiosk_id        text NOT NULL,
        changes         bigint NOT NULL,
        made_with       text NOT NULL,
        checked         text NOT NULL,
        checked_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attendance_date, kiosk_id)
    );
    REVOKE ALL ON report_desks FROM PUBLIC;
    CREATE INDEX events_by_desk ON events (attendance_date, kiosk_id);
    CREATE OR REPLACE FUNCTION count_day_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            UPDATE day_changes SET changes = changes + 1;
            DELETE FROM report_days;
            DELETE FROM report_desks;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO day_changes AS c (attendance_date, kiosk_id, backend, changes)
            SELECT attendance_date, kiosk_id, pg_backend_pid(), 1 FROM new_rows
            WHERE attendance_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (attendance_date, kiosk_id, backend)
            DO UPDATE SET changes = c.changes + 1;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO day_changes AS c (attendance_date, kiosk_id, backend, changes)
            SELECT attendance_date, kiosk_id, pg_backend_pid(), 1 FROM old_rows
            WHERE attendance_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (attendance_date, kiosk_id, backend)
            DO UPDATE SET changes = c.changes + 1;
        END IF;
        RETURN NULL;
    END $$;
    DO $$ BEGIN
        EXECUTE format('ALTER FUNCTION count_day_changes() SET search_path = %I, pg_temp',
                       current_schema());
    END $$;
    """,
    # 7: a kept date keeps its CSV rows too, in the words (language and checklist labels)
    # of the report that wrote them, so a month already checked is written without
    # reading its summaries (issue 15).
    """
    ALTER TABLE report_days ADD COLUMN csv_words text, ADD COLUMN csv text;
    """,
    # 8: each desk's day checked when it arrives (issue 15; central/arrival.py). The close
    # row carries the desk's part of the date as the uploader checked it (`desk_check`,
    # made with `checked_with`), over exactly `checked_events` event rows whose ids and
    # hashes give `checked_digest`. The report takes it instead of checking the desk again
    # only while the date's rows of that desk still give that count and digest (a row
    # added, removed, or rewritten with its hash recomputed shows in SQL) and no row of
    # that desk and date was ever changed or deleted (`desk_edits`, kept by a trigger the
    # desks' role cannot skip, whoever makes the change): else the desk is checked from
    # its rows as before. The index gives a date's ids and hashes by desk in the digest's
    # order, without reading a body. Whose an event is and what it corrects are kept beside
    # the body by the server itself (generated: always the body's), indexed, so the report
    # reads the few events of the people it judges again without reading every body.
    """
    ALTER TABLE events
        ADD COLUMN body_staff text GENERATED ALWAYS AS (body->>'staff_id') STORED,
        ADD COLUMN body_corrects text GENERATED ALWAYS AS (body->>'corrects') STORED;
    CREATE INDEX events_by_body_staff ON events (attendance_date, body_staff);
    CREATE INDEX events_corrections ON events (attendance_date, body_corrects)
        WHERE body_corrects IS NOT NULL;
    ALTER TABLE day_closes ADD COLUMN desk_check text, ADD COLUMN checked_with text,
        ADD COLUMN checked_events integer, ADD COLUMN checked_digest text;
    CREATE INDEX events_digest ON events (attendance_date, kiosk_id, event_id COLLATE "C")
        INCLUDE (hash);
    CREATE TABLE desk_edits (
        attendance_date date NOT NULL,
        kiosk_id        text NOT NULL,
        first_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attendance_date, kiosk_id)
    );
    REVOKE ALL ON desk_edits FROM PUBLIC;
    CREATE FUNCTION note_desk_edits() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
        INSERT INTO desk_edits (attendance_date, kiosk_id)
        SELECT DISTINCT attendance_date, kiosk_id FROM old_rows
        WHERE attendance_date IS NOT NULL ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$;
    DO $$ BEGIN
        EXECUTE format('ALTER FUNCTION note_desk_edits() SET search_path = %I, pg_temp',
                       current_schema());
    END $$;
    CREATE TRIGGER events_edited AFTER UPDATE ON events
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_desk_edits();
    CREATE TRIGGER events_removed AFTER DELETE ON events
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_desk_edits();
    CREATE TRIGGER closes_edited AFTER UPDATE ON day_closes
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_desk_edits();
    CREATE TRIGGER closes_removed AFTER DELETE ON day_closes
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_desk_edits();
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


# The role the kiosks log in with: it may read what a punch needs and append records, never
# change or delete them. The owner role that runs `init` keeps the right to migrate.
DESK_ROLE = "shift_kiosk_desk"
_DESK_GRANTS = (
    "GRANT SELECT ON schema_version TO {role}",
    "GRANT SELECT, INSERT ON events, day_closes, event_conflicts, month_signoffs TO {role}",
    "GRANT SELECT, INSERT ON kiosks TO {role}",
    "GRANT UPDATE (last_seen, install_id) ON kiosks TO {role}",
    "REVOKE UPDATE, DELETE, TRUNCATE ON events, day_closes, event_conflicts, month_signoffs"
    " FROM {role}",
)


def grant_desk_role(
    conn: psycopg.Connection, login: str | None = None, password: str | None = None
) -> None:
    """Create (or bring up to date) the kiosks' insert-only group role, and with `login` a
    role that logs in as a member of it. Safe to run again; the password is replaced."""
    from psycopg import sql

    group = sql.Identifier(DESK_ROLE)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        _create_role(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(group))
        database = sql.Identifier(conn.info.dbname)
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, group))
        row = conn.execute("SELECT current_schema()").fetchone()
        schema = sql.Identifier(row[0] if row and row[0] else "public")
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, group))
        for grant in _DESK_GRANTS:
            conn.execute(sql.SQL(grant).format(role=group))
        if login:
            user = sql.Identifier(login)
            _create_role(conn, sql.SQL("CREATE ROLE {} LOGIN").format(user))
            secret = sql.Literal(password)
            conn.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(user, secret))
            conn.execute(sql.SQL("GRANT {} TO {}").format(group, user))


def _create_role(conn: psycopg.Connection, statement: Any) -> None:
    """CREATE ROLE unless it exists. Roles belong to the whole server, so `init` on two of
    its databases at once can race: the loser's duplicate is not an error."""
    import psycopg

    try:
        with conn.transaction():  # a savepoint: the duplicate rolls back alone
            conn.execute(statement)
    except psycopg.errors.DuplicateObject:
        pass
