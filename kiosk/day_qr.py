"""The day's totals as a QR code, so a phone can take them home with no network at all.

The payload is one line in the QR alphanumeric set (upper case, digits, space and $%*+-./:),
which packs 154 characters into a version 5 QR at error correction L: 45 modules with the
quiet zone, 23 text rows in half blocks, so it stays whole on a 100x30 terminal next to the
lead's end-of-day figures, and a phone shows it as plain text.
"""

from __future__ import annotations

import re
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_L

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
_ALNUM_OUTSIDE = re.compile(r"[^0-9A-Z $%*+\-./:]")


def day_totals(summary: dict[str, Any]) -> dict[str, int]:
    """Head counts and fines of a closed day summary."""
    people = summary["people"]

    def count(status: str) -> int:
        return sum(p["status"] == status for p in people)

    return {
        "present": count("present"),
        "absent": count("absent"),
        "rest": count("rest"),
        "leave": count("leave"),
        "late": sum("late" in p["flags"] for p in people),
        "early": sum("early_leave" in p["flags"] for p in people),
        "no_checkout": sum("no_checkout" in p["flags"] for p in people),
        "unchecked": sum("appearance_unchecked" in p["flags"] for p in people),
        "fines": sum(p["fines_total"] for p in people),
    }


def day_qr_payload(summary: dict[str, Any]) -> str:
    """`SKDAY 2026-11-27 DESK-1 R2 IN:9 ABS:2 ...`: one line a phone can read (the kiosk id
    is cut to 20 characters so the worst case still fits)."""
    totals = " ".join(f"{_SHORT[key]}:{n}" for key, n in day_totals(summary).items())
    kiosk = _ALNUM_OUTSIDE.sub("-", str(summary["kiosk_id"]).upper())[:20]
    return f"SKDAY {summary['date']} {kiosk} R{summary['revision']} {totals}"


def qr_matrix(payload: str) -> list[list[bool]]:
    """The module matrix, quiet zone included; ValueError if it would not fit version 5."""
    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_L, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    if qr.version > MAX_VERSION:
        raise ValueError(f"payload needs QR version {qr.version}")
    return [list(row) for row in qr.get_matrix()]
