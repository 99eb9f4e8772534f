"""The day's totals as a QR code, so a phone can take them home with no network at all.

The payload is one line in the QR alphanumeric set (upper case, digits, space and $%*+-./:),
which packs 154 characters into a version 5 QR at error correction L: 45 modules with the
quiet zone, 23 text rows in half blocks, so it stays whole on a 100x30 terminal next to the
lead's end-of-day figures, and a phone shows it as plain text.
"""

from __future__ import annotations

import re

import qrcode
from qrcode.constants import ERROR_CORRECT_L

from kiosk.domain.summary import DaySummary

MAX_VERSION = 5
_SHORT = {
    "present": "IN",
    "absent": "ABS",
    "rest": "REST",
    "leave": "LEAVE",
    "late": "LATE",
    "early": "EARLY",
    "no_checkout": "NOOUT",
    "unchecked": "UNCHK",
    "fines": "FINE",
}
# The QR's names for the day's counts (domain.summary.COUNT_NAMES), in its order.
_COUNTS = {
    "present": "present",
    "absent": "absent",
    "rest": "rest",
    "leave": "leave",
    "late": "late",
    "early": "early_leave",
    "no_checkout": "no_checkout",
    "unchecked": "appearance_unchecked",
}
_ALNUM_OUTSIDE = re.compile(r"[^0-9A-Z $%*+\-./:]")


def day_totals(summary: DaySummary) -> dict[str, int]:
    """Head counts and fines of a closed day: the counts every face shows (day_counts)."""
    counts = summary.counts
    return {key: counts[name] for key, name in _COUNTS.items()} | {"fines": counts.fines}


def day_qr_payload(summary: DaySummary) -> str:
    """`SKDAY 2026-11-27 DESK-1 R2 IN:9 ABS:2 ...`: one line a phone can read (the kiosk id
    is cut to 20 characters so the worst case still fits)."""
    totals = " ".join(f"{_SHORT[key]}:{n}" for key, n in day_totals(summary).items())
    kiosk = _ALNUM_OUTSIDE.sub("-", summary.kiosk_id.upper())[:20]
    return f"SKDAY {summary.date.isoformat()} {kiosk} R{summary.revision} {totals}"


def qr_matrix(payload: str) -> list[list[bool]]:
    """The module matrix, quiet zone included; ValueError if it would not fit version 5."""
    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_L, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    if qr.version > MAX_VERSION:
        raise ValueError(f"payload needs QR version {qr.version}")
    return [list(row) for row in qr.get_matrix()]
