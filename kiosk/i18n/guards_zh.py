"""输入检查的中文文案(issue 15:日期、--out、编码、导入规模)。键与 guards_en.py 一致。"""

MESSAGES: dict[str, str] = {
    "error.out_empty": "--out 为空:请给出要写入的文件(或文件夹),放在数据文件夹之外。",
    "error.out_unusable": "无法把 {path} 用作 --out(符号链接循环?)。",
    "error.out_in_data_folder": (
        "未写入:{path} 在考勤机的数据文件夹({folder})里,那里只放考勤机自己的记录。"
        "导出、工牌和报表请写到别处。"
    ),
}
