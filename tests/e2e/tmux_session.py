"""The real `kiosk` binary in a real terminal: a private tmux server, driven like a person.

Textual's Pilot runs the app headless and in-process; it cannot catch a broken console
script, a terminal that mangles wide Chinese characters, or keys that never arrive. Here the
installed `kiosk` runs in a tmux pane; keys go in with `send-keys` (a badge scanner is just a
keyboard) and what a person would see comes back with `capture-pane`.

Each session has its own tmux server (`tmux -L <unique name>`, no user config), so tests never
touch a developer's tmux and `close()` (`kill-server`) leaves no process behind. The child's
environment is explicit (`env K=V ... kiosk ...`); KIOSK_* variables of the caller are dropped.
Used by tests/e2e and tests/bench/bench_screen.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

WIDTH, HEIGHT = 100, 30
POLL_SECONDS = 0.01


class TmuxMissingError(RuntimeError):
    """tmux is not installed: fail loudly (CI installs it in .ci/run), never skip."""


def kiosk_binary() -> Path:
    """The console script installed next to the running interpreter (the venv's `kiosk`)."""
    return Path(sys.executable).parent / "kiosk"


def require_tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        raise TmuxMissingError(
            "tmux is not installed, but the end-to-end kiosk tests need it "
            "(apt-get install tmux; .ci/run installs it on CI)."
        )
    return path


class TmuxSession:
    """One command in one detached tmux pane of `width` x `height` cells."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str] | None = None,
        width: int = WIDTH,
        height: int = HEIGHT,
    ) -> None:
        self.tmux = require_tmux()
        self.command = list(command)
        self.env = dict(env or {})
        self.width, self.height = width, height
        self.socket = f"kiosk-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.socket_path: str | None = None
        self.started_at = 0.0

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> TmuxSession:
        """Start the server and the command in one tmux invocation.

        remain-on-exit keeps the pane (and a traceback) on screen if the command dies, so a
        failed wait shows why instead of "no server running".
        """
        explicit = [f"{key}={value}" for key, value in self.env.items()]
        self.started_at = time.perf_counter()
        self._tmux(
            "start-server", ";",
            "set-option", "-g", "remain-on-exit", "on", ";",
            "new-session", "-d", "-s", "main",
            "-x", str(self.width), "-y", str(self.height),
            "--", "env", *explicit, *self.command,
        )  # fmt: skip
        self.socket_path = self._tmux("display-message", "-p", "#{socket_path}").strip()
        return self

    def close(self) -> None:
        """Kill the private server (and so the command) and remove its socket file."""
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"],
            capture_output=True,
            env=self._client_env(),
            check=False,
        )
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)

    def is_running(self) -> bool:
        """Whether this session's private tmux server still answers."""
        proc = subprocess.run(
            [self.tmux, "-L", self.socket, "has-session"],
            capture_output=True,
            env=self._client_env(),
            check=False,
        )
        return proc.returncode == 0

    def __enter__(self) -> TmuxSession:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- keys and screen ----------------------------------------------------------------------
    def send_text(self, text: str) -> None:
        """Type `text` literally (`send-keys -l`: no key-name lookup), as a scanner would."""
        self._tmux("send-keys", "-t", "main", "-l", "--", text)

    def send_key(self, key: str) -> None:
        """One named key: Enter, Escape, F2 ..."""
        self._tmux("send-keys", "-t", "main", key)

    def send_keys(self, *keys: str) -> None:
        """Named keys in one write, as fast as the terminal delivers them."""
        self._tmux("send-keys", "-t", "main", *keys)

    def capture(self) -> str:
        """The visible pane as text (wide characters once each, no escape codes)."""
        return self._tmux("capture-pane", "-p", "-t", "main")

    def wait_for(
        self, *texts: str, timeout: float = 20.0, gone: Sequence[str] = ()
    ) -> tuple[str, float]:
        """Poll the pane until every one of `texts` is on it and none of `gone` is.

        Returns the screen and the seconds waited. On timeout, raises AssertionError with
        the last screen, so a failure shows what the terminal actually displayed.
        """
        return self.wait_until(
            lambda screen: all(t in screen for t in texts) and not any(g in screen for g in gone),
            f"{list(texts)} on screen" + (f", {list(gone)} gone" if gone else ""),
            timeout,
        )

    def wait_until(
        self, ready: Callable[[str], bool], what: str, timeout: float = 20.0
    ) -> tuple[str, float]:
        t0 = time.perf_counter()
        deadline = t0 + timeout
        while True:
            screen = self.capture()
            if ready(screen):
                return screen, time.perf_counter() - t0
            if time.perf_counter() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f} s waiting for {what}:\n{screen}"
                )
            time.sleep(POLL_SECONDS)

    # -- plumbing -----------------------------------------------------------------------------
    def _client_env(self) -> dict[str, str]:
        """The tmux client's own environment: ours without KIOSK_* (the kiosk gets only what
        `env` passes) and without TMUX (so this works from inside a developer's tmux)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "TMUX"}
        return env

    def _tmux(self, *args: str) -> str:
        proc = subprocess.run(
            [self.tmux, "-u", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self._client_env(),
            timeout=10,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:3])} failed: {proc.stderr.strip()}")
        return proc.stdout
