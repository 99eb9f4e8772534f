"""Reading the sheets people hand the kiosk: a CSV that Excel or WPS saved, or an .xlsx.

HR keeps the staff list in a spreadsheet and a lead plans the month in one; both come back
as rows of text here, so each import checks cells the same way whatever the file was. A bad
cell is named the way the person sees it in Excel (`C5`: column C, row 5). UI-free and
store-free: the commands read the file's bytes, this turns them into rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, datetime, time

from kiosk.errors import UsageError

XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
MAX_SHEET_CELLS = 2_000_000  # far beyond a department's sheet; stops a zip bomb's grid


ENCODINGS = ("utf-8", "gb18030")  # what `--encoding` may name


def decode_text(data: bytes, source: str = "-", encoding: str | None = None) -> str:
    """A text file's contents: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030.

    Excel and WPS on Chinese Windows save "CSV (comma delimited)" in the ANSI code page
    (GBK, which GB18030 contains); bytes that are not UTF-8 are read as that. Bytes valid
    in both that read differently in each (郑伟 in GBK reads as UTF-8 ֣ΰ) are never
    guessed: UsageError `ambiguous_encoding` asks for a UTF-8 file or `encoding` (one of
    ENCODINGS). UsageError `bad_encoding` when neither fits.
    """
    if encoding is not None:
        try:
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except (UnicodeDecodeError, LookupError):
            raise UsageError("bad_encoding", path=source) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif _broken_utf8(data):
        # UTF-8 with a stray byte: read as GB18030 it would turn every name into mojibake
        # and a re-import would store that over the right names. Refuse instead.
        encodings = ()
    else:
        encodings = ("utf-8", "gb18030")
        if _reads_two_ways(data):
            raise UsageError("ambiguous_encoding", path=source)
    for encoding_ in encodings:
        try:
            return data.decode(encoding_)
        except UnicodeDecodeError:
            continue
    raise UsageError("bad_encoding", path=source)


def _reads_two_ways(data: bytes) -> bool:
    """True when `data` is valid UTF-8 and valid GB18030 and the two texts differ."""
    try:
        return data.decode("utf-8") != data.decode("gb18030")
    except UnicodeDecodeError:
        return False


def _broken_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 text with some invalid bytes (not a GBK file, whose bytes are
    mostly invalid as UTF-8)."""
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")  # CJK: 3-byte sequences
    return valid >= invalid


def is_xlsx(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA: the column as Excel heads it."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """The cell at 1-based (row, column) as Excel names it: (5, 3) -> C5."""
    return f"{column_letter(column)}{row}"


def read_sheet(
    data: bytes, source: str = "-", sheet: str | None = None, encoding: str | None = None
) -> list[list[str]]:
    """The rows of a sheet as text, row 1 first: an .xlsx's named sheet (else its first),
    or a CSV's records. Numbers that are whole come back without `.0`, dates as
    YYYY-MM-DD, empty cells as "". UsageError `bad_workbook` for a damaged .xlsx."""
    if is_xlsx(data):
        return _xlsx_rows(data, source, sheet)
    text = decode_text(data, source, encoding).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    rows = []
    cells = 0
    try:
        for row in reader:
            cells += max(len(row), 1)  # an empty line costs as much as a cell
            if cells > MAX_SHEET_CELLS:  # as for an .xlsx: refused before it is all held
                raise UsageError("csv_unreadable", line=reader.line_num, reason="too many cells")
            rows.append(row)
    except csv.Error as exc:
        raise UsageError("csv_unreadable", line=0, reason=str(exc)) from exc
    return rows


def numbered_rows(
    data: bytes | str, source: str = "-", sheet: str | None = None, encoding: str | None = None
) -> list[tuple[int, list[str]]]:
    """`read_sheet`'s rows, each with the number a person finds it by: an .xlsx's row as
    Excel numbers it, a CSV record's first line (a quoted cell may span lines). Text is
    read as a CSV. UsageError `csv_unreadable` names the line the reader stopped at."""
    if isinstance(data, bytes) and is_xlsx(data):
        return list(enumerate(_xlsx_rows(data, source, sheet), start=1))
    text = decode_text(data, source, encoding) if isinstance(data, bytes) else data
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for values in reader:
            rows.append((line, list(values)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UsageError("csv_unreadable", line=reader.line_num, reason=str(exc)) from exc
    return rows


def _xlsx_rows(data: bytes, source: str, sheet: str | None) -> list[list[str]]:
    import zipfile  # as openpyxl: a CSV import or `kiosk staff list` needs neither

    import openpyxl  # only the imports that read Excel pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UsageError("bad_workbook", path=source, reason=str(exc)) from exc
    try:
        chosen = book[sheet] if sheet is not None and sheet in book.sheetnames else book.active
        if chosen is None:
            raise UsageError("bad_workbook", path=source, reason="no sheet")
        rows: list[list[str]] = []
        cells = 0
        for values in chosen.iter_rows(values_only=True):
            cells += len(values)
            if cells > MAX_SHEET_CELLS:
                raise UsageError("bad_workbook", path=source, reason="too many cells")
            rows.append([_text(value) for value in values])
        _refuse_merged(data, getattr(chosen, "_worksheet_path", None), source, rows)
    finally:
        book.close()
    _refuse_formulas_without_values(data, source, sheet, rows)
    return rows


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+([0-9]+):[A-Z]+[0-9]+)"')


def _refuse_merged(data: bytes, sheet_path: str | None, source: str, rows: list[list[str]]) -> None:
    """A merged range reads as one value and blank cells after it: a lead who merged a
    week of 休 would see it planned and import blanks. Refused, naming the range; a
    merged title above the header (the first row with two filled cells) is fine."""
    if sheet_path is None:
        return
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(sheet_path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return
    header = next(
        (n for n, row in enumerate(rows, start=1) if sum(1 for v in row if v.strip()) >= 2),
        len(rows) + 1,
    )
    for found in _MERGE.finditer(xml):
        if int(found.group(2)) >= header:
            raise UsageError("sheet_merged_cells", path=source, cells=found.group(1).decode())


def _refuse_formulas_without_values(
    data: bytes, source: str, sheet: str | None, rows: list[list[str]]
) -> None:
    """A formula whose result was never saved (a sheet written by a program, not Excel or
    WPS) reads as blank; a blank plan cell means "back to the weekly pattern", so taking
    it silently would change the plan. Refused, naming the cell."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        chosen = book[sheet] if sheet is not None and sheet in book.sheetnames else book.active
        if chosen is None:
            return
        for r, values in enumerate(chosen.iter_rows(values_only=True), start=1):
            for c, value in enumerate(values, start=1):
                if isinstance(value, str) and value.startswith("="):
                    shown = rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else ""
                    if shown == "":
                        raise UsageError(
                            "sheet_formula_without_value", path=source, cell=cell_name(r, c)
                        )
    finally:
        book.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
