"""The collector pause around building a day's records (kiosk/gc_pause.py): the collector
runs again after the last block, also after an error, from any thread, and stays off if
it was off before."""

from __future__ import annotations

import gc
import threading

import pytest

from kiosk.gc_pause import collector_paused


def test_paused_inside_and_back_after_nested_blocks_and_errors() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert not gc.isenabled()  # the outer block still builds
    assert gc.isenabled()


def test_blocks_in_two_threads_share_one_pause() -> None:
    inside, leave = threading.Event(), threading.Event()

    @collector_paused()
    def other() -> None:
        inside.set()
        leave.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread is still in its block
    leave.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_block_built_is_frozen_not_collected_when_it_ends() -> None:
    """The pause ends without the collection its allocations would trigger (they go to
    the permanent generation), and what was built is still freed by reference counts."""
    gc.collect()
    frozen = gc.get_freeze_count()
    try:
        with collector_paused():
            built = [{"n": [i]} for i in range(20_000)]
        assert gc.get_freeze_count() >= frozen + 20_000
        assert gc.get_count()[0] < 1_000  # the young generation starts afresh
        del built
        assert gc.get_freeze_count() < frozen + 20_000
    finally:
        gc.unfreeze()
