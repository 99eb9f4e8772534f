"""What `kiosk doctor` asks of the disk: can a folder be written, is it private, how much
room is left, when was the newest record made. Read-only, apart from a probe file written
and removed again; kept here because nothing outside kiosk/store touches files."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

from kiosk.errors import StoreError
from kiosk.store.maintenance import write_probe

PRIVATE_BITS = 0o077  # any permission for the group or others


def probe_writable(folder: Path) -> None:
    """StoreError (`not_writable`, `disk_full`, `sync_folder_missing` ...) unless a file can
    be created, written and removed in `folder` now. The probe is named as the store's own
    temp files are, so a crash between create and remove leaves nothing the kiosk keeps."""
    if not folder.is_dir():
        raise StoreError("sync_folder_missing", path=str(folder))
    write_probe(folder)


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
