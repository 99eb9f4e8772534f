"""The month's 考勤表 on the kiosk (F5 on the end-of-day screen): the grid HR is sent.

The same grid as the xlsx (`ExportService.month_grid`, the same marks and totals): people
in pinyin order down, the days across with the weekday under each date, one symbol a cell,
the totals at the right, the legend under it. Late and absent cells are bold in the theme's
warning and error colours, besides their symbol. The current month first; PageUp/PageDown
go a month back or on, or a month typed in the field (YYYY-MM) and Enter; Down goes to the
grid, whose arrow keys scroll it (the ID and name columns stay); a digit typed on the grid
starts the month in the field. The grid is
built in a worker: a month of day files is disk work. Names are text, never markup.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from kiosk.domain.month_sheet import is_alert
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.month_words import approval_text, grid_totals, legend, mark_symbol, weekday_short
from kiosk.parsing import typed_month
from kiosk.services.container import Services
from kiosk.services.exports import MonthGrid
from kiosk.services.records import StaffMember
from screens.base import KioskScreen
from screens.failures import as_kiosk_error, log_failure
from screens.widgets.plain import Plain

MONTH_KEYS = "0123456789-"


class GridRead(Message):
    def __init__(self, month: str, grid: MonthGrid | None, error: KioskError | None) -> None:
        super().__init__()
        self.month = month
        self.grid = grid
        self.error = error


def shifted(month: str, by: int) -> str:
    """`2026-11` one month on (`by=1`) or back (`by=-1`)."""
    year, number = int(month[:4]), int(month[5:7]) - 1 + by
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


class MonthSheetScreen(KioskScreen[None]):
    CSS_PATH = "month_sheet.tcss"
    AUTO_FOCUS = "#grid"
    BINDINGS = [
        Binding("down", "to_grid", show=False),
        Binding("pageup", "month(-1)", show=False, priority=True),
        Binding("pagedown", "month(1)", show=False, priority=True),
        Binding("escape", "back", show=False),
    ]

    def __init__(
        self, services: Services, tr: Translator, lead: StaffMember, today: date | None = None
    ) -> None:
        super().__init__(services, tr)
        self.lead = lead
        day = today or services.day_close.today()
        self.month = f"{day.year:04d}-{day.month:02d}"

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(id="top"):
            yield Plain(tr.t("month_sheet.title", month=self.month), id="title")
            yield Input(
                placeholder=tr.t("month_sheet.month_prompt"),
                max_length=7,
                select_on_focus=False,
                id="month",
            )
        yield Plain(tr.t("month_sheet.loading", month=self.month), id="summary")
        yield DataTable(id="grid", cursor_type="cell", zebra_stripes=True, header_height=2)
        yield Plain("", id="legend")
        yield Plain(tr.t("month_sheet.keys"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#month", Input).cursor_blink = False
        self.load()

    @work(thread=True, exclusive=True, group="month-sheet")
    def load(self) -> None:
        month = self.month
        try:
            grid = self.services.exports.month_grid(month)
        except Exception as err:
            self.post_message(GridRead(month, None, as_kiosk_error(err)))
            return
        self.post_message(GridRead(month, grid, None))

    def on_grid_read(self, message: GridRead) -> None:
        if message.month != self.month:
            return  # a month paged past before it was read
        summary = self.query_one("#summary", Static)
        if message.error is not None or message.grid is None:
            if message.error is not None:
                log_failure(message.error)
                summary.update(describe_error(message.error, self.tr))
            return
        self.show_grid(message.grid)

    def show_grid(self, grid: MonthGrid) -> None:
        tr, sheet = self.tr, grid.sheet
        theme = self.app.current_theme
        alert = {"late": f"bold {theme.warning}", "absent": f"bold {theme.error}"}
        table = self.query_one("#grid", DataTable)
        table.clear(columns=True)
        table.fixed_columns = 2
        table.add_column(Text(tr.t("sheet.col.staff_id")), key="id")
        table.add_column(Text(tr.t("sheet.col.name")), key="name")
        for day in sheet.days:
            label = Text(f"{day.day}\n{weekday_short(day.weekday(), tr)}", justify="center")
            table.add_column(label, key=day.isoformat())
        totals = grid_totals(sheet, tr)
        for n, (header, _) in enumerate(totals):
            table.add_column(Text(header.replace(" ", "\n", 1)), key=f"total{n}")
        for row in sheet.rows:
            cells: list[Text] = [Text(row.staff_id), Text(row.name)]
            for code in row.marks:
                style = alert["absent" if code == "absent" else "late"] if is_alert(code) else ""
                cells.append(Text(mark_symbol(code, tr), style=style, justify="center"))
            cells += [Text(str(number(row)), justify="right") for _, number in totals]
            table.add_row(*cells, key=row.staff_id)
        key = "month_sheet.closed" if sheet.rows else "month_sheet.empty"
        self.query_one("#summary", Static).update(
            tr.t(
                key,
                month=sheet.month,
                closed=len(sheet.closed),
                days=len(sheet.days),
                people=len(sheet.rows),
                approval=approval_text(grid.approval, tr),
            )
        )
        self.query_one("#legend", Static).update(Text(self.legend_line(grid)))
        if sheet.closed:  # the newest closed day in view, beside the names
            table.move_cursor(column=2 + sheet.days.index(sheet.closed[-1]))

    def legend_line(self, grid: MonthGrid) -> str:
        """The legend in a line or two: the marks, then the leave symbols together."""
        tr, kinds = self.tr, grid.sheet.leave_types
        leave_symbols = {mark_symbol(f"leave.{k}", tr) for k in kinds}
        entries = [f"{s} {m}" for s, m in legend(grid.sheet, tr) if s not in leave_symbols]
        symbols = "/".join(mark_symbol(f"leave.{k}", tr) for k in kinds)
        entries.append(tr.t("month_sheet.leave_legend", symbols=symbols))
        return f"{tr.t('sheet.legend')}: " + "  ".join(entries)

    def go_to(self, month: str) -> None:
        self.month = month
        self.query_one("#title", Static).update(self.tr.t("month_sheet.title", month=month))
        self.query_one("#summary", Static).update(self.tr.t("month_sheet.loading", month=month))
        self.load()

    def action_month(self, by: int) -> None:
        moved = shifted(self.month, by)
        if typed_month(moved) is not None:
            self.go_to(moved)

    @on(Input.Submitted, "#month")
    def month_typed(self, event: Input.Submitted) -> None:
        parsed = typed_month(event.value)
        if parsed is None:
            self.notify(self.tr.t("error.bad_month", value=event.value), severity="warning")
            return
        event.input.value = ""
        self.go_to(parsed[0])
        self.query_one("#grid", DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        """A digit or a dash typed on the grid starts a month in the field."""
        field = self.query_one("#month", Input)
        if event.character and event.character in MONTH_KEYS and not field.has_focus:
            field.focus()
            field.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_to_grid(self) -> None:
        self.query_one("#grid", DataTable).focus()

    def action_back(self) -> None:
        self.dismiss(None)
