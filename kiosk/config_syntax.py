"""A TOML syntax error in kiosk.toml, said so the person at the desk can fix it.

tomllib's message is English and technical ("Expected newline or end of document after a
statement (at line 5, column 12)"). The kiosk names the file, the line and the column, and
says what is wrong in general words in the reader's language; tomllib's own words are kept
beside them (`raw`) for IT, who may search for them.
"""

from __future__ import annotations

import re
import tomllib

from kiosk.errors import ConfigProblem, ConfigSyntaxError

_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")

# tomllib's message (its start) -> what is wrong, in general words. First match wins, so
# the newline that ends an unclosed string comes before any other illegal character.
_KINDS: tuple[tuple[str, ConfigProblem], ...] = (
    ("Cannot ", "syntax_duplicate"),  # declare twice / overwrite / mutate / redefine
    ("Duplicate inline table key", "syntax_duplicate"),
    ("Unclosed", "syntax_unclosed"),
    ("Unterminated string", "syntax_unclosed"),
    ("Illegal character '\\n'", "syntax_unclosed"),  # a string whose quote never closes
    ("Expected ']", "syntax_unclosed"),
    ('Expected "\'"', "syntax_unclosed"),
    ("Expected '=' after a key", "syntax_missing_equals"),
    ("Invalid value", "syntax_bad_value"),
    ("Invalid date or datetime", "syntax_bad_value"),
    ("Expected newline or end of document", "syntax_trailing"),
    ("Invalid statement", "syntax_bad_line"),
    ("Invalid initial character for a key part", "syntax_bad_line"),
    ("Illegal character", "syntax_bad_character"),
    ("Found invalid character", "syntax_bad_character"),
    ("Unescaped", "syntax_bad_character"),
    ("Invalid hex value", "syntax_bad_character"),
    ("Escaped character", "syntax_bad_character"),
)


def syntax_error(exc: tomllib.TOMLDecodeError, text: str, source: str) -> ConfigSyntaxError:
    """The ConfigSyntaxError for tomllib's `exc` on `text` (exit 2, like every config
    error): line and column (the end of the file when tomllib says so), the kind of
    mistake, and tomllib's message without its position."""
    message = str(exc)
    where = _WHERE.search(message)
    raw = message[: where.start()] if where else message
    if where and where.group(1):
        line, column = int(where.group(1)), int(where.group(2))
    else:  # "at end of document": the position just after the last character
        line = text.count("\n") + 1
        column = len(text.rsplit("\n", 1)[-1]) + 1
    return ConfigSyntaxError(source, line, column, syntax_kind(raw), raw)


def syntax_kind(raw: str) -> ConfigProblem:
    """The general kind of a tomllib message ("syntax_other" for one not listed here)."""
    for start, kind in _KINDS:
        if raw.startswith(start):
            return kind
    return "syntax_other"
