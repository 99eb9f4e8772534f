"""What `kiosk doctor` asks of the disk: can a folder be written, is it private, how much
room is left, when was the newest record made. Read-only, apart from a probe file written
and removed again; kept here because nothing outside kiosk/store touches files."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

from kiosk.errors import StoreError
from kiosk.store.atomic import temp_name, write_error
from kiosk.store.maintenance import PROBE_TARGET

PRIVATE_BITS = 0o077  # any permission for the group or others


def probe_writable(folder: Path) -> None:
    """StoreError (`not_writable`, `disk_full`, `sync_folder_missing` ...) unless a file can
    be created, written and removed in `folder` now. The probe is named as the store's own
    temp files are, so a crash between create and remove leaves nothing the kiosk keeps."""
    if not folder.is_dir():
        raise StoreError("sync_folder_missing", path=str(folder))
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
        err.params["path"] = str(folder)
        raise err from exc


def loose_modes(root: Path) -> list[Path]:
    """Files and folders under `root` (itself included) that the group or others may
    read, write or enter: everything the kiosk writes should be 0600 / 0700."""
    found = []
    for path in [root, *root.rglob("*")]:
        try:
            if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) & PRIVATE_BITS:
                found.append(path)
        except OSError:
            continue
    return found


def free_bytes(folder: Path) -> int:
    """Bytes free for this user on the file system holding `folder`."""
    try:
        return shutil.disk_usage(folder).free
    except OSError as exc:
        raise StoreError("write_failed", path=str(folder), reason=exc.strerror or str(exc)) from exc
