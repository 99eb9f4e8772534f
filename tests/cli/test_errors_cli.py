"""Failures the `kiosk` command meets: each is exit 2/3/4 and one translated line (or one
JSON object with --json), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import default_config_text
from tests.cli.cli_helpers import PUNCH_KEYS, install_demo, invoke, one_json
from tests.conftest import CliResult, KioskRunner, run_binary

DEFAULT = default_config_text()


def line_of(text: str, line: str, last: bool = False) -> int:
    lines = enumerate(text.splitlines(), start=1)
    numbers = [n for n, raw in lines if raw.split("#")[0].strip() == line]
    assert numbers, line
    return numbers[-1] if last else numbers[0]


def no_traceback(result: CliResult) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


# -- missing or broken configuration ---------------------------------------------------------


def test_no_config_says_run_kiosk_init(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    zh = invoke(empty, "staff", "list")
    assert zh.exit_code == 2
    assert "kiosk init" in zh.stderr
    en = invoke(empty, "--lang", "en", "staff", "list", "--json")
    assert en.exit_code == 2
    body = one_json(en)
    assert body["error"] == "no_config"
    assert body["message"] == f"No configuration at {empty / 'kiosk.toml'}. Run `kiosk init` first."


def test_missing_data_dir_says_run_kiosk_init(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nowhere", "--lang", "en", "punch", "1001")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "kiosk init" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_config_syntax_error_names_the_line(kiosk: KioskRunner, data_dir: Path) -> None:
    text = DEFAULT.replace("duplicate_minutes = 2", "duplicate_minutes = = 2")
    (data_dir / "kiosk.toml").write_text(text, "utf-8")
    expected = line_of(text, "duplicate_minutes = = 2")
    result = kiosk("staff", "list", "--json")
    assert result.exit_code == 2
    no_traceback(result)
    body = one_json(result)
    assert (body["error"], body["key"], body["line"]) == ("bad_config", "syntax", expected)
    assert f"line {expected}" in body["message"]
    zh = invoke(data_dir, "staff", "list")
    assert zh.exit_code == 2
    assert f"第 {expected} 行" in zh.stderr
    no_traceback(zh)


# (id, old text, new text, key the error names, the line it must name, last such line)
MUTATIONS = [
    ("unknown top-level key", "kiosk_id =", 'colour = "red"\nkiosk_id =', "colour",
     'colour = "red"', False),
    ("unknown rules key", "duplicate_minutes = 2", "duplicat_minutes = 2",
     "rules.duplicat_minutes", "duplicat_minutes = 2", False),
    ("end equals start", 'start = "12:00"\nend = "20:00"', 'start = "12:00"\nend = "12:00"',
     "shifts[2].end", 'end = "12:00"', False),
    ("break outside the shift", 'break_start = "11:30"', 'break_start = "16:30"',
     "shifts[1].break_start", 'break_start = "16:30"', False),
    ("duplicate shift codes", 'code = "C"', 'code = "B"', "shifts[2].code", 'code = "B"', True),
    ("duplicate checklist keys", 'key = "makeup"', 'key = "clean"', "checklist[2].key",
     'key = "clean"', True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "key", "marker", "last"),
    [m[1:] for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_config_mistakes_name_key_and_line(
    kiosk: KioskRunner, data_dir: Path, old: str, new: str, key: str, marker: str, last: bool
) -> None:
    assert old in DEFAULT
    text = DEFAULT.replace(old, new, 1)
    (data_dir / "kiosk.toml").write_text(text, "utf-8")
    expected_line = line_of(text, marker, last=last)
    result = kiosk("punch", "1001", "--json")
    assert result.exit_code == 2
    no_traceback(result)
    body = one_json(result)
    assert body["error"] == "bad_config"
    assert body["key"] == key
    assert body["line"] == expected_line
    assert f"line {expected_line}, {key}:" in body["message"]
    human = kiosk("punch", "1001")
    assert human.exit_code == 2
    assert human.stderr.count("\n") == 1
    assert key in human.stderr


# -- bad values ------------------------------------------------------------------------------


@pytest.mark.parametrize("now", ["garbage", "2026-13-01T08:00", "27/11/2026 08:00"])
def test_garbage_fake_now_is_exit_2(demo: KioskRunner, now: str) -> None:
    result = demo("punch", "1001", "--json", now=now)
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "bad_fake_now"
    assert body["value"] == now
    human = demo("punch", "1001", now=now)
    assert human.exit_code == 2
    assert f"KIOSK_FAKE_NOW={now} is not a date and time" in human.stderr


def test_bad_at_is_exit_2(demo: KioskRunner) -> None:
    result = demo("punch", "1001", "--at", "8 o'clock", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "bad_datetime"


# -- one JSON object, no traceback -----------------------------------------------------------

FAILING = [
    (["punch", "9999"], 2),
    (["punch", "SK:1001:1:AAAAAAAAAAAAAAAA"], 2),
    (["punch", "1006"], 3),
    (["punch", "1001", "--by", "1002", "--at", "2026-11-27T18:00", "--reason", "x"], 2),
    (["staff", "add", "1001", "Dup", "--shift", "A", "--rest-day", "mon"], 2),
    (["staff", "import", "/nonexistent/staff.csv"], 2),
    (["staff", "revoke-badge", "9999"], 2),
    (["roster", "set", "1001", "2026-02-30", "A"], 2),
    (["roster", "show", "--date", "someday"], 2),
    (["leave", "add", "1001", "sick", "2026-12-05", "2026-12-01"], 2),
    (["leave", "done", "L00000000"], 2),
    (["check", "1001", "--by", "L001", "--fail", "wings"], 2),
    (["check", "1001", "--by", "1002"], 2),
    (["incident", "1001", "smoking", "--by", "L001"], 2),
    (["badges", "9999", "--out", "/tmp/never-written-by-kiosk-tests"], 2),
]


@pytest.mark.parametrize(("args", "code"), FAILING, ids=[" ".join(a[:2]) for a, _ in FAILING])
def test_json_failures_print_one_object(demo: KioskRunner, args: list[str], code: int) -> None:
    result = demo(*args, "--json")
    assert result.exit_code == code
    assert result.stderr == ""
    no_traceback(result)
    body = one_json(result)
    assert set(body) >= {"refused" if code == 3 else "error", "message"}
    assert body["message"]
    assert body.get("error") != "internal"


@pytest.mark.parametrize(("args", "code"), FAILING, ids=[" ".join(a[:2]) for a, _ in FAILING])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_human_failures_are_one_line_on_stderr(
    demo: KioskRunner, args: list[str], code: int, lang: str
) -> None:
    result = demo(*args, lang=lang)
    assert result.exit_code == code
    assert result.stdout == ""
    no_traceback(result)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Unexpected error" not in result.stderr
    assert "意外错误" not in result.stderr


def test_corrupt_people_file_is_exit_4_and_kept(demo: KioskRunner, data_dir: Path) -> None:
    people = data_dir / "people.json"
    people.write_bytes(b'{"staff": {"1": {"id": "1001"')
    result = demo("punch", "1001", "--json")
    assert result.exit_code == 4
    no_traceback(result)
    body = one_json(result)
    assert body["error"] == "corrupt_file"
    assert body["path"] == str(people)
    assert demo("staff", "add", "2001", "X", "--shift", "A", "--rest-day", "mon").exit_code == 4
    assert people.read_bytes() == b'{"staff": {"1": {"id": "1001"'


# -- the real console entry point ------------------------------------------------------------


def test_binary_punch_json(data_dir: Path) -> None:
    install_demo(data_dir)
    result = run_binary(data_dir, "--lang", "en", "punch", "1001", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    body = one_json(result)
    assert set(body) >= PUNCH_KEYS
    assert (body["staff_id"], body["action"], body["late_minutes"]) == ("1001", "check_in", 0)
    again = run_binary(data_dir, "--lang", "en", "punch", "1001", "--json")
    assert again.exit_code == 3
    assert one_json(again)["refused"] == "duplicate"


def test_binary_failures_have_no_traceback(data_dir: Path) -> None:
    usage = run_binary(data_dir, "punch")
    assert usage.exit_code == 2
    assert usage.stderr.strip().endswith("(see: kiosk punch --help)")
    no_traceback(usage)

    text = DEFAULT.replace('end = "18:00"', 'end = "25:00"')
    (data_dir / "kiosk.toml").write_text(text, "utf-8")
    line = line_of(text, 'end = "25:00"')
    bad = run_binary(data_dir, "--lang", "en", "punch", "1001")
    assert bad.exit_code == 2
    no_traceback(bad)
    assert bad.stderr.strip() == (
        f"Configuration error in {data_dir / 'kiosk.toml'} line {line}, shifts[0].end: "
        """must be a time as "HH:MM", got '25:00'"""
    )
