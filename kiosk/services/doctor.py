"""`kiosk doctor`: is this machine ready to be the front-desk kiosk?

Each check says `ok`, `fail` (with a problem code, and the KioskError the rest of the kiosk
would raise when there is one) or `skip` (not applicable here: no central database, no
terminal attached, or an earlier check failed that this one rests on). Nothing is repaired
and no day is sent: a sync target is asked whether it *could* take a day (sync_targets.py
`probe`). The words are the command's (kiosk/commands/doctor.py); the JSON form is
docs/doctor.schema.json.

The checks never stop at the first failure: IT setting up a machine wants the whole list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.errors import KioskError, StoreError
from kiosk.services.clock_watch import ClockWatch
from kiosk.services.sync import target_name
from kiosk.services.sync_targets import BrokenTarget, BuildContext, Builder, Destination
from kiosk.store.health import free_bytes, loose_modes
from kiosk.store.site import Store

Status = Literal["ok", "fail", "skip"]
CheckName = Literal[
    "config",
    "data_folder",
    "private",
    "disk",
    "site_key",
    "clock",
    "sync_target",
    "central_schema",
    "terminal",
]
MIN_COLUMNS, MIN_ROWS = 80, 24  # the screens are laid out for a VGA text console
CLOCK_AHEAD_DAYS = 31  # a clock this far past the newest record is more likely wrong than idle
MB = 1024 * 1024


@dataclass(frozen=True)
class DoctorCheck:
    """One check's outcome. `problem` is an English identifier: the code of `error` when
    the failure is one the kiosk raises anyway (`disk_full`, `sync_http_unreachable`), else
    the doctor's own (`loose_modes`, `low_disk`, `clock_before_first_day` ...). `details`
    holds the figures a sentence names (free MB, columns, paths)."""

    check: CheckName
    status: Status
    problem: str | None = None
    target: str | None = None  # a sync target: where the config points (never a DSN)
    error: KioskError | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DoctorReport:
    data_dir: str
    checks: tuple[DoctorCheck, ...]

    @property
    def ok(self) -> bool:
        """Every check passed or did not apply."""
        return all(check.status != "fail" for check in self.checks)

    def failed(self) -> tuple[DoctorCheck, ...]:
        return tuple(check for check in self.checks if check.status == "fail")

    def to_json(self, message: Callable[[DoctorCheck], str]) -> dict[str, Any]:
        """The report as docs/doctor.schema.json describes it; `message` is the sentence a
        person reads for a check, in their language."""
        return {
            "ok": self.ok,
            "data_dir": self.data_dir,
            "checks": [
                {
                    "check": c.check,
                    "status": c.status,
                    "problem": c.problem,
                    "target": c.target,
                    "message": message(c),
                    "details": {k: _plain(v) for k, v in c.details.items()},
                }
                for c in self.checks
            ],
        }


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _failed(check: CheckName, err: KioskError, target: str | None = None) -> DoctorCheck:
    return DoctorCheck(check, "fail", err.code, target, err)


class DoctorService:
    """Runs every check against one data folder. What it cannot measure itself is handed
    in by the composition root: how the config is read (it may be broken: the defaults
    stand in so the other checks still run), the clock for a config's time zone, the sync
    builders, the environment, and the terminal's size (None when there is no terminal)."""

    def __init__(
        self,
        store: Store,
        read_config: Callable[[], Config],
        fallback_config: Config,
        make_clock: Callable[[Config], Clock],
        builders: Mapping[str, Builder],
        env: Mapping[str, str],
        terminal: tuple[int, int] | None,
        min_free_mb: int | None = None,
    ) -> None:
        self.store = store
        self.read_config = read_config
        self.fallback_config = fallback_config
        self.make_clock = make_clock
        self.builders = builders
        self.env = env
        self.terminal = terminal
        self.min_free_mb = min_free_mb

    def run(self) -> DoctorReport:
        checks: list[DoctorCheck] = []
        try:
            config: Config | None = self.read_config()
            checks.append(DoctorCheck("config", "ok"))
        except KioskError as err:
            config = None
            checks.append(_failed("config", err))
        settings = config or self.fallback_config
        watch = ClockWatch(self.make_clock(settings), settings.jump_tolerance_seconds)
        watch.read()  # the trusted reading; read again after the network checks
        folder = self._data_folder()
        checks.append(folder)
        present = folder.status == "ok" or folder.problem != "no_data_dir"
        checks.append(self._private() if present else self._skipped("private"))
        checks.append(self._disk(settings) if present else self._skipped("disk"))
        checks.append(self._site_key() if present else self._skipped("site_key"))
        targets, server_now = self._targets(config)
        checks.append(self._clock(watch, server_now, settings))
        checks.extend(targets)
        checks.append(self._terminal())
        return DoctorReport(str(self.store.data_dir), tuple(checks))

    @staticmethod
    def _skipped(check: CheckName, problem: str = "no_data_dir") -> DoctorCheck:
        return DoctorCheck(check, "skip", problem)

    def _data_folder(self) -> DoctorCheck:
        try:
            self.store.open()  # exists (and stale temp files cleared, as any start does)
            self.store.check_writable()
        except KioskError as err:
            return _failed("data_folder", err)
        return DoctorCheck("data_folder", "ok", details={"path": str(self.store.data_dir)})

    def _private(self) -> DoctorCheck:
        loose = loose_modes(self.store.data_dir)
        if not loose:
            return DoctorCheck("private", "ok")
        shown = ", ".join(str(p) for p in loose[:3])
        return DoctorCheck(
            "private", "fail", "loose_modes", details={"count": len(loose), "paths": shown}
        )

    def _disk(self, config: Config) -> DoctorCheck:
        minimum = self.min_free_mb if self.min_free_mb is not None else config.disk_min_free_mb
        try:
            free = free_bytes(self.store.data_dir) // MB
        except KioskError as err:
            return _failed("disk", err)
        details = {"free_mb": free, "min_mb": minimum}
        if free < minimum:
            return DoctorCheck("disk", "fail", "low_disk", details=details)
        return DoctorCheck("disk", "ok", details=details)

    def _site_key(self) -> DoctorCheck:
        try:
            self.store.site_secret()
        except KioskError as err:
            return _failed("site_key", err)
        return DoctorCheck("site_key", "ok")

    def _targets(self, config: Config | None) -> tuple[list[DoctorCheck], datetime | None]:
        """One `sync_target` check per [[sync.targets]] table, and one `central_schema` per
        postgres one; the database server's clock when one answered (for the clock check)."""
        if config is None:
            return [DoctorCheck("sync_target", "skip", "config_invalid")], None
        if not config.sync_targets:
            return [DoctorCheck("sync_target", "skip", "no_targets")], None
        context = BuildContext(
            self.store.data_dir, lambda _: b"", self.env, None, lambda _: [], self.store.install_id
        )
        checks: list[DoctorCheck] = []
        server_now: datetime | None = None
        for target in config.sync_targets:
            name = target_name(target)
            destination = self._build(target, context, name)
            try:
                destination.probe()
            except KioskError as err:
                checks.append(_failed("sync_target", err, name))
                if target.kind == "postgres":
                    checks.append(DoctorCheck("central_schema", "skip", "unreachable", name))
                continue
            checks.append(DoctorCheck("sync_target", "ok", target=name))
            if target.kind == "postgres":
                checks.append(self._schema(destination, name))
                server_now = server_now or self._server_now(destination)
        return checks, server_now

    def _build(self, target: Any, context: BuildContext, name: str) -> Destination:
        builder = self.builders.get(target.kind)
        try:
            if builder is None:
                problem = f"this kiosk cannot send to {target.kind} targets"
                raise StoreError("sync_target_invalid", target=name, problem=problem)
            return builder(target, context)
        except StoreError as err:
            return BrokenTarget(target.kind, name, err)

    @staticmethod
    def _schema(destination: Any, name: str) -> DoctorCheck:
        try:
            destination.check_schema()
        except KioskError as err:
            return _failed("central_schema", err, name)
        return DoctorCheck("central_schema", "ok", target=name)

    @staticmethod
    def _server_now(destination: Any) -> datetime | None:
        try:
            return destination.server_now()  # type: ignore[no-any-return]
        except KioskError:
            return None

    def _clock(self, watch: ClockWatch, server_now: datetime | None, config: Config) -> DoctorCheck:
        """Plausible: not before the first day of records, not behind the newest record,
        not far past it, no jump while the doctor ran, and (with a central database) close
        to the server's clock (the rules of services/clock_watch.py)."""
        status = watch.read()
        now = watch.clock.now().astimezone(config.timezone)
        details: dict[str, Any] = {"now": now.isoformat(timespec="seconds")}
        if status.jumped:
            details["drift_seconds"] = round(status.drift_seconds)
            return DoctorCheck("clock", "fail", "clock_jumped", details=details)
        if server_now is not None:
            status = watch.note_server_time(server_now)
            if status.server_off and status.server_skew_seconds is not None:
                details["skew_seconds"] = round(status.server_skew_seconds)
                return DoctorCheck("clock", "fail", "clock_server_off", details=details)
        try:
            first = self.store.first_day()
            newest = self._newest_record()
        except KioskError as err:
            return _failed("clock", err)
        if first is not None and now.date() < first:
            details["first_day"] = first.isoformat()
            return DoctorCheck("clock", "fail", "clock_before_first_day", details=details)
        if newest is not None:
            details["newest"] = newest.isoformat(timespec="seconds")
            tolerance = timedelta(seconds=config.jump_tolerance_seconds)
            if now < newest - tolerance:
                return DoctorCheck("clock", "fail", "clock_behind_records", details=details)
            if now - newest > timedelta(days=CLOCK_AHEAD_DAYS):
                details["days"] = (now - newest).days
                return DoctorCheck("clock", "fail", "clock_far_ahead", details=details)
        return DoctorCheck("clock", "ok", details=details)

    def _newest_record(self) -> datetime | None:
        """When the newest event of the newest day file was recorded."""
        if not self.store.data_dir.is_dir():
            return None
        days: list[date] = self.store.days.days()
        if not days:
            return None
        stamps = []
        for event in self.store.days.events(days[-1]):
            text = event.get("recorded_at") or event.get("at")
            try:
                stamps.append(datetime.fromisoformat(str(text)))
            except ValueError:
                continue
        aware = [s for s in stamps if s.tzinfo is not None]
        return max(aware) if aware else None

    def _terminal(self) -> DoctorCheck:
        if self.terminal is None:
            return DoctorCheck("terminal", "skip", "no_terminal")
        columns, rows = self.terminal
        details = {"columns": columns, "rows": rows, "min_columns": MIN_COLUMNS}
        details["min_rows"] = MIN_ROWS
        if columns < MIN_COLUMNS or rows < MIN_ROWS:
            return DoctorCheck("terminal", "fail", "terminal_small", details=details)
        return DoctorCheck("terminal", "ok", details=details)
