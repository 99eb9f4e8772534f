"""Each desk's day checked when it arrives, not when the month is reported (issue 15).

A first report of a month of 20 desks x 500 staff spent minutes reading, hashing, chaining
and judging again 2.5 million events. The uploader holds the very records it sends, so it
checks its desk's part of the date (central/desk_check.py's `check_desk`, the same code the
report runs: hashes, chain, the close judged again by the rules engine) as the close goes
in, and the close row carries the result with what it covers: how many event rows, and a
digest of their ids and hashes (`row_digest`; schema migration 8).

The report takes that part instead of checking the desk again only when, in its snapshot:
- it was made with this software, shift times and rules (report_days.made_with);
- the date's event rows of that desk still give that count and digest, computed in SQL
  (`_ARRIVED`): a row slipped in or removed, or a body rewritten with its hash recomputed,
  as an editor of the database would, changes the digest;
- no row of that desk and date was ever changed or deleted (`desk_edits`, written by a
  trigger whoever changes a row: a body edited without its hash recomputed, or the close
  itself edited, shows there).
Anything else checks the desk from its rows as before, so every finding the report made
from the rows it still makes. A desk whose rows give the count it checked but another
digest was rewritten in the database: `rows_rewritten` says so, even where the rewrite
changed no figure (the check from the rows could not tell).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kiosk.central.desk_check import DeskCheck, check_desk, desk_from_text, desk_text
from kiosk.central.integrity import CentralProblem
from kiosk.central.report import StoredClose, StoredEvent
from kiosk.central.report_days import _person, _person_row
from kiosk.central.upload import event_hash
from kiosk.domain.summary import DaySummary

if TYPE_CHECKING:
    import psycopg

    from kiosk.services.board import BoardService

# The digest as SQL computes it: ids in byte order (COLLATE "C", Python's str order for
# these ids), "id hash" lines joined by newlines, sha256 of the UTF-8, in hex.
_ARRIVED = """
    WITH newest AS (
        SELECT DISTINCT ON (kiosk_id) kiosk_id, desk_check, checked_with, checked_events,
            checked_digest
        FROM day_closes WHERE attendance_date = %(day)s ORDER BY kiosk_id, revision DESC
    ), found AS (
        SELECT kiosk_id, count(*) AS rows, encode(sha256(convert_to(string_agg(
            event_id || ' ' || coalesce(hash, ''), E'\\n' ORDER BY event_id COLLATE "C"),
            'UTF8')), 'hex') AS digest
        FROM events WHERE attendance_date = %(day)s
            AND kiosk_id IN (SELECT kiosk_id FROM newest WHERE desk_check IS NOT NULL)
        GROUP BY kiosk_id
    )
    SELECT n.kiosk_id, n.desk_check, coalesce(f.rows, 0) = n.checked_events,
        coalesce(f.digest, '') = n.checked_digest,
        EXISTS (SELECT 1 FROM desk_edits d
                WHERE d.attendance_date = %(day)s AND d.kiosk_id = n.kiosk_id)
    FROM newest n LEFT JOIN found f USING (kiosk_id)
    WHERE n.desk_check IS NOT NULL AND n.checked_with = %(made_with)s
"""


@dataclass(frozen=True)
class Arrival:
    """A desk's part of a date as checked on arrival, and what it covers."""

    desk_check: str  # desk_check.desk_text
    made_with: str  # report_days.made_with of the uploader
    events: int
    digest: str


def row_digest(rows: Iterable[tuple[str, str | None]]) -> str:
    """The digest of (event id, hash) rows, as `_ARRIVED` computes it in SQL."""
    lines = sorted(f"{event_id} {stored or ''}" for event_id, stored in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def arrival_check(
    summary: dict[str, Any],
    events: list[dict[str, Any]],
    chain_head: str,
    board: BoardService,
    made_with: str,
) -> Arrival:
    """The desk's part of the close's date from the events sent with it, as the report
    would check it from those rows (in the report's order: recorded_at, then id)."""
    kiosk_id = str(summary["kiosk_id"])
    day = date.fromisoformat(str(summary["date"]))
    hashed = [(e, event_hash(e)) for e in events]
    ordered = sorted(hashed, key=lambda pair: (str(pair[0].get("recorded_at")), str(pair[0]["id"])))
    own = [StoredEvent(kiosk_id, e, h, str(e["id"])) for e, h in ordered]
    close = StoredClose(kiosk_id, summary, chain_head)
    desk = check_desk(day, kiosk_id, own, close, DaySummary.from_json(summary), board)
    digest = row_digest((str(e["id"]), h) for e, h in hashed)
    return Arrival(desk_text(desk, _person_row), made_with, len(events), digest)


class Arrivals:
    """The desks' parts of a date checked on arrival, as the report may take them."""

    def __init__(self, conn: psycopg.Connection, made_with: str) -> None:
        self.conn = conn
        self.made_with = made_with
        row = conn.execute(
            "SELECT to_regclass('desk_edits') IS NOT NULL AND "
            "has_table_privilege('desk_edits', 'SELECT')"
        ).fetchone()
        self.readable = bool(row and row[0])

    def checked(self, day: date) -> tuple[dict[str, DeskCheck], list[CentralProblem]]:
        """The desks whose part holds (see the module docstring), and a `rows_rewritten`
        finding for each desk whose rows were rewritten; call it in the report's
        snapshot."""
        if not self.readable:
            return {}, []
        found: dict[str, DeskCheck] = {}
        rewritten = []
        asked = {"day": day, "made_with": self.made_with}
        for kiosk, text, same_count, same_digest, edited in self.conn.execute(_ARRIVED, asked):
            if same_count and not same_digest:
                rewritten.append(CentralProblem(day, str(kiosk), "rows_rewritten"))
            if not (same_count and same_digest) or edited:
                continue
            try:
                desk = desk_from_text(text, _person)
            except (AttributeError, IndexError, KeyError, TypeError, ValueError):
                continue  # a part that does not read: the desk is checked from its rows
            if desk.kiosk_id == kiosk:
                found[str(kiosk)] = desk
        return found, rewritten
