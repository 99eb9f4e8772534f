"""`kiosk serve`: the lead's screens in a browser, through textual-serve.

Each browser tab gets its own `kiosk lead-desk` process, which starts at the lead sign-in;
staff check-in is not offered there. The server itself holds no data: it checks the data
folder once at start (a bad config is exit 2 here, not a broken page per tab).
"""

from __future__ import annotations

import shlex
import socket
import ssl
import sys

import click

from kiosk.commands.common import CliState, pass_state, warn
from kiosk.commands.help import KioskCommand
from kiosk.errors import StoreError, UsageError

WILDCARD_HOSTS = ("0.0.0.0", "::", "")


@click.command("serve", cls=KioskCommand)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), metavar="PORT"
)
@click.option("--public-url", default=None, metavar="URL")
@click.option(
    "--max-sessions", default=8, show_default=True, type=click.IntRange(1, 64), metavar="COUNT"
)
@click.option("--certfile", default=None, metavar="PEM")
@click.option("--keyfile", default=None, metavar="PEM")
@pass_state
def serve(
    state: CliState,
    host: str,
    port: int,
    public_url: str | None,
    max_sessions: int,
    certfile: str | None,
    keyfile: str | None,
) -> None:
    """Serve the lead's screens to a browser; every session signs in with a lead PIN."""
    services = state.services()
    services.store.check_writable()
    lang = state.lang or services.config.language
    ssl_context = _tls(certfile, keyfile)
    from kiosk.commands.serve_guard import GuardedServer

    command = shlex.join(
        [
            sys.executable,
            "-I",  # isolated: a module left in the current directory is never imported
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
    scheme = "https" if ssl_context else "http"
    if public_url is None:
        name = socket.gethostname() if host in WILDCARD_HOSTS else host
        public_url = f"{scheme}://{name}:{port}"
    server = GuardedServer(
        command,
        host=host,
        port=port,
        title=state.tr.t("desk.title"),
        public_url=public_url,
        max_sessions=max_sessions,
        ssl_context=ssl_context,
        full_text=state.tr.t("serve.full", count=max_sessions),
        foreign_text=state.tr.t("serve.foreign_origin", url=public_url),
    )
    warn(state.tr.t("serve.started", url=server.public_url))
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise StoreError(
            "serve_failed", host=host, port=port, reason=exc.strerror or str(exc)
        ) from exc


def _tls(certfile: str | None, keyfile: str | None) -> ssl.SSLContext | None:
    """A server TLS context from a PEM certificate and key; UsageError when only one is
    given or they cannot be loaded."""
    if certfile is None and keyfile is None:
        return None
    if certfile is None or keyfile is None:
        raise UsageError("serve_tls_pair")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise UsageError("serve_tls_bad", path=certfile, reason=str(exc)) from None
    return context
