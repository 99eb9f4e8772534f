"""Which months may be signed off: not one that ended before the kiosk kept any record (a
typo such as `--month 2026-1` for 2026-11 would otherwise freeze and send an empty month to
HR as if it had been approved), and the month's own status still answers for it."""

from __future__ import annotations

from pathlib import Path

from tests.month.month_support import month_kiosk


def test_a_month_before_the_first_day_of_records_is_not_signed_off(tmp_path: Path) -> None:
    kiosk = month_kiosk(tmp_path / "data")  # records begin on 2026-11-29
    for month in ("2026-10", "2026-1", "2025-11"):
        refused = kiosk("month", "approve", "--month", month, "--by", "L001", "--json")
        assert refused.exit_code == 3, (month, refused.stdout, refused.stderr)
        assert refused.json()["refused"] == "month_before_records"
    words = kiosk("month", "approve", "--month", "2026-10", "--by", "L001")
    assert "2026-11-29" in words.stderr and "2026-10" in words.stderr
    english = kiosk("month", "approve", "--month", "2026-10", "--by", "L001", lang="en")
    assert "2026-11-29" in english.stderr
    assert not (kiosk.data_dir / "months.json").exists()
    assert kiosk("month", "status", "--month", "2026-10").exit_code == 0
