"""What a phone's camera sees of a QR code on the kiosk's screen: each cell's half blocks
in the colours they are drawn in, so a QR that is clipped, overdrawn by text, or set on a
dark ground with no quiet zone does not decode."""

from __future__ import annotations

from rich.color import Color
from textual.geometry import Region
from textual.pilot import Pilot

from tests.close.test_day_qr import decode_modules


def _dark(color: Color | None) -> bool:
    if color is None:  # the terminal's own colour: assume the dark default
        return True
    red, green, blue = color.get_truecolor()
    return 0.299 * red + 0.587 * green + 0.114 * blue < 128


def camera_modules(pilot: Pilot[None], region: Region, margin: tuple[int, int]) -> list[list[int]]:
    """The modules shown in `region` and `margin` (columns, rows) around it, as drawn.
    AssertionError if that area leaves the screen or holds anything but half blocks."""
    width, height = pilot.app.screen.size
    columns, lines = margin
    left, right = region.x - columns, region.right + columns
    top, bottom = region.y - lines, region.bottom + lines
    assert left >= 0 and right <= width and top >= 0 and bottom <= height, (region, margin)
    rows: list[list[int]] = []
    for strip in pilot.app.screen._compositor.render_strips()[top:bottom]:
        upper: list[int] = []
        lower: list[int] = []
        for segment in strip.crop(left, right):
            style = segment.style
            assert style is not None
            for char in segment.text:
                assert char in "█▀▄ ", f"{char!r} drawn over the QR"
                ink, ground = _dark(style.color), _dark(style.bgcolor)
                upper.append(int(ink if char in "█▀" else ground))
                lower.append(int(ink if char in "█▄" else ground))
        rows += [upper, lower]
    return rows


def decode_on_screen(pilot: Pilot[None], region: Region, margin: tuple[int, int]) -> str | None:
    return decode_modules(camera_modules(pilot, region, margin))
