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
