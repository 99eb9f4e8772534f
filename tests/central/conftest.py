"""A real PostgreSQL server for the central-database tests, and a fresh database per test.

`.ci/run` starts a server and sets KIOSK_TEST_PG_DSN. Without it (a developer's `make
test`), the session starts its own with the same script, if PostgreSQL is installed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "postgres"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The DSN of a server's maintenance database (`postgres`)."""
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
        pytest.skip(f"no PostgreSQL server for the tests: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def central_dsn(pg_server: str) -> Iterator[str]:
    """A DSN to a new, empty database, dropped after the test."""
    name = f"kiosk_test_{secrets.token_hex(4)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_conninfo(pg_server, dbname=name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
