"""What every kiosk screen and dialog shares: the services, the translator, and the app.

Screens receive services and the translator through their constructors (kiosk.cli wires
them); `kiosk` is the running KioskApp, typed, for showing screens and failures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual import events
from textual.screen import ModalScreen, Screen

from kiosk.i18n import Translator
from kiosk.services.container import Services

if TYPE_CHECKING:
    from screens.app import KioskApp

ResultT = TypeVar("ResultT")


class KioskScreen(Screen[ResultT]):
    def __init__(self, services: Services, tr: Translator) -> None:
        super().__init__()
        self.services = services
        self.tr = tr

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)


class PassThroughScreen(KioskScreen[None]):
    """A screen shown between scans (a result, the checklist).

    The next person in the queue does not wait for it: the first printable key of their scan
    closes it and lands in the home scan field, followed by the rest of the scan. Enter moves
    on; Esc goes home. No bindings: a scanner's characters must never trigger anything.
    """

    def route_key(self, event: events.Key) -> bool:
        """Called by the app for every key, in arrival order, before it is queued anywhere
        (see `KioskApp.on_event`): Enter moves on, Esc goes home, a printable key goes home
        and on into the scan field. True when the key was taken."""
        if event.key == "enter":
            self.move_on()
        elif event.key == "escape":
            self.kiosk.go_home()
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


class KioskDialog(ModalScreen[ResultT]):
    def __init__(self, services: Services, tr: Translator) -> None:
        super().__init__()
        self.services = services
        self.tr = tr

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)
