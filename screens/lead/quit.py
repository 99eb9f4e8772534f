"""STUB until the lead-tools work lands."""

from __future__ import annotations

from kiosk.i18n import Translator
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.base import KioskDialog


class QuitDialog(KioskDialog[bool]):
    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead

    def on_mount(self) -> None:
        self.dismiss(False)
