"""The punch result: who, which shift, and what was recorded, or why nothing was.

A late check-in or an early check-out is shown in the error colour; a refusal (duplicate scan,
window not open, unknown or revoked badge, locked PIN) is one sentence in the kiosk's language.
After a check-in the pre-shift checklist follows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.punch import (
    describe_shift,
    is_warning,
    outcome_key,
    punch_params,
    unscheduled_note,
)
from kiosk.services.container import Services
from kiosk.services.punch import PunchResult
from kiosk.services.records import StaffMember
from screens.base import PassThroughScreen
from screens.checklist import ChecklistScreen
from screens.widgets.plain import Plain


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
    def for_punch(cls, services: Services, tr: Translator, result: PunchResult) -> ResultScreen:
        """The rules' verdict in words (kiosk.presentation.punch): nothing decided here."""
        shift = result.shift
        outcome = tr.t(f"result.{outcome_key(result)}", **punch_params(result, tr))
        lines = [
            ("name", result.staff.name),
            ("shift", describe_shift(shift.template, tr, shift.start, shift.end)),
            ("outcome", outcome),
        ]
        if result.unscheduled:
            lines.append(("note", unscheduled_note(result, tr)))
        checking_in = result.action == "check_in"
        lines.append(("hint", tr.t("result.hint.next" if checking_in else "result.hint.home")))
        return cls(
            services,
            tr,
            "warn" if is_warning(result) else "ok",
            tr.t(f"result.title.{result.action}"),
            lines,
            result.staff if checking_in else None,
        )

    @classmethod
    def for_refusal(cls, services: Services, tr: Translator, error: KioskError) -> ResultScreen:
        name = error.params.get("name")
        return cls.nothing_recorded(
            services, tr, str(name) if name else "", describe_error(error, tr)
        )

    @classmethod
    def nothing_recorded(
        cls, services: Services, tr: Translator, name: str, sentence: str
    ) -> ResultScreen:
        """Nothing was recorded for `name` (may be empty), and `sentence` says why."""
        lines = [("name", name)] if name else []
        lines += [("outcome", sentence), ("hint", tr.t("result.hint.home"))]
        return cls(services, tr, "refused", tr.t("result.title.refused"), lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="card", classes=self.tone):
            yield Plain(self.title_text, id="title")
            for line_id, text in self.lines:
                yield Plain(text, id=line_id)

    def move_on(self) -> None:
        if self.checked_in is None:
            self.kiosk.go_home()
            return
        self.kiosk.touch()
        self.app.switch_screen(ChecklistScreen(self.services, self.tr, self.checked_in))
