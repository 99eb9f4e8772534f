"""Expected failures, each carrying the exit code of the `kiosk` command contract.

Every error a person can cause or meet (bad input, a rule refusal, a damaged file, a full
disk) is one of these, with a message key from the i18n catalog, so that the CLI prints one
translated line and the UI shows a translated sentence, never a traceback.
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_STORE = 4


class KioskError(Exception):
    """Base class: `code` is a stable English identifier, `message_key` an i18n key."""

    exit_code = EXIT_USAGE

    def __init__(self, code: str, message_key: str | None = None, **params: Any) -> None:
        self.code = code
        self.message_key = message_key or f"error.{code}"
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


class UsageError(KioskError):
    """Bad input: unknown person, unknown item, malformed file or argument (exit 2)."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """kiosk.toml is malformed or inconsistent; names the key and line (exit 2)."""

    def __init__(self, path: str, line: int | None, key: str, problem: str) -> None:
        super().__init__("bad_config", path=path, line=line or "?", key=key, problem=problem)
        self.path, self.line, self.key, self.problem = path, line, key, problem

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.problem}"


class RefusedError(KioskError):
    """A rule said no: duplicate scan, window not open, needs confirmation ... (exit 3)."""

    exit_code = EXIT_REFUSED


class StoreError(KioskError):
    """The store cannot be read or written: damaged file, full disk, no permission (exit 4)."""

    exit_code = EXIT_STORE
