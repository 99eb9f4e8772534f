"""A checklist whose state is said by its mark, not only by the mark's colour.

Textual's SelectionList draws the same "X" for ticked and not ticked and tells them apart by
colour; a Chinese reader also takes X for "failed". Here a ticked item shows `on` and the
others `off` (✗ and ✓ in the appearance check, with a legend on the screen).
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton


class MarkedList(SelectionList[str]):
    def __init__(self, *selections: Any, on: str = "✗", off: str = "✓", **options: Any) -> None:
        super().__init__(*selections, **options)
        self.on_mark, self.off_mark = on, off

    def action_select(self) -> None:
        """Space (or a click) toggles the item highlighted now, when the key is handled.

        Textual's SelectionList posts a message and toggles whatever is highlighted when
        that message is handled: Space, Down, Space arriving together moved the cursor first
        and toggled the second item twice, the first never."""
        index = self.highlighted
        if index is not None and not self.get_option_at_index(index).disabled:
            self.toggle(self.get_option_at_index(index))

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return strip
        ticked = self.get_option_at_index(index).value in self._selected
        segments[1] = Segment(self.on_mark if ticked else self.off_mark, segments[1].style)
        return Strip(segments, strip.cell_length)
