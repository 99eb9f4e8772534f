"""Helpers shared by the CLI tests: the demo data folder, the day files, the config file.

`kiosk init --demo` hashes twelve PINs with scrypt (about 0.4 s), so the demo folder is
built once per test run by the real command and then copied into each test's own data
folder: every test still gets real, private TinyDB files.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kiosk.cli import cli
from tests.conftest import FAKE_NOW, SET_UP_NOW, CliResult, lead_pin_input
from tests.day_files import read_day_file

TODAY = date(2026, 11, 27)  # the Friday of FAKE_NOW
PUNCH_KEYS = {
    "staff_id",
    "name",
    "action",
    "at",
    "date",
    "shift",
    "late_minutes",
    "early_minutes",
    "worked_minutes",
}

# Night shift appended by tests that need a shift crossing midnight.
NIGHT_SHIFT = """
[[shifts]]
code = "D"
zh = "夜班"
en = "Night"
start = "22:00"
end = "06:00"
break_start = "02:00"
break_end = "02:30"
"""

_demo_template: Path | None = None


def install_demo(data_dir: Path) -> None:
    """Make `data_dir` what `kiosk init` at SET_UP_NOW and then `kiosk init --demo` at
    FAKE_NOW make (copied from one build): set up before every day a test closes, with the
    demo staff and FAKE_NOW's rest day and sick leave."""
    global _demo_template
    if _demo_template is None:
        root = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
        atexit.register(shutil.rmtree, root, True)
        folder = root / "data"
        for args, now in ((["init"], SET_UP_NOW), (["init", "--demo"], FAKE_NOW)):
            result = CliRunner().invoke(
                cli,
                ["--data-dir", str(folder), *args],
                env={"KIOSK_FAKE_NOW": now},
                catch_exceptions=False,
            )
            assert result.exit_code == 0, result.output
        _demo_template = folder
    shutil.copytree(_demo_template, data_dir, dirs_exist_ok=True)


def invoke(data_dir: Path, *args: str, now: str | None = FAKE_NOW) -> CliResult:
    """Run `kiosk` in-process without --lang (the configured, default language)."""
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data_dir), *args],
        input=lead_pin_input(args),
        env={"KIOSK_FAKE_NOW": now or ""},
        catch_exceptions=False,
    )
    return CliResult(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def one_json(result: CliResult) -> dict[str, Any]:
    """The single JSON object a `--json` command prints (and nothing else on stdout)."""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    body = json.loads(lines[0])
    assert isinstance(body, dict)
    return body


def day_events(data_dir: Path, day: date = TODAY) -> list[dict[str, Any]]:
    """Every event in the day file, as stored (corrected ones included)."""
    return read_day_file(data_dir / "days" / f"{day:%Y-%m}" / f"{day:%Y-%m-%d}.json")


def people(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "people.json").read_text("utf-8"))


def append_config(data_dir: Path, text: str) -> None:
    config = data_dir / "kiosk.toml"
    config.write_text(config.read_text("utf-8") + text, "utf-8")


def without_the_trail(data_dir: Path, signed_since: str) -> None:
    """The folder as a version before the audit trail left it: no trail, no audit mark in
    people.json or in the closes, signing begun on `signed_since` (chain.json)."""
    shutil.rmtree(data_dir / "audit", ignore_errors=True)
    people_path = data_dir / "people.json"
    stored = json.loads(people_path.read_text("utf-8"))
    stored.pop("audit_head", None)
    people_path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    (data_dir / "chain.json").write_text(json.dumps({"signed_since": signed_since}), "utf-8")
