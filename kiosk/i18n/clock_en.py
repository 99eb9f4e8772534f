"""English messages about the kiosk's clock (services/clock_watch.py)."""

MESSAGES: dict[str, str] = {
    "clock.jumped.forward": "⚠ Clock jumped {duration} forward (seen {seen}): scans are flagged, no day is closed by itself. Ask IT to fix the time (README).",
    "clock.jumped.back": "⚠ Clock jumped {duration} back (seen {seen}): scans are flagged, no day is closed by itself. Ask IT to fix the time (README).",
    "clock.server_off": "⚠ Kiosk clock is {seconds} s off the central database server's. Ask IT to fix the time (README).",
    "clock.sync_server_off": "Warning: this kiosk's clock is {seconds} s off the central database server's (tolerance {tolerance} s).",
    "board.clock_jumped": "clock jumped",
    "export.flag.clock_jumped": "scanned while the clock had jumped",
    "clock.confirm_key": "F7: the time shown is right (the kiosk then closes days by itself again)",
    "clock.confirm_title": "Is the time right?",
    "clock.confirm_question": "The kiosk shows {time}. Is that the real time now? Days will then be closed by themselves again at the usual time.",
}
