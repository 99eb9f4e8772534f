"""Fuzzing what people and files feed the kiosk: scans, staff CSVs, kiosk.toml, CLI arguments.

Whatever comes in, the answer is a result or a KioskError (one translated sentence and an
exit code), never another exception, which would reach a person as a traceback. Real files in
a tmp folder; hypothesis picks the inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import cli, wire_services
from kiosk.config import default_config_text, parse_config
from kiosk.errors import KioskError
from kiosk.services.container import Services
from tests.cli.cli_helpers import install_demo

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SCANNER_TEXT = st.text(
    alphabet=st.sampled_from("SK:0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_ sk\t\x00é工号\u3000１"),
    max_size=80,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    install_demo(data_dir)
    return data_dir


@pytest.fixture(scope="module")
def services(folder: Path) -> Services:
    return wire_services(folder)


@FUZZ
@given(text=st.one_of(SCANNER_TEXT, st.text(max_size=100)))
def test_any_scan_is_a_person_or_a_clear_refusal(services: Services, text: str) -> None:
    try:
        result = services.scan.identify(text)
    except KioskError:
        return
    assert result.staff.id


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_any_staff_file_imports_whole_or_not_at_all(
    services: Services, folder: Path, data: bytes
) -> None:
    before = (folder / "people.json").read_bytes()
    try:
        services.staff.import_csv(data)
    except KioskError:
        assert (folder / "people.json").read_bytes() == before  # nothing half-imported


def _mutations() -> st.SearchStrategy[str]:
    base = default_config_text()

    def mutate(cut: tuple[int, int, str]) -> str:
        start, length, insert = cut
        return base[:start] + insert + base[start + length :]

    return st.tuples(st.integers(0, len(base)), st.integers(0, 40), st.text(max_size=20)).map(
        mutate
    )


@FUZZ
@given(text=st.one_of(_mutations(), st.text(max_size=300)))
def test_any_config_text_loads_or_names_the_problem(text: str) -> None:
    try:
        parse_config(text, "kiosk.toml")
    except KioskError as err:
        assert err.exit_code == 2


COMMANDS = [
    ["punch"], ["check"], ["incident"], ["staff", "list"], ["staff", "add"], ["roster", "show"],
    ["roster", "set"], ["leave", "add"], ["leave", "list"], ["leave", "done"], ["day", "close"],
    ["export"], ["sync"], ["badges"], ["staff", "revoke-badge"],
]  # fmt: skip
WORDS = st.sampled_from(
    ["1001", "L001", "9999", "--json", "--by", "--at", "--date", "--month", "--fail",
     "--yes", "--reason", "--format", "csv", "json", "2026-11-27", "2026-13-45",
     "2026-11-27T08:00", "sick", "病假", "rest", "A", "Z", "nails,badge", "-", "", "x" * 70,
     "--out", "/nonexistent/dir/file.csv", "--lang", "fr", "\x00", "周一"]
)  # fmt: skip


@FUZZ
@given(command=st.sampled_from(COMMANDS), args=st.lists(WORDS, max_size=6))
def test_any_command_line_ends_with_an_exit_code_not_a_traceback(
    folder: Path, command: list[str], args: list[str]
) -> None:
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(folder), *command, *args],
        env={"KIOSK_FAKE_NOW": "2026-11-27T09:00:00"},
    )
    assert result.exit_code in (0, 2, 3, 4), (command, args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command,
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.output
