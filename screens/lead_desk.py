"""The lead's screens in a browser (`kiosk serve`): lead mode only, a sign-in per session.

textual-serve starts one `kiosk lead-desk` process per browser tab. It is the kiosk app
with a different home: no scan field and no staff check-in, only the lead sign-in (badge
or ID, then PIN) and, after it, the same board and tools as at the kiosk. Idle time, F12
or signing out returns to the sign-in, so a tab left open on an office PC shows nothing.
Several tabs (and the kiosk itself) write the same files under the store's cross-process
locks, so nothing is lost or doubled.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Vertical

from kiosk.services.records import StaffMember
from screens.app import KioskApp
from screens.base import KioskScreen
from screens.lead.board import BoardScreen
from screens.lead.login import LeadLoginDialog
from screens.widgets.plain import Plain


class LeadDeskHome(KioskScreen[None]):
    """Behind the sign-in: the department's name and how to sign in, nothing else. The
    sign-in opens again whenever this screen is on top (after the board, or a cancel)."""

    CSS_PATH = "lead_desk.tcss"

    def compose(self) -> ComposeResult:
        tr, config = self.tr, self.services.config
        with Center(), Vertical(id="box"):
            yield Plain(f"{tr.t('desk.title')} · {config.kiosk_id}", id="title")
            yield Plain(tr.t("desk.hint"), id="hint")

    CHECK_SECONDS = 0.2

    def on_mount(self) -> None:
        # Polled: whatever brought this screen back on top (signing out, idle time, a
        # cancelled sign-in), the sign-in follows within CHECK_SECONDS.
        self.set_interval(self.CHECK_SECONDS, self.sign_in)
        self.call_after_refresh(self.sign_in)

    def sign_in(self) -> None:
        """Open the sign-in if nothing is above this screen (pushing it puts it on top at
        once, so a second call in the same moment finds it there and does nothing)."""
        if self.app.screen is not self:
            return

        def signed_in(lead: StaffMember | None) -> None:
            if lead is not None:
                self.kiosk.show(BoardScreen(self.services, self.tr, lead, self.kiosk.board_cells))

        self.kiosk.show(LeadLoginDialog(self.services, self.tr), signed_in)

    def receive_key(self, event: events.Key) -> None:
        """Nothing is scanned here (the kiosk's home takes the next person's keys)."""


class LeadDeskApp(KioskApp):
    """The kiosk app with the lead sign-in as its home. It sends what its tools re-closed
    but leaves closing days by the clock to the kiosk itself."""

    CLOSES_DAYS = False
    SCANS = False

    def make_home(self) -> LeadDeskHome:  # type: ignore[override]
        return LeadDeskHome(self.services, self.tr)
