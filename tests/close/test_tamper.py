"""Tampering is evident (issue 12, finding 5): a check-in moved from 08:20 to 07:58, a
deleted punch, a fake event with a fresh UUID, two events swapped, or an edited close
summary is named by `kiosk verify` (exit 4), and close, export and sync refuse the day."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.cli_helpers import install_demo, invoke, without_the_trail
from tests.day_files import read_day_file, write_day_file
from tests.sync.sync_support import folder_target

DAY = "2026-11-27"
Events = dict[str, dict[str, Any]]


def a_closed_day(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    install_demo(data)
    with (data / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(folder_target("outbox"))
    for who, hhmm in (("1002", "08:20"), ("1001", "07:55"), ("1001", "18:02")):
        assert invoke(data, "punch", who, "--at", f"{DAY}T{hhmm}").exit_code == 0
    assert invoke(data, "day", "close", "--date", DAY).exit_code == 0
    return data


def day_file(data: Path) -> Path:
    return data / "days" / "2026-11" / f"{DAY}.json"


def rewrite(data: Path, change: Callable[[Events], None]) -> None:
    path = day_file(data)
    events = {str(i): e for i, e in enumerate(read_day_file(path), 1)}
    change(events)
    write_day_file(path, [events[k] for k in sorted(events, key=int)])


def punches(events: Events) -> list[str]:
    return [k for k, e in events.items() if e["type"] == "punch"]


def move_check_in(events: Events) -> None:
    first = events[punches(events)[0]]
    first["at"] = f"{DAY}T07:58:00+08:00"  # 1002 "on time"


def delete_punch(events: Events) -> None:
    del events[punches(events)[1]]


def insert_fake(events: Events) -> None:
    fake = dict(events[punches(events)[0]])
    fake |= {"id": str(uuid.uuid4()), "staff_id": "1008", "at": f"{DAY}T07:50:00+08:00"}
    events[str(max(int(k) for k in events) + 1)] = fake


def swap(events: Events) -> None:
    one, two = punches(events)[:2]
    events[one], events[two] = events[two], events[one]


def forge_summary(events: Events) -> None:
    close = next(e for e in events.values() if e["type"] == "day_closed")
    person = next(p for p in close["summary"]["people"] if p["staff_id"] == "1002")
    person["late_minutes"], person["flags"] = 0, []


TAMPERING = {
    "edited": (move_check_in, "edited"),
    "deleted": (delete_punch, "deleted_before"),
    "inserted": (insert_fake, "inserted"),
    "reordered": (swap, "reordered"),
    "forged_summary": (forge_summary, "edited"),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_tampering_is_named_and_the_day_refused(tmp_path: Path, kind: str) -> None:
    data = a_closed_day(tmp_path)
    assert invoke(data, "verify").exit_code == 0
    change, problem = TAMPERING[kind]
    rewrite(data, change)
    before = day_file(data).read_bytes()

    report = invoke(data, "verify", "--json")
    assert report.exit_code == 4
    body = json.loads(report.stdout)
    assert body["ok"] is False
    [day] = body["days"]
    assert problem in {p["problem"] for p in day["problems"]}
    assert day["path"].endswith(f"{DAY}.json")

    with (data / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(folder_target("outbox-2"))  # a new target: the day is pending for it
    for args in (
        ["day", "close", "--date", DAY],
        ["export", "--date", DAY],
        ["export", "--month", "2026-11"],
        ["sync"],
    ):
        refused = invoke(data, "--lang", "en", *args)
        assert refused.exit_code == 4, args
        assert f"{DAY}.json" in refused.stderr + refused.stdout, args
    assert day_file(data).read_bytes() == before  # nothing rewritten, by verify or anyone
    assert not list((data / "outbox-2").glob("*"))  # the forged day never reached the share


def test_days_written_before_signing_are_named_not_refused(tmp_path: Path) -> None:
    data = a_closed_day(tmp_path)
    without_the_trail(data, "2026-11-28")

    def strip(events: Events) -> None:  # as a kiosk before this version wrote it
        for event in events.values():
            event.pop("mac"), event.pop("prev"), event.pop("audit_head", None)

    rewrite(data, strip)
    result = invoke(data, "--lang", "en", "verify")
    assert result.exit_code == 0 and "written before records were signed" in result.stdout
    (data / "chain.json").write_text('{"signed_since": "2026-11-01"}', "utf-8")
    assert invoke(data, "verify").exit_code == 4  # since signing began: unsigned is forged


def test_a_person_renamed_after_the_close_does_not_fail_verify(tmp_path: Path) -> None:
    data = a_closed_day(tmp_path)
    csv = tmp_path / "rename.csv"
    csv.write_text("id,name,shift,rest_day,lead,pin\n1002,李娜娜,A,tue,0,1002\n", "utf-8")
    assert invoke(data, "staff", "import", str(csv)).exit_code == 0
    assert invoke(data, "verify").exit_code == 0
