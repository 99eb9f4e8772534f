"""`kiosk serve` hardened (issue 12, finding 3), against the real server on 127.0.0.1: a
foreign Origin is refused, tabs are capped, tab processes never import the current
directory, the page cannot be framed, and HTTPS is served when given a certificate."""

from __future__ import annotations

import asyncio
import os
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from tests.browser.served_page import Tab, free_port, served
from tests.browser.test_serve import NOW, SIGN_IN, tab
from tests.cli.cli_helpers import install_demo


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    install_demo(folder)
    return folder


def refused_status(url: str, origin: str | None) -> int:
    async def connect() -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(f"{url}/ws", origin=origin):
                    return 101
            except aiohttp.WSServerHandshakeError as err:
                return err.status

    return asyncio.run(connect())


def test_a_websocket_from_another_page_is_refused(data_dir: Path) -> None:
    with served(data_dir, NOW) as url:
        assert refused_status(url, "http://evil.example") == 403
        assert refused_status(url, None) == 403  # no Origin: not a browser on our page

        async def own_page() -> str:
            async with tab(url) as opened:  # its own origin: the sign-in opens
                return opened.seen()

        assert SIGN_IN in asyncio.run(own_page())


def test_tabs_beyond_the_cap_are_told_the_page_is_full(data_dir: Path) -> None:
    with served(data_dir, NOW, "--max-sessions", "1") as url:

        async def two_tabs() -> tuple[int, int]:
            async with tab(url) as first:
                assert isinstance(first, Tab)
                second = refused_status_async(url)
                page = await asyncio.to_thread(status_of, url + "/")
                return await second, page

        second, page = asyncio.run(two_tabs())
    assert (second, page) == (503, 503)


async def refused_status_async(url: str) -> int:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(f"{url}/ws", origin=url):
                return 101
        except aiohttp.WSServerHandshakeError as err:
            return err.status


def status_of(url: str, context: ssl.SSLContext | None = None) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5, context=context) as page:
            return int(page.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_the_page_cannot_be_framed(data_dir: Path) -> None:
    with served(data_dir, NOW) as url, urllib.request.urlopen(url + "/", timeout=5) as page:
        assert page.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_a_module_in_the_current_directory_is_not_imported_by_a_tab(
    data_dir: Path, tmp_path: Path
) -> None:
    """Another user's `tinydb.py` in the directory `kiosk serve` was started from ran, as
    the kiosk's user, in every tab. Tabs now run `python -I`."""
    trap = tmp_path / "cwd"
    trap.mkdir()
    marker = tmp_path / "imported"
    (trap / "tinydb.py").write_text(f"open({str(marker)!r}, 'w').close()\nraise ImportError\n")
    kiosk = Path(sys.executable).with_name("kiosk")  # the console script, as IT starts it
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_FAKE_NOW"] = NOW
    server = subprocess.Popen(
        [str(kiosk), "--data-dir", str(data_dir), "serve", "--port", str(port)],
        cwd=trap,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while status_of_quiet(url + "/") != 200:
            assert time.monotonic() < deadline and server.poll() is None
            time.sleep(0.2)

        async def visit() -> str:
            async with tab(url) as opened:
                return opened.seen()

        assert SIGN_IN in asyncio.run(visit())
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not marker.exists()


def status_of_quiet(url: str) -> int:
    try:
        return status_of(url)
    except OSError:
        return 0


def test_https_is_served_with_a_certificate(data_dir: Path, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_FAKE_NOW"] = NOW
    args = ["--data-dir", str(data_dir), "serve", "--port", str(port)]
    tls = ["--certfile", str(cert), "--keyfile", str(key)]
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args, *tls],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE  # a throwaway self-signed certificate
    url = f"https://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2, context=insecure) as page:
                    html = page.read().decode("utf-8")
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        assert f"wss://127.0.0.1:{port}/ws" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
