"""The field a badge scanner types into: it hides a badge payload as soon as it sees one.

A payload is a bearer credential: anyone who copies `SK:L001:1:…` off the screen can print
the lead's badge. So once the text starts like a badge, the field masks itself (a typed staff
ID stays visible, so people can check what they typed).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from kiosk.badges import looks_like_badge


class ScanField(Input):
    """An Input that turns into a password field while it holds a badge payload.

    With `clear_on_enter`, Enter hands the scan over and empties the field in the same step.
    A scanner types the next badge before the app has handled the first one's `Submitted`:
    emptied only there, the next badge's keys were appended to the first one (a 52-character
    scan, refused) or wiped with it, and that person was never recorded
    (tests/ui/test_scan_queue.py)."""

    def __init__(self, *args: Any, clear_on_enter: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clear_on_enter = clear_on_enter

    def watch_value(self, value: str) -> None:
        self.password = looks_like_badge(value.strip()) or value.strip().upper() in ("S", "SK")

    async def _on_key(self, event: events.Key) -> None:
        """Enter is taken here, as the key arrives, not by the `enter` binding: a binding
        runs only once the key has bubbled up to the app, and by then this field has
        already taken the next badge's keys from its queue."""
        if self.clear_on_enter and event.key == "enter":
            event.stop()
            event.prevent_default()
            value = self.value
            self.value = ""
            self.post_message(self.Submitted(self, value, None))
            return
        await super()._on_key(event)
