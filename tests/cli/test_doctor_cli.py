"""`kiosk doctor` on real data folders: a healthy one passes (exit 0), a broken one names
each problem (exit 4), and every --json answer validates against docs/doctor.schema.json.
The HTTP targets are real: a server on 127.0.0.1, and a port that was bound and closed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from tests.cli.cli_helpers import append_config, one_json
from tests.conftest import FAKE_NOW, CliResult

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "doctor.schema.json").read_text("utf-8"))
BIG_TERMINAL = {"COLUMNS": "100", "LINES": "30"}
TOKEN = {"KIOSK_SYNC_TOKEN": "t0ken"}


def validate(data: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)


def doctor(
    folder: Path, *args: str, now: str = FAKE_NOW, env: dict[str, str] | None = None
) -> CliResult:
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(folder), *args, "doctor"],
        env={"KIOSK_FAKE_NOW": now, **BIG_TERMINAL, **TOKEN, **(env or {})},
        catch_exceptions=False,
    )
    return CliResult(result.exit_code, result.stdout, result.stderr)


def doctor_json(folder: Path, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(folder), "--lang", "en", "doctor", "--json"],
        env={
            "KIOSK_FAKE_NOW": kwargs.get("now", FAKE_NOW),
            **BIG_TERMINAL,
            **TOKEN,
            **kwargs.get("env", {}),
        },
        catch_exceptions=False,
    )
    data = one_json(CliResult(result.exit_code, result.stdout, result.stderr))
    validate(data)
    assert data["ok"] is (result.exit_code == 0)
    return result.exit_code, data


def by_check(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [c for c in data["checks"] if c["check"] == name]


def failed(data: dict[str, Any]) -> dict[str, str | None]:
    return {c["check"]: c["problem"] for c in data["checks"] if c["status"] == "fail"}


class _Answer(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(405)  # a real receiver takes POSTs only: still an answer
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/attendance"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port nothing listens on: bound by us, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def targets(folder: Path, url: str) -> None:
    append_config(
        folder,
        f"""
[[sync.targets]]
kind = "folder"
path = "exports/outbox"

[[sync.targets]]
kind = "http"
url = "{url}"
token_env = "KIOSK_SYNC_TOKEN"
timeout_seconds = 5
""",
    )


def test_a_healthy_folder_passes_every_check(data_dir: Path, receiver: str) -> None:
    targets(data_dir, receiver)
    (data_dir / "kiosk.toml").write_text(
        (data_dir / "kiosk.toml")
        .read_text("utf-8")
        .replace("disk_min_free_mb = 500", "disk_min_free_mb = 1"),
        "utf-8",
    )
    code, data = doctor_json(data_dir)
    assert code == 0, failed(data)
    assert failed(data) == {}
    assert {c["check"] for c in data["checks"] if c["status"] == "ok"} == {
        "config", "data_folder", "private", "disk", "site_key", "clock", "sync_target",
        "terminal",
    }  # fmt: skip
    assert [c["target"] for c in by_check(data, "sync_target")] == ["exports/outbox", receiver]
    assert by_check(data, "terminal")[0]["details"] == {
        "columns": 100, "rows": 30, "min_columns": 80, "min_rows": 24,
    }  # fmt: skip
    # in Chinese by default, one line per check and a last line saying all is well
    human = doctor(data_dir)
    assert human.exit_code == 0
    assert human.stdout.splitlines()[-1] == "全部检查通过:考勤机可以使用。"
    assert "✗" not in human.stdout


def test_a_broken_folder_names_each_problem(data_dir: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/attendance"
    targets(data_dir, url)
    config = data_dir / "kiosk.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            "disk_min_free_mb = 500", "disk_min_free_mb = 1000000000"
        ),
        "utf-8",
    )
    os.chmod(data_dir / "kiosk.toml", 0o644)  # world-readable, as an editor may leave it
    (data_dir / "site.key").unlink()
    small = {"COLUMNS": "60", "LINES": "20"}
    code, data = doctor_json(data_dir, env=small)
    assert code == 4
    assert failed(data) == {
        "private": "loose_modes",
        "disk": "low_disk",
        "site_key": "no_site_secret",
        "sync_target": "sync_http_unreachable",
        "terminal": "terminal_small",
    }
    private = by_check(data, "private")[0]
    assert str(data_dir / "kiosk.toml") in private["details"]["paths"]
    http = by_check(data, "sync_target")[1]
    assert http["target"] == url and url in http["message"]
    assert by_check(data, "sync_target")[0]["status"] == "ok"  # the folder target is fine
    # the same in Chinese, with what to do, and no traceback
    human = doctor(data_dir, env=small)
    assert human.exit_code == 4
    out = human.stdout
    assert "其他用户也能读取" in out and "kiosk init" in out
    assert "低于最低要求 1000000000 MB" in out
    assert "没有站点密钥" in out or "site.key" in out
    assert f"无法连接 {url}" in out
    assert "终端为 60x20" in out
    assert out.splitlines()[-1] == "有 5 项检查未通过:请处理后再运行 kiosk doctor。"
    assert "Traceback" not in out + human.stderr


def test_a_malformed_config_is_named_with_its_line_and_the_rest_still_checked(
    data_dir: Path,
) -> None:
    config = data_dir / "kiosk.toml"
    config.write_text(config.read_text("utf-8").replace("idle_seconds = 30", "idle_seconds = -"))
    code, data = doctor_json(data_dir)
    assert code == 4
    assert failed(data) == {"config": "bad_config"}
    check = by_check(data, "config")[0]
    assert "kiosk.toml line 22" in check["message"]
    assert by_check(data, "sync_target")[0]["problem"] == "config_invalid"
    assert by_check(data, "site_key")[0]["status"] == "ok"  # still looked at


def test_min_free_mb_on_the_command_line_wins(data_dir: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data_dir), "doctor", "--json", "--min-free-mb", "1000000000"],
        env={"KIOSK_FAKE_NOW": FAKE_NOW, **BIG_TERMINAL},
    )
    data = json.loads(result.stdout)
    validate(data)
    assert result.exit_code == 4 and failed(data) == {"disk": "low_disk"}
    assert by_check(data, "disk")[0]["details"]["min_mb"] == 1000000000


@pytest.mark.parametrize(
    ("now", "problem"),
    [
        ("2026-10-20T08:00:00", "clock_before_first_day"),  # before `kiosk init`'s day
        ("2027-03-01T08:00:00", "clock_far_ahead"),  # months past the newest record
        ("2026-11-27T06:00:00", "clock_behind_records"),  # before the last punch
    ],
)
def test_an_implausible_clock_is_named(data_dir: Path, now: str, problem: str) -> None:
    add = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(data_dir),
            "staff",
            "add",
            "1001",
            "张丽",
            "--shift",
            "A",
            "--rest-day",
            "sun",
        ],
        env={"KIOSK_FAKE_NOW": FAKE_NOW},
    )
    assert add.exit_code == 0, add.output
    punch = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), "punch", "1001"], env={"KIOSK_FAKE_NOW": FAKE_NOW}
    )
    assert punch.exit_code == 0, punch.output
    code, data = doctor_json(data_dir, now=now)
    assert code == 4
    assert failed(data) == {"clock": problem}


def test_a_missing_folder_target_and_a_missing_data_folder(tmp_path: Path, data_dir: Path) -> None:
    append_config(data_dir, f'\n[[sync.targets]]\nkind = "folder"\npath = "{tmp_path / "share"}"\n')
    code, data = doctor_json(data_dir)
    assert code == 4 and failed(data)["sync_target"] == "sync_folder_missing"

    code, data = doctor_json(tmp_path / "nowhere")
    assert code == 4
    assert failed(data) == {"config": "no_config", "data_folder": "no_data_dir"}
    assert {c["check"] for c in data["checks"] if c["problem"] == "no_data_dir"} >= {
        "private", "disk", "site_key",
    }  # fmt: skip


def test_no_terminal_is_skipped_not_failed(data_dir: Path) -> None:
    """Under a pipe, with no terminal at all, the size cannot be known: not a failure."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env |= {"KIOSK_FAKE_NOW": FAKE_NOW, "KIOSK_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "--lang", "en", "doctor", "--json", "--min-free-mb", "1"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    data = json.loads(proc.stdout)
    validate(data)
    assert proc.returncode == 0, data
    terminal = by_check(data, "terminal")[0]
    assert (terminal["status"], terminal["problem"]) == ("skip", "no_terminal")
