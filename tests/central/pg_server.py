"""A PostgreSQL server for tests and benchmarks: the one `.ci/run` started, or a private one.

`.ci/run` starts a server with `.ci/postgres` and sets KIOSK_TEST_PG_DSN. Without it (a
developer's machine), a throwaway server is started on a free port with the same script,
if PostgreSQL is installed, and stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "postgres"


class NoPostgres(Exception):
    """PostgreSQL is not installed here, or its server would not start (the reason)."""


@contextmanager
def postgres_server() -> Iterator[str]:
    """The DSN of a server's maintenance database (`postgres`); NoPostgres if none."""
    given = os.environ.get("KIOSK_TEST_PG_DSN")
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="kiosk-test-pg-"))
    with socket.socket() as probe:  # a free port, so a server left running cannot clash
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    started = subprocess.run(
        [str(SCRIPT), "start", str(folder), port], capture_output=True, text=True
    )
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise NoPostgres(started.stderr.strip())
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
