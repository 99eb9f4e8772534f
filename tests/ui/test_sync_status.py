"""The running kiosk syncs what it closes, and its status line says how that went."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.ui.kiosk_ui import SIZE, make_harness, settle, until


def folder_target(path: Path) -> str:
    return f'\n[[sync.targets]]\nkind = "folder"\npath = "{path}"\n'


def status_text(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.home.query_one("#status", Static).render())


async def test_the_kiosk_closes_and_syncs_at_close_at(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    harness = make_harness(tmp_path / "data", extra_config=folder_target(share))
    harness.services.punch.punch("1001")
    harness.at("20:29")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status_text(pilot).endswith("今日未结账 · 尚未同步")
        harness.at("20:30")
        pilot.app.home.read_status()
        await until(pilot, lambda: status_text(pilot).endswith("上次同步 20:30"))
        assert status_text(pilot).endswith("今日已结账 20:30 · 上次同步 20:30")
    assert sorted(p.name for p in share.iterdir()) == [
        "2026-11-27_desk-1.csv",
        "2026-11-27_desk-1.json",
    ]


async def test_an_unreachable_share_stays_pending_and_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "not-mounted"
    harness = make_harness(tmp_path / "data", extra_config=folder_target(missing))
    harness.services.punch.punch("1001")
    harness.at("20:30")
    async with harness.app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "待同步" in status_text(pilot))
        assert status_text(pilot).endswith("今日已结账 20:30 · 待同步 1 项")
        assert pilot.app.is_running
    assert not missing.exists()  # never created on the kiosk's own disk


async def test_without_a_target_the_line_says_so(tmp_path: Path) -> None:
    harness = make_harness(tmp_path / "data")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status_text(pilot).endswith("今日未结账 · 未设置同步")


async def test_the_lead_sees_a_pending_sync_and_its_reason_and_retries_it(
    tmp_path: Path,
) -> None:
    share = tmp_path / "share"  # not there yet: the share is not mounted
    harness = make_harness(tmp_path / "data", extra_config=folder_target(share))
    harness.services.punch.punch("1001")
    harness.at("20:15")
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("f2")  # close: queued, the folder is missing, so it stays pending
        sync_line = screen.query_one("#sync", Static)
        await until(pilot, lambda: "待同步 1 项" in str(sync_line.render()))
        assert str(share) in str(sync_line.render())
        share.mkdir()  # the share is mounted again
        await pilot.press("f3")
        await until(pilot, lambda: "已送达" in str(sync_line.render()))
    assert len(list(share.iterdir())) == 2


async def test_a_day_the_lead_changes_after_close_is_sent_again_at_once(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    harness = make_harness(tmp_path / "data", extra_config=folder_target(share))
    harness.at("20:30")  # the kiosk closes and sends revision 1 at start
    async with harness.app.run_test(size=SIZE) as pilot:
        sent = share / "2026-11-27_desk-1.json"
        await until(pilot, sent.exists)
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        table = pilot.app.screen.query_one("#board")
        table.move_cursor(row=table.get_row_index("1008"))  # type: ignore[attr-defined]
        await pilot.press("f7")
        await settle(pilot)
        pilot.app.screen.query_one("#type").value = "sick"  # type: ignore[attr-defined]
        pilot.app.screen.query_one("#how").value = "phoned"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await until(pilot, lambda: '"revision": 2' in sent.read_text("utf-8"))
