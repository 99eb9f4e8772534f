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
from xml.sax.saxutils import escape

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.store.atomic import write_atomic

__all__ = [
    "BADGE_PREFIX",
    "MAX_BADGE_VERSION",
    "MAX_QR_VERSION",
    "MAX_SCAN_CHARS",
    "SHEET_COLUMNS",
    "SHEET_ROWS",
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

SHEET_COLUMNS = 3
SHEET_ROWS = 4

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
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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
    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr


def _dark_path(matrix: Sequence[Sequence[bool]], x0: float, y0: float, module: float) -> str:
    """SVG path data covering the dark modules, one rectangle per horizontal run.

    Runs rather than single modules keep the sheet small and avoid hairline seams that
    some renderers draw between abutting squares.
    """
    parts: list[str] = []
    for row_index, row in enumerate(matrix):
        col = 0
        width = len(row)
        while col < width:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < width and row[col]:
                col += 1
            x = x0 + start * module
            y = y0 + row_index * module
            w = (col - start) * module
            parts.append(f"M{_num(x)} {_num(y)}h{_num(w)}v{_num(module)}h{_num(-w)}z")
    return "".join(parts)


def _num(value: float) -> str:
    """Compact fixed-point number for SVG coordinates (mm or modules)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _qr_svg(matrix: Sequence[Sequence[bool]]) -> str:
    """A standalone SVG of one QR, quiet zone included, 1 user unit per module."""
    size = len(matrix)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size * 1.25:g}mm" '
        f'height="{size * 1.25:g}mm" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">\n'
        f'<rect x="0" y="0" width="{size}" height="{size}" fill="#fff"/>\n'
        f'<path fill="#000" d="{_dark_path(matrix, 0, 0, 1)}"/>\n'
        "</svg>\n"
    )


def _xml_text(text: str) -> str:
    """Escape for SVG character data, dropping characters XML 1.0 cannot carry at all."""
    return escape(_XML_INVALID_RE.sub("", text))


def _estimated_ems(text: str) -> float:
    """Rough rendered width in ems: wide (CJK) glyphs ~1 em, others ~0.65 em (bold).

    We cannot measure with the printer's fonts, so this only decides when to shrink.
    """
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.65 for ch in text) or 1.0


# A4 layout, all in mm. Cards have a small gutter so each has its own cut line.
_PAGE_W, _PAGE_H = 210.0, 297.0
_MARGIN_X, _MARGIN_Y, _GUTTER = 9.0, 10.5, 3.0
_CARD_W = (_PAGE_W - 2 * _MARGIN_X - (SHEET_COLUMNS - 1) * _GUTTER) / SHEET_COLUMNS
_CARD_H = (_PAGE_H - 2 * _MARGIN_Y - (SHEET_ROWS - 1) * _GUTTER) / SHEET_ROWS
_QR_MM = 44.0
_QR_TOP = 3.0
_TEXT_PAD = 3.0
_NAME_FONT = 5.0
_NAME_FONT_MIN = 2.0
_ID_FONT = 4.0
_NAME_FAMILY = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
_ID_FAMILY = "'DejaVu Sans Mono', Consolas, monospace"


def _card_svg(
    x: float, y: float, name: str, staff_id: str, matrix: Sequence[Sequence[bool]]
) -> str:
    """One badge card: dashed cut border, QR with its quiet zone, name and ID centred."""
    module = _QR_MM / len(matrix)
    qr_x = x + (_CARD_W - _QR_MM) / 2
    qr_y = y + _QR_TOP
    centre = x + _CARD_W / 2
    text_w = _CARD_W - 2 * _TEXT_PAD
    name_font = max(_NAME_FONT_MIN, min(_NAME_FONT, text_w / _estimated_ems(name)))
    name_y = qr_y + _QR_MM + 7.5
    id_y = name_y + 7.0
    # Past the minimum size, let the renderer squeeze the glyphs to fit the card.
    fit = ""
    if _estimated_ems(name) * name_font > text_w:
        fit = f' textLength="{_num(text_w)}" lengthAdjust="spacingAndGlyphs"'
    return (
        f'<g class="badge" data-staff-id="{escape(staff_id)}">\n'
        f'<rect class="cut" x="{_num(x)}" y="{_num(y)}" width="{_num(_CARD_W)}" '
        f'height="{_num(_CARD_H)}" rx="2" fill="none" stroke="#999" stroke-width="0.3" '
        'stroke-dasharray="2 1.5"/>\n'
        f'<rect x="{_num(qr_x)}" y="{_num(qr_y)}" width="{_num(_QR_MM)}" '
        f'height="{_num(_QR_MM)}" fill="#fff"/>\n'
        f'<path fill="#000" shape-rendering="crispEdges" '
        f'd="{_dark_path(matrix, qr_x, qr_y, module)}"/>\n'
        f'<text class="name" x="{_num(centre)}" y="{_num(name_y)}" text-anchor="middle" '
        f'font-family="{_NAME_FAMILY}" font-size="{_num(name_font)}" '
        f'font-weight="bold"{fit}>{_xml_text(name)}</text>\n'
        f'<text class="staff-id" x="{_num(centre)}" y="{_num(id_y)}" text-anchor="middle" '
        f'font-family="{_ID_FAMILY}" font-size="{_num(_ID_FONT)}">{escape(staff_id)}</text>\n'
        "</g>\n"
    )


def _sheet_svg(cards: Sequence[tuple[str, str, Sequence[Sequence[bool]]]]) -> str:
    """One A4 page of up to SHEET_COLUMNS x SHEET_ROWS cards, filled row by row."""
    body = []
    for index, (staff_id, name, matrix) in enumerate(cards):
        row, col = divmod(index, SHEET_COLUMNS)
        x = _MARGIN_X + col * (_CARD_W + _GUTTER)
        y = _MARGIN_Y + row * (_CARD_H + _GUTTER)
        body.append(_card_svg(x, y, name, staff_id, matrix))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="210mm" height="297mm" '
        'viewBox="0 0 210 297">\n'
        '<rect x="0" y="0" width="210" height="297" fill="#fff"/>\n' + "".join(body) + "</svg>\n"
    )


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
    out_dir.mkdir(parents=True, exist_ok=True)

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
        write_atomic(svg, _qr_svg(matrix).encode("utf-8"))
        files.append(BadgeFiles(staff_id=staff_id, name=name, payload=payload, png=png, svg=svg))
        cards.append((staff_id, name, matrix))

    per_page = SHEET_COLUMNS * SHEET_ROWS
    sheets: list[Path] = []
    for page in range(math.ceil(len(cards) / per_page)):
        sheet = out_dir / f"badges-sheet-{page + 1}.svg"
        data = _sheet_svg(cards[page * per_page : (page + 1) * per_page]).encode("utf-8")
        write_atomic(sheet, data)
        sheets.append(sheet)
    return files, sheets
