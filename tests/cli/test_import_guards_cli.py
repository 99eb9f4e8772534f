"""Findings 6 and 7 of issue 15: a staff CSV's encoding is decided, never guessed, and an
import too big to be a staff list is refused before any work.

郑伟 in GBK is D6 A3 CE B0, which is also valid UTF-8 (֣ΰ): that file renamed 张丽.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.cli.cli_helpers import people
from tests.conftest import KioskRunner

HEADER = "id,name,shift,rest_day\n"
GBK_ROW = "1001,郑伟,A,sun\n"


def _names(data_dir: Path) -> set[str]:
    return {doc["name"] for doc in people(data_dir)["staff"].values()}


@pytest.fixture
def gbk_file(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_bytes((HEADER + GBK_ROW).encode("gbk"))
    assert "郑伟".encode("gbk") == bytes.fromhex("D6A3CEB0")
    return path


def test_a_csv_valid_in_both_encodings_is_refused(
    demo_kiosk: KioskRunner, data_dir: Path, gbk_file: Path
) -> None:
    result = demo_kiosk("staff", "import", str(gbk_file))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "UTF-8" in result.stderr and "--encoding" in result.stderr
    assert "֣ΰ" not in _names(data_dir)
    assert "张丽" in _names(data_dir)


def test_encoding_gb18030_reads_it_as_gbk(
    demo_kiosk: KioskRunner, data_dir: Path, gbk_file: Path
) -> None:
    result = demo_kiosk("staff", "import", str(gbk_file), "--encoding", "gb18030")
    assert result.exit_code == 0, result.stderr
    assert "郑伟" in _names(data_dir)


def test_a_utf8_bom_file_is_unambiguous(
    demo_kiosk: KioskRunner, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(codecs.BOM_UTF8 + (HEADER + GBK_ROW).encode("utf-8"))
    result = demo_kiosk("staff", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "郑伟" in _names(data_dir)


def test_an_import_over_the_row_limit_is_refused_before_any_work(
    demo_kiosk: KioskRunner, data_dir: Path, tmp_path: Path
) -> None:
    config = data_dir / "kiosk.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("import_max_rows = 20000", "import_max_rows = 5"), "utf-8")
    before = (data_dir / "people.json").read_bytes()
    rows = "".join(f"{2000 + i},员工{i},A,周日,,{i:04d}\n" for i in range(6))
    path = tmp_path / "staff.csv"
    path.write_text("工号,姓名,班次,休息日,负责人,密码\n" + rows, encoding="utf-8-sig")
    result = demo_kiosk("staff", "import", str(path))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "6 rows" in result.stderr and "Nothing was imported" in result.stderr
    assert (data_dir / "people.json").read_bytes() == before


def test_a_long_import_shows_its_progress_on_stderr(
    demo_kiosk: KioskRunner, data_dir: Path, tmp_path: Path
) -> None:
    """50 new PINs (about 2 s of scrypt): a line every tenth, stdout left for --json."""
    rows = "".join(f"{3000 + i},员工{i},A,周日,,{4000 + i}\n" for i in range(50))
    path = tmp_path / "staff.csv"
    path.write_text("工号,姓名,班次,休息日,负责人,密码\n" + rows, encoding="utf-8-sig")
    result = demo_kiosk("staff", "import", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "PINs hashed" in line]
    assert lines[-1] == "PINs hashed: 50/50 (100%)"
    assert 10 <= len(lines) <= 12
    assert "PINs hashed" not in result.stdout


def test_a_short_import_says_nothing_of_progress(demo_kiosk: KioskRunner, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("工号,姓名,班次,休息日,负责人,密码\n3001,员工,A,周日,,4001\n", "utf-8-sig")
    result = demo_kiosk("staff", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "PINs hashed" not in result.stderr
