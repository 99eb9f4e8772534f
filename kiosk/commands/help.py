"""Every `kiosk ... --help` in the kiosk's language, from the message catalogs.

The help of a command, of each of its options and arguments, and click's own words
("Usage:", "Options:", "Show this message and exit.") are catalog entries found by the
command's path, so nothing in the code holds help text and a new option without words in
both catalogs fails tests/cli/test_help_cli.py:

- `cli.kiosk.staff.add`: the command's help; its first sentence is its line in the group;
- `cli.kiosk.staff.add:--rest-day` / `cli.kiosk.staff.add:staff_id`: an option (by its first
  flag) or an argument (by its name); `cli.common:--json` when every command says the same;
- `cli.metavar.DATE`: a placeholder word shown in the usage line and beside an option.

The language is `--lang` when given, else the data folder's kiosk.toml `language`, else
Chinese. `kiosk --help` is answered while the group's own options are still being parsed,
so the group reads `--lang` and `--data-dir` from the command line before click acts on any.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kiosk.commands.common import display_width, kiosk_language
from kiosk.commands.help_format import HelpContext
from kiosk.i18n import CATALOGS, Translator

DATA_DIR_ENV = "KIOSK_DATA_DIR"
DEFAULT_DATA_DIR = "./data"
ROOT_KEY = "cli.kiosk"
SHARED_KEY = "cli.common"
_GIVEN = "kiosk.help.given"  # Context.meta keys, on the root context
_LANGUAGE = "kiosk.help.language"
_PLACEHOLDER = re.compile(r"[A-Z][A-Z_-]*[A-Z]")  # DATE, STAFF_ID, YYYY-MM; not A|B|C


@dataclass(frozen=True)
class GlobalOptions:
    """`--lang` and `--data-dir` as typed on the command line (None when not given)."""

    lang: str | None = None
    data_dir: str | None = None


def help_language(ctx: click.Context) -> str:
    """The language of every help text in this run (read once, kept on the root context).
    A kiosk.toml that cannot be read or parsed gives Chinese: help never fails."""
    root = ctx.find_root()
    if _LANGUAGE not in root.meta:
        given = root.meta.get(_GIVEN, GlobalOptions())
        folder = given.data_dir or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
        root.meta[_LANGUAGE] = kiosk_language(given.lang, Path(folder))
    return str(root.meta[_LANGUAGE])


def command_key(ctx: click.Context) -> str:
    """`cli.kiosk.staff.add` for `kiosk staff add`, whatever the program was called."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.command.name or "")
        ctx = ctx.parent
    return ".".join([ROOT_KEY, *reversed(names)])


def param_key(command: str, param: click.Parameter) -> str:
    """The catalog key of a parameter's help: the command's own, else the shared one."""
    ident = param.opts[0] if isinstance(param, click.Option) else str(param.name)
    own, shared = f"{command}:{ident}", f"{SHARED_KEY}:{ident}"
    return shared if not _known(own) and _known(shared) else own


def _known(key: str) -> bool:
    return any(key in messages for messages in CATALOGS.values())


def summary(text: str, width: int) -> str:
    """A command's line in its group's list: its help's first sentence (the catalogs keep
    it short), cut to `width` columns with "…" on a narrow terminal."""
    sentence = text.split("\n", 1)[0]
    for stop in ("。", ". "):
        sentence = sentence.split(stop, 1)[0]
    sentence = sentence.rstrip("。.")
    if display_width(sentence) <= width:
        return sentence
    while display_width(sentence) > width - 1:
        sentence = sentence[:-1]
    return sentence.rstrip(" ,:;") + "…"


class HelpWords:
    """The words of one command's help, in the run's language."""

    def __init__(self, ctx: click.Context) -> None:
        self.tr = Translator(help_language(ctx))
        self.key = command_key(ctx)

    def t(self, key: str, **params: Any) -> str:
        return self.tr.t(key, **params)

    def placeholders(self, text: str) -> str:
        """`--from DATE` -> `--from 日期`: each placeholder word the catalog names."""
        return _PLACEHOLDER.sub(lambda word: self.tr.name("cli.metavar", word.group(0)), text)

    def param(self, param: click.Parameter) -> str:
        """A parameter's help, then what click would add: default, range, required."""
        extras: list[str] = []
        if isinstance(param, click.Option):
            default = param.default
            if param.show_default and isinstance(default, str | int) and default != "":
                extras.append(self.t("cli.default", value=default))
            if isinstance(param.type, click.IntRange):
                extras.append(self.t("cli.range", low=param.type.min, high=param.type.max))
            if param.required:
                extras.append(self.t("cli.required"))
        text = self.t(param_key(self.key, param))
        return f"{text}  [{'; '.join(extras)}]" if extras else text


class KioskCommand(click.Command):
    """A command whose help comes from the catalogs (see the module doc)."""

    context_class = HelpContext

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_arguments(ctx, formatter)
        self.format_options(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        words = HelpWords(ctx)
        pieces = words.placeholders(" ".join(self.collect_usage_pieces(ctx)))
        formatter.write_usage(ctx.command_path, pieces, prefix=words.t("cli.usage") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        words = HelpWords(ctx)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(words.t(words.key))

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        words = HelpWords(ctx)
        rows = [
            (words.placeholders(" ".join(param.get_usage_pieces(ctx))), words.param(param))
            for param in self.get_params(ctx)
            if isinstance(param, click.Argument)
        ]
        _section(formatter, words.t("cli.arguments"), rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        words = HelpWords(ctx)
        rows = []
        for param in self.get_params(ctx):
            record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
            if record is not None:  # None: a hidden option
                rows.append((words.placeholders(record[0]), words.param(param)))
        _section(formatter, words.t("cli.options"), rows)


class HelpGroup(KioskCommand, click.Group):
    """A group of KioskCommands (its subcommands and subgroups get these classes)."""

    command_class = KioskCommand
    group_class = type  # a subgroup is made of this same class

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # before --help is acted on: it may come before --lang
            ctx.meta[_GIVEN] = self._given(ctx, args)
        return super().parse_args(ctx, args)

    def _given(self, ctx: click.Context, args: list[str]) -> GlobalOptions:
        """--lang and --data-dir as typed, by click's own parser (a dry run: nothing is
        acted on); nothing when the command line does not parse (click then says why)."""
        try:
            options, _, _ = self.make_parser(ctx).parse_args(args=list(args))
        except click.UsageError:
            return GlobalOptions()
        lang, data_dir = options.get("lang"), options.get("data_dir")
        return GlobalOptions(
            lang if isinstance(lang, str) else None,
            data_dir if isinstance(data_dir, str) else None,
        )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def listed(self, ctx: click.Context, name: str) -> bool:
        """Whether `name` is a command shown in this group's help (not a hidden one)."""
        command = self.get_command(ctx, name)
        return command is not None and not command.hidden

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        words = HelpWords(ctx)
        names = [name for name in self.list_commands(ctx) if self.listed(ctx, name)]
        if not names:
            return
        # The columns write_dl leaves for a description: the width less indent, the
        # names' column and the gaps.
        width = formatter.width - min(max(map(display_width, names)), 30) - 4
        rows = [(name, summary(words.t(f"{words.key}.{name}"), width)) for name in names]
        _section(formatter, words.t("cli.commands"), rows)


def _section(formatter: click.HelpFormatter, title: str, rows: Sequence[tuple[str, str]]) -> None:
    if rows:
        with formatter.section(title):
            formatter.write_dl(rows)
