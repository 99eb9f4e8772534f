"""Building a day's records with the cyclic garbage collector held off until done.

At 5,000 staff a day is 50,000 parsed events, and a board or a close builds some 100,000
small objects beside them. The allocations keep triggering collections, and each full
one walks every object the process holds: measured, about a third of a warm close and half
of a board opened again (issue 15). Nothing built there forms a reference cycle (records,
rows and frozen dataclasses are freed by reference counting as usual), so the collector
is paused while such a batch is built and runs as before once the last one ends. The
central month report (300,000 person-days read, judged and written as CSV) is one such
batch too: with the collector on, reading the kept month took three times as long.

The pause ends with `gc.freeze()`: every object then tracked goes to the permanent
generation, and the young generations start empty. Without it, the first allocation after
the pause found a million objects counted in the youngest generation and collected them
all: 100 ms at the end of each cold board or close at 5,000 staff. What is frozen is not
lost: it is freed by reference counting as before, and the running kiosk's idle
collection (screens/app.py collect_garbage) unfreezes, collects and freezes again, which
is how it treats the survivors of its start already.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # batches being built now, in any thread
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic collector off for the block (nested and threaded blocks share one
    pause); it is enabled again after the last, if it was enabled before the first."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.freeze()  # see the module docstring: no collection of the batch now
                gc.enable()
