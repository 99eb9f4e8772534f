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
