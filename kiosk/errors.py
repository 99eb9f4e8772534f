"""Expected failures, each carrying the exit code of the `kiosk` command contract.

Every error a person can cause or meet (bad input, a rule refusal, a damaged file, a full
disk) is one of these, with a message key from the i18n catalog, so that the CLI prints one
translated line and the UI shows a translated sentence, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

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


# What can be wrong with kiosk.toml, each a catalog key `config.<problem>`: the kiosk says it
# in the reader's language, and `--json` carries the code as `reason`.
ConfigProblem = Literal[
    "not_a_table",
    "unknown_key",
    "missing_key",
    "not_text",
    "not_a_count",
    "not_a_flag",
    "not_a_time",
    "bad_kiosk_id",
    "unknown_timezone",
    "unknown_language",
    "at_least_one",
    "lead_idle_too_short",
    "idle_too_short",
    "result_seconds_range",
    "needs_tables",
    "bad_shift_code",
    "duplicate_shift",
    "zero_length_shift",
    "break_half",
    "break_outside",
    "bad_item_key",
    "duplicate_item",
    "targets_not_tables",
    "unknown_sync_kind",
    "not_http_url",
    "plain_http",
    "bad_timeout",
    "bad_retries",
    "bad_file_mode",
    "rest_days_range",
    "file_missing",
    "unreadable",
    # TOML syntax (tomllib's own message is kept beside it, as `raw`)
    "syntax_duplicate",
    "syntax_unclosed",
    "syntax_missing_equals",
    "syntax_bad_value",
    "syntax_trailing",
    "syntax_bad_line",
    "syntax_bad_character",
    "syntax_other",
]


@dataclass(frozen=True)
class Phrase:
    """A sentence still to be translated: a catalog key and its parameters. An error holds
    one where part of its message is itself one of several sentences (what is wrong with a
    setting), so the words are chosen in the reader's language, not where it was raised."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


class ConfigError(UsageError):
    """kiosk.toml is malformed or inconsistent; names the key and line (exit 2). `problem`
    is a `ConfigProblem` code and `details` its parameters (the value found, what is
    allowed), so the sentence is the reader's language's."""

    def __init__(
        self, path: str, line: int | None, key: str, problem: ConfigProblem, **details: Any
    ) -> None:
        super().__init__(
            "bad_config",
            path=path,
            line=line or "?",
            key=key,
            reason=problem,
            problem=Phrase(f"config.{problem}", details),
        )
        self.path, self.line, self.key, self.problem = path, line, key, problem
        self.details = details

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        shown = ", ".join(f"{name}={value!r}" for name, value in self.details.items())
        return f"{where}: {self.key}: {self.problem}" + (f" ({shown})" if shown else "")


class ConfigSyntaxError(ConfigError):
    """kiosk.toml is not TOML at all: the line and column, what is wrong in general words,
    and tomllib's own (English) words as `raw`, for whoever searches for them."""

    def __init__(self, path: str, line: int, column: int, problem: ConfigProblem, raw: str) -> None:
        super().__init__(path, line, "syntax", problem)
        self.message_key = "error.bad_config_syntax"
        self.params |= {"column": column, "raw": raw}
        self.column, self.raw = column, raw


class RefusedError(KioskError):
    """A rule said no: duplicate scan, window not open, needs confirmation ... (exit 3)."""

    exit_code = EXIT_REFUSED


class StoreError(KioskError):
    """The store cannot be read or written: damaged file, full disk, no permission (exit 4)."""

    exit_code = EXIT_STORE
