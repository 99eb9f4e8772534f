"""Starting the kiosk on boot: which unit to write, writing it, telling systemd.

The unit's text is kiosk/domain/service_unit.py; this adds what only the machine knows
(the systemd version, folder sync targets outside the data folder, whether the user
exists) and writes under a root ("/" on the front desk, a tmp dir in tests).
"""

from __future__ import annotations

import pwd
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import Config
from kiosk.domain.service_unit import (
    UNIT_NAME,
    UnitSpec,
    awkward_path,
    systemd_version,
    unit_path,
    unit_text,
)
from kiosk.errors import StoreError, UsageError
from kiosk.store import system_files


@dataclass(frozen=True)
class InstallResult:
    path: Path
    enabled: bool  # `systemctl enable` ran and succeeded
    notes: list[str] = field(default_factory=list)  # catalog keys of what IT should know


def machine_systemd_version() -> int | None:
    """This machine's systemd major version, None without systemctl."""
    done = system_files.systemctl("--version")
    return systemd_version(done.stdout) if done and done.returncode == 0 else None


def plan_unit(
    config: Config, data_dir: Path, kiosk: Path, user: str, tty: str, locale: str
) -> UnitSpec:
    """The unit for this data folder; UsageError for paths or words a unit cannot carry."""
    data_dir = data_dir.expanduser().absolute()
    writable = []
    for target in config.sync_targets:
        if target.kind == "folder":
            folder = Path(str(target.options["path"])).expanduser()
            folder = folder if folder.is_absolute() else data_dir / folder
            if data_dir not in [folder, *folder.parents]:
                writable.append(folder)
    for path in (kiosk, data_dir, *writable):
        if awkward_path(path) or not path.is_absolute():
            raise UsageError("service_awkward_path", path=str(path))
    for word in (user, tty, locale):
        if not word or not all(c.isalnum() or c in "._@-" for c in word):
            raise UsageError("service_awkward_word", word=word)
    return UnitSpec(
        kiosk=kiosk,
        data_dir=data_dir,
        user=user,
        tty=tty,
        locale=locale,
        writable=tuple(writable),
        systemd_version=machine_systemd_version(),
    )


def install(spec: UnitSpec, root: Path, enable: bool) -> InstallResult:
    """Write the unit under `root`; with `enable` (and root "/"), reload and enable it."""
    path = unit_path(root)
    system_files.write_public(path, unit_text(spec))
    notes = []
    try:
        pwd.getpwnam(spec.user)
    except KeyError:
        notes.append("service.user_missing")
    if not spec.kiosk.exists():
        notes.append("service.kiosk_missing")
    enabled = False
    if enable:
        if root.resolve() != Path("/"):
            notes.append("service.enable_needs_root")
        elif system_files.systemctl("daemon-reload") is None:
            notes.append("service.no_systemctl")
        else:
            done = system_files.systemctl("enable", UNIT_NAME)
            if done is None or done.returncode != 0:
                reason = done.stderr.strip() if done else ""
                raise StoreError("service_enable_failed", reason=reason)
            enabled = True
    return InstallResult(path, enabled, notes)


def uninstall(root: Path) -> bool:
    """Disable (on this machine) and remove the unit; whether there was one."""
    on_machine = root.resolve() == Path("/")
    if on_machine:
        system_files.systemctl("disable", UNIT_NAME)
    removed = system_files.remove(unit_path(root))
    if on_machine:
        system_files.systemctl("daemon-reload")
    return removed
