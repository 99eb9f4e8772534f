"""Telling glibc's malloc to give freed memory back, so a kiosk that runs for months does
not creep (issue 15, the soak).

glibc adjusts two thresholds as it goes: after a large buffer that it had mapped on its own
is freed (a day file read, a board's rows, a close), the size at which it maps large
requests rises to that buffer's size (up to 32 MB) and the free space it keeps at the top
of a heap before giving it back rises to twice that. The Textual workers (the scheduler,
the board, the warm-up) run on several threads and each thread gets a heap of its own, so
each kept up to 16 MB it no longer used: measured in the soak, RSS grew in 16 MB steps
while Python's live blocks and malloc's bytes in use stayed flat, 174 -> 178 MB from day
10 to 14, and `malloc_trim` at the idle collection gave back 1-2 MB (it cannot shrink
a thread's heap top). Fixing both at glibc's starting value (128 KiB) turns the
adjustment off: freed large buffers, and a heap's free top, go back at once.

Elsewhere (macOS, musl, Windows) this does nothing and never fails.
"""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD = -1  # glibc malloc.h
M_MMAP_THRESHOLD = -3
THRESHOLD = 128 * 1024  # glibc's own starting value for both, kept from then on


def return_freed_memory() -> bool:
    """Fix glibc's thresholds (see above), once per process, before the workers start;
    True if glibc took them. Both are set: a process that has already freed a large buffer
    has a raised trim threshold, which fixing the map threshold alone would keep."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 (glibc only: musl has a mallopt that ignores it)
        took_map = libc.mallopt(M_MMAP_THRESHOLD, THRESHOLD)
        took_trim = libc.mallopt(M_TRIM_THRESHOLD, THRESHOLD)
    except (OSError, AttributeError):
        return False
    return bool(took_map and took_trim)
