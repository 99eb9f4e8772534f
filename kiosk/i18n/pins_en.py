"""English strings of the PIN file (pins.json, issue 15). Keys match pins_zh.py."""

MESSAGES: dict[str, str] = {
    "error.pins_damaged": (
        "The PIN file {path} is damaged, so no PIN is checked for now (punches with a "
        "badge still work). It was kept untouched; ask IT to restore it from a backup, or "
        "to remove it (which clears every PIN lockout)."
    ),
}
