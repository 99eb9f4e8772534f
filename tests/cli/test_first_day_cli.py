"""A day before the kiosk was set up is never closed (issue 13, point 10): closing it would
count the whole staff absent. The first day of records is the day `kiosk init` ran
(setup.json); an older folder without one takes the earliest day its records show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.i18n import Translator
from tests.cli.cli_helpers import invoke, one_json

SET_UP = "2026-11-27"  # the folder's `kiosk init` runs on this Friday
BEFORE = "2026-11-26"
EVENING = f"{SET_UP}T21:00:00"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder set up by `kiosk init --demo` on SET_UP, at 07:55."""
    data = tmp_path / "data"
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data), "init", "--demo"],
        env={"KIOSK_FAKE_NOW": f"{SET_UP}T07:55:00"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return data


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_init_notes_the_day_it_ran_and_a_later_init_keeps_it(folder: Path) -> None:
    assert json.loads((folder / "setup.json").read_text("utf-8")) == {"first_day": SET_UP}
    assert invoke(folder, "init", now="2026-12-03T09:00:00").exit_code == 0
    assert json.loads((folder / "setup.json").read_text("utf-8")) == {"first_day": SET_UP}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_closing_a_day_before_set_up_is_refused_and_writes_nothing(folder: Path, lang: str) -> None:
    before = files_of(folder)
    refused = invoke(folder, "--lang", lang, "day", "close", "--date", BEFORE, now=EVENING)
    assert refused.exit_code == 3
    expected = Translator(lang).t("error.before_first_day", date=BEFORE, first=SET_UP)
    assert refused.stderr.strip() == expected
    assert SET_UP in expected and BEFORE in expected and "{" not in expected
    assert refused.stdout == ""
    assert files_of(folder) == before


def test_the_refusal_in_json_names_the_first_day(folder: Path) -> None:
    refused = invoke(folder, "day", "close", "--date", BEFORE, "--json", now=EVENING)
    assert refused.exit_code == 3
    body = one_json(refused)
    assert (body["refused"], body["date"], body["first"]) == ("before_first_day", BEFORE, SET_UP)


def test_the_first_day_itself_is_closed(folder: Path) -> None:
    closed = invoke(folder, "day", "close", "--date", SET_UP, "--json", now=EVENING)
    assert closed.exit_code == 0, closed.stderr
    assert one_json(closed)["revision"] == 1


def test_a_correction_recorded_for_an_earlier_day_does_not_make_it_closable(
    folder: Path,
) -> None:
    """A lead may still record a punch for a day before set-up; the day is not closed (which
    would count everyone else absent), neither by hand nor by the running kiosk."""
    fixed = invoke(folder, "punch", "1001", "--by", "L001", "--at", f"{BEFORE}T08:00:00",
                   "--reason", "纸质签到补录", now=EVENING)  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr
    refused = invoke(folder, "day", "close", "--date", BEFORE, now=EVENING)
    assert refused.exit_code == 3
    assert json.loads((folder / "setup.json").read_text("utf-8")) == {"first_day": SET_UP}


def test_an_older_folder_takes_its_first_day_file_as_the_first_day(folder: Path) -> None:
    """A folder from before setup.json: the earliest of its first day file, the trail's
    first entry and chain.json is noted on its first run, once."""
    fixed = invoke(folder, "punch", "1001", "--by", "L001", "--at", "2026-11-20T08:00:00",
                   "--reason", "纸质签到补录", now=EVENING)  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr
    (folder / "setup.json").unlink()  # as a folder set up by an earlier version
    refused = invoke(folder, "day", "close", "--date", "2026-11-19", "--json", now=EVENING)
    assert refused.exit_code == 3 and one_json(refused)["first"] == "2026-11-20"
    assert json.loads((folder / "setup.json").read_text("utf-8")) == {"first_day": "2026-11-20"}
    assert invoke(folder, "day", "close", "--date", "2026-11-20", now=EVENING).exit_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_export_of_a_day_before_set_up_does_not_advise_a_close(folder: Path, lang: str) -> None:
    refused = invoke(folder, "--lang", lang, "export", "--date", BEFORE, now=EVENING)
    assert refused.exit_code == 3
    assert refused.stderr.strip() == Translator(lang).t(
        "error.before_first_day", date=BEFORE, first=SET_UP
    )
    assert "day close" not in refused.stderr


def test_every_close_an_export_advises_is_one_the_kiosk_does(folder: Path) -> None:
    """`export --date` of a day not closed names `kiosk day close --date D`: that command
    then closes it. A day still to come is said to be in the future, with no such advice."""
    future = invoke(folder, "--lang", "en", "export", "--date", "2026-11-28", now=EVENING)
    assert future.exit_code == 2 and "day close" not in future.stderr
    assert "in the future" in future.stderr
    advice = invoke(folder, "--lang", "en", "export", "--date", SET_UP, now=EVENING)
    assert advice.exit_code == 3
    assert f"kiosk day close --date {SET_UP}" in advice.stderr
    assert invoke(folder, "day", "close", "--date", SET_UP, now=EVENING).exit_code == 0
    assert invoke(folder, "export", "--date", SET_UP, now=EVENING).exit_code == 0


def test_a_month_export_names_no_day_before_set_up_as_missing(folder: Path) -> None:
    """The month's days before the first day are not "no records: record their punches and
    close those days": none of them can be closed."""
    assert invoke(folder, "day", "close", "--date", SET_UP, now=EVENING).exit_code == 0
    later = "2026-11-30T21:00:00"
    assert invoke(folder, "day", "close", "--date", "2026-11-29", now=later).exit_code == 0
    month = invoke(folder, "--lang", "en", "export", "--month", "2026-11", now=later)
    assert month.exit_code == 0, month.stderr
    assert "no records" in month.stderr and "2026-11-28" in month.stderr
    assert "2026-11-26" not in month.stderr and "2026-11-01" not in month.stderr
