"""The lead's forms about one person of the staff list: a new hire, a PIN, a change, a leaver.

Each is a `FormDialog`: fields read on the UI thread, the write run in a worker through the
services with the signed-in lead as `by` (so the audit trail names who did it), a problem
the lead can fix said inside the dialog. A PIN is typed twice, masked, and never shown.
Choices that change pay (shift, rest day, lead or not) are words in a Select, never a
checkbox told apart by colour; a new hire's shift and rest day have no default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select

from kiosk.domain.shifts import WEEKDAYS
from kiosk.i18n import Translator
from kiosk.services.container import Services
from kiosk.services.lead import LeadChange
from kiosk.services.records import StaffMember
from screens.base import ForStaffMember
from screens.lead.tool import FormDialog
from screens.widgets.plain import Plain


class StaffFormDialog(FormDialog):
    """What the staff forms share: the lead, the shift and rest-day choices, a date field,
    a PIN typed twice."""

    CSS_PATH = "staff_forms.tcss"

    def shift_choices(self) -> list[tuple[str, str]]:
        tr = self.tr
        return [
            (tr.t("lead.staff.shift_choice", code=code, label=shift.label(tr.lang)), code)
            for code, shift in self.services.config.shifts.items()
        ]

    def rest_day_choices(self) -> list[tuple[str, str]]:
        tr = self.tr
        return [(tr.t("lead.staff.rest_day_choice", day=tr.weekday(d)), d) for d in WEEKDAYS]

    def lead_choices(self) -> list[tuple[str, bool]]:
        return [(self.tr.t("lead.staff.not_lead"), False), (self.tr.t("lead.staff.is_lead"), True)]

    def read_day(self, field_id: str) -> date | None:
        return self.given_day(field_id, plan=True)

    def read_pins(self, required: bool) -> tuple[bool, str | None]:
        """(fine, the PIN or None when left blank and not required)."""
        first, second = self.query_one("#pin", Input), self.query_one("#pin_again", Input)
        if not first.value and not second.value and not required:
            return True, None
        if not first.value:
            self.problem(self.tr.t("lead.staff.need_pin"), first)
            return False, None
        if first.value != second.value:
            second.clear()
            self.problem(self.tr.t("error.pins_differ"), second)
            return False, None
        return True, first.value

    def pin_fields(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(classes="pair"):
            yield Input(placeholder=tr.t("lead.staff.pin"), password=True, max_length=8, id="pin")
            yield Input(
                placeholder=tr.t("lead.staff.pin_again"),
                password=True,
                max_length=8,
                id="pin_again",
            )

    def reclosed(self, change: LeadChange[StaffMember], text: str) -> str:
        """The notice, and the closed days the change closed again, if any."""
        days = [c.date.isoformat() for c in change.end_of_day.changed]
        return text + (self.tr.t("lead.staff.reclosed", dates="、".join(days)) if days else "")


class StaffAddDialog(StaffFormDialog):
    AUTO_FOCUS = "#staff_id"

    def __init__(self, services: Services, tr: Translator, lead: StaffMember) -> None:
        super().__init__(services, tr)
        self.lead = lead

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="box"):
            yield Plain(tr.t("lead.staff.add_title"), id="title")
            with Horizontal(classes="pair"):
                yield Input(placeholder=tr.t("lead.staff.col.staff_id"), max_length=16,
                            id="staff_id")  # fmt: skip
                yield Input(placeholder=tr.t("lead.staff.col.name"), max_length=40, id="name")
            with Horizontal(classes="pair"):
                yield Select(self.shift_choices(), prompt=tr.t("lead.staff.shift"), id="shift")
                yield Select(self.rest_day_choices(), prompt=tr.t("lead.staff.rest_day"),
                             id="rest_day")  # fmt: skip
            with Horizontal(classes="pair"):
                yield Select(self.lead_choices(), value=False, allow_blank=False, id="lead")
                yield Input(self.today().isoformat(), placeholder=tr.t("lead.staff.starts"),
                            max_length=10, id="from")  # fmt: skip
            yield from self.pin_fields()
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        tr = self.tr
        staff_id = self.query_one("#staff_id", Input).value
        name = self.query_one("#name", Input).value
        choices = []
        for field_id, need in (("#shift", "need_shift"), ("#rest_day", "need_rest_day")):
            select = self.query_one(field_id, Select)
            if select.selection is None:
                self.problem(tr.t(f"lead.staff.{need}"), select)
                return None
            choices.append(str(select.selection))
        shift, rest_day = choices
        is_lead = bool(self.query_one("#lead", Select).value)
        day = self.read_day("#from")
        if day is None:
            return None
        fine, pin = self.read_pins(required=False)
        if not fine:
            return None
        staff, by = self.services.staff, self.lead.id

        def write() -> str:
            member = staff.add(staff_id, name, shift, rest_day, is_lead, pin, by, day)
            return tr.t("lead.staff.added", name=member.name, staff_id=member.id,
                        date=day.isoformat())  # fmt: skip

        return write


class PinDialog(ForStaffMember, StaffFormDialog):
    AUTO_FOCUS = "#pin"

    def compose(self) -> ComposeResult:
        tr, member = self.tr, self.member
        with Vertical(id="box"):
            yield Plain(tr.t("lead.staff.pin_title", name=member.name, staff_id=member.id),
                        id="title")  # fmt: skip
            yield Plain(tr.t("lead.staff.pin_hint"), id="hint")
            yield from self.pin_fields()
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        fine, pin = self.read_pins(required=True)
        if not fine or pin is None:
            return None
        tr, staff, member, by = self.tr, self.services.staff, self.member, self.lead.id

        def write() -> str:
            changed = staff.set_pin(member.id, pin, by)
            return tr.t("staff.pin_set", name=changed.name, staff_id=changed.id)

        return write


class StaffChangeDialog(ForStaffMember, StaffFormDialog):
    AUTO_FOCUS = "#name"

    def compose(self) -> ComposeResult:
        tr, member = self.tr, self.member
        with Vertical(id="box"):
            yield Plain(tr.t("lead.staff.change_title", name=member.name, staff_id=member.id),
                        id="title")  # fmt: skip
            with Horizontal(classes="pair"):
                yield Input(member.name, placeholder=tr.t("lead.staff.col.name"), max_length=40,
                            id="name")  # fmt: skip
                yield Select(self.lead_choices(), value=member.lead, allow_blank=False,
                             id="lead")  # fmt: skip
            with Horizontal(classes="pair"):
                yield Select(self.shift_choices(), value=member.shift, allow_blank=False,
                             id="shift")  # fmt: skip
                yield Select(self.rest_day_choices(), value=member.rest_day, allow_blank=False,
                             id="rest_day")  # fmt: skip
            yield Input(self.today().isoformat(), placeholder=tr.t("lead.staff.change_from"),
                        max_length=10, id="from")  # fmt: skip
            yield Plain(tr.t("lead.staff.change_hint"), id="hint")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        day = self.read_day("#from")
        if day is None:
            return None
        name = self.query_one("#name", Input).value
        is_lead = bool(self.query_one("#lead", Select).value)
        shift = str(self.query_one("#shift", Select).value)
        rest_day = str(self.query_one("#rest_day", Select).value)
        tr, lead_service, member, by = self.tr, self.services.lead, self.member, self.lead.id

        def write() -> str:
            change = lead_service.change_staff(member.id, day, name, shift, rest_day, is_lead, by)
            changed = change.result
            text = tr.t("staff.changed", name=changed.name, staff_id=changed.id,
                        shift=changed.shift, rest_day=tr.weekday(changed.rest_day),
                        date=day.isoformat())  # fmt: skip
            return self.reclosed(change, text)

        return write


class StaffEndDialog(ForStaffMember, StaffFormDialog):
    AUTO_FOCUS = "#from"

    def compose(self) -> ComposeResult:
        tr, member = self.tr, self.member
        with Vertical(id="box"):
            yield Plain(tr.t("lead.staff.end_title", name=member.name, staff_id=member.id),
                        id="title")  # fmt: skip
            yield Plain(tr.t("lead.staff.end_hint", name=member.name), id="hint")
            # No default: the last day decides pay, so the lead types it.
            yield Input(placeholder=tr.t("lead.staff.end_from"), max_length=10, id="from")
            yield Plain("", id="problem")
            yield Plain(tr.t("lead.tool.keys"), id="keys")

    def prepare(self) -> Callable[[], str] | None:
        day = self.read_day("#from")
        if day is None:
            return None
        tr, lead_service, member, by = self.tr, self.services.lead, self.member, self.lead.id

        def write() -> str:
            change = lead_service.end_employment(member.id, day, by)
            text = tr.t("staff.ended", name=member.name, staff_id=member.id,
                        date=day.isoformat())  # fmt: skip
            return self.reclosed(change, text)

        return write
