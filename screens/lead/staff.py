"""The staff list: the lead's jobs about people rather than about today's punches.

Everyone on the list, not only today's board: people on a rest day, new hires who start
next week, people who have left (kept, with their last day). A search field finds a person
by name, ID or the name's pinyin (zl finds 张丽); the arrow keys pick. F2 adds a new hire,
F3 sets or resets a PIN, F4 changes name, lead flag, or default shift and rest day from a
date, F5 ends someone's employment from a date, F6 shows, reprints or revokes the badge,
F7 marks phoned-in leave's paperwork done, F8 opens the month plan. Each tool stores
through the services, with the signed-in lead recorded on the audit trail, and the list
reloads after it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from kiosk.domain.names import learn_names, name_matches, name_order
from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.services.container import Services
from kiosk.services.records import LeaveRecord, StaffMember
from screens.base import SEARCH_PAUSE, KioskScreen
from screens.failures import as_kiosk_error, log_failure
from screens.lead.badge import BadgeDialog
from screens.lead.month_plan import MonthPlanScreen
from screens.lead.paperwork import PaperworkDialog
from screens.lead.staff_forms import PinDialog, StaffAddDialog, StaffChangeDialog, StaffEndDialog
from screens.widgets.plain import Plain
from screens.widgets.tables import cursor_key


class StaffLoaded(Message):
    def __init__(
        self,
        staff: list[StaffMember] | None,
        pending: list[LeaveRecord] | None,
        error: KioskError | None,
    ) -> None:
        super().__init__()
        self.staff = staff
        self.pending = pending
        self.error = error


def staff_cells(member: StaffMember, tr: Translator) -> tuple[str, ...]:
    """One row of the list, as text (names are data, never markup)."""
    if member.left_on is not None:
        employed = tr.t("lead.staff.left_on", date=member.left_on.isoformat())
    elif member.starts_on is not None:
        employed = tr.t("lead.staff.starts_on", date=member.starts_on.isoformat())
    else:
        employed = tr.t("lead.staff.employed")
    return (
        member.id,
        member.name,
        member.shift,
        tr.weekday(member.rest_day),
        tr.t("lead.staff.yes") if member.lead else "",
        tr.t("lead.staff.pin_set") if member.pin_hash else tr.t("lead.staff.pin_missing"),
        str(member.badge_version),
        employed,
    )


class StaffScreen(KioskScreen[None]):
    CSS_PATH = "staff.tcss"
    AUTO_FOCUS = "#search"
    LEAD_MODE = True
    search_timer: Timer | None = None
    BINDINGS = [
        Binding("f2", "add_staff", show=False),
        Binding("f3", "set_pin", show=False),
        Binding("f4", "change_staff", show=False),
        Binding("f5", "end_employment", show=False),
        Binding("f6", "badge", show=False),
        Binding("f7", "paperwork", show=False),
        Binding("f8", "month_plan", show=False),
        Binding("escape", "back", show=False),
        Binding("down", "to_list", show=False),
    ]
    COLUMNS = ("staff_id", "name", "shift", "rest_day", "lead", "pin", "badge", "employed")

    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead
        self.staff: list[StaffMember] = []
        self.pending: list[LeaveRecord] = []  # phoned-in leave whose paperwork is not in

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(id="top"):
            yield Plain(tr.t("lead.staff.title"), id="title")
            yield Plain(tr.t("board.lead", name=self.lead.name), id="lead")
        yield Input(
            placeholder=tr.t("lead.search"), max_length=32, select_on_focus=False, id="search"
        )
        yield Plain(tr.t("board.loading"), id="summary")
        yield DataTable(id="staff", cursor_type="row", zebra_stripes=True)
        yield Plain(tr.t("lead.staff.keys"), id="keys")

    def on_mount(self) -> None:
        table = self.query_one("#staff", DataTable)
        for column in self.COLUMNS:
            table.add_column(self.tr.t(f"lead.staff.col.{column}"), key=column)
        self.query_one("#search", Input).cursor_blink = False
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="staff-list")
    def load(self) -> None:
        try:
            staff = self.services.staff.all()
            pending = self.services.leave.listing(pending_only=True)
            learn_names(m.name for m in staff)
        except Exception as err:
            self.post_message(StaffLoaded(None, None, as_kiosk_error(err)))
            return
        self.post_message(StaffLoaded(staff, pending, None))

    def on_staff_loaded(self, message: StaffLoaded) -> None:
        if message.error is not None:  # said here, like the board: a dialog would come back
            log_failure(message.error)
            self.query_one("#summary", Static).update(describe_error(message.error, self.tr))
            return
        self.staff = sorted(message.staff or [], key=lambda m: (name_order(m.name), m.id))
        self.pending = message.pending or []
        self.show_staff()

    def visible(self) -> list[StaffMember]:
        query = self.query_one("#search", Input).value
        return [m for m in self.staff if name_matches(query, m.name, m.id)]

    def show_staff(self) -> None:
        table = self.query_one("#staff", DataTable)
        selected = self.selected_id()
        table.clear()
        shown = self.visible()
        for member in shown:
            table.add_row(*staff_cells(member, self.tr), key=member.id)
        if selected in {m.id for m in shown}:
            table.move_cursor(row=table.get_row_index(selected))
        summary = self.tr.t("lead.staff.count", shown=len(shown), total=len(self.staff))
        if self.pending:
            summary += "  " + self.tr.t("lead.staff.paperwork", count=len(self.pending))
        self.query_one("#summary", Static).update(summary)

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        """Applied once the typing pauses, as on the board."""
        if self.search_timer is not None:
            self.search_timer.stop()
        self.search_timer = self.set_timer(SEARCH_PAUSE, self.show_staff)

    @on(Input.Submitted, "#search")
    def action_to_list(self) -> None:
        self.query_one("#staff", DataTable).focus()

    def selected_id(self) -> str | None:
        return cursor_key(self.query_one("#staff", DataTable))

    def selected(self) -> StaffMember | None:
        staff_id = self.selected_id()
        member = next((m for m in self.staff if m.id == staff_id), None)
        if member is None:
            self.notify(self.tr.t("board.pick_someone"), severity="warning")
        return member

    # -- the tools ----------------------------------------------------------------------------
    def open_tool(self, build: Callable[[StaffMember], Screen[bool]]) -> None:
        member = self.selected()
        if member is not None:
            self.kiosk.show(build(member), lambda _stored: self.load())

    def action_add_staff(self) -> None:
        self.kiosk.show(StaffAddDialog(self.services, self.tr, self.lead), lambda _: self.load())

    def action_set_pin(self) -> None:
        self.open_tool(lambda m: PinDialog(self.services, self.tr, self.lead, m))

    def action_change_staff(self) -> None:
        self.open_tool(lambda m: StaffChangeDialog(self.services, self.tr, self.lead, m))

    def action_end_employment(self) -> None:
        self.open_tool(lambda m: StaffEndDialog(self.services, self.tr, self.lead, m))

    def action_badge(self) -> None:
        self.open_tool(lambda m: BadgeDialog(self.services, self.tr, self.lead, m))

    def action_paperwork(self) -> None:
        names = {m.id: m.name for m in self.staff}
        dialog = PaperworkDialog(
            self.services, self.tr, self.lead, self.pending, names, self.selected_id()
        )
        self.kiosk.show(dialog, lambda _: self.load())

    def action_month_plan(self) -> None:
        self.kiosk.show(MonthPlanScreen(self.services, self.tr, self.lead), lambda _: self.load())

    def action_back(self) -> None:
        self.dismiss(None)
