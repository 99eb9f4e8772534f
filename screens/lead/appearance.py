"""The pre-shift appearance check: the lead ticks what fails, sees the fine add up, confirms.

"上班前由部门负责人检查仪表、仪容。如有违反部门规定一次十元。" The thirteen items and their fines
come from kiosk.toml. A ticked item is a FAILED item, so the usual case (everything fine) is
one key: F2. A person checked earlier today opens with that check's failures ticked, so the
lead corrects a slip instead of starting over; the engine keeps both checks in the history.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from kiosk.errors import KioskError
from kiosk.i18n import describe_error
from kiosk.services.appearance import AppearanceResult
from screens.base import ForBoardRow, KioskScreen
from screens.failures import as_kiosk_error
from screens.widgets.marked_list import MarkedList
from screens.widgets.plain import Plain


class AppearanceStored(Message):
    """The check is on disk (`result`), or the error the worker met."""

    def __init__(self, result: AppearanceResult | None, error: KioskError | None) -> None:
        super().__init__()
        self.result = result
        self.error = error


class AppearanceCheckScreen(ForBoardRow, KioskScreen[bool]):
    CSS_PATH = "appearance.tcss"
    AUTO_FOCUS = "#items"
    BINDINGS = [
        Binding("f2", "confirm", show=False),
        Binding("escape", "cancel", show=False),
    ]
    saving: bool = False

    def compose(self) -> ComposeResult:
        tr, row = self.tr, self.row
        shift = row.shift
        earlier = set(row.appearance.failed) if row.appearance else set()
        with Vertical(id="box"):
            yield Plain(tr.t("lead.appearance.title"), id="title")
            yield Plain(
                tr.t(
                    "lead.appearance.person",
                    name=row.staff.name,
                    staff_id=row.staff.id,
                    shift=shift.template.code,
                    label=shift.template.label(tr.lang),
                    start=shift.start.strftime("%H:%M"),
                    end=shift.end.strftime("%H:%M"),
                    check_in=(
                        row.check_in.strftime("%H:%M")
                        if row.check_in
                        else tr.t("lead.appearance.not_in")
                    ),
                ),
                id="person",
            )
            if row.appearance is not None:
                yield Plain(
                    tr.t(
                        "lead.appearance.earlier",
                        time=row.appearance.at.strftime("%H:%M"),
                        by=row.appearance.by_name or row.appearance.by,
                    ),
                    id="earlier",
                )
            yield MarkedList(
                *(
                    Selection(
                        tr.t("lead.appearance.item", label=item.label(tr.lang), fine=item.fine),
                        item.key,
                        item.key in earlier,
                    )
                    for item in self.services.config.checklist
                ),
                id="items",
            )
            yield Plain("", id="total")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.appearance.keys"), id="keys")

    def on_mount(self) -> None:
        self.show_total()

    def failed(self) -> list[str]:
        """The ticked keys, in checklist order."""
        ticked = set(self.query_one("#items", SelectionList).selected)
        return [item.key for item in self.services.config.checklist if item.key in ticked]

    def on_selection_list_selected_changed(self) -> None:
        self.show_total()

    def show_total(self) -> None:
        items = self.services.config.checklist_by_key
        failed = self.failed()
        fine = sum(items[key].fine for key in failed)
        total = self.query_one("#total", Static)
        total.update(self.tr.t("lead.appearance.total", count=len(failed), fine=fine))
        total.set_class(bool(failed), "failed")

    # -- storing ------------------------------------------------------------------------------
    def action_confirm(self) -> None:
        if not self.saving:
            self.saving = True
            self.store(self.row.staff.id, self.failed())

    @work(thread=True, exclusive=True, group="lead-appearance")
    def store(self, staff_id: str, failed: list[str]) -> None:
        try:
            # Through the lead service: a closed day is closed again and sent, as everywhere.
            change = self.services.lead.appearance_check(staff_id, by=self.lead.id, failed=failed)
            result = change.result
        except Exception as err:
            self.post_message(AppearanceStored(None, as_kiosk_error(err)))
            return
        self.post_message(AppearanceStored(result, None))

    def on_appearance_stored(self, message: AppearanceStored) -> None:
        self.saving = False
        tr = self.tr
        if message.error is not None:
            if message.error.exit_code >= 4:
                self.dismiss(False)
                self.kiosk.show_failure(message.error)
            else:
                self.query_one("#problem", Static).update(describe_error(message.error, tr))
            return
        result = message.result
        assert result is not None
        notice = (
            tr.t(
                "lead.appearance.saved_failed",
                name=result.staff.name,
                count=len(result.failed),
                fine=result.fine,
            )
            if result.failed
            else tr.t("lead.appearance.saved_passed", name=result.staff.name)
        )
        self.app.notify(notice, severity="warning" if result.failed else "information", timeout=6)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
