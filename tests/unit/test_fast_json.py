"""store/fast_json.py reads every text to exactly what json.loads gives, or refuses it
as json does: checked on arbitrary JSON values (huge integers, floats, any text, keys
given twice) and on arbitrary bytes, by hypothesis."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.store import fast_json

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


def typed(value: Any) -> Any:
    """`value` with each scalar's type beside it, so 1 and 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def outcome(read: Any, raw: bytes) -> Any:
    try:
        return typed(read(raw))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return type(exc).__name__


def by_json(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(VALUES, st.booleans(), st.booleans())
def test_any_value_reads_back_as_json_reads_it(value: Any, ascii_only: bool, spaced: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, indent=1 if spaced else None)
    raw = text.encode("utf-8", "surrogatepass")
    assert outcome(fast_json.loads, raw) == outcome(by_json, raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40) | st.sampled_from([b"NaN", b"-Infinity", b"1e400", b"\xef\xbb\xbf{}",
       b'"\\ud800"', b"18446744073709551616", b"-9223372036854775809", b'{"a":1,"a":2}',
       b'"12345678901234567890"', b"[1.0, -0, -0.0, 1E2]"]))  # fmt: skip
def test_any_bytes_read_as_json_reads_them(raw: bytes) -> None:
    assert outcome(fast_json.loads, raw) == outcome(by_json, raw)


def test_a_huge_integer_stays_an_integer() -> None:
    assert fast_json.fast is not None, "orjson is a dependency: the fast path is the one tested"
    assert fast_json.loads(b'{"n":123456789012345678901234567890}') == {
        "n": 123456789012345678901234567890
    }
    assert type(fast_json.loads(b"[-9223372036854775809]")[0]) is int
