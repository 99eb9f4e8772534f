"""English messages of the central report's check on arrival (kiosk/central/arrival.py)."""

MESSAGES: dict[str, str] = {
    "central.problem_rows_rewritten": "{date} {kiosk}: the desk's events in the central database are not the ones it sent with its close (a row was rewritten in the database, its hash recomputed).",
}
