"""Backups of the data folder, and restoring one into a new folder.

The data folder is the only copy of the raw punches when no central database is set, so
`kiosk backup` writes an archive of it while the kiosk keeps recording (the store takes
each file under its lock for a moment, kiosk/store/backup.py), and the running kiosk can
write one after each automatic close into the folder sync target's `backups/`, keeping the
newest `[backup] keep` of them. `kiosk restore` unpacks one into a folder that holds
nothing yet, checking the archive first (it is untrusted: it came over a share).

A backup holds the site key and PIN hashes, so its file is private (0600) wherever it goes,
whatever mode the folder target gives its exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.errors import KioskError, StoreError
from kiosk.store.backup import ARCHIVE_PREFIX, ARCHIVE_SUFFIX, BACKUPS_DIR, write_archive
from kiosk.store.data_format import folder_format, refuse_newer
from kiosk.store.datafile import make_folder
from kiosk.store.restore import Manifest, check_archive, restore_archive
from kiosk.store.site import Store


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int  # bytes of the records archived (before compression)
    about: dict[str, Any]
    removed: tuple[Path, ...] = ()  # older generations let go (the daily backup)

    def public(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "files": self.files, "size": self.size,
            "removed": [str(p) for p in self.removed], **self.about,
        }  # fmt: skip


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    manifest: Manifest

    def public(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.folder),
            "files": len(self.manifest.members),
            "size": self.manifest.size,
            **self.manifest.about,
        }


class BackupService:
    def __init__(self, store: Store, config: Config, clock: Clock) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    def about(self, now: datetime | None = None) -> dict[str, Any]:
        """The manifest's header: which kiosk wrote it, when, of which site and format."""
        moment = (now or self.clock.now()).astimezone(self.config.timezone)
        try:
            install = self.store.install_id()
        except KioskError:  # a folder without a site key can still be backed up
            install = None
        return {
            "kiosk_version": __version__,
            "data_format": folder_format(self.store.data_dir),
            "created_at": moment.isoformat(timespec="seconds"),
            "kiosk_id": self.config.kiosk_id,
            "install_id": install,
        }

    def backup(self, out: Path) -> BackupResult:
        """Write the archive to `out` (outside the data folder) and check it back."""
        return self._write(self.store.refuse_inside(out))

    def before_upgrade(self, found: int) -> BackupResult:
        """The archive an upgrade takes first, in the folder's own `backups/`."""
        stamp = self.clock.now().astimezone(self.config.timezone).strftime("%Y%m%d-%H%M%S")
        name = f"pre-upgrade-format{found}-{stamp}{ARCHIVE_SUFFIX}"
        return self._write(self.store.data_dir / BACKUPS_DIR / name)

    def _write(self, out: Path) -> BackupResult:
        about = self.about()
        members = write_archive(self.store.data_dir, out, about)
        check_archive(out)  # what was written reads back whole, checksums and all
        return BackupResult(out, len(members), sum(m.size for m in members), about)

    # -- the daily backup -------------------------------------------------------------------

    @property
    def keep(self) -> int:
        return self.config.backup_keep

    def daily_folder(self) -> Path | None:
        """`backups/` in the first folder sync target; None when daily backups are off
        (`[backup] keep = 0`, the default) or there is no folder target."""
        if self.keep <= 0:
            return None
        for target in self.config.sync_targets:
            path = target.options.get("path")
            if target.kind == "folder" and isinstance(path, str) and path.strip():
                folder = Path(path.strip()).expanduser()
                if not folder.is_absolute():
                    return self.store.data_dir / folder / BACKUPS_DIR
                if not folder.is_dir():  # a share that is not mounted: not the local disk
                    raise StoreError("sync_folder_missing", path=str(folder))
                return folder / BACKUPS_DIR
        return None

    def daily(self) -> BackupResult | None:
        """Today's backup into the folder target (one per day, the newest replacing an
        earlier one of the same day), and all but the newest `keep` removed."""
        folder = self.daily_folder()
        if folder is None:
            return None
        try:
            make_folder(folder)
        except OSError as exc:
            raise StoreError("sync_folder_failed", path=str(folder), reason=str(exc)) from exc
        day = self.clock.now().astimezone(self.config.timezone).date()
        done = self._write(folder / f"{self._prefix()}{day.isoformat()}{ARCHIVE_SUFFIX}")
        kept = sorted(folder.glob(f"{self._prefix()}????-??-??{ARCHIVE_SUFFIX}"))
        removed = []
        for old in kept[: max(0, len(kept) - self.keep)]:
            try:
                old.unlink()
                removed.append(old)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError("write_failed", path=str(old), reason=str(exc)) from exc
        return BackupResult(done.path, done.files, done.size, done.about, tuple(removed))

    def _prefix(self) -> str:
        return f"{ARCHIVE_PREFIX}{self.config.kiosk_id}-"


def restore(archive: Path, target: Path) -> RestoreResult:
    """Unpack a checked archive as the new folder `target`; UsageError naming the problem
    (a damaged or altered archive, a target that holds data, a newer kiosk's folder)."""
    return RestoreResult(target, restore_archive(archive, target, refuse_newer))
