"""A real HTTP receiver on 127.0.0.1 for the sync tests: records every request and answers
as told (a status, or a slow answer), and can be taken down and brought back on its port.

It behaves like a well-made receiving system: the first request with an idempotency key is
accepted; a repeat of an accepted key gets 409. So `accepted` is what the receiver "has",
and a test can check each revision arrived exactly once however often it was retried.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW = "slow"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.accepted: dict[str, Received] = {}  # idempotency key -> the accepted request
        self.script: deque[int | str] = deque()  # answers to give before the normal one
        self.slow_seconds = 1.0
        self.echo_key_on_409 = True  # a server that says which key it already has
        self.echo_key = True  # a 2xx names the key it stored (the delivery contract)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- life cycle ------------------------------------------------------------------------
    def start(self, tls: ssl.SSLContext | None = None) -> Receiver:
        """Listen (again) on the same port; port 0 the first time picks a free one.
        With `tls`, speak HTTPS with that context's certificate."""
        handler = _handler_for(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.05), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the listening socket: new connections are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/attendance"

    # -- what a test reads -----------------------------------------------------------------
    def keys(self) -> list[str]:
        """Idempotency keys of every request received, in order (repeats included)."""
        return [r.headers.get("Idempotency-Key", "") for r in self.requests]

    # -- the handler's side ----------------------------------------------------------------
    def answer(self, received: Received) -> int:
        with self._lock:
            self.requests.append(received)
            scripted = self.script.popleft() if self.script else None
        if scripted == SLOW:
            time.sleep(self.slow_seconds)
        elif scripted is not None:
            return int(scripted)
        key = received.headers.get("Idempotency-Key", "")
        with self._lock:
            if key in self.accepted:
                return 409
            self.accepted[key] = received
        return 201


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {name.title(): value for name, value in self.headers.items()}
            received = Received(self.path, headers, body)
            status = receiver.answer(received)
            payload = b'{"ok": true}' if status < 300 else b'{"error": "no"}'
            try:
                self.send_response(status)
                if status == 409 and receiver.echo_key_on_409:  # "I have this key already"
                    self.send_header("Idempotency-Key", headers.get("Idempotency-Key", ""))
                if status < 300 and receiver.echo_key:  # "I have this day and revision"
                    self.send_header("Idempotency-Key", headers.get("Idempotency-Key", ""))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (a slow answer): nothing to tell it

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler
