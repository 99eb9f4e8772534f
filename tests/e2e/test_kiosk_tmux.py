"""End to end: the installed `kiosk` console script in a real terminal (tmux), on a demo folder.

The UI tests drive the app in-process and headless; these start the real binary as a front
desk would, type what a badge scanner types, read what a person would read, and then check
the day file on disk. They cover what only a real process and terminal can break: the console
script and its wiring, the KIOSK_FAKE_NOW clock, wide Chinese text, the PIN mask.

tmux missing is a failure, not a skip: CI installs it (.ci/run), and a silently skipped
end-to-end test is worse than none. Every wait polls the screen with a timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.badges import badge_payload
from kiosk.i18n import Translator
from kiosk.store.site import Store
from tests.cli.cli_helpers import day_events, install_demo
from tests.conftest import FAKE_NOW
from tests.e2e.tmux_session import TmuxSession, kiosk_binary

TR = Translator("zh")
FAKE_HHMM = FAKE_NOW[11:16]  # the running fake clock starts here; a test takes seconds


def start_kiosk(data_dir: Path) -> TmuxSession:
    """The real binary on `data_dir` at FAKE_NOW, in a 100x30 pane, shown its home screen."""
    session = TmuxSession(
        [str(kiosk_binary()), "--data-dir", str(data_dir), "run"],
        env={"KIOSK_FAKE_NOW": FAKE_NOW},
    ).start()
    try:
        session.wait_for(TR.t("home.prompt"), TR.t("status.store_ok"))
    except BaseException:
        session.close()
        raise
    return session


def badge(data_dir: Path, staff_id: str, version: int = 1) -> str:
    """What the scanner types for `staff_id`'s badge, signed with the folder's site key."""
    return badge_payload(Store(data_dir).site_secret(), staff_id, version)


def punches(data_dir: Path, staff_id: str) -> list[dict[str, Any]]:
    return [e for e in day_events(data_dir) if e["staff_id"] == staff_id and e["type"] == "punch"]


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    install_demo(folder)
    return folder


@pytest.fixture
def term(demo_dir: Path) -> Iterator[TmuxSession]:
    """The kiosk running on the demo folder; its tmux server is killed afterwards."""
    session = start_kiosk(demo_dir)
    try:
        yield session
    finally:
        session.close()
    assert not session.is_running(), "the private tmux server outlived the test"


def test_badge_scan_checks_in_on_screen_and_on_disk(term: TmuxSession, demo_dir: Path) -> None:
    term.send_text(badge(demo_dir, "1001"))
    term.send_key("Enter")
    screen, _ = term.wait_for(
        TR.t("result.title.check_in"),
        "张丽",
        TR.t("result.check_in.on_time", time=FAKE_HHMM),
        timeout=10,
    )
    assert "准时" in screen
    stored = punches(demo_dir, "1001")
    assert [(e["action"], e["source"], e["shift"]) for e in stored] == [("check_in", "kiosk", "A")]


def test_second_scan_at_once_is_refused_and_stores_nothing(
    term: TmuxSession, demo_dir: Path
) -> None:
    payload = badge(demo_dir, "1001")
    term.send_text(payload)
    # A payload is a credential: the field shows it masked, never as text.
    screen, _ = term.wait_for("•" * len(payload), timeout=10)
    assert payload[3:] not in screen
    term.send_key("Enter")
    term.wait_for(TR.t("result.title.check_in"), "张丽", timeout=10)
    # The next scan, payload and Enter in one burst, lands while the result is still up.
    term.send_text(payload + "\r")
    first = punches(demo_dir, "1001")
    assert len(first) == 1
    last_at = first[0]["at"][11:16]
    refusal = TR.t("error.duplicate", name="张丽", last_at=last_at)
    term.wait_for(TR.t("result.title.refused"), refusal, timeout=10)
    assert [e["action"] for e in punches(demo_dir, "1001")] == ["check_in"]


def test_typed_id_and_masked_pin_check_in(term: TmuxSession, demo_dir: Path) -> None:
    term.send_text("1002")
    term.send_key("Enter")
    title = TR.t("pin.title", name="李娜", staff_id="1002")
    term.wait_for(title, timeout=10)
    term.send_text("1002")  # demo PINs equal the staff ID
    screen, _ = term.wait_for("••••", timeout=10)
    # The only "1002" on screen is the dialog's title; the PIN itself shows as dots.
    assert screen.count("1002") == 1, screen
    assert all("1002" not in line for line in screen.splitlines() if "••••" in line), screen
    term.send_key("Enter")
    term.wait_for(TR.t("result.title.check_in"), "李娜", gone=[title], timeout=10)
    stored = punches(demo_dir, "1002")
    assert [(e["action"], e["source"]) for e in stored] == [("check_in", "kiosk")]


def test_f_keys_at_the_pin_prompt_and_the_result_are_not_typed(
    term: TmuxSession, demo_dir: Path
) -> None:
    """F3-F12 reach the kiosk as escape sequences: none may end up as PIN characters, close
    the result, or start a scan."""
    f_keys = [f"F{n}" for n in range(3, 13)]
    term.send_text("1002")
    term.send_key("Enter")
    title = TR.t("pin.title", name="李娜", staff_id="1002")
    term.wait_for(title, timeout=10)
    term.send_text("10")
    term.send_keys(*f_keys)
    term.send_text("02")
    term.wait_for("••••", timeout=10)
    term.send_key("Enter")
    done = TR.t("result.title.check_in")
    term.wait_for(done, "李娜", gone=[title], timeout=10)
    term.send_keys(*f_keys)
    term.send_text(badge(demo_dir, "1007") + "\r")  # the next person's scan still lands whole
    term.wait_for(done, "赵雪", timeout=10)
    stored = [e["staff_id"] for e in day_events(demo_dir) if e["type"] == "punch"]
    assert stored == ["1002", "1007"]


def test_queued_scans_typed_as_one_burst_are_all_recorded(
    term: TmuxSession, demo_dir: Path
) -> None:
    """A scanner types payload + CR in one go; the next person does not wait for the result.

    Payload and Enter go in one write, as a fast scanner's do; three people queue behind the
    first, so the race (about 3 in 4 scans here) is all but certain to show while it exists.
    """
    queue = [("1001", "张丽"), ("1002", "李娜"), ("1007", "赵雪"), ("1010", "吴倩")]
    done, checklist = TR.t("result.title.check_in"), TR.t("checklist.hint")
    for staff_id, name in queue:
        term.send_text(badge(demo_dir, staff_id) + "\r")
        screen, _ = term.wait_until(
            lambda s, name=name: (done in s and name in s) or checklist in s,
            f"{name}'s result (or the bug: the previous person's checklist)",
            timeout=10,
        )
        assert checklist not in screen, f"{name}'s scan ended on a checklist:\n{screen}"
    stored = [e["staff_id"] for e in day_events(demo_dir) if e["type"] == "punch"]
    assert sorted(stored) == sorted(staff_id for staff_id, _ in queue)


def test_a_queue_scanned_faster_than_punches_are_written_is_stored_in_order(
    term: TmuxSession, demo_dir: Path
) -> None:
    """Six badges 20 ms apart, none waiting for a result: each stored once, in scan order.
    Before the scan field was emptied at the Enter and scans were written from one line
    (screens/punch_line.py), a badge typed while the one before was being written was
    appended to it and lost, or its punch raced the one before."""
    queue = ["1001", "1002", "1007", "1010", "1003", "1004"]
    for staff_id in queue:
        term.send_text(badge(demo_dir, staff_id) + "\r")
        time.sleep(0.02)
    deadline = time.monotonic() + 20
    stored: list[object] = []
    while time.monotonic() < deadline:
        stored = [e["staff_id"] for e in day_events(demo_dir) if e["type"] == "punch"]
        if len(stored) >= len(queue):
            break
        time.sleep(0.2)
    time.sleep(0.5)  # nothing more arrives late
    stored = [e["staff_id"] for e in day_events(demo_dir) if e["type"] == "punch"]
    assert stored == queue, f"{stored}\n{term.capture()}"
