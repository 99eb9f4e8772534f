"""Shift placement, minute arithmetic, late/early minutes and worked time (kiosk.domain.shifts)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from domain_helpers import DAY, NEXT_DAY, NO_BREAK, RULES, TZ, A, B, C, N, at, next_day, shift
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.shifts import (
    WEEKDAYS,
    Rules,
    ShiftTemplate,
    early_minutes,
    is_early_leave,
    is_late,
    late_minutes,
    minutes_between,
    net_minutes,
    place_shift,
    to_minute,
    worked_minutes,
)

# --- templates and rules ------------------------------------------------------------------


def test_rules_defaults_match_design():
    assert Rules() == Rules(
        late_grace_minutes=0,
        early_grace_minutes=0,
        checkin_opens_before_minutes=60,
        checkout_closes_after_minutes=120,
        duplicate_minutes=2,
        pin_max_attempts=5,
        pin_lockout_minutes=5,
    )


def test_weekdays_start_on_monday():
    assert WEEKDAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def test_template_grace_defaults_to_zero():
    assert (A.late_grace_minutes, A.early_grace_minutes) == (0, 0)


@pytest.mark.parametrize(
    ("template", "crosses"),
    [(A, False), (B, False), (C, False), (N, True)],
    ids=["A", "B", "C", "N"],
)
def test_crosses_midnight(template, crosses):
    assert template.crosses_midnight is crosses


def test_start_equal_to_end_is_a_24_hour_shift():
    day_long = ShiftTemplate("D", "全日", "24h", time(8, 0), time(8, 0))
    assert day_long.crosses_midnight is True
    placed = place_shift(day_long, DAY, TZ)
    assert placed.end - placed.start == timedelta(hours=24)


@pytest.mark.parametrize(
    ("lang", "label"), [("zh", "全天班"), ("en", "Full day"), ("fr", "Full day")]
)
def test_label_falls_back_to_english_for_other_languages(lang, label):
    assert A.label(lang) == label


# --- placing a template on a date ---------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "start", "end", "break_start", "break_end"),
    [
        (A, at(8), at(18), at(12), at(14)),
        (B, at(8), at(16), at(11, 30), at(12)),
        (C, at(12), at(20), at(17, 30), at(18)),
        (N, at(22), next_day(6), next_day(2), next_day(2, 30)),
    ],
    ids=["A", "B", "C", "N"],
)
def test_place_shift_gives_exact_local_times(template, start, end, break_start, break_end):
    placed = place_shift(template, DAY, TZ)
    assert placed.template is template
    assert placed.date == DAY
    assert (placed.start, placed.end) == (start, end)
    assert (placed.break_start, placed.break_end) == (break_start, break_end)
    assert placed.start.utcoffset() == timedelta(hours=8)


def test_night_shift_keeps_its_start_date_but_ends_and_breaks_on_the_next_day():
    placed = shift(N)
    assert placed.date == date(2026, 11, 27)
    assert placed.end.date() == placed.break_start.date() == placed.break_end.date() == NEXT_DAY
    assert placed.end == datetime(2026, 11, 28, 6, 0, tzinfo=TZ)


def test_template_without_break_has_no_break_times():
    placed = shift(NO_BREAK)
    assert (placed.break_start, placed.break_end) == (None, None)


def test_half_a_break_is_treated_as_no_break():
    template = ShiftTemplate("H", "h", "h", time(8, 0), time(18, 0), break_start=time(12, 0))
    placed = place_shift(template, DAY, TZ)
    assert (placed.break_start, placed.break_end) == (None, None)
    assert net_minutes(template) == 600


@pytest.mark.parametrize(
    ("template", "opens", "closes"),
    [
        (A, at(7), at(20)),
        (B, at(7), at(18)),
        (C, at(11), at(22)),
        (N, at(21), next_day(8)),
    ],
    ids=["A", "B", "C", "N"],
)
def test_default_windows(template, opens, closes):
    placed = shift(template)
    assert placed.checkin_opens(RULES) == opens
    assert placed.checkout_closes(RULES) == closes


def test_windows_follow_the_rules():
    rules = Rules(checkin_opens_before_minutes=15, checkout_closes_after_minutes=0)
    assert shift(A).checkin_opens(rules) == at(7, 45)
    assert shift(A).checkout_closes(rules) == at(18)


# --- minute arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(8, 0, 0), at(8, 0)),
        (at(8, 0, 59), at(8, 0)),
        (at(8, 0, 59).replace(microsecond=999_999), at(8, 0)),
        (at(8, 1, 0), at(8, 1)),
        (at(23, 59, 59), at(23, 59)),
    ],
)
def test_to_minute_truncates_never_rounds(moment, expected):
    assert to_minute(moment) == expected
    assert to_minute(moment).tzinfo is TZ


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (at(8), at(8), 0),
        (at(8), at(8, 0, 59), 0),
        (at(8), at(8, 1), 1),
        (at(8), at(18), 600),
        (at(8, 1), at(8), -1),
        (at(8, 0, 30), at(8), -1),  # floors toward the past
        (at(22), next_day(6), 480),
    ],
)
def test_minutes_between(earlier, later, expected):
    assert minutes_between(earlier, later) == expected


def test_minutes_between_compares_instants_across_offsets():
    utc_midnight = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    assert minutes_between(utc_midnight, at(8, 30)) == 30
    fixed = datetime(2026, 11, 27, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert minutes_between(at(8), fixed) == 60


def test_minutes_between_counts_real_time_across_a_dst_change():
    berlin = ZoneInfo("Europe/Berlin")
    # 2026-10-25 03:00 CEST -> 02:00 CET: the night from 22:00 to 06:00 lasts nine hours.
    night = place_shift(N, date(2026, 10, 24), berlin)
    assert minutes_between(night.start, night.end) == 540
    assert worked_minutes(night, night.start, night.end) == 510


# --- late and early minutes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "late", "flag"),
    [
        (at(7, 0), 0, False),
        (at(7, 59, 59), 0, False),
        (at(8, 0, 0), 0, False),
        (at(8, 0, 59), 0, False),
        (at(8, 1, 0), 1, True),
        (at(8, 1, 59), 1, True),
        (at(8, 30), 30, True),
        (at(17, 59), 599, True),
    ],
)
def test_late_minutes_read_the_clock_to_the_minute(moment, late, flag):
    placed = shift(A)
    assert late_minutes(placed, moment) == late
    assert is_late(placed, moment) is flag


@pytest.mark.parametrize(
    ("moment", "late", "flag"),
    [
        (at(8, 0), 0, False),
        (at(8, 5, 0), 5, False),
        (at(8, 5, 59), 5, False),
        (at(8, 6, 0), 6, True),
    ],
)
def test_late_grace_allows_minutes_but_still_counts_them(moment, late, flag):
    placed = shift(ShiftTemplate("A5", "a", "a", time(8), time(18), late_grace_minutes=5))
    assert late_minutes(placed, moment) == late
    assert is_late(placed, moment) is flag


@pytest.mark.parametrize(
    ("moment", "early", "flag"),
    [
        (at(18, 0, 0), 0, False),
        (at(18, 0, 59), 0, False),
        (at(19, 30), 0, False),
        (at(17, 59, 59), 1, True),
        (at(17, 59, 0), 1, True),
        (at(17, 58, 59), 2, True),
        (at(12, 0), 360, True),
    ],
)
def test_early_minutes_read_the_clock_to_the_minute(moment, early, flag):
    placed = shift(A)
    assert early_minutes(placed, moment) == early
    assert is_early_leave(placed, moment) is flag


@pytest.mark.parametrize(
    ("moment", "early", "flag"),
    [(at(17, 55), 5, False), (at(17, 54, 59), 6, True), (at(17, 54), 6, True)],
)
def test_early_grace(moment, early, flag):
    placed = shift(ShiftTemplate("A5", "a", "a", time(8), time(18), early_grace_minutes=5))
    assert early_minutes(placed, moment) == early
    assert is_early_leave(placed, moment) is flag


def test_night_shift_late_and_early_count_across_midnight():
    placed = shift(N)
    assert late_minutes(placed, at(21, 30)) == 0
    assert late_minutes(placed, next_day(0, 30)) == 150
    assert early_minutes(placed, next_day(5, 0)) == 60
    assert early_minutes(placed, next_day(6, 0)) == 0
    assert early_minutes(placed, at(23, 0)) == 420


# --- worked minutes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "check_in", "check_out", "worked"),
    [
        pytest.param(A, at(8), at(18), 480, id="A-full"),
        pytest.param(B, at(8), at(16), 450, id="B-full"),
        pytest.param(C, at(12), at(20), 450, id="C-full"),
        pytest.param(N, at(22), next_day(6), 450, id="N-full"),
        pytest.param(A, at(13), at(18), 240, id="A-in-during-break"),
        pytest.param(A, at(8), at(13), 240, id="A-out-during-break"),
        pytest.param(A, at(12), at(14), 0, id="A-exactly-the-break"),
        pytest.param(A, at(12, 10), at(13, 50), 0, id="A-inside-break"),
        pytest.param(A, at(8), at(12), 240, id="A-morning-only"),
        pytest.param(A, at(14), at(18), 240, id="A-afternoon-only"),
        pytest.param(A, at(7, 30), at(18), 510, id="A-early-arrival-counts"),
        pytest.param(A, at(8), at(20), 600, id="A-stays-late-counts"),
        pytest.param(A, at(8, 0, 59), at(18, 0, 59), 480, id="seconds-truncated"),
        pytest.param(A, at(8, 0, 59), at(17, 59, 59), 479, id="seconds-truncated-early"),
        pytest.param(A, at(18), at(8), 0, id="clock-stepped-back"),
        pytest.param(A, at(13), at(12, 30), 0, id="stepped-back-in-break"),
        pytest.param(A, at(9), at(9), 0, id="same-minute"),
        pytest.param(A, at(9, 0, 10), at(9, 0, 50), 0, id="same-minute-seconds"),
        pytest.param(N, at(22), next_day(2, 15), 240, id="N-out-during-break"),
        pytest.param(N, at(21, 55), next_day(5), 395, id="N-early-in-early-out"),
        pytest.param(NO_BREAK, at(8), at(18), 600, id="no-break"),
    ],
)
def test_worked_minutes_less_meal_break_overlap(template, check_in, check_out, worked):
    assert worked_minutes(shift(template), check_in, check_out) == worked


@pytest.mark.parametrize(
    ("template", "net"),
    [(A, 480), (B, 450), (C, 450), (N, 450), (NO_BREAK, 600)],
    ids=["A", "B", "C", "N", "no-break"],
)
def test_net_minutes(template, net):
    assert net_minutes(template) == net


_TIMES = st.datetimes(
    min_value=datetime(2026, 11, 27, 0, 0),
    max_value=datetime(2026, 11, 29, 0, 0),
    timezones=st.just(TZ),
)


@given(check_in=_TIMES, check_out=_TIMES, template=st.sampled_from([A, B, C, N, NO_BREAK]))
def test_worked_minutes_is_never_negative_nor_more_than_elapsed(check_in, check_out, template):
    worked = worked_minutes(shift(template), check_in, check_out)
    elapsed = minutes_between(to_minute(check_in), to_minute(check_out))
    assert 0 <= worked <= max(0, elapsed)
    if template is NO_BREAK:
        assert worked == max(0, elapsed)
