"""One person's badge: shown on screen, written out for printing, or revoked when lost.

The dialog opens on the person's current badge, drawn as a QR a phone can photograph (a new
hire works with it until the card is printed). F3 writes the printable files for this one
person into the data folder's `badges/` (the reprint of a worn card). F2 is for a lost
card: after a confirmation it bumps the badge version, so the lost card, still validly
signed, is refused as revoked at the next scan, and the new badge is drawn in its place.
Esc or Enter closes; the dialog answers True once a badge has been revoked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from kiosk.errors import KioskError
from kiosk.i18n import describe_error
from kiosk.services.records import StaffMember
from screens.base import ForStaffMember, KioskDialog
from screens.dialogs.confirm import ConfirmDialog
from screens.failures import as_kiosk_error
from screens.widgets.plain import Plain
from screens.widgets.qr import QrCode


class BadgeDone(Message):
    """A badge job finished: the person as stored, their badge's QR, what to say, or the
    error it met."""

    def __init__(
        self,
        member: StaffMember | None,
        matrix: Sequence[Sequence[bool]] | None,
        notice: str,
        error: KioskError | None,
    ) -> None:
        super().__init__()
        self.member = member
        self.matrix = matrix
        self.notice = notice
        self.error = error


class BadgeDialog(ForStaffMember, KioskDialog[bool]):
    CSS_PATH = "badge.tcss"
    BINDINGS = [
        Binding("f2", "revoke", show=False),
        Binding("f3", "write_files", show=False),
        Binding("escape,enter", "close", show=False),
    ]
    revoked: bool = False
    working: bool = False

    def compose(self) -> ComposeResult:
        tr, member = self.tr, self.member
        with Horizontal(id="box"):
            yield Center(id="qr")
            with Vertical(id="side"):
                yield Plain(
                    tr.t("lead.badge.title", name=member.name, staff_id=member.id), id="title"
                )
                yield Plain(
                    tr.t("lead.badge.current", name=member.name, version=member.badge_version),
                    id="message",
                )
                yield Plain("", id="notice")
                yield Plain("", id="problem")
                yield Plain(tr.t("lead.badge.keys"), id="keys")

    def on_mount(self) -> None:
        self.run_job(lambda: (self.member, ""))

    # -- the jobs -----------------------------------------------------------------------------
    def run_job(self, job: Callable[[], tuple[StaffMember, str]]) -> None:
        if not self.working:
            self.working = True
            self.query_one("#problem", Static).update("")
            self.badge_job(job)

    @work(thread=True, exclusive=True, group="lead-badge")
    def badge_job(self, job: Callable[[], tuple[StaffMember, str]]) -> None:
        """Run `job` (reading the site key, writing files, revoking) off the event loop,
        then draw the badge the person holds now."""
        try:
            member, notice = job()
        except Exception as err:
            self.post_message(BadgeDone(None, None, "", as_kiosk_error(err)))
            return
        try:  # revoked already: a failure here still leaves the old badges refused
            matrix = self.services.badges.matrix(member)
        except Exception as err:
            self.post_message(BadgeDone(member, None, notice, as_kiosk_error(err)))
            return
        self.post_message(BadgeDone(member, matrix, notice, None))

    def action_write_files(self) -> None:
        tr, badges, member = self.tr, self.services.badges, self.member

        def write() -> tuple[StaffMember, str]:
            done = badges.write([member])
            return member, tr.t("lead.badge.written", name=member.name, folder=str(done.folder))

        self.run_job(write)

    def action_revoke(self) -> None:
        if self.working:
            return
        tr, member = self.tr, self.member
        question = tr.t("lead.badge.confirm", name=member.name, version=member.badge_version)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_job(self.revoke_job)

        self.kiosk.show(ConfirmDialog(tr, tr.t("lead.badge.lost"), question), answered)

    def revoke_job(self) -> tuple[StaffMember, str]:
        member = self.services.staff.revoke_badge(self.member.id, by=self.lead.id)
        return member, self.tr.t(
            "staff.badge_revoked", name=member.name, staff_id=member.id,
            version=member.badge_version,
        )  # fmt: skip

    async def on_badge_done(self, message: BadgeDone) -> None:
        self.working = False
        tr = self.tr
        if message.member is not None and message.member.badge_version != self.member.badge_version:
            self.revoked = True
            self.query_one("#box").add_class("revoked")
            self.query_one("#message", Static).update(
                tr.t("lead.badge.done", name=message.member.name,
                     version=message.member.badge_version)
            )  # fmt: skip
        if message.member is not None:
            self.member = message.member
        if message.error is not None:
            if message.error.exit_code >= 4:
                self.dismiss(self.revoked)
                self.kiosk.show_failure(message.error)
            else:
                self.query_one("#problem", Static).update(describe_error(message.error, tr))
            return
        assert message.matrix is not None
        holder = self.query_one("#qr", Center)
        await holder.remove_children()
        await holder.mount(QrCode(message.matrix, id="qr-code"))
        holder.add_class("shown")
        self.query_one("#notice", Static).update(message.notice)
        if message.notice:
            self.app.notify(message.notice, timeout=6)

    def action_close(self) -> None:
        self.dismiss(self.revoked)
