"""The HTTP target against a real server on 127.0.0.1: acks, retries, revisions, the CLI."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.export import day_json
from kiosk.presentation.sync import sync_json
from tests.cli.cli_helpers import TODAY, invoke, one_json
from tests.sync.http_server import SLOW, Receiver
from tests.sync.sync_support import TOKEN, TOKEN_ENV, demo_with_targets, engine, http_target


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


def key(revision: int) -> str:
    return f"desk-1:{TODAY.isoformat()}:r{revision}"


def pending_of(report_dict: dict) -> list[dict]:
    return report_dict["targets"][0]["pending"]


def test_happy_path_posts_the_day_json_with_token_and_idempotency_key(
    tmp_path: Path, receiver: Receiver
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    eng = engine(data)
    eng.close()
    report = eng.sync.run()

    assert report.pending == 0
    assert [(d.date, d.revision) for d in report.targets[0].delivered] == [(TODAY, 1)]
    [request] = receiver.requests
    summary = eng.services.day_close.latest(TODAY).summary
    assert request.path == "/attendance"
    assert request.json() == summary.to_json()
    assert request.body == day_json(summary)
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Idempotency-Key"] == key(1)
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"

    assert eng.sync.run().pending == 0
    assert len(receiver.requests) == 1  # nothing is sent twice
    status = sync_json(eng.sync.status(), eng.sync.tr)
    assert status["pending"] == 0
    assert status["targets"][0]["last_success"] == "2026-11-27T07:55:00+08:00"
    assert status["targets"][0]["error"] is None


def test_missing_token_sends_nothing_and_says_which_variable(
    tmp_path: Path, receiver: Receiver
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    eng = engine(data, env={})
    eng.close()
    report = eng.sync.run()
    assert receiver.requests == []
    target = sync_json(report, eng.sync.tr)["targets"][0]
    assert target["error"]["code"] == "sync_token_missing"
    assert TOKEN_ENV in target["error"]["message"]
    assert [p["revision"] for p in target["pending"]] == [1]


def test_server_down_then_up_delivers_exactly_once(tmp_path: Path, receiver: Receiver) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    receiver.stop()  # connection refused from now on
    eng = engine(data)
    eng.close()

    report = eng.sync.run()
    assert report.pending == 1
    assert report.targets[0].error is not None
    assert report.targets[0].error.code == "sync_http_unreachable"
    assert eng.sleeps == [1.0, 2.0, 4.0]  # retries = 3, exponential backoff
    status = sync_json(eng.sync.status(), eng.sync.tr)
    assert status["targets"][0]["error"]["code"] == "sync_http_unreachable"

    receiver.start()
    report = eng.sync.run()
    assert report.pending == 0
    assert receiver.keys() == [key(1)]
    assert sync_json(eng.sync.status(), eng.sync.tr)["targets"][0]["error"] is None
    eng.sync.run()
    assert list(receiver.accepted) == [key(1)]
    assert len(receiver.requests) == 1


def test_server_coming_back_during_the_backoff_is_caught_by_a_retry(
    tmp_path: Path, receiver: Receiver
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    receiver.stop()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            receiver.start()

    eng = engine(data, sleep=sleep)
    eng.close()
    assert eng.sync.run().pending == 0
    assert slept == [1.0, 2.0]
    assert receiver.keys() == [key(1)]


def test_500_then_200_within_one_run(tmp_path: Path, receiver: Receiver) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    receiver.script.extend([500, 503])
    eng = engine(data)
    eng.close()
    assert eng.sync.run().pending == 0
    assert receiver.keys() == [key(1)] * 3
    assert list(receiver.accepted) == [key(1)]
    assert eng.sleeps == [1.0, 2.0]


def test_500_without_retries_stays_pending_then_delivers(
    tmp_path: Path, receiver: Receiver
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url, retries=0))
    receiver.script.append(500)
    eng = engine(data)
    eng.close()
    report = eng.sync.run()
    assert report.targets[0].error is not None
    assert report.targets[0].error.code == "sync_http_server_error"
    assert report.pending == 1 and eng.sleeps == []
    assert eng.sync.run().pending == 0
    assert list(receiver.accepted) == [key(1)]


def test_slow_server_times_out_stays_pending_then_is_delivered_once(
    tmp_path: Path, receiver: Receiver
) -> None:
    target = http_target(receiver.url, retries=0, timeout_seconds=0.3)
    data = demo_with_targets(tmp_path / "data", target)
    receiver.script.append(SLOW)
    receiver.slow_seconds = 1.0
    eng = engine(data)
    eng.close()

    report = eng.sync.run()
    assert report.pending == 1
    assert report.targets[0].error is not None
    assert report.targets[0].error.code == "sync_http_unreachable"

    assert eng.sync.run().pending == 0  # the retry carries the same key
    assert receiver.keys() == [key(1), key(1)]
    assert list(receiver.accepted) == [key(1)]


def test_409_echoing_the_same_key_counts_as_delivered(tmp_path: Path, receiver: Receiver) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    receiver.script.append(409)
    eng = engine(data)
    eng.close()
    assert eng.sync.run().pending == 0
    assert eng.sleeps == []
    assert eng.sync.run().pending == 0
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 422, 302])
def test_other_4xx_and_redirects_stay_pending_without_retrying(
    tmp_path: Path, receiver: Receiver, status: int
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    receiver.script.append(status)
    eng = engine(data)
    eng.close()
    report = eng.sync.run()
    assert report.pending == 1
    assert report.targets[0].error is not None
    assert report.targets[0].error.code == "sync_http_rejected"
    assert report.targets[0].error.params["status"] == status
    assert len(receiver.requests) == 1 and eng.sleeps == []


def test_correction_after_close_sends_revision_2_and_never_1_again(
    tmp_path: Path, receiver: Receiver
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    eng = engine(data)
    assert eng.close() == 1
    eng.sync.run()
    eng.services.punch.punch("1001")  # recorded after the close: the day re-opens
    assert eng.close() == 2
    report = eng.sync.run()
    assert [(d.date, d.revision) for d in report.targets[0].delivered] == [(TODAY, 2)]
    assert receiver.keys() == [key(1), key(2)]
    assert receiver.accepted[key(2)].json()["revision"] == 2
    eng.sync.run()
    assert receiver.keys() == [key(1), key(2)]


def test_only_the_latest_revision_of_a_pending_day_is_sent(
    tmp_path: Path, receiver: Receiver
) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url, retries=0))
    receiver.stop()
    eng = engine(data)
    eng.close()
    assert eng.sync.run().pending == 1  # revision 1 could not go out
    eng.services.punch.punch("1001")
    eng.close()
    receiver.start()
    assert eng.sync.run().pending == 0
    assert receiver.keys() == [key(2)]


def test_closing_twice_sends_nothing_new(tmp_path: Path, receiver: Receiver) -> None:
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    eng = engine(data)
    eng.close()
    eng.sync.run()
    assert eng.close() == 1
    report = eng.sync.run()
    assert report.targets[0].delivered == [] and report.pending == 0
    assert receiver.keys() == [key(1)]


def test_tls_is_verified(tmp_path: Path) -> None:
    """A server with a self-signed certificate is refused: verification is never off."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, private = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subprocess.run(
        ["openssl", *request, "-subj", "/CN=127.0.0.1", "-keyout", str(private), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, private)
    server = Receiver().start(tls=context)
    try:
        url = f"https://127.0.0.1:{server.port}/attendance"
        data = demo_with_targets(tmp_path / "data", http_target(url))
        eng = engine(data)
        eng.close()
        report = eng.sync.run()
    finally:
        server.stop()
    assert report.targets[0].error is not None
    assert report.targets[0].error.code == "sync_tls_failed"
    assert report.pending == 1 and server.requests == []


# -- through the CLI -------------------------------------------------------------------------


def test_cli_sync_json_shape_and_exit_codes(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url, retries=0))
    receiver.stop()

    closed = invoke(data, "--lang", "en", "day", "close", "--json")
    assert closed.exit_code == 0  # the close is stored; the sync problem is only a warning
    assert one_json(closed)["revision"] == 1
    assert "could not be reached" in closed.stderr and "pending" in closed.stderr

    down = invoke(data, "sync", "--json")
    assert down.exit_code == 4
    body = one_json(down)
    assert body["pending"] == 1
    [target] = body["targets"]
    assert {"kind", "target", "delivered", "pending", "error"} <= set(target)
    assert (target["kind"], target["target"]) == ("http", receiver.url)
    assert target["delivered"] == []
    assert target["pending"] == [{"date": TODAY.isoformat(), "revision": 1}]
    assert target["error"]["code"] == "sync_http_unreachable"
    assert target["error"]["message"]

    receiver.start()
    up = invoke(data, "--lang", "en", "sync")
    assert up.exit_code == 0, up.stderr
    assert "delivered 1, pending 0" in up.stdout
    again = invoke(data, "sync", "--json")
    assert again.exit_code == 0
    body = one_json(again)
    assert body["pending"] == 0
    [target] = body["targets"]
    assert (target["delivered"], target["pending"], target["error"]) == ([], [], None)
    assert target["last_success"].startswith(TODAY.isoformat())
    assert receiver.keys() == [key(1)]


def test_cli_day_close_syncs_right_away(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    closed = invoke(data, "day", "close", now="2026-11-27T20:30:00")
    assert closed.exit_code == 0 and closed.stderr == ""
    assert receiver.keys() == [key(1)]
    assert invoke(data, "day", "close").exit_code == 0  # closing twice: nothing new sent
    assert receiver.keys() == [key(1)]


def test_a_bare_409_is_a_conflict_and_stays_pending(tmp_path: Path, receiver: Receiver) -> None:
    """A 409 that does not name our key may be a real conflict: never count it as sent."""
    receiver.echo_key_on_409 = False
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    receiver.script.append(409)
    eng = engine(data)
    eng.close()
    report = eng.sync.run()
    assert report.pending == 1
    assert report.targets[0].error is not None
    assert report.targets[0].error.code == "sync_http_rejected"


# -- issue 12, finding 8: no token in clear, and a 2xx is not a delivery by itself ----------


def test_a_2xx_that_does_not_name_the_day_is_not_a_delivery(
    tmp_path: Path, receiver: Receiver
) -> None:
    receiver.echo_key = False  # a proxy or a login page answering 200 for anything
    data = demo_with_targets(tmp_path / "data", http_target(receiver.url))
    eng = engine(data)
    eng.close()
    report = eng.sync.run()
    assert report.pending == 1
    error = sync_json(report, eng.sync.tr)["targets"][0]["error"]
    assert error["code"] == "sync_http_unconfirmed" and key(1) in error["message"]
    receiver.echo_key = True  # the real service confirms: delivered, once
    assert eng.sync.run().pending == 0


def test_plain_http_to_another_machine_is_refused_in_the_config(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", http_target("http://hr.example/attendance"))
    result = invoke(data, "--lang", "en", "sync")
    assert result.exit_code == 2
    assert "sync.targets[0].url" in result.stderr and "in clear" in result.stderr
    allowed = demo_with_targets(
        tmp_path / "other",
        http_target("http://hr.example/attendance") + "allow_plain_http = true\n",
    )
    # accepted (nothing is closed yet, so nothing is sent: this machine reaches no such host)
    assert invoke(allowed, "--lang", "en", "sync", "--json").exit_code == 0
