"""The kiosk App. Until the screens issue lands it shows a ready home line."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from kiosk.i18n import Translator
from kiosk.services.container import Services


class KioskApp(App[None]):
    """Full-screen kiosk; services arrive from kiosk.cli, never built here."""

    ENABLE_COMMAND_PALETTE = False
    CSS = "Screen { align: center middle; } #ready { width: auto; }"

    def __init__(self, services: Services, lang: str = "zh") -> None:
        super().__init__()
        self.services = services
        self.tr = Translator(lang)

    def compose(self) -> ComposeResult:
        yield Static(self.tr.t("app.ready"), id="ready")
