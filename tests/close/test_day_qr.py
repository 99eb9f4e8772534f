"""The day-summary QR: short enough for a version 5 QR, and it decodes back to itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.day_qr import day_qr_payload, qr_matrix
from kiosk.domain.summary import DaySummary
from screens.widgets.qr import qr_lines

GOLDEN_DAY = json.loads(
    (Path(__file__).parent / "golden" / "day_2026-11-27.json").read_text("utf-8")
)
SUMMARY = DaySummary.from_json(GOLDEN_DAY)


def decode_half_blocks(lines: list[str]) -> str | None:
    """Rasterise the terminal characters the way a phone camera sees them, and decode."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    halves = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}
    rows: list[list[int]] = []
    for line in lines:
        rows += [[halves[c][0] for c in line], [halves[c][1] for c in line]]
    scale = 6
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    result = zxingcpp.read_barcode(image)
    return result.text if result is not None else None


def test_the_payload_says_the_day_totals() -> None:
    assert day_qr_payload(SUMMARY) == (
        "SKDAY 2026-11-27 DESK-1 R1 IN:7 ABS:3 REST:1 LEAVE:1 LATE:2 EARLY:1 NOOUT:1 "
        "UNCHK:5 FINE:40"
    )


def test_the_terminal_qr_decodes_back_to_the_payload() -> None:
    payload = day_qr_payload(SUMMARY)
    lines = qr_lines(qr_matrix(payload))
    assert len(lines) <= 23 and len(lines[0]) <= 45  # fits 100x30 beside the figures
    assert decode_half_blocks(lines) == payload


def test_a_big_department_with_a_long_kiosk_id_still_fits() -> None:
    big = GOLDEN_DAY | {"kiosk_id": "门诊楼 2 号 front-desk (east wing)", "revision": 999}
    big["people"] = GOLDEN_DAY["people"] * 90  # 1,080 people
    payload = day_qr_payload(DaySummary.from_json(big))
    assert "FRONT-DESK" in payload and "门" not in payload
    lines = qr_lines(qr_matrix(payload))
    assert len(lines) <= 23
    assert decode_half_blocks(lines) == payload
