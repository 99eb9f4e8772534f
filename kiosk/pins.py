"""PIN hashing with scrypt and a per-PIN salt.

A 4-8 digit PIN has little entropy, so the hash is deliberately slow (about 35 ms here) and
the store also locks an ID after repeated wrong PINs (see `services.staff`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata

_N, _R, _P, _LEN = 2**14, 8, 1, 32
_PIN = re.compile(r"[0-9]{4,8}")


def normalise_pin(pin: str) -> str:
    """Fold full-width digits (an IME left in full-width mode types "１２３４") to ASCII."""
    return unicodedata.normalize("NFKC", pin).strip()


def valid_pin(pin: str) -> bool:
    """4 to 8 ASCII digits (normalise first: other scripts' digits are not PIN digits)."""
    return _PIN.fullmatch(pin) is not None


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_LEN)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            pin.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
