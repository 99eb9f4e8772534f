"""Home: the big clock, today's shifts, and the scan field that never loses focus.

A scan (badge payload + Enter) is identified and punched in one worker thread; a typed staff
ID asks for the person's PIN first. Every outcome, success or refusal, is shown on the result
screen in the app's language.
"""

from __future__ import annotations

from datetime import datetime

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Digits, Input, Static

from kiosk.badges import MAX_SCAN_CHARS
from kiosk.errors import RefusedError, UsageError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.punch import describe_shift
from kiosk.presentation.sync import status_words
from kiosk.services.clock_watch import clock_warning
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.base import KioskScreen
from screens.dialogs.confirm import EarlyLeaveDialog
from screens.dialogs.pin import PinDialog
from screens.failures import as_kiosk_error, log_failure
from screens.lead.login import LeadLoginDialog
from screens.messages import (
    PinNeeded,
    PunchNeedsConfirmation,
    PunchRecorded,
    ScanFailed,
    StatusRead,
)
from screens.punch_line import PunchLine
from screens.result import ResultView
from screens.widgets.plain import Plain
from screens.widgets.scan_field import ScanField

ETIQUETTE_LINES = 12  # etiquette.1 .. etiquette.12 in the catalogs


class HomeScreen(KioskScreen[None]):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#scan"
    BINDINGS = [Binding("f2", "lead_mode", show=False)]
    STATUS_SECONDS = 30.0

    def __init__(self, services: Services, tr: Translator) -> None:
        super().__init__(services, tr)
        self.punch_line = PunchLine(self.drain_punch_line, log_failure)

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        tr, config = self.tr, self.services.config
        with Horizontal(id="top"):
            yield Plain(f"{tr.t('home.title')} · {config.kiosk_id}", id="title")
            yield Plain("", id="date")
        with Center(id="clock-row"):
            yield Digits("", id="clock")
        with Horizontal(id="shifts"):
            for shift in config.shifts.values():
                text = describe_shift(shift, tr, shift.start, shift.end)
                yield Plain(text, classes="shift")
        with Center(), Vertical(id="scan-box"):
            yield Plain(tr.t("home.prompt"), id="prompt")
            yield ScanField(
                placeholder=tr.t("home.scan_placeholder"),
                max_length=MAX_SCAN_CHARS,
                id="scan",
                clear_on_enter=True,
            )
            yield Plain("", id="working")
        yield Plain("", id="etiquette")
        with Horizontal(id="bottom"):
            yield Plain("", id="status")
            yield Plain(tr.t("home.keys"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#scan", Input).cursor_blink = False
        self.show_time()
        self.set_interval(1.0, self.show_time)
        self.set_interval(self.STATUS_SECONDS, self.read_status)

    status_started = False  # the first reading waits for the first frame

    def start_status(self) -> None:
        """The status line's first reading: the App asks for it after the first frame, as
        it builds the close and the sync, in a thread that would share the interpreter with
        painting that frame (tests/ui/test_start_order.py)."""
        self.status_started = True
        self.read_status()

    def on_screen_resume(self) -> None:
        self.done_working()  # left as it was while a result covered it
        self.focus_scan()
        self.show_time()
        if self.status_started:  # not at the first push: before the first frame
            self.read_status()

    def focus_scan(self) -> None:
        scan = self.query_one("#scan", Input)
        scan.disabled = False
        scan.focus()

    def receive_key(self, event: events.Key) -> None:
        """A key typed while another screen was on top: the next person's scan. It is queued
        on the scan field like any typed key, so it keeps its place before the keys that
        follow it."""
        scan = self.query_one("#scan", Input)
        scan.focus()
        scan.post_message(events.Key(event.key, event.character))

    def on_descendant_blur(self) -> None:
        """Nothing else on this screen may keep the focus: a scan must always land here."""
        self.call_after_refresh(self.focus_scan)

    def show_time(self) -> None:
        now = self.services.clock.now()
        self.query_one("#clock", Digits).update(now.strftime("%H:%M:%S"))
        self.show_day(now)

    def show_day(self, now: datetime) -> None:
        day = now.date()
        weekday = self.tr.weekday(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()])
        self.query_one("#date", Static).update(
            self.tr.t("home.date", date=day.isoformat(), weekday=weekday)
        )
        line = self.tr.t(f"etiquette.{day.toordinal() % ETIQUETTE_LINES + 1}")
        self.query_one("#etiquette", Static).update(self.tr.t("home.etiquette", line=line))

    # -- status line --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="status")
    def read_status(self) -> None:
        """Read today's state for the status line; a damaged file shows here before anyone
        scans, and so does a day the App's scheduler (kiosk/services/scheduler.py) could not
        close. Closing and sending are the scheduler's."""
        day_close, sync = self.services.day_close, self.services.sync
        try:
            self.services.store.check_writable()
            if self.services.scheduler.problem is not None:  # a day it cannot close
                raise self.services.scheduler.problem
            today = day_close.today()
            closed = day_close.latest(today) if day_close.is_closed(today) else None
            count = len(self.services.staff.all())
            sync_state = sync.status() if sync.configured else None
        except Exception as err:  # shown on the status line, never raised
            self.post_message(StatusRead(as_kiosk_error(err), 0, None, None))
            return
        closed_at = closed.closed_at if closed else None
        clock = self.services.clock_watch.read()
        self.post_message(StatusRead(None, count, closed_at, sync_state, clock))

    def on_status_read(self, message: StatusRead) -> None:
        tr = self.tr
        status = self.query_one("#status", Static)
        if message.store_problem is None:
            store = tr.t("status.store_ok")
            status.remove_class("problem")
        else:
            store = tr.t("status.store_failed", problem=describe_error(message.store_problem, tr))
            status.add_class("problem")
        closed_at = message.closed_at
        parts = [
            store,
            tr.t("status.staff_count", count=message.staff_count),
            tr.t("status.day_closed", time=closed_at.strftime("%H:%M"))
            if closed_at
            else tr.t("status.day_open"),
            status_words(message.sync_state, tr),
        ]
        warning = clock_warning(message.clock, tr) if message.clock else None
        if warning is not None:  # first: it is what the lead must act on
            parts.insert(0, warning)
            status.add_class("problem")
        link = self.services.board.peers
        if link is not None and not link.reachable:
            # Desks are not sharing punches right now: someone who checked in at another
            # desk is checked in again here, and the lead should know why.
            problem = link.problem
            if problem is None or problem.code == "central_unreachable":
                parts.append(tr.t("status.central_down"))
            else:
                parts.append(describe_error(problem, tr))
        status.update(" · ".join(parts))

    # -- scanning -----------------------------------------------------------------------------
    @on(Input.Submitted, "#scan")
    def scan_submitted(self, event: Input.Submitted) -> None:
        """The field was emptied at the Enter itself (ScanField): emptying it here would
        wipe the next badge's keys, already typed."""
        text = event.value
        if not text.strip():
            return
        self.show_working()
        self.record_scan(text)

    @work(thread=True, group="punch")
    def drain_punch_line(self) -> None:
        """The one worker writing scans, in the order they came (screens/punch_line.py)."""
        self.punch_line.drain()

    def record_scan(self, text: str) -> None:
        """Identify the scan and, for a badge, punch at once (well under a second)."""
        self.punch_line.add(lambda: self.identify_and_punch(text))

    def record_with_pin(self, staff_id: str, pin: str) -> None:
        """A wrong PIN ends the attempt like any refusal (the result says how many tries are
        left): the prompt is not left open, so the next person's ID is not taken as a PIN."""
        self.punch_line.add(lambda: self.check_pin_and_punch(staff_id, pin))

    def record_confirmed(self, staff_id: str) -> None:
        self.punch_line.add(lambda: self.punch_or_fail(staff_id, confirmed=True))

    def identify_and_punch(self, text: str) -> None:
        """Runs in the punch line's worker thread."""
        try:
            scan = self.services.scan.identify(text)
            if scan.by_badge:
                self.punch(scan.staff.id, confirmed=False)
            elif scan.staff.pin_hash is None:
                raise UsageError("no_pin_set", name=scan.staff.name)
            else:
                self.services.staff.ensure_pin_unlocked(scan.staff.id)
                self.post_message(PinNeeded(scan.staff))
        except Exception as err:
            self.scan_failed(err)

    def check_pin_and_punch(self, staff_id: str, pin: str) -> None:
        """Runs in the punch line's worker thread."""
        try:
            member = self.services.staff.check_pin(staff_id, pin)
            self.punch(member.id, confirmed=False)
        except Exception as err:
            self.scan_failed(err)

    def punch_or_fail(self, staff_id: str, confirmed: bool) -> None:
        try:
            self.punch(staff_id, confirmed=confirmed)
        except Exception as err:
            self.scan_failed(err)

    def scan_failed(self, err: Exception) -> None:
        self.post_message(ScanFailed(as_kiosk_error(err)))

    def punch(self, staff_id: str, confirmed: bool) -> None:
        """Runs inside a worker thread: record the punch and post what happened."""
        try:
            result = self.services.punch.punch(staff_id, confirmed=confirmed)
        except RefusedError as err:
            if err.code not in ("needs_confirmation", "meal_break"):
                raise
            self.post_message(PunchNeedsConfirmation(staff_id, err))
            return
        self.post_message(PunchRecorded(result))

    # -- outcomes -----------------------------------------------------------------------------
    def show_working(self) -> None:
        """A punch is under way: said on the working line, and the collector held off
        until its result is painted (KioskApp.hold_collection)."""
        self.kiosk.hold_collection()
        self.query_one("#working", Static).update(self.tr.t("home.working"), layout=False)

    def done_working(self) -> None:
        """The working line emptied. Its height is fixed (home.tcss), so no layout: a layout
        of the home screen here cost a scan's result 3-5 ms."""
        self.query_one("#working", Static).update("", layout=False)

    def on_punch_recorded(self, message: PunchRecorded) -> None:
        # The result covers this screen: its working line is emptied when it is shown again
        # (on_screen_resume), not now, where repainting it would delay the result's paint.
        show_month = self.services.config.show_month
        self.kiosk.show_result(ResultView.for_punch(self.tr, message.result, show_month))

    def on_scan_failed(self, message: ScanFailed) -> None:
        if message.error.exit_code >= 4:  # a dialog over this screen: emptied now
            self.done_working()
            self.kiosk.show_failure(message.error)
        else:
            self.kiosk.show_result(ResultView.for_refusal(self.tr, message.error))

    def on_pin_needed(self, message: PinNeeded) -> None:
        self.done_working()
        member = message.member

        def entered(pin: str | None) -> None:
            self.focus_scan()
            if pin:
                self.show_working()
                self.record_with_pin(member.id, pin)

        self.kiosk.show(PinDialog(self.tr, member), entered)

    def on_punch_needs_confirmation(self, message: PunchNeedsConfirmation) -> None:
        self.done_working()
        params = message.error.params
        key = "confirm.meal_break" if message.error.code == "meal_break" else "confirm.early"
        text = self.tr.t(
            key,
            name=params.get("name", ""),
            checked_in=params.get("checked_in_at", ""),
            minutes=self.tr.minutes(params.get("early_minutes", 0)),
            shift=params.get("shift", ""),
            end=params.get("end", ""),
            break_start=params.get("break_start", ""),
            break_end=params.get("break_end", ""),
        )

        def answered(leaving: bool | None) -> None:
            """True: F2, leaving now. False: Enter or Esc, not leaving (said, so the person
            knows nothing was recorded). None: the next person's scan closed the question."""
            self.focus_scan()
            if leaving:
                self.show_working()
                self.record_confirmed(message.staff_id)
            elif leaving is False:
                name = str(params.get("name", ""))
                sentence = self.tr.t("result.not_leaving", name=name, end=params.get("end", ""))
                self.kiosk.show_result(ResultView.nothing_recorded(self.tr, name, sentence))

        self.kiosk.show(EarlyLeaveDialog(self.tr, self.tr.t("confirm.early_title"), text), answered)

    # -- lead mode ----------------------------------------------------------------------------
    def action_lead_mode(self) -> None:
        """F2: a lead scans their badge (or types their ID) and enters their PIN."""

        def signed_in(lead: StaffMember | None) -> None:
            if lead is None:
                self.focus_scan()
            else:
                # Imported here: the board and every lead tool behind it are a third of the
                # kiosk's start-up, and the home screen needs none of it before a lead signs in.
                from screens.lead.board import BoardScreen

                self.kiosk.show(BoardScreen(self.services, self.tr, lead, self.kiosk.board_cells))

        self.kiosk.show(LeadLoginDialog(self.services, self.tr), signed_in)
