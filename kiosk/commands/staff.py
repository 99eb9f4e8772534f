"""`kiosk staff add|import|list|pin|set|end|revoke-badge`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from kiosk.commands.common import (
    CliState,
    by_option,
    emit,
    optional_lead,
    parse_day,
    pass_state,
    read_file_bytes,
    read_secret,
    table,
    warn,
)
from kiosk.commands.help import HelpGroup
from kiosk.errors import UsageError
from kiosk.i18n import Translator
from kiosk.spreadsheet import ENCODINGS

if TYPE_CHECKING:
    from kiosk.services.end_of_day import EndOfDay


@click.group(cls=HelpGroup)
def staff() -> None:
    """Staff members: add, import from CSV, list, revoke a lost badge."""


@staff.command("add")
@click.argument("staff_id")
@click.argument("name")
@click.option("--shift", required=True, metavar="SHIFT")
@click.option(
    "--rest-day",
    required=True,
    metavar="DAY",
)
@click.option("--lead", is_flag=True)
@click.option("--pin", default=None, metavar="PIN")
@click.option("--from", "from_day", default=None, metavar="DATE")
@by_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def add(
    state: CliState,
    staff_id: str,
    name: str,
    shift: str,
    rest_day: str,
    lead: bool,
    pin: str | None,
    from_day: str | None,
    by_lead: str | None,
    as_json: bool,
) -> None:
    """Add one staff member (ID and PIN may be typed with full-width digits)."""
    state.json = as_json
    day = parse_day(from_day, state, plan=True)
    by = optional_lead(state, by_lead)
    member = state.services().staff.add(staff_id, name, shift, rest_day, lead, pin, by, day)
    emit(state, state.tr.t("staff.added", **_fields(member.public(), state.tr)), member.public())


@staff.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@by_option
@click.option("--encoding", type=click.Choice(ENCODINGS), default=None)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def import_(
    state: CliState, file: str, by_lead: str | None, encoding: str | None, as_json: bool
) -> None:
    """Import or update staff from CSV or .xlsx: id,name,shift,rest_day,lead,pin.

    Chinese headers 工号,姓名,班次,休息日,负责人,密码 work too; a CSV may be UTF-8 (with or
    without BOM) or GB18030 (Excel's plain CSV on Chinese Windows); an .xlsx is read from
    its first sheet. All rows or none.
    """
    state.json = as_json
    by = optional_lead(state, by_lead)
    data = read_file_bytes(file)
    progress = import_progress(state)
    result = state.services().staff.import_csv(data, by, file, encoding, progress)
    payload = {"added": result.added, "updated": result.updated}
    emit(state, state.tr.t("staff.imported", **payload), payload)


PROGRESS_FROM = 50  # PINs: scrypt takes ~35 ms each, so from about 2 s on


def import_progress(state: CliState) -> Callable[[int, int], None]:
    """A line on stderr every tenth of the PINs, when there are PROGRESS_FROM or more
    (a few seconds or longer) or stderr is a terminal; stdout stays for --json."""
    shown = [-1]

    def tell(done: int, total: int) -> None:
        if total < PROGRESS_FROM and not sys.stderr.isatty():
            return
        tenth = done * 10 // total
        if tenth > shown[0] or done == total:
            shown[0] = tenth
            percent = done * 100 // total
            warn(state.tr.t("import.progress", done=done, total=total, percent=percent))

    return tell


@staff.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def list_(state: CliState, as_json: bool) -> None:
    """List staff: ID, name, shift, rest day; * marks a department lead."""
    state.json = as_json
    members = state.services().staff.all()
    if as_json:  # by ID, as HR's files are
        emit(state, "", {"staff": [m.public() for m in members]})
        return
    if not members:
        click.echo(state.tr.t("staff.none"))
        return
    members = sorted(members, key=lambda m: (m.order(), m.id))  # read: by pinyin
    tr = state.tr
    header = [tr.t(f"col.{c}") for c in ("staff_id", "name", "shift", "rest_day")] + [""]
    body = [[m.id, m.name, m.shift, tr.weekday(m.rest_day), "*" if m.lead else ""] for m in members]
    for line in table(header, body):
        click.echo(line)
    if any(m.lead for m in members):
        click.echo(tr.t("staff.lead_marker"))


@staff.command("pin")
@click.argument("staff_id")
@by_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def pin(state: CliState, staff_id: str, by_lead: str | None, as_json: bool) -> None:
    """Set or reset one person's PIN: the new PIN twice (masked at a terminal; otherwise two
    lines on standard input, after the lead's PIN with --by)."""
    state.json = as_json
    services = state.services()
    member = services.staff.get(staff_id)
    by = optional_lead(state, by_lead)
    first, second = (
        read_secret(state, state.tr.t("cli.new_pin", name=member.name)),
        read_secret(state, state.tr.t("cli.new_pin_again", name=member.name)),
    )
    if first != second:
        raise UsageError("pins_differ")
    changed = services.staff.set_pin(member.id, first, by)
    emit(
        state, state.tr.t("staff.pin_set", **_fields(changed.public(), state.tr)), changed.public()
    )


@staff.command("set")
@click.argument("staff_id")
@click.option("--name", default=None, metavar="NAME")
@click.option("--shift", default=None, metavar="SHIFT")
@click.option("--rest-day", default=None, metavar="DAY")
@click.option("--lead/--no-lead", default=None)
@click.option(
    "--from",
    "from_day",
    default=None,
    metavar="DATE",
)
@by_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def set_(
    state: CliState,
    staff_id: str,
    name: str | None,
    shift: str | None,
    rest_day: str | None,
    lead: bool | None,
    from_day: str | None,
    by_lead: str | None,
    as_json: bool,
) -> None:
    """Change one person: name, lead flag, or default shift and rest day from a date (the
    days before keep what they had)."""
    state.json = as_json
    services = state.services()
    day = parse_day(from_day, state, plan=True)
    by = optional_lead(state, by_lead)
    done = services.lead.change_staff(staff_id, day, name, shift, rest_day, lead, by)
    member = done.result
    payload = member.public()
    emit(state, state.tr.t("staff.changed", date=day.isoformat(), **_fields(payload, state.tr)),
         payload)  # fmt: skip
    _say_end_of_day(state, done.end_of_day)


@staff.command("end")
@click.argument("staff_id")
@click.option(
    "--from",
    "from_day",
    required=True,
    metavar="DATE",
)
@by_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def end(state: CliState, staff_id: str, from_day: str, by_lead: str | None, as_json: bool) -> None:
    """End someone's employment from a date: no longer planned or counted absent, badge and
    PIN refused; their records are kept."""
    state.json = as_json
    services = state.services()
    day = parse_day(from_day, state, plan=True)
    by = optional_lead(state, by_lead)
    done = services.lead.end_employment(staff_id, day, by)
    member = done.result
    payload = member.public()
    emit(state, state.tr.t("staff.ended", date=day.isoformat(), **_fields(payload, state.tr)),
         payload)  # fmt: skip
    _say_end_of_day(state, done.end_of_day)


def _say_end_of_day(state: CliState, done: EndOfDay) -> None:
    """The end-of-day report a change to past days may trigger. Imported here, not at the
    top: it brings the day close and the sender, which `kiosk staff list` (the most run
    staff command) does not need (issue 15, finding 8)."""
    from kiosk.commands.day import say_end_of_day

    say_end_of_day(state, done)


@staff.command("revoke-badge")
@click.argument("staff_id")
@by_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def revoke_badge(state: CliState, staff_id: str, by_lead: str | None, as_json: bool) -> None:
    """Bump the badge version: the old badge stops working; print a new one."""
    state.json = as_json
    by = optional_lead(state, by_lead)
    member = state.services().staff.revoke_badge(staff_id, by)
    payload = member.public()
    text = state.tr.t(
        "staff.badge_revoked", version=member.badge_version, **_fields(payload, state.tr)
    )
    text += "\n" + state.tr.t("staff.badge_reprint", staff_id=member.id)
    emit(state, text, payload)


def _fields(public: dict[str, object], tr: Translator) -> dict[str, object]:
    """Message parameters: the JSON fields, with the rest day named in the reader's language."""
    fields = {k: v for k, v in public.items() if k != "badge_version"}
    fields["rest_day"] = tr.weekday(str(public["rest_day"]))
    return fields
