"""A real PostgreSQL server for the central-database tests, and a fresh database per test.

`.ci/run` starts a server and sets KIOSK_TEST_PG_DSN. Without it (a developer's `make
test`), the session starts its own with the same script, if PostgreSQL is installed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from tests.central.pg_server import NoPostgres, postgres_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The DSN of a server's maintenance database (`postgres`)."""
    try:
        with postgres_server() as dsn:
            yield dsn
    except NoPostgres as missing:
        pytest.skip(f"no PostgreSQL server for the tests: {missing}")


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
