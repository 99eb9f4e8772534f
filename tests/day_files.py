"""Reading and writing day files by hand, as a test (or an attacker) does: one JSON event
per line (kiosk/store/day_file.py), or TinyDB's older `{"events": {...}}` document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_day_file(path: Path) -> list[dict[str, Any]]:
    """Every event in the file, in file order; [] when it does not exist."""
    if not path.exists():
        return []
    text = path.read_text("utf-8")
    if text.lstrip().startswith('{"events"'):
        table = json.loads(text)["events"]
        return [table[k] for k in sorted(table, key=int)]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_day_file(path: Path, events: list[dict[str, Any]]) -> None:
    """Write `events` as the kiosk would lay them out (keys sorted, one per line)."""
    lines = (
        json.dumps(e, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
        for e in events
    )
    path.write_text("".join(lines), "utf-8")


def write_legacy_day_file(path: Path, events: list[dict[str, Any]]) -> None:
    """Write `events` in the TinyDB format day files had before they were appended to."""
    table = {str(i): e for i, e in enumerate(events, 1)}
    text = json.dumps({"events": table}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text, "utf-8")
