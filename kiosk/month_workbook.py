"""The month's 考勤表 as an .xlsx workbook: the grid HR pays from, the day rows, the totals.

Three sheets: 考勤表 (people in pinyin order x days, one mark a cell, the totals at the right,
a legend; printed on A4 landscape, one page wide), 明细 (the day export's rows) and 汇总 (the
totals, numbers as numbers). UI-free and store-free like kiosk/export.py: a `MonthSheet`
and the day summaries in, bytes out; no figure is computed here.

openpyxl writes it (a well-kept library that both writes and reads .xlsx, so the tests
open the workbook back with the same library and the staff import reads HR's sheets with
it): the styles, widths, panes, merges and page set-up. The rows themselves are rendered
by kiosk/xlsx_rows.py, as openpyxl's write-only mode would write them but without an
object per cell: 5,000 people's month (half a million cells) in about a second, not twenty.
A text cell is always stored as text, never as a formula: a name typed `=HYPERLINK(...)`
stays a name.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from kiosk.config import Config
from kiosk.domain.month_sheet import MonthSheet, is_alert
from kiosk.domain.month_signoff import MonthApproval
from kiosk.domain.summary import DaySummary
from kiosk.export import DAY_COLUMNS, day_rows, totals_table
from kiosk.i18n import Translator
from kiosk.month_words import (
    approval_text,
    department_name,
    grid_totals,
    legend,
    mark_symbol,
    weekday_short,
)
from kiosk.xlsx_rows import Cell, SheetRows, splice_rows

PAPER_A4 = 9  # the OOXML paper size code of A4
FIRST_ROW = 5  # title, subtitle, dates, weekdays, then the people
NAME_COLUMNS = 2  # 工号, 姓名: frozen with the header rows
LATE_FILL = "FFE699"  # amber: late (the symbol says it too)
ABSENT_FILL = "F4B084"  # orange-red: absent
WEEKEND_FILL = "E7E6E6"
HEADER_FILL = "D9E1F2"


def month_workbook(
    sheet: MonthSheet,
    summaries: Sequence[DaySummary],
    config: Config,
    kiosk_id: str,
    tr: Translator,
    approval: MonthApproval | None = None,
) -> bytes:
    """The workbook's bytes. `approval`: the month sign-off's state as a short text
    ("已审批 第2版 by L001 2026-12-01"); None prints 未审批."""
    from openpyxl import Workbook  # only an xlsx export pays for the import

    book = Workbook(write_only=True)
    ws = book.create_sheet(tr.t("sheet.name.grid"))
    styles = _styles(book, ws)
    grid = _grid(ws, styles, sheet, config, kiosk_id, tr, approval)
    detail = _detail(book, styles, summaries, config, tr)
    totals = _totals(book, styles, sheet, config, tr)
    out = io.BytesIO()
    book.save(out)  # everything but the rows: each sheet's <sheetData> is left empty
    return splice_rows(out.getvalue(), (grid, detail, totals))


def _grid(
    ws: Any,
    styles: dict[str, int],
    sheet: MonthSheet,
    config: Config,
    kiosk_id: str,
    tr: Translator,
    approval: MonthApproval | None,
) -> SheetRows:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    totals = grid_totals(sheet, tr)
    width = NAME_COLUMNS + len(sheet.days) + len(totals)
    ws.freeze_panes = f"{get_column_letter(NAME_COLUMNS + 1)}{FIRST_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the staff needs
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"3:{FIRST_ROW - 1}"
    ws.print_title_cols = f"A:{get_column_letter(NAME_COLUMNS)}"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 10
    for n in range(len(sheet.days)):
        ws.column_dimensions[get_column_letter(NAME_COLUMNS + 1 + n)].width = 4.2
    for n in range(len(totals)):
        ws.column_dimensions[get_column_letter(NAME_COLUMNS + len(sheet.days) + 1 + n)].width = 6
    ws.merged_cells.ranges.add(f"A1:{get_column_letter(width)}1")  # type: ignore[attr-defined]
    ws.merged_cells.ranges.add(f"A2:{get_column_letter(width)}2")  # type: ignore[attr-defined]

    rows = SheetRows()
    plain, head = styles["cell"], styles["head"]
    department = department_name(config.department, tr)
    rows.append([(tr.t("sheet.title", department=department, month=sheet.month), styles["title"])])
    subtitle = tr.t(
        "sheet.subtitle",
        kiosk=kiosk_id,
        approval=approval_text(approval, tr),
        closed=len(sheet.closed),
        days=len(sheet.days),
    )
    rows.append([(subtitle, None)])
    weekend = [day.weekday() >= 5 for day in sheet.days]
    top: list[Cell] = [(tr.t("sheet.col.staff_id"), head), (tr.t("sheet.col.name"), head)]
    top += [
        (day.day, styles["weekend_head"] if off else head)
        for day, off in zip(sheet.days, weekend, strict=True)
    ]
    top += [(header, head) for header, _ in totals]
    rows.append(top)
    under: list[Cell] = [("", plain), ("", plain)]
    under += [
        (weekday_short(day.weekday(), tr), styles["weekend"] if off else plain)
        for day, off in zip(sheet.days, weekend, strict=True)
    ]
    under += [("", plain) for _ in totals]
    rows.append(under)
    marks = {}  # a mark code's (symbol, style): thirty a person, a handful of kinds
    for row in sheet.rows:
        line: list[Cell] = [(row.staff_id, plain), (row.name, plain)]
        for code in row.marks:
            mark = marks.get(code)
            if mark is None:
                fill = ("absent" if code == "absent" else "late") if is_alert(code) else "cell"
                mark = marks[code] = (mark_symbol(code, tr), styles[fill])
            line.append(mark)
        line += [(number(row), plain) for _, number in totals]
        rows.append(line)
    rows.append([])
    rows.append([(tr.t("sheet.legend"), styles["bold"])])
    for symbol, meaning in legend(sheet, tr):
        rows.append([(symbol, None), (meaning, None)])
    rows.append([(tr.t("sheet.legend_note"), None)])
    return rows


def _detail(
    book: Any,
    styles: dict[str, int],
    summaries: Sequence[DaySummary],
    config: Config,
    tr: Translator,
) -> SheetRows:
    ws = book.create_sheet(tr.t("sheet.name.detail"))
    ws.freeze_panes = "A2"
    rows = SheetRows()
    rows.append([(tr.t(f"export.col.{c}"), styles["bold"]) for c in DAY_COLUMNS])
    for summary in summaries:
        for row in day_rows(summary, config, tr):
            rows.append([(value, None) for value in row])
    return rows


def _totals(
    book: Any, styles: dict[str, int], sheet: MonthSheet, config: Config, tr: Translator
) -> SheetRows:
    ws = book.create_sheet(tr.t("sheet.name.totals"))
    ws.freeze_panes = "C2"
    header, *table = totals_table(sheet, config, tr)
    rows = SheetRows()
    rows.append([(str(value), styles["bold"]) for value in header])
    for row in table:
        rows.append([(value, None) for value in row])
    return rows


def _styles(book: Any, ws: Any) -> dict[str, int]:
    """Each cell style's index in the workbook (what a cell's `s` names): the grid's named
    styles, registered once, the title's and the headers' bold fonts. `ws`: any of the
    book's sheets (a cell learns its style's index through it)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center")
    fills = {
        "cell": None,
        "head": HEADER_FILL,
        "weekend_head": WEEKEND_FILL,
        "weekend": WEEKEND_FILL,
        "late": LATE_FILL,
        "absent": ABSENT_FILL,
    }
    ids = {"title": _style_id(ws, font=Font(bold=True, size=14))}
    for key, colour in fills.items():
        style = NamedStyle(name=f"kiosk_{key}", border=border, alignment=centre)
        if colour:
            style.fill = PatternFill("solid", fgColor=colour)
        if key in ("head", "weekend_head"):
            style.font = Font(bold=True)
        book.add_named_style(style)
        made = WriteOnlyCell(ws)
        made.style = style.name
        ids[key] = made.style_id
    ids["bold"] = _style_id(ws, font=Font(bold=True))
    return ids


def _style_id(ws: Any, **look: Any) -> int:
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(ws)
    for name, value in look.items():
        setattr(made, name, value)
    return int(made.style_id)
