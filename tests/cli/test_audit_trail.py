"""The audit trail (issue 12, finding 6): every change to staff, rosters, leave, PINs and
badges is appended with who, when, from where and why; people.json changed behind the
kiosk's back, or the trail itself edited, is named by `kiosk verify`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from kiosk.domain.chain import seal
from tests.cli.cli_helpers import install_demo, invoke
from tests.conftest import KioskRunner
from tests.day_files import read_day_file, write_day_file

DAY = "2026-11-27"
LATER = "2026-11-28T09:30:00"


def entries(kiosk: KioskRunner, *args: str) -> list[dict[str, Any]]:
    result = kiosk("audit", "--json", *args, now=LATER)
    assert result.exit_code == 0, result.stderr
    return result.json()["entries"]


def a_closed_day(kiosk: KioskRunner) -> None:
    for who, at in (("1002", "07:55"), ("1002", "18:05")):
        assert kiosk("punch", who, "--at", f"{DAY}T{at}", now=f"{DAY}T{at}:00").exit_code == 0
    assert kiosk("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0


def people_file(data_dir: Path) -> Path:
    return data_dir / "people.json"


def trail_file(data_dir: Path) -> Path:
    (path,) = sorted((data_dir / "audit").glob("*.json"))[-1:]
    return path


def test_a_roster_change_after_the_close_is_in_the_trail_with_who_when_and_why(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    a_closed_day(demo_kiosk)
    changed = demo_kiosk(
        "roster", "set", "1002", DAY, "rest", "--by", "L001", "--reason", "换休 approved",
        "--json", now=LATER,
    )  # fmt: skip
    assert changed.exit_code == 0, changed.stderr
    assert "revision 2" in changed.stderr + changed.stdout  # the closed day closed again

    last = entries(demo_kiosk, "--staff", "1002")[-1]
    assert last["type"] == "roster_set"
    assert (last["staff_id"], last["date"], last["before"], last["shift"]) == (
        "1002", DAY, None, "rest",
    )  # fmt: skip
    assert last["by"] == "L001" and last["via"] == "cli" and last["account"]
    assert last["why"] == "换休 approved"
    assert last["at"] == "2026-11-28T09:30:00+08:00"
    again = demo_kiosk("roster", "set", "1002", DAY, "A", "--by", "L001", now=LATER)
    assert again.exit_code == 0
    assert entries(demo_kiosk, "--staff", "1002")[-1]["before"] == "rest"  # nothing lost

    table = demo_kiosk("audit", "--date", "2026-11-28", now=LATER)
    assert "L001" in table.stdout and "换休 approved" in table.stdout
    assert demo_kiosk("verify", now=LATER).exit_code == 0


def test_a_wrong_pin_changes_nothing_and_adds_nothing(demo_kiosk: KioskRunner) -> None:
    before = entries(demo_kiosk)
    refused = demo_kiosk(
        "roster", "set", "1002", DAY, "rest", "--by", "L001", "--json", stdin="0000\n", now=LATER
    )
    assert refused.exit_code == 3 and refused.json()["refused"] == "wrong_pin"
    assert entries(demo_kiosk) == before
    plan = demo_kiosk("roster", "show", "--date", DAY, "--json", now=LATER).json()["roster"]
    assert next(p for p in plan if p["staff_id"] == "1002")["plan"] == "shift"


def test_every_kind_of_change_is_appended_never_edited_in_place(
    demo_kiosk: KioskRunner, tmp_path: Path
) -> None:
    start = len(entries(demo_kiosk))
    csv = tmp_path / "staff.csv"
    csv.write_text("id,name,shift,rest_day,lead,pin\n1001,张伟伟,B,mon,0,4321\n", "utf-8")
    same = tmp_path / "same.csv"  # the same person as now stored, and no PIN column
    same.write_text("id,name,shift,rest_day,lead\n1001,张伟伟,B,mon,0\n", "utf-8")
    added = demo_kiosk(
        "leave", "add", "1003", "sick", "2026-11-30", "--phoned", "--by", "L001", "--json",
        now=LATER,
    )  # fmt: skip
    leave_id = added.json()["leave_id"]
    for args in (
        ("leave", "done", leave_id, "--by", "L001"),
        ("staff", "add", "2001", "周芳", "--shift", "A", "--rest-day", "sun", "--by", "L001"),
        ("staff", "import", str(csv), "--by", "L001"),
        ("staff", "revoke-badge", "1004", "--by", "L001"),
        ("staff", "import", str(same)),  # nothing changes: no entry
    ):
        assert demo_kiosk(*args, now=LATER).exit_code == 0, args
    found = entries(demo_kiosk)[start:]
    assert [e["type"] for e in found] == [
        "leave_added", "leave_paperwork_done", "staff_saved", "staff_saved", "badge_revoked",
    ]  # fmt: skip
    assert all(e["by"] == "L001" for e in found)
    imported = found[3]
    assert imported["staff"][0]["name"] == "张伟伟" and imported["pin_changed"] == ["1001"]
    assert "pin_hash" not in json.dumps(found)  # a PIN hash never goes into the trail
    assert found[4]["badge_version"] == 2
    assert demo_kiosk("verify", now=LATER).exit_code == 0


def test_people_json_changed_behind_the_kiosks_back_is_named(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    stored = json.loads(people_file(data_dir).read_text("utf-8"))
    override = next(iter(stored["roster"].values()))
    override["shift"] = "A"  # a rest day turned into a shift, by hand
    lead = next(r for r in stored["staff"].values() if r["id"] == "1005")
    lead["lead"] = True  # someone made themselves a lead
    people_file(data_dir).write_text(json.dumps(stored, ensure_ascii=False), "utf-8")

    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    differs = result.json()["audit"]["people_differs"]
    assert {(d["table"], d["key"]) for d in differs} == {
        ("roster", f"{override['staff_id']} {override['date']}"),
        ("staff", "1005"),
    }
    text = demo_kiosk("verify", now=LATER)
    assert "people.json: roster override" in text.stdout


def test_an_edited_or_deleted_trail_entry_is_named(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    path = trail_file(data_dir)
    original = path.read_text("utf-8")
    stored = json.loads(original)
    roster_entry = next(e for e in stored["entries"].values() if e["type"] == "roster_set")
    roster_entry["by"] = "L001"  # "the lead did it"
    path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    problems = result.json()["audit"]["problems"]
    assert [p["problem"] for p in problems] == ["edited"]
    assert problems[0]["path"] == str(path)

    stored = json.loads(original)
    del stored["entries"][
        next(k for k, e in stored["entries"].items() if e["type"] == "roster_set")
    ]
    path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    problems = demo_kiosk("verify", "--json", now=LATER).json()["audit"]["problems"]
    assert "deleted_before" in {p["problem"] for p in problems}


def drop_last_entries(data_dir: Path, count: int) -> None:
    path = trail_file(data_dir)
    stored = json.loads(path.read_text("utf-8"))
    for key in sorted(stored["entries"], key=int)[-count:]:
        del stored["entries"][key]
    path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")


def test_stopped_between_the_records_and_the_trail_nothing_is_lost(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """people.json is written first, with the sealed entry; the kiosk killed before the
    trail was: verify stays calm, and the next change puts the entry on the trail."""
    assert demo_kiosk("roster", "set", "1006", DAY, "C", now=LATER).exit_code == 0
    drop_last_entries(data_dir, 1)  # as if the trail's write never happened
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 0, result.stdout
    assert result.json()["audit"]["pending"]["staff_id"] == "1006"
    assert demo_kiosk("roster", "set", "1007", DAY, "B", now=LATER).exit_code == 0
    found = [(e["type"], e.get("staff_id")) for e in entries(demo_kiosk)[-2:]]
    assert found == [("roster_set", "1006"), ("roster_set", "1007")]
    assert demo_kiosk("verify", now=LATER).exit_code == 0


def test_an_older_people_json_put_back_is_named_not_taken_for_a_crash(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """Found by review: a copy from just before the newest change, put back by hand."""
    before = people_file(data_dir).read_bytes()
    changed = demo_kiosk("roster", "set", "1003", DAY, "B", "--by", "L001", now=LATER)
    assert changed.exit_code == 0
    people_file(data_dir).write_bytes(before)
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    assert result.json()["audit"]["head_problem"] == "people_behind"


def test_a_forged_entry_signed_without_the_key_is_named(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    path = trail_file(data_dir)
    stored = json.loads(path.read_text("utf-8"))
    last = list(stored["entries"].values())[-1]
    forged = {"id": "forged", "type": "roster_set", "at": last["at"], "by": "L001",
              "via": "kiosk", "account": "x", "why": "", "staff_id": "1006", "date": DAY,
              "shift": "rest", "before": None}  # fmt: skip
    seal(forged, last, b"not the key" * 3)
    stored["entries"][str(len(stored["entries"]) + 1)] = forged
    path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    problems = demo_kiosk("verify", "--json", now=LATER).json()["audit"]["problems"]
    # its place in the chain is right, its signature is not: named as not as written
    assert [(p["event_id"], p["problem"]) for p in problems] == [("forged", "edited")]


def edit_people(data_dir: Path, change: Any) -> None:
    stored = json.loads(people_file(data_dir).read_text("utf-8"))
    change(stored)
    people_file(data_dir).write_text(json.dumps(stored, ensure_ascii=False), "utf-8")


def test_deleting_the_trail_does_not_turn_the_check_off(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    a_closed_day(demo_kiosk)  # the close keeps the audit entry the records stood at
    shutil.rmtree(data_dir / "audit")
    edit_people(data_dir, lambda p: next(iter(p["roster"].values())).update(shift="A"))
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    assert result.json()["audit"]["head_problem"] == "trail_missing"

    edit_people(data_dir, lambda p: p.pop("audit_head"))  # and its mark in people.json too
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4  # the signed close still names the entry it saw
    assert [d["date"] for d in result.json()["audit"]["trail_gone"]] == [DAY]


def test_undoing_the_newest_change_by_hand_is_not_taken_for_a_crash(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    assert demo_kiosk("staff", "revoke-badge", "1001", now=LATER).exit_code == 0

    def old_badge_again(p: dict[str, Any]) -> None:
        next(r for r in p["staff"].values() if r["id"] == "1001")["badge_version"] = 1

    edit_people(data_dir, old_badge_again)
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    assert [(d["table"], d["key"]) for d in result.json()["audit"]["people_differs"]] == [
        ("staff", "1001")
    ]
    assert demo_kiosk("roster", "set", "1002", DAY, "B", now=LATER).exit_code == 0
    assert "change_voided" not in [e["type"] for e in entries(demo_kiosk)]
    assert demo_kiosk("verify", now=LATER).exit_code == 4


def test_cutting_entries_from_the_end_of_the_trail_is_named(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    drop_last_entries(data_dir, 2)  # the demo's roster override and leave
    edit_people(data_dir, lambda p: p["leave"].clear())  # and the leave it recorded
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    assert result.json()["audit"]["head_problem"] == "head_unknown"


def test_a_closes_audit_mark_is_checked_for_every_revision(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """Found by review: a later re-close must not hide that an earlier one saw entries the
    trail has lost."""
    a_closed_day(demo_kiosk)
    shutil.rmtree(data_dir / "audit")
    edit_people(data_dir, lambda p: p.pop("audit_head"))
    demo_kiosk("roster", "set", "1007", DAY, "rest", now=LATER)  # re-closes the day
    result = demo_kiosk("verify", "--json", now=LATER)
    assert result.exit_code == 4
    assert [d["date"] for d in result.json()["audit"]["trail_gone"]] == [DAY]


def test_a_later_signed_since_does_not_pass_a_stripped_day_as_unsigned(tmp_path: Path) -> None:
    """Found by review: chain.json is not signed; the trail keeps when signing began."""
    data = tmp_path / "data"
    install_demo(data)  # `init --demo` on 2026-11-27: signed since that day
    for who, at in (("1002", "07:55"), ("1002", "18:05")):
        assert (
            invoke(data, "punch", who, "--at", f"{DAY}T{at}", now=f"{DAY}T{at}:00").exit_code == 0
        )
    assert invoke(data, "day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    (data / "chain.json").write_text('{"signed_since": "2026-12-01"}', "utf-8")
    day = data / "days" / "2026-11" / f"{DAY}.json"
    stored = read_day_file(day)
    for event in stored:
        for field in ("mac", "prev", "audit_head"):
            event.pop(field, None)
    write_day_file(day, stored)
    assert invoke(data, "verify", now=LATER).exit_code == 4


def test_a_clock_put_back_across_a_month_keeps_the_trail_in_one_chain(
    demo_kiosk: KioskRunner,
) -> None:
    assert (
        demo_kiosk(
            "roster", "set", "1001", "2026-12-03", "rest", now="2026-12-02T08:00:00"
        ).exit_code
        == 0
    )
    assert (
        demo_kiosk("roster", "set", "1003", "2026-12-04", "B", now="2026-11-30T23:59:00").exit_code
        == 0
    )
    assert demo_kiosk("verify", now="2026-12-02T09:00:00").exit_code == 0
