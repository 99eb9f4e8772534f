"""One person's standing on one attendance date (kiosk.domain.day_status)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time

import pytest
from domain_helpers import DAY, RULES, TZ, A, N, at, next_day, shift

from kiosk.domain.day_status import FLAG_ORDER, DayFacts, DayStanding, day_standing
from kiosk.domain.shifts import Rules, ShiftTemplate, place_shift


def standing(
    plan="shift",
    check_in=None,
    check_out=None,
    *,
    checked=True,
    pending=False,
    now=None,
    final=False,
    template=A,
    rules=RULES,
) -> DayStanding:
    facts = DayFacts(shift(template), plan, check_in, check_out, checked, pending)
    return day_standing(facts, rules, now or at(21), final)


def test_flag_order_is_the_design_order():
    assert FLAG_ORDER == (
        "late",
        "early_leave",
        "late_from_break",
        "no_break_in",
        "no_checkout",
        "appearance_unchecked",
        "unscheduled",
        "leave_paperwork_pending",
        "clock_stepped_back",
        "clock_jumped",
    )


def test_day_facts_defaults():
    facts = DayFacts(shift(A), "shift")
    assert (facts.check_in, facts.check_out) == (None, None)
    assert (facts.appearance_checked, facts.leave_paperwork_pending) == (False, False)


# --- no punches ---------------------------------------------------------------------------


@pytest.mark.parametrize("final", [False, True])
@pytest.mark.parametrize("now", [at(6), at(12), at(21)])
@pytest.mark.parametrize("plan", ["rest", "leave"])
def test_rest_and_leave_without_punches(plan, now, final):
    assert standing(plan, checked=False, now=now, final=final) == DayStanding(plan, (), 0, 0, None)


@pytest.mark.parametrize("final", [False, True])
def test_leave_with_paperwork_pending(final):
    assert standing("leave", pending=True, final=final) == DayStanding(
        "leave", ("leave_paperwork_pending",), 0, 0, None
    )


@pytest.mark.parametrize(
    ("now", "final", "status"),
    [
        (at(6, 0), False, "expected"),
        (at(8, 30), False, "expected"),
        (at(17, 59, 59), False, "expected"),  # a check-in would still be accepted
        (at(18, 0, 0), False, "absent"),  # shift over: check-in refused
        (at(21), False, "absent"),
        (at(6, 0), True, "absent"),  # closing the day early settles it
        (at(17, 59), True, "absent"),
    ],
)
def test_absent_only_when_final_or_after_the_shift_end(now, final, status):
    # An unchecked appearance is not flagged on someone who never came in.
    assert standing(checked=False, now=now, final=final) == DayStanding(status, (), 0, 0, None)


def test_night_shift_is_expected_until_it_ends_the_next_morning():
    assert standing(template=N, now=next_day(3, 0)).status == "expected"
    assert standing(template=N, now=next_day(5, 59, 59)).status == "expected"
    assert standing(template=N, now=next_day(6, 0)).status == "absent"


# --- present ------------------------------------------------------------------------------


def test_present_on_time_full_day():
    assert standing(check_in=at(7, 55), check_out=at(18, 0, 30)) == DayStanding(
        "present", (), 0, 0, 485
    )


@pytest.mark.parametrize(
    ("check_in", "late", "flags"),
    [
        (at(8, 0, 59), 0, ()),
        (at(8, 1, 0), 1, ("late",)),
        (at(9, 30), 90, ("late",)),
    ],
)
def test_late_flag(check_in, late, flags):
    result = standing(check_in=check_in, check_out=at(18))
    assert (result.flags, result.late_minutes, result.early_minutes) == (flags, late, 0)


@pytest.mark.parametrize(
    ("check_in", "late", "flags"),
    [(at(8, 5, 59), 0, ()), (at(8, 6), 6, ("late",))],
)
def test_late_flag_respects_template_grace(check_in, late, flags):
    """Minutes within the grace are not late, and are not reported as late minutes either:
    every face shows the graced figure the close freezes."""
    graceful = ShiftTemplate("A5", "a", "a", time(8), time(18), late_grace_minutes=5)
    result = standing(check_in=check_in, check_out=at(18), template=graceful)
    assert (result.flags, result.late_minutes) == (flags, late)


@pytest.mark.parametrize(
    ("check_out", "early", "flags", "worked"),
    [
        (at(18, 0, 0), 0, (), 480),
        (at(17, 59, 59), 1, ("early_leave",), 479),
        (at(16, 0), 120, ("early_leave",), 360),
        (at(13, 0), 300, ("early_leave",), 240),
    ],
)
def test_early_leave_flag(check_out, early, flags, worked):
    assert standing(check_in=at(8), check_out=check_out) == DayStanding(
        "present", flags, 0, early, worked
    )


@pytest.mark.parametrize(
    ("now", "final", "flags"),
    [
        (at(9), False, ()),
        (at(18, 30), False, ()),
        (at(20, 0, 0), False, ()),
        (at(20, 0, 59), False, ()),  # a check-out would still be accepted
        (at(20, 1, 0), False, ("no_checkout",)),
        (at(23, 59), False, ("no_checkout",)),
        (at(9), True, ("no_checkout",)),
        (at(18, 30), True, ("no_checkout",)),
    ],
)
def test_no_checkout_once_final_or_after_the_checkout_window(now, final, flags):
    assert standing(check_in=at(8), now=now, final=final) == DayStanding(
        "present", flags, 0, 0, None
    )


def test_no_checkout_window_follows_the_rules():
    rules = Rules(checkout_closes_after_minutes=30)
    assert standing(check_in=at(8), now=at(18, 30, 59), rules=rules).flags == ()
    assert standing(check_in=at(8), now=at(18, 31), rules=rules).flags == ("no_checkout",)


def test_now_in_another_offset_is_compared_as_an_instant():
    after_window = datetime(2026, 11, 27, 12, 1, tzinfo=UTC)  # 20:01 in Shanghai
    within_window = datetime(2026, 11, 27, 12, 0, 30, tzinfo=UTC)  # 20:00:30
    assert standing(check_in=at(8), now=after_window).flags == ("no_checkout",)
    assert standing(check_in=at(8), now=within_window).flags == ()
    assert standing(now=datetime(2026, 11, 27, 9, 59, tzinfo=UTC)).status == "expected"
    assert standing(now=datetime(2026, 11, 27, 10, 0, tzinfo=UTC)).status == "absent"


def test_appearance_unchecked_flag():
    assert standing(check_in=at(8), check_out=at(18), checked=False).flags == (
        "appearance_unchecked",
    )


@pytest.mark.parametrize("plan", ["rest", "leave"])
def test_punching_on_a_rest_or_leave_day_is_present_and_unscheduled(plan):
    assert standing(plan, check_in=at(8), check_out=at(18)) == DayStanding(
        "present", ("unscheduled",), 0, 0, 480
    )


def test_leave_paperwork_pending_stays_visible_when_present():
    assert standing("leave", check_in=at(8), check_out=at(18), pending=True).flags == (
        "unscheduled",
        "leave_paperwork_pending",
    )


def test_clock_stepped_back_gives_zero_worked_minutes_and_a_flag():
    result = standing(check_in=at(18), check_out=at(8))
    flags = ("late", "early_leave", "clock_stepped_back")
    assert result == DayStanding("present", flags, 600, 600, 0)


def test_an_ntp_step_of_ten_minutes_between_the_punches_is_flagged_for_the_lead():
    """Checked in at 17:58 on a clock running 10 minutes fast; NTP sets it back; the
    check-out a few minutes later is stamped 17:52."""
    result = standing(check_in=at(17, 58), check_out=at(17, 52))
    assert result.worked_minutes == 0
    assert "clock_stepped_back" in result.flags
    normal = standing(check_in=at(7, 58), check_out=at(18, 2))
    assert "clock_stepped_back" not in normal.flags


def test_night_shift_standing_across_midnight():
    assert standing(template=N, check_in=at(22, 30), check_out=next_day(5, 0)) == DayStanding(
        "present", ("late", "early_leave"), 30, 60, 360
    )
    result = standing(template=N, check_in=at(21, 50), now=next_day(8, 0, 59))
    assert result.flags == ()
    result = standing(template=N, check_in=at(21, 50), now=next_day(8, 1))
    assert result.flags == ("no_checkout",)


# --- flag order ---------------------------------------------------------------------------


def test_all_flags_with_a_check_out_come_in_a_stable_order():
    result = standing("shift", check_in=at(8, 30), check_out=at(17), checked=False, pending=True)
    assert result == DayStanding(
        "present",
        ("late", "early_leave", "appearance_unchecked", "leave_paperwork_pending"),
        30,
        60,
        390,
    )


def test_all_flags_without_a_check_out_come_in_a_stable_order():
    result = standing("shift", check_in=at(8, 30), checked=False, pending=True, final=True)
    assert result == DayStanding(
        "present",
        ("late", "no_checkout", "appearance_unchecked", "leave_paperwork_pending"),
        30,
        0,
        None,
    )


@pytest.mark.parametrize("plan", ["rest", "leave"])
def test_no_late_or_early_verdict_on_a_rest_or_leave_day(plan):
    """Issue 11: a punch on a day off is recorded and flagged unscheduled; there was no
    shift to be late for, so every face shows 0 late and 0 early minutes."""
    result = standing(plan, check_in=at(9), check_out=at(11), checked=False, pending=True)
    assert result == DayStanding(
        "present",
        ("appearance_unchecked", "unscheduled", "leave_paperwork_pending"),
        0,
        0,
        120,
    )


# --- every combination --------------------------------------------------------------------

_PLANS = ("shift", "rest", "leave")
_PUNCHES = (
    (None, None),
    (at(8), None),
    (at(8, 20), None),
    (at(8), at(18)),
    (at(8, 20), at(17, 0)),
    (at(8), at(19)),
)
_NOWS = (at(7), at(12), at(18), at(20, 0, 59), at(20, 1), next_day(1))
_STATUSES = {"present", "absent", "rest", "leave", "expected"}


@pytest.mark.parametrize("template", [A, N], ids=["A", "N"])
def test_every_combination_yields_exactly_one_consistent_status(template):
    placed = place_shift(template, DAY, TZ)
    cases = itertools.product(_PLANS, _PUNCHES, (False, True), (False, True), _NOWS, (False, True))
    seen = set()
    for plan, (check_in, check_out), checked, pending, now, final in cases:
        facts = DayFacts(placed, plan, check_in, check_out, checked, pending)
        result = day_standing(facts, RULES, now, final)
        assert isinstance(result.status, str)
        assert result.status in _STATUSES
        seen.add(result.status)
        assert result.flags == tuple(f for f in FLAG_ORDER if f in result.flags)
        assert len(set(result.flags)) == len(result.flags)
        assert ("leave_paperwork_pending" in result.flags) is pending
        assert ("unscheduled" in result.flags) is (check_in is not None and plan != "shift")
        assert not {"early_leave", "no_checkout"} <= set(result.flags)
        if check_in is None:
            expected_status = {"rest": "rest", "leave": "leave"}.get(plan)
            if expected_status is None:
                expected_status = "absent" if final or now >= placed.end else "expected"
            assert result.status == expected_status
            assert set(result.flags) <= {"leave_paperwork_pending"}
            assert (result.late_minutes, result.early_minutes, result.worked_minutes) == (
                0,
                0,
                None,
            )
        else:
            assert result.status == "present"
            assert ("appearance_unchecked" in result.flags) is not checked
            assert result.late_minutes >= 0
            assert result.early_minutes >= 0
            if check_out is None:
                assert result.worked_minutes is None
                assert "early_leave" not in result.flags
            else:
                assert result.worked_minutes >= 0
                assert "no_checkout" not in result.flags
    assert seen == _STATUSES
