"""A signed-off month as the sync targets receive it: the approval and the month's files.

Built by the month sign-off service when a sync run sends it (the month is frozen while it
is approved, so its files are the figures the checksum covers), handed to each target's
`deliver_month`. `MONTH_FILE_FORMATS` is the one list of the files a month is sent as.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.domain.month_signoff import MonthApproval

# The files of ExportService.month a folder target receives, by file suffix, in writing
# order (the approval's own JSON is written after them, last): the 考勤表 workbook, the day
# rows' CSV, the totals' CSV and the month JSON. Add one here and every folder target gets it.
TOTALS_CSV = "totals.csv"
MONTH_FILE_FORMATS: tuple[str, ...] = ("xlsx", "csv", TOTALS_CSV, "json")


@dataclass(frozen=True)
class MonthPackage:
    approval: MonthApproval
    figures: dict[str, Any]  # the month JSON export, parsed (what the checksum covers)
    files: tuple[tuple[str, bytes], ...]  # (format, bytes) per MONTH_FILE_FORMATS

    @property
    def stem(self) -> str:
        """`2026-11_desk-1`: the month and the kiosk, as day files name theirs."""
        return f"{self.approval.month}_{self.approval.kiosk_id}"

    @property
    def idempotency_key(self) -> str:
        a = self.approval
        return f"{a.kiosk_id}:month:{a.month}:r{a.revision}"

    def to_json(self) -> dict[str, Any]:
        """The month JSON with the approval beside its figures: the checksum is sha256 of
        the canonical JSON of this object without its `approval` key."""
        return self.figures | {"approval": self.approval.to_json()}


class MonthSource(Protocol):
    """What a sync run asks about the months it queued (the month sign-off service)."""

    def current_revision(self, month: str) -> int | None:
        """The revision of the approval in force, None while the month is open."""
        ...

    def package(self, month: str) -> MonthPackage:
        """The month in force, ready to send; KioskError if it cannot be built."""
        ...
