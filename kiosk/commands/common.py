"""What every subcommand shares: the state click passes around, output, argument parsing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from kiosk.clock import parse_local
from kiosk.errors import UsageError
from kiosk.i18n import Translator
from kiosk.services.container import Services


@dataclass
class CliState:
    data_dir: Path
    lang: str | None
    build: Callable[[CliState], Services]
    json: bool = False
    _services: Services | None = field(default=None, repr=False)

    def services(self) -> Services:
        if self._services is None:
            self._services = self.build(self)
        return self._services

    @property
    def language(self) -> str:
        if self.lang:
            return self.lang
        return self._services.config.language if self._services else "zh"

    @property
    def tr(self) -> Translator:
        return Translator(self.language)


pass_state = click.make_pass_decorator(CliState)


def emit(state: CliState, human: str, payload: dict[str, Any]) -> None:
    """One JSON object with --json, otherwise the translated sentence."""
    if state.json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        click.echo(human)


def warn(text: str) -> None:
    click.echo(text, err=True)


def parse_day(value: str | None, state: CliState) -> date:
    if value is None:
        return state.services().clock.now().date()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError("bad_date", value=value) from None


def parse_moment(value: str, state: CliState) -> datetime:
    try:
        return parse_local(value, state.services().config.timezone)
    except ValueError:
        raise UsageError("bad_datetime", value=value) from None


def read_text_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UsageError("file_not_found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("usage", message=f"{path}: {exc}") from exc


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
