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
    body = {k: v for k, v in event.items() if k != "mac"}
    return _CANONICAL.encode(body).encode()


def mac_of(event: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, canonical(event), hashlib.sha256).hexdigest()


def seal(event: dict[str, Any], previous: dict[str, Any] | None, key: bytes) -> None:
    """Link `event` after `previous` (the last event in its file, or None) and sign it, in
    place: the caller's dict is what is stored and sent on."""
    event.pop("mac", None)
    event["prev"] = str(previous.get("mac", "")) if previous else ""
    event["mac"] = mac_of(event, key)


@dataclass(frozen=True)
class ChainProblem:
    index: int  # the event's place in its file (0 = first)
    event_id: str
    problem: Problem


def verify_chain(
    events: Sequence[dict[str, Any]], key: bytes, start: str = "", known_good: int = 0
) -> list[ChainProblem]:
    """Every place the day's events are not as the kiosk wrote them, in file order.
    `start`: what the first event's `prev` must be ("" unless the chain goes on from an
    earlier file, as the audit trail does from month to month). `known_good`: how many
    leading events were verified before, unchanged since (the same records): their macs
    are not computed again, nor their links (the events after them are checked in full)."""
    problems: list[ChainProblem] = []
    place: dict[str, int] | None = None  # mac -> index, built only when a link is off
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
        if not hmac.compare_digest(str(event["mac"]), mac_of(event, key)):
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
