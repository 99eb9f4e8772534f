"""English strings of the input guards (issue 15: dates, --out, encodings, import size).
Keys match guards_zh.py."""

MESSAGES: dict[str, str] = {
    "error.out_empty": "--out is empty: give the file (or folder) to write, outside the data folder.",
    "error.out_unusable": "Cannot use {path} as --out (a symlink loop?).",
    "error.out_in_data_folder": (
        "Not written: {path} is inside the kiosk's data folder ({folder}), which holds its "
        "own records. Write exports, badges and reports somewhere else."
    ),
}
MESSAGES |= {
    "error.ambiguous_encoding": (
        "{path} reads as different names in UTF-8 and in GB18030 (GBK), so it is not "
        'guessed: save it as "CSV UTF-8" in Excel/WPS, or say which it is with '
        "--encoding utf-8 or --encoding gb18030."
    ),
    "error.import_too_many_rows": (
        "{path} has {rows} rows, more than the {limit} a staff file may have "
        "([limits] import_max_rows in kiosk.toml): is it the right file? Nothing was imported."
    ),
    "import.progress": "PINs hashed: {done}/{total} ({percent}%)",
}
MESSAGES |= {
    "error.date_out_of_range": (
        "{value} is outside the dates the kiosk takes, {first} to {last} "
        "([limits] in kiosk.toml). Is it a typo?"
    ),
    "error.date_disagrees_with_time": (
        "--date {date} and --at {at} disagree: the time must be on that day (or, for a "
        "night shift, the next morning)."
    ),
}
MESSAGES |= {
    "cli.kiosk.staff.import:--encoding": (
        "The CSV's encoding, when it reads two ways (not needed for UTF-8 with a BOM)."
    ),
    "cli.kiosk.roster.import:--encoding": (
        "The CSV's encoding, when it reads two ways (not needed for UTF-8 with a BOM)."
    ),
}
