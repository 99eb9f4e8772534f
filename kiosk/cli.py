"""The `kiosk` command and the composition root: the one place that builds config, clock,
store and services and hands them to a subcommand or to the Textual app.

Every expected failure is a `KioskError`; it becomes one translated line (or one JSON object
with --json) and the exit code of the contract in design.md: 2 bad usage, 3 refused by a
rule, 4 store failure. Nothing a person types produces a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kiosk.clock import FAKE_NOW_ENV
from kiosk.commands.common import CliState, emit, pass_state
from kiosk.commands.help import DATA_DIR_ENV, DEFAULT_DATA_DIR, HelpGroup
from kiosk.errors import EXIT_STORE, KioskError, RefusedError, StoreError, UsageError
from kiosk.i18n import Translator, describe_error

if TYPE_CHECKING:
    from kiosk.central.feed import CentralFeed
    from kiosk.clock import Clock
    from kiosk.config import Config
    from kiosk.services.container import Services
    from kiosk.services.sync_targets import Builder
    from kiosk.store.site import Store

# Textual paints a dirty screen on its next frame, at most 60 a second by default: a result
# ready just after a frame waited up to 17 ms, a third of Enter-to-result (tests/bench). At
# 120 frames p99 fell from 49 to 40 ms. Only a changed screen repaints, so an idle kiosk
# costs nothing more. Textual's own setting is the TEXTUAL_FPS variable, read once when
# Textual is first imported: so it is set here, where a face starts, before that import.
FRAMES_PER_SECOND = 120
DEBUG_ENV = "KIOSK_DEBUG"
# Each subcommand's module, imported only when that command runs (or its help is shown):
# `kiosk punch` must not pay for the spreadsheet writer, the QR code maker, the central
# database's driver or Textual (tests/cli/test_import_hygiene.py).
LAZY_COMMANDS: dict[str, str] = {
    "staff": "kiosk.commands.staff:staff",
    "roster": "kiosk.commands.roster:roster",
    "leave": "kiosk.commands.roster:leave",
    "punch": "kiosk.commands.punch:punch",
    "check": "kiosk.commands.punch:check",
    "incident": "kiosk.commands.punch:incident",
    "badges": "kiosk.commands.badges:badges",
    "day": "kiosk.commands.day:day",
    "export": "kiosk.commands.export:export",
    "month": "kiosk.commands.month:month",
    "sync": "kiosk.commands.sync:sync",
    "verify": "kiosk.commands.verify:verify",
    "backup": "kiosk.commands.backup:backup",
    "restore": "kiosk.commands.backup:restore",
    "audit": "kiosk.commands.audit:audit",
    "central": "kiosk.commands.central:central",
    "serve": "kiosk.commands.serve:serve",
    "doctor": "kiosk.commands.doctor:doctor",
    "service": "kiosk.commands.service:service",
}


def sync_builders() -> dict[str, Builder]:
    """How each sync kind (kiosk/sync_kinds.py) is built: the services know folder and HTTP;
    the central database's builder is joined here, so kiosk.services never imports
    kiosk.central. Its driver is imported only when a sync to it is built."""
    from kiosk.services.sync_targets import LOCAL_BUILDERS

    def postgres(*args: Any, **kwargs: Any) -> Any:
        from kiosk.central.target import build_postgres

        return build_postgres(*args, **kwargs)

    return {**LOCAL_BUILDERS, "postgres": postgres}


def build_services(state: CliState) -> Services:
    """Wire the engine for a subcommand: its events are marked as coming from the CLI, so
    a punch typed at the shell (possibly with --at) can be told from a scan at the kiosk."""
    services = wire_services(state.data_dir, source="cli")
    upgraded = services._upgraded  # type: ignore[attr-defined]
    if upgraded is not None:  # said once, on stderr (stdout stays for --json)
        tr = Translator(state.lang or services.config.language)
        line = tr.t(
            "upgrade.done", found=upgraded.found, now=upgraded.now, backup=upgraded.backup.path
        )
        click.echo(line, err=True)
    return services


def build_doctor(state: CliState, terminal: tuple[int, int] | None, min_free_mb: int | None) -> Any:
    """`kiosk doctor`'s service: the store and the sync builders, but not the engine, whose
    wiring stops at a broken config (the doctor must report that and check the rest)."""
    from kiosk.clock import clock_from_env
    from kiosk.config import default_config_text, parse_config
    from kiosk.services.doctor import DoctorService
    from kiosk.store.site import Store

    store = Store(state.data_dir)

    def read_config() -> Config:
        return parse_config(store.read_config_text(), str(store.config_path), store.config_path)

    def make_clock(config: Config) -> Clock:
        try:
            return clock_from_env(dict(os.environ), config.timezone)
        except ValueError:
            raise UsageError("bad_fake_now", value=os.environ.get(FAKE_NOW_ENV, "")) from None

    fallback = parse_config(default_config_text())
    return DoctorService(
        store, read_config, fallback, make_clock, sync_builders(), os.environ, terminal,
        min_free_mb,
    )  # fmt: skip


def wire_services(
    data_dir: Path,
    clock: Clock | None = None,
    source: str = "kiosk",
    via: str | None = None,
    scheduler_sends: bool = False,
) -> Services:
    """The one place services are built. `clock` is injected by tests; otherwise the system
    clock, or `KIOSK_FAKE_NOW`'s running clock. `source` is stored on every punch; `via`
    (default: the source) on every audit entry, with the computer account.

    What every command needs (the store opened and guarded, the config, the clock, the
    first clock reading) is done here and now; each service is a factory below, built when
    first used (kiosk/services/container.py), so a command imports and builds only its own.
    `scheduler_sends`: a running face, whose scheduler sends what a close or a lead's change
    queues (the screens must not wait for a target that is down), from the moment the end
    of day is built: not before the first frame, which has no use for it."""
    from kiosk.clock import clock_from_env
    from kiosk.config import parse_config
    from kiosk.services.clock_watch import ClockWatch
    from kiosk.services.container import Services
    from kiosk.services.first_day import FirstDay
    from kiosk.services.month_seal import MonthSeal
    from kiosk.store.site import Store

    store = Store(data_dir)
    store.open()
    # A signed-off month's days may not change: the store asks before every write to a day
    # (a day file append, a roster or leave row), the services for a change from a date.
    seal = MonthSeal(store.months, store.audit)
    store.guard_days(seal.require_open)
    config = parse_config(store.read_config_text(), str(store.config_path), store.config_path)
    if clock is None:
        try:
            clock = clock_from_env(dict(os.environ), config.timezone)
        except ValueError:
            raise UsageError("bad_fake_now", value=os.environ.get(FAKE_NOW_ENV, "")) from None
    clock_watch = ClockWatch(clock, config.jump_tolerance_seconds)
    clock_watch.read()  # the first reading is the trusted one
    from kiosk.services.upgrade import upgrade

    def backups() -> Any:
        from kiosk.services.backup import BackupService

        return BackupService(store, config, clock)

    upgraded = upgrade(data_dir, backups)  # an older kiosk's folder: once, backup first
    store.start_signing(clock.now().astimezone(config.timezone).date())
    tr = Translator(config.language)
    services = Services(
        service_factories(store, config, clock, seal, tr, data_dir, source, via, scheduler_sends),
        config=config,
        clock=clock,
        store=store,
        clock_watch=clock_watch,
    )
    services.keep("_upgraded", upgraded)
    first_day = FirstDay(store, services.audit.began_on)
    first_day.note()  # at `kiosk init`; an older folder on its first run of this version
    services.keep("_first_day", first_day)
    return services


def service_factories(
    store: Store,
    config: Config,
    clock: Clock,
    seal: Any,
    tr: Translator,
    data_dir: Path,
    source: str,
    via: str | None,
    scheduler_sends: bool = False,
) -> dict[str, Callable[[Services], Any]]:
    """How each service is built from the others (Services builds each on first use).
    Pieces shared by several services (the live feed, the records check, the first day)
    are kept on the container under private names, so each exists once."""

    def audit(s: Services) -> Any:
        from kiosk.services.audit import AuditTrail

        return AuditTrail(
            store.audit, store.people, clock, config, via or source, computer_account(),
            store.signed_since,
        )  # fmt: skip

    def staff(s: Services) -> Any:
        from kiosk.services.staff import StaffService

        # A browser tab is one session: it gets its own share of the PIN checks.
        limit = config.rules.pin_attempts_per_session_minute if via == "browser" else None
        return StaffService(store.people, store.pins, config, clock, s.audit, limit)

    def leave(s: Services) -> Any:
        from kiosk.services.leave import LeaveService

        return LeaveService(store.people, s.staff, clock, s.audit)

    def roster(s: Services) -> Any:
        from kiosk.services.roster import RosterService

        return RosterService(store.people, config, s.staff, s.leave, s.audit)

    def feed(s: Services) -> Any:
        # The board's and the punch's live link are one: they rest together.
        return live_feed(config, clock, store)

    def board(s: Services) -> Any:
        from kiosk.services.board import BoardService

        return BoardService(store.days, config, clock, s.roster, s._feed)  # type: ignore[attr-defined]

    def records(s: Services) -> Any:
        from kiosk.services.records_check import RecordsCheck

        # When signing began: as the signed trail recorded it, over chain.json (which is not
        # signed: a later date there would pass a day stripped of its signatures as "legacy").
        audit = s.audit
        return RecordsCheck(
            store.record_key,
            lambda: audit.trail_signed_since() or store.signed_since(),
            store.days.lines,
        )

    def day_close(s: Services) -> Any:
        from kiosk.services.day_close import DayCloseService

        first_day = s._first_day  # type: ignore[attr-defined]
        service = DayCloseService(
            store.days,
            config,
            clock,
            s.board,
            s._records,
            s.audit.head,
            first_day.get,  # type: ignore[attr-defined]
        )
        service.frozen = seal.sealed
        return service

    def punch(s: Services) -> Any:
        from kiosk.services.punch import PunchService

        service = PunchService(
            store.days,
            config,
            clock,
            s.staff,
            s.roster,
            source,
            s._feed,  # type: ignore[attr-defined]
        )
        service.watch = s.clock_watch
        return service

    def appearance(s: Services) -> Any:
        from kiosk.services.appearance import AppearanceService

        return AppearanceService(store.days, config, clock, s.staff)

    def scan(s: Services) -> Any:
        from kiosk.services.scan import ScanService

        return ScanService(s.staff, store.site_secret)

    def sync(s: Services) -> Any:
        from kiosk.services.sync import SyncService

        service = SyncService(
            store.outbox, s.day_close, config, clock, tr, data_dir, os.environ,
            install_id=store.install_id, builders=sync_builders(),
        )  # fmt: skip
        service.clock_watch = s.clock_watch
        s.keep("sync", service)  # the month sign-off links back to this one
        service.months = s.months  # approvals are sent by every sync run, like closed days
        return service

    def end_of_day(s: Services) -> Any:
        from kiosk.services.end_of_day import EndOfDayService

        day_close, sync = s.day_close, s.sync
        if "end_of_day" in s.built():  # the sync's month sign-off asked for it: that one
            return s.end_of_day
        service = EndOfDayService(day_close, sync)
        if scheduler_sends:
            s.keep("end_of_day", service)  # the scheduler is built from this one
            s.scheduler.take_over_sending()
        return service

    def scheduler(s: Services) -> Any:
        from kiosk.services.scheduler import EndOfDayScheduler

        end_of_day = s.end_of_day
        if "scheduler" in s.built():  # building the end of day that sends built it
            return s.scheduler
        service = EndOfDayScheduler(end_of_day, clock)
        service.watch = s.clock_watch
        if config.backup_keep > 0:  # [backup] keep: a backup after each automatic close
            service.after_close = lambda: s.backup.daily()
        return service

    def exports(s: Services) -> Any:
        from kiosk.services.exports import ExportService

        first_day = s._first_day  # type: ignore[attr-defined]
        service = ExportService(store.days, config, s._records, s.day_close.today, first_day.get)  # type: ignore[attr-defined]
        service.approvals = lambda month: seal.state(month).approval  # the 考勤表's title
        return service

    def months(s: Services) -> Any:
        from kiosk.services.month_signoff import MonthSignoffService

        return MonthSignoffService(
            seal, store.months, s.day_close, s.exports, s.end_of_day, s.staff, store.people,
            s.audit, config, clock, tr,
        )  # fmt: skip

    def month_plan(s: Services) -> Any:
        from kiosk.services.month_plan import MonthPlanService

        return MonthPlanService(store.people, config, s.staff, s.roster, s.end_of_day)

    def lead(s: Services) -> Any:
        from kiosk.services.lead import LeadService

        return LeadService(
            s.end_of_day, s.punch, s.appearance, s.leave, s.roster, s.staff, s.month_plan
        )

    def month_so_far(s: Services) -> Any:
        from kiosk.services.month_so_far import MonthSoFarService

        return MonthSoFarService(store.days, s.exports, s.board, s.month_plan)

    def verify(s: Services) -> Any:
        from kiosk.services.verify import VerifyService

        return VerifyService(store.days, s.day_close, s._records, data_dir, s.audit, store.months)  # type: ignore[attr-defined]

    def backup(s: Services) -> Any:
        from kiosk.services.backup import BackupService

        return BackupService(store, config, clock)

    def badges(s: Services) -> Any:
        from kiosk.services.badges import BadgeService

        return BadgeService(store.site_secret, data_dir / "badges")

    def dates(s: Services) -> Any:
        from kiosk.services.dates import DateRange

        return DateRange(config, s.day_close.today, s._first_day.get)  # type: ignore[attr-defined]

    built: dict[str, Callable[[Services], Any]] = {
        "audit": audit, "staff": staff, "leave": leave, "roster": roster, "_feed": feed,
        "board": board, "_records": records, "day_close": day_close, "punch": punch,
        "appearance": appearance, "scan": scan, "sync": sync, "end_of_day": end_of_day,
        "scheduler": scheduler, "exports": exports, "months": months,
        "month_plan": month_plan, "lead": lead, "month_so_far": month_so_far,
        "verify": verify, "badges": badges, "dates": dates, "backup": backup,
    }  # fmt: skip
    return built


def computer_account() -> str:
    """The account this process runs as, for the audit trail ("uid 1000" when the system
    has no name for it, as in some containers)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def live_feed(config: Config, clock: Clock, store: Store) -> CentralFeed | None:
    """The live link to the central database, when a `postgres` target names a DSN that is
    set in this environment; otherwise the kiosk decides from its own records alone."""
    for target in config.sync_targets:
        if target.kind == "postgres":  # only then its modules (a punch without one: none)
            from kiosk.central.connection import check_dsn
            from kiosk.central.feed import CentralFeed
            from kiosk.central.target import central_dsn

            try:
                dsn = central_dsn(target.options, os.environ)
                check_dsn(dsn)
                install_id = store.install_id()
            except KioskError:
                return None  # the sync run reports why, per target
            return CentralFeed(dsn, config.kiosk_id, install_id, clock)
    return None


def report_failure(state: CliState | None, err: KioskError) -> int:
    """Print one translated line (or JSON object) for an expected failure; the exit code."""
    import json

    tr = state.tr if state else Translator("zh")
    message = message_for(err, tr)
    if state is not None and state.json:
        key = "refused" if isinstance(err, RefusedError) else "error"
        click.echo(
            json.dumps(
                {key: err.code, "message": message, **_plain(err.params)}, ensure_ascii=False
            )
        )
    else:
        click.echo(message, err=True)
    return err.exit_code


def message_for(err: KioskError, tr: Translator) -> str:
    return describe_error(err, tr)


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if isinstance(v, str | int | float | bool)}


def _stdout_reader_gone() -> bool:
    """True when stdout is a pipe whose reading end has been closed."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush cannot raise BrokenPipeError again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class KioskGroup(HelpGroup):
    """Turns every failure inside a subcommand into a message and an exit code (and, as
    every command, takes its help from the catalogs). Subcommands named in LAZY_COMMANDS
    are imported when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            from importlib import import_module

            self.add_command(getattr(import_module(module_name), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def listed(self, ctx: click.Context, name: str) -> bool:
        """A command not yet imported is listed without importing it (every command in
        LAZY_COMMANDS is a public one): `kiosk --help` reads its line from the catalog and
        need not load the sync's HTTP client, the spreadsheet writer or the QR maker."""
        if name in LAZY_COMMANDS and name not in self.commands:
            return True
        return super().listed(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KioskError as err:
            ctx.exit(report_failure(ctx.find_object(CliState), err))
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError as err:
            if not _stdout_reader_gone():  # a socket or another pipe: a real failure
                _report_internal(ctx, err)
            _silence_stdout()  # `kiosk staff list | head`: the reader left; not a failure
            ctx.exit(0)
        except Exception as err:  # the last line of defence: one line, never a traceback
            _report_internal(ctx, err)


def _report_internal(ctx: click.Context, err: Exception) -> None:
    if os.environ.get(DEBUG_ENV):
        import traceback

        traceback.print_exc()
    internal = KioskError("internal", detail=f"{type(err).__name__}: {err}")
    internal.exit_code = EXIT_STORE
    ctx.exit(report_failure(ctx.find_object(CliState), internal))


@click.group(cls=KioskGroup, invoke_without_command=True)
@click.option(
    "--data-dir",
    envvar=DATA_DIR_ENV,
    default=DEFAULT_DATA_DIR,
    show_default=True,
    type=click.Path(file_okay=False),
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.version_option(package_name="shift-kiosk")
@click.pass_context
def cli(ctx: click.Context, data_dir: str, lang: str | None) -> None:
    """shift-kiosk: the front-desk shift kiosk. Without a command, starts the kiosk screen."""
    ctx.obj = CliState(Path(data_dir), lang, build_services, doctor=build_doctor)
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@cli.command()
@pass_state
def run(state: CliState) -> None:
    """Start the kiosk screen (Textual)."""
    prefer_frame_rate()
    pause_collection()
    from screens.app import KioskApp

    run_screen(state, KioskApp)


@cli.command("lead-desk", hidden=True)
@pass_state
def lead_desk(state: CliState) -> None:
    """One browser tab of `kiosk serve`: the lead's screens only (started by textual-serve)."""
    prefer_frame_rate()
    pause_collection()
    from screens.lead_desk import LeadDeskApp

    run_screen(state, LeadDeskApp, via="browser")


def prefer_frame_rate() -> None:
    """Ask Textual for the kiosk's frame rate (a person's own TEXTUAL_FPS wins)."""
    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))


def pause_collection() -> None:
    """No garbage collection while a face starts: loading Textual and the screens makes
    objects by the hundred thousand, and the collections they set off cost a cold start
    about a twentieth. The App collects once, freezes the survivors and turns collection
    back on after its first frame (screens/app.py `collect_garbage`)."""
    import gc

    gc.disable()


def run_screen(state: CliState, app_class: Any, via: str = "kiosk") -> None:
    """Run a Textual face of the kiosk until it is quit, restarting it after a crash."""
    from kiosk.allocator import return_freed_memory

    return_freed_memory()  # months in one process: freed buffers go back (kiosk/allocator.py)
    services = wire_services(state.data_dir, via=via, scheduler_sends=True)
    services.store.check_writable()  # before the log file, and before anyone queues
    services.store.tighten()  # a folder an older kiosk left readable by everyone
    services.store.create_log()  # private, before logging opens it
    from kiosk.store.log_file import start_logging
    from screens.app import supervise

    # The screen owns the terminal: tracebacks of unexpected failures go to a file for IT
    # (rotated, private, secrets masked), while staff see one translated sentence.
    config = services.config
    start_logging(services.store.log_path, config.log_max_mb * 1024 * 1024, config.log_keep_files)
    lang = state.lang or services.config.language
    if supervise(lambda: app_class(services, lang=lang)) != 0:
        raise StoreError("kiosk_crashing", path=str(services.store.log_path))


@cli.command()
@click.option("--demo", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def init(state: CliState, demo: bool, as_json: bool) -> None:
    """Write the default config and the site key into the data folder (keeps existing ones);
    its services note today as the first day of records (services/first_day.py), once."""
    from kiosk.config import default_config_text
    from kiosk.store.site import Store

    state.json = as_json
    store = Store(state.data_dir)
    store.create()
    store.tighten()  # `kiosk init` on a folder an older kiosk made readable by everyone
    wrote_config = store.write_config_text(default_config_text())
    store.ensure_site_secret()
    services = state.services()
    existing = len(services.staff.all())
    if demo and existing:
        raise UsageError("demo_needs_empty", count=existing)
    lines = [state.tr.t("init.done", path=state.data_dir)]
    if not wrote_config:
        lines.append(state.tr.t("init.config_kept", path=store.config_path))
    payload: dict[str, Any] = {"data_dir": str(state.data_dir), "config_written": wrote_config}
    if demo:
        payload["demo"] = _add_demo(services)
        leads = ", ".join(payload["demo"]["leads"])
        lines.append(state.tr.t("init.demo", count=payload["demo"]["staff"], leads=leads))
    emit(state, "\n".join(lines), payload)


def _add_demo(services: Services) -> dict[str, Any]:
    """Demo staff from the shipped CSV; today one person is off and one phoned in sick."""
    from importlib import resources

    text = resources.files("kiosk").joinpath("defaults", "demo_staff.csv").read_text("utf-8")
    services.staff.import_csv(text)
    today = services.clock.now().date()
    members = services.staff.all()
    staff_only = [m for m in members if not m.lead]
    if len(staff_only) >= 2:
        services.roster.set(staff_only[2 % len(staff_only)].id, today, "rest")
        if services.leave.covering(staff_only[3 % len(staff_only)].id, today) is None:
            services.leave.add(
                staff_only[3 % len(staff_only)].id,
                "sick",
                today,
                phoned=True,
                note="demo: phoned in at 07:10",
            )
    return {"staff": len(members), "leads": [f"{m.id} PIN 1234" for m in members if m.lead]}


# A group run without a subcommand raises this (click 8.2+; 8.1 printed the help itself).
_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: every outcome is an exit code and at most one line."""
    try:
        outcome = cli.main(args=argv, prog_name="kiosk", standalone_mode=False)
    except _NO_ARGS_IS_HELP as err:  # `kiosk staff`: its help, not a hint to ask for it
        err.show()
        sys.exit(err.exit_code)
    except click.UsageError as err:
        where = err.ctx.command_path if err.ctx else "kiosk"
        click.echo(f"{err.format_message()} (see: {where} --help)", err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.Abort:
        sys.exit(1)
    except KioskError as err:  # raised outside a subcommand (should not happen)
        sys.exit(report_failure(None, err))
    sys.exit(outcome if isinstance(outcome, int) else 0)
