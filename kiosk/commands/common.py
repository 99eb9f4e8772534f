"""What every subcommand shares: the state click passes around, output, argument parsing."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kiosk.errors import KioskError, UsageError
from kiosk.i18n import CATALOGS, DEFAULT_LANGUAGE, Translator
from kiosk.parsing import typed_date, typed_moment

if TYPE_CHECKING:  # the services are built (and imported) only by a command that runs
    from kiosk.services.container import Services


@dataclass
class CliState:
    data_dir: Path
    lang: str | None
    build: Callable[[CliState], Services]
    json: bool = False
    _services: Services | None = field(default=None, repr=False)
    # `kiosk doctor`'s service, wired by kiosk.cli without the engine (which a broken
    # config would stop): (state, terminal size or None, --min-free-mb) -> DoctorService
    doctor: Callable[..., Any] | None = field(default=None, repr=False)

    def services(self) -> Services:
        if self._services is None:
            self._services = self.build(self)
        return self._services

    @property
    def language(self) -> str:
        """--lang, else the configured language; before the configuration is read (or
        when it cannot be), what its file says, as help does."""
        if self._services is not None and not self.lang:
            return self._services.config.language
        return kiosk_language(self.lang, self.data_dir)

    @property
    def tr(self) -> Translator:
        return Translator(self.language)


pass_state = click.make_pass_decorator(CliState)


def kiosk_language(lang: str | None, data_dir: Path) -> str:
    """`lang` (--lang) when given, else the `language` kiosk.toml in `data_dir` states,
    else Chinese. Never fails: a missing or broken file is what its error (or help)
    must still be said in spite of."""
    if lang in CATALOGS:
        return str(lang)
    from kiosk.config import stated_language  # imported by the command that needs it
    from kiosk.store.site import Store

    try:
        text = Store(data_dir).read_config_text()
    except KioskError:
        return DEFAULT_LANGUAGE
    return stated_language(text) or DEFAULT_LANGUAGE


def emit(state: CliState, human: str, payload: dict[str, Any]) -> None:
    """One JSON object with --json, otherwise the translated sentence."""
    if state.json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        click.echo(human)


def warn(text: str) -> None:
    """A line for the person at the terminal, on stderr (stdout stays for --json)."""
    click.echo(text, err=True)


def parse_day(value: str | None, state: CliState, plan: bool = False) -> date:
    """A typed date (kiosk.parsing: the same forms the screens take), default today; in
    the window of given dates, a plan's (leave, roster, employment) reaching further ahead."""
    if value is None:
        return state.services().day_close.today()
    day = typed_date(value)
    if day is None:
        raise UsageError("bad_date", value=value)
    return state.services().dates.day(day, value, plan)  # services/dates.py


def parse_moment(value: str, state: CliState) -> datetime:
    """A typed date and time, in the window every given date is (services/dates.py)."""
    try:
        moment = typed_moment(value, state.services().config.timezone)
    except ValueError:
        raise UsageError("bad_datetime", value=value) from None
    return state.services().dates.moment(moment, value)


def parse_month_in_range(value: str, state: CliState) -> tuple[str, date, date]:
    """`--month YYYY-MM` as (prefix, first, last), refused unless some day of it is in the
    window (services/dates.py)."""
    from kiosk.services.exports import parse_month

    prefix, first, last = parse_month(value)
    state.services().dates.month(first, last, value)
    return prefix, first, last


def out_path(state: CliState, out: str) -> Path:
    """Where `--out` points, once it is somewhere to write: not empty, and outside the data
    folder (Store.refuse_inside). Every `--out` goes through here."""
    if not out.strip():
        raise UsageError("out_empty")
    from kiosk.store.site import Store

    return Store(state.data_dir).refuse_inside(Path(out))


def read_secret(state: CliState, prompt: str) -> str:
    """A PIN: asked masked at a terminal, else one line of standard input; UsageError
    `pin_needed` when there is none."""
    if sys.stdin is not None and sys.stdin.isatty():
        value = click.prompt(prompt, hide_input=True, default="", show_default=False)
    else:
        value = (sys.stdin.readline() if sys.stdin is not None else "").strip()
    if not value.strip():
        raise UsageError("pin_needed")
    return value.strip()


def date_or_month(
    state: CliState, day: str | None, month: str | None
) -> tuple[date, date] | tuple[None, None]:
    """`--date D` or `--month YYYY-MM` as (first, last); (None, None) for neither;
    UsageError for both, as `kiosk export` says."""
    if day is not None and month is not None:
        raise UsageError("export_needs_date_or_month")
    if month is not None:
        _, first, last = parse_month_in_range(month, state)
        return first, last
    if day is not None:
        when = parse_day(day, state)
        return when, when
    return None, None


def lead_signed_in(state: CliState, lead_id: str) -> str:
    """The lead's ID once their PIN checks out: `--by LEAD` records an action in that
    lead's name, so it takes what the kiosk's sign-in takes. The PIN is asked masked at a
    terminal, else read as one line from standard input; it counts in the same lockout as
    the screens (RefusedError `wrong_pin` / `pin_locked`, exit 3)."""
    staff = state.services().staff
    lead = staff.lead(lead_id)
    staff.ensure_pin_unlocked(lead.id)
    if sys.stdin is not None and sys.stdin.isatty():
        pin = click.prompt(state.tr.t("cli.lead_pin", name=lead.name), hide_input=True)
    else:
        pin = (sys.stdin.readline() if sys.stdin is not None else "").strip()
    if not pin:
        raise UsageError("lead_pin_needed", lead=lead.id)
    return staff.check_pin(lead.id, pin).id


def optional_lead(state: CliState, lead_id: str | None) -> str | None:
    """`--by LEAD` when given (the PIN asked as for `lead_signed_in`); None otherwise, and
    the audit trail then names the computer account the command ran as."""
    return lead_signed_in(state, lead_id) if lead_id else None


def by_option(command: Any) -> Any:
    """`--by LEAD`: record the change in that lead's name (their PIN is asked)."""
    return click.option("--by", "by_lead", default=None, metavar="LEAD")(command)


def read_text_file(path: str) -> str:
    """A text file people made: UTF-8 (BOM or not), or GB18030 as Excel and WPS on Chinese
    Windows save "CSV (comma delimited)"; UsageError `bad_encoding` if it is neither."""
    from kiosk.spreadsheet import decode_text

    return decode_text(read_file_bytes(path), path).lstrip("\ufeff")


def read_file_bytes(path: str) -> bytes:
    """A file's bytes (a spreadsheet: CSV or .xlsx); UsageError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UsageError("file_not_found", path=path) from None
    except OSError as exc:
        raise UsageError("usage", message=f"{path}: {exc.strerror or exc}") from exc


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two, combining marks none."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def table(header: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> list[str]:
    """Lines of a plain-text table, columns aligned by display width (张丽 is 4 wide)."""
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=True)
        ]
        lines.append((" " * gap).join(cells).rstrip())
    return lines
