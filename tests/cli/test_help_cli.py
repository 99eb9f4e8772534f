"""`kiosk ... --help` in the kiosk's language: Chinese by default, English with --lang en or
kiosk.toml's `language = "en"`, Chinese when kiosk.toml cannot be read; and every command,
option and argument has its words in both catalogs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.commands.common import display_width
from kiosk.commands.help import KioskCommand, command_key, param_key
from kiosk.i18n import cli_en, cli_zh, en, zh
from tests.conftest import CliResult, run_binary

HELPS = [("--help",), ("staff", "--help"), ("staff", "add", "--help"), ("leave", "add", "--help")]
CJK = re.compile(r"[\u4e00-\u9fff]")
# Click's own English, which the catalogs replace.
CLICK_WORDS = ("Usage:", "Options:", "Commands:", "Show this message and exit.", "[required]")


def catalog_lines(catalog: dict[str, str]) -> list[str]:
    """The lines of the catalog's help texts (placeholder words left out)."""
    texts = [text for key, text in catalog.items() if "metavar" not in key]
    return [line for text in texts for line in text.splitlines() if line.strip()]


def squeezed(text: str) -> str:
    """`text` without whitespace: a sentence is found however the help wrapped it."""
    return re.sub(r"\s+", "", text)


def help_in(folder: Path, *args: str, env: dict[str, str] | None = None) -> CliResult:
    """`kiosk` in-process with `--data-dir folder` (help needs no demo data)."""
    result = CliRunner().invoke(
        cli, ["--data-dir", str(folder), *args], env=env or {}, catch_exceptions=False
    )
    return CliResult(result.exit_code, result.stdout, result.stderr)


def assert_chinese(result: CliResult) -> None:
    """Chinese help: click's words replaced, and no English sentence of the en catalog."""
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("用法:"), result.stdout
    for words in CLICK_WORDS:
        assert words not in result.stdout
    shown = squeezed(result.stdout)
    for line in catalog_lines(cli_en.MESSAGES):
        if not CJK.search(line) and len(line) > 12:
            assert squeezed(line) not in shown, line


def assert_english(result: CliResult) -> None:
    """English help: no Chinese sentence of the zh catalog."""
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Usage:"), result.stdout
    assert "用法" not in result.stdout and "选项" not in result.stdout
    shown = squeezed(result.stdout)
    for line in catalog_lines(cli_zh.MESSAGES):
        if CJK.search(line):
            assert squeezed(line) not in shown, line


# -- the language ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", HELPS, ids=" ".join)
def test_help_is_chinese_by_default(data_dir: Path, args: tuple[str, ...]) -> None:
    result = run_binary(data_dir, *args)
    assert_chinese(result)
    key = ".".join(["cli.kiosk", *args[:-1]])
    assert squeezed(zh.MESSAGES[key]) in squeezed(result.stdout)


def test_the_commands_are_listed_in_chinese(data_dir: Path) -> None:
    result = run_binary(data_dir, "staff", "--help")
    assert "命令:" in result.stdout
    assert "  add           添加一名员工\n" in result.stdout
    assert "  --help  显示此帮助并退出。\n" in result.stdout


def test_options_arguments_and_placeholders_are_chinese(data_dir: Path) -> None:
    result = run_binary(data_dir, "staff", "add", "--help")
    assert "用法: kiosk staff add [选项] 工号 姓名\n" in result.stdout
    assert "参数:" in result.stdout and "选项:" in result.stdout
    assert "--rest-day 星期" in result.stdout
    assert "[必填]" in result.stdout
    serve = run_binary(data_dir, "serve", "--help")
    assert "[默认:8000; 1 到 65535]" in serve.stdout


@pytest.mark.parametrize("args", HELPS, ids=" ".join)
def test_help_is_english_with_lang_en(data_dir: Path, args: tuple[str, ...]) -> None:
    result = run_binary(data_dir, "--lang", "en", *args)
    assert_english(result)
    key = ".".join(["cli.kiosk", *args[:-1]])
    assert squeezed(en.MESSAGES[key]) in squeezed(result.stdout)


def test_lang_may_follow_help(data_dir: Path) -> None:
    assert_english(help_in(data_dir, "--help", "--lang", "en"))


def test_help_follows_kiosk_toml_language(data_dir: Path) -> None:
    config = data_dir / "kiosk.toml"
    config.write_text(config.read_text("utf-8").replace('language = "zh"', 'language = "en"'))
    for args in HELPS:
        assert_english(run_binary(data_dir, *args))
    assert_chinese(run_binary(data_dir, "--lang", "zh", "staff", "--help"))


def test_help_reads_the_data_folder_from_kiosk_data_dir(data_dir: Path) -> None:
    config = data_dir / "kiosk.toml"
    config.write_text(config.read_text("utf-8").replace('language = "zh"', 'language = "en"'))
    result = CliRunner().invoke(
        cli, ["staff", "add", "--help"], env={"KIOSK_DATA_DIR": str(data_dir)}
    )
    assert_english(CliResult(result.exit_code, result.stdout, result.stderr))


@pytest.mark.parametrize(
    "broken",
    [b'language = "en"\nkiosk_id = = 1\n', b'language = "en"\n\xb0\xa1 = 1\n', b"language = 5\n"],
    ids=["syntax error", "not UTF-8", "not a language"],
)
def test_a_broken_kiosk_toml_still_gives_chinese_help(data_dir: Path, broken: bytes) -> None:
    (data_dir / "kiosk.toml").write_bytes(broken)
    for args in HELPS:
        assert_chinese(run_binary(data_dir, *args))


def test_no_data_folder_at_all_gives_chinese_help(tmp_path: Path) -> None:
    assert_chinese(help_in(tmp_path / "nowhere", "staff", "add", "--help"))
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "kiosk.toml").mkdir()  # a folder where the file should be
    assert_chinese(help_in(tmp_path / "folder", "--help"))


def test_a_group_without_a_subcommand_shows_its_help_alone(data_dir: Path) -> None:
    result = run_binary(data_dir, "staff")
    assert result.exit_code == 2
    assert result.stderr.startswith("用法: kiosk staff")
    assert "--help)" not in result.stderr


# -- every command, option and argument has words in both catalogs ---------------------------


def every_command() -> Iterator[tuple[click.Context, click.Command]]:
    """Each command of `kiosk`, hidden ones too, with a context as click would make it."""

    def walk(ctx: click.Context) -> Iterator[tuple[click.Context, click.Command]]:
        yield ctx, ctx.command
        if isinstance(ctx.command, click.Group):
            for name in ctx.command.list_commands(ctx):  # the lazily imported ones too
                sub = ctx.command.get_command(ctx, name)
                assert sub is not None, name
                yield from walk(click.Context(sub, info_name=name, parent=ctx))

    return walk(click.Context(cli, info_name="kiosk"))


COMMANDS = {command_key(ctx): (ctx, command) for ctx, command in every_command()}


def test_the_walk_finds_every_command() -> None:
    assert len(COMMANDS) >= 30
    assert {"cli.kiosk", "cli.kiosk.staff.add", "cli.kiosk.lead-desk"} <= set(COMMANDS)


@pytest.mark.parametrize("key", sorted(COMMANDS))
def test_every_command_and_parameter_has_help_in_both_catalogs(key: str) -> None:
    ctx, command = COMMANDS[key]
    assert isinstance(command, KioskCommand), key  # help from the catalogs
    assert zh.MESSAGES.get(key, "").strip() and en.MESSAGES.get(key, "").strip(), key
    for param in command.get_params(ctx):
        found = param_key(key, param)
        assert zh.MESSAGES.get(found, "").strip(), (key, param.name, found)
        assert en.MESSAGES.get(found, "").strip(), (key, param.name, found)
        if param.name not in ("version", "_click_default_help"):  # click's own options
            assert getattr(param, "help", None) is None, f"{key} {param.name}: help in code"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_help_is_whole_and_fits_the_terminal(tmp_path: Path, lang: str) -> None:
    for key in COMMANDS:
        args = [*key.split(".")[2:], "--help"]
        result = help_in(tmp_path, "--lang", lang, *args, env={"COLUMNS": "80"})
        assert result.exit_code == 0, (key, result.stderr)
        assert "cli." not in result.stdout and "{" not in result.stdout, (key, result.stdout)
        widths = [display_width(line) for line in result.stdout.splitlines()]
        assert max(widths) <= 80, (key, result.stdout)
