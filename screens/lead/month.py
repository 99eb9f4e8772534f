"""The month sign-off (月结) on the lead's screens: from the day-end screen, F6.

It opens on the previous month (a field to type another). The open items are listed in
words; F2 signs the month off (with items open, a dialog lists them and only F2 there
accepts them: they are kept with the approval); F3 re-opens a signed-off month with a
typed reason. Every read and change runs in a worker; the wording is
kiosk.presentation.month's, the rules the month sign-off service's.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from kiosk.domain.month_signoff import OpenItem
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.parsing import typed_month
from kiosk.presentation.month import (
    approval_words,
    history_words,
    item_words,
    open_words,
    reopen_words,
    state_words,
)
from kiosk.services.container import Services
from kiosk.services.month_signoff import MonthStatus
from kiosk.services.records import StaffMember
from screens.base import KioskDialog, KioskScreen
from screens.dialogs import confirm
from screens.dialogs.confirm import ConfirmDialog
from screens.failures import as_kiosk_error
from screens.widgets.plain import Plain

MOST_ITEMS_ASKED = 8  # listed in the acceptance dialog; the rest as a count (80x24)


class MonthRead(Message):
    def __init__(
        self, status: MonthStatus | None, error: KioskError | None, note: str = ""
    ) -> None:
        super().__init__()
        self.status = status
        self.error = error
        self.note = note  # what the last F2 or F3 did


class AcceptOpenDialog(ConfirmDialog, inherit_bindings=False):
    """Sign off with these open? Only F2 accepts: Enter (pressed without reading) and Esc
    do not."""

    BINDINGS = [
        Binding("f2", "answer(True)", show=False),
        Binding("escape", "answer(False)", show=False),
    ]
    KEYS = "month_screen.confirm_keys"
    CSS_PATH = str(Path(confirm.__file__).with_name("confirm.tcss"))  # ConfirmDialog's own


def accept_question(items: tuple[OpenItem, ...], tr: Translator) -> str:
    shown = [item_words(i, tr) for i in items[:MOST_ITEMS_ASKED]]
    if len(items) > MOST_ITEMS_ASKED:
        shown.append(tr.t("month_screen.more", count=len(items) - MOST_ITEMS_ASKED))
    return "\n".join([*shown, "", tr.t("month_screen.confirm_question")])


class ReasonDialog(KioskDialog[str | None]):
    """Why the month is re-opened: typed; Enter re-opens, Esc cancels."""

    CSS_PATH = "month.tcss"
    AUTO_FOCUS = "#reason"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, services: Services, tr: Translator, month: str) -> None:
        super().__init__(services, tr)
        self.month = month

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="box"):
            yield Plain(tr.t("month_screen.reason_title", month=self.month), id="title")
            yield Plain(tr.t("month_screen.reason_label"), id="label")
            yield Input(max_length=200, id="reason")
            yield Plain(tr.t("month_screen.reason_keys"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).cursor_blink = False

    @on(Input.Submitted, "#reason")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MonthScreen(KioskScreen[None]):
    CSS_PATH = "month.tcss"
    AUTO_FOCUS = "#month"
    BINDINGS = [
        Binding("f2", "approve", show=False),
        Binding("f3", "reopen", show=False),
        Binding("escape", "back", show=False),
    ]
    working: bool = False
    status: MonthStatus | None = None

    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead
        self.month = services.months.previous_month()

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="head"):
            yield Plain(tr.t("month_screen.title"), id="title")
            yield Input(
                self.month,
                placeholder=tr.t("month_screen.month_placeholder"),
                max_length=7,
                id="month",
            )
            yield Plain(tr.t("month_screen.loading", month=self.month), id="state")
        with VerticalScroll(id="items"):
            yield Plain("", id="open")
            yield Plain("", id="history")
        yield Plain("", id="problem")
        yield Plain(tr.t("month_screen.keys"), id="keys")

    def on_mount(self) -> None:
        field = self.query_one("#month", Input)
        field.cursor_blink = False
        field.border_title = self.tr.t("month_screen.month_label")
        self.read_month()

    @on(Input.Submitted, "#month")
    def month_typed(self, event: Input.Submitted) -> None:
        event.stop()
        parsed = typed_month(event.value)
        if parsed is None:
            text = self.tr.t("month_screen.bad_month", value=event.value.strip()[:20])
            self.query_one("#problem", Static).update(text)
            return
        self.month = parsed[0]
        self.query_one("#problem", Static).update("")
        self.query_one("#state", Static).update(self.tr.t("month_screen.loading", month=self.month))
        self.read_month()

    # -- workers ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="month")
    def read_month(self, note: str = "") -> None:
        try:
            status = self.services.months.status(self.month)
        except Exception as err:
            self.post_message(MonthRead(None, as_kiosk_error(err)))
            return
        self.post_message(MonthRead(status, None, note))

    @work(thread=True, exclusive=True, group="month")
    def approve(self, accept_open: bool) -> None:
        try:
            done = self.services.months.approve(self.month, self.lead.id, accept_open)
        except Exception as err:
            self.post_message(MonthRead(None, as_kiosk_error(err)))
            return
        self.read_month("\n".join(approval_words(done.record, self.tr)))  # type: ignore[arg-type]

    @work(thread=True, exclusive=True, group="month")
    def reopen(self, reason: str) -> None:
        try:
            done = self.services.months.reopen(self.month, self.lead.id, reason)
        except Exception as err:
            self.post_message(MonthRead(None, as_kiosk_error(err)))
            return
        self.read_month(reopen_words(done.record, self.tr))  # type: ignore[arg-type]

    def on_month_read(self, message: MonthRead) -> None:
        self.working = False
        tr = self.tr
        problem = self.query_one("#problem", Static)
        if message.error is not None:
            if message.error.exit_code >= 4:
                self.kiosk.show_failure(message.error)
            else:
                problem.update(describe_error(message.error, tr))
            return
        status = message.status
        assert status is not None
        self.status = status
        self.query_one("#state", Static).update(f"{status.month}  {state_words(status, tr)}")
        self.query_one("#open", Static).update(
            "\n".join(open_words(status.month, status.items, tr))
        )
        history = [history_words(r, tr) for r in status.state.history]
        self.query_one("#history", Static).update(
            "\n".join([tr.t("month.history"), *history]) if history else ""
        )
        problem.update(message.note)

    # -- keys ---------------------------------------------------------------------------------
    def action_approve(self) -> None:
        status = self.status
        if self.working or status is None or status.month != self.month:
            return
        if not status.items or not status.over or status.state.sealed:
            # nothing to accept, or refused anyway (not over, approved already): the
            # service says which, in its words
            self.start(lambda: self.approve(False))
            return
        tr = self.tr
        title = tr.t("month_screen.confirm_title", month=status.month, count=len(status.items))

        def answered(yes: bool | None) -> None:
            if yes:
                self.start(lambda: self.approve(True))
            else:
                self.query_one("#problem", Static).update(tr.t("month_screen.not_approved"))

        self.kiosk.show(AcceptOpenDialog(tr, title, accept_question(status.items, tr)), answered)

    def action_reopen(self) -> None:
        if self.working or self.status is None or self.status.month != self.month:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self.start(lambda: self.reopen(reason))

        self.kiosk.show(ReasonDialog(self.services, self.tr, self.month), answered)

    def start(self, run: object) -> None:
        self.working = True
        self.query_one("#problem", Static).update("")
        run()  # type: ignore[operator]

    def action_back(self) -> None:
        self.dismiss(None)
