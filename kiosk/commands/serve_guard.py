"""textual-serve, hardened for a hospital LAN: who may open a session, how many, and how.

textual-serve accepts a websocket from any page (a page the lead visits could drive the
lead's screens), starts a process per tab without limit, serves plain HTTP only and sends
no framing headers. `GuardedServer` refuses a websocket whose Origin is not the page's own
public URL, starts at most `max_sessions` tab processes at once (and says so on the page
when full), serves HTTPS when given a certificate, and sends X-Frame-Options, a
frame-ancestors CSP, nosniff and no-referrer on every page.
"""

from __future__ import annotations

import asyncio
import signal
import ssl
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def origin_of(url: str) -> str:
    """`https://desk-1.lan:8000/x` -> `https://desk-1.lan:8000` (what a browser sends)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class GuardedServer(Server):
    def __init__(
        self,
        command: str,
        *,
        max_sessions: int,
        ssl_context: ssl.SSLContext | None,
        full_text: str,
        foreign_text: str,
        **options: Any,
    ) -> None:
        super().__init__(command, **options)
        self.max_sessions = max_sessions
        self.ssl_context = ssl_context
        self.full_text = full_text
        self.foreign_text = foreign_text
        self.sessions = 0

    @property
    def allowed_origin(self) -> str:
        return origin_of(self.public_url)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            if request.path == "/ws":
                return await self._session(request, handler)
            if request.path == "/" and self.sessions >= self.max_sessions:
                response: web.StreamResponse = web.Response(
                    status=503, text=self.full_text, content_type="text/plain"
                )
            else:
                response = await handler(request)
            if not response.prepared:
                response.headers.update(HEADERS)
            return response

        app.middlewares.append(guard)
        return app

    async def _session(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """One tab's websocket: its own page's origin only, within the cap."""
        origin = (request.headers.get("Origin") or "").lower()
        if origin != self.allowed_origin:
            return web.Response(status=403, text=self.foreign_text, headers=HEADERS)
        if self.sessions >= self.max_sessions:
            return web.Response(status=503, text=self.full_text, headers=HEADERS)
        self.sessions += 1
        try:
            return await handler(request)
        finally:
            self.sessions -= 1

    def serve(self, debug: bool = False) -> None:
        """textual-serve's own loop, with the TLS context when one is given."""
        self.debug = debug
        self.initialize_logging()
        try:
            loop = asyncio.get_event_loop()
        except Exception:
            loop = asyncio.new_event_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:
            pass
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            ssl_context=self.ssl_context,
            print=lambda *args: None,
        )
