"""`kiosk service show|install|uninstall`: start the kiosk on boot on a text console and
bring it back after a crash (the unit is explained in kiosk/domain/service_unit.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.commands.common import CliState, pass_state, warn
from kiosk.commands.help import HelpGroup, KioskCommand
from kiosk.domain.service_unit import UnitSpec, unit_text


def _default_kiosk() -> Path:
    """The `kiosk` beside this interpreter: the kiosk's own environment (venv or pipx)."""
    return Path(sys.executable).parent / "kiosk"


def _unit_options(command: click.Command) -> click.Command:
    for option in reversed(
        [
            click.option("--user", default="kiosk", metavar="NAME", show_default=True),
            click.option("--tty", default="tty1", metavar="NAME", show_default=True),
            click.option("--locale", default="zh_CN.UTF-8", metavar="TEXT", show_default=True),
            click.option("--kiosk", "kiosk_path", default=None, metavar="PATH"),
        ]
    ):
        command = option(command)
    return command


def _spec(state: CliState, user: str, tty: str, locale: str, kiosk_path: str | None) -> UnitSpec:
    from kiosk.services.boot import plan_unit

    kiosk = Path(kiosk_path).absolute() if kiosk_path else _default_kiosk()
    return plan_unit(state.services().config, state.data_dir, kiosk, user, tty, locale)


@click.group("service", cls=HelpGroup)
def service() -> None:
    """Start the kiosk on boot and after a crash (systemd)."""


@service.command("show", cls=KioskCommand)
@_unit_options
@pass_state
def show(state: CliState, user: str, tty: str, locale: str, kiosk_path: str | None) -> None:
    """Print the unit `install` would write; nothing is written."""
    click.echo(unit_text(_spec(state, user, tty, locale, kiosk_path)), nl=False)


@service.command("install", cls=KioskCommand)
@_unit_options
@click.option("--root", default="/", metavar="DIR", show_default=True)
@click.option("--enable", is_flag=True)
@pass_state
def install(
    state: CliState,
    user: str,
    tty: str,
    locale: str,
    kiosk_path: str | None,
    root: str,
    enable: bool,
) -> None:
    """Write the unit under --root; with --enable, reload systemd and enable it."""
    from kiosk.services.boot import install as install_unit

    result = install_unit(_spec(state, user, tty, locale, kiosk_path), Path(root), enable)
    click.echo(state.tr.t("service.written", path=result.path))
    for note in result.notes:
        warn(state.tr.t(note, user=user))
    click.echo(state.tr.t("service.enabled" if result.enabled else "service.next_steps"))


@service.command("uninstall", cls=KioskCommand)
@click.option("--root", default="/", metavar="DIR", show_default=True)
@pass_state
def uninstall(state: CliState, root: str) -> None:
    """Disable and remove the unit (the data folder is kept)."""
    from kiosk.services.boot import uninstall as remove_unit

    key = "service.removed" if remove_unit(Path(root)) else "service.not_installed"
    click.echo(state.tr.t(key))
