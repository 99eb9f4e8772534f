"""The data folder's format version (format.json), so an upgrade knows what it opens.

Folders written before this file existed (shift-kiosk 0.15 and earlier) have none: they
are format 1. A kiosk reads folders up to CURRENT_FORMAT; a newer folder is refused before
anything is read or written (an older kiosk could misread, or write over, what it does not
know), with a sentence saying to install the newer kiosk. Moving a folder forward is the
services' work (kiosk/services/upgrade.py): a backup first, then the steps, then this file.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.errors import StoreError, UsageError
from kiosk.store.atomic import write_atomic

FORMAT_FILE = "format.json"
LEGACY_FORMAT = 1  # a folder without format.json
# 2: format.json itself (the records are as format 1 had them).
# 3: the PIN failures and checks per minute in pins.json, no longer in people.json
#    (store/pins.py): a kiosk of format 2 would not see a lock-out kept there.
CURRENT_FORMAT = 3


def folder_format(folder: Path) -> int:
    """The folder's format; LEGACY_FORMAT without format.json; StoreError if damaged."""
    path = folder / FORMAT_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return LEGACY_FORMAT
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StoreError("corrupt_file", path=str(path)) from exc
    found = data.get("data_format") if isinstance(data, dict) else None
    if not isinstance(found, int) or isinstance(found, bool) or found < LEGACY_FORMAT:
        raise StoreError("corrupt_file", path=str(path))
    return found


def refuse_newer(folder: Path) -> int:
    """The folder's format; UsageError `folder_too_new` when this kiosk is too old for it."""
    found = folder_format(folder)
    if found > CURRENT_FORMAT:
        raise UsageError("folder_too_new", path=str(folder), found=found, supported=CURRENT_FORMAT)
    return found


def write_format(folder: Path, version: int, written_by: str) -> None:
    """Record `version` (one atomic write): the last step of making or upgrading a folder."""
    body = {"data_format": version, "written_by": written_by}
    write_atomic(folder / FORMAT_FILE, json.dumps(body, sort_keys=True).encode("utf-8"))


def has_records(folder: Path) -> bool:
    """True when the folder holds records worth a backup before it is changed."""
    from kiosk.store.site import AUDIT_DIR, DAYS_DIR, PEOPLE_FILE

    folders = (folder / DAYS_DIR, folder / AUDIT_DIR)
    return (folder / PEOPLE_FILE).exists() or any(f.is_dir() and any(f.iterdir()) for f in folders)
