"""Shared by the sync tests: a demo data folder with sync targets, and the real engine on it.

The engine is the one `wire_services` builds, on a fixed clock; the sync service under test
is built the same way the CLI builds it (with the CLI's builders unless a test gives others),
except that it records its backoff sleeps instead of sleeping, and reads its token and DSNs
from a dict instead of the process environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.cli import sync_builders, wire_services
from kiosk.clock import FixedClock
from kiosk.i18n import Translator
from kiosk.services.container import Services
from kiosk.services.sync import SyncService
from kiosk.services.sync_targets import Builder
from tests.cli.cli_helpers import append_config, install_demo

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 7, 55, tzinfo=TZ)  # FAKE_NOW
TOKEN_ENV = "KIOSK_TEST_SYNC_TOKEN"
TOKEN = "s3cret-token"


def folder_target(path: str | Path) -> str:
    return f'\n[[sync.targets]]\nkind = "folder"\npath = "{path}"\n'


def http_target(url: str, **options: int | float | str) -> str:
    lines = ["", "[[sync.targets]]", 'kind = "http"', f'url = "{url}"']
    lines.append(f'token_env = "{options.pop("token_env", TOKEN_ENV)}"')
    for key, value in options.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


def postgres_target(dsn_env: str, timeout: float = 2) -> str:
    return (
        f'\n[[sync.targets]]\nkind = "postgres"\ndsn_env = "{dsn_env}"\n'
        f"timeout_seconds = {timeout}\n"
    )


def demo_with_targets(data_dir: Path, *targets: str) -> Path:
    """The demo data folder at FAKE_NOW with these [[sync.targets]] tables appended."""
    install_demo(data_dir)
    append_config(data_dir, "".join(targets))
    return data_dir


@dataclass
class Engine:
    services: Services
    sync: SyncService
    clock: FixedClock
    sleeps: list[float] = field(default_factory=list)

    def close(self, day: date = TODAY) -> int:
        """Close `day` and queue it, as `kiosk day close` does; returns the revision."""
        closed = self.services.day_close.close(day)
        self.sync.enqueue(closed)
        return closed.revision


def engine(
    data_dir: Path,
    env: dict[str, str] | None = None,
    sleep: Callable[[float], None] | None = None,
    builders: Mapping[str, Builder] | None = None,
) -> Engine:
    clock = FixedClock(NOW)
    services = wire_services(data_dir, clock=clock, source="cli")
    sleeps: list[float] = []
    sync = SyncService(
        services.store.outbox,
        services.day_close,
        services.config,
        clock,
        Translator(services.config.language),
        data_dir,
        {TOKEN_ENV: TOKEN} if env is None else env,
        sleep=sleep or sleeps.append,
        install_id=services.store.install_id,
        builders=sync_builders() if builders is None else builders,
    )
    return Engine(services, sync, clock, sleeps)
