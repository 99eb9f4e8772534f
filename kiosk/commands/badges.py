"""`kiosk badges`: printable QR badges (PNG + SVG each, and A4 sheets)."""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, emit, out_path, pass_state
from kiosk.commands.help import KioskCommand


@click.command(cls=KioskCommand)
@click.argument("staff_ids", metavar="[ID ...]", nargs=-1)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), metavar="DIR")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def badges(state: CliState, staff_ids: tuple[str, ...], out: str, as_json: bool) -> None:
    """Write badges for the given staff (all staff if none are given)."""
    state.json = as_json
    folder = out_path(state, out)
    services = state.services()
    members = [services.staff.get(i) for i in staff_ids] if staff_ids else services.staff.all()
    written = services.badges.write(members, folder)
    files, sheets = written.files, written.sheets
    payload = {
        "badges": [
            {
                "staff_id": f.staff_id,
                "name": f.name,
                "payload": f.payload,
                "png": str(f.png),
                "svg": str(f.svg),
            }
            for f in files
        ],
        "sheet": str(sheets[0]),
        "sheets": [str(s) for s in sheets],
    }
    if len(sheets) == 1:
        text = state.tr.t("badges.done", count=len(files), out=out, sheet=sheets[0])
    else:  # 12 cards to an A4 sheet: name every sheet to print
        lines = [state.tr.t("badges.done_sheets", count=len(files), out=out, sheets=len(sheets))]
        text = "\n".join(lines + [f"  {sheet}" for sheet in sheets])
    emit(state, text, payload)
