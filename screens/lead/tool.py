"""What the lead's form dialogs share: a save worker and an inline problem line.

Fix a punch, record leave, an incident, a roster change: each reads its fields on the UI
thread, hands a plain closure calling `services.lead` to `store`, which runs it in a worker
thread (disk work never blocks the kiosk) and posts `ToolStored` back. Re-closing a closed
day the change touched is the lead service's business, never the dialog's. A problem the
lead can fix (a bad time, an overlapping leave) is shown inside the dialog, translated, so
the typed fields survive; a store failure closes the dialog and goes to the app's one
failure handler.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.parsing import typed_date
from kiosk.services.board import BoardRow
from screens.base import ForBoardRow, KioskDialog
from screens.failures import as_kiosk_error

# Engine messages that name a CLI flag (--reason, --action) get a wording for the screen.
SCREEN_WORDING = {
    "reason_required": "lead.correction.need_reason",
    "reason_not_words": "lead.correction.reason_not_words",
    "correction_needs_check_in": "lead.error.correction_needs_check_in",
    "correction_needs_action": "lead.error.correction_needs_action",
    "lead_needs_pin": "lead.staff.lead_needs_pin",
}


def describe_for_lead(err: KioskError, tr: Translator) -> str:
    """The translated sentence for `err`, in the screen's words where the CLI's differ."""
    key = SCREEN_WORDING.get(err.code)
    return tr.t(key) if key else describe_error(err, tr)


class ToolStored(Message):
    """A lead tool's worker finished: the notice to show, or the error it met."""

    def __init__(self, notice: str | None, error: KioskError | None) -> None:
        super().__init__()
        self.notice = notice
        self.error = error


class FormDialog(KioskDialog[bool]):
    """A lead's form; F2 (or Enter in a field) saves, Esc cancels.

    Subclasses compose their fields plus `#problem`, and implement `prepare`, which reads
    the fields and returns the write to run in the worker (returning the notice to show),
    or None after calling `problem` for a field the lead must fix.
    """

    BINDINGS = [
        Binding("f2", "save", show=False),
        Binding("escape", "cancel", show=False),
    ]
    saving: bool = False

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
            field.border_title = field.placeholder  # still says what the field is once filled

    def today(self) -> date:
        return self.services.day_close.today()

    def given_day(self, field_id: str, plan: bool = False) -> date | None:
        """The date typed in `field_id`, in the window every given date is checked
        against (services/dates.py; `plan`: leave, a roster change, a first or last day);
        None after saying what is wrong there."""
        field = self.query_one(field_id, Input)
        day = typed_date(field.value)
        if day is None:
            self.problem(self.tr.t("lead.bad_date", example=self.today().isoformat()), field)
            return None
        try:
            return self.services.dates.day(day, field.value.strip(), plan)
        except KioskError as err:
            self.problem(describe_error(err, self.tr), field)
            return None

    # -- saving -------------------------------------------------------------------------------
    def prepare(self) -> Callable[[], str] | None:
        raise NotImplementedError

    @on(Input.Submitted)
    def field_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        write = self.prepare()
        if write is not None:
            self.saving = True
            self.problem("")
            self.store(write)

    @work(thread=True, exclusive=True, group="lead-tool")
    def store(self, write: Callable[[], str]) -> None:
        """Run the write (a `services.lead` call: the change, then the re-close of a closed
        day it touched, queued for sending) off the event loop."""
        try:
            notice = write()
        except Exception as err:
            self.post_message(ToolStored(None, as_kiosk_error(err)))
            return
        self.post_message(ToolStored(notice, None))

    def on_tool_stored(self, message: ToolStored) -> None:
        self.saving = False
        if message.error is None:
            self.notify(message.notice or "", timeout=6)
            self.dismiss(True)
        elif message.error.exit_code >= 4:
            self.dismiss(False)
            self.kiosk.show_failure(message.error)
        else:
            self.problem(describe_for_lead(message.error, self.tr))

    def problem(self, text: str, field: Widget | None = None) -> None:
        """Show what the lead must fix (empty text clears it) and put the cursor there."""
        self.query_one("#problem", Static).update(text)
        if field is not None:
            field.focus()

    def action_cancel(self) -> None:
        self.dismiss(False)


class DayRowLoaded(Message):
    """The person's row on the date typed into a tool (None: not planned that day)."""

    def __init__(self, day: date, row: BoardRow | None, error: KioskError | None) -> None:
        super().__init__()
        self.day = day
        self.row = row
        self.error = error


class LeadToolDialog(ForBoardRow, FormDialog):
    """A form about one board row (a punch, leave, an incident, the roster).

    A tool with a `#day` field follows it: when the lead types another date, the person's
    row on that date is read in a worker and handed to `show_day`, so the dialog never
    shows today's punches or plan beside yesterday's date.
    """

    @on(Input.Changed, "#day")
    def day_changed(self, event: Input.Changed) -> None:
        day = typed_date(event.value)
        if day is not None and day != self.row.plan.date:
            self.load_day(day)

    @work(thread=True, exclusive=True, group="lead-tool-day")
    def load_day(self, day: date) -> None:
        try:
            row = self.services.board.row(self.row.staff.id, day)
        except Exception as err:
            self.post_message(DayRowLoaded(day, None, as_kiosk_error(err)))
            return
        self.post_message(DayRowLoaded(day, row, None))

    def on_day_row_loaded(self, message: DayRowLoaded) -> None:
        if typed_date(self.query_one("#day", Input).value) != message.day:
            return  # typed on since: a newer read is coming
        if message.row is None:
            error, not_planned = message.error, self.tr.t("lead.correction.not_planned")
            self.problem(describe_error(error, self.tr) if error else not_planned)
            return
        self.problem("")
        self.show_day(message.row)

    def show_day(self, row: BoardRow) -> None:
        """Show the person's row on another date (the tools with a `#day` field)."""
