"""The board's rows put into its DataTable without redoing what the table already shows.

At 5,000 staff (issue 15) building the table took seconds on the app's thread: a second
or so for the 5,000 rows' cells, as long again for DataTable.add_row, and the board did it
on every 20-second re-read, so a lead scrolling the list froze for 1.7 s each time. Here:

- each person's cells are made once per board row: the board service hands out the very
  same row while nothing about the person changed (services/row_cache.py), so a re-read
  finds nearly every row's cells made already; the new ones can be made in the worker;
- when the table already lists the same people in the same order, only the rows whose
  cells changed are updated, cell by cell;
- otherwise the table is rebuilt, the first screenfuls at once and the rest in chunks
  after each refresh, so the board shows within a frame and keys are answered between
  chunks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.theme import Theme
from textual.widgets import DataTable

from kiosk.i18n import Translator
from kiosk.services.board import BoardRow
from screens.lead.board_cells import board_cells, narrow_cells
from screens.lead.board_grid import BoardGrid, text_width

FIRST_ROWS = 150  # added at once: more than a 160x45 board shows
CHUNK_ROWS = 500  # added after each refresh until all are in
IN_PLACE_LIMIT = 200  # more changed rows than this, and the table is rebuilt


@dataclass(frozen=True)
class RowCells:
    """One board row's cells as shown, with each cell's width and the row's height."""

    row: BoardRow
    cells: list[Text]
    widths: tuple[int, ...]
    height: int


@dataclass(frozen=True)
class Prepared:
    """Cells made in the board's worker, and for which theme and width."""

    theme: Theme
    narrow: bool
    cells: list[RowCells]


def row_cells(row: BoardRow, tr: Translator, theme: Theme, narrow: bool) -> RowCells:
    cells = board_cells(row, tr, theme)
    if narrow:
        cells = narrow_cells(cells, tr)
    lines = [cell.plain.split("\n") for cell in cells]
    widths = tuple(map(text_width, cells))  # as the table would measure them (board_grid)
    return RowCells(row, cells, widths, max(len(parts) for parts in lines))


class BoardCells:
    """Each person's cells, made once per board row and kept: by the app for every board a
    lead opens (made ahead at start, screens/app.py), or by one board. Thread-safe: the
    app's start-up worker and the board's worker make cells while the board shows them."""

    def __init__(self, tr: Translator) -> None:
        self.tr = tr
        self._made: dict[tuple[str, bool], RowCells] = {}  # (staff id, narrow) -> cells
        self._theme: Theme | None = None
        self._lock = threading.Lock()

    def prepare(self, rows: Iterable[BoardRow], theme: Theme, narrow: bool) -> list[RowCells]:
        """The cells of `rows` not made yet (kept by nobody until `keep`)."""
        with self._lock:
            made = self._made if theme is self._theme else {}
        return [
            row_cells(row, self.tr, theme, narrow)
            for row in rows
            if (found := made.get((row.staff.id, narrow))) is None or found.row is not row
        ]

    def keep(self, prepared: Iterable[RowCells], theme: Theme, narrow: bool) -> None:
        with self._lock:
            if theme is not self._theme:
                self._made, self._theme = {}, theme
            for cells in prepared:
                self._made[(cells.row.staff.id, narrow)] = cells

    def made_ahead(self, rows: Iterable[BoardRow], theme: Theme, narrow: bool) -> None:
        """Make and keep the cells of `rows` (in a worker: a second at 5,000 staff)."""
        rows = list(rows)
        self.keep(self.prepare(rows, theme, narrow), theme, narrow)

    def cells(self, rows: list[BoardRow], theme: Theme, narrow: bool) -> list[RowCells]:
        """Each row's cells, made now where not made yet."""
        self.keep(self.prepare(rows, theme, narrow), theme, narrow)
        with self._lock:
            made = self._made
            return [
                found
                if (found := made.get((row.staff.id, narrow))) is not None and found.row is row
                else row_cells(row, self.tr, theme, narrow)
                for row in rows
            ]


class BoardTable:
    """What the board's DataTable shows, kept so the next fill changes only what differs.
    Used on the app's thread only."""

    def __init__(self, table: DataTable[Text], tr: Translator) -> None:
        self.table = table
        self.tr = tr
        self._keys: tuple[str, ...] = ()
        self._shown: dict[str, RowCells] = {}
        self._columns: tuple[str, ...] = ()
        self._narrow = False
        self._rows: list[RowCells] = []  # in the table's order; the first `_added` are in
        self._added = 0
        self._generation = 0  # a rebuild still adding chunks is of this generation
        self._waiting: str | None = None  # the selected person, until their row is in

    def set_columns(self, columns: tuple[str, ...]) -> None:
        if columns == self._columns:
            return
        self.table.clear(columns=True)
        for column in columns:
            self.table.add_column(self.tr.t(f"board.col.{column}"), key=column)
        self._columns = columns
        self._forget()

    def clear(self) -> None:
        """No rows (the day could not be read)."""
        self.table.clear()
        self._forget()

    def _forget(self) -> None:
        self._keys, self._shown, self._rows, self._added = (), {}, [], 0
        self._waiting = None
        self._generation += 1

    def natural_width(self, shown: list[RowCells]) -> int:
        """The columns' widths summed: each the widest of its label and its cells."""
        labels = [cell_len(self.tr.t(f"board.col.{column}")) for column in self._columns]
        # Column by column in one pass of C-level max: 5,000 rows' widths one by one in
        # Python took 20 ms of the board's opening (issue 15).
        return sum(map(max, zip(labels, *(cells.widths for cells in shown), strict=False)))

    def fill(self, shown: list[RowCells], selected: str | None, narrow: bool) -> None:
        """Show `shown`, in order, with the cursor on `selected` if it is among them."""
        keys = tuple(cells.row.staff.id for cells in shown)
        if keys == self._keys and narrow == self._narrow and self._in_place(shown):
            return
        if self._waiting is not None and self.table.cursor_row == 0:
            selected = self._waiting  # still on its way in: the cursor is not on it yet
        table = self.table
        self._generation += 1
        table.clear()
        self._keys, self._narrow, self._rows = keys, narrow, list(shown)
        self._shown = {c.row.staff.id: c for c in shown}
        self._added = 0
        self._waiting = selected if selected in self._shown else None
        self._add(FIRST_ROWS)

    def _in_place(self, shown: list[RowCells]) -> bool:
        """Update the rows that changed, if few and the same height; False: rebuild."""
        changed = [(i, c) for i, c in enumerate(shown) if self._shown.get(c.row.staff.id) is not c]
        if len(changed) > IN_PLACE_LIMIT or any(
            c.height != self._shown[c.row.staff.id].height for _, c in changed
        ):
            return False
        for i, cells in changed:
            key = cells.row.staff.id
            self._shown[key] = self._rows[i] = cells
            if i < self._added:  # else the chunk still to come adds it as it is now
                for column, cell in zip(self._columns, cells.cells, strict=True):
                    self.table.update_cell(key, column, cell, update_width=True)
        return True

    def _add(self, count: int) -> None:
        """Add the next `count` rows; the rest after the next refresh, CHUNK_ROWS at a
        time (a later rebuild stops what is left of this one)."""
        end = min(len(self._rows), self._added + count)
        height = None if self._narrow else 1
        table = self.table
        for cells in self._rows[self._added : end]:
            key = cells.row.staff.id
            if isinstance(table, BoardGrid):
                table.add_row_measured(*cells.cells, widths=cells.widths, key=key, height=height)
            else:
                table.add_row(*cells.cells, key=key, height=height)
        self._added = end
        waiting = self._waiting
        if waiting is not None and self._keys.index(waiting) < end:
            # The selected person's row is in: the cursor goes to it, unless the lead has
            # moved it meanwhile (a rebuild leaves it on the first row).
            if self.table.cursor_row == 0:
                self.table.move_cursor(row=self._keys.index(waiting))
            self._waiting = None
        if end < len(self._rows):
            generation = self._generation

            def more() -> None:
                if generation == self._generation:
                    self._add(CHUNK_ROWS)

            self.table.call_after_refresh(more)
