"""A TinyDB storage that never leaves a half-written or unreadable file behind.

TinyDB's JSONStorage truncates and rewrites its file in place, so a kill or power cut during a
write leaves a damaged file. This storage writes a temp file in the same folder, fsyncs it,
renames it over the old one with `os.replace` (atomic on POSIX) and fsyncs the folder, so a
reader sees either the old file or the new one. A file that does not parse is never written
over: reading it raises `StoreError("corrupt_file")` and the file stays as it is.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kiosk.errors import StoreError
from kiosk.store import fast_json

# Private by default: people.json holds PIN hashes and sick leave, the day files who was
# where. Every kiosk process and `kiosk serve`'s tabs run as the kiosk's own user.
FILE_MODE = 0o600
FOLDER_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def temp_name(target: Path) -> Path:
    """A unique temp file beside `target`; `stale_temps` finds these by their shape."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def temp_target(temp: Path) -> Path | None:
    """The file a temp file was going to replace, or None if the name is not ours."""
    name = temp.name
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return None
    parts = name[1 : -len(TEMP_SUFFIX)].rsplit(".", 2)
    return temp.with_name(parts[0]) if len(parts) == 3 else None


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
# No permission, or a disk the system remounted read-only after an I/O error: either way the
# folder, not the file, is what IT has to fix, so the message names the folder.
READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_error(exc: OSError, path: Path) -> StoreError:
    """The StoreError a failed write of `path` means to the person at the kiosk."""
    if exc.errno in FULL_ERRNOS:
        return StoreError("disk_full", path=str(path))
    if exc.errno in READ_ONLY_ERRNOS:
        return StoreError("not_writable", path=str(path.parent))
    return StoreError("write_failed", path=str(path), reason=exc.strerror or str(exc))


def write_atomic(path: Path, payload: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file, whole."""
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # the umask may have narrowed it
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise write_error(exc, path) from exc
    try:
        fsync_dir(path.parent)
    except OSError as exc:  # the new file is in place; only its durability is in doubt
        raise StoreError("sync_failed", path=str(path), reason=exc.strerror or str(exc)) from exc


def read_json(path: Path) -> dict[str, Any] | None:
    """The parsed file, None if it does not exist; StoreError if it is damaged or unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError("read_failed", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        data = fast_json.loads(raw)  # orjson when installed: json's value, faster
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StoreError("corrupt_file", path=str(path)) from None
    if not _is_tinydb_shape(data):
        raise StoreError("corrupt_file", path=str(path))
    return data


def _is_tinydb_shape(data: object) -> bool:
    """{table: {doc_id: {...}}} with integer doc ids: anything else TinyDB would choke on
    (a ValueError, not a clear message) or write back as it found it."""
    return isinstance(data, dict) and all(
        isinstance(table, dict)
        and all(
            isinstance(key, str) and key.isascii() and key.isdigit() and isinstance(doc, dict)
            for key, doc in table.items()
        )
        for table in data.values()
    )


def dump_tables(data: dict[str, dict[str, Any]]) -> bytes:
    """TinyDB's file format: compact UTF-8 JSON (Chinese names stay readable in the file)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage over `read_json` / `write_atomic`; creates no file until written.

    `preloaded` lets a caller that already parsed the file inside its lock hand the data in,
    so an insert costs one parse and one write instead of TinyDB's two extra reads.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        preloaded: dict[str, dict[str, Any]] | None = None,
        deferred: bool = False,
    ) -> None:
        """`deferred` (with `preloaded`): writes are kept until `flush`, so several changes
        in one transaction reach the disk as one atomic write, or not at all."""
        self.path = Path(path)
        self._data = preloaded
        self._deferred = deferred and preloaded is not None
        self._dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is not None:
            return self._data
        return read_json(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._deferred:
            self._data, self._dirty = data, True
            return
        write_atomic(self.path, dump_tables(data))
        if self._data is not None:
            self._data = data

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            write_atomic(self.path, dump_tables(self._data))
            self._dirty = False

    def close(self) -> None:
        pass
