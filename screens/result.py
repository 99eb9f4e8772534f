"""The punch result: who, which shift, and what was recorded, or why nothing was.

A late check-in or an early check-out is shown in the error colour; a refusal (duplicate scan,
window not open, unknown or revoked badge, locked PIN) is one sentence in the kiosk's language.
A punch made while the wall clock had jumped says so in a line of its own. After a check-in
the pre-shift checklist follows.

One ResultScreen serves every scan (KioskApp.show_result): composing and mounting a fresh
screen per scan was most of the time from Enter to the result being painted, so the app keeps
one mounted and `present`s each outcome (a `ResultView`) in its fixed set of lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer

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
from kiosk.services.records import StaffMember
from screens.base import PassThroughScreen
from screens.checklist import ChecklistScreen
from screens.failures import log_failure
from screens.widgets.plain import Plain

if TYPE_CHECKING:  # loaded by the first punch, after the home screen's first frame
    from kiosk.services.punch import PunchResult

# The month line is read this long after the result appears: the result is on the screen
# by then (a worker thread shares the interpreter with the painting, so it waits its turn).
MONTH_AFTER_SECONDS = 0.25
# Every line a result can have, in the order shown; a view leaves out the ones it lacks.
LINE_IDS = ("name", "shift", "outcome", "jump", "note", "hint")
TONES = ("ok", "warn", "refused")


@dataclass(frozen=True)
class ResultView:
    """What one result screen says: `tone` ok, warn (late or early) or refused; `lines`
    (id, text) pairs, ids from LINE_IDS; `checked_in`: the person whose checklist comes
    next; `month_of`: (staff ID, attendance date) whose month so far is added once read."""

    tone: str
    title: str
    lines: tuple[tuple[str, str], ...]
    checked_in: StaffMember | None = None
    month_of: tuple[str, date] | None = None

    @classmethod
    def for_punch(cls, tr: Translator, result: PunchResult, show_month: bool) -> ResultView:
        """The rules' verdict in words (kiosk.presentation.punch): nothing decided here."""
        shift = result.shift
        outcome = tr.t(f"result.{outcome_key(result)}", **punch_params(result, tr))
        lines = [
            ("name", result.staff.name),
            ("shift", describe_shift(shift.template, tr, shift.start, shift.end)),
            ("outcome", outcome),
        ]
        if result.clock_jumped:  # the minutes above may be the clock's, not the person's
            lines.append(("jump", tr.t("result.clock_jumped")))
        if result.unscheduled:
            lines.append(("note", unscheduled_note(result, tr)))
        checking_in = result.action == "check_in"
        lines.append(("hint", tr.t("result.hint.next" if checking_in else "result.hint.home")))
        return cls(
            "warn" if is_warning(result) else "ok",
            tr.t(f"result.title.{result.action}"),
            tuple(lines),
            result.staff if checking_in else None,
            (result.staff.id, result.shift.date) if show_month else None,
        )

    @classmethod
    def blank(cls) -> ResultView:
        """Nothing to say: the result screen as composed at start, before any scan."""
        return cls("ok", "", ())

    @classmethod
    def for_refusal(cls, tr: Translator, error: KioskError) -> ResultView:
        name = error.params.get("name")
        return cls.nothing_recorded(tr, str(name) if name else "", describe_error(error, tr))

    @classmethod
    def nothing_recorded(cls, tr: Translator, name: str, sentence: str) -> ResultView:
        """Nothing was recorded for `name` (may be empty), and `sentence` says why."""
        lines = [("name", name)] if name else []
        lines += [("outcome", sentence), ("hint", tr.t("result.hint.home"))]
        return cls("refused", tr.t("result.title.refused"), tuple(lines))


class MonthRead(Message):
    """The person's month so far, read after the result was shown (None: not shown).
    `shown` is the presentation it belongs to: a later scan's result ignores it."""

    def __init__(self, line: str | None, shown: int = 0) -> None:
        super().__init__()
        self.line = line
        self.shown = shown


class ResultScreen(PassThroughScreen):
    CSS_PATH = "result.tcss"
    TIMEOUT = "result"

    def __init__(self, services: Services, tr: Translator, view: ResultView) -> None:
        super().__init__(services, tr)
        self.view = view
        self.shown = 0  # presentations so far; a month read for an earlier one is dropped
        self.month_timer: Timer | None = None
        self.month_due = view.month_of is not None

    # What tests and the benches read of the result on the screen.
    @property
    def tone(self) -> str:
        return self.view.tone

    @property
    def title_text(self) -> str:
        return self.view.title

    @property
    def lines(self) -> list[tuple[str, str]]:
        return list(self.view.lines)

    @property
    def checked_in(self) -> StaffMember | None:
        return self.view.checked_in

    @property
    def month_of(self) -> tuple[str, date] | None:
        return self.view.month_of

    def compose(self) -> ComposeResult:
        with Vertical(id="card", classes=self.view.tone):
            yield Plain(self.view.title, id="title")
            for line_id in LINE_IDS:
                yield Plain("", id=line_id)

    def on_mount(self) -> None:
        self.fill()

    def present(self, view: ResultView) -> None:
        """Show `view` in the lines already mounted (before the screen is pushed, so its
        first frame is the new result). Mounted lines are updated, never rebuilt."""
        self.view = view
        self.shown += 1
        if self.month_timer is not None:
            self.month_timer.stop()
            self.month_timer = None
        self.month_due = view.month_of is not None
        if self.is_mounted:
            self.fill()

    def fill(self) -> None:
        view = self.view
        card = self.query_one("#card", Vertical)
        for tone in TONES:
            card.set_class(tone == view.tone, tone)
        self.query_one("#title", Plain).update(view.title)
        texts = dict(view.lines)
        for line_id in LINE_IDS:
            widget = self.query_one(f"#{line_id}", Plain)
            text = texts.get(line_id)
            widget.display = text is not None
            if text is not None:
                widget.update(self.with_month(text, "") if line_id == "hint" else text)

    def with_month(self, hint: str, month: str) -> str:
        """The hint line, with the month line above it once read. One widget for both:
        the month's room is kept from the first paint (no jump when it comes), and the
        result has no widget more to build than before the line existed."""
        return f"{month}\n\n{hint}" if self.month_of is not None else hint

    def on_screen_suspend(self) -> None:
        """Gone home (or under the checklist): a month line still to be read is no longer
        wanted, and reading it would share the interpreter with the next scan."""
        if self.month_timer is not None:
            self.month_timer.stop()
            self.month_timer = None

    # The app's style sheet version (Textual's private `_css_update_count`, pinned, checked
    # by tests/ui/test_result_restyle.py) this screen's styles were last worked out for.
    styled_for = -1

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own resume (this class comes first in the MRO). Textual
        works out every style of a pushed screen again, a few milliseconds of each scan's
        result; this screen's styles cannot have gone stale while it was hidden, since a
        class it changes (`present`) is restyled at once, unless the style sheet itself
        changed since (a theme): then they are worked out again, as Textual would."""
        version = self.app._css_update_count
        if version == self.styled_for:
            event.refresh_styles = False
        self.styled_for = version
        if self.month_due:
            # After the result is painted: the month's reading never delays the result.
            self.month_due = False
            shown = self.shown
            self.month_timer = self.set_timer(MONTH_AFTER_SECONDS, lambda: self.read_month(shown))

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """Paint the whole screen in the layout pass after a push, not after it as well.

        Textual's resume asks for a full repaint (the terminal still shows the screen
        below) and `present` for a layout: its update then renders the layout's changed
        regions and, straight after, the whole screen again, two frames written for one
        result (3.6 and 5.9 kB at 100x30). With the screen itself among the dirty widgets
        the layout pass renders it whole, once. (Overrides Textual's private
        `Screen._refresh_layout`; Textual is pinned, and tests/ui/test_result_restyle.py
        checks the result is painted in one frame and looks the same.)"""
        if self._repaint_required and not scroll and (size or self.outer_size):
            self._repaint_required = False
            self._dirty_widgets.add(self)
        super()._refresh_layout(size, scroll)

    @work(thread=True, exclusive=True, group="month")
    def read_month(self, shown: int) -> None:
        month_of = self.month_of
        if month_of is None or shown != self.shown:
            return
        staff_id, day = month_of
        try:
            so_far = self.services.month_so_far.person(staff_id, day)
        except Exception as err:  # the punch is recorded; only the extra line is left out
            log_failure(err)
            self.post_message(MonthRead(None, shown))
            return
        self.post_message(MonthRead(month_line(so_far, self.tr), shown))

    def on_month_read(self, message: MonthRead) -> None:
        if message.line is not None and message.shown == self.shown:
            hint = next(text for line_id, text in self.view.lines if line_id == "hint")
            self.query_one("#hint", Plain).update(self.with_month(hint, message.line))

    @property
    def month_text(self) -> str:
        """The month line as shown ("" until read, or when it is off)."""
        if self.month_of is None:
            return ""
        return str(self.query_one("#hint", Plain).render()).split("\n", 1)[0]

    def move_on(self) -> None:
        checked_in = self.checked_in
        if checked_in is None:
            self.kiosk.go_home()
            return
        self.kiosk.touch()
        self.app.switch_screen(ChecklistScreen(self.services, self.tr, checked_in))
