"""A day file's lines read with json's scanner directly (store/day_file.py `_event`) give
exactly what json.loads gave each line: the same events, or the same refusal, for lines
spaced, re-encoded, marked, escaped or broken in every way tried here."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.errors import StoreError
from kiosk.store.day_file import event_line
from kiosk.store.days import DayStore

DAY = date(2026, 11, 30)
EVENT = {"id": "e1", "type": "punch", "staff_id": "1001", "date": "2026-11-30",
         "action": "check_in", "at": "2026-11-30T08:00:00+08:00", "note": "张丽"}  # fmt: skip
GOOD = event_line(EVENT).rstrip(b"\n")

LINES = {
    "as written": GOOD,
    "spaces before": b"  " + GOOD,
    "spaces after": GOOD + b"  ",
    "tab and cr": b"\t" + GOOD + b"\r",
    "byte-order mark": b"\xef\xbb\xbf" + GOOD,
    "utf-16": json.dumps(EVENT, ensure_ascii=False).encode("utf-16"),
    "utf-16-le": json.dumps(EVENT).encode("utf-16-le"),
    "escaped": GOOD.replace("张".encode(), b"\\u5f20"),
    "lone surrogate": GOOD.replace("张".encode(), b"\xed\xa0\x80"),
    "escaped surrogate": GOOD.replace("张".encode(), b"\\ud800"),
    "not utf-8": GOOD.replace("张".encode(), b"\xd5\xc5"),
    "nan and big": GOOD[:-1] + b',"x":NaN,"y":123456789012345678901234567890}',
    "big alone": GOOD[:-1] + b',"y":123456789012345678901234567890}',  # orjson: a float
    "big negative": GOOD[:-1] + b',"y":[-9223372036854775809]}',
    "long digits in text": GOOD[:-1] + b',"y":"12345678901234567890"}',
    "key twice": GOOD[:-1] + b',"at":"2026-11-30T09:00:00+08:00"}',
    "two values": GOOD + b" " + GOOD,
    "extra data": GOOD + b"]",
    "a list": b"[" + GOOD + b"]",
    "unicode space": GOOD + "\u3000".encode(),
    "cut": GOOD[:-5],
}


def as_json_loads_read(lines: list[bytes]) -> list[dict[str, object]] | None:
    """What the reader made of these lines before: json.loads on each (None: refused)."""
    events = []
    for line in lines:
        if not line.strip():
            continue
        try:
            found = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(found, dict):
            return None
        events.append(found)
    return events


@pytest.mark.parametrize("kind", list(LINES))
def test_each_line_reads_as_json_loads_read_it(kind: str, tmp_path: Path) -> None:
    lines = [GOOD.replace(b'"e1"', b'"e0"'), LINES[kind], GOOD.replace(b'"e1"', b'"e2"')]
    store = DayStore(tmp_path)
    path = store.path_for(DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\n".join(lines) + b"\n")
    expected = as_json_loads_read(lines)
    if expected is None:
        with pytest.raises(StoreError):
            store.events(DAY)
        return
    got = store.events(DAY)
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert [type(v) for e in got for v in e.values()] == [
        type(v) for e in expected for v in e.values()
    ]
