"""The month's 考勤表 as an .xlsx workbook: the grid HR pays from, the day rows, the totals.

Three sheets: 考勤表 (people in pinyin order x days, one mark a cell, the totals at the right,
a legend; printed on A4 landscape, one page wide), 明细 (the day export's rows) and 汇总 (the
totals, numbers as numbers). UI-free and store-free like kiosk/export.py: a `MonthSheet`
and the day summaries in, bytes out; no figure is computed here.

openpyxl writes it (a well-kept library that both writes and reads .xlsx, so the tests
open the workbook back with the same library and the staff import reads HR's sheets with
it). Its write-only mode streams the rows: a thousand people's month stays quick.
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
    _grid(book, sheet, config, kiosk_id, tr, approval)
    _detail(book, summaries, config, tr)
    _totals(book, sheet, config, tr)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _grid(
    book: Any,
    sheet: MonthSheet,
    config: Config,
    kiosk_id: str,
    tr: Translator,
    approval: MonthApproval | None,
) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = book.create_sheet(tr.t("sheet.name.grid"))
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

    styles = _named_styles(book)

    def cell(value: str | int, *, bold: bool = False, fill: str | None = None) -> Any:
        made = _cell(ws, value)
        made.style = styles[("head" if bold else "cell") if fill is None else fill]
        return made

    department = department_name(config.department, tr)
    title = _cell(ws, tr.t("sheet.title", department=department, month=sheet.month))
    title.font = Font(bold=True, size=14)
    ws.append([title])
    subtitle = tr.t(
        "sheet.subtitle",
        kiosk=kiosk_id,
        approval=approval_text(approval, tr),
        closed=len(sheet.closed),
        days=len(sheet.days),
    )
    ws.append([_cell(ws, subtitle)])
    weekend = [day.weekday() >= 5 for day in sheet.days]
    head = [cell(tr.t("sheet.col.staff_id"), bold=True), cell(tr.t("sheet.col.name"), bold=True)]
    head += [
        cell(day.day, fill="weekend_head" if off else "head")
        for day, off in zip(sheet.days, weekend, strict=True)
    ]
    head += [cell(header, bold=True) for header, _ in totals]
    ws.append(head)
    under = [cell(""), cell("")]
    under += [
        cell(weekday_short(day.weekday(), tr), fill="weekend" if off else None)
        for day, off in zip(sheet.days, weekend, strict=True)
    ]
    under += [cell("") for _ in totals]
    ws.append(under)
    for row in sheet.rows:
        line = [cell(row.staff_id), cell(row.name)]
        for code in row.marks:
            fill = ("absent" if code == "absent" else "late") if is_alert(code) else None
            line.append(cell(mark_symbol(code, tr), fill=fill))
        line += [cell(number(row)) for _, number in totals]
        ws.append(line)
    ws.append([])
    ws.append([_bold(ws, tr.t("sheet.legend"))])
    for symbol, meaning in legend(sheet, tr):
        ws.append([_cell(ws, symbol), _cell(ws, meaning)])
    ws.append([_cell(ws, tr.t("sheet.legend_note"))])


def _detail(book: Any, summaries: Sequence[DaySummary], config: Config, tr: Translator) -> None:
    ws = book.create_sheet(tr.t("sheet.name.detail"))
    ws.freeze_panes = "A2"
    ws.append([_bold(ws, tr.t(f"export.col.{c}")) for c in DAY_COLUMNS])
    for summary in summaries:
        for row in day_rows(summary, config, tr):
            ws.append([_text(ws, value) for value in row])


def _totals(book: Any, sheet: MonthSheet, config: Config, tr: Translator) -> None:
    ws = book.create_sheet(tr.t("sheet.name.totals"))
    ws.freeze_panes = "C2"
    header, *rows = totals_table(sheet, config, tr)
    ws.append([_bold(ws, str(value)) for value in header])
    for row in rows:
        ws.append([_text(ws, value) for value in row])


def _named_styles(book: Any) -> dict[str, str]:
    """The grid's cell styles, registered once (a style per cell would be looked up for
    every one of a thousand people's thirty days)."""
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
    names = {}
    for key, colour in fills.items():
        style = NamedStyle(name=f"kiosk_{key}", border=border, alignment=centre)
        if colour:
            style.fill = PatternFill("solid", fgColor=colour)
        if key in ("head", "weekend_head"):
            style.font = Font(bold=True)
        book.add_named_style(style)
        names[key] = style.name
    return names


def _text(ws: Any, value: str | int) -> Any:
    """A detail or totals value as it is, but a text a spreadsheet would read as a formula
    kept as text."""
    return _cell(ws, value) if isinstance(value, str) and value.startswith("=") else value


def _cell(ws: Any, value: str | int) -> Any:
    """A cell whose text is stored as text: never read back as a formula."""
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        made.data_type = "s"
    return made


def _bold(ws: Any, value: str) -> Any:
    from openpyxl.styles import Font

    made = _cell(ws, value)
    made.font = Font(bold=True)
    return made
