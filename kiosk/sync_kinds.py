"""The kinds of sync target, declared once: what each reads from kiosk.toml and how the
ledger names it.

A `[[sync.targets]]` table has a `kind`; its `SyncKind` says which other keys it may hold,
checks their values (config.py turns a problem into an error naming the key and its line)
and gives the target's ledger key, `<kind>:<where it points>`. How a target is *built*
(files, HTTP, PostgreSQL) is not here: the composition root (kiosk/cli.py) hands the sync
service one builder per kind, so this module, like config.py, does no I/O and imports
nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from kiosk.errors import ConfigProblem

Options = Mapping[str, Any]
Check = Callable[[Options], None]


class OptionProblem(Exception):
    """One bad option: `key` is the option (None: the table itself, e.g. a missing key),
    `problem` what is wrong (a catalog key's code, so config.py's error is said in the
    reader's language, beside the key and its line) and `details` its parameters."""

    def __init__(self, key: str | None, problem: ConfigProblem, **details: Any) -> None:
        super().__init__(problem)
        self.key, self.problem, self.details = key, problem, details


@dataclass(frozen=True)
class SyncKind:
    name: str
    where: str  # the option saying where the target points: ledger key and the lead's name
    keys: frozenset[str]  # every option a table of this kind may hold, besides `kind`
    checks: tuple[Check, ...] = ()

    def check(self, options: Options) -> None:
        """Raise OptionProblem for the first option that cannot work."""
        for check in self.checks:
            check(options)

    def describe(self, options: Options) -> str:
        """Where the target points, as the config says it (a DSN is never named here: only
        the variable holding it)."""
        return str(options.get(self.where))

    def ledger_key(self, options: Options) -> str:
        """How sync.json names the target: `folder:<path>`, `http:<url>`, `postgres:<dsn_env>`.
        Two targets pointing at different places never share acknowledgements."""
        return f"{self.name}:{self.describe(options)}"


# -- option checks, in the order their errors are reported --------------------------------


def _text(key: str) -> Check:
    def check(options: Options) -> None:
        if key not in options:
            raise OptionProblem(None, "missing_key", name=key)
        value = options[key]
        if not isinstance(value, str) or not value.strip():
            raise OptionProblem(key, "not_text")

    return check


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _http_url(options: Options) -> None:
    url = str(options["url"]).strip()
    if not url.lower().startswith(("http://", "https://")):
        raise OptionProblem("url", "not_http_url", value=url)
    allowed = options.get("allow_plain_http", False)
    if not isinstance(allowed, bool):
        raise OptionProblem("allow_plain_http", "not_a_flag")
    if url.lower().startswith("http://") and not is_loopback(url) and not allowed:
        # plain http:// would send the bearer token and the day in clear
        raise OptionProblem("url", "plain_http")


def _timeout(options: Options) -> None:
    timeout = options.get("timeout_seconds", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 600:
        raise OptionProblem("timeout_seconds", "bad_timeout")


def _retries(options: Options) -> None:
    retries = options.get("retries", 3)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 100_000:
        raise OptionProblem("retries", "not_a_count")
    if retries > 10:
        raise OptionProblem("retries", "bad_retries")


def _file_mode(options: Options) -> None:
    mode = options.get("mode", "0600")
    if not isinstance(mode, str) or mode not in ("0600", "0640", "0644"):
        raise OptionProblem("mode", "bad_file_mode")


FOLDER = SyncKind("folder", "path", frozenset({"path", "mode"}), (_text("path"), _file_mode))
HTTP = SyncKind(
    "http",
    "url",
    frozenset({"url", "token_env", "timeout_seconds", "retries", "allow_plain_http"}),
    (_text("url"), _http_url, _text("token_env"), _timeout, _retries),
)
POSTGRES = SyncKind(
    "postgres", "dsn_env", frozenset({"dsn_env", "timeout_seconds"}), (_text("dsn_env"), _timeout)
)

SYNC_KINDS: dict[str, SyncKind] = {kind.name: kind for kind in (FOLDER, HTTP, POSTGRES)}

# Before each postgres target had its own key, every one was keyed this (sync.py inherits it).
LEGACY_POSTGRES_KEY = "postgres:None"
