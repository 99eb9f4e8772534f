"""A broken kiosk.toml, met by the real command: the details are Chinese by default and
English with --lang en, the exit code stays 2 and nothing prints a traceback, whether a
subcommand or `kiosk run` meets it."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.config import default_config_text
from tests.cli.cli_helpers import invoke, one_json
from tests.conftest import CliResult, run_binary

DEFAULT = default_config_text()
BAD_VALUE = DEFAULT.replace('end = "18:00"', 'end = "25:00"', 1)
BAD_SYNTAX = DEFAULT.replace('close_at = "20:30"', "close_at = 20:30", 1)
# Two English words in a row (a setting's name such as shifts[0].end is one word).
ENGLISH = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def line_of(text: str, start: str) -> int:
    return next(n for n, raw in enumerate(text.splitlines(), 1) if raw.startswith(start))


def no_traceback(result: CliResult) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def chinese_only(message: str) -> None:
    """No English phrase in the message, once tomllib's own words (kept in parentheses
    for IT) and the value quoted from the file are left out."""
    message = re.sub(r"\(TOML:.*?\)|'[^']*'", "", message)
    assert not ENGLISH.findall(message), message


def write(data_dir: Path, text: str) -> Path:
    path = data_dir / "kiosk.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_bad_value_is_said_in_chinese_by_default(data_dir: Path) -> None:
    path = write(data_dir, BAD_VALUE)
    line = line_of(BAD_VALUE, 'end = "25:00"')
    zh = run_binary(data_dir, "staff", "list")
    assert zh.exit_code == 2
    no_traceback(zh)
    assert zh.stderr.strip() == (
        f"配置文件 {path} 第 {line} 行 shifts[0].end 有误:"
        """应为 "HH:MM" 格式的时间,而不是 '25:00'"""
    )
    en = run_binary(data_dir, "--lang", "en", "staff", "list")
    assert en.exit_code == 2
    no_traceback(en)
    assert en.stderr.strip() == (
        f"""Configuration error in {path} line {line}, shifts[0].end: """
        """must be a time as "HH:MM", got '25:00'"""
    )


def test_a_syntax_error_is_said_in_chinese_with_line_and_column(data_dir: Path) -> None:
    path = write(data_dir, BAD_SYNTAX)
    line = line_of(BAD_SYNTAX, "close_at = 20:30")
    zh = run_binary(data_dir, "punch", "1001")
    assert zh.exit_code == 2
    no_traceback(zh)
    message = zh.stderr.strip()
    assert message.startswith(f"配置文件 {path} 第 {line} 行第 14 列写法有误:值的后面还有别的内容")
    assert message.count("\n") == 0
    chinese_only(message)
    en = run_binary(data_dir, "--lang", "en", "punch", "1001")
    assert en.exit_code == 2
    assert en.stderr.strip().startswith(
        f"Configuration error in {path} line {line}, column 14: something follows the value"
    )
    no_traceback(en)


def test_json_carries_the_problem_code_and_the_translated_message(data_dir: Path) -> None:
    write(data_dir, BAD_SYNTAX)
    body = one_json(invoke(data_dir, "staff", "list", "--json"))
    assert (body["error"], body["key"], body["reason"], body["column"]) == (
        "bad_config",
        "syntax",
        "syntax_trailing",
        14,
    )
    assert body["message"].startswith("配置文件 ")
    assert body["raw"] == "Expected newline or end of document after a statement"


def test_kiosk_run_says_it_in_chinese_before_the_screen_starts(data_dir: Path) -> None:
    path = write(data_dir, DEFAULT.replace("pin_max_attempts = 5", "pin_max_attempts = 0"))
    result = run_binary(data_dir, "run")
    assert result.exit_code == 2
    no_traceback(result)
    line = line_of(path.read_text("utf-8"), "pin_max_attempts = 0")
    assert (
        result.stderr.strip()
        == f"配置文件 {path} 第 {line} 行 rules.pin_max_attempts 有误:至少为 1"
    )


def test_a_file_saved_as_gbk_is_named_as_not_utf8(data_dir: Path) -> None:
    path = data_dir / "kiosk.toml"
    path.write_bytes(DEFAULT.encode("gb18030"))
    first = next(n for n, raw in enumerate(DEFAULT.splitlines(), 1) if not raw.isascii())
    zh = invoke(data_dir, "staff", "list")
    assert zh.exit_code == 2
    assert zh.stderr.strip().startswith(f"{path} 不是 UTF-8 编码的文本(第 {first} 行附近)")
    en = invoke(data_dir, "--lang", "en", "staff", "list")
    assert en.stderr.strip().startswith(f"{path} is not UTF-8 text (near line {first})")


def test_an_error_follows_the_language_kiosk_toml_states(data_dir: Path) -> None:
    text = BAD_VALUE.replace('language = "zh"', 'language = "en"')
    write(data_dir, text)
    result = invoke(data_dir, "staff", "list")
    assert result.exit_code == 2
    assert result.stderr.startswith("Configuration error in ")
    assert invoke(data_dir, "--lang", "zh", "staff", "list").stderr.startswith("配置文件 ")
