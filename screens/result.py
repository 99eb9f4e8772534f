"""The punch result: who, which shift, and what was recorded, or why nothing was.

A late check-in or an early check-out is shown in the error colour; a refusal (duplicate scan,
window not open, unknown or revoked badge, locked PIN) is one sentence in the kiosk's language.
After a check-in the pre-shift checklist follows.
"""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from kiosk.errors import KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.punch import (
    describe_shift,
    is_warning,
    month_line,
    outcome_key,
    punch_params,
    unscheduled_note,
)
from kiosk.services.container import Services
from kiosk.services.punch import PunchResult
from kiosk.services.records import StaffMember
from screens.base import PassThroughScreen
from screens.checklist import ChecklistScreen
from screens.failures import log_failure
from screens.widgets.plain import Plain

# The month line is read this long after the result appears: the result is on the screen
# by then (a worker thread shares the interpreter with the painting, so it waits its turn).
MONTH_AFTER_SECONDS = 0.25


class MonthRead(Message):
    """The person's month so far, read after the result was shown (None: not shown)."""

    def __init__(self, line: str | None) -> None:
        super().__init__()
        self.line = line


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
        month_of: tuple[str, date] | None = None,
    ) -> None:
        """`tone`: ok, warn (late or early) or refused; `lines`: (id, text) pairs;
        `checked_in`: the person whose checklist comes next; `month_of`: (staff ID,
        attendance date) whose month so far is added once read."""
        super().__init__(services, tr)
        self.tone = tone
        self.title_text = title
        self.lines = lines
        self.checked_in = checked_in
        self.month_of = month_of

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
        show_month = services.config.show_month
        checking_in = result.action == "check_in"
        lines.append(("hint", tr.t("result.hint.next" if checking_in else "result.hint.home")))
        return cls(
            services,
            tr,
            "warn" if is_warning(result) else "ok",
            tr.t(f"result.title.{result.action}"),
            lines,
            result.staff if checking_in else None,
            (result.staff.id, result.shift.date) if show_month else None,
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
                yield Plain(self.with_month(text, "") if line_id == "hint" else text, id=line_id)

    def with_month(self, hint: str, month: str) -> str:
        """The hint line, with the month line above it once read. One widget for both:
        the month's room is kept from the first paint (no jump when it comes), and the
        result has no widget more to build than before the line existed."""
        return f"{month}\n\n{hint}" if self.month_of is not None else hint

    def on_mount(self) -> None:
        if self.month_of is not None:
            # After the result is painted: the month's reading never delays the result.
            self.set_timer(MONTH_AFTER_SECONDS, self.read_month)

    @work(thread=True, exclusive=True, group="month")
    def read_month(self) -> None:
        assert self.month_of is not None
        staff_id, day = self.month_of
        try:
            so_far = self.services.month_so_far.person(staff_id, day)
        except Exception as err:  # the punch is recorded; only the extra line is left out
            log_failure(err)
            self.post_message(MonthRead(None))
            return
        self.post_message(MonthRead(month_line(so_far, self.tr)))

    def on_month_read(self, message: MonthRead) -> None:
        if message.line is not None:
            hint = next(text for line_id, text in self.lines if line_id == "hint")
            self.query_one("#hint", Plain).update(self.with_month(hint, message.line))

    @property
    def month_text(self) -> str:
        """The month line as shown ("" until read, or when it is off)."""
        if self.month_of is None:
            return ""
        return str(self.query_one("#hint", Plain).render()).split("\n", 1)[0]

    def move_on(self) -> None:
        if self.checked_in is None:
            self.kiosk.go_home()
            return
        self.kiosk.touch()
        self.app.switch_screen(ChecklistScreen(self.services, self.tr, self.checked_in))
