"""`Plain`: a Static that shows its text as text, never as Rich/Textual markup.

Names, reasons, notes and every other stored string are untrusted: a staff member named
`Wu[/]` would stop the kiosk with a MarkupError, `[white on white]` would hide a name and
`[@click=app.suspend_process]` would run an action when clicked. The screens use `Plain`
for every line they show, so no string can be read as markup by accident.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class Plain(Static):
    def __init__(self, content: Any = "", **options: Any) -> None:
        options["markup"] = False
        super().__init__(content, **options)
