"""The kiosk App: locked down, idle-aware, and the one place failures become a dialog.

Lock-down: no inherited bindings (ctrl+q, ctrl+c do nothing), no command palette, and only
F-keys bound anywhere, because a badge scanner types printable characters into whatever has
focus. Leaving needs a lead's PIN (lead mode, F12).

Idle: every key or click touches `last_input`; a tick compares the injected clock with it and
times out the top screen (a result after `result_seconds`, a signed-in lead's screens after
`lead_idle_seconds`, anything else after `idle_seconds`), which returns home and so logs a
lead out.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual._styles_cache import StylesCache
from textual.app import App
from textual.screen import Screen

from kiosk.domain.names import learn_names
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.services.container import Services
from screens.dialogs.error import ErrorDialog
from screens.failures import log_failure
from screens.home import HomeScreen
from screens.result import ResultScreen, ResultView

if TYPE_CHECKING:
    from screens.lead.board_table import BoardCells

log = logging.getLogger("kiosk")


class KioskApp(App[None], inherit_bindings=False):
    """Full-screen kiosk; services arrive from kiosk.cli, never built here."""

    ENABLE_COMMAND_PALETTE = False
    TICK_SECONDS = 0.5
    GC_IDLE_SECONDS = 2  # quiet this long on the home screen: a good moment to collect
    garbage_since_collect = True
    # Notices appear bottom right, above the F-key lines: at the top they covered the day's
    # counts the lead reads after each change.
    CSS = "ToastRack { dock: bottom; align: right bottom; margin: 0 0 3 0; }"
    # Screen classes for the sizes the kiosk meets: 80x24 (narrow, short) up to 160x45
    # (wide, tall); each screen's .tcss lays itself out for them.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]

    def __init__(self, services: Services, lang: str = "zh") -> None:
        super().__init__()
        self.crashed = False
        self.services = services
        self.tr = Translator(lang)
        self.last_input: datetime = services.clock.now()
        self.home = self.make_home()
        self.result_screen: ResultScreen | None = None  # made at the first result, then kept
        # Everyone's board cells, made at start and kept for each board a lead opens.
        self.board_cells: BoardCells | None = None

    def make_home(self) -> HomeScreen:
        """The screen everything returns to: the staff's scan screen at the kiosk."""
        return HomeScreen(self.services, self.tr)

    def on_mount(self) -> None:
        self.title = self.tr.t("home.title")
        self.leave_on_sigterm()
        self._gc_thresholds = gc.get_threshold()
        self.set_interval(self.TICK_SECONDS, self.tick)
        self.call_later(self.after_home_mounted, self.push_screen(self.home))
        # Full (generation 2) collections take 50-100 ms with a screen's worth of objects:
        # at a random moment they land between someone's Enter and their result. So the
        # kiosk collects fully when idle on the home screen (`tick`), and never on its own.
        gc.set_threshold(self._gc_thresholds[0], self._gc_thresholds[1], 1_000_000_000)

    async def after_home_mounted(self, mounted: Awaitable[Any]) -> None:
        """Nothing but the home screen before its first frame (tests/ui/test_start_order.py):
        once it is mounted, the next refresh is that frame, and the rest of the start-up
        follows it."""
        await mounted
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """Ready the first scan: its result screen composed now (not between someone's
        Enter and their result) and, in a worker, the punch's services built and their
        modules loaded; then the scheduler (a day missed while the kiosk was off is closed
        at start) and the month ahead. Then a full collection, and the survivors frozen."""
        if self.SCANS:
            self.prepare_result_screen()
        self.warm_up()
        start_status = getattr(self.home, "start_status", None)
        if callable(start_status):
            start_status()
        if self.services.config.show_month:
            self.read_month_ahead()
        self.collect_garbage()

    SCANS = True  # the kiosk's home takes scans; a browser tab's does not

    def prepare_result_screen(self) -> None:
        """Compose and mount the one result screen (`show_result`) without showing it: its
        style sheet, widgets and layout cost the first scan's result 30-60 ms otherwise.
        Textual mounts an installed screen on its first push; this does now what that push
        would (App._get_screen), on Textual's pinned private API, checked by a test."""
        if self.result_screen is not None:
            return
        screen = self.result_screen = ResultScreen(self.services, self.tr, ResultView.blank())
        self.install_screen(screen, "result")
        self._load_screen_css(screen)
        self._register(self, screen)

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """Build what a scan and the scheduler use, off the event loop: the first scan and
        the first tick then find them built (their modules take a kiosk 100-200 ms to load)."""
        try:
            if self.SCANS:
                self.services.scan  # noqa: B018 (built on first use)
                self.services.punch  # noqa: B018
            due = self.services.scheduler.due()
        except Exception as err:  # said again, where it matters, when first used
            log_failure(err)
            due = False
        if self.SCANS:
            self.read_days_ahead()
        if due:  # a day missed while the kiosk was off: closed now, in this same worker,
            self.tick_scheduler()  # so that start-up is one piece of work, done before scans
        self.call_from_thread(self.warmed_up)

    warming = True  # until the warm-up is done, the tick leaves the scheduler to it

    def warmed_up(self) -> None:
        self.warming = False
        self.garbage_since_collect = True  # what the warm-up built: collected when idle

    def on_unmount(self) -> None:
        self.release_collection()
        gc.set_threshold(*self._gc_thresholds)
        gc.unfreeze()

    # A scan's way from Enter to its result painted makes a few thousand objects: with the
    # collector on, five or six young collections (0.3-1 ms each) landed inside it. So a
    # scan holds automatic collection off until the next tick but one (0.5-1 s later, long
    # after its result is painted); the tick lets it go, and what the scan made is collected
    # then, between scans. One hold never lasts longer, so a queue of scans cannot keep the
    # collector off (tests/ui/test_scan_collection.py).
    HOLD_TICKS = 2
    collection_held = False
    held_ticks = 0

    def hold_collection(self) -> None:
        """No automatic collection until this scan's result is painted (see HOLD_TICKS).
        Nothing to hold while collection is off anyway (start-up, before the first frame)."""
        if self.collection_held or not gc.isenabled():
            return
        gc.disable()
        self.collection_held = True
        self.held_ticks = 0

    def release_collection(self) -> None:
        if self.collection_held:
            self.collection_held = False
            gc.enable()

    def collect_garbage(self) -> None:
        """A full collection, then freeze the survivors so the automatic (young) collections
        between scans skip them. Unfrozen first: what an earlier idle moment froze and has
        since been dropped (a closed screen, a board's rows) sits in reference cycles that
        only a collection of it frees (tests/ui/test_idle_collect.py, the soak test).

        Textual 8.2.8's `StylesCache.get_inner_outer` is an lru_cache(1024) on a method, so
        its keys hold each painted widget's StylesCache, with every line it rendered, long
        after the widget is gone: 150,000 objects of closed boards and dialogs, 17 MB, by
        the soak's day 8. Emptied here; the live widgets refill it with their next paint (two Styles
        each, cheap)."""
        StylesCache.get_inner_outer.cache_clear()
        self.collection_held = False  # turned back on below in any case
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        gc.enable()  # `kiosk run` starts with collection off (kiosk/cli.py pause_collection)
        self.garbage_since_collect = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.touch()
        if isinstance(event, events.Key) and self.route_key(event):
            return
        await super().on_event(event)

    def route_key(self, event: events.Key) -> bool:
        """Let the top screen take a key here, in arrival order, before Textual queues it.

        A scanner types a whole payload and Enter before the first key is handled. Textual
        queues every key on the screen that was on top when the key arrived, so a result
        screen that closes on the first key would still receive the rest (and its Enter
        would open the previous person's checklist). Screens between scans therefore decide
        here, synchronously, and the keys after the first already go to the home screen."""
        if event.key in ("tab", "shift+tab"):
            # Moving between fields happens now, not when the key is handled, so the
            # characters typed right after a Tab land in the next field.
            screen = self.screen
            screen.focus_next() if event.key == "tab" else screen.focus_previous()
            return True
        route = getattr(self.screen, "route_key", None)
        return bool(route is not None and route(event))

    # -- idle ---------------------------------------------------------------------------------
    def touch(self) -> None:
        """Someone is using the kiosk (or a screen has just been shown): restart the idle time."""
        self.last_input = self.services.clock.now()
        self.garbage_since_collect = True

    # -- the end of day -----------------------------------------------------------------------
    CLOSES_DAYS = True  # the kiosk closes days by itself; a browser tab only sends

    def drive_scheduler(self) -> None:
        """Hand the scheduler a tick when it has something to do (cheap to ask, once the
        warm-up has built it: the event loop never builds it)."""
        if self.warming:
            return
        if self.services.scheduler.due():
            self.run_scheduler()

    @work(thread=True, exclusive=True, group="scheduler")
    def run_scheduler(self) -> None:
        self.tick_scheduler()

    def tick_scheduler(self) -> None:
        """Close what is due and send what should go (kiosk/services/scheduler.py), in a
        worker thread. A day it could not close is on the home status line
        (scheduler.problem); anything else unexpected is logged for IT and tried again at
        the next tick."""
        try:
            ran = self.services.scheduler.tick(close_days=self.CLOSES_DAYS)
        except Exception as err:
            log_failure(err)
            return
        if ran is not None and (ran.did_anything or ran.closed.problems):
            self.call_from_thread(self.scheduler_ran)

    def read_days_ahead(self) -> None:
        """Today's day file, read once at start so the first scan does not pay for it, and
        today's board rows, kept from then on (services/row_cache.py), and their cells, so
        the lead's first board does not either (at 5,000 staff, a second each); a damaged
        file is said by the punch or the board that needs it."""
        try:
            self.services.punch.read_ahead()
            rows = self.services.board.rows()
            learn_names(row.staff.name for row in rows)  # the board's sort and search
            # Imported here, in the worker: the board and its tools are a third of start-up.
            from screens.lead.board import NARROW
            from screens.lead.board_table import BoardCells

            cells = self.board_cells or BoardCells(self.tr)
            cells.made_ahead(rows, self.current_theme, self.size.width < NARROW)
            self.board_cells = cells
        except Exception as err:
            log_failure(err)

    @work(thread=True, exclusive=True, group="month-ahead")
    def read_month_ahead(self) -> None:
        """The month's closed days, read once at start for the line under each punch's
        result (kiosk/services/month_so_far.py); a damaged file is said when it is needed."""
        try:
            self.services.month_so_far.warm(self.services.day_close.today())
        except Exception as err:
            log_failure(err)

    def scheduler_ran(self) -> None:
        """A day was closed or sent: the home screen's status line says so at once."""
        refresh = getattr(self.home, "read_status", None)
        if callable(refresh):
            refresh()

    def tick(self) -> None:
        """Time out the top screen once it has been left alone long enough."""
        if not self.screen_stack:  # the app is closing: nothing to time out
            return
        if self.collection_held:
            self.held_ticks += 1
            if self.held_ticks >= self.HOLD_TICKS:
                self.release_collection()
        self.drive_scheduler()
        screen = self.screen
        if screen is self.home:
            idle = (self.services.clock.now() - self.last_input).total_seconds()
            if self.garbage_since_collect and idle >= self.GC_IDLE_SECONDS:
                self.collect_garbage()
            return
        limit = getattr(screen, "TIMEOUT", "idle")
        config = self.services.config
        seconds = config.result_seconds if limit == "result" else None
        # A lead reading the board or working a dialog opened from it has longer.
        signed_in = any(getattr(s, "LEAD_MODE", False) for s in self.screen_stack)
        seconds = seconds or (config.lead_idle_seconds if signed_in else config.idle_seconds)
        idle = (self.services.clock.now() - self.last_input).total_seconds()
        if idle >= seconds:
            timed_out = getattr(screen, "time_out", None)
            if callable(timed_out):
                timed_out()
            else:
                self.go_home()

    def go_home(self) -> None:
        """Close every screen above home (this is also how lead mode logs out)."""
        while len(self.screen_stack) > 1 and self.screen is not self.home:
            self.pop_screen()
        self.touch()

    def show(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Push a screen and give it a full timeout from now."""
        self.touch()
        self.push_screen(screen, callback)

    def show_result(self, view: ResultView) -> None:
        """Show a scan's result on the one result screen, updated in place: composing a
        new screen per scan cost most of the time from Enter to the result painted. It is
        installed, so Textual keeps it mounted when it is popped. Should it still be on the
        stack (a result arriving under a dialog opened over the last one), a fresh one."""
        screen = self.result_screen
        if screen is None:
            screen = self.result_screen = ResultScreen(self.services, self.tr, view)
            self.install_screen(screen, "result")
        elif screen in self.screen_stack:
            screen = ResultScreen(self.services, self.tr, view)
        else:
            screen.present(view)
        self.show(screen)

    def notify(self, message: str, *, markup: bool = False, **options: Any) -> None:  # type: ignore[override]
        """Every notice is shown as text: it carries names and reasons, which are data."""
        super().notify(message, markup=False, **options)

    # -- failures -----------------------------------------------------------------------------
    def show_failure(self, err: KioskError) -> None:
        """The one error handler: a store failure (damaged file, full disk) gets a modal
        that must be read; anything else a person can fix is a red notification."""
        message = describe_error(err, self.tr)
        if err.exit_code >= 4:
            self.show(ErrorDialog(self.tr, message))
        else:
            self.notify(message, severity="error", timeout=8)

    # -- lock-down ----------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Staff cannot quit: only lead mode's F12 + PIN calls `leave_kiosk`."""

    async def action_help_quit(self) -> None:
        """ctrl+c does nothing at the kiosk."""

    def leave_kiosk(self) -> None:
        self.exit()

    def leave_on_sigterm(self) -> None:
        """`systemctl stop` (and a shutdown) sends SIGTERM: leave as a lead does, the
        terminal restored and exit 0, instead of dying with the console in raw mode.
        Every punch is on disk before its result shows, so nothing is lost either way."""
        with contextlib.suppress(NotImplementedError, RuntimeError):  # tests' threads, Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)

    # -- a bug must not leave a traceback on the front desk ----------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """An exception no handler expected: log it with its traceback for IT and mark the
        run as crashed, so `supervise` starts a fresh kiosk instead of leaving a dead one.
        (Overrides Textual's private hook; Textual is pinned, and a test covers this.)"""
        log.error("unexpected failure; restarting the kiosk screen", exc_info=error)
        self.crashed = True
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Exit without printing the traceback on the staff's screen (it is in kiosk.log)."""
        self.bell()
        self._close_messages_no_wait()


def supervise(make_app: Callable[[], KioskApp], max_crashes: int = 5, **run: Any) -> int:
    """Run the kiosk until a lead quits it; start it again after a crash.

    Punches are on disk before the screen shows them, so a restart loses nothing. More than
    `max_crashes` crashes within ten minutes means something is badly wrong: stop, exit 4.
    """
    crashes: list[datetime] = []
    while True:
        app = make_app()
        app.run(**run)
        if not app.crashed:
            return 0
        now = app.services.clock.now()
        crashes = [t for t in crashes if (now - t).total_seconds() < 600] + [now]
        if len(crashes) > max_crashes:
            return 4
