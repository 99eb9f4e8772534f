"""Parsing the store's JSON with orjson when it is installed, json otherwise, same answer.

At 5,000 staff a day file is 50,000 lines and people.json 1.4 MB, read by every cold
board and close (issue 15); orjson parses them in about a third of json's time. It is
optional: without it, json reads the same bytes to the same values, only slower.

orjson accepts strict UTF-8 JSON only, and reads each such text to the value json gives,
with one exception: an integer beyond 64 bits comes back as a float where json keeps
the int. Any text with 19 digits in a row (the shortest such integer) therefore goes to
json; so does anything orjson refuses (NaN, infinities, a byte-order mark, lone
surrogates, bad UTF-8), and json then gives its own answer or its own error.
Tested against json on arbitrary texts (tests/unit/test_fast_json.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:  # a third of json's time; optional (see the module docstring)
    from orjson import loads as _orjson_loads
except ImportError:  # pragma: no cover - orjson is a dependency, but a kiosk runs without it
    _orjson_loads = None

# An integer orjson would read as a float has at least 19 digits (below -2**63, or 2**64
# and beyond); a run of 19 digits anywhere (inside a string too) sends the text to json.
# Found by mapping every digit to "0" and anything else to a space, then a plain search:
# both in C, a tenth of what a regular expression takes to look at every position.
_DIGITS_ONLY = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_DIGITS = b"0" * 19

Loads = Callable[[bytes | bytearray | memoryview], Any]


def digit_runs(raw: bytes | bytearray) -> list[int]:
    """Where runs of 19 digits or more start in `raw`, in order (one offset per run): a
    text holding none of them reads the same by orjson (`unchecked`) as by json. For a
    day file's 50,000 lines, found once for the whole file, not line by line."""
    digits = raw.translate(_DIGITS_ONLY)
    runs = []
    at = digits.find(_LONG_DIGITS)
    while at >= 0:
        runs.append(at)
        end = digits.find(b" ", at)  # the run's end (digits map to "0", the rest to " ")
        if end < 0:
            break
        at = digits.find(_LONG_DIGITS, end)
    return runs


def _orjson_first(raw: bytes | bytearray | memoryview) -> Any:
    """orjson's value for `raw` when it is json's too; else raises ValueError."""
    if digit_runs(bytes(raw) if isinstance(raw, memoryview) else raw):
        raise ValueError("long digits: json decides")
    return _orjson_loads(raw)  # type: ignore[misc]


# `fast(raw)`: json's value of `raw` or a ValueError (then json decides); None without orjson.
fast: Loads | None = _orjson_first if _orjson_loads is not None else None
# orjson itself, for a text with no `digit_runs` (checked by the caller): json's value or
# a ValueError, as `fast`; None without orjson.
unchecked: Loads | None = _orjson_loads


def loads(raw: bytes | bytearray | memoryview) -> Any:
    """`json.loads(raw.decode("utf-8"))`, with its errors (UnicodeDecodeError,
    json.JSONDecodeError), read by orjson when that gives the same value."""
    if fast is not None:
        try:
            return fast(raw)
        except ValueError:  # orjson.JSONDecodeError is one: json decides
            pass
    return json.loads(bytes(raw).decode("utf-8"))
