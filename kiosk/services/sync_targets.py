"""Where closed days go: a folder (a mounted network share) or an HTTP endpoint.

Each kind's builder turns one [[sync.targets]] table into its target; the sync service gets
them as a mapping kind -> builder from the composition root (kiosk/cli.py), which adds the
`postgres` one from kiosk.central, so the services never import the central database.

Each target is a small class with one method, `deliver(summary)`, that either returns (the
target has the day: a file is in place, the server said 2xx) or raises a `StoreError` whose
code says what went wrong. The sync service records an acknowledgement only when `deliver`
returned, so a half-done delivery is never marked synced. Both targets are idempotent per
day and revision: the folder writes the same bytes under the same name, the HTTP target
sends an `Idempotency-Key` naming the kiosk, the day and the revision.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from kiosk.config import SyncTarget
from kiosk.errors import StoreError
from kiosk.export import json_bytes
from kiosk.services.month_package import MonthPackage
from kiosk.store.atomic import write_atomic
from kiosk.store.datafile import make_folder
from kiosk.store.health import probe_writable

if TYPE_CHECKING:
    from kiosk.services.board import BoardService

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_RETRIES = 3
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
# Failures about one day only; any other failure means the target itself is unwell, so the
# run stops trying it (a down server is not asked once per pending day).
PER_DAY_CODES = frozenset({"sync_http_rejected", "sync_day_missing", "central_event_conflict"})

MONTHS_SUBFOLDER = "months"
Render = Callable[[dict[str, Any]], bytes]
DayEvents = Callable[[date], list[dict[str, Any]]]


class Destination(Protocol):
    kind: str
    name: str  # what the lead reads: the folder or the URL

    def deliver(self, summary: dict[str, Any]) -> None:
        """Hand the day over; return only once the target has it, else raise StoreError."""
        ...

    def deliver_month(self, package: MonthPackage) -> None:
        """Hand a signed-off month over, likewise (kiosk.services.month_signoff)."""
        ...

    def probe(self) -> None:
        """Return if a delivery could reach the target now, else raise the StoreError a
        delivery would (`kiosk doctor`); sends no day."""
        ...


def file_stem(summary: dict[str, Any]) -> str:
    """`2026-11-27_desk-1`: sorts by date and says which kiosk. One pair of files per day,
    replaced by each new revision (the JSON says which): a folder of `*.csv` never holds
    the same day twice for an import to count twice."""
    return f"{summary['date']}_{summary['kiosk_id']}"


def idempotency_key(summary: dict[str, Any]) -> str:
    return f"{summary['kiosk_id']}:{summary['date']}:r{summary['revision']}"


class FolderTarget:
    """Writes `<stem>.csv` then `<stem>.json` into a folder, each with an atomic replace.

    The JSON comes last, so a reader that waits for the JSON also finds the CSV. A folder
    given relative to the data dir is created; an absolute one must exist already, because a
    share that is not mounted would otherwise be filled on the kiosk's own disk unseen.
    """

    kind = "folder"

    def __init__(
        self, folder: Path, name: str, render_csv: Render, create: bool, mode: int = 0o600
    ) -> None:
        """`mode`: the files' permissions (private by default; `mode = "0640"` in the
        target's table lets HR's account, in the kiosk user's group, read the share)."""
        self.folder = folder
        self.name = name
        self.render_csv = render_csv
        self.create = create
        self.mode = mode

    def deliver(self, summary: dict[str, Any]) -> None:
        self._ensure_folder()
        stem = file_stem(summary)
        for suffix, payload in ((".csv", self.render_csv(summary)), (".json", json_bytes(summary))):
            self._write(self.folder / f"{stem}{suffix}", payload)

    def deliver_month(self, package: MonthPackage) -> None:
        """The month's files (MONTH_FILE_FORMATS) into `months/` of the folder, then the
        approval's JSON last: `months/2026-11_desk-1.csv`, `.json`, `.approval.json`. Apart
        from the day files, so an import of the folder's `*.csv` never counts a day twice."""
        self._ensure_folder()
        months = self.folder / MONTHS_SUBFOLDER
        if not months.is_dir():
            try:
                make_folder(months, folder_mode(self.mode))
            except OSError as exc:
                raise StoreError(
                    "sync_folder_failed", path=str(months), reason=exc.strerror or str(exc)
                ) from exc
        for fmt, payload in package.files:
            self._write(months / f"{package.stem}.{fmt}", payload)
        approval = json_bytes(package.approval.to_json())
        self._write(months / f"{package.stem}.approval.json", approval)

    def probe(self) -> None:
        """The folder is there (or, under the data folder, can be made) and a file can be
        written in it: a share that is not mounted, or mounted read-only, says so."""
        self._ensure_folder()
        probe_writable(self.folder)

    def _ensure_folder(self) -> None:
        if not self.folder.is_dir():
            if not self.create or self.folder.exists():
                raise StoreError("sync_folder_missing", path=str(self.folder))
            try:
                make_folder(self.folder, folder_mode(self.mode))
            except OSError as exc:
                raise StoreError(
                    "sync_folder_failed", path=str(self.folder), reason=exc.strerror or str(exc)
                ) from exc

    def _write(self, path: Path, payload: bytes) -> None:
        with contextlib.suppress(OSError):
            if path.read_bytes() == payload:
                return  # already there, whole: writing the same revision twice is harmless
        try:
            write_atomic(path, payload, mode=self.mode)
        except StoreError as err:
            # `sync_failed`: the file is in place; only the folder's fsync failed, which
            # network shares (SMB, NFS) may not support. The share owns durability then.
            if err.code != "sync_failed":
                reason = err.params.get("reason", err.code)
                raise StoreError("sync_folder_failed", path=str(path), reason=reason) from err


def _body_echoes(body: bytes, key: str) -> bool:
    """A JSON answer `{"idempotency_key": "<key>"}` confirms the delivery too."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("idempotency_key") == key


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: urllib would follow a POST's 301/302 as a GET without the day
    and count its 200 as delivered, and would carry the bearer token to another host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Retry(Exception):
    """A failure worth another try (server down, 5xx, timeout); carries the last details."""

    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


class HttpTarget:
    """POSTs the day JSON with a bearer token and an idempotency key; see module docstring.

    A 2xx is an acknowledgement; so is a 409 that echoes our Idempotency-Key (the server
    has this day and revision already). A bare 409 may be a real conflict: it stays pending.
    Other 4xx are kept pending with the server's answer, without retrying. 5xx, 408, 429,
    timeouts and refused connections are retried `retries` times with exponential backoff
    (the `sleep` function is injected so tests do not wait). TLS is always verified.
    """

    kind = "http"

    def __init__(
        self,
        url: str,
        token_env: str,
        env: Mapping[str, str],
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        retries: int = DEFAULT_RETRIES,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.url = self.name = url
        self.token_env = token_env
        self.env = env
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep or time.sleep
        context = ssl.create_default_context()  # verifies certificates and host names
        self._opener = urllib.request.build_opener(
            _NoRedirect(), urllib.request.HTTPSHandler(context=context)
        )

    def deliver(self, summary: dict[str, Any]) -> None:
        self._send(json_bytes(summary), idempotency_key(summary), summary["date"])

    def deliver_month(self, package: MonthPackage) -> None:
        """The month JSON with its approval, under `<kiosk>:month:<YYYY-MM>:r<revision>`."""
        self._send(json_bytes(package.to_json()), package.idempotency_key, package.approval.month)

    def probe(self) -> None:
        """The server answers at all: one HEAD request, no retries, no day sent. Any HTTP
        status below 500 is an answer (a 401, 404 or 405 to a HEAD still says the host and
        port are right); refused, timed out, a TLS failure or a 5xx is not. The token's
        variable must be set, as every delivery needs it."""
        if not (self.env.get(self.token_env) or "").strip():
            raise StoreError("sync_token_missing", env=self.token_env, url=self.url)
        request = urllib.request.Request(self.url, method="HEAD")
        try:
            with self._opener.open(request, timeout=self.timeout):
                return
        except urllib.error.HTTPError as exc:
            status = exc.code
            exc.close()
            if status < 500:
                return
            raise StoreError(
                "sync_http_server_error", url=self.url, status=status, attempts=1
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLError):
                raise StoreError("sync_tls_failed", url=self.url, reason=str(exc.reason)) from None
            reason = str(exc.reason)
        except (OSError, http.client.HTTPException) as exc:
            reason = str(exc) or type(exc).__name__
        raise StoreError("sync_http_unreachable", url=self.url, reason=reason, attempts=1)

    def _send(self, body: bytes, key: str, what: str) -> None:
        token = (self.env.get(self.token_env) or "").strip()
        if not token:
            raise StoreError("sync_token_missing", env=self.token_env, url=self.url)
        last = _Retry(None, "")
        for attempt in range(self.retries + 1):
            try:
                return self._post(body, key, token, what)
            except _Retry as retry:
                last = retry
                if attempt < self.retries:
                    self.sleep(min(BACKOFF_FIRST_SECONDS * 2**attempt, BACKOFF_MAX_SECONDS))
        attempts = self.retries + 1
        if last.status is not None:
            raise StoreError(
                "sync_http_server_error", url=self.url, status=last.status, attempts=attempts
            )
        raise StoreError(
            "sync_http_unreachable", url=self.url, reason=last.reason, attempts=attempts
        )

    def _post(self, body: bytes, key: str, token: str, day: str) -> None:
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": key,
                "Content-Type": "application/json; charset=utf-8",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                echoed = response.headers.get("Idempotency-Key")
                body_text = b""
                with contextlib.suppress(OSError, http.client.HTTPException):
                    body_text = response.read(65536)
                if echoed == key or _body_echoes(body_text, key):
                    return
                # A 2xx from a proxy, a login page or the wrong service is not HR having
                # the day: delivered only when the answer names this day and revision.
                raise StoreError(
                    "sync_http_unconfirmed", url=self.url, status=response.status, key=key
                )
        except urllib.error.HTTPError as exc:
            status, echoed = exc.code, exc.headers.get("Idempotency-Key") if exc.headers else None
            exc.close()
            if status == 409 and echoed == key:
                return  # the server says it has this very day and revision already
            if status >= 500 or status in (408, 429):
                raise _Retry(status, str(exc.reason)) from None
            raise StoreError(
                "sync_http_rejected", url=self.url, date=day, status=status, reason=str(exc.reason)
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLError):
                raise StoreError("sync_tls_failed", url=self.url, reason=str(exc.reason)) from None
            raise _Retry(None, str(exc.reason)) from None
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets mid-answer
            raise _Retry(None, str(exc) or type(exc).__name__) from None


@dataclass(frozen=True)
class BuildContext:
    """What a builder may need besides the target's own options."""

    data_dir: Path
    render_csv: Render
    env: Mapping[str, str]
    sleep: Callable[[float], None] | None
    day_events: DayEvents
    install_id: Callable[[], str] | None
    # The rules engine the day was closed with: a central database target checks the desk's
    # part of each date with it as the close goes in (kiosk/central/arrival.py).
    board: BoardService | None = None


# One [[sync.targets]] table -> its destination; StoreError `sync_target_invalid` for options
# the config parser let through but that cannot work (kept per target, so one bad table does
# not stop the kiosk from recording punches).
Builder = Callable[[SyncTarget, BuildContext], Destination]


def build_folder(target: SyncTarget, context: BuildContext) -> FolderTarget:
    path = target.options.get("path")
    if not isinstance(path, str) or not path.strip():
        raise StoreError("sync_target_invalid", target="folder", problem="path is missing")
    folder = Path(path.strip()).expanduser()
    relative = not folder.is_absolute()
    where = context.data_dir / folder if relative else folder
    mode = int(str(target.options.get("mode", "0600")), 8)
    return FolderTarget(where, path, context.render_csv, relative, mode)


def folder_mode(file_mode: int) -> int:
    """A folder's mode for files of `file_mode`: whoever may read a file may list them."""
    readers = file_mode & 0o044
    return 0o700 | readers | readers >> 2


def build_http(target: SyncTarget, context: BuildContext) -> HttpTarget:
    options = target.options
    url = options.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        problem = "url must start with http:// or https://"
        raise StoreError("sync_target_invalid", target=str(url), problem=problem)
    token_env = options.get("token_env")
    if not isinstance(token_env, str) or not token_env.strip():
        problem = "token_env (the variable holding the bearer token) is missing"
        raise StoreError("sync_target_invalid", target=url, problem=problem)
    timeout = options.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 600:
        problem = "timeout_seconds must be a number of seconds from 0 to 600"
        raise StoreError("sync_target_invalid", target=url, problem=problem)
    retries = options.get("retries", DEFAULT_RETRIES)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
        problem = "retries must be a whole number from 0 to 10"
        raise StoreError("sync_target_invalid", target=url, problem=problem)
    return HttpTarget(url, token_env.strip(), context.env, float(timeout), retries, context.sleep)


# The builders that need nothing beyond the standard library; kiosk/cli.py adds the rest.
LOCAL_BUILDERS: Mapping[str, Builder] = {"folder": build_folder, "http": build_http}


class BrokenTarget:
    """Stands in for a target whose options are unusable: every delivery reports why."""

    def __init__(self, kind: str, name: str, error: StoreError) -> None:
        self.kind, self.name, self.error = kind, name, error

    def deliver(self, summary: dict[str, Any]) -> None:
        raise self.error

    def deliver_month(self, package: MonthPackage) -> None:
        raise self.error

    def probe(self) -> None:
        raise self.error
