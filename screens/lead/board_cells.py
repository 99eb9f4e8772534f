"""What one person's row on the board says, cell by cell, in the lead's language.

Kept apart from the board screen so that the wording rules live in one small place: what
needs the lead (late, absent, early, not inspected, a fine) is coloured from the theme; a
punch a lead added or fixed carries a mark, so a figure never hides that it was corrected.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.theme import Theme

from kiosk.i18n import Translator
from kiosk.services.board import BoardRow

# Flags named after the status word (the board's short words), in the rules' order.
NOTED_FLAGS = {
    "late_from_break": "counts.name.late_from_break",
    "no_break_in": "counts.name.no_break_in",
    "no_checkout": "board.no_checkout",
    "leave_paperwork_pending": "board.paperwork_pending",
    "clock_stepped_back": "board.clock_stepped_back",
    "clock_jumped": "board.clock_jumped",
}


def board_cells(row: BoardRow, tr: Translator, theme: Theme) -> list[Text]:
    """ID, name, shift, in, out, late, early, status, appearance (and fines)."""
    alert = {
        "late": theme.error,
        "absent": theme.error,
        "leave": theme.warning,
        "unscheduled": theme.warning,
    }
    standing = row.standing
    state = tr.t(f"board.state.{row.state}")
    for flag, key in NOTED_FLAGS.items():  # what the status word alone does not say
        if flag in standing.flags:
            state += " · " + tr.t(key)
            if flag == "late_from_break":
                state += " " + tr.minutes(row.person.late_from_break_minutes)
    late, early = row.late_minutes, row.early_minutes
    appearance, needs_lead = _appearance(row, tr)
    # Every cell is a Text: a DataTable reads a plain str as markup, and names are data.
    return [
        Text(row.staff.id),
        Text(row.staff.name),
        Text(row.shift.template.code),
        Text(_punch(row, "check_in", row.check_in, tr)),
        Text(_punch(row, "check_out", row.check_out, tr)),
        Text(tr.minutes(late), style=theme.error) if late else Text(""),
        Text(tr.minutes(early), style=theme.error) if early else Text(""),
        Text(state, style=alert.get(row.state) or ""),
        Text(appearance, style=theme.warning if needs_lead else ""),
    ]


def _punch(row: BoardRow, action: str, moment: datetime | None, tr: Translator) -> str:
    if moment is None:
        return ""
    text = moment.strftime("%H:%M")
    return f"{text} {tr.t('board.corrected_mark')}" if action in row.corrected else text


def _appearance(row: BoardRow, tr: Translator) -> tuple[str, bool]:
    """The appearance cell and whether it needs the lead (not inspected, or fined)."""
    if row.appearance is not None:
        failed = row.appearance.failed
        text = (
            tr.t("board.appearance.failed", count=len(failed), fine=row.appearance.fine)
            if failed
            else tr.t("board.appearance.passed")
        )
        needs_lead = bool(failed)
    elif row.check_in is not None:
        text, needs_lead = tr.t("board.appearance.waiting"), True
    else:
        text, needs_lead = tr.t("board.appearance.none"), False
    if row.incident_fines:
        text += " · " + tr.t("board.incident_fines", fine=row.incident_fines)
        needs_lead = True
    return text, needs_lead


def narrow_cells(cells: list[Text], tr: Translator) -> list[Text]:
    """The row for an 80-column board: no ID, late and early in one cell (each with its
    word, so one is never read as the other), several notes in a cell one a line (the
    row grows a line instead of the column pushing the appearance off screen)."""
    staff_id, name, shift, check_in, check_out, late, early, state, appearance = cells
    del staff_id
    parts = [
        Text.assemble(tr.t(f"board.col.{word}"), " ", cell)
        for word, cell in (("late", late), ("early", early))
        if cell.plain
    ]
    late_early = Text("\n").join(parts)
    return [name, shift, check_in, check_out, late_early, _stacked(state), _stacked(appearance)]


def _stacked(cell: Text) -> Text:
    """A cell of several notes ("on leave · paperwork pending") one note a line, so the
    column is as wide as its longest note, not as all of them."""
    return Text(cell.plain.replace(" · ", "\n"), style=cell.style)
