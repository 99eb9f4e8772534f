"""A small month for the sign-off tests: a kiosk set up on 2026-11-29, so November has two
days of records (29 and 30), with the demo staff, driven by the real `kiosk` command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import cli
from tests.cli.cli_helpers import append_config, one_json
from tests.conftest import CliResult, lead_pin_input

SET_UP = "2026-11-29T07:00:00"  # the first day of records: November has 29 and 30 left
LAST_DAY = "2026-11-30T21:00:00"  # the month's last evening: not over yet
AFTER = "2026-12-01T08:00:00"  # the month is over
MONTH = "2026-11"


@dataclass
class MonthKiosk:
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def __call__(self, *args: str, now: str = AFTER, lang: str = "zh") -> CliResult:
        result = CliRunner().invoke(
            cli,
            ["--data-dir", str(self.data_dir), "--lang", lang, *args],
            input=lead_pin_input(args),
            env={"KIOSK_FAKE_NOW": now, **self.env},
            catch_exceptions=False,
        )
        return CliResult(result.exit_code, result.stdout, result.stderr)

    def json(self, *args: str, now: str = AFTER) -> dict:
        result = self(*args, "--json", now=now)
        return one_json(result)


def month_kiosk(data_dir: Path, targets: str = "", env: dict[str, str] | None = None) -> MonthKiosk:
    """`kiosk init` and `kiosk init --demo` on 2026-11-29 (on that day 1004 phoned in sick
    and one person rests), these [[sync.targets]] appended."""
    kiosk = MonthKiosk(data_dir, env or {})
    assert kiosk("init", now=SET_UP).exit_code == 0
    assert kiosk("init", "--demo", now=SET_UP).exit_code == 0
    append_config(data_dir, targets)
    return kiosk


def with_open_items(kiosk: MonthKiosk) -> str:
    """1001 checks in on the 30th and never out; both days closed after the month ended.
    Open then: 1004's leave paperwork (29th), 1001's check-out and appearance (30th).
    Returns 1004's leave id."""
    assert kiosk("punch", "1001", now="2026-11-30T07:55:00").exit_code == 0
    for day in ("2026-11-29", "2026-11-30"):
        assert kiosk("day", "close", "--date", day).exit_code == 0
    [leave] = kiosk.json("leave", "list", "--pending")["leave"]
    return str(leave["leave_id"])


def fix_the_items(kiosk: MonthKiosk, leave_id: str, now: str) -> None:
    """The lead's three fixes; each closes its day again."""
    fixes = (
        ("punch", "1001", "--by", "L001", "--at", "2026-11-30T18:05", "--reason", "忘记签退",
         "--action", "check_out", "--date", "2026-11-30"),
        ("check", "1001", "--by", "L001", "--date", "2026-11-30"),
        ("leave", "done", leave_id, "--by", "L001"),
    )  # fmt: skip
    for args in fixes:
        result = kiosk(*args, now=now)
        assert result.exit_code == 0, result.stderr
