"""The board keeps each person's row between reads (services/row_cache.py, issue 15), and a
kept row is never stale: after every kind of change a row depends on (the person's events,
their plan, leave, the staff record, the checking lead's name, the rule book, the clock
across a shift's end and its check-out window, the close, a hand edit of the file), the
running kiosk's board equals the board a fresh process reads from the same folder."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.domain.rule_book import RuleBook
from kiosk.errors import RefusedError, UsageError
from kiosk.services.board import BoardRow
from kiosk.services.container import Services
from tests.close.scripted_day import DAY, at, script_the_day, services_at
from tests.day_files import read_day_file, write_day_file


def fresh_rows(data_dir: Path, services: Services) -> list[BoardRow]:
    """The board as a process started now would read it: nothing kept."""
    again = wire_services(data_dir, clock=FixedClock(services.clock.now()))
    return again.board.rows(DAY)


def row_of(services: Services, staff_id: str) -> BoardRow:
    return next(r for r in services.board.rows(DAY) if r.staff.id == staff_id)


def test_rows_are_kept_while_nothing_changes(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    first = services.board.rows(DAY)
    again = services.board.rows(DAY)
    assert all(a is b for a, b in zip(first, again, strict=True))  # kept, not rebuilt
    # one person's new event rebuilds only their row
    eight = datetime.combine(DAY, time(8, 0), services.config.timezone)
    services.punch.correct("1010", eight, "L001", "补", "check_in")
    third = services.board.rows(DAY)
    rebuilt = [b.staff.id for a, b in zip(again, third, strict=True) if a is not b]
    assert rebuilt == ["1010"]


def test_each_change_reaches_the_row(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "07:50")
    services.punch.punch("L001")
    assert row_of(services, "1001").state == "not_in"

    at(services, "08:20")  # an event of the person
    services.punch.punch("1001")
    assert row_of(services, "1001").state == "late"
    at(services, "08:30")  # a correction replaces the kept check-in
    services.punch.correct("1001", at(services, "07:59"), "L001", "忘记", "check_in")
    assert row_of(services, "1001").state == "in"
    services.appearance.check("1001", by="L001", failed=["nails"])
    checked = row_of(services, "1001")
    assert checked.appearance is not None and checked.appearance.by_name == "孙主任"

    # the checking lead's name (their own row is not the one that shows it)
    services.staff.change("L001", DAY, name="孙护士长")
    assert row_of(services, "1001").appearance.by_name == "孙护士长"  # type: ignore[union-attr]
    services.staff.change("1001", DAY, name="张莉")  # the person's own record
    assert row_of(services, "1001").person.name == "张莉"

    assert row_of(services, "1002").state == "not_in"
    services.roster.set("1002", DAY, "C", why="test")  # the plan: a roster override
    moved = row_of(services, "1002")
    assert (moved.plan.shift_code, moved.shift.template.code) == ("C", "C")
    services.roster.set("1002", DAY, "rest", why="test")
    assert row_of(services, "1002").state == "rest"
    services.leave.add("1003", "sick", DAY, DAY, phoned=True)  # leave
    assert row_of(services, "1003").state == "leave"
    assert "leave_paperwork_pending" in row_of(services, "1003").flags
    services.staff.end_employment("1004", DAY)  # left: no row at all
    assert "1004" not in {r.staff.id for r in services.board.rows(DAY)}
    assert services.board.rows(DAY) == fresh_rows(data, services)


def test_the_clock_across_a_shift_end_and_the_check_out_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "07:55")
    services.punch.punch("1001")  # A, 08:00-18:00
    at(services, "17:59")
    assert row_of(services, "1007").state == "not_in"  # A, never came
    assert "no_checkout" not in row_of(services, "1001").flags
    at(services, "18:00")  # the shift has ended: absent
    assert row_of(services, "1007").state == "absent"
    assert "no_checkout" not in row_of(services, "1001").flags  # the window is still open
    window = services.config.rules.checkout_closes_after_minutes
    closes = datetime.combine(DAY, time(18, 0), services.config.timezone) + timedelta(
        minutes=window
    )
    services.clock.set(closes + timedelta(seconds=59))  # type: ignore[attr-defined]
    assert "no_checkout" not in row_of(services, "1001").flags  # read to the minute
    services.clock.set(closes + timedelta(minutes=1))  # type: ignore[attr-defined]
    assert "no_checkout" in row_of(services, "1001").flags
    assert services.board.rows(DAY) == fresh_rows(data, services)
    services.clock.set(closes - timedelta(hours=1))  # type: ignore[attr-defined]  # set back
    assert "no_checkout" not in row_of(services, "1001").flags
    assert services.board.rows(DAY) == fresh_rows(data, services)


def test_the_close_and_an_early_close_judge_as_a_fresh_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    script_the_day(services)
    at(services, "13:00")  # early: C is still on, B's check-outs not yet missing
    live = services.board.rows(DAY)
    assert any(r.state == "not_in" for r in live)
    closed = services.day_close.close(DAY)  # final: not in is absent, no check-out flagged
    fresh_close = wire_services(data, clock=FixedClock(services.clock.now()))
    assert list(closed.summary.people) == [
        r.person
        for r in fresh_close.board.rows_from(DAY, services.store.days.events(DAY), final=True)
    ]
    after = services.board.rows(DAY)
    assert not any(r.state == "not_in" for r in after)
    assert after == fresh_rows(data, services)
    services.punch.correct("1007", at(services, "13:10"), "L001", "补", "check_out")
    again = services.day_close.close(DAY)
    assert again.revision == 2
    assert list(again.summary.people) == [r.person for r in fresh_rows(data, services)]


def test_another_rule_book_is_not_given_the_kept_rows(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    events = services.store.days.events(DAY)
    kept = services.board.rows_from(DAY, events, keep=True)
    book = services.config.rule_book
    later = replace(book.shifts["A"], start=time(8, 30))
    moved = RuleBook({**book.shifts, "A": later}, book.rules)
    judged = services.board.rows_from(DAY, events, book=moved, keep=True)
    plain = services.board.rows_from(DAY, events, book=moved)
    assert judged == plain and judged != kept
    by_id = {r.staff.id: r for r in judged}
    assert by_id["1002"].late_minutes == 0  # 08:07 is on time for an 08:30 start
    stricter = replace(book.rules, checkout_closes_after_minutes=0)
    assert services.board.rows_from(
        DAY, events, book=RuleBook(book.shifts, stricter), keep=True
    ) == services.board.rows_from(DAY, events, book=RuleBook(book.shifts, stricter))


def test_a_hand_edit_of_the_file_is_read_as_new_records(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    script_the_day(services)
    assert row_of(services, "1002").late_minutes == 7
    path = services.store.days.path_for(DAY)
    events = read_day_file(path)
    first = next(e for e in events if e.get("staff_id") == "1002" and e["type"] == "punch")
    first["at"] = first["at"].replace("08:07", "08:17")  # same size: only a byte changes
    write_day_file(path, events)
    assert row_of(services, "1002").late_minutes == 17
    assert services.board.rows(DAY) == fresh_rows(data, services)


def test_random_changes_never_leave_a_stale_row(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    rng = random.Random(15)
    ids = [m.id for m in services.staff.all()]
    minute = 7 * 60 + 30
    for _ in range(40):
        minute += rng.randint(0, 45)
        hhmm = f"{minute // 60:02d}:{minute % 60:02d}"
        if minute >= 23 * 60:
            break
        at(services, hhmm)
        who = rng.choice(ids)
        step = rng.randrange(5)
        try:
            if step == 0:
                services.punch.punch(who, confirmed=True)
            elif step == 1:
                services.appearance.check(who, by="L001", failed=rng.choice([[], ["nails"]]))
            elif step == 2:
                services.roster.set(who, DAY, rng.choice(["A", "B", "C", "rest"]), why="t")
            elif step == 3:
                action = rng.choice(["check_in", "check_out"])
                services.punch.correct(who, at(services, hhmm), "L001", "补", action)
            else:
                services.leave.add(who, "sick", DAY, DAY, phoned=True)
        except (RefusedError, UsageError):  # a refused step (shift over, leave twice) is fine
            pass
        assert services.board.rows(DAY) == fresh_rows(data, services), (step, who, hhmm)
