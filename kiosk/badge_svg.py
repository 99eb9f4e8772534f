"""Drawing badges as SVG: one QR on its own, and A4 print sheets of 12 cards.

Pure rendering (strings in, SVG text out), kept apart from the payload and signature logic
in `kiosk.badges`. The QR is drawn from its module matrix so the quiet zone is exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape as _html_escape


def escape(text: str) -> str:
    """&, < and > as XML entities (what xml.sax.saxutils.escape does; that module imports
    urllib.request, http and email, a fifth of a CLI command's start-up)."""
    return _html_escape(text, quote=False)


SHEET_COLUMNS = 3
SHEET_ROWS = 4
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _dark_path(matrix: Sequence[Sequence[bool]], x0: float, y0: float, module: float) -> str:
    """SVG path data covering the dark modules, one rectangle per horizontal run.

    Runs rather than single modules keep the sheet small and avoid hairline seams that
    some renderers draw between abutting squares.
    """
    parts: list[str] = []
    for row_index, row in enumerate(matrix):
        col = 0
        width = len(row)
        while col < width:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < width and row[col]:
                col += 1
            x = x0 + start * module
            y = y0 + row_index * module
            w = (col - start) * module
            parts.append(f"M{_num(x)} {_num(y)}h{_num(w)}v{_num(module)}h{_num(-w)}z")
    return "".join(parts)


def _num(value: float) -> str:
    """Compact fixed-point number for SVG coordinates (mm or modules)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def qr_svg(matrix: Sequence[Sequence[bool]]) -> str:
    """A standalone SVG of one QR, quiet zone included, 1 user unit per module."""
    size = len(matrix)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size * 1.25:g}mm" '
        f'height="{size * 1.25:g}mm" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">\n'
        f'<rect x="0" y="0" width="{size}" height="{size}" fill="#fff"/>\n'
        f'<path fill="#000" d="{_dark_path(matrix, 0, 0, 1)}"/>\n'
        "</svg>\n"
    )


def _xml_text(text: str) -> str:
    """Escape for SVG character data, dropping characters XML 1.0 cannot carry at all."""
    return escape(_XML_INVALID_RE.sub("", text))


def _estimated_ems(text: str) -> float:
    """Rough rendered width in ems: wide (CJK) glyphs ~1 em, others ~0.65 em (bold).

    We cannot measure with the printer's fonts, so this only decides when to shrink.
    """
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.65 for ch in text) or 1.0


# A4 layout, all in mm. Cards have a small gutter so each has its own cut line.
_PAGE_W, _PAGE_H = 210.0, 297.0
_MARGIN_X, _MARGIN_Y, _GUTTER = 9.0, 10.5, 3.0
_CARD_W = (_PAGE_W - 2 * _MARGIN_X - (SHEET_COLUMNS - 1) * _GUTTER) / SHEET_COLUMNS
_CARD_H = (_PAGE_H - 2 * _MARGIN_Y - (SHEET_ROWS - 1) * _GUTTER) / SHEET_ROWS
_QR_MM = 44.0
_QR_TOP = 3.0
_TEXT_PAD = 3.0
_NAME_FONT = 5.0
_NAME_FONT_MIN = 2.0
_ID_FONT = 4.0
_NAME_FAMILY = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
_ID_FAMILY = "'DejaVu Sans Mono', Consolas, monospace"


def _card_svg(
    x: float, y: float, name: str, staff_id: str, matrix: Sequence[Sequence[bool]]
) -> str:
    """One badge card: dashed cut border, QR with its quiet zone, name and ID centred."""
    module = _QR_MM / len(matrix)
    qr_x = x + (_CARD_W - _QR_MM) / 2
    qr_y = y + _QR_TOP
    centre = x + _CARD_W / 2
    text_w = _CARD_W - 2 * _TEXT_PAD
    name_font = max(_NAME_FONT_MIN, min(_NAME_FONT, text_w / _estimated_ems(name)))
    name_y = qr_y + _QR_MM + 7.5
    id_y = name_y + 7.0
    # Past the minimum size, let the renderer squeeze the glyphs to fit the card.
    fit = ""
    if _estimated_ems(name) * name_font > text_w:
        fit = f' textLength="{_num(text_w)}" lengthAdjust="spacingAndGlyphs"'
    return (
        f'<g class="badge" data-staff-id="{escape(staff_id)}">\n'
        f'<rect class="cut" x="{_num(x)}" y="{_num(y)}" width="{_num(_CARD_W)}" '
        f'height="{_num(_CARD_H)}" rx="2" fill="none" stroke="#999" stroke-width="0.3" '
        'stroke-dasharray="2 1.5"/>\n'
        f'<rect x="{_num(qr_x)}" y="{_num(qr_y)}" width="{_num(_QR_MM)}" '
        f'height="{_num(_QR_MM)}" fill="#fff"/>\n'
        f'<path fill="#000" shape-rendering="crispEdges" '
        f'd="{_dark_path(matrix, qr_x, qr_y, module)}"/>\n'
        f'<text class="name" x="{_num(centre)}" y="{_num(name_y)}" text-anchor="middle" '
        f'font-family="{_NAME_FAMILY}" font-size="{_num(name_font)}" '
        f'font-weight="bold"{fit}>{_xml_text(name)}</text>\n'
        f'<text class="staff-id" x="{_num(centre)}" y="{_num(id_y)}" text-anchor="middle" '
        f'font-family="{_ID_FAMILY}" font-size="{_num(_ID_FONT)}">{escape(staff_id)}</text>\n'
        "</g>\n"
    )


def sheet_svg(cards: Sequence[tuple[str, str, Sequence[Sequence[bool]]]]) -> str:
    """One A4 page of up to SHEET_COLUMNS x SHEET_ROWS cards, filled row by row."""
    body = []
    for index, (staff_id, name, matrix) in enumerate(cards):
        row, col = divmod(index, SHEET_COLUMNS)
        x = _MARGIN_X + col * (_CARD_W + _GUTTER)
        y = _MARGIN_Y + row * (_CARD_H + _GUTTER)
        body.append(_card_svg(x, y, name, staff_id, matrix))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="210mm" height="297mm" '
        'viewBox="0 0 210 297">\n'
        '<rect x="0" y="0" width="210" height="297" fill="#fff"/>\n' + "".join(body) + "</svg>\n"
    )
