"""The end-of-day screen at the sizes a front desk has (80x24, 100x30): the warning about
shifts still running reads whole, one sentence a line (issue 13, point 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.kiosk_ui import make_harness, screen_lines, settle
from tests.ui.test_day_end import open_day_end

SIZES = [(80, 24), (100, 30)]
WARNING = {
    "zh": [
        "注意:A、B、C班还没有下班。",
        "现在结账,还没签到的人会记为缺勤;",
        "之后有人签到,到结账时间会自动重新结账。",
    ],
    "en": [
        "Note: shifts still running: A, B, C.",
        "Closing now counts whoever has not checked in as absent.",
        "A later check-in re-opens the day; it closes again at closing time.",
    ],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_shifts_still_running_warning_reads_whole(
    tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    harness = make_harness(tmp_path / "data", lang=lang)
    harness.services.punch.punch("1001")
    harness.at("12:00")  # A, B and C are all still on
    async with harness.app.run_test(size=size) as pilot:
        await open_day_end(pilot, harness)
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(pilot)]
    for sentence in WARNING[lang]:
        assert sentence in lines, (sentence, lines)
    assert not any(line.startswith(tuple("、,。;:)")) for line in lines)
