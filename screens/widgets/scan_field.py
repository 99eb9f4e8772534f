"""The field a badge scanner types into: it hides a badge payload as soon as it sees one.

A payload is a bearer credential: anyone who copies `SK:L001:1:…` off the screen can print
the lead's badge. So once the text starts like a badge, the field masks itself (a typed staff
ID stays visible, so people can check what they typed).
"""

from __future__ import annotations

from textual.widgets import Input

from kiosk.badges import looks_like_badge


class ScanField(Input):
    """An Input that turns into a password field while it holds a badge payload."""

    def watch_value(self, value: str) -> None:
        self.password = looks_like_badge(value.strip()) or value.strip().upper() in ("S", "SK")
