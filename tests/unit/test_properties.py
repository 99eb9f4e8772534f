"""Properties of the rules engine over any times: the partitions and invariants the kiosk's
figures rest on (issue 5), checked by hypothesis rather than by chosen examples."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from domain_helpers import DAY, RULES, A, B, C, N, shift
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.day_status import FLAG_ORDER, DayFacts, day_standing
from kiosk.domain.shifts import (
    early_minutes,
    is_early_leave,
    is_late,
    late_minutes,
    worked_minutes,
)

TEMPLATES = st.sampled_from([A, B, C, N])
GRACE = st.integers(0, 30)
START = datetime.combine(DAY, datetime.min.time()).replace(tzinfo=shift(A).start.tzinfo)
MOMENT = st.integers(0, 2 * 24 * 3600 - 1).map(lambda s: START + timedelta(seconds=s))


def graced(template, late: int, early: int):  # type: ignore[no-untyped-def]
    return dataclasses.replace(template, late_grace_minutes=late, early_grace_minutes=early)


@given(template=TEMPLATES, grace=GRACE, moment=MOMENT)
def test_every_check_in_is_late_or_on_time_never_both(template, grace, moment) -> None:  # type: ignore[no-untyped-def]
    placed = shift(graced(template, grace, grace))
    minutes = late_minutes(placed, moment)
    assert minutes >= 0
    assert is_late(placed, moment) == (minutes > grace)
    if moment <= placed.start:
        assert minutes == 0 and not is_late(placed, moment)


@given(template=TEMPLATES, first=MOMENT, second=MOMENT)
def test_later_never_means_less_late_and_earlier_never_less_early(template, first, second) -> None:  # type: ignore[no-untyped-def]
    placed = shift(template)
    early_one, late_one = sorted((first, second))
    assert late_minutes(placed, early_one) <= late_minutes(placed, late_one)
    assert early_minutes(placed, early_one) >= early_minutes(placed, late_one)
    assert is_early_leave(placed, early_one) or not is_early_leave(placed, late_one)


@given(template=TEMPLATES, check_in=MOMENT, check_out=MOMENT)
def test_worked_minutes_are_never_negative(template, check_in, check_out) -> None:  # type: ignore[no-untyped-def]
    assert worked_minutes(shift(template), check_in, check_out) >= 0


@given(
    template=TEMPLATES,
    plan=st.sampled_from(["shift", "rest", "leave"]),
    check_in=st.one_of(st.none(), MOMENT),
    check_out=st.one_of(st.none(), MOMENT),
    checked=st.booleans(),
    pending=st.booleans(),
    now=MOMENT,
    final=st.booleans(),
)
def test_every_person_gets_exactly_one_status(  # type: ignore[no-untyped-def]
    template, plan, check_in, check_out, checked, pending, now, final
) -> None:
    if check_in is None:
        check_out = None  # a check-out needs a check-in first (the engine refuses otherwise)
    facts = DayFacts(shift(template), plan, check_in, check_out, checked, pending)
    standing = day_standing(facts, RULES, now, final)
    assert standing.status in {"present", "absent", "rest", "leave", "expected"}
    if final:
        assert standing.status != "expected"  # a closed day has no one still to come
    if check_in is not None:
        assert standing.status == "present"
    elif plan == "shift" and final:
        assert standing.status == "absent"
    elif plan != "shift":
        assert standing.status == plan
    assert set(standing.flags) <= set(FLAG_ORDER)
    assert standing.worked_minutes is None or standing.worked_minutes >= 0
    assert standing.late_minutes >= 0 and standing.early_minutes >= 0
