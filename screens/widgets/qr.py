"""A QR code drawn in the terminal, two module rows per text row, so a phone can scan it.

Used after a lost badge is revoked: the lead (or the person) photographs the new badge off the
screen until the printed card arrives. Half blocks (▀ ▄ █) keep modules square in a terminal
cell twice as tall as it is wide. The colours are fixed black on white, not theme colours:
scanners need dark modules on a light ground whatever the theme, quiet zone included.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

# (top module dark, bottom module dark) -> the character; the foreground draws dark modules.
_HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_lines(matrix: Sequence[Sequence[bool]]) -> list[str]:
    """The module matrix (quiet zone included) as lines of half blocks; an odd last row is
    paired with light modules."""
    lines = []
    for top in range(0, len(matrix), 2):
        upper = matrix[top]
        lower = matrix[top + 1] if top + 1 < len(matrix) else [False] * len(upper)
        lines.append("".join(_HALVES[bool(a), bool(b)] for a, b in zip(upper, lower, strict=True)))
    return lines


class QrCode(Widget):
    """Shows a QR module matrix (e.g. `build_qr(payload).get_matrix()`) at its natural size.

    Drawn line by line rather than as text content, so the quiet zone's leading blanks are
    never trimmed or wrapped away (a QR without its left margin does not scan)."""

    DEFAULT_CSS = """
    QrCode {
        width: auto;
        height: auto;
        color: black;
        background: white;
    }
    """

    def __init__(
        self,
        matrix: Sequence[Sequence[bool]],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lines = qr_lines(matrix)
        self.text = "\n".join(self.lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((len(line) for line in self.lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        if y >= len(self.lines):
            return Strip.blank(self.size.width, style)
        return Strip([Segment(self.lines[y], style)]).extend_cell_length(self.size.width, style)
