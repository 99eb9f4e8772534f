"""The punch result: who, which shift, and what was recorded, or why nothing was.

A late check-in or an early check-out is shown in the error colour; a refusal (duplicate scan,
window not open, unknown or revoked badge, locked PIN) is one sentence in the kiosk's language.
After a check-in the pre-shift checklist follows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.i18n.punch import describe_shift, unscheduled_note
from kiosk.services.container import Services
from kiosk.services.punch import PunchResult
from kiosk.services.records import DayPlan, StaffMember
from screens.base import PassThroughScreen
from screens.checklist import ChecklistScreen


class ResultScreen(PassThroughScreen):
    CSS_PATH = "result.tcss"
    TIMEOUT = "result"

    def __init__(
        self,
        services: Services,
        tr: Translator,
        tone: str,
        title: str,
        lines: list[tuple[str, str]],
        checked_in: StaffMember | None = None,
    ) -> None:
        """`tone`: ok, warn (late or early) or refused; `lines`: (id, text) pairs;
        `checked_in`: the person whose checklist comes next."""
        super().__init__(services, tr)
        self.tone = tone
        self.title_text = title
        self.lines = lines
        self.checked_in = checked_in

    @classmethod
    def for_punch(
        cls, services: Services, tr: Translator, result: PunchResult, plan: DayPlan | None
    ) -> ResultScreen:
        shift = result.shift
        template = shift.template
        time = result.at.strftime("%H:%M")
        # On a rest or leave day there is no shift to be late or early against: the
        # time is recorded and the note below says why the lead will see it.
        scheduled = not result.unscheduled
        if result.action == "check_in":
            late = scheduled and result.late_minutes > template.late_grace_minutes
            key = "result.check_in.late" if late else "result.check_in.on_time"
            key = key if scheduled else "result.check_in.unscheduled"
            outcome = tr.t(key, time=time, minutes=result.late_minutes)
            warn = late
        else:
            early = scheduled and result.early_minutes > template.early_grace_minutes
            key = "result.check_out.early" if early else "result.check_out"
            worked = tr.minutes(result.worked_minutes or 0)
            outcome = tr.t(key, time=time, minutes=result.early_minutes, worked=worked)
            warn = early
        lines = [
            ("name", result.staff.name),
            ("shift", describe_shift(template, tr, shift.start, shift.end)),
            ("outcome", outcome),
        ]
        if result.unscheduled:
            lines.append(("note", unscheduled_note(result, tr, plan)))
        checking_in = result.action == "check_in"
        lines.append(("hint", tr.t("result.hint.next" if checking_in else "result.hint.home")))
        return cls(
            services,
            tr,
            "warn" if warn else "ok",
            tr.t(f"result.title.{result.action}"),
            lines,
            result.staff if checking_in else None,
        )

    @classmethod
    def for_refusal(cls, services: Services, tr: Translator, error: KioskError) -> ResultScreen:
        name = error.params.get("name")
        lines = [("name", str(name))] if name else []
        lines += [("outcome", describe_error(error, tr)), ("hint", tr.t("result.hint.home"))]
        return cls(services, tr, "refused", tr.t("result.title.refused"), lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="card", classes=self.tone):
            yield Static(self.title_text, id="title")
            for line_id, text in self.lines:
                yield Static(text, id=line_id, markup=False)

    def move_on(self) -> None:
        if self.checked_in is None:
            self.kiosk.go_home()
            return
        self.kiosk.touch()
        self.app.switch_screen(ChecklistScreen(self.services, self.tr, self.checked_in))
