"""A day file edited under a running kiosk (issue 15). The kiosk keeps what it parsed and
re-checks only the events added since; an edit of an earlier line, made in place while the
kiosk runs, must still be seen at the very next close or export, never passed as checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.errors import StoreError
from kiosk.i18n import Translator
from tests.close.scripted_day import at, services_at

DAY = date(2026, 11, 27)


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes of the file where they are (same inode, same size): as `sed -i` would not
    (it writes a new file), but a careful attacker with an editor's r+ mode would."""
    assert len(old) == len(new)
    raw = path.read_bytes()
    assert raw.count(old) == 1
    with path.open("r+b") as handle:
        handle.seek(raw.index(old))
        handle.write(new)


def test_an_earlier_line_edited_in_place_is_refused_by_the_next_close(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    at(services, "08:20")
    services.punch.punch("1002")
    at(services, "20:40")
    assert services.day_close.close(DAY).changed  # checked once: every event verified
    at(services, "20:45")
    services.punch.correct("1001", at(services, "20:45"), "L001", "忘记签到", "check_in")
    path = services.store.days.path_for(DAY)
    edit_in_place(path, b'"at":"2026-11-27T08:20', b'"at":"2026-11-27T07:58')  # 1002 "on time"
    with pytest.raises(StoreError) as refused:
        services.day_close.close(DAY)
    assert refused.value.code == "day_tampered"
    with pytest.raises(StoreError) as export:
        services.exports.day(DAY, "csv", Translator("en"))
    assert export.value.code == "day_tampered"


def test_events_added_since_the_last_check_are_checked_too(tmp_path: Path) -> None:
    """The new line itself is not trusted for having come after verified ones."""
    services = services_at(tmp_path / "data")
    at(services, "08:20")
    services.punch.punch("1002")
    at(services, "20:40")
    services.day_close.close(DAY)
    path = services.store.days.path_for(DAY)
    forged = path.read_bytes().splitlines()[0].replace(b'"1002"', b'"1001"')
    with path.open("ab") as handle:  # a line appended by hand, copying a signed one
        handle.write(forged + b"\n")
    with pytest.raises(StoreError) as refused:
        services.day_close.close(DAY)
    assert refused.value.code == "day_tampered"
