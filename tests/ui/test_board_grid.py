"""The board's table takes its rows' cell widths instead of measuring them (board_grid.py):
it must lay out and paint exactly as Textual's own DataTable does with the same rows, so
this fails when a Textual release changes the private `_update_dimensions` it overrides."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from screens.lead.board_grid import BoardGrid, text_width

COLUMNS = ("ID", "姓名", "班次", "状态")
ROWS = [
    ("1001", "王芳", "A", "到岗"),
    ("1002", "欧阳娜娜娜", "B", ""),
    ("1003", "Zoë\u0085Wangxiaoming-long", "C", "迟到 12 分钟"),  # untrusted: NEL splits it
    ("1004", "", "A", "缺勤\n未打卡"),
    ("10050000", "李", "rest", "休息"),
]


class Twin(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="own", cursor_type="row", zebra_stripes=True)
        yield BoardGrid(id="grid", cursor_type="row", zebra_stripes=True)


def fill(table: DataTable[Text], rows: list[tuple[str, ...]]) -> None:
    for i, row in enumerate(rows):
        cells = [Text(value, style="bold" if i % 2 else "") for value in row]
        key, height = f"{row[0]}-{i}", None if "\n" in "".join(row) else 1
        if isinstance(table, BoardGrid):
            table.add_row_measured(*cells, widths=[text_width(c) for c in cells], key=key,
                                   height=height)  # fmt: skip
        else:
            table.add_row(*cells, key=key, height=height)


def shape(table: DataTable[Text]) -> tuple[object, ...]:
    widths = [c.get_render_width(table) for c in table.ordered_columns]
    lines = [table.render_line(y).text for y in range(table.size.height)]
    return widths, table.virtual_size, [r.height for r in table.ordered_rows], lines


async def test_the_grid_lays_out_and_paints_as_datatable() -> None:
    app = Twin()
    async with app.run_test(size=(120, 40)) as pilot:
        own, grid = app.query_one("#own", DataTable), app.query_one("#grid", BoardGrid)
        for table in (own, grid):
            table.styles.height = 16
            for label in COLUMNS:
                table.add_column(label, key=label)
            fill(table, ROWS)
        await pilot.pause()
        assert grid._widths == {}  # every measured row was taken from its widths
        assert shape(grid) == shape(own)
        for table in (own, grid):  # more rows later (the chunks), one cell changed
            fill(table, [(f"2{n:03}", "张" * (n % 7), "B", "早退") for n in range(40)])
            table.update_cell("1001-0", "状态", Text("到岗 · 已检查 仪容"), update_width=True)
        await pilot.pause()
        assert shape(grid) == shape(own)
        for table in (own, grid):
            table.clear()
            fill(table, ROWS[:2])
        await pilot.pause()
        assert shape(grid) == shape(own)
