"""A consistent archive of the data folder, written while the kiosk keeps recording.

No lock is held for the archive's write. Every store file but a day file is replaced whole
(`os.replace`), so a file opened once reads the same bytes to the end, whatever is written
after; a day file only grows by whole lines, so its first `size` bytes, taken under its
lock, never change either. So each file is *opened* under its lock (a few microseconds a
file) and copied afterwards: a punch during a backup waits at most for one open.

What must agree across files is opened together, in an order that keeps each reference
inside the archive (the same order the writers lock in, so no deadlock):
1. sync.json first: every revision it names is then in the day files copied after it;
2. each day file: its closes name audit heads, which the trail copied after it still has;
3. months.json, then people.json (the month sign-off's order), then pins.json (the order
   the PIN rows of an older folder are moved in, store/pins.py), then the audit trail, all
   under those three locks: people.json's signed head, the trail, and the sign-offs the
   trail records are then one moment's, and a PIN failure being moved out of people.json
   is in the archive once (never in neither file, which would lift a lock-out).
Whatever else is in the folder (kiosk.toml, site.key, exports) is copied as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from kiosk.errors import StoreError
from kiosk.store.atomic import FILE_MODE, fsync_dir, temp_name, temp_target, write_error
from kiosk.store.datafile import DataFile, make_folder
from kiosk.store.day_file import DayFile

ARCHIVE_FORMAT = "shift-kiosk-backup"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data"  # every file of the folder is `data/<its path>` in the archive
BACKUPS_DIR = "backups"  # the folder's own backups (before an upgrade): never archived again
ARCHIVE_PREFIX = "kiosk-backup-"  # daily backups, wherever the folder target puts them
ARCHIVE_SUFFIX = ".tar.gz"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Member:
    """One file of the archive, as the manifest lists it."""

    path: str  # relative to the data folder, with "/"
    size: int
    sha256: str


def archived(rel: PurePosixPath) -> bool:
    """False for what is no part of the records: locks, temp files, the log, backups."""
    name = rel.name
    if rel.parts[0] == BACKUPS_DIR or name.startswith(ARCHIVE_PREFIX):
        return False
    if name.startswith(".") and name.endswith(".lock"):
        return False
    if temp_target(Path(name)) is not None:
        return False
    return not (rel.parts[0] == "kiosk.log" or name.startswith("kiosk.log."))


class _Opened:
    """A file opened for the archive, with the number of bytes of it that are taken."""

    def __init__(self, rel: str, handle: BinaryIO, size: int) -> None:
        self.rel, self.handle, self.size = rel, handle, size


def _open(folder: Path, rel: str) -> _Opened | None:
    try:
        handle = open(folder / rel, "rb")  # noqa: SIM115 (closed by the writer)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError("read_failed", path=str(folder / rel), reason=str(exc)) from exc
    return _Opened(rel, handle, os.fstat(handle.fileno()).st_size)


def _open_day(folder: Path, rel: str) -> _Opened | None:
    """A day file opened under its lock. One that does not end with a newline (a torn last
    line, a hand edit, the old TinyDB format) may change in place at the next append, so
    it is read whole now, still under the lock: rare, and small."""
    path = folder / rel
    day = DayFile(path, lambda _event: None)
    with day.locked():
        opened = _open(folder, rel)
        if opened is None or opened.size == 0:
            return opened
        opened.handle.seek(opened.size - 1)
        if opened.handle.read(1) == b"\n":
            opened.handle.seek(0)
            return opened
        opened.handle.seek(0)
        body = opened.handle.read(opened.size)
        opened.handle.close()
    return _Opened(rel, io.BytesIO(body), len(body))


def _files(folder: Path) -> list[str]:
    """Every regular file to archive, sorted; symlinks are not followed nor kept."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            rel = PurePosixPath(path.relative_to(folder).as_posix())
            if path.is_symlink() or not path.is_file() or not archived(rel):
                continue
            found.append(str(rel))
    return found


def _snapshot(folder: Path) -> Iterator[_Opened]:
    """The folder's files opened in the order the module's docstring gives."""
    from kiosk.store.months import MONTHS_FILE
    from kiosk.store.outbox import OUTBOX_FILE
    from kiosk.store.pins import PINS_FILE
    from kiosk.store.site import AUDIT_DIR, DAYS_DIR, PEOPLE_FILE

    files = _files(folder)
    days = [f for f in files if f.startswith(f"{DAYS_DIR}/")]
    trail = [f for f in files if f.startswith(f"{AUDIT_DIR}/")]
    together = [MONTHS_FILE, PEOPLE_FILE, PINS_FILE]
    with DataFile(folder / OUTBOX_FILE).locked():
        ledger = _open(folder, OUTBOX_FILE)
    if ledger is not None:
        yield ledger
    for rel in days:
        opened = _open_day(folder, rel)
        if opened is not None:
            yield opened
    with ExitStack() as stack:
        for rel in together:
            stack.enter_context(DataFile(folder / rel).locked())
        # The trail as it is now: a month begun since the listing is taken too.
        now = (f"{AUDIT_DIR}/{p.name}" for p in (folder / AUDIT_DIR).glob("????-??.json"))
        trail = sorted({*trail, *now})
        group = [_open(folder, rel) for rel in [*together, *trail]]
    yield from (g for g in group if g is not None)
    done = {OUTBOX_FILE, *days, *together, *trail}
    for rel in files:
        if rel not in done:
            opened = _open(folder, rel)
            if opened is not None:
                yield opened


def _add(tar: tarfile.TarFile, name: str, source: BinaryIO, size: int) -> str:
    """Add `size` bytes of `source` as a regular file; returns their SHA-256."""
    digest = hashlib.sha256()
    left = [size]  # never past `size`: a day file may have grown since it was opened

    class Hashing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = source.read(min(len(buffer), CHUNK, left[0]))
            left[0] -= len(chunk)
            digest.update(chunk)
            buffer[: len(chunk)] = chunk
            return len(chunk)

    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, FILE_MODE, 0
    info.uname = info.gname = ""
    reader = io.BufferedReader(Hashing(), CHUNK)
    tar.addfile(info, reader)
    return digest.hexdigest()


def write_archive(folder: Path, out: Path, about: dict[str, Any]) -> list[Member]:
    """Write the folder's archive to `out` (0600, replaced atomically once whole) with
    `manifest.json` last: `about` (who, when, which versions) and every member's size and
    SHA-256. Returns the members."""
    members: list[Member] = []
    tmp = temp_name(out)
    try:
        make_folder(out.parent)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                for opened in _snapshot(folder):
                    with contextlib.closing(opened.handle):
                        name = f"{DATA_PREFIX}/{opened.rel}"
                        sha = _add(tar, name, opened.handle, opened.size)
                    members.append(Member(opened.rel, opened.size, sha))
                manifest = manifest_bytes(about, members)
                _add(tar, MANIFEST, io.BytesIO(manifest), len(manifest))
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise write_error(exc, out) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return members


def manifest_bytes(about: dict[str, Any], members: list[Member]) -> bytes:
    body = {
        "format": ARCHIVE_FORMAT,
        "format_version": ARCHIVE_VERSION,
        **about,
        "files": [{"path": m.path, "size": m.size, "sha256": m.sha256} for m in members],
    }
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
