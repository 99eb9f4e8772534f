"""The zh and en catalogs: same keys, compatible placeholders, a message for every error."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

import pytest

import kiosk
from kiosk.badges import BadgeErrorReason
from kiosk.domain.punch_rules import RefusalReason
from kiosk.domain.shifts import WEEKDAYS
from kiosk.errors import ConfigError, RefusedError
from kiosk.i18n import CATALOGS, Translator, describe_error, en, zh
from kiosk.services.records import LEAVE_TYPE_NAMES_ZH, LEAVE_TYPES, parse_leave_type
from kiosk.services.staff import parse_rest_day

KIOSK_DIR = Path(kiosk.__file__).parent
# `raise UsageError("code", ...)`, also with the code on the next line.
_RAISED = re.compile(r"\b(?:UsageError|RefusedError|StoreError|KioskError)\(\s*\"([a-z_]+)\"")


def placeholders(template: str) -> set[str]:
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(re.split(r"[.\[!:]", field, maxsplit=1)[0])
    return names


def raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in KIOSK_DIR.rglob("*.py"):
        codes |= set(_RAISED.findall(path.read_text("utf-8")))
    return codes


def all_error_codes() -> set[str]:
    codes = raised_codes()
    # Codes built at run time rather than written as a literal first argument:
    codes |= {f"badge_{reason}" for reason in get_args(BadgeErrorReason)}  # services/scan.py
    codes |= set(get_args(RefusalReason))  # services/punch.py: RefusedError(refusal.reason)
    codes |= {ConfigError("kiosk.toml", 1, "k", "p").code}  # bad_config
    codes |= {"disk_full", "write_failed"}  # store/atomic.py picks one by errno
    return codes


def test_the_code_scan_finds_the_raises() -> None:
    codes = raised_codes()
    assert len(codes) >= 30
    assert {"unknown_staff", "pin_locked", "wrong_pin", "corrupt_file", "internal"} <= codes


def test_catalogs_have_identical_keys() -> None:
    assert set(zh.MESSAGES) == set(en.MESSAGES)
    assert set(CATALOGS) == {"zh", "en"}


@pytest.mark.parametrize("key", sorted(zh.MESSAGES))
def test_zh_placeholders_exist_in_en(key: str) -> None:
    assert placeholders(zh.MESSAGES[key]) <= placeholders(en.MESSAGES[key])


@pytest.mark.parametrize("code", sorted(all_error_codes()))
def test_every_error_code_has_a_message_in_both_languages(code: str) -> None:
    key = f"error.{code}"
    assert key in zh.MESSAGES, key
    assert key in en.MESSAGES, key
    assert zh.MESSAGES[key].strip()
    assert en.MESSAGES[key].strip()


def test_no_message_is_empty() -> None:
    for catalog in (zh.MESSAGES, en.MESSAGES):
        assert all(text.strip() for text in catalog.values())


def test_every_template_formats() -> None:
    for lang in CATALOGS:
        tr = Translator(lang)
        for key, template in CATALOGS[lang].items():
            params = {name: "X" for name in placeholders(template)}
            text = tr.t(key, **params)
            assert "{" not in text, (lang, key, text)


# -- Translator ------------------------------------------------------------------------------


def test_default_language_is_chinese() -> None:
    assert Translator().t("action.check_in") == "签到"
    assert Translator("fr").lang == "zh"
    assert Translator("en").t("action.check_in") == "check-in"


def test_missing_parameter_is_left_visible_not_a_crash() -> None:
    assert Translator("en").t("error.unknown_staff") == "No staff member with ID {staff_id}."


def test_unknown_key_falls_back_to_the_key() -> None:
    assert Translator("zh").t("no.such.key") == "no.such.key"


def test_a_parameter_may_be_called_key() -> None:
    # ConfigError carries `key=` (the config key); it must reach the message, not clash.
    text = Translator("en").t(
        "error.bad_config", path="kiosk.toml", line=3, key="rules.x", problem="unknown key"
    )
    assert text == "Configuration error in kiosk.toml line 3, rules.x: unknown key"


@pytest.mark.parametrize(
    ("lang", "minutes", "text"),
    [
        ("zh", 490, "8小时10分钟"),
        ("zh", 480, "8小时"),
        ("zh", 5, "5分钟"),
        ("en", 490, "8 h 10 min"),
        ("en", 0, "0 min"),
        ("en", -3, "0 min"),
    ],
)
def test_minutes(lang: str, minutes: int, text: str) -> None:
    assert Translator(lang).minutes(minutes) == text


# -- names of identifiers --------------------------------------------------------------------


@pytest.mark.parametrize("kind", LEAVE_TYPES)
def test_every_leave_type_has_a_name_in_both_languages(kind: str) -> None:
    assert zh.MESSAGES[f"leave_type.{kind}"] == LEAVE_TYPE_NAMES_ZH[kind]
    assert en.MESSAGES[f"leave_type.{kind}"].endswith("leave")
    # What zh output shows is accepted back as input, and means the same type.
    assert parse_leave_type(Translator("zh").leave_type(kind)) == kind


@pytest.mark.parametrize("day", WEEKDAYS)
def test_every_weekday_has_a_name_in_both_languages(day: str) -> None:
    assert zh.MESSAGES[f"weekday.{day}"].startswith("周")
    assert en.MESSAGES[f"weekday.{day}"].lower().startswith(day)
    for lang in CATALOGS:  # what the output shows is accepted back as input
        assert parse_rest_day(Translator(lang).weekday(day)) == day


def test_unknown_identifier_is_shown_as_is() -> None:
    assert Translator("zh").leave_type("sabbatical") == "sabbatical"
    assert Translator("en").weekday("someday") == "someday"
    assert Translator("zh").name("weekday", "mon") == "周一"


def test_unknown_leave_type_message_lists_both_forms() -> None:
    params = {"type": "x", "known": ", ".join(LEAVE_TYPES)}
    params["known_zh"] = "、".join(LEAVE_TYPE_NAMES_ZH[k] for k in LEAVE_TYPES)
    for lang in CATALOGS:
        text = Translator(lang).t("error.unknown_leave_type", **params)
        assert "work_injury" in text and "工伤假" in text


# -- durations -------------------------------------------------------------------------------

# A placeholder followed by a unit: the number was meant to be raw minutes ('365 分钟').
_RAW_MINUTES = re.compile(r"\{\w+\}\s*(分钟|分(?![钟\w])|minutes?\b|min\b)")


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_no_message_words_raw_minutes(lang: str) -> None:
    """Every duration goes through Translator.minutes: '6小时5分钟', never '{minutes} 分钟'."""
    raw = {k: v for k, v in CATALOGS[lang].items() if _RAW_MINUTES.search(v)}
    raw.pop("duration.hours_minutes", None)
    raw.pop("duration.minutes", None)
    assert raw == {}


def test_an_error_words_its_minutes_as_a_duration() -> None:
    err = RefusedError("needs_confirmation", name="张丽", shift="A", end="18:00", early_minutes=355)
    assert "还有 5小时55分钟," in describe_error(err, Translator("zh"))
    assert "leaving 5 h 55 min before" in describe_error(err, Translator("en"))
    assert err.params["early_minutes"] == 355  # --json keeps the number
