"""What is wrong with kiosk.toml is said in the reader's language: every problem a catalog
sentence with the setting's name, a TOML syntax error as line, column and general words."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from kiosk.config import default_config_text, parse_config
from kiosk.errors import ConfigError, ConfigProblem, ConfigSyntaxError
from kiosk.i18n import Translator, describe_error, en, zh
from tests.unit.test_config import MISTAKES

DEFAULT = default_config_text()
# An English sentence: two words of letters in a row (a key like shifts[0].end is not).
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def config_error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "kiosk.toml")
    return info.value


def english_in(text: str) -> list[str]:
    """English phrases in a Chinese message, leaving out what the file itself holds (the
    allowed keys, the value found) and tomllib's words kept in parentheses."""
    text = re.sub(r"\(TOML:.*?\)", "", text)
    text = re.sub(r"'[^']*'", "", text)
    return ENGLISH_WORDS.findall(text)


@pytest.mark.parametrize("problem", get_args(ConfigProblem))
def test_every_problem_has_a_sentence_in_both_languages(problem: str) -> None:
    key = f"config.{problem}"
    assert zh.MESSAGES[key].strip() and en.MESSAGES[key].strip()
    assert zh.MESSAGES[key] != en.MESSAGES[key]


@pytest.mark.parametrize(("old", "new", "key", "marker", "last"), MISTAKES.values(), ids=MISTAKES)
def test_each_mistake_is_a_chinese_sentence_naming_the_setting(
    old: str, new: str, key: str, marker: str, last: bool
) -> None:
    err = config_error(DEFAULT.replace(old, new, 1))
    chinese = describe_error(err, Translator("zh"))
    english = describe_error(err, Translator("en"))
    assert chinese.startswith(f"配置文件 kiosk.toml 第 {err.line} 行 {key} 有误:")
    assert not english_in(chinese.split("有误:", 1)[1]), chinese
    assert english.startswith(f"Configuration error in kiosk.toml line {err.line}, {key}: ")
    assert "{" not in chinese and "{" not in english
    assert err.params["reason"] == err.problem  # --json carries the code


def test_the_value_found_is_named() -> None:
    err = config_error(DEFAULT.replace('end = "18:00"', 'end = "25:00"'))
    assert describe_error(err, Translator("zh")).endswith(
        """应为 "HH:MM" 格式的时间,而不是 '25:00'"""
    )
    assert describe_error(err, Translator("en")).endswith("""got '25:00'""")


def test_a_sync_target_problem_is_translated() -> None:
    text = DEFAULT + '\n[[sync.targets]]\nkind = "http"\nurl = "http://hr.example/in"\n'
    err = config_error(text + 'token_env = "T"\n')
    assert err.problem == "plain_http"
    assert "明文" in describe_error(err, Translator("zh"))
    missing = config_error(text.replace("http://", "https://"))
    assert "缺少设置项 token_env" in describe_error(missing, Translator("zh"))


def test_a_control_character_in_a_value_is_written_out() -> None:
    err = config_error(DEFAULT.replace('timezone = "Asia/Shanghai"', 'timezone = "X\\u001b[2K"'))
    assert "\x1b" not in describe_error(err, Translator("zh"))


# (what is written, the line it replaces, kind, column; 0: the end of that line)
SYNTAX = {
    "double equals": ("duplicate_minutes = = 2", "duplicate_minutes = 2", "syntax_bad_value", 21),
    "time without quotes": ("close_at = 20:30", 'close_at = "20:30"', "syntax_trailing", 14),
    "full-width quotes": ("close_at = “20:30”", 'close_at = "20:30"', "syntax_bad_value", 12),
    "no equals sign": ("close_at 20:30", 'close_at = "20:30"', "syntax_missing_equals", 10),
    "unclosed string": ('close_at = "20:30', 'close_at = "20:30"', "syntax_unclosed", 0),
    "twice": (
        'close_at = "20:30"\nclose_at = "20:00"',
        'close_at = "20:30"',
        "syntax_duplicate",
        19,
    ),
    "Chinese key": ("结账 = 1", 'close_at = "20:30"', "syntax_bad_line", 1),
}


@pytest.mark.parametrize(("written", "replaces", "kind", "column"), SYNTAX.values(), ids=SYNTAX)
def test_a_syntax_error_says_line_column_and_what(
    written: str, replaces: str, kind: str, column: int
) -> None:
    assert replaces in DEFAULT
    text = DEFAULT.replace(replaces, written, 1)
    err = config_error(text)
    assert isinstance(err, ConfigSyntaxError)
    line = text.splitlines()[err.line - 1]
    assert line.startswith(written.splitlines()[-1])
    column = column or len(line) + 1  # the string runs on to the line's end
    assert (err.key, err.problem, err.column) == ("syntax", kind, column)
    chinese = describe_error(err, Translator("zh"))
    assert chinese.startswith(f"配置文件 kiosk.toml 第 {err.line} 行第 {column} 列写法有误:")
    assert zh.MESSAGES[f"config.{kind}"] in chinese
    assert not english_in(chinese), chinese
    english = describe_error(err, Translator("en"))
    assert english.startswith(
        f"Configuration error in kiosk.toml line {err.line}, column {column}: "
    )
    assert f"(TOML: {err.raw})" in english


def test_an_unclosed_table_at_the_end_of_the_file_points_there() -> None:
    text = DEFAULT + "\nx = [1, 2"
    err = config_error(text)
    assert isinstance(err, ConfigSyntaxError)
    assert err.problem == "syntax_unclosed"
    assert (err.line, err.column) == (len(text.splitlines()), len("x = [1, 2") + 1)
