"""Moving an older data folder to this kiosk's format, once, with a backup first.

Run by every face as it opens the folder (kiosk/cli.py), after the store has refused a
folder newer than this kiosk (kiosk/store/data_format.py). Under format.json's lock, so
two processes starting together upgrade once: the first takes a backup into the folder's
own `backups/` (when it holds records), runs each step from the folder's format to this
kiosk's, and records the new format last, in one atomic write. A step that fails leaves
format.json as it was, so the next start tries again, and the backup is there to go back.

A folder this user may not write (a read-only copy being checked) is read as it is: no
step so far changes how records are read, only what the next write looks like (the PIN
rows still in people.json of a format-2 folder are read together with pins.json's).
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


def _pins_apart(folder: Path) -> None:
    """2 -> 3: the PIN failures and checks per minute move from people.json to pins.json
    (the move every PIN check would make, store/pins.py). A people.json or pins.json that
    cannot be read is left as it is, for the kiosk to refuse with its own sentence: the
    rows stay where reads still find them, and the first PIN check moves them."""
    from kiosk.store.people import PeopleStore
    from kiosk.store.pins import PINS_FILE, PinStore
    from kiosk.store.site import PEOPLE_FILE

    if not (folder / PEOPLE_FILE).exists():
        return
    try:
        PinStore(folder / PINS_FILE, PeopleStore(folder / PEOPLE_FILE)).move_legacy()
    except StoreError as err:
        if err.code not in DAMAGED_CODES:
            raise


# format N -> the change that makes a format-N folder a format-(N+1) one.
STEPS: dict[int, Callable[[Path], None]] = {
    1: lambda folder: None,  # 1 -> 2: the folder's format is recorded; records unchanged
    2: _pins_apart,  # 2 -> 3
}


READ_ONLY_CODES = ("not_writable",)
DAMAGED_CODES = ("corrupt_file", "corrupt_record", "pins_damaged")  # left for the kiosk to say


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
