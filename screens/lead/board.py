"""Today's board: everyone expected today, what they did, and what the lead must still do.

Read in a worker (one day file, the people file), shown in a DataTable the lead moves through
with the arrow keys. F2 cycles the shift filter, F3 the sort order, F5 switches to the queue
of people checked in but not yet inspected. The other F-keys open the lead's tools for the
selected person; each tool stores through the services and the board reloads after it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from kiosk.badges import looks_like_badge
from kiosk.domain.names import learn_names, name_matches, name_order
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.day import count_items
from kiosk.services.board import BOARD_STATES, BoardRow, summarise
from kiosk.services.clock_watch import ClockStatus, clock_warning
from kiosk.services.container import Services
from kiosk.services.records import StaffMember
from screens.base import SEARCH_PAUSE, KioskScreen
from screens.failures import as_kiosk_error, log_failure
from screens.lead.appearance import AppearanceCheckScreen
from screens.lead.badge import BadgeDialog
from screens.lead.board_grid import BoardGrid
from screens.lead.board_table import BoardCells, BoardTable, Prepared, RowCells
from screens.lead.correction import CorrectionDialog
from screens.lead.day_end import DayEndScreen
from screens.lead.incident import IncidentDialog
from screens.lead.leave import LeaveDialog
from screens.lead.quit import QuitDialog
from screens.lead.roster import RosterDialog
from screens.lead.staff import StaffScreen
from screens.widgets.items_line import ItemsLine
from screens.widgets.plain import Plain
from screens.widgets.tables import cursor_key

SORTS = ("shift", "status", "name", "check_in")
COLUMNS = ("staff_id", "name", "shift", "check_in", "check_out", "late", "early", "state",
           "appearance")  # fmt: skip
NARROW_COLUMNS = ("name", "shift", "check_in", "check_out", "late_early", "state", "appearance")
NARROW = 100  # screen columns below which the board drops the ID and merges late and early
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BoardLoaded(Message):
    def __init__(
        self,
        rows: list[BoardRow] | None,
        error: KioskError | None,
        clock: ClockStatus | None = None,
        cells: Prepared | None = None,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.clock = clock  # the kiosk's clock: a jump is said above the table
        self.error = error
        self.cells = cells  # the new rows' cells, made in the worker (board_table.py)


class BadgeOnBoard(Message):
    """A badge was scanned into the board's search: whose it is, or why it was refused."""

    def __init__(self, member: StaffMember | None, error: KioskError | None) -> None:
        super().__init__()
        self.member = member
        self.error = error


class BoardScreen(KioskScreen[None]):
    CSS_PATH = "board.tcss"
    AUTO_FOCUS = "#board"
    LEAD_MODE = True  # a lead is signed in while this is open: the lead's idle time applies
    REFRESH_SECONDS = 20.0
    search_timer: Timer | None = None
    BINDINGS = [
        Binding("f1", "staff_list", show=False),
        Binding("f2", "cycle_shift", show=False),
        Binding("f3", "cycle_sort", show=False),
        Binding("f4", "appearance_check", show=False),
        Binding("f5", "toggle_queue", show=False),
        Binding("f6", "fix_punch", show=False),
        Binding("f7", "record_leave", show=False),
        Binding("f8", "record_incident", show=False),
        Binding("f9", "change_roster", show=False),
        Binding("f10", "badge", show=False),
        Binding("f11", "day_end", show=False),
        Binding("f12", "quit_kiosk", show=False),
        Binding("escape", "sign_out", show=False),
    ]

    def __init__(
        self,
        services: Services,
        tr: Translator,
        lead: StaffMember,
        cells: BoardCells | None = None,
    ) -> None:
        """`cells`: the app's kept cells of everyone's row (made ahead at start), else the
        board makes its own."""
        super().__init__(services, tr)
        self.lead = lead
        self.cells = cells or BoardCells(tr)
        self.resumed = False
        self.rows: list[BoardRow] = []
        self.shift_filter: str | None = None
        self.sort = "shift"
        self.queue_only = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Plain("", id="title")
            yield Plain(self.tr.t("board.lead", name=self.lead.name), id="lead")
        yield Plain(self.tr.t("board.loading"), id="summary")
        yield Plain("", id="clock")
        with Horizontal(id="tools"):
            yield Plain("", id="filter")
            yield Input(
                placeholder=self.tr.t("lead.search"), max_length=200, select_on_focus=False,
                id="search",
            )  # fmt: skip
        yield BoardGrid(id="board", cursor_type="row", zebra_stripes=True)
        yield Plain(self.tr.t("board.keys"), id="keys")

    def on_mount(self) -> None:
        self.columns: tuple[str, ...] = ()
        self.table = BoardTable(self.query_one("#board", DataTable), self.tr)
        self.set_interval(self.REFRESH_SECONDS, self.refresh_rows)
        self.query_one("#search", Input).cursor_blink = False
        self.load()

    def on_screen_resume(self) -> None:
        """Read again after a tool closes; not on the first showing, which on_mount reads
        for (two reads at once of 5,000 people's day only slowed the board's opening)."""
        if self.resumed:
            self.load()
        self.resumed = True

    def refresh_rows(self) -> None:
        """Read the day again while the board is on top: punches made at another desk or
        with the `kiosk` command show up without signing in again."""
        if self.app.screen is self:
            self.load()

    # -- data ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="board")
    def load(self) -> None:
        try:
            rows = self.services.board.rows()
            learn_names(r.staff.name for r in rows)
            theme, narrow = self.app.current_theme, self.app.size.width < NARROW
            cells = Prepared(theme, narrow, self.cells.prepare(rows, theme, narrow))
        except Exception as err:
            self.post_message(BoardLoaded(None, as_kiosk_error(err)))
            return
        self.post_message(BoardLoaded(rows, None, self.services.clock_watch.read(), cells))

    def on_board_loaded(self, message: BoardLoaded) -> None:
        if message.error is not None:
            # Said on the board itself, not in the failure dialog: the board reloads each
            # time a dialog closes, so a damaged day file would bring the dialog back at
            # once and hide F11 and F12 from the lead (issue 13, point 1).
            log_failure(message.error)
            self.rows = []
            self.table.clear()
            summary = self.query_one("#summary", Static)
            text = describe_error(message.error, self.tr) + "\n" + self.tr.t("board.still_usable")
            summary.update(text)
            summary.add_class("problem")
            return
        self.query_one("#summary", Static).remove_class("problem")
        warning = clock_warning(message.clock, self.tr) if message.clock else None
        clock = self.query_one("#clock", Static)
        clock.update(warning or "")
        clock.set_class(warning is not None, "shown")
        self.rows = message.rows or []
        if message.cells is not None:
            self.cells.keep(message.cells.cells, message.cells.theme, message.cells.narrow)
        self.show_rows()

    def day(self) -> date:
        return self.rows[0].plan.date if self.rows else self.services.day_close.today()

    def visible_rows(self) -> list[BoardRow]:
        query = self.query_one("#search", Input).value
        rows = [r for r in self.rows if name_matches(query, r.staff.name, r.staff.id)]
        if self.shift_filter is not None:
            rows = [r for r in rows if r.shift.template.code == self.shift_filter]
        if self.queue_only:
            waiting = [r for r in rows if r.awaiting_check]
            return sorted(waiting, key=lambda r: r.check_in or r.shift.start)
        keys: dict[str, Callable[[BoardRow], object]] = {
            "shift": lambda r: (r.shift.template.code, name_order(r.staff.name), r.staff.id),
            "status": lambda r: (BOARD_STATES.index(r.state), name_order(r.staff.name)),
            "name": lambda r: (name_order(r.staff.name), r.staff.id),
            "check_in": lambda r: (r.check_in is None, r.check_in or r.shift.start, r.staff.id),
        }
        return sorted(rows, key=keys[self.sort])

    def show_rows(self) -> None:
        tr = self.tr
        day = self.day()
        self.query_one("#title", Static).update(
            tr.t("board.title", date=day.isoformat(), weekday=tr.weekday(WEEKDAYS[day.weekday()]))
        )
        counts = summarise(self.rows)
        self.query_one("#summary", Static).update(ItemsLine(count_items(counts, tr)))
        visible = self.visible_rows()
        view = (
            tr.t("board.view.queue", count=len(visible))
            if self.queue_only
            else tr.t("board.view.all")
        )
        self.query_one("#filter", Static).update(
            tr.t(
                "board.filter",
                shift=self.shift_filter or tr.t("board.filter.all"),
                sort=tr.t(f"board.sort.{self.sort}"),
                view=view,
            )
        )
        table = self.query_one("#board", DataTable)
        selected = self.selected_id()
        narrow = self.app.size.width < NARROW
        self.columns = NARROW_COLUMNS if narrow else COLUMNS
        self.table.set_columns(self.columns)
        shown = self.cells.cells(visible, self.app.current_theme, narrow)
        self.use_the_room(table, shown)  # before the rows: they are measured with it
        self.table.fill(shown, selected, narrow)

    def use_the_room(self, table: DataTable[Text], shown: list[RowCells]) -> None:
        """On a wide screen, spread the columns over it instead of leaving half empty. The
        widths are measured from the labels and the cells shown now (the table's own
        widths remember rows cleared since, so the same board would be laid out apart)."""
        spare = self.app.size.width - self.table.natural_width(shown) - 2
        padding = max(1, min(4, spare // (2 * max(1, len(table.columns)))))
        if table.cell_padding != padding:
            table.cell_padding = padding

    def on_resize(self) -> None:
        if self.columns:
            self.show_rows()

    def selected_id(self) -> str | None:
        return cursor_key(self.query_one("#board", DataTable))

    def selected_row(self) -> BoardRow | None:
        staff_id = self.selected_id()
        row = next((r for r in self.rows if r.staff.id == staff_id), None)
        if row is None:
            self.notify(self.tr.t("board.pick_someone"), severity="warning")
        return row

    # -- search -------------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """Typing on the board searches: the first letter moves to the search field."""
        search = self.query_one("#search", Input)
        if event.is_printable and event.character and self.focused is not search:
            event.stop()
            event.prevent_default()
            search.focus()
            search.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        """Rebuild the table once the typing pauses: at 5,000 people a rebuild takes
        0.4 s, which on every key would make the search lag behind the fingers."""
        if self.search_timer is not None:
            self.search_timer.stop()
        self.search_timer = self.set_timer(SEARCH_PAUSE, self.show_rows)

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        """Enter: to the list; a badge scanned here is said, not silently dropped: the lead
        is signed in, so no punch is recorded (the person waits for Esc)."""
        event.stop()
        if looks_like_badge(event.value.strip()):
            self.identify_badge(event.value)
            event.input.clear()
        self.query_one("#board", DataTable).focus()

    @work(thread=True, exclusive=True, group="board-badge")
    def identify_badge(self, text: str) -> None:
        try:
            member = self.services.scan.identify(text).staff
        except Exception as err:
            self.post_message(BadgeOnBoard(None, as_kiosk_error(err)))
            return
        self.post_message(BadgeOnBoard(member, None))

    def on_badge_on_board(self, message: BadgeOnBoard) -> None:
        if message.error is not None:
            self.notify(describe_error(message.error, self.tr), severity="warning", timeout=8)
            return
        member = message.member
        assert member is not None
        table = self.query_one("#board", DataTable)
        if member.id in {r.staff.id for r in self.visible_rows()}:
            table.move_cursor(row=table.get_row_index(member.id))
        self.notify(self.tr.t("board.badge_scanned", name=member.name), severity="warning",
                    timeout=8)  # fmt: skip

    # -- filters ------------------------------------------------------------------------------
    def action_cycle_shift(self) -> None:
        codes: list[str | None] = [None, *self.services.config.shifts]
        self.shift_filter = codes[(codes.index(self.shift_filter) + 1) % len(codes)]
        self.show_rows()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.show_rows()

    def action_toggle_queue(self) -> None:
        self.queue_only = not self.queue_only
        self.show_rows()

    # -- the lead's tools ---------------------------------------------------------------------
    def open_tool(self, build: Callable[[BoardRow], Screen[bool]]) -> None:
        row = self.selected_row()
        if row is not None:
            self.kiosk.show(build(row), lambda _stored: self.load())

    def action_appearance_check(self) -> None:
        self.open_tool(lambda row: AppearanceCheckScreen(self.services, self.tr, self.lead, row))

    def action_fix_punch(self) -> None:
        self.open_tool(lambda row: CorrectionDialog(self.services, self.tr, self.lead, row))

    def action_record_leave(self) -> None:
        self.open_tool(lambda row: LeaveDialog(self.services, self.tr, self.lead, row))

    def action_record_incident(self) -> None:
        self.open_tool(lambda row: IncidentDialog(self.services, self.tr, self.lead, row))

    def action_change_roster(self) -> None:
        self.open_tool(lambda row: RosterDialog(self.services, self.tr, self.lead, row))

    def action_badge(self) -> None:
        self.open_tool(lambda row: BadgeDialog(self.services, self.tr, self.lead, row.staff))

    def action_staff_list(self) -> None:
        """F1: everyone on the staff list, and the jobs about people (PINs, hires, leavers,
        default shifts, badges, paperwork)."""
        self.kiosk.show(StaffScreen(self.services, self.tr, self.lead), lambda _: self.load())

    def action_day_end(self) -> None:
        """F11: the day's totals, closing the day, and its QR."""
        self.kiosk.show(DayEndScreen(self.services, self.tr, self.lead), lambda _: self.load())

    def action_quit_kiosk(self) -> None:
        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.kiosk.leave_kiosk()

        self.kiosk.show(QuitDialog(self.services, self.tr, self.lead), answered)

    def action_sign_out(self) -> None:
        """Esc: clears a search first, then signs the lead out."""
        search = self.query_one("#search", Input)
        if search.value:
            search.clear()
            self.query_one("#board", DataTable).focus()
            return
        self.kiosk.go_home()
