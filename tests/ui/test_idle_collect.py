"""The kiosk's idle garbage collection (screens/app.py `collect_garbage`) must not keep what
it froze alive for ever: a screen or a board's rows alive at one idle moment and dropped
later sit in reference cycles, and objects frozen by `gc.freeze()` are never collected. The
90-day soak (tests/soak) grew 4.5 MB a simulated day until each collection unfroze first."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from textual._styles_cache import StylesCache

from screens.widgets.plain import Plain
from tests.ui.kiosk_ui import SIZE, make_harness, settle


class Cycle:
    """A stand-in for a widget tree: it refers to itself, so only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_what_an_idle_collection_froze_is_freed_once_dropped(tmp_path: Path) -> None:
    harness = make_harness(tmp_path / "data")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        alive = Cycle()
        gone = weakref.ref(alive)
        harness.app.collect_garbage()  # `alive` is alive here: frozen with the rest
        del alive
        harness.app.collect_garbage()  # the next idle moment
        assert gone() is None
    assert gc.get_freeze_count() == 0


async def test_an_idle_collection_lets_go_of_painted_widgets_render_caches(
    tmp_path: Path,
) -> None:
    """Textual 8.2.8's StylesCache.get_inner_outer is an lru_cache(1024) on a method: its
    keys hold each painted widget's StylesCache (and every line it rendered) after the
    widget is gone. In the soak's first week they were 150,000 objects (closed boards and
    dialogs, their lines), 17 MB of RSS by day 8, until the idle collection emptied it."""
    harness = make_harness(tmp_path / "data")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = Plain("painted, then removed")
        await harness.app.home.mount(line)
        await settle(pilot)
        assert StylesCache.get_inner_outer.cache_info().currsize > 0  # what painting left
        await line.remove()
        await settle(pilot)
        harness.app.collect_garbage()
        assert StylesCache.get_inner_outer.cache_info().currsize == 0
