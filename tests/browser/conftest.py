"""The browser tests drive the real `kiosk serve` through real tabs, paced by the page's own
repaints: on a loaded 2-core CI machine a keystroke can land before the tab has moved on
(a second tab's Down before its F4, five PIN guesses spread past the minute they must fit
in). A failed browser test is run once more before it counts; a real fault fails both."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.flaky(reruns=1))
