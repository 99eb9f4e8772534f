"""A line of items (the day's counts) that wraps between items, never inside one.

"未签退 0" split over two lines reads as two figures; Rich wraps at any space, and a
no-break space is a space to it. This renderable packs whole items into each line at the
width it is given, so the counts read right at 80 columns and in one line at 160.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group
from rich.measure import Measurement
from rich.text import Text


class ItemsLine:
    def __init__(
        self, items: Sequence[str], separator: str = " · ", keep_separator: bool = False
    ) -> None:
        """`keep_separator`: end a broken line with the separator (a list of names broken
        after "、", as Chinese is set, never a line starting with it)."""
        self.items = [item for item in items if item]
        self.separator = separator
        self.keep_separator = keep_separator

    def __str__(self) -> str:
        return self.separator.join(self.items)

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        current = ""
        for item in self.items:
            joined = f"{current}{self.separator}{item}" if current else item
            if current and cell_len(joined) > width:
                lines.append(current + self.separator.rstrip() if self.keep_separator else current)
                current = item
            else:
                current = joined
        return [*lines, current] if current else lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in self.lines(options.max_width):
            yield Text(line)  # an item wider than the line still folds rather than vanishing

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(item) for item in self.items), default=0)
        whole = cell_len(self.separator.join(self.items))
        return Measurement(min(widest, options.max_width), min(whole, options.max_width))


class Stacked(Group):
    """Renderables one under the other (a Rich Group) that also say themselves as text."""

    def __str__(self) -> str:
        return "\n".join(str(r) for r in self.renderables)
