"""输入检查的中文文案(issue 15:日期、--out、编码、导入规模)。键与 guards_en.py 一致。"""

MESSAGES: dict[str, str] = {
    "error.out_empty": "--out 为空:请给出要写入的文件(或文件夹),放在数据文件夹之外。",
    "error.out_unusable": "无法把 {path} 用作 --out(符号链接循环?)。",
    "error.out_in_data_folder": (
        "未写入:{path} 在考勤机的数据文件夹({folder})里,那里只放考勤机自己的记录。"
        "导出、工牌和报表请写到别处。"
    ),
}
MESSAGES |= {
    "error.ambiguous_encoding": (
        "{path} 按 UTF-8 和按 GB18030(GBK)读出的姓名不同,不作猜测:请在 Excel/WPS 中另存为"
        "“CSV UTF-8”,或用 --encoding utf-8 或 --encoding gb18030 说明它的编码。"
    ),
    "error.import_too_many_rows": (
        "{path} 有 {rows} 行,超过员工文件允许的 {limit} 行(kiosk.toml 的 [limits] "
        "import_max_rows):是不是选错了文件?未导入任何内容。"
    ),
    "import.progress": "已处理密码:{done}/{total}({percent}%)",
}
MESSAGES |= {
    "error.date_out_of_range": (
        "{value} 不在考勤机接受的日期范围内({first} 至 {last};"
        "见 kiosk.toml 的 [limits])。是不是输错了?"
    ),
    "error.date_disagrees_with_time": (
        "--date {date} 与 --at {at} 不一致:时间应在当天(夜班可为次日早晨)。"
    ),
}
MESSAGES |= {
    "cli.kiosk.staff.import:--encoding": "CSV 的编码(文件能按两种编码读出时使用;带 BOM 的 UTF-8 不需要)。",
    "cli.kiosk.roster.import:--encoding": "CSV 的编码(文件能按两种编码读出时使用;带 BOM 的 UTF-8 不需要)。",
}
