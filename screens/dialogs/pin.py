"""The PIN prompt for someone who typed their staff ID instead of scanning a badge."""

from __future__ import annotations

import unicodedata

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from kiosk.i18n import Translator
from kiosk.services.records import StaffMember
from screens.widgets.plain import Plain


class PinDialog(ModalScreen[str | None]):
    """Dismisses with the PIN as typed (checked by the caller's worker), or None on Esc. One
    PIN per prompt: a wrong one is a refusal on the result screen, not asked again here."""

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
            yield Plain(
                tr.t("pin.title", name=self.member.name, staff_id=self.member.id),
                id="title",
            )
            yield Input(placeholder=tr.t("pin.placeholder"), password=True, max_length=8, id="pin")
            yield Plain(tr.t("pin.keys"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).cursor_blink = False

    @on(Input.Submitted, "#pin")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value or None)

    def route_key(self, event: events.Key) -> bool:
        """PINs are digits. A letter means the next person is scanning a badge: close this
        prompt (no failed attempt is counted) and pass the scan on to the home screen.
        Called by the app before the key is queued, so the keys after it go home too."""
        char = event.character if event.is_printable else None
        if not char or unicodedata.normalize("NFKC", char).isdigit():
            return False
        self.dismiss(None)
        home = getattr(self.app, "home", None)
        if home is not None:
            home.receive_key(event)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
