"""One TinyDB file with a cross-process lock around every read-modify-write.

TinyDB caches each table's next document id, so two processes (a second kiosk, a CLI, a
browser session) writing one file lose each other's writes even behind a lock. Here every
write opens a fresh TinyDB inside the lock, so it reads the file as it is now, and closes it
before the lock is released. Reads need no lock: `os.replace` makes every file whole.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB

from kiosk.errors import StoreError
from kiosk.store.atomic import (
    FILE_MODE,
    FOLDER_MODE,
    AtomicJSONStorage,
    dump_tables,
    read_json,
    write_atomic,
    write_error,
)

LOCK_TIMEOUT_SECONDS = 15.0
Tables = dict[str, dict[str, Any]]
Validator = Callable[[Path, Tables], None]
T = TypeVar("T")

if TYPE_CHECKING:
    from filelock import FileLock

_MAKING_LOCK = threading.Lock()


class LazyLock:
    """A `filelock.FileLock`, made (and the package imported) when first acquired: its
    import is a tenth of a CLI command that never writes (`kiosk staff list`). One
    FileLock per LazyLock, made under a thread lock, so re-entry and the per-thread holds
    are filelock's own, exactly as if it had been made here and now."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._lock: FileLock | None = None

    @property
    def lock(self) -> FileLock:
        lock = self._lock
        if lock is None:
            with _MAKING_LOCK:
                if self._lock is None:
                    from filelock import FileLock

                    self._lock = FileLock(str(self.path), timeout=self.timeout, mode=FILE_MODE)
                lock = self._lock
        return lock

    def acquire(self, poll_interval: float) -> None:
        self.lock.acquire(poll_interval=poll_interval)

    def release(self) -> None:
        self.lock.release()


def lock_timeout() -> type[Exception]:
    """filelock's Timeout, imported only once a lock was asked for (an `except` clause
    evaluates it only when something was raised)."""
    from filelock import Timeout

    return Timeout


def make_folder(folder: Path, mode: int = FOLDER_MODE) -> None:
    """Create `folder` (and parents) with `mode` whatever the umask: private (0700) for the
    kiosk's own folders; a sync share may be given a wider one."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        os.chmod(path, mode)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """`path`'s identity and version (inode, mtime, size, ctime); None when it is absent.
    The ctime is there because a hand edit can put the mtime back (`touch -d`) and keep
    the size, but nothing short of the system clock sets the ctime back."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError("read_failed", path=str(path), reason=str(exc)) from exc
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns)


@contextmanager
def held(lock: LazyLock, path: Path) -> Iterator[None]:
    """Hold `lock`, the cross-process lock of `path`; StoreError `busy` after the timeout."""
    try:
        # Inside the try: a folder path that is a file (or a full disk) is a StoreError,
        # not a bare OSError that the CLI could only report as an internal error.
        make_folder(path.parent)
        # A short poll so a waiting kiosk gets its turn between another's writes.
        lock.acquire(poll_interval=0.005)
    except lock_timeout():
        raise StoreError("busy", path=str(path)) from None
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        yield
    finally:
        lock.release()


class DataFile:
    """A TinyDB file: cached whole-file reads and locked transactions."""

    def __init__(self, path: Path, validate: Validator | None = None) -> None:
        self.path = path
        self._validate = validate
        self._lock = LazyLock(lock_path(path), LOCK_TIMEOUT_SECONDS)
        self._cached: tuple[tuple[int, int, int, int], Tables] | None = None
        # (the parsed tables, {table: its records in order}): see `rows`
        self._ordered: tuple[Tables, dict[str, list[Any]]] | None = None

    def load(self) -> Tables:
        """Parse the file now (no cache) and check its records; {} if it does not exist."""
        data = read_json(self.path) or {}
        if self._validate is not None:
            self._validate(self.path, data)
        return data

    def tables(self) -> dict[str, dict[str, Any]]:
        """All tables as {table: {doc_id: doc}}, re-read only when the file has changed."""
        return self.snapshot()[1]

    def snapshot(self) -> tuple[tuple[int, int, int, int] | None, dict[str, dict[str, Any]]]:
        """The tables with the stamp they were read at (cached while the stamp holds).

        The stamp is taken before the read, so the tables are never older than it: a
        writer that later finds the same stamp knows nothing was written since."""
        key = self.stamp()
        if key is None:
            return None, {}
        cached = self._cached  # one read of the pair, so threads never mix two versions
        if cached is None or cached[0] != key:
            cached = (key, self.load())
            self._cached = cached
        return cached

    def stamp(self) -> tuple[int, int, int, int] | None:
        """The file's identity and version (inode, mtime, size, ctime); None when it is absent.
        Something derived from the file is still good while its stamp is unchanged."""
        return file_stamp(self.path)

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The table's records in insertion order. The order is worked out once per read
        of the file: at 25,000 staff, sorting the doc ids on every lookup cost a punch
        70 ms (issue 15)."""
        tables = self.tables()
        ordered = self._ordered
        if ordered is None or ordered[0] is not tables:
            ordered = (tables, {})
            self._ordered = ordered
        found = ordered[1].get(table)
        if found is None:
            found = in_record_order(tables.get(table, {}))
            ordered[1][table] = found
        return list(found)

    def locked(self) -> AbstractContextManager[None]:
        """Hold this file's cross-process lock (re-entrant within one process)."""
        return held(self._lock, self.path)

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """A fresh TinyDB over the file as it is now, inside the lock. Every change made
        in it is written once, as one atomic write, when the block ends without an error
        (a change and its audit mark cannot be split by a crash or a full disk)."""
        with self.locked():
            # Parse (and refuse a damaged file) before TinyDB could ever write over it.
            data = self.load()
            db = TinyDB(self.path, storage=AtomicJSONStorage, preloaded=data, deferred=True)
            try:
                yield db
                db.storage.flush()  # type: ignore[attr-defined]
            finally:
                db.close()

    def rewrite(self, change: Callable[[Tables], T]) -> T:
        """Change the parsed tables in place and write them back as ONE atomic write.

        For changes of many records at once (a staff import): TinyDB writes the file once per
        insert or update, so a failure half-way (a full disk) would leave half the change.
        """
        with self.locked():
            data = self.load()
            result = change(data)
            if self._validate is not None:
                self._validate(self.path, data)
            write_atomic(self.path, dump_tables(data))
            return result


def in_record_order(table: dict[str, Any]) -> list[Any]:
    """A table's records in the order they were inserted (TinyDB's numeric doc ids).

    The file is written with sorted keys, which puts doc "10" before "2"; callers that ask
    "what was recorded last" (a day's close) need the real order."""
    return [
        table[key]
        for key in sorted(table, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
    ]
