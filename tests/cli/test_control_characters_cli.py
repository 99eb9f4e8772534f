"""Terminal escapes in what people type or import are refused, and never echoed raw
(issue 12, finding 7): a CSV cell holding ESC[2K + a fake line cannot rewrite the answer."""

from __future__ import annotations

from pathlib import Path

ESC = "\x1b"
FAKE = f"A{ESC}[2K\rImported staff: 40 added"


def test_an_escape_in_a_staff_csv_is_shown_written_out(demo_kiosk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "staff.csv"
    csv.write_text(f'id,name,shift,rest_day,lead,pin\n2001,新员工,"{FAKE}",mon,0,2001\n', "utf-8")
    result = demo_kiosk("staff", "import", str(csv))
    assert result.exit_code == 2
    assert ESC not in result.stderr and "\r" not in result.stderr
    assert "\\x1b[2K" in result.stderr  # the clerk sees what is in the file


def test_a_reason_or_a_note_with_an_escape_is_refused(demo_kiosk) -> None:  # type: ignore[no-untyped-def]
    fixed = demo_kiosk(
        "punch", "1001", "--by", "L001", "--at", "2026-11-27T07:50", "--reason", f"ok{ESC}[8m"
    )
    assert fixed.exit_code == 2 and ESC not in fixed.stderr
    assert "control characters" in fixed.stderr
    leave = demo_kiosk("leave", "add", "1002", "sick", "2026-11-27", "--note", f"x{ESC}]0;t\a")
    assert leave.exit_code == 2 and "control characters" in leave.stderr
    listed = demo_kiosk("leave", "list", "--json")
    assert ESC not in listed.stdout
