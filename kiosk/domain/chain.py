"""Tamper evidence for a day's events: each is chained to the one before it and signed.

Every event a kiosk writes carries `prev` (the `mac` of the event before it in its day
file, "" for the first) and `mac`, an HMAC-SHA256 over the event with the site's record
key. Editing an event breaks its mac; deleting one breaks the next event's `prev`;
inserting one (without the key) gives an event whose mac is wrong; re-ordering puts a
`prev` out of place. A close's own `prev` is the chain head it summarised. Pure: the key is
handed in, nothing is read here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Problem = Literal["edited", "inserted", "deleted_before", "reordered", "unsigned"]


def record_key(site_secret: bytes) -> bytes:
    """The records' own key, derived from the site key (badges use the site key itself)."""
    return hmac.new(site_secret, b"shift-kiosk records v1", hashlib.sha256).digest()


# json.dumps with these arguments builds this encoder at every call; the central report
# hashes every event of a month (millions), so it is built once.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(event: dict[str, Any]) -> bytes:
    """The bytes a mac covers: every field but the mac, in a fixed order."""
    body = dict(event)  # a copy (in C) without the mac; sort_keys orders it
    body.pop("mac", None)
    return _CANONICAL.encode(body).encode()


def mac_of(event: dict[str, Any], key: bytes) -> str:
    return hmac.digest(key, canonical(event), "sha256").hex()


_BLOCK = 64  # SHA-256's block size, as HMAC pads the key to it (RFC 2104)
_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


class Signer:
    """HMAC-SHA256 under one key, with the padded key hashed once: `hmac.digest` sets up
    the key for every message, which at 50,000 events a day costs more than the hashing.
    `hex(data)` equals `hmac.digest(key, data, "sha256").hex()` (tested)."""

    def __init__(self, key: bytes) -> None:
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        padded = key.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(padded.translate(_IPAD))
        self._outer = hashlib.sha256(padded.translate(_OPAD))

    def hex(self, data: bytes | memoryview, *more: bytes | memoryview) -> str:
        """The mac of `data` followed by `more` (as if joined)."""
        inner = self._inner.copy()
        inner.update(data)
        for part in more:
            inner.update(part)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


_HEX_MAC = re.compile(r"[0-9a-f]{64}")


def _line_mac(line: bytes, mac: str, signer: Signer) -> str | None:
    """The mac of `line` without its `,"mac":"…"` member: of the canonical form, if the
    line is how the kiosk writes an event (store/day_file.py event_line: the canonical JSON
    with the mac among the sorted keys); None when there is no such member, or the mac is
    not one the kiosk writes (64 hex digits: so the member can only be read as one)."""
    if not _HEX_MAC.fullmatch(mac):
        return None
    member = b',"mac":"' + mac.encode("ascii") + b'"'
    at = line.find(member)
    if at < 0:
        return None
    view = memoryview(line)
    return signer.hex(view[:at], view[at + len(member) :])


def mac_holds(event: dict[str, Any], signer: Signer, line: bytes | None = None) -> bool:
    """True when `event`'s mac is its own. `line`: the event's line as stored, if known.

    Encoding each event again for its canonical form is most of a day's check (50,000
    json.dumps at 5,000 staff), so the stored line is tried first: its bytes without the
    mac member. When those verify, they are the canonical form of a record the key's
    holder signed (every signed record is one, with no top-level mac), and the line is
    that text with a mac member added; such a member can only be added as one of the
    object's members (anywhere else the JSON would not parse), and a nested one would leave
    `event` with no top-level mac. So `event` is that record plus its mac, and the full
    check would give the same answer. Anything else (a line edited by hand, re-spaced,
    with escapes) is checked in full, as before."""
    mac = str(event["mac"])
    if line is not None:
        found = _line_mac(line, mac, signer)
        if found is not None and hmac.compare_digest(mac, found):
            return True
    return hmac.compare_digest(mac, signer.hex(canonical(event)))


def seal(event: dict[str, Any], previous: dict[str, Any] | None, key: bytes) -> None:
    """Link `event` after `previous` (the last event in its file, or None) and sign it, in
    place: the caller's dict is what is stored and sent on."""
    event.pop("mac", None)
    event["prev"] = str(previous.get("mac", "")) if previous else ""
    event["mac"] = mac_of(event, key)


def seal_line(event: dict[str, Any], previous: dict[str, Any] | None, key: bytes) -> bytes:
    """`seal`, returning the sealed event as its day file's line holds it (compact JSON,
    keys sorted, mac among them; store/day_file.py event_line, without the newline), from
    ONE encoding: the members before "mac" and those after are encoded apart, giving the
    canonical form (joined) and the line (the mac member between). A close's event
    carries 5,000 people: encoding it for the mac and again for the line cost a cold
    close at 5,000 staff some 60 ms. Same bytes as `event_line` (tested)."""
    event.pop("mac", None)
    event["prev"] = str(previous.get("mac", "")) if previous else ""
    if not all(type(name) is str for name in event):  # sort_keys decides: as `seal` does
        event["mac"] = mac_of(event, key)
        return _CANONICAL.encode(event).encode()
    head = _CANONICAL.encode({k: v for k, v in event.items() if k < "mac"}).encode()[:-1]
    tail = _CANONICAL.encode({k: v for k, v in event.items() if k > "mac"}).encode()[1:]
    joint = b"," if len(head) > 1 and len(tail) > 1 else b""
    mac = hmac.digest(key, head + joint + tail, "sha256").hex()
    event["mac"] = mac
    member = b'"mac":"' + mac.encode("ascii") + b'"'
    return (
        head + (b"," if len(head) > 1 else b"") + member + (b"," if len(tail) > 1 else b"") + tail
    )


@dataclass(frozen=True)
class ChainProblem:
    index: int  # the event's place in its file (0 = first)
    event_id: str
    problem: Problem


def verify_chain(
    events: Sequence[dict[str, Any]],
    key: bytes,
    start: str = "",
    known_good: int = 0,
    lines: Sequence[bytes | None] | None = None,
) -> list[ChainProblem]:
    """Every place the day's events are not as the kiosk wrote them, in file order.
    `start`: what the first event's `prev` must be ("" unless the chain goes on from an
    earlier file, as the audit trail does from month to month). `known_good`: how many
    leading events were verified before, unchanged since (the same records): their macs
    are not computed again, nor their links (the events after them are checked in full).
    `lines`: each event's line as stored, where known (see `mac_holds`)."""
    problems: list[ChainProblem] = []
    place: dict[str, int] | None = None  # mac -> index, built only when a link is off
    signer = Signer(key)
    for i in range(known_good, len(events)):
        # The first `known_good` events verified clean before: their links too, and a
        # link depends only on the events before it, so nothing there needs looking at.
        event = events[i]
        event_id = str(event.get("id", "?"))
        if "mac" not in event or "prev" not in event:
            problems.append(ChainProblem(i, event_id, "unsigned"))
            continue
        expected = str(events[i - 1].get("mac", "")) if i else start
        prev = str(event["prev"])
        if not mac_holds(event, signer, lines[i] if lines is not None else None):
            problems.append(ChainProblem(i, event_id, "edited" if prev == expected else "inserted"))
            continue
        if prev == expected:
            continue
        if place is None:
            macs = [str(e.get("mac", "")) for e in events]
            place = {mac: n for n, mac in enumerate(macs) if mac}
        if (prev in place and place[prev] > i) or prev == "":
            problems.append(ChainProblem(i, event_id, "reordered"))
        elif prev in place:
            continue  # the events between were inserted: each is reported above
        else:
            problems.append(ChainProblem(i, event_id, "deleted_before"))
    return problems


def head_signature(head: str, key: bytes) -> str:
    """Signs "these records include the trail up to the entry whose mac is `head`": kept
    beside the records, so a trail cut short or deleted, or a head copied from elsewhere,
    shows."""
    return hmac.new(key, b"audit head v1|" + head.encode(), hashlib.sha256).hexdigest()


def chain_head(events: Sequence[dict[str, Any]]) -> str:
    return str(events[-1].get("mac", "")) if events else ""


LinkProblem = Literal["forked", "deleted_before"]


@dataclass(frozen=True)
class LinkBreak:
    event_id: str
    problem: LinkProblem


def verify_links(events: Sequence[dict[str, Any]]) -> list[LinkBreak]:
    """Where events held without the key (the central database) do not form one unbroken
    chain: an event whose `prev` is not among them was preceded by one now missing; two
    events after the same one mean one was inserted. Order does not matter here."""
    macs = {str(e.get("mac", "")) for e in events}
    followers: dict[str, list[str]] = {}
    problems = []
    for event in events:
        prev, event_id = str(event.get("prev", "")), str(event.get("id", "?"))
        followers.setdefault(prev, []).append(event_id)
        if prev and prev not in macs:
            problems.append(LinkBreak(event_id, "deleted_before"))
    for ids in followers.values():
        if len(ids) > 1:
            problems.extend(LinkBreak(event_id, "forked") for event_id in ids)
    return problems
