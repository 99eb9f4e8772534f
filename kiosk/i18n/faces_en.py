"""English messages of the faster faces (issue 15): the result screen's clock-jump line."""

MESSAGES: dict[str, str] = {
    "result.clock_jumped": "⚠ Scanned while the kiosk's clock had jumped: the time and minutes above may be wrong. The lead will check this scan.",
}
