"""The 考勤表's marks by their stated precedence, the grid's shape, and the department."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.config import default_config_text, parse_config
from kiosk.domain.month_sheet import BLANK, day_mark, month_sheet
from kiosk.domain.summary import DaySummary, PersonDay
from kiosk.errors import ConfigError
from kiosk.i18n import Translator
from kiosk.month_words import mark_symbol


def person(status: str, *flags: str, leave: str | None = None, name: str = "张丽") -> PersonDay:
    return PersonDay("1001", name, "shift", "default", "A", "A", status, flags, None, None,
                     0, 0, None, leave_type=leave)  # fmt: skip


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (person("rest"), "rest"),
        (person("leave", "leave_paperwork_pending", leave="sick"), "leave.sick"),
        (person("leave"), "leave"),
        (person("absent"), "absent"),
        (person("present", "late", "early_leave"), "late_early"),
        (person("present", "late", "no_checkout"), "late"),  # late wins over 缺
        (person("present", "early_leave"), "early_leave"),
        (person("present", "no_checkout", "appearance_unchecked"), "no_checkout"),
        (person("present", "unscheduled"), "on_time"),
        (person("present"), "on_time"),
        (person("expected"), BLANK),
    ],
)
def test_the_mark_of_a_day(day: PersonDay, code: str) -> None:
    assert day_mark(day) == code


def test_symbols_come_from_the_catalog() -> None:
    zh, en = Translator("zh"), Translator("en")
    assert [mark_symbol(c, zh) for c in ("on_time", "late", "late_early", "leave.paid")] == [
        "√", "迟", "迟早", "薪"
    ]  # fmt: skip
    assert mark_symbol("leave.sabbatical", zh) == "假"  # a kind the catalog does not know
    assert mark_symbol("leave.sick", en) == "SL" and mark_symbol(BLANK, en) == ""


def test_the_grid_has_every_day_and_the_people_in_pinyin_order() -> None:
    days = [
        DaySummary(date(2026, 2, 2), "desk-1", 1, None, (person("present", name="周婷"),)),
        DaySummary(
            date(2026, 2, 3), "desk-1", 1, None, (person("leave", leave="sabbatical", name="周婷"),)
        ),
    ]
    other = PersonDay("1002", "李娜", "shift", "default", "A", "A", "absent", (), None, None,
                      0, 0, None)  # fmt: skip
    days[1] = DaySummary(days[1].date, "desk-1", 1, None, (*days[1].people, other))
    sheet = month_sheet("2026-02", date(2026, 2, 1), date(2026, 2, 28), days, ("sick",))
    assert len(sheet.days) == 28 and sheet.closed == (date(2026, 2, 2), date(2026, 2, 3))
    assert [r.name for r in sheet.rows] == ["李娜", "周婷"]
    assert sheet.rows[1].marks[:4] == (BLANK, "on_time", "leave.sabbatical", BLANK)
    assert sheet.rows[0].marks[1:3] == (BLANK, "absent")  # not on the staff on the 2nd
    assert sheet.leave_types == ("sick", "sabbatical")  # an unknown kind gets a column too


def test_the_department_is_a_setting() -> None:
    text = default_config_text()
    assert parse_config(text).department == ""
    assert parse_config('department = "门诊客服中心"\n' + text).department == "门诊客服中心"
    with pytest.raises(ConfigError):
        parse_config('department = "客服\\u001b[2J"\n' + text)
