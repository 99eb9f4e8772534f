"""Help laid out by terminal columns, so Chinese help lines up and wraps like English.

click wraps help by counting characters, but a Chinese character takes two columns and a
Chinese sentence has no spaces to break at: its lines ran twice as wide as the terminal.
This formatter measures with `display_width` and may break between any two Chinese
characters, but not before a closing mark such as "," or "。": the character before the mark
goes down with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import click

from kiosk.commands.common import display_width

# One Chinese character (or full-width mark), a run of other non-space text, or spaces.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# Marks that must not begin a line: they stay at the end of the line before.
_CLOSING = frozenset(",.;:!?)]}\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f")


@cache
def _token() -> re.Pattern[str]:
    """Compiled when help is first laid out: the wide classes take re a few milliseconds,
    which every command paid at import (`kiosk punch` lays out no help)."""
    return re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns; each "\\n" in it starts a new line (a
    blank line stays blank). A word longer than the width is cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_line(paragraph, max(width, 10)) or [""])
    return lines


def _wrap_line(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line: list[str] = []  # the tokens of the line being filled, a space as " "
    for token in _token().findall(text):
        if token.isspace():
            if line and line[-1] != " ":
                line.append(" ")
            continue
        if display_width("".join(line) + token) <= width:
            line.append(token)
            continue
        carried = _carried(line) if token[0] in _CLOSING else []
        if "".join(line).strip():
            lines.append("".join(line).rstrip())
        while display_width(token) > width:  # a URL or path longer than the line
            cut = _fitting(token, width)
            lines.append(token[:cut])
            token = token[cut:]
        line = [*carried, token]
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines


def _carried(line: list[str]) -> list[str]:
    """The end of `line` that goes down with a closing mark that does not fit: the marks
    before it and the character they close on (a line keeps at least one token)."""
    carried: list[str] = []
    while len(line) > 1 and line[-1] != " " and line[-1][0] in _CLOSING:
        carried.insert(0, line.pop())
    if len(line) > 1 and line[-1] != " ":
        carried.insert(0, line.pop())
    return carried


def _fitting(token: str, width: int) -> int:
    """How many leading characters of `token` fit in `width` columns (at least one)."""
    used = 0
    for index, char in enumerate(token):
        used += display_width(char)
        if used > width:
            return max(index, 1)
    return len(token)


class WideHelpFormatter(click.HelpFormatter):
    """click's formatter, measuring and wrapping by terminal columns (see module doc)."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, self.width - self.current_indent):
            self.write(f"{indent}{line}".rstrip() + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Two columns, as click lays them out: a term longer than `col_max` puts its
        description on the next line."""
        rows = list(rows)
        if not rows:
            return
        first_width = min(max(display_width(term) for term, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, description in rows:
            self.write(f"{indent}{term}")
            if not description:
                self.write("\n")
                continue
            if display_width(term) <= first_width - col_spacing:
                self.write(" " * (first_width - display_width(term)))
            else:
                self.write("\n" + " " * (first_width + self.current_indent))
            self._write_hanging(wrap(description, self.width - first_width - 2), first_width)

    def _write_hanging(self, lines: Iterable[str], column: int) -> None:
        for number, line in enumerate(lines):
            if number:
                self.write(" " * (column + self.current_indent))
            self.write(f"{line}\n")


class HelpContext(click.Context):
    """A context whose help is laid out by WideHelpFormatter."""

    formatter_class = WideHelpFormatter
