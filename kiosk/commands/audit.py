"""`kiosk audit [--date D | --month YYYY-MM] [--staff ID] [--json]`: who changed what."""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, date_or_month, emit, pass_state, table, warn
from kiosk.commands.help import KioskCommand
from kiosk.parsing import shown_safely
from kiosk.presentation.audit import what_changed, who
from kiosk.services.audit import VIAS


@click.command("audit", cls=KioskCommand)
@click.option("--date", "day", default=None, metavar="DATE")
@click.option("--month", default=None, metavar="YYYY-MM")
@click.option("--staff", "staff_id", default=None, metavar="ID")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def audit(
    state: CliState, day: str | None, month: str | None, staff_id: str | None, as_json: bool
) -> None:
    """The audit trail: every change to staff, rosters, leave, PINs and badges, with who
    made it, when, from where and why (oldest first). Check it with `kiosk verify`."""
    state.json = as_json
    first, last = date_or_month(state, day, month)
    services = state.services()
    who_about = services.staff.get(staff_id).id if staff_id is not None else None
    entries = services.audit.entries(first, last, who_about)
    trail_ok = services.audit.check().ok
    if not trail_ok:  # an edited trail is still shown, never as if it were sound
        warn(state.tr.t("audit.not_verified"))
    if as_json:
        emit(state, "", {"entries": [e.public() for e in entries], "verified": trail_ok})
        return
    tr = state.tr
    if not entries:
        click.echo(tr.t("audit.none"))
        return
    header = [tr.t(f"audit.col.{c}") for c in ("at", "who", "via", "what", "why")]
    rows = [
        [
            e.at.replace("T", " ")[:16],
            shown_safely(who(e, tr)),
            tr.t(f"audit.via.{e.via}") if e.via in VIAS else shown_safely(e.via),
            shown_safely(what_changed(e, tr)),
            shown_safely(e.why),
        ]
        for e in entries
    ]
    for line in table(header, rows):
        click.echo(line)
