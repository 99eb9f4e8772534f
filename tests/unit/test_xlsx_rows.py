"""The workbook row writer: its cells read back exactly as openpyxl's own write-only cells."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, NamedStyle, PatternFill
from openpyxl.utils.exceptions import IllegalCharacterError

from kiosk.xlsx_rows import SheetRows, splice_rows

AWKWARD = [
    ["张丽", '=HYPERLINK("http://x")', "+1", "-2", "@a", "a & b < c > d", ""],
    ["  leading", "trailing  ", "tab\tinside", "line\nbreak", "cr\rhere", 0, -7],
    [12, 3.5, 1e20, "√", "迟早", "'quoted'", '"double"'],
    [],
    ["x" * 40000],
]


def reference(rows: list[list[object]], styled: bool) -> bytes:
    """The same rows through openpyxl's write-only cells, text always as text."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("s")
    style = _style(book) if styled else None
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if style:
                cell.style = style
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def spliced(rows: list[list[object]], styled: bool) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet("s")
    style_id = None
    if styled:
        probe = WriteOnlyCell(ws)
        probe.style = _style(book)
        style_id = probe.style_id
    sheet = SheetRows()
    for row in rows:
        sheet.append([(value, style_id) for value in row])  # type: ignore[misc]
    out = io.BytesIO()
    book.save(out)
    return splice_rows(out.getvalue(), [sheet])


def _style(book: Workbook) -> str:
    style = NamedStyle(name="kiosk_test", font=Font(bold=True))
    style.fill = PatternFill("solid", fgColor="FFE699")
    book.add_named_style(style)
    return style.name


def cells(data: bytes) -> list[list[tuple[object, ...]]]:
    ws = load_workbook(io.BytesIO(data))["s"]
    return [
        [(c.value, c.data_type, c.style, c.font.b, c.fill.fgColor.rgb) for c in row]
        for row in ws.iter_rows()
    ]


@pytest.mark.parametrize("styled", [False, True])
def test_rows_read_back_as_openpyxl_writes_them(styled: bool) -> None:
    expected = cells(reference(AWKWARD, styled))
    assert cells(spliced(AWKWARD, styled)) == expected
    assert expected[0][1][:2] == ('=HYPERLINK("http://x")', "s")  # text, never a formula
    assert expected[1][0][0] == "  leading"  # the spaces kept
    assert len(expected[4][0][0]) == 32767  # cut where Excel stops


def test_a_control_character_is_refused_as_openpyxl_refuses_it() -> None:
    with pytest.raises(IllegalCharacterError):
        reference([["bell\x07"]], False)
    with pytest.raises(IllegalCharacterError):
        SheetRows().append([("bell\x07", None)])


def test_a_bool_or_an_object_is_not_a_cell() -> None:
    with pytest.raises(TypeError):
        SheetRows().append([(True, None)])
    with pytest.raises(TypeError):
        SheetRows().append([(object(), None)])  # type: ignore[list-item]


def test_a_sheet_that_was_not_left_empty_is_refused() -> None:
    book = Workbook(write_only=True)
    book.create_sheet("s").append(["already"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValueError):
        splice_rows(out.getvalue(), [SheetRows()])
