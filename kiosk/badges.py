"""Signed, revocable staff badges: the QR payload, its verification, and the printable files.

A badge is a QR code holding ``SK:<ID>:<VERSION>:<SIG>``. Why each part:

- ``SK:`` tells a badge apart from anything else a scanner might type into the kiosk, so a
  stray product barcode gets a "that is not a badge" answer rather than "unknown staff".
- ``VERSION`` is the badge version the lead bumps to revoke a lost badge: a reprint carries
  the new version, and the lost card, still validly signed, is refused as ``revoked``.
- ``SIG`` is a truncated HMAC-SHA256 under the per-site secret made at ``kiosk init``, so a
  badge cannot be forged by typing an ID into a QR generator, and a badge from another site
  does not work here. 80 bits is ample for a kiosk a person stands in front of.

Every character is in the QR alphanumeric set (0-9 A-Z space $%*+-./:), which packs 5.5 bits
per character instead of 8, so the longest payload (16-character ID, 6-digit version, 43
characters) fits a version 3 QR at error correction M: big modules, easy to scan when worn.

This module reads no clock and no global state; randomness is only used by `new_site_secret`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the QR maker (and PIL under it) loads only when a code is drawn
    import qrcode

import base64
import hashlib
import hmac
import io
import math
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.store.atomic import write_atomic
from kiosk.store.datafile import make_folder

__all__ = [
    "BADGE_PREFIX",
    "MAX_BADGE_VERSION",
    "MAX_QR_VERSION",
    "MAX_SCAN_CHARS",
    "STAFF_ID",
    "BadgeError",
    "BadgeErrorReason",
    "BadgeFiles",
    "BadgeScan",
    "badge_payload",
    "build_qr",
    "check_version",
    "looks_like_badge",
    "new_site_secret",
    "read_badge",
    "write_badges",
]

BADGE_PREFIX = "SK"
"""First field of every payload; compared case-insensitively when reading."""

MAX_BADGE_VERSION = 999_999
"""Highest badge version: six digits keep the longest payload well inside a version 3 QR."""

MAX_QR_VERSION = 3
"""Largest QR version a badge may need (at error correction M); a test holds us to it."""


_SIG_BYTES = 10  # 80 bits of HMAC: base32 of 10 bytes is exactly 16 chars, no padding.
_SECRET_BYTES = 32
# Longest valid payload is 3 + 16 + 1 + 6 + 1 + 16 = 43; anything much longer is refused
# before any further work so a scanner spewing garbage costs nothing.
MAX_SCAN_CHARS = 64

STAFF_ID = re.compile(r"[0-9A-Z-]{1,16}")  # fits the QR alphanumeric set
# No leading zeros: one version has one spelling, so one payload text per (ID, version).
_VERSION_RE = re.compile(r"0|[1-9][0-9]{0,5}")
_SIG_RE = re.compile(r"[A-Z2-7]{16}")
# XML 1.0 forbids these even when escaped; a pasted name must not make an unreadable SVG.

BadgeErrorReason = Literal["not_a_badge", "bad_signature", "revoked"]
_REASONS: frozenset[str] = frozenset({"not_a_badge", "bad_signature", "revoked"})


class BadgeError(Exception):
    """A scan that must be refused, with a stable machine-readable `reason`.

    `reason` is one of ``not_a_badge`` (not our payload format at all), ``bad_signature``
    (our format, but not signed with this site's secret: forged, tampered or another site's)
    and ``revoked`` (genuine, but an older badge version than the person's current one).
    `staff_id` is None for ``not_a_badge``; for ``bad_signature`` it is the ID the payload
    *claims*, unverified, useful for the log but not to be trusted.

    ``str(err)`` is an English message for developers and logs; what a person at the kiosk
    reads is looked up by `reason` in the translations elsewhere.
    """

    def __init__(
        self, reason: BadgeErrorReason, staff_id: str | None = None, detail: str | None = None
    ) -> None:
        if reason not in _REASONS:
            raise ValueError(f"unknown BadgeError reason {reason!r}")
        self.reason: BadgeErrorReason = reason
        self.staff_id: str | None = staff_id
        message = f"badge refused ({reason})"
        if staff_id is not None:
            message += f" for staff {staff_id}"
        if detail:
            message += f": {detail}"
        super().__init__(message)


@dataclass(frozen=True)
class BadgeScan:
    """A scanned badge whose signature verified; its version is still to be checked."""

    staff_id: str
    version: int


@dataclass(frozen=True)
class BadgeFiles:
    """The files written for one person, as reported by ``kiosk badges --json``."""

    staff_id: str
    name: str
    payload: str
    png: Path
    svg: Path


# --- payload -------------------------------------------------------------------------------


def new_site_secret() -> bytes:
    """Return a fresh 32-byte site secret, for ``kiosk init`` to store once per site.

    32 bytes matches SHA-256's block-size guidance for HMAC keys; `secrets` because the
    whole point is that nobody can guess it.
    """
    return secrets.token_bytes(_SECRET_BYTES)


def _signature(secret: bytes, staff_id: str, version: int) -> str:
    """Base32 of the first 10 bytes of HMAC-SHA256 over ``ID:VERSION``.

    Base32 because its alphabet (A-Z 2-7) is inside the QR alphanumeric set.
    """
    mac = hmac.new(secret, f"{staff_id}:{version}".encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(mac[:_SIG_BYTES]).decode("ascii")


def _check_staff_id(staff_id: str) -> None:
    if not isinstance(staff_id, str) or not STAFF_ID.fullmatch(staff_id):
        raise ValueError(
            f"staff ID must be 1-16 characters of 0-9, A-Z (uppercase) or '-': {staff_id!r}"
        )


def badge_payload(secret: bytes, staff_id: str, version: int) -> str:
    """Return the signed badge text ``SK:<ID>:<VERSION>:<SIG>`` to encode in the QR.

    Raises ValueError for an empty secret, an ID outside ``[0-9A-Z-]{1,16}`` (callers
    normalise case first, so what is printed is exactly what is verified) or a version
    outside 0..MAX_BADGE_VERSION: these are caller bugs, never scan input.
    """
    if not isinstance(secret, bytes | bytearray) or not secret:
        raise ValueError("site secret must be non-empty bytes")
    _check_staff_id(staff_id)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError(f"badge version must be an int: {version!r}")
    if not 0 <= version <= MAX_BADGE_VERSION:
        raise ValueError(f"badge version must be 0..{MAX_BADGE_VERSION}: {version}")
    sig = _signature(bytes(secret), staff_id, version)
    return f"{BADGE_PREFIX}:{staff_id}:{version}:{sig}"


def looks_like_badge(text: str) -> bool:
    """True when `text` is meant to be a badge (starts with ``SK:``), valid or not.

    Lets the kiosk route a scan to badge handling, where a broken badge gets a badge-specific
    refusal, instead of treating it as a typed staff ID.
    """
    if not isinstance(text, str):
        return False
    return text.strip()[:3].upper() == f"{BADGE_PREFIX}:"


def read_badge(secret: bytes, text: str) -> BadgeScan:
    """Parse and verify scanned badge text; raise BadgeError, and nothing else, on refusal.

    Whitespace around the text is ignored and case is folded, because keyboard-wedge
    scanners add line endings and some send lowercase. Anything that is not exactly our
    grammar (four ``:`` fields, ``SK``, a valid ID, a canonical decimal version, a
    16-character base32 signature; ASCII only, bounded length) is ``not_a_badge``. A
    well-formed payload whose signature does not match this site's secret is
    ``bad_signature``. The version is *not* compared here: see `check_version`.
    """
    if not isinstance(text, str):
        raise BadgeError("not_a_badge", detail="scan is not text")
    cleaned = text.strip()
    if len(cleaned) > MAX_SCAN_CHARS:
        raise BadgeError("not_a_badge", detail=f"scan longer than {MAX_SCAN_CHARS} chars")
    if not cleaned.isascii():
        raise BadgeError("not_a_badge", detail="scan has non-ASCII characters")
    fields = cleaned.upper().split(":")
    if len(fields) != 4 or fields[0] != BADGE_PREFIX:
        raise BadgeError("not_a_badge", detail="expected SK:<ID>:<VERSION>:<SIG>")
    _, staff_id, version_text, sig = fields
    if not STAFF_ID.fullmatch(staff_id):
        raise BadgeError("not_a_badge", detail="malformed staff ID")
    if not _VERSION_RE.fullmatch(version_text):
        raise BadgeError("not_a_badge", detail="malformed badge version")
    if not _SIG_RE.fullmatch(sig):
        raise BadgeError("not_a_badge", detail="malformed signature field")
    version = int(version_text)
    try:
        expected = _signature(bytes(secret), staff_id, version)
    except (TypeError, ValueError):  # a bad secret is a caller bug, but keep the promise
        raise BadgeError("bad_signature", staff_id, "site secret unusable") from None
    if not hmac.compare_digest(expected.encode("ascii"), sig.encode("ascii")):
        raise BadgeError("bad_signature", staff_id, "signature does not match this site")
    return BadgeScan(staff_id=staff_id, version=version)


def check_version(scan: BadgeScan, current_version: int) -> None:
    """Raise BadgeError("revoked") unless the scan carries the person's current version.

    Any mismatch is refused, not just older ones: a "newer" version than the store knows can
    only come from a store restored from backup, and refusing is the safe side there too.
    """
    if scan.version != current_version:
        raise BadgeError(
            "revoked",
            scan.staff_id,
            f"badge version {scan.version}, current version {current_version}",
        )


# --- QR and files --------------------------------------------------------------------------


def build_qr(payload: str) -> qrcode.QRCode:
    """Return the made QR for a payload: smallest version that fits, error correction M.

    M (15% recovery) survives a scuffed lanyard card while keeping modules large; box size 10
    and the standard 4-module quiet zone give a PNG of about 370 px for version 3.
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr


def write_badges(
    secret: bytes, people: Sequence[tuple[str, str, int]], out_dir: Path
) -> tuple[list[BadgeFiles], list[Path]]:
    """Write ``<ID>.png`` and ``<ID>.svg`` per person and A4 sheets of 12 cards.

    `people` holds ``(staff_id, name, version)`` with the person's current badge version.
    Sheets are ``badges-sheet-1.svg``, ``badges-sheet-2.svg``... in input order. Returns
    the per-person files and the sheet paths. `out_dir` is created if missing; existing
    files of the same names are replaced (a reprint after a revoke overwrites the old one);
    other files in it are left alone.

    Raises ValueError, before writing anything, for no people, a duplicate ID (the files
    would overwrite each other) or an invalid ID or version (see `badge_payload`).
    """
    from kiosk.badge_svg import SHEET_COLUMNS, SHEET_ROWS, qr_svg, sheet_svg  # printing only

    if not people:
        raise ValueError("write_badges needs at least one person")
    seen: set[str] = set()
    prepared: list[tuple[str, str, str, qrcode.QRCode]] = []
    for staff_id, name, version in people:
        payload = badge_payload(secret, staff_id, version)
        if staff_id in seen:
            raise ValueError(f"staff ID {staff_id} listed twice")
        seen.add(staff_id)
        prepared.append((staff_id, name, payload, build_qr(payload)))

    out_dir = Path(out_dir)
    make_folder(out_dir)  # private: a copied badge image checks its owner in

    files: list[BadgeFiles] = []
    cards: list[tuple[str, str, Sequence[Sequence[bool]]]] = []
    for staff_id, name, payload, qr in prepared:
        matrix = qr.get_matrix()
        png = out_dir / f"{staff_id}.png"
        svg = out_dir / f"{staff_id}.svg"
        image = qr.make_image(fill_color="black", back_color="white")
        png_bytes = io.BytesIO()
        image.save(png_bytes, format="PNG")
        write_atomic(png, png_bytes.getvalue())
        write_atomic(svg, qr_svg(matrix).encode("utf-8"))
        files.append(BadgeFiles(staff_id=staff_id, name=name, payload=payload, png=png, svg=svg))
        cards.append((staff_id, name, matrix))

    per_page = SHEET_COLUMNS * SHEET_ROWS
    sheets: list[Path] = []
    for page in range(math.ceil(len(cards) / per_page)):
        sheet = out_dir / f"badges-sheet-{page + 1}.svg"
        data = sheet_svg(cards[page * per_page : (page + 1) * per_page]).encode("utf-8")
        write_atomic(sheet, data)
        sheets.append(sheet)
    return files, sheets
