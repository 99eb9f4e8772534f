"""The pre-shift appearance checklist, shown after a check-in for a self-check.

The person reads the 13 items (rules.md, 一、仪容仪表 / 二、衣着) before the lead inspects
them; nothing is recorded here. Enter closes it; so does the next scan, or the idle time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical

from kiosk.i18n import Translator
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.base import PassThroughScreen
from screens.widgets.plain import Plain


class ChecklistScreen(PassThroughScreen):
    CSS_PATH = "checklist.tcss"
    TIMEOUT = "idle"

    def __init__(self, services: Services, tr: Translator, member: StaffMember) -> None:
        super().__init__(services, tr)
        self.member = member

    def compose(self) -> ComposeResult:
        tr = self.tr
        items = self.services.config.checklist
        fines = sorted({item.fine for item in items})
        fine = "/".join(str(f) for f in fines)
        with Vertical(id="card"):
            yield Plain(tr.t("checklist.title", name=self.member.name), id="title")
            yield Plain(tr.t("checklist.lead_confirms", fine=fine), id="lead-confirms")
            with Grid(id="items"):
                for number, item in enumerate(items, start=1):
                    text = f"{number:>2}. {item.label(tr.lang)}"
                    yield Plain(text, classes="item")
            yield Plain(tr.t("checklist.hint"), id="hint")
