"""Mark a phoned-in leave's paperwork done: the form arrived, the board stops saying so.

The dialog lists every leave whose paperwork is still pending (the list the staff screen
read), the selected person's first; the lead picks one in words (name, type, dates) and
F2 stores it through the lead service, which closes again any closed day the leave covers.
With nothing pending it says so and only Esc closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select

from kiosk.i18n import Translator
from kiosk.services.container import Services
from kiosk.services.records import LeaveRecord, StaffMember
from screens.lead.tool import FormDialog
from screens.widgets.plain import Plain


class PaperworkDialog(FormDialog):
    CSS_PATH = "staff_forms.tcss"
    AUTO_FOCUS = "#leave"

    def __init__(
        self,
        services: Services,
        tr: Translator,
        lead: StaffMember,
        pending: Sequence[LeaveRecord],
        names: dict[str, str],
        staff_id: str | None,
    ) -> None:
        super().__init__(services, tr)
        self.lead = lead
        mine = [r for r in pending if r.staff_id == staff_id]
        self.pending = mine + [r for r in pending if r.staff_id != staff_id]
        self.names = names

    def label(self, record: LeaveRecord) -> str:
        return self.tr.t(
            "lead.paperwork.choice",
            name=self.names.get(record.staff_id, record.staff_id),
            staff_id=record.staff_id,
            type=self.tr.leave_type(record.type),
            start=record.start.isoformat(),
            end=record.end.isoformat(),
        )

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="box"):
            yield Plain(tr.t("lead.paperwork.title", count=len(self.pending)), id="title")
            if self.pending:
                yield Select(
                    [(self.label(r), r.id) for r in self.pending],
                    value=self.pending[0].id,
                    allow_blank=False,
                    id="leave",
                )
                yield Plain("", id="problem")
                yield Plain(tr.t("lead.paperwork.keys"), id="keys")
            else:
                yield Plain(tr.t("lead.paperwork.none"), id="problem")
                yield Plain(tr.t("lead.paperwork.close"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        if not self.pending:
            return None
        leave_id = str(self.query_one("#leave", Select).value)
        record = next(r for r in self.pending if r.id == leave_id)
        tr, lead_service, by, label = self.tr, self.services.lead, self.lead.id, self.label(record)

        def write() -> str:
            lead_service.leave_paperwork_done(leave_id, by)
            return tr.t("lead.paperwork.saved", leave=label)

        return write
