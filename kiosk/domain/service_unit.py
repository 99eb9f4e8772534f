"""The systemd unit that starts the kiosk on boot and brings it back after a crash.

Pure text from a few facts (which kiosk, which data folder, which user, which console), so
`kiosk service show` and `kiosk service install` write the same unit, and a test can check
it with `systemd-analyze verify`. Why each line is there:

- The kiosk owns a text console: stdin/stdout on /dev/ttyN, reset and hung up between runs,
  and `getty@ttyN` (the login prompt) stopped while it runs (`Conflicts=`), started again
  when the kiosk ends well (`OnSuccess=`), so IT finds a login prompt after a lead leaves.
- Restarts: `Restart=always` brings it back after any death (SIGKILL by the OOM killer, a
  segfault, SIGHUP from a hung-up console, the in-process supervisor's exit 4 after
  repeated crashes), but not after exit 0 (a lead left the kiosk with the PIN, or a clean
  SIGTERM stop) nor exit 2 (a bad kiosk.toml or folder: the same answer every time; IT reads
  it with `journalctl -u shift-kiosk`). Back-off: systemd 254+ grows the wait from
  `RestartSec` to `RestartMaxDelaySec` in `RestartSteps`; older systemd (Debian 12 has 252)
  knows neither key, so there the wait is a fixed `RestartSec` and `StartLimitBurst` starts
  within `StartLimitIntervalSec` stop the restarts (the unit is then `failed`).
- Privacy: the kiosk runs as its own unprivileged user; a privileged `ExecStartPre=+chown`
  gives the data folder back to that user before each start (IT running `sudo kiosk staff
  import` leaves root-owned files the kiosk could not read); `-h` never follows a symlink
  planted in the folder. The kiosk makes modes private itself (0700/0600) at start.
- Hardening that leaves a console app working: no PrivateDevices (it would hide the tty).
  The file system is read-only but for the data folder and any folder sync target outside
  it (`-` so an unmounted share does not stop the kiosk: the sync says it failed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

UNIT_NAME = "shift-kiosk.service"
UNIT_DIR = Path("etc/systemd/system")  # under the root the unit is installed into
# `kiosk run` exit codes that a restart would only repeat (see kiosk/errors.py): 0 is a lead
# leaving or a clean stop, 2 a bad config or folder.
NO_RESTART_STATUSES = (0, 2)
STEPPED_BACKOFF_SINCE = 254  # systemd version that knows RestartSteps=/RestartMaxDelaySec=


@dataclass(frozen=True)
class UnitSpec:
    """What the unit must know; everything else is the same on every front desk."""

    kiosk: Path  # the `kiosk` console script of the kiosk's own environment (absolute)
    data_dir: Path  # absolute
    user: str = "kiosk"
    tty: str = "tty1"
    locale: str = "zh_CN.UTF-8"
    writable: Sequence[Path] = field(default=())  # folder sync targets outside the data dir
    systemd_version: int | None = None  # None: not known, write what Debian 12 understands
    restart_sec: int = 5
    restart_max_delay_sec: int = 300
    restart_steps: int = 5
    start_limit_interval_sec: int = 600
    start_limit_burst: int = 10


def unit_path(root: Path) -> Path:
    """Where the unit file goes under `root` ("/" on the machine, a tmp dir in tests)."""
    return root / UNIT_DIR / UNIT_NAME


def _quoted(path: Path) -> str:
    """A path as one word of a systemd command line: spaces and quotes kept literal, and
    `%` (a specifier) and `$` (a variable) doubled so systemd expands neither."""
    text = str(path).replace("%", "%%").replace("$", "$$")
    return f'"{text}"' if " " in text else text


def awkward_path(path: Path) -> bool:
    """A path the unit cannot carry plainly (quotes, backslashes, control characters):
    refused rather than escaped, as no front desk needs one."""
    return any(c in "'\"\\" or ord(c) < 32 or ord(c) == 127 for c in str(path))


def _path_setting(path: Path, prefix: str = "") -> str:
    """A path for a space-separated path list: quoted when it has a space, `%` doubled."""
    text = prefix + str(path).replace("%", "%%")
    return f'"{text}"' if " " in text else text


def unit_text(spec: UnitSpec) -> str:
    """The unit file's text for `spec`."""
    console = f"getty@{spec.tty}.service"
    writable = [_path_setting(spec.data_dir)] + [_path_setting(p, "-") for p in spec.writable]
    stepped = (spec.systemd_version or 0) >= STEPPED_BACKOFF_SINCE
    backoff = (
        [f"RestartSteps={spec.restart_steps}", f"RestartMaxDelaySec={spec.restart_max_delay_sec}"]
        if stepped
        else []
    )
    command = f"{_quoted(spec.kiosk)} --data-dir {_quoted(spec.data_dir)} run"
    lines = [
        "# Written by `kiosk service install`; `kiosk service show` prints it again.",
        "[Unit]",
        "Description=shift-kiosk front-desk attendance kiosk",
        f"After=systemd-user-sessions.service {console}",
        f"Conflicts={console}",
        f"OnSuccess={console}",
        f"RequiresMountsFor={_path_setting(spec.data_dir)}",
        f"StartLimitIntervalSec={spec.start_limit_interval_sec}",
        f"StartLimitBurst={spec.start_limit_burst}",
        "",
        "[Service]",
        "Type=exec",
        f"User={spec.user}",
        f"ExecStartPre=+chown -R -h {spec.user}: {_quoted(spec.data_dir)}",
        f"ExecStart={command}",
        "StandardInput=tty",
        "StandardOutput=tty",
        "StandardError=journal",
        f"TTYPath=/dev/{spec.tty}",
        "TTYReset=yes",
        "TTYVHangup=yes",
        "TTYVTDisallocate=yes",
        f"Environment=TERM=linux LANG={spec.locale} PYTHONUTF8=1",
        "Restart=always",
        f"RestartPreventExitStatus={' '.join(str(s) for s in NO_RESTART_STATUSES)}",
        f"RestartSec={spec.restart_sec}",
        *backoff,
        "TimeoutStopSec=15",
        "UMask=0077",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=read-only",
        f"ReadWritePaths={' '.join(writable)}",
        "PrivateTmp=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectControlGroups=yes",
        "RestrictSUIDSGID=yes",
        "LockPersonality=yes",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ]
    return "\n".join(lines)


def systemd_version(version_output: str) -> int | None:
    """The major version in `systemctl --version`'s first line ("systemd 252 (252.38-1)")."""
    words = version_output.split()
    if len(words) >= 2 and words[0] == "systemd" and words[1].isdigit():
        return int(words[1])
    return None
