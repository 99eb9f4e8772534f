"""The day's totals QR on a screen of its own (F4 on the end-of-day screen).

A terminal too small to show the code beside the figures (80x24) still shows it whole here.
The screen is light all round, so it makes the quiet zone: the code is drawn with a border
of one module, and a version 6 code (43 modules so, 22 rows) leaves a row above and below
on 24 rows, three modules or more of light on every side.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from kiosk.day_qr import qr_matrix
from kiosk.i18n import Translator
from kiosk.services.container import Services
from screens.base import KioskScreen
from screens.widgets.plain import Plain
from screens.widgets.qr import QrCode

VIEW_BORDER = 1  # modules; the light screen around the code does the rest


class DayQrScreen(KioskScreen[None]):
    CSS_PATH = "day_qr.tcss"
    BINDINGS = [
        Binding("escape", "back", show=False),
        Binding("f4", "back", show=False),
    ]

    def __init__(self, services: Services, tr: Translator, payload: str, title: str) -> None:
        """`payload`: the closed day's QR text (kiosk.day_qr); `title`: which day it is."""
        super().__init__(services, tr)
        self.payload = payload
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Horizontal(id="sheet"):
            yield QrCode(qr_matrix(self.payload, border=VIEW_BORDER), id="day-qr")
            with Vertical(id="caption"):
                yield Plain(self.title_text, id="title")
                yield Plain(self.tr.t("day_end.qr_caption"), id="scan")
                yield Plain(self.tr.t("day_qr.keys"), id="keys")

    def action_back(self) -> None:
        self.dismiss(None)
