"""`kiosk serve`: the lead's screens in a browser, through textual-serve.

Each browser tab gets its own `kiosk lead-desk` process, which starts at the lead sign-in;
staff check-in is not offered there. The server itself holds no data: it checks the data
folder once at start (a bad config is exit 2 here, not a broken page per tab).
"""

from __future__ import annotations

import shlex
import sys

import click

from kiosk.commands.common import CliState, pass_state, warn
from kiosk.errors import StoreError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@pass_state
def serve(state: CliState, host: str, port: int) -> None:
    """Serve the lead's screens to a browser; every session signs in with a lead PIN."""
    services = state.services()
    services.store.check_writable()
    lang = state.lang or services.config.language
    from textual_serve.server import Server

    command = shlex.join(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--data-dir",
            str(state.data_dir.resolve()),
            "--lang",
            lang,
            "lead-desk",
        ]
    )
    server = Server(command, host=host, port=port, title=state.tr.t("desk.title"))
    warn(state.tr.t("serve.started", url=server.public_url))
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise StoreError(
            "serve_failed", host=host, port=port, reason=exc.strerror or str(exc)
        ) from exc
