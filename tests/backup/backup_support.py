"""Helpers of the backup tests: a data folder with staff, and what a folder holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kiosk.cli import cli, wire_services

FAKE_NOW = "2026-11-27T07:55:00"  # a Friday; shift A checks in from 07:00
SET_UP_NOW = "2026-11-01T07:00:00"


def run(folder: Path, *args: str, now: str = FAKE_NOW, lang: str = "en") -> Any:
    """`kiosk` in-process; returns click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(
        cli, ["--data-dir", str(folder), "--lang", lang, *args], env={"KIOSK_FAKE_NOW": now}
    )


def folder_with_staff(folder: Path, staff_ids: list[str]) -> Path:
    """`kiosk init` at SET_UP_NOW, then the staff imported (shift A, no PINs)."""
    assert run(folder, "init", now=SET_UP_NOW).exit_code == 0
    csv = folder.parent / f"{folder.name}-staff.csv"
    rows = [f"{sid},Person {sid},A,mon,0," for sid in staff_ids]
    csv.write_text("id,name,shift,rest_day,lead,pin\n" + "\n".join(rows) + "\n", "utf-8")
    result = run(folder, "staff", "import", str(csv))
    assert result.exit_code == 0, result.output
    return folder


def event_ids(folder: Path) -> set[str]:
    """Every event id in every day file of `folder` (read by the real store)."""
    store = wire_services(folder, source="cli").store
    return {e["id"] for day in store.days.days() for e in store.days.events(day)}


def verify_json(folder: Path) -> dict[str, Any]:
    """`kiosk verify --json` with the folder's own path taken out, to compare two folders."""
    result = run(folder, "verify", "--json")
    text = result.stdout.replace(str(folder), "DATA")
    return {"exit": result.exit_code, "report": json.loads(text)}
