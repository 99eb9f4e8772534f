"""kiosk.log: rotated by size, private, and never holding a PIN or a DSN's password."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import default_config_text, parse_config
from kiosk.domain.redact import redact
from kiosk.store.log_file import start_logging

DSN = "postgresql://kiosk:Hunter2-secret@db.example:5432/attendance"


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "kiosk.log"
    handler = start_logging(path, max_bytes=2_000, backups=2)
    try:
        yield path
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _fail_with_secrets(pin: str) -> None:
    raise RuntimeError(f"could not connect to {DSN} (host=db password=Hunter2-secret)")


def test_a_traceback_with_a_dsn_password_and_a_pin_is_masked(log_path: Path) -> None:
    typed = "47" + "11"  # not a literal: the traceback shows the source line
    try:
        _fail_with_secrets(typed)
    except RuntimeError:
        logging.getLogger("kiosk").exception(
            "sign-in failed for %s", {"staff_id": "9001", "pin": "4711"}
        )
    logging.getLogger("kiosk").error("lead 9001 typed PIN 4711, new_pin=8642")
    text = log_path.read_text("utf-8")
    assert "Traceback" in text and "_fail_with_secrets" in text
    for secret in ("Hunter2-secret", "4711", "8642"):
        assert secret not in text
    assert "postgresql://kiosk:***@db.example:5432/attendance" in text
    assert "'staff_id': '9001'" in text  # what IT needs stays


def test_the_log_rotates_by_size_and_every_file_is_private(log_path: Path) -> None:
    log = logging.getLogger("kiosk")
    for index in range(200):
        log.warning("line %d %s", index, "x" * 60)
    files = sorted(log_path.parent.glob("kiosk.log*"))
    assert [f.name for f in files] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert path.stat().st_size <= 2_100


def test_a_log_an_older_kiosk_left_readable_is_made_private(tmp_path: Path) -> None:
    for name in ("kiosk.log", "kiosk.log.1"):
        (tmp_path / name).write_text("old\n")
        (tmp_path / name).chmod(0o644)
    handler = start_logging(tmp_path / "kiosk.log", max_bytes=1_000, backups=1)
    logging.getLogger().removeHandler(handler)
    handler.close()
    for name in ("kiosk.log", "kiosk.log.1"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("host=db password='a b' user=u", "host=db password=*** user=u"),
        ('{"pin": "1234"}', "{\"pin\": '***'}"),
        ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
        ("PGPASSWORD=zz pin_max_attempts=5", "PGPASSWORD=*** pin_max_attempts=5"),
        ("http://user:pw@host/x", "http://user:***@host/x"),
    ],
)
def test_redact_masks_each_kind_of_secret(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_log_rotation_is_set_in_kiosk_toml() -> None:
    shipped = parse_config(default_config_text())
    assert (shipped.log_max_mb, shipped.log_keep_files) == (5, 5)
    edited = default_config_text().replace("max_mb = 5 ", "max_mb = 1 ")
    assert parse_config(edited).log_max_mb == 1
