"""The board's DataTable, told each row's cell widths instead of measuring them.

DataTable measures every cell of every new row on its next idle (Rich's measure, about
28 µs a cell here), to widen its columns: at 5,000 staff, 45,000 cells, 126 ms for each
chunk of 500 rows, on the app's thread right after the board is first painted, so the
lead's first key after the PIN waited behind it (issue 15). The board already knows each
cell's width: its cells are made in a worker, and their widths with them
(board_table.row_cells, by `text_width`, as Rich's own measure is). So rows added with their
widths are not measured again; any other row is measured as DataTable does.

This overrides DataTable's private `_update_dimensions` (Textual 8.2): the test in
tests/ui/test_board_grid.py fails when a Textual release changes it under us (widths or
the table's size no longer what DataTable itself gives).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Self

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import ColumnKey, RowKey


def text_width(cell: Text) -> int:
    """A cell's width as DataTable measures it (Rich: the longest of `splitlines`)."""
    return max(map(cell_len, cell.plain.splitlines()), default=0)


class BoardGrid(DataTable[Text]):
    """A DataTable whose rows may come with their cells' widths, one per column."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._widths: dict[RowKey, Sequence[int]] = {}

    def add_row_measured(
        self, *cells: Text, widths: Sequence[int], key: str, height: int | None
    ) -> RowKey:
        """`add_row`, with each cell's width as Rich measures it (fixed-height rows only:
        a row of automatic height is measured as it is rendered)."""
        row_key = self.add_row(*cells, key=key, height=height)
        if height is not None and len(widths) == len(self.ordered_columns):
            self._widths[row_key] = widths
        return row_key

    def clear(self, columns: bool = False) -> Self:
        self._widths = {}
        return super().clear(columns)

    def remove_row(self, row_key: RowKey | str) -> None:
        self._widths.pop(RowKey(row_key) if isinstance(row_key, str) else row_key, None)
        super().remove_row(row_key)

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: Text,
        *,
        update_width: bool = False,
    ) -> None:
        """A changed cell of a row not dimensioned yet: that row is measured."""
        self._widths.pop(RowKey(row_key) if isinstance(row_key, str) else row_key, None)
        super().update_cell(row_key, column_key, value, update_width=update_width)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        unknown = []
        columns = self.ordered_columns
        for row_key in new_rows:
            widths = self._widths.pop(row_key, None)
            if widths is None or row_key not in self.rows or len(widths) != len(columns):
                unknown.append(row_key)
                continue
            for column, width in zip(columns, widths, strict=True):
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(unknown)  # the rest, and the table's virtual size
