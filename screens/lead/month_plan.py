"""The lead's month plan: people (pinyin order) x days, set with letter keys.

The arrow keys move in the grid; a shift code's letter sets that shift, R (or 休 typed
with an input method) a rest day, Delete or Backspace returns the day to the person's
weekly pattern (a day set by a lead, not by the pattern, is shown bold and underlined); a
leave day is not changed here and the screen says so. Under the people,
the head count per day and shift (a day below the template's min_staff says `!`); at the
right, each person's rest days planned/owed and warnings. F3 / F4 go to the previous /
next month. Each change is saved through MonthPlanService.apply in a worker, in the signed-
in lead's name, and closes again any closed day it touched (the service's business).
"""

from __future__ import annotations

from collections import deque
from datetime import date

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static

from kiosk.domain.month_plan import MonthPlan, PersonPlan
from kiosk.domain.names import learn_names
from kiosk.domain.shifts import WEEKDAYS
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.month_plan import (
    WEEKEND,
    cell_mark,
    coverage_line,
    person_warnings,
    weekday_mark,
)
from kiosk.services.container import Services
from kiosk.services.month_plan import CellChange
from kiosk.services.records import StaffMember
from screens.base import KioskScreen
from screens.failures import as_kiosk_error, log_failure
from screens.widgets.plain import Plain

COVERAGE = "cov:"  # row keys of the head-count rows under the people


class MonthLoaded(Message):
    def __init__(self, plan: MonthPlan | None, error: KioskError | None, notice: str = "") -> None:
        super().__init__()
        self.plan = plan
        self.error = error
        self.notice = notice


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


class MonthPlanScreen(KioskScreen[None]):
    CSS_PATH = "month_plan.tcss"
    AUTO_FOCUS = "#grid"
    LEAD_MODE = True
    BINDINGS = [
        Binding("f3", "previous_month", show=False),
        Binding("f4", "next_month", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead
        today = services.month_plan.today()
        self.today = today
        self.year, self.month = today.year, today.month
        self.plan: MonthPlan | None = None
        self.saving = False
        # Cells typed while one is being saved: saved next, in the order typed (a key
        # dropped because a save was under way would be a change the lead thinks was made).
        self.waiting: deque[CellChange] = deque()

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Plain("", id="title")
            yield Plain(self.tr.t("board.lead", name=self.lead.name), id="lead")
        yield Plain(self.tr.t("board.loading"), id="summary")
        yield DataTable(id="grid", cursor_type="cell", zebra_stripes=False, header_height=2)
        yield Plain("", id="detail")
        yield Plain(self.tr.t("plan.screen.keys"), id="keys")

    def on_mount(self) -> None:
        self.load()

    # -- loading ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="month-plan")
    def load(self, notice: str = "") -> None:
        try:
            plan = self.services.month_plan.month(self.year, self.month)
            learn_names(p.name for p in plan.people)
        except Exception as err:
            self.post_message(MonthLoaded(None, as_kiosk_error(err)))
            return
        self.post_message(MonthLoaded(plan, None, notice))

    def on_month_loaded(self, message: MonthLoaded) -> None:
        self.saving = False
        if message.error is not None:
            self.waiting.clear()  # the error is shown; the plan under them is unknown
            log_failure(message.error)
            self.query_one("#summary", Static).update(describe_error(message.error, self.tr))
            return
        assert message.plan is not None
        same_month = self.plan is not None and self.plan.month == message.plan.month
        self.plan = message.plan
        self.show_plan(keep_cursor=same_month)
        if message.notice:
            self.notify(message.notice, timeout=4)
        self.save_next()

    def show_plan(self, keep_cursor: bool) -> None:
        plan, tr = self.plan, self.tr
        assert plan is not None
        table: DataTable[Text] = self.query_one("#grid", DataTable)
        where = table.cursor_coordinate
        table.clear(columns=True)
        table.cell_padding = 0  # the day columns are 3 wide: 31 of them fit at 160
        table.fixed_columns = 1
        table.add_column(Text(tr.t("plan.col.name") + " "), key="name")
        for day in plan.days:
            width = 4 if day == self.today else 3  # today's ▸ takes a column of its own
            table.add_column(self.day_label(day), key=day.isoformat(), width=width)
        table.add_column(Text(tr.t("plan.col.rest") + " "), key="rest")
        table.add_column(Text(tr.t("plan.col.warnings")), key="warn")
        for person in plan.people:
            table.add_row(*self.person_cells(person), key=person.staff_id)
        for code in plan.shift_codes:
            table.add_row(*self.coverage_cells(code), key=COVERAGE + code)
        title = tr.t("plan.title", month=plan.month, per_week=plan.rest_days_per_week)
        self.query_one("#title", Static).update(title)
        self.query_one("#summary", Static).update(self.summary())
        if keep_cursor:
            table.move_cursor(row=where.row, column=where.column)
        else:
            column = next((i + 1 for i, d in enumerate(plan.days) if d == self.today), 1)
            table.move_cursor(row=0, column=column)
        self.show_detail()

    def day_label(self, day: date) -> Text:
        """The day's number over its weekday; today and weekends said by a sign, not only
        a colour: ▸ before today's number, the weekday (六/日, Sa/Su) underlined."""
        number = f"▸{day.day}" if day == self.today else f"{day.day:>2}"
        label = Text(number + "\n")
        weekday = weekday_mark(day, self.tr)
        label.append(weekday, style="underline bold" if day.weekday() in WEEKEND else "")
        return label

    def person_cells(self, person: PersonPlan) -> list[Text]:
        cells = [Text(person.name + " ")]
        for cell in person.cells:
            mark = cell_mark(cell, self.tr) or "·"
            style = "italic" if cell.kind == "leave" else ""
            if cell.override:
                style = "bold underline"  # set for that day, not the weekly pattern
            cells.append(Text(mark, style=style))
        balance = f"{person.rest_planned}/{person.rest_entitled}"
        warnings = person_warnings(person, self.tr)
        cells.append(Text(balance + (" !" if warnings else "") + " "))
        cells.append(Text("; ".join(warnings)))
        return cells

    def coverage_cells(self, code: str) -> list[Text]:
        assert self.plan is not None
        cells = [Text(self.tr.t("plan.row.shift", shift=code) + " ", style="bold")]
        minimum = None
        for coverage in self.plan.coverage:
            planned, short, minimum = coverage_line(coverage, code)
            shown = f"{planned}!" if short else str(planned)
            cells.append(Text(shown, style="bold reverse" if short else ""))
        cells.append(Text(self.tr.t("plan.row.min", min=minimum) if minimum is not None else ""))
        cells.append(Text(""))
        return cells

    def summary(self) -> str:
        assert self.plan is not None
        tr, plan = self.tr, self.plan
        parts = []
        if plan.short_days:
            parts.append(tr.t("plan.screen.short", count=len(plan.short_days)))
        if plan.unscheduled:
            names = ", ".join(f"{p.name} {p.rest_left}" for p in plan.unscheduled)
            parts.append(tr.t("plan.screen.unscheduled", names=names))
        return "  ".join(parts) or tr.t("plan.screen.all_planned")

    # -- the selected cell ------------------------------------------------------------------
    def selected(self) -> tuple[PersonPlan, int] | None:
        """The person and day index under the cursor (None on a count row or column)."""
        if self.plan is None:
            return None
        table = self.query_one("#grid", DataTable)
        row, column = table.cursor_coordinate
        if row >= len(self.plan.people) or not 1 <= column <= len(self.plan.days):
            return None
        return self.plan.people[row], column - 1

    def on_data_table_cell_highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        found = self.selected()
        detail = self.query_one("#detail", Static)
        if found is None:
            detail.update(self.tr.t("plan.screen.pick"))
            return
        person, index = found
        cell = person.cells[index]
        text = self.tr.t(
            "plan.screen.detail",
            name=person.name,
            date=cell.day.isoformat(),
            weekday=self.tr.weekday(WEEKDAYS[cell.day.weekday()]),
            plan=self.describe(cell.kind, cell_mark(cell, self.tr, short=False)),
            planned=person.rest_planned,
            entitled=person.rest_entitled,
        )
        warnings = person_warnings(person, self.tr)
        detail.update(text + ("  " + "; ".join(warnings) if warnings else ""))

    def describe(self, kind: str, mark: str) -> str:
        if kind == "off":
            return self.tr.t("plan.screen.off")
        return mark

    # -- changing a cell --------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """Letters set the cell under the cursor (the grid takes letters, as a spreadsheet)."""
        if self.focused is not self.query_one("#grid", DataTable):
            return
        code: str | None
        character = (event.character or "").upper()
        if event.key in ("delete", "backspace"):
            code = None
        elif character == "R" or event.character == "休":
            code = "rest"
        elif self.plan is not None and character in self.plan.shift_codes:
            code = character
        else:
            return
        event.stop()
        event.prevent_default()
        self.set_cell(code)

    def set_cell(self, code: str | None) -> None:
        found = self.selected()
        if found is None:
            return
        person, index = found
        cell = person.cells[index]
        if cell.kind == "leave":
            self.notify(self.tr.t("plan.screen.leave_cell", name=person.name), severity="warning")
            return
        if cell.kind == "off":
            self.notify(self.tr.t("plan.screen.off_cell", name=person.name), severity="warning")
            return
        shown = "rest" if cell.kind == "rest" else cell.shift
        if (code is None and not cell.override) or (code is not None and code == shown):
            return  # the cell already says this
        self.waiting.append(CellChange(person.staff_id, cell.day, code))
        self.save_next()

    def save_next(self) -> None:
        """Save the first waiting change, unless a save is under way (one at a time: each
        save reads the month back before the next)."""
        if self.saving or not self.waiting:
            return
        self.saving = True
        self.save(self.waiting.popleft())

    @work(thread=True, exclusive=True, group="month-plan-save")
    def save(self, change: CellChange) -> None:
        try:
            self.services.month_plan.apply([change], by=self.lead.id)
            plan = self.services.month_plan.month(self.year, self.month)
        except Exception as err:
            error = as_kiosk_error(err)
            if error.exit_code < 4:  # a refusal the lead can read: the grid stays
                self.app.call_from_thread(self.refused, error)
                return
            self.post_message(MonthLoaded(None, error))
            return
        self.post_message(MonthLoaded(plan, None))

    def refused(self, error: KioskError) -> None:
        self.saving = False
        self.notify(describe_error(error, self.tr), severity="warning", timeout=8)
        self.save_next()

    # -- months -----------------------------------------------------------------------------
    def action_previous_month(self) -> None:
        self.year, self.month = shift_month(self.year, self.month, -1)
        self.load()

    def action_next_month(self) -> None:
        self.year, self.month = shift_month(self.year, self.month, 1)
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)
