"""Message catalogs: Chinese (the default) and English.

Every sentence a person reads goes through `Translator.t`, so the CLI and the screens say the
same thing in the same words. A missing key falls back to English, then to the key itself, so
a gap in a catalog never becomes a crash at the front desk.

A catalog is imported when a Translator of its language is first made (CATALOGS loads it):
a command in Chinese never loads the English one unless a key is missing from Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Any

from kiosk.errors import KioskError, Phrase
from kiosk.parsing import shown_safely

DEFAULT_LANGUAGE = "zh"
FALLBACK_LANGUAGE = "en"
_MODULES = {"zh": "kiosk.i18n.zh", "en": "kiosk.i18n.en"}


class _Catalogs(Mapping[str, dict[str, str]]):
    """{language: its messages}, each catalog module imported on first use."""

    def __getitem__(self, lang: str) -> dict[str, str]:
        messages: dict[str, str] = import_module(_MODULES[lang]).MESSAGES
        return messages

    def __contains__(self, lang: object) -> bool:  # a language is known without loading it
        return lang in _MODULES

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


CATALOGS: Mapping[str, dict[str, str]] = _Catalogs()


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Translator:
    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang if lang in CATALOGS else DEFAULT_LANGUAGE
        self._messages = CATALOGS[self.lang]

    def t(self, key: str, /, **params: Any) -> str:
        template = self._messages.get(key) or CATALOGS[FALLBACK_LANGUAGE].get(key) or key
        return template.format_map(_Blank(params))

    def name(self, group: str, ident: str) -> str:
        """The readable name of an identifier (`leave_type.sick` -> 病假 / sick leave); the
        identifier itself when no catalog names it (an old record, a newer config)."""
        key = f"{group}.{ident}"
        known = key in self._messages or key in CATALOGS[FALLBACK_LANGUAGE]
        return self.t(key) if known else ident

    def leave_type(self, kind: str) -> str:
        return self.name("leave_type", kind)

    def weekday(self, day: str) -> str:
        return self.name("weekday", day)

    def minutes(self, total: int) -> str:
        """A duration as people say it: '8 h 2 min' / '8小时2分钟'."""
        hours, minutes = divmod(max(0, total), 60)
        if hours and minutes:
            return self.t("duration.hours_minutes", hours=hours, minutes=minutes)
        if hours:
            return self.t("duration.hours", hours=hours)
        return self.t("duration.minutes", minutes=minutes)


def describe_error(err: KioskError, tr: Translator) -> str:
    """The translated sentence for an expected failure; a nested error (a CSV row's problem)
    or phrase (what is wrong with a setting) is translated too. The CLI prints it; the
    screens show it. A value echoed from a file or a command line is shown with its control
    characters written out, so a CSV cell holding `ESC[2K` cannot wipe the line and print a
    fake result over it. A count of minutes (a parameter named `*_minutes`) is worded like
    every other duration, '3小时' not '180 分钟'; `--json` keeps the number in the params."""
    return tr.t(err.message_key, **_shown(err.params, tr))


def _shown(params: Mapping[str, Any], tr: Translator) -> dict[str, Any]:
    return {name: _shown_value(name, value, tr) for name, value in params.items()}


def _shown_value(name: str, value: Any, tr: Translator) -> Any:
    if isinstance(value, KioskError):
        return describe_error(value, tr).rstrip("。.")
    if isinstance(value, Phrase):
        return tr.t(value.key, **_shown(value.params, tr))
    if isinstance(value, str):
        return shown_safely(value)
    if name.endswith("_minutes") and isinstance(value, int) and not isinstance(value, bool):
        return tr.minutes(value)
    return value
