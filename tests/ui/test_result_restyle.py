"""The kept result screen skips Textual's restyle of a pushed screen (screens/result.py
`on_screen_resume`): its styles must still be what a full restyle would give, after a change
of tone while it was hidden and after a change of the style sheet itself (a theme)."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, settle

PARTS = ("#card", "#title", "#name", "#shift", "#outcome", "#note", "#jump", "#hint")


def looks(screen: ResultScreen) -> dict[str, Any]:
    """What each line's styles come to: colour, text style, border, margin, display."""
    seen: dict[str, Any] = {}
    for selector in PARTS:
        styles = screen.query_one(selector, Widget).styles
        seen[selector] = (
            styles.color,
            styles.text_style,
            styles.border,
            styles.margin,
            styles.display,
            styles.background,
        )
    return seen


async def shown_as_restyled(pilot: Any) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ResultScreen)
    kept = looks(screen)
    pilot.app.update_styles(screen)  # what Textual's restyle of a pushed screen does
    assert looks(screen) == kept


async def test_a_kept_result_is_styled_as_a_full_restyle_would(harness: KioskHarness) -> None:
    harness.at("09:40")
    async with harness.app.run_test(size=SIZE) as pilot:
        for staff_id in ("1003", "1001", "1001"):  # ok with a note, late (warn), refused
            await scan(pilot, harness.badge(staff_id))
            await shown_as_restyled(pilot)
            await pilot.press("escape")
            await settle(pilot)


async def test_a_theme_changed_while_hidden_reaches_the_kept_result(
    harness: KioskHarness,
) -> None:
    harness.at("09:40")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1003"))
        before = looks(pilot.app.screen)  # type: ignore[arg-type]
        await pilot.press("escape")
        await settle(pilot)
        pilot.app.theme = "textual-light"
        await settle(pilot)
        await scan(pilot, harness.badge("1002"))
        assert looks(pilot.app.screen)["#card"] != before["#card"]  # type: ignore[arg-type]
        await shown_as_restyled(pilot)


def count_renders(compositor: Any, renders: list[str]) -> None:
    """Note each render of `compositor` (full or partial) in `renders`, as it happens."""
    full, partial = compositor.render_full_update, compositor.render_partial_update

    def counted_full(*args: Any, **kwargs: Any) -> Any:
        renders.append("full")
        return full(*args, **kwargs)

    def counted_partial(*args: Any, **kwargs: Any) -> Any:
        renders.append("partial")
        return partial(*args, **kwargs)

    compositor.render_full_update = counted_full
    compositor.render_partial_update = counted_partial


async def test_a_result_is_painted_whole_in_one_render(harness: KioskHarness) -> None:
    """After a push, the layout's render and the whole-screen repaint are one render, not
    a partial one followed by a full one (screens/result.py `_refresh_layout`), and the
    covered home's repaint is not a second full one (screens/base.py)."""
    harness.at("09:40")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = True
        for staff_id in ("1003", "1001", "1002"):
            screen = harness.app.result_screen
            assert screen is not None
            renders: list[str] = []
            count_renders(screen._compositor, renders)
            try:
                await scan(pilot, harness.badge(staff_id))
                assert pilot.app.screen is screen
            finally:
                del screen._compositor.render_full_update
                del screen._compositor.render_partial_update
            assert renders[:1] == ["full"], renders
            assert renders.count("full") == (2 if first else 1), renders  # a first push also
            first = False  # lays the screen out for the terminal's size, a frame of its own
            await shown_as_restyled(pilot)
            await pilot.press("escape")
            await settle(pilot)
