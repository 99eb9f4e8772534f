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

import gc
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import events, work
from textual._styles_cache import StylesCache
from textual.app import App
from textual.screen import Screen

from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.services.container import Services
from screens.dialogs.error import ErrorDialog
from screens.failures import log_failure
from screens.home import HomeScreen
from screens.result import ResultScreen, ResultView

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

    def make_home(self) -> HomeScreen:
        """The screen everything returns to: the staff's scan screen at the kiosk."""
        return HomeScreen(self.services, self.tr)

    def on_mount(self) -> None:
        self.title = self.tr.t("home.title")
        self.push_screen(self.home)
        self.set_interval(self.TICK_SECONDS, self.tick)
        # A day missed while the kiosk was off is closed at start: just after the home
        # screen's first frame, as asking the scheduler builds the close and the sync.
        self.call_after_refresh(self.drive_scheduler)
        self._gc_thresholds = gc.get_threshold()
        # Full (generation 2) collections take 50-100 ms with a screen's worth of objects:
        # at a random moment they land between someone's Enter and their result. So the
        # kiosk collects fully when idle on the home screen (`tick`), and never on its own.
        gc.set_threshold(self._gc_thresholds[0], self._gc_thresholds[1], 1_000_000_000)
        self.call_after_refresh(self.collect_garbage)
        if self.services.config.show_month:
            self.call_after_refresh(self.read_month_ahead)

    def on_unmount(self) -> None:
        gc.set_threshold(*self._gc_thresholds)
        gc.unfreeze()

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
        gc.unfreeze()
        gc.collect()
        gc.freeze()
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
        """Hand the scheduler a tick when it has something to do (cheap to ask)."""
        if self.services.scheduler.due():
            self.run_scheduler()

    @work(thread=True, exclusive=True, group="scheduler")
    def run_scheduler(self) -> None:
        """Close what is due and send what should go (kiosk/services/scheduler.py). A day it
        could not close is on the home status line (scheduler.problem); anything else
        unexpected is logged for IT and tried again at the next tick."""
        try:
            ran = self.services.scheduler.tick(close_days=self.CLOSES_DAYS)
        except Exception as err:
            log_failure(err)
            return
        if ran is not None and (ran.did_anything or ran.closed.problems):
            self.call_from_thread(self.scheduler_ran)

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
