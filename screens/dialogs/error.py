"""A failure that must be read (a damaged data file, a full disk): one sentence, no traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from kiosk.i18n import Translator
from screens.widgets.plain import Plain


class ErrorDialog(ModalScreen[None]):
    CSS_PATH = "error.tcss"
    BINDINGS = [
        Binding("enter", "close", show=False),
        Binding("escape", "close", show=False),
    ]

    def __init__(self, tr: Translator, message: str) -> None:
        super().__init__()
        self.tr = tr
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Plain(self.tr.t("error.title"), id="title")
            yield Plain(self.message, id="message")
            yield Plain(self.tr.t("error.keys"), id="keys")

    def action_close(self) -> None:
        self.dismiss(None)
