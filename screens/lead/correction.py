"""Fix a punch: the lead records a forgotten (or wrong) check-in or check-out, with a reason.

The engine stores a correction event naming the punch it replaces; the original stays in the
day file, so the history shows both. The time is a clock time on the row's attendance date
in the kiosk's time zone; on a shift that crosses midnight a check-out earlier than the
shift's start is the next morning.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from kiosk.errors import UsageError
from kiosk.i18n import Translator
from kiosk.parsing import typed_clock
from kiosk.services.board import BoardRow
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.lead.tool import LeadToolDialog
from screens.widgets.plain import Plain


def _hhmm(moment: datetime | None, none: str) -> str:
    return moment.strftime("%H:%M") if moment is not None else none


def _missing(row: BoardRow) -> str:
    """What the lead most likely came to add: a check-in without a check-out is by far the
    usual case (the forgotten check-out); otherwise the check-in."""
    return "check_out" if row.check_in is not None and row.check_out is None else "check_in"


class CorrectionDialog(LeadToolDialog):
    CSS_PATH = "correction.tcss"
    AUTO_FOCUS = "#at"

    def __init__(
        self, services: Services, tr: Translator, lead: StaffMember, row: BoardRow
    ) -> None:
        super().__init__(services, tr, lead, row)
        self.default_action = _missing(row)

    def title_text(self) -> str:
        row = self.row
        return self.tr.t("lead.correction.title", name=row.staff.name, staff_id=row.staff.id,
                         date=row.shift.date.isoformat())  # fmt: skip

    def punches_text(self) -> str:
        row, tr = self.row, self.tr
        none = tr.t("lead.none")
        return tr.t(
            "lead.correction.punches",
            check_in=_hhmm(row.check_in, none),
            check_out=_hhmm(row.check_out, none),
            shift=row.shift.template.code,
            start=row.shift.start.strftime("%H:%M"),
            end=row.shift.end.strftime("%H:%M"),
        )

    def compose(self) -> ComposeResult:
        tr, row = self.tr, self.row
        with Vertical(id="box"):
            yield Plain(self.title_text(), id="title")
            yield Plain(self.punches_text(), id="punches")
            yield Select(
                [(tr.t(f"action.{a}"), a) for a in ("check_in", "check_out")],
                value=self.default_action,
                allow_blank=False,
                id="action",
            )
            yield Input(
                row.shift.date.isoformat(),
                placeholder=tr.t("lead.correction.day"),
                max_length=10,
                id="day",
            )
            yield Input(placeholder=tr.t("lead.correction.time"), max_length=5, id="at")
            yield Input(placeholder=tr.t("lead.correction.reason"), max_length=200, id="reason")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def show_day(self, row: BoardRow) -> None:
        """Another date typed (yesterday's forgotten check-out): that day's punches and
        shift, and what is missing there, not what was missing today."""
        self.row = row
        self.query_one("#title", Static).update(self.title_text())
        self.query_one("#punches", Static).update(self.punches_text())
        self.query_one("#action", Select).value = _missing(row)

    def prepare(self) -> Callable[[], str] | None:
        tr = self.tr
        action = str(self.query_one("#action", Select).value)
        day = self.given_day("#day")
        if day is None:
            return None
        at_field = self.query_one("#at", Input)
        clock_time = typed_clock(at_field.value)
        if clock_time is None:
            self.problem(tr.t("lead.correction.bad_time"), at_field)
            return None
        reason_field = self.query_one("#reason", Input)
        reason = reason_field.value.strip()
        if not reason:
            self.problem(tr.t("lead.correction.need_reason"), reason_field)
            return None
        row, lead, services = self.row, self.lead, self.services
        staff = row.staff

        def write() -> str:
            # Another day (yesterday's forgotten check-out, found this morning): the time
            # is placed on that day's shift for the person, as the roster had it then.
            shift = row.shift
            if day != shift.date:
                other = services.board.row(staff.id, day)
                if other is None:
                    raise UsageError("correction_not_planned", date=day.isoformat())
                shift = other.shift
            at = shift.moment_of(clock_time)
            result = services.lead.correct_punch(
                staff.id, at=at, by=lead.id, reason=reason, action=action, day=day
            ).result
            return tr.t(
                "lead.correction.saved",
                date=day.isoformat(),
                name=staff.name,
                time=result.at.strftime("%H:%M"),
                action=tr.t(f"action.{result.action}"),
            )

        return write
