"""Record leave for the selected person: any of the eight types, in advance or phoned in.

Whether the leave was applied for in advance or phoned in is a choice the lead makes in
words, with no default: a checkbox ticked by default, told apart from unticked only by
its colour, was saved the wrong way round. Phoned-in leave stands at once and shows
`paperwork pending` on the board until the lead marks the paperwork done. The type has no
default either: a wrong type changes pay, so the lead must choose one.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select

from kiosk.services.records import LEAVE_TYPES
from screens.lead.tool import LeadToolDialog
from screens.widgets.plain import Plain


class LeaveDialog(LeadToolDialog):
    CSS_PATH = "leave.tcss"
    AUTO_FOCUS = "#type"

    def compose(self) -> ComposeResult:
        tr, staff = self.tr, self.row.staff
        today = self.today().isoformat()
        with Vertical(id="box"):
            yield Plain(
                tr.t("lead.leave.title", name=staff.name, staff_id=staff.id),
                id="title",
            )
            yield Select(
                [(tr.leave_type(kind), kind) for kind in LEAVE_TYPES],
                prompt=tr.t("lead.leave.type"),
                id="type",
            )
            with Horizontal(id="dates"):
                yield Input(today, placeholder=tr.t("lead.leave.from"), max_length=10, id="from")
                yield Input(today, placeholder=tr.t("lead.leave.to"), max_length=10, id="to")
            yield Select(
                [(tr.t("lead.leave.advance"), "advance"), (tr.t("lead.leave.phoned"), "phoned")],
                prompt=tr.t("lead.leave.how"),
                id="how",
            )
            yield Input(placeholder=tr.t("lead.leave.note"), max_length=200, id="note")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        tr = self.tr
        kind_select = self.query_one("#type", Select)
        kind = kind_select.selection
        if kind is None:
            self.problem(tr.t("lead.leave.need_type"), kind_select)
            return None
        days = []
        for field_id in ("#from", "#to"):
            day = self.given_day(field_id, plan=True)
            if day is None:
                return None
            days.append(day)
        start, end = days
        how_select = self.query_one("#how", Select)
        if how_select.selection is None:
            self.problem(tr.t("lead.leave.need_how"), how_select)
            return None
        phoned = how_select.selection == "phoned"
        note = self.query_one("#note", Input).value
        staff, lead, lead_service = self.row.staff, self.lead, self.services.lead

        def write() -> str:
            record = lead_service.record_leave(
                staff.id, str(kind), start, end, phoned=phoned, note=note, by=lead.id
            ).result
            return tr.t(
                "lead.leave.saved",
                name=staff.name,
                type=tr.leave_type(record.type),
                start=record.start.isoformat(),
                end=record.end.isoformat(),
            )

        return write
