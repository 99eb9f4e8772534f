"""What a scan or a typed entry at the kiosk names: a person, or a clear refusal.

A badge scanner types the signed payload; a person without a badge types their ID (and then a
PIN, checked by `StaffService.check_pin`). Garbage (a mistyped scan, a barcode from a
medicine box) is a `not_a_badge` refusal, never an exception the UI has not seen before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.badges import (
    MAX_SCAN_CHARS,
    STAFF_ID,
    BadgeError,
    check_version,
    looks_like_badge,
    read_badge,
)
from kiosk.errors import UsageError
from kiosk.services.records import StaffMember, normalise_id
from kiosk.services.staff import StaffService


@dataclass(frozen=True)
class ScanResult:
    staff: StaffMember
    by_badge: bool  # False: a typed ID, which still needs the person's PIN


class ScanService:
    def __init__(self, staff: StaffService, secret: Callable[[], bytes]) -> None:
        """`secret` is read only when a badge is scanned, so a damaged site key stops badge
        scans (with a clear message) but not people typing their ID."""
        self.staff = staff
        self.secret = secret

    def identify(self, text: str) -> ScanResult:
        text = text.strip()
        if not text or len(text) > MAX_SCAN_CHARS or not text.isprintable():
            raise UsageError("not_a_badge")
        if looks_like_badge(text):
            try:
                scan = read_badge(self.secret(), text)
                member = self.staff.get(scan.staff_id)
                check_version(scan, member.badge_version)
            except BadgeError as err:
                raise UsageError(f"badge_{err.reason}", staff_id=err.staff_id or "") from err
            return ScanResult(member, by_badge=True)
        if not STAFF_ID.fullmatch(normalise_id(text)):
            raise UsageError("not_a_badge")
        return ScanResult(self.staff.get(text), by_badge=False)
