"""The day-summary QR: a sentence a phone shows in the kiosk's language, small enough for a
version 6 QR, and it decodes back to itself."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.day_qr import MAX_VERSION, day_qr_payload, qr_matrix, qr_version, totals_text
from kiosk.domain.summary import DaySummary
from kiosk.i18n import Translator
from screens.widgets.qr import qr_lines

GOLDEN_DAY = json.loads(
    (Path(__file__).parent / "golden" / "day_2026-11-27.json").read_text("utf-8")
)
SUMMARY = DaySummary.from_json(GOLDEN_DAY)
ZH, EN = Translator("zh"), Translator("en")
# Three-digit counts (a department of hundreds), five-digit fines, a long kiosk id.
WORST = dict.fromkeys(
    ("present", "absent", "rest", "leave", "late", "early", "no_checkout", "unchecked"), 999
) | {"fines": 99999}
LONG_ID = "front-desk-east-wing-building-02"  # 32 characters, the longest kiosk.toml allows


def decode_half_blocks(lines: list[str]) -> str | None:
    """Rasterise the terminal characters the way a phone camera sees them, and decode."""
    halves = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}
    rows: list[list[int]] = []
    for line in lines:
        rows += [[halves[c][0] for c in line], [halves[c][1] for c in line]]
    return decode_modules(rows)


def decode_modules(rows: list[list[int]]) -> str | None:
    """Decode a grid of modules (1 dark, 0 light) drawn at six pixels a module."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    scale = 6
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    result = zxingcpp.read_barcode(image)
    return result.text if result is not None else None


def test_the_payload_says_the_day_totals_in_chinese() -> None:
    assert day_qr_payload(SUMMARY, ZH) == (
        "考勤 2026-11-27 desk-1 第1版 出勤7 缺勤3 休息1 请假1 迟到2 早退1 未签退1 待检查5 罚款40元"
    )


def test_the_payload_says_the_day_totals_in_english_words() -> None:
    assert day_qr_payload(SUMMARY, EN) == (
        "ATTENDANCE 2026-11-27 DESK-1 REVISION 1 PRESENT 7 ABSENT 3 REST 1 LEAVE 1 LATE 2 "
        "EARLY 1 NO CHECK-OUT 1 TO INSPECT 5 FINES 40 YUAN"
    )


@pytest.mark.parametrize("tr", [ZH, EN], ids=["zh", "en"])
def test_the_terminal_qr_decodes_back_to_the_payload(tr: Translator) -> None:
    payload = day_qr_payload(SUMMARY, tr)
    lines = qr_lines(qr_matrix(payload))
    assert len(lines) <= 25 and len(lines[0]) <= 49  # fits 100x30 beside the figures
    assert decode_half_blocks(lines) == payload


@pytest.mark.parametrize("tr", [ZH, EN], ids=["zh", "en"])
def test_the_worst_case_fits_version_6_and_still_decodes(tr: Translator) -> None:
    payload = totals_text(date(2026, 11, 27), LONG_ID, 999, WORST, tr)
    assert qr_version(payload) <= MAX_VERSION == 6
    matrix = qr_matrix(payload)
    assert len(matrix) == 17 + 4 * 6 + 2 * 4  # version 6, quiet zone included: 49 modules
    assert "999" in payload and "99999" in payload
    assert decode_half_blocks(qr_lines(matrix)) == payload


def test_the_kiosk_id_is_cut_only_as_far_as_needed() -> None:
    worst_zh = totals_text(date(2026, 11, 27), LONG_ID, 999, WORST, ZH)
    assert worst_zh.startswith("考勤 2026-11-27 front")
    assert LONG_ID not in worst_zh  # the figures come first
    worst_en = totals_text(date(2026, 11, 27), LONG_ID, 999, WORST, EN)
    assert LONG_ID.upper() in worst_en  # the alphanumeric English keeps it whole


def test_a_big_department_with_an_odd_kiosk_id_still_fits() -> None:
    big = GOLDEN_DAY | {"kiosk_id": "门诊楼 2 号 front-desk (east wing)", "revision": 999}
    big["people"] = GOLDEN_DAY["people"] * 90  # 1,080 people
    summary = DaySummary.from_json(big)
    english = day_qr_payload(summary, EN)
    assert "FRONT-DESK" in english and "门" not in english  # alphanumeric stays alphanumeric
    chinese = day_qr_payload(summary, ZH)
    assert chinese.startswith("考勤 2026-11-27 门诊楼")
    for payload in (english, chinese):
        lines = qr_lines(qr_matrix(payload))
        assert len(lines) <= 25
        assert decode_half_blocks(lines) == payload


def test_figures_far_beyond_any_department_are_refused_not_cut() -> None:
    absurd = WORST | {"fines": 10**40}
    with pytest.raises(ValueError, match="QR version"):
        totals_text(date(2026, 11, 27), LONG_ID, 999, absurd, ZH)
