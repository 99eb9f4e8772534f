"""A person's pinyin sort key is worked out when their name is written and kept with them
(issue 15, faster faces): `kiosk staff list` then sorts without loading pypinyin, whose
dictionaries cost most of the command. A folder written before the key existed, or a name
edited by hand, still sorts by pinyin: the key is used only while it names the stored name.
Behaviour tests on real folders; no timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.domain.names import name_order
from tests.cli.cli_helpers import install_demo, invoke, people

PROBE = """
import sys
from kiosk.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\nPYPINYIN", "pypinyin" in sys.modules)
"""


def listed(folder: Path) -> tuple[list[str], bool]:
    """The names `kiosk staff list` prints, in order, and whether it loaded pypinyin."""
    env = {**os.environ, "KIOSK_FAKE_NOW": "2026-11-27T07:55:00"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(folder), "staff", "list"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    flag = [row for row in lines if row.startswith("PYPINYIN ")]
    assert flag, done.stdout + done.stderr
    names = [row.split()[1] for row in lines[2:] if row.strip() and row[0].isdigit()]
    return names, flag[-1].endswith("True")


def staff_rows(folder: Path) -> list[dict]:
    return list(people(folder)["staff"].values())


def rewrite_staff(folder: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = folder / "people.json"
    data = json.loads(path.read_text("utf-8"))
    for row in data["staff"].values():
        change(row)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_every_written_name_keeps_its_pinyin_key(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)  # an import of the demo CSV
    added = invoke(folder, "staff", "add", "3001", "单丽", "--shift", "A", "--rest-day", "sun")
    assert added.exit_code == 0, added.stderr
    for row in staff_rows(folder):
        assert row["name_order"] == {"of": row["name"], "pinyin": list(name_order(row["name"]))}
    renamed = invoke(folder, "staff", "set", "3001", "--name", "黎明")
    assert renamed.exit_code == 0, renamed.stderr
    row = next(r for r in staff_rows(folder) if r["id"] == "3001")
    assert row["name_order"] == {"of": "黎明", "pinyin": ["li2", "ming2"]}


def test_the_list_sorts_by_the_stored_keys_without_pypinyin(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    names, loaded = listed(folder)
    assert not loaded
    assert names == sorted(names, key=name_order) and len(names) >= 5


def test_a_folder_without_keys_or_with_a_stale_one_still_sorts_by_pinyin(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    expected, _ = listed(folder)
    rewrite_staff(folder, lambda row: row.pop("name_order"))  # written before the keys
    assert listed(folder) == (expected, True)

    install_demo(folder)  # the keys back; one name then edited by hand in people.json
    first = next(r for r in staff_rows(folder) if r["name"] == expected[0])

    def rename(row: dict) -> None:
        if row["id"] == first["id"]:
            row["name"] = "邹" + row["name"][1:]  # zou: last, whatever the stale key says

    rewrite_staff(folder, rename)
    names, loaded = listed(folder)
    assert loaded and names[-1] == "邹" + expected[0][1:]
    assert names == sorted(names, key=name_order)
