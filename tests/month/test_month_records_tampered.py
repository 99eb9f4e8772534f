"""months.json changed behind the kiosk's back must not re-open a signed-off month quietly:
a record slipped in or edited is refused wherever the sign-off is asked (every change to a
day, the month's status), and `kiosk verify` names the file; a sign-off that the audit
trail has but months.json no longer has (the file deleted, its last record cut off) is
named by `kiosk verify`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.month.month_support import MONTH, MonthKiosk, month_kiosk, with_open_items

LATER = "2026-12-01T09:00:00"
ROSTER_CHANGE = ("roster", "set", "1002", "2026-11-29", "rest", "--by", "L001", "--reason", "调休")


def signed_off(tmp_path: Path) -> MonthKiosk:
    kiosk = month_kiosk(tmp_path / "data")
    with_open_items(kiosk)
    assert (
        kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open").exit_code == 0
    )
    return kiosk


def test_a_reopening_slipped_into_months_json_is_refused_and_named(tmp_path: Path) -> None:
    kiosk = signed_off(tmp_path)
    path = kiosk.data_dir / "months.json"
    data = json.loads(path.read_text("utf-8"))
    data["records"]["2"] = {
        "type": "month_reopened", "month": MONTH, "revision": 1, "by": "L001",
        "at": "2026-12-01T08:30:00+08:00", "reason": "改一下",
    }  # fmt: skip
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    days_before = (kiosk.data_dir / "days" / MONTH / "2026-11-29.json").read_bytes()

    changed = kiosk(*ROSTER_CHANGE, now=LATER)
    assert changed.exit_code == 4, (changed.stdout, changed.stderr)
    assert "months.json" in changed.stderr
    assert (kiosk.data_dir / "days" / MONTH / "2026-11-29.json").read_bytes() == days_before
    status = kiosk("month", "status", "--month", MONTH, "--json", now=LATER)
    assert status.exit_code == 4 and status.json()["error"] == "months_tampered"
    english = kiosk("month", "status", "--month", MONTH, now=LATER, lang="en")
    assert "months.json" in english.stderr and "kiosk verify" in english.stderr

    checked = kiosk("verify", "--json", now=LATER)
    assert checked.exit_code == 4
    assert checked.json()["months"]["problems"] == [{"index": 1, "problem": "unsigned"}]
    words = kiosk("verify", now=LATER)
    assert "months.json" in words.stdout


def test_an_approval_edited_in_months_json_is_refused(tmp_path: Path) -> None:
    kiosk = signed_off(tmp_path)
    path = kiosk.data_dir / "months.json"
    data = json.loads(path.read_text("utf-8"))
    data["records"]["1"]["month"] = "2026-10"  # November "no longer" signed off
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    changed = kiosk(*ROSTER_CHANGE, now=LATER)
    assert changed.exit_code == 4 and "months.json" in changed.stderr


def test_verify_names_a_sign_off_that_months_json_lost(tmp_path: Path) -> None:
    kiosk = signed_off(tmp_path)
    path = kiosk.data_dir / "months.json"
    assert kiosk("verify", now=LATER).exit_code == 0
    reopened = kiosk("month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "补录签退")
    assert reopened.exit_code == 0
    whole = path.read_bytes()

    # The re-opening cut off: the chain alone cannot see a missing last record.
    data = json.loads(whole)
    del data["records"]["2"]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    cut = kiosk("verify", "--json", now=LATER)
    assert cut.exit_code == 4
    assert cut.json()["months"]["gone"] == [
        {"type": "month_reopened", "month": MONTH, "revision": 1}
    ]

    # The whole file deleted: both sign-off records are named, in words too.
    path.unlink()
    gone = kiosk("verify", "--json", now=LATER)
    assert gone.exit_code == 4
    assert [(g["type"], g["revision"]) for g in gone.json()["months"]["gone"]] == [
        ("month_approved", 1),
        ("month_reopened", 1),
    ]
    words = kiosk("verify", now=LATER)
    assert words.exit_code == 4 and "2026-11" in words.stdout and "months.json" in words.stdout

    path.write_bytes(whole)
    assert kiosk("verify", now=LATER).exit_code == 0


def test_the_running_kiosk_reports_a_damaged_months_json_instead_of_failing_its_tick(
    tmp_path: Path,
) -> None:
    """The automatic close asks the sign-off of every recent day: a months.json that cannot
    be trusted is the tick's problem (shown to the lead), not an exception out of it."""
    from datetime import datetime

    from kiosk.cli import wire_services
    from kiosk.clock import FixedClock
    from tests.sync.sync_support import TZ

    kiosk = signed_off(tmp_path)
    path = kiosk.data_dir / "months.json"
    data = json.loads(path.read_text("utf-8"))
    data["records"]["1"]["revision"] = 2
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    clock = FixedClock(datetime(2026, 12, 1, 21, tzinfo=TZ))
    done = wire_services(kiosk.data_dir, clock=clock).end_of_day.close_due()
    assert [p.code for p in done.problems] == ["months_tampered"]
    assert done.closes == ()


def test_a_deleted_months_json_does_not_reopen_the_month(tmp_path: Path) -> None:
    """The audit trail still holds the approval: the month's days stay frozen (exit 4, the
    file named), approving it again is refused too, and December carries on."""
    kiosk = signed_off(tmp_path)
    path = kiosk.data_dir / "months.json"
    whole = path.read_bytes()
    path.unlink()
    changed = kiosk(*ROSTER_CHANGE, now=LATER)
    assert changed.exit_code == 4, (changed.stdout, changed.stderr)
    assert "months.json" in changed.stderr and "2026-11" in changed.stderr
    again = kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open")
    assert again.exit_code == 4 and not path.exists()
    december = kiosk("roster", "set", "1002", "2026-12-05", "rest", "--by", "L001", now=LATER)
    assert december.exit_code == 0, december.stderr
    english = kiosk(*ROSTER_CHANGE, now=LATER, lang="en")
    assert "lost" in english.stderr and "kiosk verify" in english.stderr

    path.write_bytes(whole)  # put back: frozen as signed off, in words
    refused = kiosk(*ROSTER_CHANGE, now=LATER)
    assert refused.exit_code == 3 and "2026-11 已经月结" in refused.stderr
