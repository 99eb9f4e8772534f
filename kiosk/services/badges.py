"""One person's badge: its QR for the screen, and the printable files, for every face.

The kiosk's lead shows a badge on screen (a new hire photographs it and works until the
card is printed) and writes the printable files for one person; `kiosk badges` writes them
for many. Both go through here, so the payload, the QR and the files are the same whoever
asks, and a disk that refuses the write is one StoreError with the folder named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.badges import BadgeFiles, badge_payload, build_qr, write_badges
from kiosk.errors import StoreError, UsageError
from kiosk.services.records import StaffMember


@dataclass(frozen=True)
class BadgePrint:
    """The files written: one PNG and SVG per person, and the A4 sheets to print."""

    folder: Path
    files: tuple[BadgeFiles, ...]
    sheets: tuple[Path, ...]


class BadgeService:
    def __init__(self, site_secret: Callable[[], bytes], print_folder: Path) -> None:
        """`print_folder`: where the kiosk's lead writes a reprint (the data folder's
        `badges/`, private like every file the kiosk writes)."""
        self.site_secret = site_secret
        self.print_folder = print_folder

    def matrix(self, member: StaffMember) -> list[list[bool]]:
        """The QR modules of the person's current badge, quiet zone included."""
        payload = badge_payload(self.site_secret(), member.id, member.badge_version)
        return build_qr(payload).get_matrix()

    def write(self, members: Sequence[StaffMember], folder: Path | None = None) -> BadgePrint:
        """Write the badges of `members` (each once) into `folder`, default the print folder."""
        unique = list({m.id: m for m in members}.values())
        if not unique:
            raise UsageError("unknown_staff", staff_id="-")
        out = folder or self.print_folder
        try:
            files, sheets = write_badges(
                self.site_secret(), [(m.id, m.name, m.badge_version) for m in unique], out
            )
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StoreError("write_failed", path=str(out), reason=reason) from exc
        return BadgePrint(out, tuple(files), tuple(sheets))
