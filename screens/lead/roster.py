"""Change one person's roster for one date: another shift, or a rest day.

The choice starts at what the roster says now for the row's date, so the lead only moves it.
The lead's roster is the truth for the whole day: changed after someone checked in, their
check-in (and check-out) are judged against the new shift; the punches stay as recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select

from kiosk.services.board import BoardRow
from kiosk.services.roster import REST
from screens.lead.tool import LeadToolDialog
from screens.widgets.plain import Plain


class RosterDialog(LeadToolDialog):
    CSS_PATH = "roster.tcss"
    AUTO_FOCUS = "#day"

    def compose(self) -> ComposeResult:
        tr, row = self.tr, self.row
        options = [
            (
                tr.t(
                    "lead.roster.shift",
                    code=code,
                    label=shift.label(tr.lang),
                    start=shift.start.strftime("%H:%M"),
                    end=shift.end.strftime("%H:%M"),
                ),
                code,
            )
            for code, shift in self.services.config.shifts.items()
        ]
        options.append((tr.t("lead.roster.rest"), REST))
        self.codes = [value for _, value in options]
        current = self.current(row, options)
        with Vertical(id="box"):
            yield Plain(
                tr.t("lead.roster.title", name=row.staff.name, staff_id=row.staff.id),
                id="title",
            )
            yield Input(
                row.plan.date.isoformat(),
                placeholder=tr.t("lead.roster.date"),
                max_length=10,
                id="day",
            )
            yield Select(options, value=current, allow_blank=False, id="code")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    @staticmethod
    def current(row: BoardRow, options: list[tuple[str, str]]) -> str:
        """What the roster says for the row's date, so the lead only moves it."""
        current = REST if row.plan.plan == "rest" else row.plan.shift_code
        return current if current in {value for _, value in options} else options[0][1]

    def show_day(self, row: BoardRow) -> None:
        """Another date typed: start from what the roster says for that day."""
        self.row = row
        select = self.query_one("#code", Select)
        select.value = self.current(row, [(str(v), v) for v in self.codes])

    def prepare(self) -> Callable[[], str] | None:
        tr = self.tr
        day = self.given_day("#day", plan=True)
        if day is None:
            return None
        code = str(self.query_one("#code", Select).value)
        staff, lead, lead_service = self.row.staff, self.lead, self.services.lead

        def write() -> str:
            plan = lead_service.set_roster(staff.id, day, code, by=lead.id).result
            shift = tr.t("lead.roster.rest") if plan.plan == "rest" else plan.shift_code
            return tr.t("lead.roster.saved", name=staff.name, date=day.isoformat(), shift=shift)

        return write
