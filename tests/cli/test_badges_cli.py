"""`kiosk badges`: PNG + SVG per person and a print sheet, described by --json."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.badges import read_badge
from tests.cli.cli_helpers import install_demo, one_json
from tests.conftest import KioskRunner

BADGE_KEYS = {"staff_id", "name", "payload", "png", "svg"}


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def test_badges_json_shape_and_files(demo: KioskRunner, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "badges"
    result = demo("badges", "1001", "L001", "--out", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert set(body) >= {"badges", "sheet"}
    assert [b["staff_id"] for b in body["badges"]] == ["1001", "L001"]
    secret = bytes.fromhex((data_dir / "site.key").read_text("ascii"))
    for badge in body["badges"]:
        assert set(badge) == BADGE_KEYS
        png, svg = Path(badge["png"]), Path(badge["svg"])
        assert png.parent == out
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert "<svg" in svg.read_text("utf-8")
        scan = read_badge(secret, badge["payload"])  # signed with this site's key
        assert (scan.staff_id, scan.version) == (badge["staff_id"], 1)
    assert body["badges"][0]["name"] == "张丽"
    sheet = Path(body["sheet"])
    assert sheet.exists()
    assert "<svg" in sheet.read_text("utf-8")
    assert "张丽" in sheet.read_text("utf-8")
    assert "孙主任" in sheet.read_text("utf-8")


def test_badges_for_all_staff_when_no_ids(demo: KioskRunner, tmp_path: Path) -> None:
    result = demo("badges", "--out", str(tmp_path / "all"), "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    staff = one_json(demo("staff", "list", "--json"))["staff"]
    assert [b["staff_id"] for b in body["badges"]] == [s["staff_id"] for s in staff]
    assert len(body["badges"]) == 12
    for badge in body["badges"]:
        assert Path(badge["png"]).exists()
        assert Path(badge["svg"]).exists()


def test_badges_human_output(demo: KioskRunner, tmp_path: Path) -> None:
    out = tmp_path / "b"
    result = demo("badges", "1001", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Wrote 1 badges to {out}; print sheet: ")


def test_reprinted_badge_carries_the_new_version(demo: KioskRunner, tmp_path: Path) -> None:
    demo("staff", "revoke-badge", "1001")
    body = one_json(demo("badges", "1001", "--out", str(tmp_path / "b"), "--json"))
    assert body["badges"][0]["payload"].startswith("SK:1001:2:")


def test_png_decodes_to_the_payload(demo: KioskRunner, tmp_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    body = one_json(demo("badges", "1001", "--out", str(tmp_path / "b"), "--json"))
    badge = body["badges"][0]
    with Image.open(badge["png"]) as image:
        decoded = zxingcpp.read_barcode(image.convert("L"))
    assert decoded is not None
    assert decoded.text == badge["payload"]


def test_badges_for_unknown_staff(demo: KioskRunner, tmp_path: Path) -> None:
    result = demo("badges", "1001", "9999", "--out", str(tmp_path / "b"), "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "unknown_staff"
    assert not (tmp_path / "b").exists()


def test_badges_with_no_staff_at_all(kiosk: KioskRunner, tmp_path: Path) -> None:
    assert kiosk("badges", "--out", str(tmp_path / "b")).exit_code == 2
