"""The month sign-off through the real `kiosk` command: refused with the open list, approved,
every kind of day change refused, re-opened with a reason, revision 2, and its sending to a
folder and a real HTTP server on 127.0.0.1 (one of them down for a while)."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from kiosk.domain.month_signoff import canonical_json
from tests.month.month_support import (
    AFTER,
    LAST_DAY,
    MONTH,
    fix_the_items,
    month_kiosk,
    with_open_items,
)
from tests.sync.http_server import Receiver
from tests.sync.sync_support import TOKEN, TOKEN_ENV, folder_target, http_target

LATER = "2026-12-01T09:00:00"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


def records(data_dir: Path) -> dict:
    """people.json's records and trail mark (the PIN checks' counters aside)."""
    stored = json.loads((data_dir / "people.json").read_text("utf-8"))
    return {t: stored.get(t) for t in ("staff", "roster", "leave", "audit_head")}


def month_keys(receiver: Receiver) -> list[str]:
    return [k for k in receiver.keys() if ":month:" in k]  # noqa: SIM118 (not a dict)


def test_refused_with_the_open_list_then_approved_frozen_reopened_and_sent_once(
    tmp_path: Path, receiver: Receiver
) -> None:
    targets = folder_target("exports/outbox") + http_target(receiver.url, retries=0)
    kiosk = month_kiosk(tmp_path / "data", targets, {TOKEN_ENV: TOKEN})

    # Not before the month's last day has passed.
    early = kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--json", now=LAST_DAY)
    assert early.exit_code == 3 and early.json()["refused"] == "month_not_over"

    # Nothing closed yet: the two days are open.
    refused = kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--json")
    assert refused.exit_code == 3
    assert [(i["kind"], i["date"]) for i in refused.json()["open_items"]] == [
        ("day_not_closed", "2026-11-29"),
        ("day_not_closed", "2026-11-30"),
    ]
    leave_id = with_open_items(kiosk)

    # In words, without --json: the list on stdout, the sentence on stderr, exit 3.
    words = kiosk("month", "approve", "--month", MONTH, "--by", "L001")
    assert words.exit_code == 3
    assert "2026-11-29 刘敏(1004):电话请假,手续还没补办" in words.stdout
    assert "2026-11-30 张丽(1001):没有签退" in words.stdout
    assert "2026-11-30 张丽(1001):仪容仪表没有检查" in words.stdout
    assert "--accept-open" in words.stderr
    assert not (kiosk.data_dir / "months.json").exists()

    # Accepted explicitly: revision 1, the accepted list kept with it.
    approved = kiosk.json("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open")
    assert approved["revision"] == 1 and approved["approved_by"] == "L001"
    assert [i["kind"] for i in approved["accepted_open"]] == [
        "leave_paperwork_pending",
        "no_checkout",
        "appearance_unchecked",
    ]
    # Anyone holding the month JSON export recomputes the checksum.
    export = kiosk("export", "--month", MONTH, "--format", "json")
    figures = json.loads(export.stdout)
    assert approved["checksum"] == hashlib.sha256(canonical_json(figures)).hexdigest()

    # Every kind of day change is refused, naming the month and how to re-open it.
    changes = (
        ("punch", "1001", "--by", "L001", "--at", "2026-11-30T18:05", "--reason", "忘记签退",
         "--action", "check_out", "--date", "2026-11-30"),
        ("roster", "set", "1002", "2026-11-29", "rest", "--by", "L001", "--reason", "调休"),
        ("leave", "add", "1003", "sick", "2026-11-30", "2026-12-02", "--by", "L001"),
        ("leave", "done", leave_id, "--by", "L001"),
        ("check", "1001", "--by", "L001", "--date", "2026-11-30"),
        ("incident", "1001", "uniform_outside", "--by", "L001", "--at", "2026-11-30T12:30"),
        ("staff", "set", "1003", "--shift", "B", "--from", "2026-11-20", "--by", "L001"),
        ("staff", "end", "1005", "--from", "2026-11-30", "--by", "L001"),
    )  # fmt: skip
    before = {p.name: p.read_bytes() for p in (kiosk.data_dir / "days" / MONTH).glob("*.json")}
    people_before = records(kiosk.data_dir)
    for args in changes:
        result = kiosk(*args, now=LATER)
        assert result.exit_code == 3, (args, result.stdout, result.stderr)
        assert "2026-11 已经月结" in result.stderr and "kiosk month reopen" in result.stderr
    english = kiosk(*changes[1], now=LATER, lang="en")
    assert "2026-11 is signed off" in english.stderr and "kiosk month reopen" in english.stderr
    after = {p.name: p.read_bytes() for p in (kiosk.data_dir / "days" / MONTH).glob("*.json")}
    assert after == before and records(kiosk.data_dir) == people_before
    # A change to a day of December is not held up.
    assert (
        kiosk("roster", "set", "1002", "2026-12-02", "rest", "--by", "L001", now=LATER).exit_code
        == 0
    )

    # Re-opened: the reason must be words; it is on the audit trail.
    slip = kiosk("month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "25:99")
    assert slip.exit_code == 2
    reopened = kiosk.json(
        "month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "补录张丽的签退", now=LATER
    )
    assert reopened["type"] == "month_reopened" and reopened["revision"] == 1
    trail = kiosk.json("audit", "--month", "2026-12")["entries"]
    kinds = [(e["type"], e["by"], e.get("why")) for e in trail]
    assert ("month_approved", "L001", "") in kinds
    assert ("month_reopened", "L001", "补录张丽的签退") in kinds

    # Fixed, then approved with nothing open: revision 2, the HTTP server down meanwhile.
    fix_the_items(kiosk, leave_id, now=LATER)
    assert kiosk.json("month", "status", "--month", MONTH)["open_items"] == []
    receiver.stop()
    second = kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--json", now=LATER)
    assert second.exit_code == 0, second.stderr
    assert second.json()["revision"] == 2 and second.json()["accepted_open"] == []
    assert month_keys(receiver) == ["desk-1:month:2026-11:r1"]  # r2 not through yet
    pending = kiosk("sync", "--json", now=LATER)
    assert pending.exit_code == 4
    http = next(t for t in pending.json()["targets"] if t["kind"] == "http")
    assert http["months_pending"] == [{"month": MONTH, "revision": 2}]

    receiver.start()
    assert kiosk("sync", now=LATER).exit_code == 0
    assert kiosk("sync", now=LATER).exit_code == 0  # nothing more to send
    assert month_keys(receiver) == ["desk-1:month:2026-11:r1", "desk-1:month:2026-11:r2"]
    [body] = [
        r.json()
        for r in receiver.requests
        if r.headers["Idempotency-Key"] == month_keys(receiver)[1]
    ]
    assert body["approval"]["revision"] == 2 and body["approval"]["approved_by"] == "L001"
    assert body["approval"]["checksum"] == second.json()["checksum"]
    figures = {k: v for k, v in body.items() if k != "approval"}
    assert hashlib.sha256(canonical_json(figures)).hexdigest() == body["approval"]["checksum"]

    # The folder has the month's files, private, the approval's JSON naming revision 2.
    months = kiosk.data_dir / "exports" / "outbox" / "months"
    names = sorted(p.name for p in months.iterdir())
    assert names == [
        "2026-11_desk-1.approval.json",
        "2026-11_desk-1.csv",
        "2026-11_desk-1.json",
        "2026-11_desk-1.totals.csv",
        "2026-11_desk-1.xlsx",
    ]
    for path in months.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads((months / "2026-11_desk-1.approval.json").read_text())["revision"] == 2
    month_json = kiosk("export", "--month", MONTH, "--format", "json", now=LATER).stdout
    assert (months / "2026-11_desk-1.json").read_text("utf-8") == month_json
    totals = kiosk("export", "--month", MONTH, "--totals", now=LATER).stdout
    assert (months / "2026-11_desk-1.totals.csv").read_text("utf-8") == totals
    # The 考勤表's title says which approval it is.
    book = openpyxl.load_workbook(months / "2026-11_desk-1.xlsx")
    subtitle = str(book.worksheets[0]["A2"].value)
    assert "已审批 第2版 L001" in subtitle, subtitle

    # History in status; and the records still verify (trail, days, sign-offs).
    status = kiosk.json("month", "status", "--month", MONTH, now=LATER)
    assert status["approved"] is True and status["approval"]["revision"] == 2
    assert [r["type"] for r in status["history"]] == [
        "month_approved",
        "month_reopened",
        "month_approved",
    ]
    assert kiosk("verify", now=LATER).exit_code == 0


def test_approving_twice_or_reopening_an_open_month_is_refused(tmp_path: Path) -> None:
    kiosk = month_kiosk(tmp_path / "data")
    with_open_items(kiosk)
    not_approved = kiosk("month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "错了")
    assert not_approved.exit_code == 3
    assert (
        kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open").exit_code == 0
    )
    twice = kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open", "--json")
    assert twice.exit_code == 3 and twice.json()["refused"] == "month_already_signed_off"
    control = kiosk("month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "错\x1b[2K了")
    assert control.exit_code == 2
    wrong_pin = kiosk.__class__(kiosk.data_dir)
    del wrong_pin  # the PIN is asked as for every --by: a staff member is no lead
    staff = kiosk("month", "approve", "--month", MONTH, "--by", "1001", "--json")
    assert staff.exit_code == 2 and staff.json()["error"] == "not_a_lead"


def test_the_running_kiosk_does_not_try_to_close_a_day_of_a_signed_off_month(
    tmp_path: Path,
) -> None:
    """A day accepted as not closed stays so: the kiosk's own closing skips it quietly."""
    from kiosk.cli import wire_services
    from kiosk.clock import FixedClock
    from tests.sync.sync_support import TZ

    kiosk = month_kiosk(tmp_path / "data")
    assert kiosk("punch", "1001", now="2026-11-30T07:55:00").exit_code == 0
    assert (
        kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open").exit_code == 0
    )
    from datetime import datetime

    services = wire_services(kiosk.data_dir, clock=FixedClock(datetime(2026, 12, 1, 8, tzinfo=TZ)))
    done = services.end_of_day.close_due()
    assert done.problems == () and done.closes == ()
    assert AFTER.startswith("2026-12-01")
