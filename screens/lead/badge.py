"""Lost badge: revoke every printed badge of the person and show the new one on screen.

Revoking bumps the badge version, so the lost card, still validly signed, is refused as
revoked at the next scan. The new badge's QR is drawn right here so the person can
photograph it and keep working until the reprint (`kiosk badges`) is in their hands.
Esc or Enter closes; the dialog answers True once a badge has been revoked.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Static

from kiosk.badges import badge_payload, build_qr
from kiosk.errors import KioskError
from kiosk.i18n import describe_error
from kiosk.services.records import StaffMember
from screens.base import ForBoardRow, KioskDialog
from screens.failures import as_kiosk_error
from screens.widgets.plain import Plain
from screens.widgets.qr import QrCode


class BadgeRevoked(Message):
    """The revoke is on disk: the person as now stored and the new badge's QR modules."""

    def __init__(
        self,
        member: StaffMember | None,
        matrix: Sequence[Sequence[bool]] | None,
        error: KioskError | None,
    ) -> None:
        super().__init__()
        self.member = member
        self.matrix = matrix
        self.error = error


class BadgeDialog(ForBoardRow, KioskDialog[bool]):
    CSS_PATH = "badge.tcss"
    BINDINGS = [
        Binding("f2", "revoke", show=False),
        Binding("escape,enter", "close", show=False),
    ]
    revoked: bool = False
    working: bool = False

    def compose(self) -> ComposeResult:
        tr, staff = self.tr, self.row.staff
        with Vertical(id="box"):
            yield Plain(
                tr.t("lead.badge.title", name=staff.name, staff_id=staff.id),
                id="title",
            )
            yield Plain(
                tr.t("lead.badge.confirm", name=staff.name, version=staff.badge_version),
                id="message",
            )
            yield Center(id="qr")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.badge.keys"), id="keys")

    def action_revoke(self) -> None:
        if not (self.revoked or self.working):
            self.working = True
            self.revoke(self.row.staff.id)

    @work(thread=True, exclusive=True, group="lead-badge")
    def revoke(self, staff_id: str) -> None:
        try:
            member = self.services.staff.revoke_badge(staff_id, by=self.lead.id)
        except Exception as err:
            self.post_message(BadgeRevoked(None, None, as_kiosk_error(err)))
            return
        try:  # revoked already: a failure here still leaves the old badges refused
            secret = self.services.store.site_secret()
            payload = badge_payload(secret, member.id, member.badge_version)
            matrix = build_qr(payload).get_matrix()
        except Exception as err:
            self.post_message(BadgeRevoked(member, None, as_kiosk_error(err)))
            return
        self.post_message(BadgeRevoked(member, matrix, None))

    def on_badge_revoked(self, message: BadgeRevoked) -> None:
        self.working = False
        tr = self.tr
        self.revoked = self.revoked or message.member is not None
        if message.error is not None:
            if message.error.exit_code >= 4:
                self.dismiss(self.revoked)
                self.kiosk.show_failure(message.error)
            else:
                self.query_one("#problem", Static).update(describe_error(message.error, tr))
            return
        assert message.member is not None and message.matrix is not None
        member = message.member
        self.query_one("#box").add_class("revoked")
        self.query_one("#message", Static).update(
            tr.t("lead.badge.done", name=member.name, version=member.badge_version)
        )
        self.query_one("#qr", Center).mount(QrCode(message.matrix, id="qr-code"))
        self.query_one("#keys", Static).update(tr.t("lead.badge.done_keys"))
        self.app.notify(
            tr.t(
                "staff.badge_revoked",
                name=member.name,
                staff_id=member.id,
                version=member.badge_version,
            ),
            timeout=6,
        )

    def action_close(self) -> None:
        self.dismiss(self.revoked)
