"""`kiosk backup --out FILE` and `kiosk restore FILE --data-dir NEW` (services/backup.py)."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.commands.common import CliState, emit, out_path, pass_state, warn
from kiosk.commands.help import KioskCommand
from kiosk.errors import EXIT_STORE, UsageError


def size_text(size: int) -> str:
    """Bytes as a person reads them: 1.2 MB, 830 KB (the same in both languages)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


@click.command("backup", cls=KioskCommand)
@click.option("--out", required=True, metavar="FILE")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def backup(state: CliState, out: str, as_json: bool) -> None:
    """Write an archive (.tar.gz) of the data folder, with a manifest and checksums, while
    the kiosk keeps running; restore it with `kiosk restore`."""
    state.json = as_json
    target = out_path(state, out)
    done = state.services().backup.backup(target)
    line = state.tr.t("backup.done", path=done.path, files=done.files, size=size_text(done.size))
    emit(state, line, done.public())


@click.command("restore", cls=KioskCommand)
@click.argument("archive", metavar="FILE")
@click.option("--data-dir", "data_dir", default=None, metavar="NEW")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def restore(state: CliState, archive: str, data_dir: str | None, as_json: bool) -> None:
    """Unpack a backup into a new data folder (refused if the folder holds anything), after
    checking every file against the manifest; then check its records with `kiosk verify`."""
    from kiosk.services.backup import restore as restore_folder

    state.json = as_json
    if not archive.strip():
        raise UsageError("backup_missing", path=archive)
    target = Path(data_dir) if data_dir is not None else state.data_dir
    done = restore_folder(Path(archive).expanduser(), target.expanduser())
    # The new folder's services, built as for any command given `--data-dir NEW`.
    report = CliState(done.folder, state.lang, state.build).services().verify.verify()
    tr = state.tr
    about = done.manifest.about
    lines = [
        tr.t(
            "restore.done",
            path=done.folder,
            files=len(done.manifest.members),
            size=size_text(done.manifest.size),
            created_at=str(about.get("created_at", "?")),
            kiosk_id=str(about.get("kiosk_id", "?")),
        )
    ]
    signed = sum(c.ok and not c.legacy for c in report.checked)
    lines.append(tr.t("restore.verified" if report.ok else "restore.verify_failed", days=signed))
    emit(state, "\n".join(lines), done.public() | {"verified": report.ok})
    if not report.ok:
        warn(tr.t("restore.verify_hint", path=done.folder))
        click.get_current_context().exit(EXIT_STORE)
