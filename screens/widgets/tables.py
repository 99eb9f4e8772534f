"""What the lead's lists (the board, the staff list) ask of their DataTable."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key (a staff ID) of the row under the cursor, None on an empty table."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    return str(key.value) if key.value is not None else None
