"""Lead sign-in: the lead's badge (or ID) and PIN, checked in a worker thread.

A wrong PIN counts towards the lockout like any other; a staff member who is not a lead is
told so in one sentence. Dismisses with the lead, or None on Esc.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from kiosk.errors import KioskError
from kiosk.i18n import describe_error
from kiosk.services.records import StaffMember
from screens.base import KioskDialog, ask_pin_again
from screens.failures import as_kiosk_error
from screens.widgets.plain import Plain
from screens.widgets.scan_field import ScanField


class LeadChecked(Message):
    def __init__(self, lead: StaffMember | None, error: KioskError | None) -> None:
        super().__init__()
        self.lead = lead
        self.error = error


PIN_PROBLEMS = frozenset({"wrong_pin", "pin_locked"})


class LeadLoginDialog(KioskDialog[StaffMember | None]):
    CSS_PATH = "login.tcss"
    AUTO_FOCUS = "#who"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="box"):
            yield Plain(tr.t("lead.login.title"), id="title")
            yield ScanField(placeholder=tr.t("lead.login.who"), max_length=64, id="who")
            yield Input(placeholder=tr.t("pin.placeholder"), password=True, max_length=8, id="pin")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.login.keys"), id="keys")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False

    @on(Input.Submitted, "#who")
    def who_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#pin", Input).focus()

    checking = False  # a PIN is being checked: a second Enter must not check (and count) it again

    @on(Input.Submitted, "#pin")
    def pin_entered(self, event: Input.Submitted) -> None:
        who = self.query_one("#who", Input).value
        if not who.strip():
            self.query_one("#who", Input).focus()
            return
        if not self.checking:
            self.checking = True
            self.check(who, event.value)

    @work(thread=True, exclusive=True, group="lead-login")
    def check(self, who: str, pin: str) -> None:
        try:
            scan = self.services.scan.identify(who)
            member = scan.staff
            # The PIN first: whether someone is a lead is told only to whoever knows their
            # PIN, and guessing is held back by the PIN lockout (this page may be on the LAN).
            # With the badge, guesses typed at the lead's ID have not locked this way in.
            self.services.staff.check_pin(member.id, pin, by_badge=scan.by_badge)
            lead = self.services.staff.lead(member.id)
        except Exception as err:
            self.post_message(LeadChecked(None, as_kiosk_error(err)))
            return
        self.post_message(LeadChecked(lead, None))

    def on_lead_checked(self, message: LeadChecked) -> None:
        self.checking = False
        if message.lead is not None:
            self.dismiss(message.lead)
            return
        error = message.error
        assert error is not None
        if error.code in PIN_PROBLEMS or error.exit_code >= 4:
            ask_pin_again(self, error, None)
            return
        # The person is the problem (not a lead, unknown, a revoked badge): start over at
        # the ID, or the next lead would type their ID into the PIN field.
        self.query_one("#problem", Static).update(describe_error(error, self.tr))
        self.query_one("#pin", Input).clear()
        who = self.query_one("#who", Input)
        who.clear()
        who.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def time_out(self) -> None:
        """Left alone: close as a cancel would, so whoever asked for it hears the answer."""
        self.dismiss(None)
