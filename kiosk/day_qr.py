"""The day's totals as a QR code, so a phone can take them home with no network at all.

A phone shows a QR's text as it is, so the payload is a sentence in the kiosk's language,
worded by the catalogs (`day_qr.text`): '考勤 2026-11-27 desk-1 第2版 出勤9 缺勤2 ...
罚款20元' in Chinese (byte mode, UTF-8), upper-case English words in English ('ATTENDANCE
2026-11-27 DESK-1 REVISION 2 PRESENT 9 ...'), which stay in the QR alphanumeric set and so
pack tighter. Either fits a version 6 QR at error correction L for a department of hundreds
(three-digit counts, five-digit fines); the kiosk id is cut, as a last resort, until it does.
Version 6 is 49 modules with the quiet zone, 25 text rows in half blocks: whole on a 100x30
terminal beside the lead's figures, and whole on an 80x24 one in its own view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the QR maker (and PIL under it) loads only when a code is drawn
    import qrcode

import re
from collections.abc import Mapping
from datetime import date

from kiosk.domain.summary import DaySummary
from kiosk.i18n import Translator

MAX_VERSION = 6
QUIET_ZONE = 4
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


def day_qr_payload(summary: DaySummary, tr: Translator) -> str:
    """The closed day's totals as the sentence the lead's phone shows, in `tr`'s language."""
    return totals_text(summary.date, summary.kiosk_id, summary.revision, day_totals(summary), tr)


def totals_text(
    day: date, kiosk_id: str, revision: int, totals: Mapping[str, int], tr: Translator
) -> str:
    """The payload for these figures, with as much of the kiosk id as still fits
    MAX_VERSION; ValueError if even none of it would (figures far beyond any department)."""

    def text(kiosk: str) -> str:
        said = tr.t("day_qr.text", date=day.isoformat(), kiosk=kiosk, revision=revision, **totals)
        return " ".join(said.split())  # a kiosk id cut to nothing leaves no double space

    kiosk = kiosk_id
    if not _ALNUM_OUTSIDE.search(text("")):  # keep an alphanumeric sentence alphanumeric
        kiosk = _ALNUM_OUTSIDE.sub("-", kiosk.upper())
    for keep in range(len(kiosk), -1, -1):
        payload = text(kiosk[:keep])
        if qr_version(payload) <= MAX_VERSION:
            return payload
    raise ValueError(f"day totals need QR version {qr_version(payload)}")


def qr_version(payload: str) -> int:
    """The smallest QR version that holds `payload` at error correction L."""
    return _build(payload).version


def qr_matrix(payload: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The module matrix with `border` light modules around it (the quiet zone; a view that
    is light all round may draw less); ValueError if it would not fit MAX_VERSION."""
    qr = _build(payload, border)
    if qr.version > MAX_VERSION:
        raise ValueError(f"payload needs QR version {qr.version}")
    return [list(row) for row in qr.get_matrix()]


def _build(payload: str, border: int = QUIET_ZONE) -> qrcode.QRCode:
    """One segment in one mode (optimize=0): a phone guesses UTF-8 from the whole Chinese
    sentence, not from scraps of it between digit runs."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_L

    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_L, border=border)
    qr.add_data(payload, optimize=0)
    qr.make(fit=True)
    return qr
