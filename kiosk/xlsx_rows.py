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
import zipfile
from collections.abc import Iterable, Sequence

Cell = tuple[str | int | float | None, int | None]
Row = Sequence[Cell]

EMPTY_SHEET_DATA = b"<sheetData></sheetData>"  # what openpyxl writes for no rows
MAX_TEXT = 32767  # Excel's longest cell text; openpyxl cuts there too


def column_letters(count: int) -> list[str]:
    """A, B, ..., Z, AA, ... for the first `count` columns."""
    letters = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


class SheetRows:
    """The `<sheetData>` of one sheet, built row by row."""

    def __init__(self) -> None:
        self._parts: list[str] = ["<sheetData>"]
        self._row = 0
        self._letters: list[str] = []
        self._texts: dict[str, str] = {}  # a text's <is> element: marks repeat a lot

    def append(self, row: Row) -> None:
        self._row += 1
        r = str(self._row)
        if len(self._letters) < len(row):
            self._letters = column_letters(len(row) + 26)
        cells = [f'<row r="{r}">']
        texts, letters = self._texts, self._letters
        for n, (value, style) in enumerate(row):
            if value is None:
                continue
            s = "" if style is None else f' s="{style}"'
            if isinstance(value, str):
                body = texts.get(value)
                if body is None:
                    body = texts[value] = _inline(value)
                cells.append(f'<c r="{letters[n]}{r}"{s} t="inlineStr">{body}</c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{letters[n]}{r}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                cells.append(f'<c r="{letters[n]}{r}"{s} t="n"><v>{value}</v></c>')
            elif isinstance(value, float):
                cells.append(f'<c r="{letters[n]}{r}"{s} t="n"><v>{value:.16g}</v></c>')
            else:
                raise TypeError(f"a cell holds text or a number, not {type(value).__name__}")
        cells.append("</row>")
        self._parts.append("".join(cells))

    def xml(self) -> bytes:
        return ("".join(self._parts) + "</sheetData>").encode("utf-8")


def _inline(value: str) -> str:
    """A text's inline-string element, escaped for XML; "" is no element (openpyxl's way)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils.exceptions import IllegalCharacterError

    if not value:
        return ""
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):
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
