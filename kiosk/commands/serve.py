"""`kiosk serve`: the lead's screens in a browser, through textual-serve.

Each browser tab gets its own `kiosk lead-desk` process, which starts at the lead sign-in;
staff check-in is not offered there. The server itself holds no data: it checks the data
folder once at start (a bad config is exit 2 here, not a broken page per tab).
"""

from __future__ import annotations

import shlex
import socket
import sys

import click

from kiosk.commands.common import CliState, pass_state, warn
from kiosk.errors import StoreError

WILDCARD_HOSTS = ("0.0.0.0", "::", "")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The address office PCs use (default: http://HOST:PORT, or this machine's name "
    "when HOST is 0.0.0.0).",
)
@pass_state
def serve(state: CliState, host: str, port: int, public_url: str | None) -> None:
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
    # The page tells the browser where its websocket is. Listening on every address,
    # "0.0.0.0" would be that address, and no office PC can connect to it.
    if public_url is None and host in WILDCARD_HOSTS:
        public_url = f"http://{socket.gethostname()}:{port}"
    server = Server(
        command, host=host, port=port, title=state.tr.t("desk.title"), public_url=public_url
    )
    warn(state.tr.t("serve.started", url=server.public_url))
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise StoreError(
            "serve_failed", host=host, port=port, reason=exc.strerror or str(exc)
        ) from exc
