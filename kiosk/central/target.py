"""The `postgres` sync target: each closed day, with its events, into the central database.

`build_postgres` is the kind's builder; kiosk/cli.py hands it to the sync service beside the
folder and HTTP ones, so kiosk.services never imports this package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.central.arrival import Arrival, arrival_check
from kiosk.central.connection import connect, public_name, require_schema
from kiosk.central.report_days import made_with
from kiosk.central.upload import upload_day, upload_month
from kiosk.config import SyncTarget
from kiosk.errors import StoreError
from kiosk.services.month_package import MonthPackage
from kiosk.services.sync_targets import DEFAULT_TIMEOUT_SECONDS, BuildContext, DayEvents

if TYPE_CHECKING:
    from kiosk.services.board import BoardService


def central_dsn(options: Mapping[str, Any], env: Mapping[str, str]) -> str:
    """The DSN from the variable `dsn_env` names (a DSN carries a password: never in
    kiosk.toml); StoreError `sync_target_invalid` when it is not set."""
    dsn_env = options.get("dsn_env")
    if not isinstance(dsn_env, str) or not dsn_env.strip():
        problem = "dsn_env (the variable holding the database DSN) is missing"
        raise StoreError("sync_target_invalid", target="postgres", problem=problem)
    dsn = env.get(dsn_env.strip(), "").strip()
    if not dsn:
        raise StoreError("central_dsn_unset", variable=dsn_env.strip())
    return dsn


class PostgresTarget:
    kind = "postgres"

    def __init__(
        self,
        dsn: str,
        day_events: DayEvents,
        timeout: float,
        install_id: Callable[[], str],
        board: BoardService | None = None,
    ) -> None:
        self.dsn = dsn
        self.board = board
        self.install_id = install_id
        self.name = public_name(dsn)
        self.day_events = day_events
        self.timeout = timeout

    def deliver(self, summary: dict[str, Any]) -> None:
        events = self.day_events(date.fromisoformat(summary["date"]))
        head = close_head(events, summary)
        arrival = self._arrival(summary, events, head)
        with connect(self.dsn, self.timeout) as conn:
            require_schema(conn, self.dsn)
            upload_day(conn, summary, events, self.install_id(), head, arrival)

    def _arrival(
        self, summary: dict[str, Any], events: list[dict[str, Any]], head: str
    ) -> Arrival | None:
        """The desk's part of the date checked as it goes in (central/arrival.py); None
        without the rules engine, or for records it cannot read (the report then checks
        them from the rows, and names what is wrong with them)."""
        if self.board is None:
            return None
        try:
            return arrival_check(summary, events, head, self.board, made_with(self.board.config))
        except (AttributeError, KeyError, TypeError, ValueError):
            return None

    def probe(self) -> None:
        """The database answers this DSN (`kiosk doctor`); its schema is `check_schema`'s."""
        with connect(self.dsn, self.timeout) as conn:
            conn.execute("SELECT 1")

    def check_schema(self) -> None:
        """StoreError unless the database's schema is the version this kiosk writes."""
        with connect(self.dsn, self.timeout) as conn:
            require_schema(conn, self.dsn)

    def server_now(self) -> datetime:
        """The database server's clock (`SELECT now()`): the sync compares the kiosk's
        clock with it (services/clock_watch.py)."""
        with connect(self.dsn, self.timeout) as conn:
            row = conn.execute("SELECT now()").fetchone()
        assert row is not None
        return row[0]  # type: ignore[no-any-return]

    def deliver_month(self, package: MonthPackage) -> None:
        """The month's row (kiosk, month, revision), idempotent on conflict."""
        with connect(self.dsn, self.timeout) as conn:
            require_schema(conn, self.dsn)
            upload_month(conn, package.to_json(), self.install_id())


def close_head(events: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    """The chain head the close of `summary`'s revision summarised (its event's `prev`)."""
    for event in reversed(events):
        if event.get("type") == "day_closed" and event.get("revision") == summary["revision"]:
            return str(event.get("prev", ""))
    return ""


def build_postgres(target: SyncTarget, context: BuildContext) -> PostgresTarget:
    """The destination for a `postgres` table; StoreError when its DSN is not set (kept per
    target, like every builder's)."""
    if context.install_id is None:
        problem = "this kiosk's install id was not given (a wiring mistake)"
        raise StoreError("sync_target_invalid", target="postgres", problem=problem)
    timeout = float(target.options.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS))
    dsn = central_dsn(target.options, context.env)
    return PostgresTarget(dsn, context.day_events, timeout, context.install_id, context.board)
