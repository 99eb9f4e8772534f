"""A yes/no question in a modal: Enter or F2 confirms, Esc cancels.

`EarlyLeaveDialog` is the one question where Enter is not yes: checking out early (also in
the meal break) is confirmed by F2 only.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from kiosk.i18n import Translator
from screens.widgets.plain import Plain


class ConfirmDialog(ModalScreen[bool | None]):
    """Dismisses with True (yes), False (no), or None when the next person's scan took the
    keyboard (see `route_key`)."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("f2", "answer(True)", show=False),
        Binding("enter", "answer(True)", show=False),
        Binding("escape", "answer(False)", show=False),
    ]
    KEYS = "confirm.keys"  # the catalog key of the key hint
    PASSED_ON: bool | None = False  # the answer when a scan closes the question

    def __init__(self, tr: Translator, title: str, question: str) -> None:
        super().__init__()
        self.tr = tr
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Plain(self.title_text, id="title")
            yield Plain(self.question, id="question")
            yield Plain(self.tr.t(self.KEYS), id="keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def route_key(self, event: events.Key) -> bool:
        """A printable key is the next person's scan, not an answer: cancel, and pass the
        scan on to the home screen (its Enter must not confirm for someone else). Called by
        the app before the key is queued, so the keys after it go home too."""
        if not (event.is_printable and event.character):
            return False
        self.dismiss(self.PASSED_ON)
        home = getattr(self.app, "home", None)
        if home is not None:
            home.receive_key(event)
        return True


class EarlyLeaveDialog(ConfirmDialog, inherit_bindings=False):
    """Leave early now? Only F2 says yes. Enter is what people press without reading (and
    what follows a PIN), so Enter, like Esc, says no: not leaving. The next person's scan
    answers None: the person who asked walked off, and their answer is not said."""

    BINDINGS = [
        Binding("f2", "answer(True)", show=False),
        Binding("enter", "answer(False)", show=False),
        Binding("escape", "answer(False)", show=False),
    ]
    KEYS = "confirm.early_keys"
    PASSED_ON = None
