"""Opening the central database: a short timeout, and failures as one translated sentence.

The DSN may carry a password, so it never appears in a message: `public_name` keeps the
host, port and database only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from kiosk.central.schema import LATEST, current_version
from kiosk.errors import StoreError

if TYPE_CHECKING:  # imported where a connection is made: 0.1 s the kiosk's start skips
    import psycopg

CONNECT_TIMEOUT_SECONDS = 5


def public_name(dsn: str) -> str:
    """`postgresql://host:port/db` without user or password, for messages and the ledger."""
    try:
        parts = check_dsn(dsn)
    except StoreError:
        return "postgresql://?"
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    return f"postgresql://{host}:{port}/{parts.get('dbname') or parts.get('user') or ''}"


def check_dsn(dsn: str) -> dict[str, Any]:
    """The DSN's parts; StoreError `central_dsn_invalid` for one libpq cannot parse. The
    parser's own message quotes the offending part, which may be the password, so it is
    never shown."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        return dict(conninfo_to_dict(dsn))
    except psycopg.Error:
        raise StoreError("central_dsn_invalid") from None


def open_connection(dsn: str, timeout: float) -> psycopg.Connection:
    """A connection that gives up within about `timeout` seconds at every step: connecting,
    a silent network (TCP user timeout), a slow statement, a lock held elsewhere. psycopg
    errors propagate; callers turn them into a sentence."""
    import psycopg

    given = check_dsn(dsn).get("options") or os.environ.get("PGOPTIONS", "")
    millis = max(500, round(timeout * 1000))
    ours = f"-c statement_timeout={millis} -c lock_timeout={millis}"
    return psycopg.connect(
        dsn,
        connect_timeout=max(1, round(timeout)),
        tcp_user_timeout=millis,
        # Added to the site's own options (a search_path, say), never instead of them.
        options=f"{given} {ours}".strip(),
        autocommit=True,
    )


@contextmanager
def connect(dsn: str, timeout: float = CONNECT_TIMEOUT_SECONDS) -> Iterator[psycopg.Connection]:
    """An open connection (closed on exit); StoreError `central_unreachable` if there is none,
    `central_failed` if the database refused what was asked."""
    import psycopg

    try:
        conn = open_connection(dsn, timeout)
    except (psycopg.Error, OSError) as exc:
        raise _failure("central_unreachable", dsn, exc) from exc
    try:
        yield conn
    except psycopg.OperationalError as exc:  # the server went away, or a timeout fired
        raise _failure("central_unreachable", dsn, exc) from exc
    except psycopg.Error as exc:
        raise _failure("central_failed", dsn, exc) from exc
    finally:
        conn.close()


def require_schema(conn: psycopg.Connection, dsn: str) -> None:
    """StoreError unless `kiosk central init` has brought this database to our version."""
    version = current_version(conn)
    if version == 0:
        raise StoreError("central_not_initialised", target=public_name(dsn))
    if version < LATEST:
        raise StoreError("central_schema_old", target=public_name(dsn), version=version)
    if version > LATEST:
        raise StoreError("central_too_new", target=public_name(dsn), version=version)


def _failure(code: str, dsn: str, exc: BaseException) -> StoreError:
    return StoreError(code, target=public_name(dsn), reason=_first_line(exc))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
