"""The chain check hashes each event's stored line instead of encoding the event again
(issue 15, domain.chain.mac_holds): for any line, edited or not, that gives exactly the
full check's answer. The prepared HMAC (`Signer`) equals the standard library's."""

from __future__ import annotations

import hmac
import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.chain import Signer, seal, verify_chain
from kiosk.errors import StoreError
from kiosk.services.records_check import RecordsCheck
from kiosk.store.day_file import event_line
from kiosk.store.days import DayStore

KEY = b"k" * 32
DAY = date(2026, 11, 30)


@pytest.mark.parametrize("size", [0, 1, 16, 32, 63, 64, 65, 100, 200])
def test_the_prepared_hmac_is_hmac_sha256(size: int) -> None:
    rng = random.Random(size)
    key = rng.randbytes(size)
    signer = Signer(key)
    for length in (0, 1, 55, 64, 400, 5000):
        data = rng.randbytes(length)
        assert signer.hex(data) == hmac.new(key, data, "sha256").hexdigest()


def sealed_day(n: int = 6) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for i in range(n):
        event: dict[str, Any] = {
            "id": f"e{i}",
            "type": "incident",
            "staff_id": "1001",
            "date": DAY.isoformat(),
            "at": f"2026-11-30T08:{i:02d}:00+08:00",
            "note": "顾客投诉",
            "extra": {"fine": 5, "list": [1, 2]},
        }
        seal(event, events[-1] if events else None, KEY)
        events.append(event)
    return events


def line_of(event: dict[str, Any]) -> bytes:
    return event_line(event)[:-1]


def _mac_member(event: dict[str, Any]) -> bytes:
    return b',"mac":"' + event["mac"].encode() + b'"'


def variants(event: dict[str, Any]) -> dict[str, bytes]:
    """Lines that still parse, each a different way of storing or changing `event`."""
    line = line_of(event)
    member = _mac_member(event)
    without = line.replace(member, b"")
    nested = without.replace(b'"list":[1,2]', b'"list":[1,2]' + member)
    return {
        "as written": line,
        "re-spaced": json.dumps(event, ensure_ascii=False, sort_keys=True).encode(),
        "escaped": line.replace("顾".encode(), b"\\u987e"),
        "mac first": b'{"mac":"' + event["mac"].encode() + b'",' + without[1:],
        "mac nested": nested,
        "mac dropped": without,
        "edited": line.replace(b"08:0", b"07:0", 1),
        "key repeated": line[:-1] + b',"at":"2026-11-30T06:00:00+08:00"}',
        "mac twice": line[:-1] + member + b"}",
        "mac upper": line.replace(event["mac"].encode(), event["mac"].upper().encode()),
        "trailing space": line + b" ",
    }


@pytest.mark.parametrize("kind", list(variants(sealed_day()[2])))
def test_any_stored_line_gives_the_full_checks_answer(kind: str) -> None:
    events = sealed_day()
    line = variants(events[2])[kind]
    read = [*events[:2], json.loads(line), *events[3:]]
    lines: list[bytes | None] = [line_of(e) for e in read]
    lines[2] = line
    full = verify_chain(read, KEY)
    assert verify_chain(read, KEY, lines=lines) == full
    same = ("as written", "re-spaced", "escaped", "mac first", "mac twice", "trailing space")
    assert (full == []) == (kind in same)  # those parse to the event as it was signed


def test_through_the_day_file_random_byte_edits_give_the_full_answer(tmp_path: Path) -> None:
    store = DayStore(tmp_path, key=lambda: KEY)
    checked = RecordsCheck(lambda: KEY, lambda: None, store.lines)
    plain = RecordsCheck(lambda: KEY, lambda: None)
    path = store.path_for(DAY)
    path.parent.mkdir(parents=True)
    events = sealed_day(12)
    good = b"".join(event_line(e) for e in events)
    rng = random.Random(15)
    outcomes = set()
    for _ in range(300):
        raw = bytearray(good)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(raw))
            raw[at : at + 1] = rng.choice([b"", b"0", b"a", b" ", bytes([raw[at] ^ 1])])
        path.write_bytes(bytes(raw))
        try:
            read = store.events(DAY)
        except StoreError:  # a line that no longer parses: refused, fine
            continue
        fast = checked.check(DAY, path, read)
        assert fast == plain.check(DAY, path, read)
        assert fast.problems == tuple(verify_chain(read, KEY))
        outcomes.add(fast.ok)
    assert outcomes == {True, False}  # some edits only touched whitespace or a blank line
