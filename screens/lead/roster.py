"""STUB until the lead-tools work lands: closes at once without storing anything."""

from __future__ import annotations

from kiosk.i18n import Translator
from kiosk.services.board import BoardRow
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.base import KioskDialog


class RosterDialog(KioskDialog[bool]):
    def __init__(
        self, services: Services, tr: Translator, lead: StaffMember, row: BoardRow
    ) -> None:
        super().__init__(services, tr)
        self.lead = lead
        self.row = row

    def on_mount(self) -> None:
        self.dismiss(False)
