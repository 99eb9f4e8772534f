"""The month plan's rules (kiosk.domain.month_plan), at their boundaries: 28-, 30- and
31-day months, a month starting on Sunday, a week without rest across the month's edge,
mid-month hires and leavers, min_staff coverage. Pure: plans are built by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.domain.month_plan import (
    DayEntry,
    PersonDays,
    build_month,
    month_days,
    plan_span,
    rest_ceiling,
    rest_entitlement,
    rest_still_owed,
)
from kiosk.domain.plans import choose_plan

CODES = ("A", "B", "C")


def weekly(
    year: int,
    month: int,
    rest_day: str = "sun",
    shift: str = "A",
    starts: date | None = None,
    leaves: date | None = None,
    overrides: dict[date, str] | None = None,
    leave: dict[date, str] | None = None,
) -> dict[date, DayEntry | None]:
    first, last = plan_span(year, month)
    days: dict[date, DayEntry | None] = {}
    day = first
    while day <= last:
        employed = (starts is None or day >= starts) and (leaves is None or day < leaves)
        if employed:
            on_leave = (leave or {}).get(day)
            choice = choose_plan(
                day, shift, rest_day, (overrides or {}).get(day), on_leave is not None
            )
            days[day] = DayEntry(choice, on_leave)
        else:
            days[day] = None
        day += timedelta(days=1)
    return days


def month(year: int, number: int, *people: PersonDays, min_staff=None, per_week: int = 1):
    return build_month(year, number, people, CODES, min_staff or {}, per_week)


@pytest.mark.parametrize(
    ("employed", "per_week", "owed"),
    [(28, 1, 4), (29, 1, 4), (30, 1, 4), (31, 1, 4), (15, 1, 2), (14, 1, 2), (3, 1, 0),
     (4, 1, 1), (31, 2, 9), (28, 0, 0), (31, 7, 31), (7, 1, 1)],
)  # fmt: skip
def test_entitlement_is_rounded_half_up_pro_rata(employed: int, per_week: int, owed: int) -> None:
    assert rest_entitlement(employed, per_week) == owed


def test_rounding_at_the_half() -> None:
    """x / 7 is never exactly .5 for whole counts; the nearest cases go each way."""
    assert rest_entitlement(35, 3) == 15  # exactly 15
    assert rest_entitlement(7 * 5 + 3, 1) == 5  # 5.43 -> 5
    assert rest_entitlement(7 * 4 + 4, 1) == 5  # 4.57 -> 5
    assert rest_entitlement(3, 7) == 3


@pytest.mark.parametrize(
    ("year", "number", "days", "sundays"),
    [(2026, 2, 28, 4), (2026, 11, 30, 5), (2026, 12, 31, 4), (2027, 2, 28, 4)],
)
def test_month_lengths_and_weekly_rest(year: int, number: int, days: int, sundays: int) -> None:
    plan = month(year, number, PersonDays("1", "张丽", weekly(year, number)))
    person = plan.people[0]
    assert len(plan.days) == days == len(person.cells) == len(plan.coverage)
    assert person.days_employed == days
    assert person.rest_planned == sundays
    assert person.rest_entitled == 4
    assert person.rest_over == 0  # the weekly pattern: 4 or 5 Sundays, never too many
    assert person.rest_left == 0
    assert person.weeks_without_rest == ()


def test_a_month_starting_on_sunday_judges_its_first_week_whole() -> None:
    """2026-11-01 is a Sunday: its week began on Monday 26 October. A person resting on
    Wednesdays rested on 28 October, so that week has its rest, though not in November."""
    assert date(2026, 11, 1).weekday() == 6
    first, last = plan_span(2026, 11)
    assert first == date(2026, 10, 26) and last == date(2026, 12, 6)
    wed = PersonDays("1", "张丽", weekly(2026, 11, rest_day="wed"))
    plan = month(2026, 11, wed)
    assert plan.people[0].weeks_without_rest == ()
    # Moving that one rest (28 Oct) to a shift leaves the week of 26 Oct without rest.
    moved = weekly(2026, 11, rest_day="wed", overrides={date(2026, 10, 28): "A"})
    plan = month(2026, 11, PersonDays("1", "张丽", moved))
    assert plan.people[0].weeks_without_rest == (date(2026, 10, 26),)
    assert plan.people[0].rest_planned == 4  # October's day is not November's


def test_a_week_without_rest_inside_the_month() -> None:
    days = weekly(2026, 11, overrides={date(2026, 11, 15): "B"})  # a Sunday worked
    person = month(2026, 11, PersonDays("1", "张丽", days)).people[0]
    assert person.weeks_without_rest == (date(2026, 11, 9),)
    assert person.rest_planned == 4 and person.rest_left == 0 and person.rest_over == 0
    assert person.cells[14].kind == "shift" and person.cells[14].override


def test_two_rest_days_a_week() -> None:
    days = weekly(2026, 11)  # one Sunday rest a week, two owed
    person = month(2026, 11, PersonDays("1", "张丽", days), per_week=2).people[0]
    assert person.rest_entitled == 9  # 30 x 2 / 7 = 8.57
    assert person.rest_left == 4
    assert len(person.weeks_without_rest) == 6  # every whole week of the span is short


def test_leave_uses_no_rest_day_and_its_week_is_not_judged() -> None:
    leave = {date(2026, 11, d): "sick" for d in range(9, 16)}  # Mon 9 .. Sun 15
    days = weekly(2026, 11, leave=leave)
    person = month(2026, 11, PersonDays("1", "张丽", days)).people[0]
    assert person.rest_planned == 4  # the Sunday 15 is leave, not rest
    assert person.rest_entitled == 4
    assert person.weeks_without_rest == ()
    assert person.cells[14].kind == "leave" and person.cells[14].leave_type == "sick"


def test_mid_month_hire_and_leaver_pro_rata() -> None:
    hired = weekly(2026, 11, starts=date(2026, 11, 16))  # 15 days on the staff
    left = weekly(2026, 11, leaves=date(2026, 11, 4))  # the 1st to the 3rd
    gone = weekly(2026, 11, leaves=date(2026, 10, 1))  # not on the staff in November
    plan = month(
        2026, 11, PersonDays("1", "张丽", hired), PersonDays("2", "李娜", left),
        PersonDays("3", "王静", gone),
    )  # fmt: skip
    by_id = {p.staff_id: p for p in plan.people}
    assert set(by_id) == {"1", "2"}
    assert by_id["1"].days_employed == 15 and by_id["1"].rest_entitled == 2
    assert by_id["1"].rest_planned == 2  # Sundays 22 and 29
    assert by_id["1"].cells[0].kind == "off"
    assert by_id["2"].days_employed == 3 and by_id["2"].rest_entitled == 0
    # partial weeks (joined or left in them) are not judged
    assert by_id["1"].weeks_without_rest == () and by_id["2"].weeks_without_rest == ()


def test_coverage_against_min_staff_and_the_leadership_list() -> None:
    rest_sun = PersonDays("1", "张丽", weekly(2026, 2))
    rest_mon = PersonDays("2", "李娜", weekly(2026, 2, rest_day="mon"))
    few = PersonDays("3", "王静", weekly(2026, 2, rest_day="tue", shift="B"))
    plan = month(2026, 2, rest_sun, rest_mon, few, min_staff={"A": 2})
    feb1 = plan.coverage[0]  # a Sunday: 张丽 rests, A has one
    counts = {s.shift: s for s in feb1.shifts}
    assert counts["A"].planned == 1 and counts["A"].short and counts["A"].min_staff == 2
    assert counts["B"].planned == 1 and not counts["B"].short and counts["B"].min_staff is None
    assert feb1.rest == 1 and feb1.short
    mondays_and_sundays = {d for d in plan.days if d.weekday() in (0, 6)}
    assert set(plan.short_days) == mondays_and_sundays
    assert [p.name for p in plan.people] == ["李娜", "王静", "张丽"]  # pinyin order
    assert plan.unscheduled == ()
    data = plan.to_json()
    assert data["short_days"][0] == "2026-02-01"
    assert data["rest_unscheduled"] == []


def test_rest_left_is_listed_for_the_leadership() -> None:
    days = weekly(2026, 12, overrides={date(2026, 12, 6): "A", date(2026, 12, 13): "A"})
    plan = month(2026, 12, PersonDays("1", "张丽", days))
    assert plan.people[0].rest_planned == 2 and plan.people[0].rest_left == 2
    assert plan.to_json()["rest_unscheduled"] == [{"staff_id": "1", "name": "张丽", "days": 2}]


def test_rest_still_owed_never_goes_below_zero() -> None:
    assert [rest_still_owed(4, taken) for taken in (0, 1, 4, 5)] == [4, 3, 0, 0]


def test_rest_over_counts_beyond_the_weekly_rate_rounded_up() -> None:
    """30 days at one a week: 4 owed (4.29), at most 5 planned without a warning."""
    assert rest_entitlement(30, 1) == 4 and rest_ceiling(30, 1) == 5
    assert rest_ceiling(28, 1) == 4 and rest_ceiling(31, 1) == 5 and rest_ceiling(0, 1) == 0
    saturdays = {d: "rest" for d in month_days(2026, 11) if d.weekday() == 5}
    plan = month(2026, 11, PersonDays("1", "张丽", weekly(2026, 11, overrides=saturdays)))
    person = plan.people[0]
    assert person.rest_planned == 9 and person.rest_over == 4  # 5 Sundays + 4 Saturdays
