"""End of day: the day's totals, closing the day, and the totals as a QR for the lead's phone.

Before a close the figures are a preview (what a close would store now). F2 closes the day
in a worker; a day that changed after its close says so and F2 closes it again as the next
revision. The QR appears only for a current close: it carries the frozen figures. It is
shown beside the figures when the terminal has room for all of it (100x30 has); F4 shows it
on a screen of its own at any size, the only place it is whole on an 80x24 terminal.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from kiosk.day_qr import day_qr_payload, qr_matrix
from kiosk.domain.summary import DaySummary
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.day import count_items, people_behind, shifts_running_note
from kiosk.presentation.sync import target_lines
from kiosk.services.clock_watch import clock_warning
from kiosk.services.container import Services
from kiosk.services.day_close import DayClose
from kiosk.services.records import StaffMember
from kiosk.services.sync import SyncReport
from screens.base import KioskScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.failures import as_kiosk_error, log_failure
from screens.lead.day_qr import DayQrScreen
from screens.lead.month import MonthScreen
from screens.lead.month_sheet import MonthSheetScreen
from screens.widgets.items_line import ItemsLine, Stacked
from screens.widgets.plain import Plain
from screens.widgets.qr import QrCode

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Beside the QR the figures keep this many columns (padding included), or the QR moves to F4.
FIGURES_MIN_WIDTH = 46


class DayRead(Message):
    """The day as it stands: its newest close (if any), whether that close is current, and
    the summary to show (the close's, or a preview)."""

    def __init__(
        self,
        latest: DayClose | None,
        closed: bool,
        summary: DaySummary | None,
        error: KioskError | None,
        sync_state: SyncReport | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.latest = latest
        self.closed = closed
        self.summary = summary
        self.error = error
        self.sync_state = sync_state  # SyncService.status(); None without targets
        self.note = note  # what F2 or F3 did when it changed nothing: said, not silent


class DayEndScreen(KioskScreen[None]):
    CSS_PATH = "day_end.tcss"
    BINDINGS = [
        Binding("f2", "close_day", show=False),
        Binding("f3", "sync_now", show=False),
        Binding("f4", "show_qr", show=False),
        Binding("f6", "month", show=False),
        Binding("f5", "month_sheet", show=False),
        Binding("f7", "confirm_clock", show=False),  # only said while the clock has jumped
        Binding("escape", "back", show=False),
    ]
    working: bool = False
    payload: str | None = None  # the current close's QR text; None before a close
    shown: bool = False  # the day's figures have been read once
    qr_title = ""

    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead
        self.day: date = services.day_close.today()

    @property
    def title_text(self) -> str:
        weekday = self.tr.weekday(WEEKDAYS[self.day.weekday()])
        return self.tr.t("day_end.title", date=self.day.isoformat(), weekday=weekday)

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(id="body"):
            with Vertical(id="figures"):
                yield Plain(self.title_text, id="title")
                yield Plain("", id="clock")
                yield Plain(tr.t("board.loading"), id="state")
                yield Plain(tr.t("day_qr.hint"), id="qr-hint")
                yield Plain("", id="totals")  # names are data, not markup
                yield Plain("", id="sync")
                yield Plain("", id="problem")
            yield Vertical(id="qr")
        yield Plain(self.keys_text(), id="keys")

    def on_mount(self) -> None:
        self.show_clock()
        self.read_day()

    # -- the clock (services/clock_watch.py: memory only, no disk) -----------------------------
    def show_clock(self) -> None:
        """While the wall clock has jumped, say so and offer F7: the lead, who can see the
        real time, may tell the kiosk the time shown is right, and closes resume."""
        status = self.services.clock_watch.read()
        warning = clock_warning(status, self.tr) if status.jumped else None
        line = self.query_one("#clock", Static)
        line.update(f"{warning}\n{self.tr.t('clock.confirm_key')}" if warning else "")
        line.set_class(warning is not None, "shown")

    def action_confirm_clock(self) -> None:
        if self.working or not self.services.clock_watch.read().jumped:
            return
        tr = self.tr
        now = self.services.clock.now().strftime("%Y-%m-%d %H:%M")
        question = tr.t("clock.confirm_question", time=now)

        def answered(yes: bool | None) -> None:
            if yes:
                self.services.clock_watch.confirm(by=self.lead.id)
                self.show_clock()

        self.kiosk.show(ConfirmDialog(tr, tr.t("clock.confirm_title"), question), answered)

    @work(thread=True, exclusive=True, group="day-end")
    def read_day(self, note: str = "") -> None:
        close, sync = self.services.day_close, self.services.sync
        try:
            latest = close.latest(self.day)
            closed = close.is_closed(self.day)
            summary = latest.summary if latest and closed else close.preview(self.day)
            sync_state = sync.status() if sync.configured else None
        except Exception as err:
            self.post_message(DayRead(None, False, None, as_kiosk_error(err)))
            return
        self.post_message(DayRead(latest, closed, summary, None, sync_state, note))

    @work(thread=True, exclusive=True, group="day-end")
    def close_day(self) -> None:
        """Close, queue and send through the end-of-day service; a target that is down
        leaves the day pending (shown below the figures), never the close undone."""
        try:
            done = self.services.end_of_day.close(self.day, by=self.lead.id)
        except Exception as err:
            self.post_message(DayRead(None, False, None, as_kiosk_error(err)))
            return
        same = done.closes and not done.changed
        self.read_day(self.tr.t("day_end.nothing_new") if same else "")

    @work(thread=True, exclusive=True, group="day-end")
    def sync_targets(self) -> None:
        done = self.services.end_of_day.send()
        if done.sync_error is not None:  # sync_busy or a damaged ledger: status() tells
            log_failure(done.sync_error)
        self.read_day()

    async def on_day_read(self, message: DayRead) -> None:
        self.working = False
        tr = self.tr
        if message.error is not None:
            if message.error.exit_code >= 4:
                self.kiosk.show_failure(message.error)
            else:
                self.query_one("#problem", Static).update(describe_error(message.error, tr))
                if not self.shown:  # a day before the first day of records: no figures
                    self.query_one("#state", Static).update("")
            return
        assert message.summary is not None
        self.shown = True
        latest = message.latest
        if latest is None:
            state = tr.t("day_end.open")
            running = self.services.day_close.shifts_still_running(self.day)
            if running:
                state += "\n" + shifts_running_note(running, tr)
        elif message.closed:
            state = tr.t(
                "day_end.closed",
                revision=latest.revision,
                time=latest.closed_at.strftime("%H:%M"),
            )
        else:
            state = tr.t("day_end.reopened", revision=latest.revision)
        self.query_one("#state", Static).update(state)
        summary = message.summary
        names = tr.t("export.list_separator")
        self.query_one("#totals", Static).update(
            Stacked(
                ItemsLine(count_items(summary.counts, tr)),
                Text(tr.t("counts.fines", fines=summary.counts.fines)),
                *(ItemsLine(line.split(names), names, keep_separator=True)
                  for line in people_behind(summary, tr)),
            )
        )  # fmt: skip
        self.query_one("#sync", Static).update(target_lines(message.sync_state, tr))
        if message.note:
            self.query_one("#problem", Static).update(message.note)
        box = self.query_one("#qr", Vertical)
        await box.remove_children()  # before mounting the new QR under the same id
        self.payload = None
        keys = self.keys_text()
        if latest is not None and message.closed:
            self.payload = day_qr_payload(message.summary, tr)
            self.qr_title = f"{self.title_text}\n{state}"  # which day and close it carries
            qr = QrCode(qr_matrix(self.payload), id="day-qr")
            await box.mount(qr, Plain(tr.t("day_end.qr_caption"), id="qr-caption"))
            keys += "    " + tr.t("day_qr.key")
        self.query_one("#keys", Static).update(keys)
        self.place_qr()

    def on_resize(self, event: events.Resize) -> None:
        self.place_qr()

    def place_qr(self) -> None:
        """The QR beside the figures only while the terminal shows all of it (a code cut
        by the screen's edge does not scan); otherwise a line points to F4's own view."""
        codes = self.query(QrCode)
        lines = codes.first().lines if codes else []
        width, height = self.size
        fits = bool(lines) and (
            width >= len(lines[0]) + 1 + FIGURES_MIN_WIDTH and height >= len(lines) + 3
        )  # the QR's padding, its caption and the keys line
        self.query_one("#qr").display = fits
        self.query_one("#qr-hint").display = bool(lines) and not fits

    def action_show_qr(self) -> None:
        if self.payload is None:  # said, not a key that does nothing
            if self.shown:  # else #problem says why this day has no figures, nor a close
                self.query_one("#problem", Static).update(self.tr.t("day_qr.not_yet"))
            return
        self.kiosk.show(DayQrScreen(self.services, self.tr, self.payload, self.qr_title))

    def action_month_sheet(self) -> None:
        """F5: the month's 考勤表 (this day's month first)."""
        self.kiosk.show(MonthSheetScreen(self.services, self.tr, self.lead, self.day))

    def action_sync_now(self) -> None:
        if not self.services.sync.configured:  # said, not a key that does nothing
            self.query_one("#sync", Static).update(self.tr.t("day_end.no_targets"))
            return
        if not self.working:
            self.working = True
            self.query_one("#sync", Static).update(self.tr.t("day_end.syncing"))
            self.sync_targets()

    def action_close_day(self) -> None:
        """F2: close the day; while a shift is still running, only after the lead confirms
        (a close at 15:00 counts everyone not yet in as absent)."""
        if self.working:
            return
        running = self.services.day_close.shifts_still_running(self.day)
        if not running:
            self.start_close()
            return
        tr = self.tr
        question = tr.t("day_end.confirm_early", shifts=tr.t("export.list_separator").join(running))

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_close()

        self.kiosk.show(ConfirmDialog(tr, tr.t("day_end.confirm_early_title"), question), answered)

    def start_close(self) -> None:
        self.working = True
        self.query_one("#problem", Static).update("")
        self.close_day()

    def keys_text(self) -> str:
        return self.tr.t("day_end.keys")

    def action_month(self) -> None:
        """F6: the month sign-off (月结), the previous month first."""
        if not self.working:
            self.kiosk.show(MonthScreen(self.services, self.tr, self.lead))

    def action_back(self) -> None:
        self.dismiss(None)
