"""What every kiosk screen and dialog shares: the services, the translator, and the app.

Screens receive services and the translator through their constructors (kiosk.cli wires
them); `kiosk` is the running KioskApp, typed, for showing screens and failures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events
from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.services.container import Services
from kiosk.services.records import StaffMember

if TYPE_CHECKING:
    from kiosk.services.board import BoardRow  # the board's modules load with the board
    from screens.app import KioskApp

ResultT = TypeVar("ResultT")
SEARCH_PAUSE = 0.15  # seconds without a key before a list's search is applied


class KioskParts:
    """Mixed into every screen and dialog: the services, the translator, the typed app."""

    app: Any

    def __init__(self, services: Services, tr: Translator) -> None:
        super().__init__()
        self.services = services
        self.tr = tr

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    answered = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Answer once, and only while on top. Textual's dismiss pops whatever screen is on
        top, so a second answer (a double Enter while a PIN was checked in a thread, or Esc
        or the idle time racing a worker's result) would close the screen the first answer
        opened, and could leave a browser tab with nothing on it."""
        if self.answered or self.app.screen is not self:
            return AwaitComplete.nothing()
        self.answered = True
        return super().dismiss(result)  # type: ignore[misc]


class KioskScreen(KioskParts, Screen[ResultT]):
    """A full screen of the kiosk."""

    def _compositor_refresh(self) -> None:
        """Under an opaque screen, a change here is not shown: skip it. Textual passes the
        changed regions of the screen below the top one on to the top screen, opaque or not;
        under a result that was the home's repaint after the push, a second full frame of
        the result (5.7 kB, 5-10 ms) right after the first. This screen is repainted whole
        when it is shown again (Textual's resume). Dialogs are see-through: there it passes
        them on, as Textual does. (Overrides Textual's private `Screen._compositor_refresh`;
        Textual is pinned, and tests/ui/test_result_restyle.py counts the result's renders.)"""
        app = self.app
        top = app.screen
        if top is not self and not app.is_inline and top.styles.background.a == 1:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()


class PassThroughScreen(KioskScreen[None]):
    """A screen shown between scans (a result, the checklist).

    The next person in the queue does not wait for it: the first printable key of their scan
    closes it and lands in the home scan field, followed by the rest of the scan. Enter moves
    on; Esc goes home; F2 goes home and opens the lead sign-in, as it does there. No
    bindings: a scanner's characters must never trigger anything.
    """

    def route_key(self, event: events.Key) -> bool:
        """Called by the app for every key, in arrival order, before it is queued anywhere
        (see `KioskApp.on_event`): Enter moves on, Esc goes home, F2 goes home and opens the
        lead sign-in, a printable key goes home and on into the scan field. True when the key
        was taken."""
        if event.key == "enter":
            self.move_on()
        elif event.key == "escape":
            self.kiosk.go_home()
        elif event.key == "f2":
            self.kiosk.go_home()
            self.kiosk.home.action_lead_mode()
        elif event.is_printable and event.character:
            self.kiosk.go_home()
            self.kiosk.home.receive_key(event)
        else:
            return False
        return True

    def move_on(self) -> None:
        """Enter, or the screen's time is up: home, unless a subclass has a next step."""
        self.kiosk.go_home()

    def time_out(self) -> None:
        self.move_on()


class KioskDialog(KioskParts, ModalScreen[ResultT]):
    """A dialog over the current screen."""


def ask_pin_again(dialog: KioskDialog[Any], error: KioskError, closed: object) -> None:
    """A lead's PIN was not accepted. A store failure closes `dialog` (answering `closed`)
    and goes to the app's failure handler; a wrong PIN or a lockout is said in the dialog's
    `#problem` line and the PIN field is cleared for another try."""
    if error.exit_code >= 4:
        dialog.dismiss(closed)
        dialog.kiosk.show_failure(error)
        return
    dialog.query_one("#problem", Static).update(describe_error(error, dialog.tr))
    pin = dialog.query_one("#pin", Input)
    pin.clear()
    pin.focus()


class ForBoardRow(KioskParts):
    """Mixed into the lead's tools: each acts for `lead` on one person's board row."""

    def __init__(
        self, services: Services, tr: Translator, lead: StaffMember, row: BoardRow
    ) -> None:
        super().__init__(services, tr)
        self.lead = lead
        self.row = row


class ForStaffMember(KioskParts):
    """Mixed into the lead's staff tools: each acts for `lead` on one person of the staff
    list, who need not be on today's board (on a rest day, gone, not started yet)."""

    def __init__(
        self, services: Services, tr: Translator, lead: StaffMember, member: StaffMember
    ) -> None:
        super().__init__(services, tr)
        self.lead = lead
        self.member = member
