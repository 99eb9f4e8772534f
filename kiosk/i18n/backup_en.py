"""English strings of backups, restores and data folder upgrades (issue 16). Keys match
backup_zh.py."""

MESSAGES: dict[str, str] = {
    "backup.done": "Backup written to {path}: {files} files, {size} of records.",
    "restore.done": (
        "Restored into {path}: {files} files, {size}, backed up at {created_at} on {kiosk_id}."
    ),
    "restore.verified": "kiosk verify: the records of {days} days are as they were backed up.",
    "restore.verify_failed": (
        "The folder was restored, but kiosk verify finds records not as the kiosk wrote them "
        "(they were so in the backup already)."
    ),
    "restore.verify_hint": "See what is wrong with: kiosk --data-dir {path} verify",
    "upgrade.done": (
        "The data folder was upgraded from format {found} to {now}; the folder as it was "
        "is backed up in {backup}."
    ),
    "error.folder_too_new": (
        "The data folder {path} was written by a newer kiosk (data format {found}); this "
        "kiosk reads up to format {supported}. Nothing was read or changed: install the "
        "newer shift-kiosk again (or restore a backup taken before the upgrade into a new "
        "folder)."
    ),
    "error.restore_target_has_data": (
        "Not restored: {path} already holds files. Restore into a new, empty folder "
        "(--data-dir NEW); an existing data folder is never written over."
    ),
    "error.backup_missing": "There is no backup file {path}.",
    "error.backup_damaged": (
        "Not restored: {path} is not a readable backup archive (damaged, cut short or not a "
        ".tar.gz: {reason}). Nothing was written; use another copy of the backup."
    ),
    "error.backup_no_manifest": (
        "Not restored: {path} has no manifest.json, so it is not a kiosk backup (or was "
        "altered). Nothing was written."
    ),
    "error.backup_bad_manifest": (
        "Not restored: the manifest of {path} is damaged or not a kiosk backup's. Nothing "
        "was written."
    ),
    "error.backup_too_new": (
        "Not restored: {path} was written by a newer kiosk (archive format {found}; this "
        "one reads {supported}). Restore it with the newer shift-kiosk."
    ),
    "error.backup_unsafe_member": (
        "Not restored: {path} holds {member!r}, which {reason}. The archive was altered or "
        "is not a kiosk backup; nothing was written."
    ),
    "error.backup_checksum": (
        "Not restored: {member} in {path} is not the file the backup took (its size or "
        "SHA-256 differs from the manifest). The archive was damaged or altered; nothing "
        "was written."
    ),
    "error.backup_unlisted": (
        "Not restored: {path} holds {member}, which its manifest does not list (the archive "
        "was altered). Nothing was written."
    ),
    "error.backup_member_missing": (
        "Not restored: {member}, listed in the manifest of {path}, is not in the archive "
        "(cut short or altered). Nothing was written."
    ),
    "backup.unsafe.absolute_or_odd": "is an absolute path or an odd name",
    "backup.unsafe.parent_path": "steps out of the folder (..)",
    "backup.unsafe.outside_data": "lies outside the archive's data/ folder",
    "backup.unsafe.not_a_file": "is a link, device or folder, not a plain file",
    "backup.unsafe.twice": "is in the archive twice",
    "cli.kiosk.backup": (
        "Back up the data folder into one archive (.tar.gz) with a manifest and checksums, "
        "while the kiosk keeps running."
    ),
    "cli.kiosk.backup:--out": "The archive to write (outside the data folder).",
    "cli.kiosk.restore": (
        "Restore a backup into a new, empty data folder, after checking every file; then "
        "verify its records."
    ),
    "cli.kiosk.restore:archive": "The backup archive (kiosk backup --out).",
    "cli.kiosk.restore:--data-dir": "The new data folder (default: the global --data-dir).",
}
