"""Quit the kiosk: the lead types their PIN again, so a kiosk left in lead mode for a moment
cannot be closed by whoever walks up to it.

A wrong PIN counts towards the lockout like any other; Esc goes back to the board.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from kiosk.errors import KioskError
from kiosk.i18n import Translator
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.base import KioskDialog, ask_pin_again
from screens.failures import as_kiosk_error
from screens.widgets.plain import Plain


class QuitPinChecked(Message):
    """The lead's PIN was checked: `error` is None when it was right."""

    def __init__(self, error: KioskError | None) -> None:
        super().__init__()
        self.error = error


class QuitDialog(KioskDialog[bool]):
    CSS_PATH = "quit.tcss"
    AUTO_FOCUS = "#pin"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="box"):
            yield Plain(tr.t("lead.quit.title"), id="title")
            yield Plain(tr.t("lead.quit.question", name=self.lead.name), id="question")
            yield Input(placeholder=tr.t("pin.placeholder"), password=True, max_length=8, id="pin")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.quit.keys"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).cursor_blink = False

    @on(Input.Submitted, "#pin")
    def pin_entered(self, event: Input.Submitted) -> None:
        if event.value:
            self.check(event.value)

    @work(thread=True, exclusive=True, group="lead-quit")
    def check(self, pin: str) -> None:
        try:
            self.services.staff.check_pin(self.lead.id, pin)
        except Exception as err:
            self.post_message(QuitPinChecked(as_kiosk_error(err)))
            return
        self.post_message(QuitPinChecked(None))

    def on_quit_pin_checked(self, message: QuitPinChecked) -> None:
        if message.error is None:
            self.dismiss(True)
            return
        ask_pin_again(self, message.error, False)

    def action_cancel(self) -> None:
        self.dismiss(False)
