"""Badges: payload signing and verification, refusal reasons, and the printable files."""

from __future__ import annotations

import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from kiosk.badges import (
    MAX_BADGE_VERSION,
    MAX_QR_VERSION,
    BadgeError,
    BadgeFiles,
    BadgeScan,
    badge_payload,
    build_qr,
    check_version,
    looks_like_badge,
    new_site_secret,
    read_badge,
    write_badges,
)

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))
QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
SVG_NS = "{http://www.w3.org/2000/svg}"


# --- payload -------------------------------------------------------------------------------


def test_new_site_secret_is_32_random_bytes() -> None:
    a, b = new_site_secret(), new_site_secret()
    assert isinstance(a, bytes) and len(a) == 32
    assert a != b


@pytest.mark.parametrize(
    ("staff_id", "version"), [("1001", 1), ("A-7", 0), ("ABCDEFGHIJKLMNOP", 999)]
)
def test_payload_round_trips(staff_id: str, version: int) -> None:
    payload = badge_payload(SECRET, staff_id, version)
    assert payload.startswith(f"SK:{staff_id}:{version}:")
    assert read_badge(SECRET, payload) == BadgeScan(staff_id=staff_id, version=version)


def test_payload_is_deterministic_and_depends_on_every_input() -> None:
    base = badge_payload(SECRET, "1001", 1)
    assert badge_payload(SECRET, "1001", 1) == base
    assert badge_payload(OTHER_SECRET, "1001", 1) != base
    assert badge_payload(SECRET, "1002", 1) != base
    assert badge_payload(SECRET, "1001", 2) != base


def test_payload_uses_only_qr_alphanumeric_characters() -> None:
    for staff_id, version in [("1001", 1), ("ZZ-99", 42), ("ABCDEFGHIJKLMNOP", 999)]:
        payload = badge_payload(SECRET, staff_id, version)
        assert set(payload) <= QR_ALPHANUMERIC, payload


@pytest.mark.parametrize("version", [999, MAX_BADGE_VERSION])
def test_longest_payload_fits_qr_version_3_at_m(version: int) -> None:
    payload = badge_payload(SECRET, "ABCDEFGHIJKLMNOP", version)
    qr = build_qr(payload)
    assert qr.version <= MAX_QR_VERSION == 3
    # And independently of our helper, with qrcode's defaults (error correction M).
    import qrcode

    plain = qrcode.QRCode(version=None, error_correction=qrcode.constants.ERROR_CORRECT_M)
    plain.add_data(payload)
    plain.make(fit=True)
    assert plain.version <= 3


@pytest.mark.parametrize(
    ("secret", "staff_id", "version"),
    [
        (b"", "1001", 1),
        (SECRET, "", 1),
        (SECRET, "a1001", 1),
        (SECRET, "10 01", 1),
        (SECRET, "ABCDEFGHIJKLMNOPQ", 1),
        (SECRET, "１００１", 1),
        (SECRET, "1001", -1),
        (SECRET, "1001", MAX_BADGE_VERSION + 1),
        (SECRET, "1001", True),
    ],
)
def test_badge_payload_rejects_bad_arguments(secret: bytes, staff_id: str, version: int) -> None:
    with pytest.raises(ValueError):
        badge_payload(secret, staff_id, version)


# --- reading -------------------------------------------------------------------------------


def test_tampered_signature_is_bad_signature() -> None:
    payload = badge_payload(SECRET, "1001", 1)
    last = payload[-1]
    tampered = payload[:-1] + ("A" if last != "A" else "B")
    with pytest.raises(BadgeError) as info:
        read_badge(SECRET, tampered)
    assert info.value.reason == "bad_signature"
    assert info.value.staff_id == "1001"


def test_tampered_id_or_version_is_bad_signature() -> None:
    sig = badge_payload(SECRET, "1001", 1).rsplit(":", 1)[1]
    for forged in (f"SK:1002:1:{sig}", f"SK:1001:2:{sig}"):
        with pytest.raises(BadgeError) as info:
            read_badge(SECRET, forged)
        assert info.value.reason == "bad_signature"


def test_other_sites_secret_is_bad_signature() -> None:
    payload = badge_payload(OTHER_SECRET, "1001", 1)
    with pytest.raises(BadgeError) as info:
        read_badge(SECRET, payload)
    assert info.value.reason == "bad_signature"
    assert "1001" in str(info.value)


def test_old_version_is_revoked() -> None:
    scan = read_badge(SECRET, badge_payload(SECRET, "1001", 1))
    check_version(scan, 1)  # current: no error
    with pytest.raises(BadgeError) as info:
        check_version(scan, 2)
    assert info.value.reason == "revoked"
    assert info.value.staff_id == "1001"
    assert "revoked" in str(info.value)


def test_badge_error_rejects_unknown_reason() -> None:
    with pytest.raises(ValueError):
        BadgeError("nope")  # type: ignore[arg-type]


def test_whitespace_and_lowercase_are_accepted() -> None:
    payload = badge_payload(SECRET, "AB-12", 7)
    for text in (f"  {payload}\r\n", payload.lower(), f"\t{payload.lower()} "):
        assert read_badge(SECRET, text) == BadgeScan("AB-12", 7)


_VALID = badge_payload(SECRET, "1001", 1)
_SIG = _VALID.rsplit(":", 1)[1]

GARBAGE = [
    "",
    "   ",
    "hello",
    "1001",
    "SK:",
    "SK:1001",
    "SK:1001:1",
    "SK:1001:x:ABC",
    f"SK:1001:x:{_SIG}",
    f"SK:1001:01:{_SIG}",  # non-canonical version spelling
    f"SK:1001:-1:{_SIG}",
    f"SK:1001:1234567:{_SIG}",
    f"SK:1001:1:{_SIG}:extra",
    f"SK::1:{_SIG}",
    f"SK:10 01:1:{_SIG}",
    f"SK:10_01:1:{_SIG}",
    f"SK:ABCDEFGHIJKLMNOPQ:1:{_SIG}",
    "SK:1001:1:ABC",  # signature field of the wrong shape
    f"SK:1001:1:{_SIG[:-1]}1",  # '1' is not base32
    f"XK:1001:1:{_SIG}",
    f"SK;1001;1;{_SIG}",
    "SK:１００１:1:" + _SIG,  # fullwidth digits
    "SK:1001:１:" + _SIG,
    "SK:ÄÖÜ:1:" + _SIG,
    "SK:1001:1:" + _SIG + "\x00",
    "x" * 10_000,
    "SK:" + "1" * 10_000,
    "\u00df" * 40,
    "🙂",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_is_not_a_badge(text: str) -> None:
    with pytest.raises(BadgeError) as info:
        read_badge(SECRET, text)
    assert info.value.reason == "not_a_badge"
    assert info.value.staff_id is None


def test_non_text_scan_is_not_a_badge() -> None:
    for value in (None, b"SK:1001:1:AAAA", 1001):
        with pytest.raises(BadgeError) as info:
            read_badge(SECRET, value)  # type: ignore[arg-type]
        assert info.value.reason == "not_a_badge"


def test_read_badge_only_ever_raises_badge_error() -> None:
    """Fuzz-ish: every prefix and single-character mutation of a valid payload."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabz:- $%*+./１\x00é"
    candidates = [_VALID[:i] for i in range(len(_VALID) + 1)]
    for i in range(len(_VALID)):
        for ch in alphabet:
            candidates.append(_VALID[:i] + ch + _VALID[i + 1 :])
    accepted = 0
    for text in candidates:
        try:
            scan = read_badge(SECRET, text)
        except BadgeError as err:
            assert err.reason in {"not_a_badge", "bad_signature"}
        else:
            assert scan == BadgeScan("1001", 1)
            accepted += 1
    assert accepted >= 1  # the unmutated payload itself, and case variants of it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_VALID, True),
        (f"  {_VALID.lower()}\n", True),
        ("SK:", True),
        ("sk:garbage", True),
        ("SK", False),
        ("1001", False),
        ("", False),
        ("X SK:1001", False),
    ],
)
def test_looks_like_badge(text: str, expected: bool) -> None:
    assert looks_like_badge(text) is expected


# --- files ---------------------------------------------------------------------------------


def _people(n: int) -> list[tuple[str, str, int]]:
    return [(f"{1000 + i}", f"Person {i}", 1) for i in range(n)]


def test_write_badges_writes_png_and_svg_per_person(tmp_path: Path) -> None:
    out = tmp_path / "new" / "badges"  # created if missing
    people = [("1001", "Alice", 1), ("ABCDEFGHIJKLMNOP", "王小明", 3)]
    files, sheets = write_badges(SECRET, people, out)

    assert [f.staff_id for f in files] == ["1001", "ABCDEFGHIJKLMNOP"]
    assert files[1] == BadgeFiles(
        staff_id="ABCDEFGHIJKLMNOP",
        name="王小明",
        payload=badge_payload(SECRET, "ABCDEFGHIJKLMNOP", 3),
        png=out / "ABCDEFGHIJKLMNOP.png",
        svg=out / "ABCDEFGHIJKLMNOP.svg",
    )
    for f in files:
        assert read_badge(SECRET, f.payload).staff_id == f.staff_id
        with Image.open(f.png) as img:
            img.verify()
        with Image.open(f.png) as img:
            assert img.format == "PNG"
            assert img.width == img.height >= 21 * 10
        root = ET.parse(f.svg).getroot()
        assert root.tag == f"{SVG_NS}svg"
        assert root.find(f"{SVG_NS}path") is not None
    assert sheets == [out / "badges-sheet-1.svg"]
    # Nothing half-written or temporary left behind.
    expected = ["1001.png", "1001.svg", "ABCDEFGHIJKLMNOP.png", "ABCDEFGHIJKLMNOP.svg"]
    expected.append("badges-sheet-1.svg")
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)


def test_svg_qr_matches_the_qr_matrix(tmp_path: Path) -> None:
    files, _ = write_badges(SECRET, [("1001", "Alice", 1)], tmp_path)
    matrix = build_qr(files[0].payload).get_matrix()
    root = ET.parse(files[0].svg).getroot()
    size = len(matrix)
    assert root.get("viewBox") == f"0 0 {size} {size}"
    # Re-rasterise the path's run rectangles and compare to the matrix, quiet zone included.
    grid = [[False] * size for _ in range(size)]
    d = root.find(f"{SVG_NS}path").get("d")
    for run in d.split("M")[1:]:
        head, rest = run.split("h", 1)
        x, y = (int(float(v)) for v in head.split())
        width = int(float(rest.split("v", 1)[0]))
        for col in range(x, x + width):
            grid[y][col] = True
    assert grid == [list(row) for row in matrix]


def test_a4_sheets_hold_twelve_cards_each(tmp_path: Path) -> None:
    files, sheets = write_badges(SECRET, _people(13), tmp_path)
    assert len(files) == 13
    assert sheets == [tmp_path / "badges-sheet-1.svg", tmp_path / "badges-sheet-2.svg"]
    counts = []
    for sheet in sheets:
        root = ET.parse(sheet).getroot()
        assert root.get("width") == "210mm"
        assert root.get("height") == "297mm"
        assert root.get("viewBox") == "0 0 210 297"
        cards = root.findall(f"{SVG_NS}g")
        counts.append(len(cards))
        for card in cards:
            cut = card.find(f"{SVG_NS}rect")
            x, y = float(cut.get("x")), float(cut.get("y"))
            w, h = float(cut.get("width")), float(cut.get("height"))
            assert x >= 0 and x + w <= 210
            assert y >= 0 and y + h <= 297
            texts = {t.get("class"): t.text for t in card.findall(f"{SVG_NS}text")}
            assert texts["staff-id"] == card.get("data-staff-id")
            assert texts["name"].startswith("Person ")
    assert counts == [12, 1]
    ids = [
        g.get("data-staff-id")
        for sheet in sheets
        for g in ET.parse(sheet).getroot().findall(f"{SVG_NS}g")
    ]
    assert ids == [f.staff_id for f in files]


def test_twelve_people_make_exactly_one_sheet(tmp_path: Path) -> None:
    _, sheets = write_badges(SECRET, _people(12), tmp_path)
    assert sheets == [tmp_path / "badges-sheet-1.svg"]


def test_chinese_and_markup_names_are_escaped_in_the_sheet(tmp_path: Path) -> None:
    name = '王小明 <Lead> & "Co"\x07'
    _, sheets = write_badges(SECRET, [("1001", name, 1), ("1002", "李娜", 2)], tmp_path)
    raw = sheets[0].read_text(encoding="utf-8")
    assert "王小明 &lt;Lead&gt; &amp;" in raw
    assert "<Lead>" not in raw
    assert "\x07" not in raw
    assert "Noto Sans CJK SC" in raw
    root = ET.parse(sheets[0]).getroot()
    names = [t.text for t in root.iter(f"{SVG_NS}text") if t.get("class") == "name"]
    assert names == ['王小明 <Lead> & "Co"', "李娜"]


def test_long_names_are_shrunk_to_fit_the_card(tmp_path: Path) -> None:
    long_name = "Maximiliana Alexandrina Featherstonehaugh"
    very_long = "Maximiliana Alexandrina Featherstonehaugh-Cholmondeley of Brighton"
    people = [("1001", "Alice", 1), ("1002", long_name, 1), ("1003", very_long, 1)]
    _, sheets = write_badges(SECRET, people, tmp_path)
    root = ET.parse(sheets[0]).getroot()
    texts = [t for t in root.iter(f"{SVG_NS}text") if t.get("class") == "name"]
    sizes = [float(t.get("font-size")) for t in texts]
    assert sizes[0] == 5
    assert 2 <= sizes[1] < 5 and texts[1].get("textLength") is None
    assert sizes[2] == 2 and texts[2].get("textLength") is not None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_files_are_readable_per_umask_not_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        files, sheets = write_badges(SECRET, [("1001", "Alice", 1)], tmp_path)
    finally:
        os.umask(old)
    for path in (files[0].png, files[0].svg, sheets[0]):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path  # a copied badge checks in


def test_rewrite_replaces_files_in_place(tmp_path: Path) -> None:
    old_files, _ = write_badges(SECRET, [("1001", "Alice", 1)], tmp_path)
    old_svg = old_files[0].svg.read_text(encoding="utf-8")
    files, _ = write_badges(SECRET, [("1001", "Alice", 2)], tmp_path)
    assert files[0].svg == old_files[0].svg
    assert read_badge(SECRET, files[0].payload).version == 2
    assert files[0].svg.read_text(encoding="utf-8") != old_svg
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "people",
    [
        [],
        [("1001", "A", 1), ("1001", "B", 1)],
        [("1001", "A", 1), ("bad id", "B", 1)],
        [("1001", "A", -1)],
    ],
)
def test_write_badges_refuses_bad_input_before_writing(
    tmp_path: Path, people: list[tuple[str, str, int]]
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ValueError):
        write_badges(SECRET, people, out)
    assert not out.exists()


def test_png_decodes_back_to_the_payload(tmp_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    people = [("1001", "Alice", 1), ("ABCDEFGHIJKLMNOP", "王小明", 999)]
    files, _ = write_badges(SECRET, people, tmp_path)
    for f in files:
        with Image.open(f.png) as img:
            result = zxingcpp.read_barcode(img.convert("L"))
        assert result is not None, f.png
        assert result.format == zxingcpp.BarcodeFormat.QRCode
        assert result.text == f.payload
        assert read_badge(SECRET, result.text) == BadgeScan(f.staff_id, people[files.index(f)][2])
