"""Start-up housekeeping: remove temp files left by a writer that was killed mid-write.

A temp file is only ever written while its target's lock is held, so once we hold that lock
any temp file for the target is stale and can go. The start-up write check's probe
(Store.check_writable) is the exception: each process writes its own, uniquely named, holding
no lock (every start would otherwise queue behind a close), so under the lock a probe goes
only once it is older than any live check can be.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from kiosk.store.atomic import FILE_MODE, TEMP_SUFFIX, temp_name, temp_target, write_error
from kiosk.store.datafile import lock_path

PROBE_TARGET = "write-check"  # Store.check_writable's probes: `.write-check.<pid>.<hex>.tmp`


def write_probe(folder: Path) -> None:
    """StoreError (`not_writable`, `disk_full`, ...) unless a file of this process's own name
    (pid + random) can be created, written and removed in `folder` now; the one probe that
    the start-up check and `kiosk doctor` share. A young probe is left alone by
    remove_stale_temps, so two processes never remove each other's."""
    probe = temp_name(folder / PROBE_TARGET)
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink()
        err = write_error(exc, probe)
        err.params["path"] = str(folder)  # the folder, not the probe file
        raise err from exc


PROBE_STALE_SECONDS = 600  # a live check takes milliseconds; one this old was killed


def remove_stale_temps(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    """Delete stale temp files of the store's own files under `root` (the glob `patterns`,
    e.g. "days/*/"); skip any whose target is being written now. Other folders (badges,
    exports) are left alone: their writers hold no store lock."""
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    by_target: dict[Path, list[Path]] = {}
    temps = [t for pattern in patterns for t in root.glob(f"{pattern}.*{TEMP_SUFFIX}")]
    for temp in temps:
        target = temp_target(temp)
        if target is not None:
            by_target.setdefault(target, []).append(temp)
    if by_target:
        from filelock import FileLock, Timeout  # none to remove (as nearly always): no import
    for target, temps in by_target.items():
        lock = FileLock(str(lock_path(target)), timeout=0, mode=FILE_MODE)
        try:
            with lock:
                for temp in temps:
                    if target.name == PROBE_TARGET and not _old(temp):
                        continue  # another process's live write check
                    with contextlib.suppress(FileNotFoundError):
                        temp.unlink()
                        removed.append(temp)
        except (Timeout, OSError):
            # Busy, or a folder we may not write (then the temp cannot go either): the temp
            # is harmless where it is, and reading the data must not fail because of it.
            continue
    return removed


def _old(temp: Path) -> bool:
    """True when `temp` was last written more than PROBE_STALE_SECONDS ago."""
    try:
        return time.time() - temp.stat().st_mtime > PROBE_STALE_SECONDS
    except OSError:
        return False
