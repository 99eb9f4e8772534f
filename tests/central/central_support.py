"""Kiosks with their own data folders feeding one central database, driven by the real CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from click.testing import CliRunner

from kiosk.cli import cli
from tests.cli.cli_helpers import install_demo
from tests.conftest import SET_UP_NOW, CliResult, lead_pin_input

DSN_ENV = "KIOSK_TEST_CENTRAL_DSN"
DEAD_DSN = "postgresql://kiosk@127.0.0.1:1/nowhere?connect_timeout=1"


def postgres_target(timeout: float = 3) -> str:
    return (
        f'\n[[sync.targets]]\nkind = "postgres"\ndsn_env = "{DSN_ENV}"\n'
        f"timeout_seconds = {timeout}\n"
    )


@dataclass
class Kiosk:
    """One kiosk's data folder; `dsn` is what its environment says the central DSN is."""

    data_dir: Path
    dsn: str

    def __call__(self, *args: str, now: str, lang: str = "en") -> CliResult:
        result = CliRunner().invoke(
            cli,
            ["--data-dir", str(self.data_dir), "--lang", lang, *args],
            input=lead_pin_input(args),
            env={"KIOSK_FAKE_NOW": now, DSN_ENV: self.dsn},
            catch_exceptions=False,
        )
        return CliResult(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def make_kiosk(folder: Path, kiosk_id: str, dsn: str, staff_csv: str | None = None) -> Kiosk:
    """The demo folder (staff 1001-1011, lead L001) renamed `kiosk_id`, or, with
    `staff_csv`, an empty kiosk with those staff; a postgres target either way."""
    data = folder / kiosk_id
    if staff_csv is None:
        install_demo(data)
    else:
        env = {"KIOSK_FAKE_NOW": SET_UP_NOW}  # set up before every day the tests close
        assert CliRunner().invoke(cli, ["--data-dir", str(data), "init"], env=env).exit_code == 0
    config = data / "kiosk.toml"
    text = config.read_text("utf-8").replace('kiosk_id = "desk-1"', f'kiosk_id = "{kiosk_id}"')
    config.write_text(text + postgres_target(), "utf-8")
    kiosk = Kiosk(data, dsn)
    if staff_csv is not None:
        csv = folder / f"{kiosk_id}-staff.csv"
        # With a BOM, as Excel's "CSV UTF-8" saves it: two-character names without one read
        # as other names in GB18030 too, and such a file is refused, never guessed (issue 15)
        csv.write_text("id,name,shift,rest_day,lead,pin\n" + staff_csv, "utf-8-sig")
        result = kiosk("staff", "import", str(csv), now="2026-11-01T08:00:00")
        assert result.exit_code == 0, result.stderr
    return kiosk


def rows(dsn: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(query, params).fetchall()
