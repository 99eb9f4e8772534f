"""Ways to take the disk away from the kiosk for real: a read-only folder, a full disk.

Nothing here fakes an errno. A folder is made unwritable the way it happens in a hospital:
- "read_only_disk": the folder is bind-mounted read-only (the kernel remounts a failing disk
  read-only). Needs mount rights: root, or `sudo -n`.
- "no_permission": the folder loses its write bits (a wrong owner after a restore). Root
  ignores mode bits, so as root the kiosk is run in a forked child that has dropped to the
  `nobody` user, in-process, because `nobody` cannot reach this machine's Python.
A full disk is a small tmpfs filled to the last byte (needs mount rights too).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import subprocess
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests.cli.cli_helpers import install_demo, invoke
from tests.conftest import FAKE_NOW, CliResult, run_binary

NOBODY = 65534
T = TypeVar("T")


def _sudo() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo", "-n"]


def can_mount() -> bool:
    """True if this machine lets the tests mount a tmpfs (probed once, for real)."""
    global _can_mount
    if _can_mount is None:
        probe = Path(tempfile.mkdtemp(prefix="kiosk-mount-probe-"))
        try:
            _can_mount = _mount(["-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe)])
            if _can_mount:
                _umount(probe)
        finally:
            shutil.rmtree(probe, ignore_errors=True)
    return _can_mount


_can_mount: bool | None = None


def _mount(args: list[str]) -> bool:
    if shutil.which("mount") is None:
        return False
    proc = subprocess.run([*_sudo(), "mount", *args], capture_output=True, timeout=30)
    return proc.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run([*_sudo(), "umount", "-l", str(path)], capture_output=True, timeout=30)


def public_folder() -> Path:
    """A temp folder every user can reach (pytest's tmp_path is 0700 under root)."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-fault-"))
    os.chmod(root, 0o755)
    return root


def demo_folder(root: Path) -> Path:
    """A demo data folder under `root` with a closed yesterday and today's first punches."""
    data = root / "data"
    install_demo(data)
    for args, now in (
        (("punch", "1001"), "2026-11-26T07:55:00"),
        (("day", "close", "--date", "2026-11-26"), "2026-11-26T21:00:00"),
        (("punch", "1001"), FAKE_NOW),
    ):
        result = run_binary(data, *args, now=now)
        assert result.exit_code == 0, result.stderr
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (lock files aside: they are empty)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


class LockedOut:
    """How the kiosk meets an unwritable folder: `cli(...)` runs a kiosk command there (the
    real binary, or in-process in the `nobody` child), `call(fn)` any code."""

    def __init__(self, data: Path, in_child: bool) -> None:
        self.data = data
        self.in_child = in_child

    def call(self, fn: Callable[[], T]) -> T:
        return _as_nobody(fn) if self.in_child else fn()

    def cli(self, *args: str, now: str = FAKE_NOW) -> CliResult:
        if self.in_child:
            return self.call(lambda: invoke(self.data, *args, now=now))
        return run_binary(self.data, *args, now=now)


@contextlib.contextmanager
def unwritable(data: Path, how: str) -> Iterator[LockedOut]:
    """Make the data folder `data` unwritable for the kiosk, `how` as the module says."""
    if how == "read_only_disk":
        if not can_mount():
            pytest.skip("this machine does not allow mounting (no root, no sudo -n)")
        assert _mount(["--bind", str(data), str(data)])
        try:
            assert _mount(["-o", "remount,ro,bind", str(data)])
            yield LockedOut(data, in_child=False)
        finally:
            _umount(data)
        return
    as_root = os.geteuid() == 0
    if as_root:
        _chown_tree(data, NOBODY)
    _set_write_bits(data, allow=False)
    try:
        yield LockedOut(data, in_child=as_root)
    finally:
        _set_write_bits(data, allow=True)
        if as_root:
            _chown_tree(data, 0)


def _as_nobody(fn: Callable[[], T]) -> T:
    """`fn()` in a forked child that has dropped to uid/gid `nobody`; its result (or its
    traceback, as a test failure) comes back through a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome: tuple[str, object] = ("ok", fn())
        except BaseException:  # everything goes back to the parent, as a failure
            outcome = ("error", traceback.format_exc())
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(raw)
    if kind == "error":
        pytest.fail(f"in the child running as nobody:\n{value}")
    return value  # type: ignore[return-value]


def _chown_tree(folder: Path, uid: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, uid, uid, follow_symlinks=False)


def _set_write_bits(folder: Path, allow: bool) -> None:
    """Directories 0755/0555 and files 0644/0444 (site.key stays owner-only)."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            os.chmod(path, 0o755 if allow else 0o555)
        elif path.name == "site.key":
            os.chmod(path, 0o600 if allow else 0o400)
        else:
            os.chmod(path, 0o644 if allow else 0o444)


@contextlib.contextmanager
def small_tmpfs(size_kb: int) -> Iterator[Path]:
    """A fresh tmpfs of `size_kb` owned by this user; skips where mounting is not allowed."""
    if not can_mount():
        pytest.skip("this machine does not allow mounting (no root, no sudo -n)")
    mount_point = public_folder()
    options = f"size={size_kb}k,mode=0755,uid={os.getuid()},gid={os.getgid()}"
    assert _mount(["-t", "tmpfs", "-o", options, "tmpfs", str(mount_point)])
    try:
        yield mount_point
    finally:
        _umount(mount_point)
        shutil.rmtree(mount_point, ignore_errors=True)


PAGE = 4096


def fill(folder: Path) -> Path:
    """Fill the file system under `folder` to the last byte; returns the filler file.

    A day file is appended to, and an append fits in the room left in the file's last page
    without a byte of free space: so each day file is first padded with blank lines (which
    carry nothing) to a page boundary, and the next punch needs space the disk lacks."""
    for day_file in folder.rglob("days/*/*.json"):
        size = day_file.stat().st_size
        if size % PAGE:
            with day_file.open("ab") as handle:
                handle.write(b"\n" * (PAGE - size % PAGE))
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for chunk in (b"\0" * 4096, b"\0"):
            with contextlib.suppress(OSError):
                while os.write(fd, chunk):
                    pass
    finally:
        os.close(fd)
    return filler
