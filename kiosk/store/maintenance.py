"""Start-up housekeeping: remove temp files left by a writer that was killed mid-write.

A temp file is only ever written while its target's lock is held, so once we hold that lock
any temp file for the target is stale and can go.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from filelock import FileLock, Timeout

from kiosk.store.atomic import TEMP_SUFFIX, temp_target
from kiosk.store.datafile import lock_path


def remove_stale_temps(root: Path) -> list[Path]:
    """Delete our stale temp files under `root`; skip any whose target is being written now."""
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    by_target: dict[Path, list[Path]] = {}
    for temp in root.rglob(f".*{TEMP_SUFFIX}"):
        target = temp_target(temp)
        if target is not None:
            by_target.setdefault(target, []).append(temp)
    for target, temps in by_target.items():
        lock = FileLock(str(lock_path(target)), timeout=0, mode=0o644)
        try:
            with lock:
                for temp in temps:
                    with contextlib.suppress(FileNotFoundError):
                        temp.unlink()
                        removed.append(temp)
        except Timeout:
            continue
    return removed
