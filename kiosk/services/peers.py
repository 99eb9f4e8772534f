"""What a kiosk may learn from the other kiosks of its department (the central database).

Kept as a protocol so the engine never depends on PostgreSQL: kiosk.central.feed provides
it when a `postgres` target is configured, and nothing does otherwise. Every method answers
from what can be reached right now and never raises; an unreachable database answers as if
the other kiosks had recorded nothing, and the kiosk goes on with its own records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from kiosk.errors import KioskError


class PeerPunches(Protocol):
    @property
    def reachable(self) -> bool:
        """False while the link rests after a failure (said on the kiosk's status line)."""
        ...

    @property
    def problem(self) -> KioskError | None:
        """Why the link last failed (unreachable, an old schema, a kiosk id taken)."""
        ...

    def peer_punches(self, staff_id: str, days: list[date]) -> dict[date, list[dict[str, Any]]]:
        """One person's punches at other kiosks on `days` (before deciding their punch)."""
        ...

    def day_punches(self, day: date) -> list[dict[str, Any]]:
        """Everyone's punches at other kiosks on `day` (for the board and the close)."""
        ...

    def push(self, events: list[dict[str, Any]]) -> bool:
        """Send this kiosk's new events now; False if they wait for the sync."""
        ...


def with_peers(
    events: Sequence[dict[str, Any]], elsewhere: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """This kiosk's events plus the other kiosks' not already among them (by id)."""
    if not elsewhere:
        return list(events)
    known = {e["id"] for e in events}
    return [*events, *(e for e in elsewhere if e["id"] not in known)]
