"""The PIN prompt for someone who typed their staff ID instead of scanning a badge."""

from __future__ import annotations

import unicodedata

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kiosk.i18n import Translator
from kiosk.services.records import StaffMember


class PinDialog(ModalScreen[str | None]):
    """Dismisses with the PIN as typed (checked by the caller's worker), or None on Esc."""

    CSS_PATH = "pin.tcss"
    AUTO_FOCUS = "#pin"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, tr: Translator, member: StaffMember) -> None:
        super().__init__()
        self.tr = tr
        self.member = member

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="box"):
            yield Static(
                tr.t("pin.title", name=self.member.name, staff_id=self.member.id),
                id="title",
                markup=False,
            )
            yield Input(placeholder=tr.t("pin.placeholder"), password=True, max_length=8, id="pin")
            yield Static(tr.t("pin.keys"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).cursor_blink = False

    @on(Input.Submitted, "#pin")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value or None)

    @on(Input.Changed, "#pin")
    def pin_changed(self, event: Input.Changed) -> None:
        """PINs are digits. A letter means the next person is scanning a badge: close this
        prompt (no failed attempt is counted) and hand what was typed to the home screen."""
        typed = unicodedata.normalize("NFKC", event.value)
        if typed and not typed.isdigit():
            self.dismiss(None)
            home = getattr(self.app, "home", None)
            if home is not None:
                home.receive_scan_text(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
