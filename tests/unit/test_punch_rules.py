"""What a scan means: check-in, check-out or a refusal (kiosk.domain.punch_rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import get_args

import pytest
from domain_helpers import (
    DAY,
    NEXT_DAY,
    RULES,
    TZ,
    A,
    B,
    C,
    N,
    at,
    attendance,
    check_in,
    check_out,
    next_day,
)
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.punch_rules import (
    AttendanceDay,
    Punch,
    PunchDecision,
    Refusal,
    RefusalReason,
    choose_day,
    correction_day,
    decide_punch,
)
from kiosk.domain.shifts import Rules, ShiftTemplate


@dataclass(frozen=True, eq=False)
class Decided:
    """What a test expects of a PunchDecision: its action, day, moment and the figures the
    rules gave it (the decision also carries the whole standing, compared field by field)."""

    action: str
    day: AttendanceDay
    at: datetime
    late_minutes: int = 0
    early_minutes: int = 0
    worked_minutes: int | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PunchDecision):
            return NotImplemented
        mine = (self.action, self.day, self.at, self.late_minutes, self.early_minutes)
        theirs = (other.action, other.day, other.at, other.late_minutes, other.early_minutes)
        return mine == theirs and self.worked_minutes == other.worked_minutes

    __hash__ = None  # type: ignore[assignment]


# --- AttendanceDay ------------------------------------------------------------------------


def test_attendance_day_date_is_the_shift_date():
    assert attendance(N, DAY).date == DAY


def test_last_picks_the_latest_punch_of_that_action_whatever_the_order():
    day = attendance(
        A,
        DAY,
        check_out(at(18, 30), "o2"),
        check_in(at(8), "i1"),
        check_out(at(17), "o1"),
        check_in(at(7, 50), "i0"),
    )
    assert day.last("check_in").id == "i1"
    assert day.last("check_out").id == "o2"


def test_last_is_none_without_punches():
    day = attendance(A, DAY)
    assert day.punches == ()
    assert day.last("check_in") is None
    assert day.last("check_out") is None


def test_decision_unscheduled_mirrors_the_day():
    decision = decide_punch(None, attendance(A, DAY, scheduled=False), at(8), RULES)
    assert isinstance(decision, PunchDecision)
    assert decision.action == "check_in"
    assert decision.unscheduled is True
    scheduled = decide_punch(None, attendance(A, DAY), at(8), RULES)
    assert scheduled.unscheduled is False


# --- check-in -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "late"),
    [
        (at(7, 0, 0), 0),  # first second of the window
        (at(7, 30), 0),
        (at(7, 59, 59), 0),
        (at(8, 0, 0), 0),
        (at(8, 0, 59), 0),
        (at(8, 1, 0), 1),
        (at(9, 15, 30), 75),
        (at(17, 59, 0), 599),
        (at(17, 59, 59), 599),  # last second before the shift ends
    ],
)
def test_check_in_accepted(now, late):
    today = attendance(A, DAY)
    decision = decide_punch(None, today, now, RULES)
    assert decision == Decided("check_in", today, now, late_minutes=late)
    assert decision.early_minutes == 0
    assert decision.worked_minutes is None


@pytest.mark.parametrize("now", [at(0, 0), at(6, 0), at(6, 59, 0), at(6, 59, 59)])
def test_check_in_before_the_window_is_not_open_yet(now):
    today = attendance(A, DAY)
    refusal = decide_punch(None, today, now, RULES)
    assert refusal == Refusal("not_open_yet", today, now, opens_at=at(7, 0))


@pytest.mark.parametrize("now", [at(18, 0, 0), at(18, 0, 59), at(19, 0), at(23, 59, 59)])
def test_check_in_from_the_shift_end_is_shift_over(now):
    today = attendance(A, DAY)
    assert decide_punch(None, today, now, RULES) == Refusal("shift_over", today, now)


@pytest.mark.parametrize(
    ("now", "reason"),
    [(at(7, 29, 59), "not_open_yet"), (at(7, 30), "check_in")],
)
def test_check_in_window_follows_the_rules(now, reason):
    rules = Rules(checkin_opens_before_minutes=30)
    result = decide_punch(None, attendance(A, DAY), now, rules)
    got = result.reason if isinstance(result, Refusal) else result.action
    assert got == reason
    if isinstance(result, Refusal):
        assert result.opens_at == at(7, 30)


def test_check_in_on_late_shift_c():
    today = attendance(C, DAY)
    assert decide_punch(None, today, at(10, 59, 59), RULES).reason == "not_open_yet"
    assert decide_punch(None, today, at(12, 7, 30), RULES).late_minutes == 7


def test_check_in_accepts_a_now_in_another_offset():
    today = attendance(A, DAY)
    now = datetime(2026, 11, 27, 0, 3, 20, tzinfo=UTC)  # 08:03:20 in Shanghai
    decision = decide_punch(None, today, now, RULES)
    assert (decision.action, decision.late_minutes) == ("check_in", 3)


# --- check-out ----------------------------------------------------------------------------


def _checked_in(moment=None, template=A) -> AttendanceDay:
    return attendance(template, DAY, check_in(moment or at(8)))


def test_check_out_exactly_at_the_end_needs_no_confirmation():
    today = _checked_in()
    decision = decide_punch(None, today, at(18, 0, 0), RULES)
    assert decision == Decided(
        "check_out", today, at(18, 0, 0), late_minutes=0, early_minutes=0, worked_minutes=480
    )


def test_check_out_one_second_early_needs_confirmation():
    today = _checked_in()
    refusal = decide_punch(None, today, at(17, 59, 59), RULES)
    assert refusal == Refusal("needs_confirmation", today, at(17, 59, 59), early_minutes=1)


def test_confirmed_early_check_out_is_accepted_with_its_early_minutes():
    today = _checked_in()
    decision = decide_punch(None, today, at(17, 59, 59), RULES, confirmed=True)
    assert decision == Decided(
        "check_out", today, at(17, 59, 59), late_minutes=0, early_minutes=1, worked_minutes=479
    )


def test_confirmed_early_check_out_long_before_the_end():
    today = _checked_in()
    assert decide_punch(None, today, at(10), RULES) == Refusal(
        "needs_confirmation", today, at(10), early_minutes=480
    )
    decision = decide_punch(None, today, at(10), RULES, confirmed=True)
    assert (decision.early_minutes, decision.worked_minutes) == (480, 120)


def test_confirmation_is_harmless_when_not_early():
    today = _checked_in()
    assert decide_punch(None, today, at(18, 30), RULES, confirmed=True) == decide_punch(
        None, today, at(18, 30), RULES
    )


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (at(19, 59, 59), True),
        (at(20, 0, 0), True),
        (at(20, 0, 59), True),  # the clock still reads 20:00
        (at(20, 1, 0), False),
        (at(23, 0), False),
    ],
)
def test_check_out_window_closes_120_minutes_after_the_end(now, accepted):
    today = _checked_in()
    for confirmed in (False, True):
        result = decide_punch(None, today, now, RULES, confirmed=confirmed)
        if accepted:
            assert result == Decided(
                "check_out",
                today,
                now,
                late_minutes=0,
                early_minutes=0,
                worked_minutes=480 + (now.hour - 18) * 60 + now.minute,
            )
        else:
            assert result == Refusal("shift_over", today, now)


def test_check_out_carries_the_late_minutes_of_the_check_in():
    today = _checked_in(at(8, 10, 45))
    decision = decide_punch(None, today, at(18, 5), RULES)
    assert (decision.action, decision.late_minutes, decision.early_minutes) == ("check_out", 10, 0)
    assert decision.worked_minutes == 475


def test_check_out_uses_the_latest_check_in():
    today = attendance(A, DAY, check_in(at(8, 30), "second"), check_in(at(7, 50), "first"))
    decision = decide_punch(None, today, at(18), RULES)
    assert (decision.late_minutes, decision.worked_minutes) == (30, 450)


def test_check_out_window_follows_the_rules():
    rules = Rules(checkout_closes_after_minutes=0)
    today = _checked_in()
    assert decide_punch(None, today, at(18, 0, 59), rules).action == "check_out"
    assert decide_punch(None, today, at(18, 1), rules) == Refusal("shift_over", today, at(18, 1))


# --- already checked out ------------------------------------------------------------------


@pytest.mark.parametrize("confirmed", [False, True])
@pytest.mark.parametrize("now", [at(18, 30), at(19, 59), at(23, 0)])
def test_already_checked_out(now, confirmed):
    out = check_out(at(18, 0, 5), "out-1")
    today = attendance(A, DAY, check_in(at(8)), out)
    refusal = decide_punch(None, today, now, RULES, confirmed=confirmed)
    assert refusal == Refusal("already_checked_out", today, now, last_punch=out)


def test_already_checked_out_names_the_latest_check_out():
    latest = check_out(at(17, 0), "later")
    today = attendance(A, DAY, check_in(at(8)), latest, check_out(at(12, 0), "earlier"))
    assert decide_punch(None, today, at(18), RULES).last_punch == latest


# --- duplicate scans ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("punches", "last_at", "after_window"),
    [
        pytest.param([check_in(at(8, 0, 30))], at(8, 0, 30), "needs_confirmation", id="after-in"),
        pytest.param(
            [check_in(at(17, 59, 30))], at(17, 59, 30), "check_out", id="after-in-near-end"
        ),
        pytest.param(
            [check_in(at(8)), check_out(at(18, 0, 10))],
            at(18, 0, 10),
            "already_checked_out",
            id="after-out",
        ),
    ],
)
def test_duplicate_window_is_two_minutes_to_the_second(punches, last_at, after_window):
    today = attendance(A, DAY, *punches)
    last = max(punches, key=lambda p: p.at)
    for elapsed in (0, 1, 60, 119):  # up to 1:59 after the last punch
        now = last_at + timedelta(seconds=elapsed)
        for confirmed in (False, True):
            assert decide_punch(None, today, now, RULES, confirmed=confirmed) == Refusal(
                "duplicate", today, now, last_punch=last
            )
    result = decide_punch(None, today, last_at + timedelta(minutes=2), RULES)
    got = result.reason if isinstance(result, Refusal) else result.action
    assert got == after_window


def test_duplicate_at_1_59_and_not_at_2_00_after_a_check_in():
    today = attendance(A, DAY, check_in(at(8, 0, 0)))
    assert decide_punch(None, today, at(8, 1, 59), RULES).reason == "duplicate"
    refusal = decide_punch(None, today, at(8, 2, 0), RULES)
    assert refusal == Refusal("needs_confirmation", today, at(8, 2, 0), early_minutes=598)


def test_duplicate_beats_confirmation():
    today = attendance(A, DAY, check_in(at(8)))
    result = decide_punch(None, today, at(8, 1), RULES, confirmed=True)
    assert result.reason == "duplicate"


def test_a_punch_in_the_future_is_not_a_duplicate():
    """A clock stepped back: the last punch is after `now`; the scan is judged normally."""
    today = attendance(A, DAY, check_in(at(8, 0, 30)))
    result = decide_punch(None, today, at(8, 0, 10), RULES)
    assert result == Refusal("needs_confirmation", today, at(8, 0, 10), early_minutes=600)


@pytest.mark.parametrize(
    ("minutes", "now", "reason"),
    [
        (0, at(8, 0, 0), "needs_confirmation"),
        (5, at(8, 4, 59), "duplicate"),
        (5, at(8, 5, 0), "needs_confirmation"),
    ],
)
def test_duplicate_window_follows_the_rules(minutes, now, reason):
    today = attendance(A, DAY, check_in(at(8)))
    assert decide_punch(None, today, now, Rules(duplicate_minutes=minutes)).reason == reason


def test_duplicate_considers_yesterdays_punches():
    out = check_out(next_day(6, 0, 20), "night-out")
    yesterday = attendance(N, DAY, check_in(at(21, 58)), out)
    today = attendance(N, NEXT_DAY)
    refusal = decide_punch(yesterday, today, next_day(6, 1), RULES)
    assert refusal == Refusal("duplicate", today, next_day(6, 1), last_punch=out)


# --- midnight crossing and choosing the attendance date -----------------------------------


def test_night_shift_check_out_after_midnight_belongs_to_the_start_date():
    yesterday = attendance(N, DAY, check_in(at(21, 55)))
    today = attendance(N, NEXT_DAY)
    now = next_day(5, 0)
    assert choose_day(yesterday, today, now, RULES) is yesterday
    assert decide_punch(yesterday, today, now, RULES) == Refusal(
        "needs_confirmation", yesterday, now, early_minutes=60
    )
    decision = decide_punch(yesterday, today, now, RULES, confirmed=True)
    assert decision == Decided(
        "check_out", yesterday, now, late_minutes=0, early_minutes=60, worked_minutes=395
    )
    assert decision.day.date == DAY


@pytest.mark.parametrize(
    ("now", "worked"),
    [(next_day(6, 0), 455), (next_day(8, 0, 59), 575)],
)
def test_night_shift_check_out_on_time_or_late(now, worked):
    yesterday = attendance(N, DAY, check_in(at(21, 55)))
    decision = decide_punch(yesterday, attendance(N, NEXT_DAY), now, RULES)
    assert decision == Decided(
        "check_out", yesterday, now, late_minutes=0, early_minutes=0, worked_minutes=worked
    )


def test_night_shift_check_in_before_midnight():
    day_before = DAY - timedelta(days=1)
    yesterday = attendance(
        N, day_before, check_in(at(22, day=day_before)), check_out(at(6, day=DAY))
    )
    today = attendance(N, DAY)
    assert decide_punch(yesterday, today, at(20, 59, 59), RULES) == Refusal(
        "not_open_yet", today, at(20, 59, 59), opens_at=at(21, 0)
    )
    assert decide_punch(yesterday, today, at(21, 0), RULES) == Decided("check_in", today, at(21, 0))
    assert decide_punch(yesterday, today, at(23, 30), RULES) == Decided(
        "check_in", today, at(23, 30), late_minutes=90
    )


@pytest.mark.parametrize(
    ("now", "late"),
    [(next_day(0, 0), 120), (next_day(0, 30, 45), 150), (next_day(5, 59, 59), 479)],
)
def test_night_shift_late_check_in_after_midnight_belongs_to_the_start_date(now, late):
    yesterday = attendance(N, DAY)
    today = attendance(N, NEXT_DAY)
    assert choose_day(yesterday, today, now, RULES) is yesterday
    assert decide_punch(yesterday, today, now, RULES) == Decided(
        "check_in", yesterday, now, late_minutes=late
    )


def test_night_shift_missed_entirely_goes_to_today_at_its_end():
    yesterday = attendance(N, DAY)
    today = attendance(N, NEXT_DAY)
    now = next_day(6, 0)
    assert choose_day(yesterday, today, now, RULES) is today
    assert decide_punch(yesterday, today, now, RULES) == Refusal(
        "not_open_yet", today, now, opens_at=next_day(21, 0)
    )


def test_unscheduled_yesterday_does_not_take_a_check_in_after_midnight():
    yesterday = attendance(N, DAY, scheduled=False)
    today = attendance(N, NEXT_DAY)
    now = next_day(0, 30)
    assert choose_day(yesterday, today, now, RULES) is today
    assert decide_punch(yesterday, today, now, RULES).reason == "not_open_yet"


@pytest.mark.parametrize(
    ("now", "chosen"),
    [
        (next_day(8, 0, 0), "yesterday"),
        (next_day(8, 0, 59), "yesterday"),
        (next_day(8, 1, 0), "today"),
        (next_day(21, 30), "today"),
    ],
)
def test_yesterday_is_chosen_only_within_its_checkout_window(now, chosen):
    yesterday = attendance(N, DAY, check_in(at(22)))
    today = attendance(N, NEXT_DAY)
    expected = yesterday if chosen == "yesterday" else today
    assert choose_day(yesterday, today, now, RULES) is expected


def test_forgotten_night_check_out_never_pairs_with_the_next_check_in():
    yesterday = attendance(N, DAY, check_in(at(22)))
    today = attendance(N, NEXT_DAY)
    now = next_day(21, 30)
    assert decide_punch(yesterday, today, now, RULES) == Decided("check_in", today, now)
    assert decide_punch(yesterday, today, next_day(9, 0), RULES) == Refusal(
        "not_open_yet", today, next_day(9, 0), opens_at=next_day(21, 0)
    )


def test_forgotten_day_check_out_the_next_morning_is_a_new_check_in():
    yesterday = attendance(A, DAY, check_in(at(8)))
    today = attendance(A, NEXT_DAY)
    now = next_day(7, 30)
    assert choose_day(yesterday, today, now, RULES) is today
    assert decide_punch(yesterday, today, now, RULES) == Decided("check_in", today, now)


def test_missed_day_shift_yesterday_does_not_catch_todays_scan():
    yesterday = attendance(A, DAY)
    today = attendance(A, NEXT_DAY)
    assert decide_punch(yesterday, today, next_day(8, 3), RULES) == Decided(
        "check_in", today, next_day(8, 3), late_minutes=3
    )


@pytest.mark.parametrize("now", [next_day(6, 30), next_day(7, 59)])
def test_yesterday_fully_checked_out_sends_the_scan_to_today(now):
    yesterday = attendance(N, DAY, check_in(at(21, 58)), check_out(next_day(6, 1)))
    today = attendance(N, NEXT_DAY)
    assert choose_day(yesterday, today, now, RULES) is today
    assert decide_punch(yesterday, today, now, RULES) == Refusal(
        "not_open_yet", today, now, opens_at=next_day(21, 0)
    )


def test_night_worker_moving_to_a_day_shift_checks_in_on_today():
    yesterday = attendance(N, DAY, check_in(at(21, 58)), check_out(next_day(6, 1)))
    today = attendance(A, NEXT_DAY)
    assert decide_punch(yesterday, today, next_day(7, 59), RULES) == Decided(
        "check_in", today, next_day(7, 59)
    )


def test_choose_day_without_yesterday_is_today():
    today = attendance(A, DAY)
    assert choose_day(None, today, at(3), RULES) is today


# --- properties ---------------------------------------------------------------------------

_REASONS = set(get_args(RefusalReason))
_NOW = st.datetimes(
    min_value=datetime(2026, 11, 27, 0, 0),
    max_value=datetime(2026, 11, 29, 12, 0),
    timezones=st.just(TZ),
)
_PUNCH_STATE = st.sampled_from(["none", "in", "in_out"])


def _day_with(template: ShiftTemplate, day, state: str) -> AttendanceDay:
    placed = attendance(template, day)
    punches: list[Punch] = []
    if state in ("in", "in_out"):
        punches.append(check_in(placed.shift.start))
    if state == "in_out":
        punches.append(check_out(placed.shift.end))
    return AttendanceDay(placed.shift, True, tuple(punches))


@given(
    now=_NOW,
    template=st.sampled_from([A, C, N, ShiftTemplate("Z", "z", "z", time(6), time(7))]),
    y_state=_PUNCH_STATE,
    t_state=_PUNCH_STATE,
    confirmed=st.booleans(),
)
def test_every_scan_gets_one_well_formed_answer(now, template, y_state, t_state, confirmed):
    yesterday = _day_with(template, DAY, y_state)
    today = _day_with(template, NEXT_DAY, t_state)
    result = decide_punch(yesterday, today, now, RULES, confirmed=confirmed)
    assert result.day is choose_day(yesterday, today, now, RULES)
    assert result.at == now
    if isinstance(result, Refusal):
        assert result.reason in _REASONS
    else:
        assert result.action in ("check_in", "check_out")
        assert result.late_minutes >= 0
        assert result.early_minutes >= 0
        if result.action == "check_out":
            assert result.worked_minutes is not None and result.worked_minutes >= 0
            assert result.day.last("check_in") is not None
            assert result.day.last("check_out") is None
            assert confirmed or result.early_minutes == 0
        else:
            assert result.day.last("check_in") is None
            assert result.worked_minutes is None


# --- overlapping windows go to the shift that is starting (issue 11 item 5) ----------------


def test_after_a_night_shift_a_scan_in_the_next_day_shift_window_is_its_check_in():
    """N (22:00-06:00) on the 27th, checked in, never checked out; A on the 28th opens its
    check-in at 07:00 while N's check-out window runs to 08:00. At 07:30 N has ended: the
    scan is A's check-in, and N keeps its missing check-out for the lead."""
    yesterday = attendance(N, DAY, check_in(at(21, 55)))
    today = attendance(A, NEXT_DAY)
    now = next_day(7, 30)
    assert choose_day(yesterday, today, now, RULES) is today
    assert decide_punch(yesterday, today, now, RULES) == Decided("check_in", today, now)
    standing = yesterday.standing(RULES, next_day(8, 1))
    assert "no_checkout" in standing.flags


def test_before_the_next_window_opens_the_scan_still_closes_the_night_shift():
    yesterday = attendance(N, DAY, check_in(at(21, 55)))
    today = attendance(A, NEXT_DAY)
    now = next_day(6, 40)  # N is over, A's window opens at 07:00
    assert choose_day(yesterday, today, now, RULES) is yesterday
    assert decide_punch(yesterday, today, now, RULES) == Decided(
        "check_out", yesterday, now, worked_minutes=525 - 30
    )


def test_while_the_night_shift_runs_a_scan_is_its_early_check_out_not_the_next_check_in():
    yesterday = attendance(N, DAY, check_in(at(21, 55)))
    today = attendance(B, NEXT_DAY)  # starts 08:00 like A
    late_night = attendance(N, NEXT_DAY)
    assert choose_day(yesterday, late_night, next_day(5, 0), RULES) is yesterday
    refusal = decide_punch(yesterday, today, next_day(5, 0), RULES)
    assert isinstance(refusal, Refusal) and refusal.reason == "needs_confirmation"


def test_a_correction_without_a_date_takes_the_day_the_same_rule_picks():
    yesterday = attendance(N, DAY, check_in(at(21, 55)))
    today = attendance(A, NEXT_DAY)
    assert correction_day(yesterday, today, next_day(7, 30), RULES) == NEXT_DAY
    assert correction_day(yesterday, today, next_day(6, 10), RULES) == DAY
    # long after every window, an untouched today: the night still waiting gets it
    assert correction_day(yesterday, today, next_day(22, 30), RULES) == DAY
