"""Sync of closed days: every pending day, in its newest revision, to every target.

A close is queued in the ledger (store/outbox.py); a run sends each target what it has not
acknowledged yet, oldest day first, and records an acknowledgement only when the target
took it. A failure leaves the day pending with the error kept for `kiosk sync --json` and
the lead's screen; the next run (the next start, the hourly run, `kiosk sync`) tries again.
Only the newest close of a day is ever sent, and never one older than a target already has,
so a correction after closing reaches the target as the next revision, not as a duplicate.

Each target is keyed in the ledger by its kind's `ledger_key` (kiosk/sync_kinds.py) and built
by the builder the composition root (kiosk/cli.py) gives for its kind; a kind without one
is a target that reports why on every run, never a crash at start.

Network and disk work happen here and nowhere else; the screens call `run` in a worker.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Config, SyncTarget
from kiosk.domain.summary import DaySummary
from kiosk.errors import KioskError, StoreError
from kiosk.export import day_csv
from kiosk.i18n import Translator
from kiosk.services.clock_watch import ClockStatus, ClockWatch
from kiosk.services.day_close import DayClose, DayCloseService
from kiosk.services.month_package import MonthSource
from kiosk.services.sync_targets import (
    PER_DAY_CODES,
    BrokenTarget,
    BuildContext,
    Builder,
    Destination,
)
from kiosk.store.outbox import Outbox
from kiosk.sync_kinds import LEGACY_POSTGRES_KEY, SYNC_KINDS

# A close the ledger never heard of (a crash between the close and its queuing, a close by
# code that does not queue) is found again if it is this recent.
CATCH_UP_DAYS = 31


@dataclass(frozen=True)
class Delivery:
    date: date
    revision: int

    def public(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "revision": self.revision}


@dataclass(frozen=True)
class MonthDelivery:
    month: str
    revision: int

    def public(self) -> dict[str, Any]:
        return {"month": self.month, "revision": self.revision}


@dataclass
class TargetReport:
    """One target after a run (or as the ledger last saw it)."""

    kind: str
    target: str
    delivered: list[Delivery] = field(default_factory=list)
    pending: list[Delivery] = field(default_factory=list)
    error: KioskError | None = None
    last_success: str | None = None
    last_attempt: str | None = None
    months_delivered: list[MonthDelivery] = field(default_factory=list)
    months_pending: list[MonthDelivery] = field(default_factory=list)


@dataclass
class SyncReport:
    """Typed and translator-free: kiosk.presentation.sync words it for each face."""

    targets: list[TargetReport]
    clock: ClockStatus | None = None  # the kiosk's clock against the central server's

    @property
    def pending(self) -> int:
        """(target, day) and (target, month) pairs still waiting: 0 means every target has
        every day and every signed-off month."""
        return sum(len(t.pending) + len(t.months_pending) for t in self.targets)


def target_key(target: SyncTarget) -> str:
    """How the ledger names a target: its kind and where it points (see SyncKind)."""
    return SYNC_KINDS[target.kind].ledger_key(target.options)


def target_name(target: SyncTarget) -> str:
    """What the lead reads for a target that could not be built: where the config points."""
    return SYNC_KINDS[target.kind].describe(target.options)


class SyncService:
    def __init__(
        self,
        outbox: Outbox,
        day_close: DayCloseService,
        config: Config,
        clock: Clock,
        tr: Translator,
        data_dir: Path,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        install_id: Callable[[], str] | None = None,
        *,
        builders: Mapping[str, Builder],
    ) -> None:
        """`install_id`: this data folder's identity (Store.install_id), for the central
        database to tell two kiosks apart that were given the same kiosk_id. `builders`:
        one per target kind this kiosk can send to (kiosk/cli.py has them all)."""
        self.outbox = outbox
        self.day_close = day_close
        self.config = config
        self.clock = clock
        self.tr = tr  # the config language: CSV headers and the default status wording
        self.clock_watch: ClockWatch | None = None  # set by kiosk.cli: server clock check
        context = BuildContext(
            data_dir, self._csv, env or {}, sleep, day_close.days.events, install_id,
            day_close.board,
        )  # fmt: skip
        self.targets: list[tuple[str, Destination]] = []
        for target in config.sync_targets:
            builder = builders.get(target.kind)
            try:
                if builder is None:
                    problem = f"this kiosk cannot send to {target.kind} targets (a wiring mistake)"
                    raise StoreError(
                        "sync_target_invalid", target=target_name(target), problem=problem
                    )
                built = builder(target, context)
            except StoreError as err:
                built = BrokenTarget(target.kind, target_name(target), err)
            self.targets.append((target_key(target), built))
        # The signed-off months to send (the month sign-off service; set by kiosk.cli).
        self.months: MonthSource | None = None

    def _csv(self, summary: dict[str, Any]) -> bytes:
        """The day CSV from the JSON a target is handed (the wire form of a DaySummary)."""
        return day_csv([DaySummary.from_json(summary)], self.config, self.tr)

    @property
    def configured(self) -> bool:
        return bool(self.targets)

    def enqueue(self, close: DayClose) -> bool:
        """Queue a close for every target; True if it is a revision not queued before.
        Harmless to call after every close: an already-queued revision changes nothing."""
        return self.outbox.enqueue(close.date, close.revision, self.clock.now())

    def enqueue_month(self, month: str, revision: int) -> bool:
        """Queue a month's approval for every target (once per revision)."""
        return self.outbox.enqueue_month(month, revision, self.clock.now())

    def _months_pending(self, key: str) -> list[MonthDelivery]:
        """Queued approvals `key` lacks and that are still in force: one re-opened before
        it went out is not sent (its next approval, a higher revision, will be)."""
        if self.months is None:
            return []
        return [
            MonthDelivery(m, r)
            for m, r in self.outbox.months_pending(key)
            if self.months.current_revision(m) == r
        ]

    def run(self) -> SyncReport:
        """Deliver every pending day to every target; StoreError `sync_busy` if another
        process is syncing right now (its run covers the same days)."""
        with self.outbox.running():
            self._inherit_legacy_key()
            self._catch_up()
            closes: dict[date, DayClose | KioskError | None] = {}
            reports = [self._run_one(key, dest, closes) for key, dest in self.targets]
        return SyncReport(reports, self._check_server_clocks(reports))

    def _check_server_clocks(self, reports: list[TargetReport]) -> ClockStatus | None:
        """At sync time, the kiosk's clock against each central database server's
        (`SELECT now()`); None without a watch or a target that has a clock. A server that
        cannot be reached is not asked again: its delivery error says it."""
        if self.clock_watch is None:
            return None
        status = None
        for (_key, dest), report in zip(self.targets, reports, strict=True):
            server_now = getattr(dest, "server_now", None)
            if server_now is None or report.error is not None:  # down: not asked twice
                continue
            try:
                status = self.clock_watch.note_server_time(server_now())
            except Exception:
                continue
        return status

    def has_pending(self) -> bool:
        """Anything a target has not acknowledged yet (no network, the ledger only)."""
        return any(self.outbox.pending(key) or self._months_pending(key) for key, _ in self.targets)

    def status(self) -> SyncReport:
        """What is pending per target, and each target's last success and last error, as
        the ledger has them (no network, no run): for the lead's screen."""
        with contextlib.suppress(StoreError):  # a read-only ledger: the next run inherits
            self._inherit_legacy_key()
        reports = []
        for key, dest in self.targets:
            state = self.outbox.state(key)
            error = state["error"]
            reports.append(
                TargetReport(
                    dest.kind,
                    dest.name,
                    pending=[Delivery(d, r) for d, r in self.outbox.pending(key)],
                    error=StoreError(error["code"], **error["params"]) if error else None,
                    last_success=state["last_success"],
                    last_attempt=state["last_attempt"],
                    months_pending=self._months_pending(key),
                )
            )
        return SyncReport(reports)

    def _inherit_legacy_key(self) -> None:
        """Ledgers written before each postgres target had its own key name every one
        `postgres:None`. With one postgres target that entry is its own: it takes it over
        (acknowledgements, last success and error), so nothing is sent twice. With several,
        which one had which day cannot be told; each sends what it has no acknowledgement
        for (the central database keeps one copy of a day's revision however often sent)."""
        postgres = [key for key, dest in self.targets if dest.kind == "postgres"]
        if len(postgres) == 1:
            self.outbox.inherit(LEGACY_POSTGRES_KEY, postgres[0])

    def _catch_up(self) -> None:
        today = self.day_close.today()
        queued = self.outbox.queued()
        for back in range(CATCH_UP_DAYS, -1, -1):
            day = today - timedelta(days=back)
            try:
                latest = self.day_close.latest(day)
            except KioskError:
                continue  # a damaged day file: the lead is told where the day is read
            if latest is not None and latest.revision > queued.get(day, 0):
                self.outbox.enqueue(day, latest.revision, self.clock.now())

    def _latest(
        self, day: date, closes: dict[date, DayClose | KioskError | None]
    ) -> DayClose | None:
        """The day's newest close, read once per run; raises what reading it raised."""
        if day not in closes:
            try:
                closes[day] = self.day_close.latest(day)
            except KioskError as err:
                closes[day] = err
        found = closes[day]
        if isinstance(found, KioskError):
            raise found
        return found

    def _run_one(
        self, key: str, dest: Destination, closes: dict[date, DayClose | KioskError | None]
    ) -> TargetReport:
        report = TargetReport(dest.kind, dest.name)
        acked = self.outbox.acknowledged(key)
        for day, _queued in self.outbox.pending(key):
            try:
                close = self._latest(day, closes)
                if close is None:
                    raise StoreError("sync_day_missing", date=day.isoformat())
                if close.revision <= acked.get(day, 0):
                    continue  # never send a version older than the one the target has
                dest.deliver(close.summary.to_json())
            except KioskError as err:
                report.error = err
                self.outbox.record_failure(key, self.clock.now(), err.code, err.params)
                if err.code in PER_DAY_CODES:
                    continue
                break
            self.outbox.acknowledge(key, day, close.revision, self.clock.now())
            report.delivered.append(Delivery(day, close.revision))
        if report.error is None or report.error.code in PER_DAY_CODES:
            self._send_months(key, dest, report)
        if report.error is None:
            self.outbox.record_attempt(key, self.clock.now())
        state = self.outbox.state(key)
        report.pending = [Delivery(d, r) for d, r in self.outbox.pending(key)]
        report.months_pending = self._months_pending(key)
        report.last_success, report.last_attempt = state["last_success"], state["last_attempt"]
        return report

    def _send_months(self, key: str, dest: Destination, report: TargetReport) -> None:
        """Each approval in force the target lacks, as the month's files; a failure keeps
        it pending for the next run."""
        assert self.months is not None or not self._months_pending(key)
        for wanted in self._months_pending(key):
            try:
                assert self.months is not None
                package = self.months.package(wanted.month)
                if package.approval.revision != wanted.revision:
                    continue  # re-opened and approved again meanwhile: the next run sends it
                dest.deliver_month(package)
            except KioskError as err:
                report.error = err
                self.outbox.record_failure(key, self.clock.now(), err.code, err.params)
                break
            self.outbox.acknowledge_month(key, wanted.month, wanted.revision, self.clock.now())
            report.months_delivered.append(wanted)
