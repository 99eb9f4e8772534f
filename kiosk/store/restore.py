"""Reading a backup archive back into a new data folder. The archive is untrusted input.

Nothing is taken on trust: every member must be a regular file under `data/` (no absolute
path, no `..`, no link, device or pipe, no name twice), every file must be listed in the
manifest with its size and SHA-256 and match them, and every listed file must be there.
It is unpacked into a private folder beside the target and moved into place only once all
of that holds, so a refused archive leaves nothing behind and a half-restored folder never
exists under the target's name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tarfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.errors import Phrase, UsageError
from kiosk.store.atomic import FILE_MODE, FOLDER_MODE, fsync_dir, temp_name, write_error
from kiosk.store.backup import (
    ARCHIVE_FORMAT,
    ARCHIVE_VERSION,
    CHUNK,
    DATA_PREFIX,
    MANIFEST,
    Member,
)
from kiosk.store.datafile import make_folder

MAX_MANIFEST_BYTES = 64 << 20


@dataclass(frozen=True)
class Manifest:
    """What the archive says of itself, once checked against its members."""

    about: dict[str, Any]  # format, versions, when, which site
    members: tuple[Member, ...]

    @property
    def size(self) -> int:
        return sum(m.size for m in self.members)


def unsafe(name: str) -> str | None:
    """Why a member's name may not be unpacked, or None: an absolute path, a step up, an
    empty or odd part, anything outside `data/` but the manifest."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return "absolute_or_odd"
    parts = PurePosixPath(name).parts
    if any(part in ("", ".", "..") for part in name.split("/")):
        return "parent_path"
    if name == MANIFEST:
        return None
    if len(parts) < 2 or parts[0] != DATA_PREFIX:
        return "outside_data"
    return None


def _refuse(code: str, archive: Path, **params: Any) -> UsageError:
    return UsageError(code, path=str(archive), **params)


def _parse_manifest(raw: bytes, archive: Path) -> tuple[dict[str, Any], dict[str, Member]]:
    try:
        body = json.loads(raw.decode("utf-8"))
        if body.get("format") != ARCHIVE_FORMAT:
            raise ValueError("not ours")
        version = body.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError("no version")
        if version > ARCHIVE_VERSION:
            raise _refuse("backup_too_new", archive, found=version, supported=ARCHIVE_VERSION)
        listed: dict[str, Member] = {}
        for row in body["files"]:
            member = Member(str(row["path"]), int(row["size"]), str(row["sha256"]))
            if member.path in listed or unsafe(f"{DATA_PREFIX}/{member.path}"):
                raise ValueError("bad file list")
            listed[member.path] = member
    except UsageError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        raise _refuse("backup_bad_manifest", archive) from None
    about = {k: v for k, v in body.items() if k != "files"}
    return about, listed


def _unpack(archive: Path, staging: Path | None) -> Manifest:
    """Unpack `archive` into `staging` (which exists, private), checking as it goes;
    with no `staging`, only check it."""
    found: dict[str, tuple[int, str]] = {}
    manifest_raw: bytes | None = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for info in tar:
                name = info.name
                why = unsafe(name)
                if why is None and not info.isreg():
                    why = "not_a_file"
                if why is None and (name in found or (name == MANIFEST and manifest_raw)):
                    why = "twice"
                if why is not None:
                    reason = Phrase(f"backup.unsafe.{why}")
                    raise _refuse("backup_unsafe_member", archive, member=name, reason=reason)
                source = tar.extractfile(info)
                assert source is not None  # a regular file
                if name == MANIFEST:
                    if info.size > MAX_MANIFEST_BYTES:
                        raise _refuse("backup_bad_manifest", archive)
                    manifest_raw = source.read()
                    continue
                rel = name[len(DATA_PREFIX) + 1 :]
                found[rel] = (
                    _write_member(source, staging / rel, staging)
                    if staging is not None
                    else _hash_member(source)
                )
    except UsageError:
        raise
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise _refuse("backup_damaged", archive, reason=str(exc)) from None
    except FileNotFoundError:
        raise _refuse("backup_missing", archive) from None
    except OSError as exc:
        if staging is not None and exc.filename and str(staging) in str(exc.filename):
            raise write_error(exc, staging) from exc
        raise _refuse("backup_damaged", archive, reason=str(exc)) from None
    if manifest_raw is None:
        raise _refuse("backup_no_manifest", archive)
    about, listed = _parse_manifest(manifest_raw, archive)
    for rel, (size, sha) in found.items():
        member = listed.get(rel)
        if member is None:
            raise _refuse("backup_unlisted", archive, member=rel)
        if member.size != size or member.sha256 != sha:
            raise _refuse("backup_checksum", archive, member=rel)
    for rel in listed:
        if rel not in found:
            raise _refuse("backup_member_missing", archive, member=rel)
    return Manifest(about, tuple(listed.values()))


def _write_member(source: Any, target: Path, staging: Path) -> tuple[int, str]:
    """Copy one member to `target` (0600, folders 0700), fsynced; (size, SHA-256)."""
    make_folder(target.parent)
    if staging not in target.parents:  # checked by `unsafe`; never write outside
        raise OSError(f"outside {staging}")
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(target, FILE_MODE)
    return size, digest.hexdigest()


def _hash_member(source: Any) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def has_data(folder: Path) -> bool:
    """True when `folder` exists and is not an empty folder (a file counts as data)."""
    if not folder.exists() and not folder.is_symlink():
        return False
    if not folder.is_dir() or folder.is_symlink():
        return True
    return any(folder.iterdir())


def check_target(target: Path) -> None:
    if has_data(target):
        raise UsageError("restore_target_has_data", path=str(target))


def restore_archive(
    archive: Path, target: Path, accept: Callable[[Path], None] | None = None
) -> Manifest:
    """Unpack a checked archive as the folder `target`, which must not hold anything yet.
    UsageError naming what is wrong with the archive; nothing is left behind then.
    `accept(unpacked folder)` may refuse it too (raise) before it takes the target's name."""
    check_target(target)
    try:
        make_folder(target.parent)
        staging = temp_name(target)
        staging.mkdir(mode=FOLDER_MODE)
        os.chmod(staging, FOLDER_MODE)
    except OSError as exc:
        raise write_error(exc, target) from exc
    try:
        manifest = _unpack(archive, staging)
        if accept is not None:
            accept(staging)
        for folder in [p for p in staging.rglob("*") if p.is_dir()]:
            fsync_dir(folder)
        check_target(target)  # again: someone may have written there meanwhile
        with contextlib.suppress(FileNotFoundError):
            target.rmdir()  # an empty folder made for it
        os.rename(staging, target)
        fsync_dir(target.parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_error(exc, target) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def check_archive(archive: Path) -> Manifest:
    """Check `archive` whole (every member against the manifest) without unpacking it."""
    return _unpack(archive, None)
