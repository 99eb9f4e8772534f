"""备份、恢复与数据文件夹升级的中文(issue 16)。Keys match backup_en.py."""

MESSAGES: dict[str, str] = {
    "backup.done": "备份已写入 {path}:{files} 个文件,记录共 {size}。",
    "restore.done": "已恢复到 {path}:{files} 个文件,{size},备份于 {created_at}(终端 {kiosk_id})。",
    "restore.verified": "kiosk verify 检查通过:{days} 天的记录与备份时一致。",
    "restore.verify_failed": (
        "文件夹已恢复,但 kiosk verify 发现有记录与终端写入时不一致(备份中即是如此)。"
    ),
    "restore.verify_hint": "查看具体问题:kiosk --data-dir {path} verify",
    "upgrade.done": "数据文件夹已从格式 {found} 升级到 {now};升级前的文件夹已备份到 {backup}。",
    "error.folder_too_new": (
        "数据文件夹 {path} 由较新版本的 kiosk 写入(数据格式 {found}),本程序只能读取到格式 "
        "{supported}。没有读取或修改任何内容:请重新安装较新版本的 shift-kiosk"
        "(或把升级前的备份恢复到一个新文件夹)。"
    ),
    "error.restore_target_has_data": (
        "没有恢复:{path} 里已有文件。请恢复到一个新的空文件夹(--data-dir 新文件夹);"
        "已有的数据文件夹绝不会被覆盖。"
    ),
    "error.backup_missing": "没有备份文件 {path}。",
    "error.backup_damaged": (
        "没有恢复:{path} 不是可读的备份压缩包(已损坏、不完整或不是 .tar.gz:{reason})。"
        "没有写入任何文件,请换一份备份。"
    ),
    "error.backup_no_manifest": (
        "没有恢复:{path} 里没有 manifest.json,不是 kiosk 的备份(或已被改动)。没有写入任何文件。"
    ),
    "error.backup_bad_manifest": (
        "没有恢复:{path} 的清单(manifest)已损坏或不是 kiosk 备份的清单。没有写入任何文件。"
    ),
    "error.backup_too_new": (
        "没有恢复:{path} 由较新版本的 kiosk 写入(备份格式 {found},本程序读取 {supported})。"
        "请用较新版本的 shift-kiosk 恢复。"
    ),
    "error.backup_unsafe_member": (
        "没有恢复:{path} 里有 {member!r},它{reason}。此压缩包已被改动或不是 kiosk 的备份;"
        "没有写入任何文件。"
    ),
    "error.backup_checksum": (
        "没有恢复:{path} 中的 {member} 与备份时的文件不同(大小或 SHA-256 与清单不符)。"
        "压缩包已损坏或被改动;没有写入任何文件。"
    ),
    "error.backup_unlisted": (
        "没有恢复:{path} 里有清单中没有的文件 {member}(压缩包已被改动)。没有写入任何文件。"
    ),
    "error.backup_member_missing": (
        "没有恢复:清单列出的 {member} 不在 {path} 里(不完整或已被改动)。没有写入任何文件。"
    ),
    "backup.unsafe.absolute_or_odd": "是绝对路径或异常文件名",
    "backup.unsafe.parent_path": "会跳出文件夹(..)",
    "backup.unsafe.outside_data": "不在压缩包的 data/ 文件夹里",
    "backup.unsafe.not_a_file": "是链接、设备或文件夹,不是普通文件",
    "backup.unsafe.twice": "在压缩包里出现了两次",
    "cli.kiosk.backup": "把数据文件夹备份为一个压缩包(.tar.gz),含清单和校验值;终端可照常运行。",
    "cli.kiosk.backup:--out": "要写入的压缩包(在数据文件夹之外)。",
    "cli.kiosk.restore": "把备份恢复到一个新的空数据文件夹,先逐个校验文件,再检查记录。",
    "cli.kiosk.restore:archive": "备份压缩包(kiosk backup --out 写的)。",
    "cli.kiosk.restore:--data-dir": "新的数据文件夹(默认:全局的 --data-dir)。",
}
