"""A yes/no question in a modal: Enter or F2 confirms, Esc cancels."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from kiosk.i18n import Translator
from screens.widgets.plain import Plain


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
            yield Plain(self.title_text, id="title")
            yield Plain(self.question, id="question")
            yield Plain(self.tr.t("confirm.keys"), id="keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def route_key(self, event: events.Key) -> bool:
        """A printable key is the next person's scan, not an answer: cancel, and pass the
        scan on to the home screen (its Enter must not confirm for someone else). Called by
        the app before the key is queued, so the keys after it go home too."""
        if not (event.is_printable and event.character):
            return False
        self.dismiss(False)
        home = getattr(self.app, "home", None)
        if home is not None:
            home.receive_key(event)
        return True
