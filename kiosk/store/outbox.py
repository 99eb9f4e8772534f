"""sync.json: the sync ledger. Which closed days wait to be sent, and what each target took.

Three small tables, all keyed by plain strings so the file stays readable for IT:

- `days`: the newest revision of each closed day that should go out (`date`, `revision`).
- `acks`: per target and day, the newest revision the target acknowledged (`target`,
  `date`, `revision`, `at`). A revision is recorded here only after the target said yes,
  and a lower revision never replaces a higher one, so nothing is marked synced early and
  an old version is never sent after a newer one arrived.
- `targets`: per target, the last attempt, the last success and the last error (as an
  error code and its parameters, translated when shown, so the lead reads their language).

What is pending for a target is derived, not stored: every day whose queued revision is
higher than the one the target acknowledged. The summaries themselves stay in the day files;
the ledger only names them. Every change is one atomic write under the file's lock, like
every other store file; `running()` is a second lock that lets only one sync run at a time
across processes (the kiosk's hourly run and a `kiosk sync` typed at the shell).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from kiosk.errors import StoreError
from kiosk.store.atomic import FILE_MODE, write_error
from kiosk.store.datafile import DataFile, Tables, make_folder

OUTBOX_FILE = "sync.json"
DAYS, ACKS, TARGETS = "days", "acks", "targets"
# Signed-off months (kiosk.services.month_signoff), queued and acknowledged like days.
MONTHS, MONTH_ACKS = "months", "month_acks"
_FIELDS: dict[str, dict[str, type]] = {
    DAYS: {"date": str, "revision": int},
    ACKS: {"target": str, "date": str, "revision": int},
    TARGETS: {"target": str},
    MONTHS: {"month": str, "revision": int},
    MONTH_ACKS: {"target": str, "month": str, "revision": int},
}


def check_outbox(path: Path, data: Tables) -> None:
    """Refuse a damaged ledger with its name instead of a KeyError during a sync."""
    for table, fields in _FIELDS.items():
        for doc_id, row in data.get(table, {}).items():
            problem = None
            for key, kind in fields.items():
                value = row.get(key)
                if not isinstance(value, kind) or isinstance(value, bool) or value == "":
                    problem = f"missing {key}"
                    break
            if problem is None and "date" in fields:
                try:
                    date.fromisoformat(row["date"])
                except ValueError:
                    problem = "bad date"
            if problem is None and not _error_shape_ok(row.get("error")):
                problem = "bad error"
            if problem:
                detail = f"{table} #{doc_id}: {problem}"
                raise StoreError("corrupt_record", path=str(path), detail=detail)


def _error_shape_ok(error: Any) -> bool:
    """A target's last error is None or {"code": str, "params": dict}."""
    if error is None:
        return True
    return (
        isinstance(error, dict)
        and isinstance(error.get("code"), str)
        and isinstance(error.get("params"), dict)
    )


def _find(data: Tables, table: str, **key: Any) -> dict[str, Any] | None:
    for row in data.get(table, {}).values():
        if all(row.get(k) == v for k, v in key.items()):
            return row
    return None


def _put(data: Tables, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Add `row` with the next free TinyDB document id; returns it for further changes."""
    rows = data.setdefault(table, {})
    next_id = max((int(k) for k in rows), default=0) + 1
    rows[str(next_id)] = row
    return row


class Outbox:
    """The sync ledger of one data directory."""

    def __init__(self, path: Path) -> None:
        self.file = DataFile(path, validate=check_outbox)
        self._run_lock = FileLock(str(path.with_name(f".{path.name}.run.lock")), mode=FILE_MODE)

    @property
    def path(self) -> Path:
        return self.file.path

    # -- the queue --------------------------------------------------------------------------

    def enqueue(self, day: date, revision: int, at: datetime) -> bool:
        """Queue `revision` of `day`; True if it is newer than what was queued before.

        Queuing the same or an older revision again changes nothing, so calling this after
        every close (even one that stored nothing new) is harmless.
        """

        def change(data: Tables) -> bool:
            row = _find(data, DAYS, date=day.isoformat())
            if row is None:
                row = _put(data, DAYS, {"date": day.isoformat(), "revision": 0})
            if row["revision"] >= revision:
                return False
            row.update(revision=revision, enqueued_at=_iso(at))
            return True

        if self.queued().get(day, 0) >= revision:
            return False  # the common case (closing twice) costs no write
        return self.file.rewrite(change)

    def queued(self) -> dict[date, int]:
        """Every day ever queued, with its newest revision."""
        return {date.fromisoformat(row["date"]): row["revision"] for row in self.file.rows(DAYS)}

    def acknowledged(self, target: str) -> dict[date, int]:
        """The newest revision `target` acknowledged, per day."""
        return {
            date.fromisoformat(row["date"]): row["revision"]
            for row in self.file.rows(ACKS)
            if row["target"] == target
        }

    def pending(self, target: str) -> list[tuple[date, int]]:
        """(day, revision) still to send to `target`, oldest day first."""
        acked = self.acknowledged(target)
        return sorted((d, r) for d, r in self.queued().items() if r > acked.get(d, 0))

    # -- signed-off months, queued and acknowledged as days are ----------------------------

    def enqueue_month(self, month: str, revision: int, at: datetime) -> bool:
        """Queue `revision` of `month`'s approval; True if newer than what was queued."""

        def change(data: Tables) -> bool:
            row = _find(data, MONTHS, month=month)
            if row is None:
                row = _put(data, MONTHS, {"month": month, "revision": 0})
            if row["revision"] >= revision:
                return False
            row.update(revision=revision, enqueued_at=_iso(at))
            return True

        if self.months_queued().get(month, 0) >= revision:
            return False
        return self.file.rewrite(change)

    def months_queued(self) -> dict[str, int]:
        return {row["month"]: row["revision"] for row in self.file.rows(MONTHS)}

    def months_acknowledged(self, target: str) -> dict[str, int]:
        return {
            row["month"]: row["revision"]
            for row in self.file.rows(MONTH_ACKS)
            if row["target"] == target
        }

    def months_pending(self, target: str) -> list[tuple[str, int]]:
        """(month, revision) still to send to `target`, oldest month first."""
        acked = self.months_acknowledged(target)
        return sorted((m, r) for m, r in self.months_queued().items() if r > acked.get(m, 0))

    def acknowledge_month(self, target: str, month: str, revision: int, at: datetime) -> None:
        def change(data: Tables) -> None:
            row = _find(data, MONTH_ACKS, target=target, month=month)
            if row is None:
                row = _put(data, MONTH_ACKS, {"target": target, "month": month, "revision": 0})
            if revision > row["revision"]:
                row.update(revision=revision, at=_iso(at))
            state = self._state_row(data, target)
            state.update(last_attempt=_iso(at), last_success=_iso(at), error=None)

        self.file.rewrite(change)

    # -- outcomes ---------------------------------------------------------------------------

    def acknowledge(self, target: str, day: date, revision: int, at: datetime) -> None:
        """`target` confirmed `revision` of `day`: record it (never lowering a revision)."""

        def change(data: Tables) -> None:
            row = _find(data, ACKS, target=target, date=day.isoformat())
            if row is None:
                row = _put(data, ACKS, {"target": target, "date": day.isoformat(), "revision": 0})
            if revision > row["revision"]:
                row.update(revision=revision, at=_iso(at))
            state = self._state_row(data, target)
            state.update(last_attempt=_iso(at), last_success=_iso(at), error=None)

        self.file.rewrite(change)

    def record_failure(self, target: str, at: datetime, code: str, params: dict[str, Any]) -> None:
        """Keep the last error of `target` (code and plain parameters) for the status."""

        def change(data: Tables) -> None:
            plain = {k: v for k, v in params.items() if isinstance(v, str | int | float)}
            state = self._state_row(data, target)
            state.update(last_attempt=_iso(at), error={"code": code, "params": plain})

        self.file.rewrite(change)

    def record_attempt(self, target: str, at: datetime) -> None:
        """A run that found nothing to send for `target` still clears its old error."""

        def change(data: Tables) -> None:
            self._state_row(data, target).update(last_attempt=_iso(at), error=None)

        if self.state(target).get("error") is not None:
            self.file.rewrite(change)

    def state(self, target: str) -> dict[str, Any]:
        """{"last_attempt", "last_success", "error": {"code", "params"} | None} of `target`."""
        row = next((r for r in self.file.rows(TARGETS) if r["target"] == target), {})
        return {
            "last_attempt": row.get("last_attempt"),
            "last_success": row.get("last_success"),
            "error": row.get("error"),
        }

    def inherit(self, old: str, new: str) -> bool:
        """Hand what the ledger holds for target `old` to `new` (a target renamed), in one
        write: its acknowledgements, never lowering one `new` has already, and its last
        attempt, success and error unless `new` has its own. True if `old` had anything."""

        def held(data: Tables) -> bool:
            return any(
                row["target"] == old for t in (ACKS, TARGETS) for row in data.get(t, {}).values()
            )

        def change(data: Tables) -> bool:
            if not held(data):
                return False  # another process inherited it first
            acks = data.get(ACKS, {})
            for doc_id, row in list(acks.items()):
                if row["target"] != old:
                    continue
                mine = _find(data, ACKS, target=new, date=row["date"])
                if mine is None:
                    row["target"] = new
                    continue
                if row["revision"] > mine["revision"]:
                    mine.update(revision=row["revision"], at=row.get("at"))
                del acks[doc_id]
            states = data.get(TARGETS, {})
            for doc_id, row in list(states.items()):
                if row["target"] != old:
                    continue
                if _find(data, TARGETS, target=new) is None:
                    row["target"] = new
                else:
                    del states[doc_id]
            return True

        if not held(self.file.tables()):
            return False  # the common case (nothing to inherit) costs no write
        return self.file.rewrite(change)

    @staticmethod
    def _state_row(data: Tables, target: str) -> dict[str, Any]:
        return _find(data, TARGETS, target=target) or _put(data, TARGETS, {"target": target})

    # -- one run at a time ------------------------------------------------------------------

    @contextmanager
    def running(self) -> Iterator[None]:
        """Hold the run lock, so two processes never send the same day at the same moment;
        StoreError `sync_busy` at once if another run holds it."""
        try:
            make_folder(self.path.parent)
            self._run_lock.acquire(timeout=0)
        except Timeout:
            raise StoreError("sync_busy", path=str(self.path)) from None
        except OSError as exc:
            raise write_error(exc, self.path) from exc
        try:
            yield
        finally:
            self._run_lock.release()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
