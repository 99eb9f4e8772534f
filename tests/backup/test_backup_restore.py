"""`kiosk backup` and `kiosk restore`: a round trip gives the same exports and verify; a
damaged or altered archive, and a target that holds data, are refused in plain words."""

from __future__ import annotations

import gzip
import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from backup_support import FAKE_NOW, folder_with_staff, run, verify_json

DAY = "2026-11-27"


@pytest.fixture
def original(tmp_path: Path) -> Path:
    folder = folder_with_staff(tmp_path / "data", ["1001", "1002", "1003"])
    assert run(folder, "punch", "1001").exit_code == 0
    assert run(folder, "punch", "1002", now="2026-11-27T08:07:00").exit_code == 0
    assert run(folder, "day", "close", "--date", DAY, now="2026-11-27T21:00:00").exit_code == 0
    return folder


def _backup(folder: Path, out: Path) -> Path:
    result = run(folder, "backup", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"] > 0
    return out


def _exports(folder: Path) -> dict[str, bytes]:
    found = {}
    for args in (("--date", DAY, "--format", "csv"), ("--date", DAY, "--format", "json"),
                 ("--month", "2026-11", "--format", "csv")):  # fmt: skip
        result = run(folder, "export", *args, now="2026-11-28T09:00:00")
        assert result.exit_code == 0, result.output
        found[" ".join(args)] = result.stdout_bytes
    return found


def test_restore_round_trips_exports_and_verify(original: Path, tmp_path: Path) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    new = tmp_path / "new"
    result = run(new, "restore", str(archive), "--data-dir", str(new))
    assert result.exit_code == 0, result.output
    assert "are as they were backed up" in result.stdout
    for path in [new, *new.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)
    assert _exports(new) == _exports(original)
    assert verify_json(new) == verify_json(original)
    assert verify_json(new)["report"]["ok"]


def test_restore_refuses_a_folder_that_has_data(original: Path, tmp_path: Path) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")
    before = sorted(p.name for p in original.iterdir())
    for lang, words in (("en", "already holds files"), ("zh", "里已有文件")):
        result = run(original, "restore", str(archive), lang=lang)
        assert result.exit_code == 2
        assert words in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in original.iterdir()) == before


def _rewrite(archive: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of `archive` with its members passed through `change(tar_out, info, data)`."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read()  # type: ignore[union-attr]
            change(dst, info, data)
    return out


def _copy(dst: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
    info.size = len(data)
    dst.addfile(info, io.BytesIO(data))


def _refused(archive: Path, tmp_path: Path, en: str, zh: str) -> None:
    for lang, words in (("en", en), ("zh", zh)):
        target = tmp_path / f"target-{lang}"
        result = run(target, "restore", str(archive), "--data-dir", str(target), lang=lang)
        assert result.exit_code == 2, result.output
        assert words in result.stderr, result.stderr
        assert "Traceback" not in result.output
        assert not target.exists(), "a refused archive left something behind"
    assert not (tmp_path / "escaped").exists()
    assert not list(tmp_path.glob(".target-*"))  # no staging folder left


def test_a_changed_byte_in_a_member_is_refused(original: Path, tmp_path: Path) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")

    def change(dst: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
        if info.name == "data/people.json":
            data = data.replace(b"Person 1001", b"Person 1009")
        _copy(dst, info, data)

    bad = _rewrite(archive, tmp_path / "bad.tar.gz", change)
    _refused(bad, tmp_path, "SHA-256 differs from the manifest", "SHA-256 与清单不符")


def test_a_changed_byte_in_the_compressed_file_is_refused(original: Path, tmp_path: Path) -> None:
    good = _backup(original, tmp_path / "b.tar.gz").read_bytes()
    bad = tmp_path / "bad.tar.gz"
    for n in range(1, 12):  # a byte of the header, of a member, of the trailer
        raw = bytearray(good)
        raw[len(raw) * n // 12] ^= 0xFF
        bad.write_bytes(bytes(raw))
        # damaged, or a member not as the manifest lists it: refused either way
        _refused(bad, tmp_path, "Not restored", "没有恢复")


def test_a_member_stepping_out_of_the_folder_is_refused(original: Path, tmp_path: Path) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")

    def change(dst: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
        _copy(dst, info, data)
        if info.name == "manifest.json":
            _copy(dst, tarfile.TarInfo("data/../../escaped"), b"owned")

    bad = _rewrite(archive, tmp_path / "bad.tar.gz", change)
    _refused(bad, tmp_path, "steps out of the folder", "会跳出文件夹")


def test_an_absolute_member_is_refused(original: Path, tmp_path: Path) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")

    def change(dst: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
        _copy(dst, info, data)
        if info.name == "manifest.json":
            _copy(dst, tarfile.TarInfo(str(tmp_path / "escaped")), b"owned")

    bad = _rewrite(archive, tmp_path / "bad.tar.gz", change)
    _refused(bad, tmp_path, "absolute path", "绝对路径")


def test_a_symlink_member_is_refused(original: Path, tmp_path: Path) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")

    def change(dst: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
        if info.name == "data/site.key":
            link = tarfile.TarInfo("data/site.key")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            dst.addfile(link)
            return
        _copy(dst, info, data)

    bad = _rewrite(archive, tmp_path / "bad.tar.gz", change)
    _refused(bad, tmp_path, "not a plain file", "不是普通文件")


def test_an_archive_without_manifest_or_not_an_archive_is_refused(
    original: Path, tmp_path: Path
) -> None:
    archive = _backup(original, tmp_path / "b.tar.gz")

    def drop(dst: tarfile.TarFile, info: tarfile.TarInfo, data: bytes) -> None:
        if info.name != "manifest.json":
            _copy(dst, info, data)

    bad = _rewrite(archive, tmp_path / "bad.tar.gz", drop)
    _refused(bad, tmp_path, "has no manifest.json", "没有 manifest.json")
    text = tmp_path / "notes.tar.gz"
    text.write_bytes(gzip.compress(b"hello"))
    _refused(text, tmp_path, "not a readable backup archive", "不是可读的备份压缩包")


def test_backup_refuses_an_out_inside_the_data_folder(original: Path) -> None:
    result = run(original, "backup", "--out", str(original / "b.tar.gz"))
    assert result.exit_code == 2 and "inside the kiosk's data folder" in result.stderr


def test_daily_backup_after_the_close_keeps_n_generations(original: Path) -> None:
    from kiosk.cli import wire_services
    from kiosk.clock import FixedClock

    with (original / "kiosk.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[backup]\nkeep = 2\n\n[[sync.targets]]\nkind = "folder"\npath = "out"\n')
    written = []
    for day in ("2026-11-28", "2026-11-29", "2026-11-30"):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        now = datetime.fromisoformat(f"{day}T21:00:00").replace(tzinfo=ZoneInfo("Asia/Shanghai"))
        services = wire_services(original, clock=FixedClock(now))
        done = services.backup.daily()
        assert done is not None
        written.append(done.path.name)
    kept = sorted(p.name for p in (original / "out" / "backups").iterdir())
    assert kept == written[1:]
    assert written[0] == "kiosk-backup-desk-1-2026-11-28.tar.gz"
    # The daily backups inside the data folder are never archived again.
    result = run(original, "backup", "--out", str(original.parent / "again.tar.gz"), "--json")
    with tarfile.open(original.parent / "again.tar.gz") as tar:
        assert not [n for n in tar.getnames() if "kiosk-backup-" in n], result.stdout


def test_an_older_kiosk_refuses_a_newer_folder(original: Path) -> None:
    (original / "format.json").write_text('{"data_format": 99}', "utf-8")
    for lang, words in (("en", "written by a newer kiosk"), ("zh", "由较新版本的 kiosk 写入")):
        result = run(original, "staff", "list", lang=lang)
        assert result.exit_code == 2 and words in result.stderr, result.output
    assert FAKE_NOW


def test_the_automatic_close_takes_the_daily_backup(original: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kiosk.cli import wire_services
    from kiosk.clock import FixedClock

    with (original / "kiosk.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[backup]\nkeep = 3\n\n[[sync.targets]]\nkind = "folder"\npath = "out"\n')
    now = datetime(2026, 11, 28, 21, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    services = wire_services(original, clock=FixedClock(now), scheduler_sends=True)
    tick = services.scheduler.tick()
    assert tick is not None and tick.closed.closes
    assert services.scheduler.backup_problem is None
    kept = [p.name for p in (original / "out" / "backups").iterdir()]
    assert kept == ["kiosk-backup-desk-1-2026-11-28.tar.gz"]
