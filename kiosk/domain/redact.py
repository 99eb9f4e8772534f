"""Secrets out of log text: kiosk.log is read by IT and copied into tickets, so a DSN's
password, a key=value password or token, a bearer token and a PIN never reach it.

Applied to each formatted record (message and traceback together), so a secret in an
exception's text or a library's message is caught as well as one the kiosk logs itself.
"""

from __future__ import annotations

import re

MASK = "***"
_SECRET_KEY = r"(?:\w*pass(?:word|wd)?\w*|\w*secret\w*|\w*token\w*|(?:\w+_)?pins?(?:_code)?|pwd)"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:PASSWORD@host (postgresql://, http:// ...)
    (re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@\s]*@"), rf"\g<1>{MASK}@"),
    # password=... pin=... (libpq key-value DSNs, query strings, our own messages)
    (
        re.compile(rf"(?i)(\b{_SECRET_KEY}\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s&;,)]+)"),
        rf"\g<1>{MASK}",
    ),
    # 'password': '...' / "pin": "1234" (a dict or JSON in a message)
    (
        re.compile(rf"(?i)(['\"]{_SECRET_KEY}['\"]\s*:\s*)('[^']*'|\"[^\"]*\"|[^\s,}}]+)"),
        rf"\g<1>'{MASK}'",
    ),
    (re.compile(r"(?i)(\bbearer\s+)\S+"), rf"\g<1>{MASK}"),
    (re.compile(r"(?i)(\bPIN\s*[:：]?\s*)\d+"), rf"\g<1>{MASK}"),
)


def redact(text: str) -> str:
    """`text` with every secret the rules know replaced by ***."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
