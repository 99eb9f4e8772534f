"""kiosk.log: rotated by size, private (0600, the rotated files too), secrets redacted.

The running kiosk logs unexpected failures with their tracebacks here for IT. A kiosk runs
for months, so the file rotates (kiosk.log.1 ... kiosk.log.N, `[log]` in kiosk.toml), and
every line passes kiosk/domain/redact.py first.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.domain.redact import redact

FILE_MODE = 0o600
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks secrets in the whole text (traceback included)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600 (logging's own would be 0644
    under a usual umask); rotation renames files, so the rotated ones stay 0600."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def start_logging(path: Path, max_bytes: int, backups: int) -> logging.Handler:
    """Send warnings and worse to `path`, rotating at `max_bytes` and keeping `backups`
    older files; files left readable by an older kiosk are made private first."""
    for old in [path, *path.parent.glob(path.name + ".*")]:
        if old.is_file() and not old.is_symlink():
            os.chmod(old, FILE_MODE)
    handler = PrivateRotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    return handler
