"""A workbook's cell rows written straight as sheet XML: what makes a big month's 考勤表 quick.

openpyxl builds an object per cell and serialises it element by element; for 5,000 people
(half a million cells over the three sheets) that alone took twenty seconds. Here openpyxl
still writes everything around the cells (styles, column widths, panes, merges, page
set-up, print titles), and the rows are rendered as text, the cells exactly as openpyxl's
write-only mode writes them (inline strings, `t="n"` numbers, `s` the style's index),
then spliced into its sheets in place of their empty `<sheetData/>`.

A row is a list of `(value, style)`: a `str` is always stored as text (never a formula,
so a name typed `=HYPERLINK(...)` stays a name), an `int` as a number, None as no cell;
`style` is the index openpyxl gave the cell style (`WriteOnlyCell.style_id`) or None.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from kiosk.spreadsheet import column_letter

Cell = tuple[str | int | float | None, int | None]
Row = Sequence[Cell]

EMPTY_SHEET_DATA = b"<sheetData></sheetData>"  # what openpyxl writes for no rows
MAX_TEXT = 32767  # Excel's longest cell text; openpyxl cuts there too
ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE


class SheetRows:
    """The `<sheetData>` of one sheet, built row by row."""

    def __init__(self) -> None:
        self._parts: list[str] = ["<sheetData>"]
        self._row = 0
        self._letters: list[str] = []
        self._tails: dict[Cell, str] = {}  # a cell's XML after its reference: marks repeat

    def append(self, row: Row) -> None:
        self._row += 1
        r = str(self._row)
        if len(self._letters) < len(row):
            self._letters = [column_letter(n) for n in range(1, len(row) + 27)]
        tails = self._tails
        found: list[str | None] = [tails.get(cell) for cell in row]
        if None in found:  # a value not seen before in this sheet
            for n, tail in enumerate(found):
                if tail is None:
                    found[n] = tails[row[n]] = _tail(*row[n])
        letters = self._letters  # as many as the row's cells, or more
        cells = "".join([f'<c r="{c}{r}"{t}' for c, t in zip(letters, found, strict=False) if t])
        self._parts.append(f'<row r="{r}">{cells}</row>')

    def xml(self) -> bytes:
        return ("".join(self._parts) + "</sheetData>").encode("utf-8")


def _tail(value: str | int | float | None, style: int | None) -> str:
    """A cell's XML from its style on ("" for no cell), as openpyxl writes it."""
    if value is None:
        return ""
    s = "" if style is None else f' s="{style}"'
    if isinstance(value, str):
        return f'{s} t="inlineStr">{_inline(value)}</c>'
    if isinstance(value, bool):  # True == 1: one would take the other's place in the cache
        raise TypeError("a cell holds text or a number, not a bool")
    if isinstance(value, int):
        return f'{s} t="n"><v>{value}</v></c>'
    if isinstance(value, float):
        return f'{s} t="n"><v>{value:.16g}</v></c>'
    raise TypeError(f"a cell holds text or a number, not {type(value).__name__}")


def _inline(value: str) -> str:
    """A text's inline-string element, escaped for XML; "" is no element (openpyxl's way)."""
    if not value:
        return ""
    value = value[:MAX_TEXT]
    if ILLEGAL.search(value):
        from openpyxl.utils.exceptions import IllegalCharacterError

        raise IllegalCharacterError(f"{value!r} cannot be used in worksheets.")
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{text}</t></is>"


def splice_rows(book_bytes: bytes, sheets: Iterable[SheetRows]) -> bytes:
    """The saved workbook with each sheet's empty `<sheetData/>` (sheet1.xml, sheet2.xml, ...
    in the order the sheets were made) replaced by its rows; every other part as it was."""
    rows = {f"xl/worksheets/sheet{n}.xml": s for n, s in enumerate(sheets, start=1)}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book_bytes)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename in rows:
                if data.count(EMPTY_SHEET_DATA) != 1:
                    raise ValueError(f"{info.filename}: no empty sheetData to fill")
                data = data.replace(EMPTY_SHEET_DATA, rows.pop(info.filename).xml())
            target.writestr(info.filename, data)
    if rows:
        raise ValueError(f"sheets not in the workbook: {sorted(rows)}")
    return out.getvalue()
