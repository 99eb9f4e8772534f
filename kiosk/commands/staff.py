"""`kiosk staff add|import|list|revoke-badge`."""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, emit, pass_state, read_text_file
from kiosk.domain.shifts import WEEKDAYS


@click.group()
def staff() -> None:
    """Staff members: add, import from CSV, list, revoke a lost badge."""


@staff.command("add")
@click.argument("staff_id")
@click.argument("name")
@click.option("--shift", required=True, help="Default shift code (A, B, C).")
@click.option("--rest-day", required=True, type=click.Choice(WEEKDAYS, case_sensitive=False))
@click.option("--lead", is_flag=True, help="A department lead (needs --pin).")
@click.option("--pin", default=None, help="4-8 digit PIN.")
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
    as_json: bool,
) -> None:
    state.json = as_json
    member = state.services().staff.add(staff_id, name, shift, rest_day, lead, pin)
    emit(state, state.tr.t("staff.added", **_fields(member.public())), member.public())


@staff.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@pass_state
def import_(state: CliState, file: str, as_json: bool) -> None:
    """Import or update staff from CSV: id,name,shift,rest_day,lead,pin."""
    state.json = as_json
    text = read_text_file(file)
    result = state.services().staff.import_csv(text)
    payload = {"added": result.added, "updated": result.updated}
    emit(state, state.tr.t("staff.imported", **payload), payload)


@staff.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def list_(state: CliState, as_json: bool) -> None:
    state.json = as_json
    members = state.services().staff.all()
    rows = [m.public() for m in members]
    if as_json:
        emit(state, "", {"staff": rows})
        return
    if not rows:
        click.echo(state.tr.t("staff.none"))
    for row in rows:
        lead = " *" if row["lead"] else ""
        click.echo(
            f"{row['staff_id']:<16} {row['name']:<12} {row['shift']}  {row['rest_day']}{lead}"
        )


@staff.command("revoke-badge")
@click.argument("staff_id")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def revoke_badge(state: CliState, staff_id: str, as_json: bool) -> None:
    """Bump the badge version: the old badge stops working; print a new one."""
    state.json = as_json
    member = state.services().staff.revoke_badge(staff_id)
    payload = member.public()
    text = state.tr.t("staff.badge_revoked", version=member.badge_version, **_fields(payload))
    emit(state, text, payload)


def _fields(public: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in public.items() if k != "badge_version"}
