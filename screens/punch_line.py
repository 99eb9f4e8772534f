"""The line of scans waiting to be written: first scanned, first written, none dropped.

A queue at 07:55 scans faster than a busy disk writes. Textual's `exclusive=True` workers are
the wrong tool for this: starting the next one cancels the one before, and a thread worker
cancelled before its thread began is never run (its scan is silently lost), while one
cancelled after keeps running beside the next (the two punches race for the day's lock and
can land out of order). Here every scan is a job in one first-in, first-out line, and at
most one worker thread drains it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

Job = Callable[[], None]


class PunchLine:
    """Jobs run one at a time, in the order they were added, in a worker thread.

    `start_worker` starts a thread worker that calls `drain()`; it is called only when no
    worker is draining, so there is never more than one. Each job catches its own errors and
    posts them as a message; `on_error` gets anything that still escapes one, and the line
    goes on with the next job rather than leaving every later scan waiting."""

    def __init__(
        self, start_worker: Callable[[], object], on_error: Callable[[Exception], None]
    ) -> None:
        self._start_worker = start_worker
        self._on_error = on_error
        self._jobs: deque[Job] = deque()
        self._lock = threading.Lock()
        self._draining = False

    def add(self, job: Job) -> None:
        """Queue a job (on the app's thread); start a worker if none is draining."""
        with self._lock:
            self._jobs.append(job)
            if self._draining:
                return
            self._draining = True
        self._start_worker()

    def drain(self) -> None:
        """Run jobs until the line is empty (in the worker thread). The check for an empty
        line and the end of draining happen under one lock with `add`, so a job added just
        as the last one finishes is either taken here or starts a new worker."""
        while True:
            with self._lock:
                if not self._jobs:
                    self._draining = False
                    return
                job = self._jobs.popleft()
            try:
                job()
            except Exception as err:
                self._on_error(err)

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)
