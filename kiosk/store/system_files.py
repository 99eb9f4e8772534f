"""Files the kiosk writes for the machine rather than for itself: the systemd unit.

Written atomically (temp file, fsync, rename) and 0644, as systemd and IT read them; they
hold paths and a user name, no records and no secrets. `systemctl` is run from here too, as
it is the machine's business, found on PATH or not at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kiosk.errors import StoreError

UNIT_MODE = 0o644


def write_public(path: Path, text: str) -> None:
    """Write `path` (creating its folders 0755) so that it is whole or absent."""
    try:
        path.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, UNIT_MODE)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StoreError("service_not_written", path=str(path), reason=exc.strerror) from exc


def remove(path: Path) -> bool:
    """Remove `path`; whether it was there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError("service_not_written", path=str(path), reason=exc.strerror) from exc
    return True


def systemctl(*args: str) -> subprocess.CompletedProcess[str] | None:
    """`systemctl ARGS`, or None where there is no systemctl (a container, CI)."""
    binary = shutil.which("systemctl")
    if binary is None:
        return None
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=60, check=False)
