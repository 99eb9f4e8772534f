"""A yes/no question in a modal: Enter or F2 confirms, Esc cancels."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from kiosk.i18n import Translator


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("f2", "answer(True)", show=False),
        Binding("enter", "answer(True)", show=False),
        Binding("escape", "answer(False)", show=False),
    ]

    def __init__(self, tr: Translator, title: str, question: str) -> None:
        super().__init__()
        self.tr = tr
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(self.title_text, id="title", markup=False)
            yield Static(self.question, id="question", markup=False)
            yield Static(self.tr.t("confirm.keys"), id="keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_key(self, event: events.Key) -> None:
        """A printable key is the next person's scan, not an answer: cancel, and let the
        scan reach the home screen (otherwise its Enter would confirm for someone else)."""
        if event.is_printable and event.character:
            event.stop()
            self.dismiss(False)
            home = getattr(self.app, "home", None)
            if home is not None:
                home.receive_scan_text(event.character)
