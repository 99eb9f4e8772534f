"""A sealed event's line made from one encoding (domain.chain.seal_line) is byte for byte
what `seal` and `event_line` give, for any event: keys before and after "mac" or none,
any values, a mac already there; checked by hypothesis."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.chain import seal, seal_line
from kiosk.store.day_file import event_line

KEY = b"k" * 32
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
NAMES = st.sampled_from(
    ["id", "at", "mac", "ma", "mac0", "macz", "m", "prev", "zz", "", "张"]
) | st.text(max_size=5)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(NAMES, JSONISH, max_size=8),
    st.none() | st.fixed_dictionaries({"mac": st.text(max_size=8)}),
)
def test_the_line_is_event_line_of_the_sealed_event(event: dict[str, Any], previous: Any) -> None:
    expected = copy.deepcopy(event)
    seal(expected, previous, KEY)
    line = seal_line(event, previous, KEY)
    assert event == expected  # sealed in place, the same mac and prev
    assert line + b"\n" == event_line(expected)
