"""Moving an older data folder to this kiosk's format, once, with a backup first.

Run by every face as it opens the folder (kiosk/cli.py), after the store has refused a
folder newer than this kiosk (kiosk/store/data_format.py). Under format.json's lock, so
two processes starting together upgrade once: the first takes a backup into the folder's
own `backups/` (when it holds records), runs each step from the folder's format to this
kiosk's, and records the new format last, in one atomic write. A step that fails leaves
format.json as it was, so the next start tries again, and the backup is there to go back.

A folder this user may not write (a read-only copy being checked) is read as it is: no
step so far changes how records are read, only what the next write looks like.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.errors import StoreError
from kiosk.store.data_format import (
    CURRENT_FORMAT,
    FORMAT_FILE,
    folder_format,
    has_records,
    write_format,
)
from kiosk.store.datafile import DataFile

if TYPE_CHECKING:  # built only when a folder needs upgrading: tarfile is no start-up cost
    from kiosk.services.backup import BackupResult, BackupService

# format N -> the change that makes a format-N folder a format-(N+1) one.
STEPS: dict[int, Callable[[Path], None]] = {
    1: lambda folder: None,  # 1 -> 2: the folder's format is recorded; records unchanged
}
READ_ONLY_CODES = ("not_writable",)


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did: from which format, and the backup taken first."""

    found: int
    now: int
    backup: BackupResult


def upgrade(folder: Path, backups: Callable[[], BackupService]) -> Upgrade | None:
    """Bring the folder to CURRENT_FORMAT; None when it was there already (or may not be
    written). StoreError when a backup or step fails: the folder stays as it was."""
    if folder_format(folder) == CURRENT_FORMAT:
        return None  # every start of an upgraded folder: one small read
    try:
        with DataFile(folder / FORMAT_FILE).locked():
            found = folder_format(folder)
            if found == CURRENT_FORMAT:
                return None  # another process upgraded it meanwhile
            if not has_records(folder):  # a new folder (`kiosk init`): nothing to move
                write_format(folder, CURRENT_FORMAT, __version__)
                return None
            taken = backups().before_upgrade(found)
            for version in range(found, CURRENT_FORMAT):
                STEPS[version](folder)
            write_format(folder, CURRENT_FORMAT, __version__)
    except StoreError as err:
        if err.code in READ_ONLY_CODES:
            return None
        raise
    return Upgrade(found, CURRENT_FORMAT, taken)
