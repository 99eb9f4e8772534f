"""Guards around the whole command: demo data never lands on real data, piping output,
encodings a Windows editor produces, impossible dates, what start-up cleans."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.store.site import Store
from tests.cli.cli_helpers import day_events, one_json, people
from tests.conftest import KioskRunner


def test_demo_data_never_overwrites_real_staff(kiosk: KioskRunner, data_dir: Path) -> None:
    assert kiosk("staff", "add", "1001", "真人", "--shift", "C", "--rest-day", "fri").exit_code == 0
    before = (data_dir / "people.json").read_bytes()
    result = kiosk("init", "--demo", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "demo_needs_empty"
    assert (data_dir / "people.json").read_bytes() == before
    assert people(data_dir)["staff"]["1"]["name"] == "真人"


def test_a_reader_that_leaves_early_is_not_a_failure(
    data_dir: Path, demo_kiosk: KioskRunner
) -> None:
    # `true` exits without reading, long before kiosk (150 ms to start) writes a byte.
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    script = (
        f"'{sys.executable}' -m kiosk --data-dir '{data_dir}' staff list | true;"
        " echo ${PIPESTATUS[0]}"
    )
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert proc.stdout.strip() == "0"
    assert proc.stderr == ""


def test_a_config_saved_with_a_bom_loads(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    config = data_dir / "kiosk.toml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes())
    assert demo_kiosk("punch", "1001", "--json").exit_code == 0


def test_an_impossible_year_is_bad_input(demo_kiosk: KioskRunner) -> None:
    result = demo_kiosk("punch", "1001", "--at", "0001-01-01T08:00", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "bad_datetime"


def test_start_up_cleans_only_the_stores_own_temp_files(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    badges = data_dir / "badges"
    badges.mkdir()
    foreign = badges / ".1001.png.123.abcd.tmp"  # another writer's, not under a store lock
    foreign.write_bytes(b"half a badge")
    ours = data_dir / "days" / "2026-11" / ".2026-11-27.json.123.abcd.tmp"
    ours.parent.mkdir(parents=True)
    ours.write_bytes(b"{")
    removed = Store(data_dir).open()
    assert removed == [ours]
    assert foreign.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", None), ("badge_version", "x"), ("lead", "yes"), ("shift", "")],
)
def test_a_damaged_staff_record_names_people_json(
    demo_kiosk: KioskRunner, data_dir: Path, field: str, value: object
) -> None:
    path = data_dir / "people.json"
    data = json.loads(path.read_text("utf-8"))
    row = next(iter(data["staff"].values()))
    if value is None:
        del row[field]
    else:
        row[field] = value
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    before = path.read_bytes()
    for args in (
        ("staff", "list"),
        ("punch", "1001"),
        ("badges", "--out", str(data_dir.parent / "b")),
    ):
        result = demo_kiosk(*args)
        assert result.exit_code == 4, args
        assert str(path) in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_damaged_leave_date_names_people_json(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    path = data_dir / "people.json"
    data = json.loads(path.read_text("utf-8"))
    next(iter(data["leave"].values()))["from"] = "2026-11-3"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = demo_kiosk("punch", "1001")
    assert result.exit_code == 4
    assert str(path) in result.stderr and "Traceback" not in result.stderr


def test_an_import_on_a_full_disk_stores_no_row(data_dir: Path, demo_kiosk: KioskRunner) -> None:
    rows = "".join(f"{3000 + n},员工{n},A,mon,0,\n" for n in range(300))
    csv_file = data_dir.parent / "many.csv"
    csv_file.write_text(
        "id,name,shift,rest_day,lead,pin\n" + rows, "utf-8-sig"
    )  # CSV UTF-8, as Excel saves it
    people_file = data_dir / "people.json"
    before = people_file.read_bytes()

    def limit() -> None:  # the file may grow by 8 KiB: not enough for 300 more people
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = len(before) + 8192
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--data-dir",
            str(data_dir),
            "staff",
            "import",
            str(csv_file),
        ],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limit,
        timeout=60,
    )
    assert proc.returncode == 4, proc.stderr
    assert people_file.read_bytes() == before


def test_an_import_without_a_lead_column_keeps_the_leads(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    csv_file = data_dir.parent / "no-lead.csv"
    csv_file.write_text("工号,姓名,班次,休息日\nL001,孙主任,A,周日\n", "utf-8")
    assert demo_kiosk("staff", "import", str(csv_file)).exit_code == 0
    leads = [r for r in one_json(demo_kiosk("staff", "list", "--json"))["staff"] if r["lead"]]
    assert [r["staff_id"] for r in leads] == ["L001"]


def test_a_punch_typed_at_the_shell_is_marked_as_such(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    punch_id = one_json(demo_kiosk("punch", "1001", "--json"))["id"]
    events = {e["id"]: e for e in day_events(data_dir)}
    assert events[punch_id]["source"] == "cli"
