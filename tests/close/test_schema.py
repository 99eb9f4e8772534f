"""The day summary's JSON Schema (docs/day_summary.schema.json) describes what the kiosk
writes: `day close --json`, the day and month JSON exports and the typed records' to_json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kiosk.domain.summary import DaySummary
from kiosk.i18n import Translator
from tests.close.scripted_day import DAY, at, script_the_day, services_at

SCHEMA_PATH = Path(__file__).parents[2] / "docs" / "day_summary.schema.json"


def day_schema() -> dict:  # type: ignore[type-arg]
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validate(document: dict) -> None:  # type: ignore[type-arg]
    jsonschema.Draft202012Validator(
        day_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)


def test_the_close_the_exports_and_the_records_match_the_schema(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    closed = services.end_of_day.close(DAY, by="L001").closes[0]
    validate(closed.public())  # day close --json
    tr = Translator("zh")
    validate(json.loads(services.exports.day(DAY, "json", tr).data))
    month = json.loads(services.exports.month("2026-11", "json", tr).data)
    for day in month["days"]:
        validate(day)
    # the typed record reads its own JSON back unchanged
    assert DaySummary.from_json(closed.summary.to_json()) == closed.summary
    at(services, "20:40")
    validate(services.day_close.preview(DAY).to_json())  # the end-of-day screen's preview


def test_the_schema_refuses_a_summary_that_is_not_one(tmp_path: Path) -> None:
    """The schema can fail: a negative late figure or an unknown flag is refused."""
    services = services_at(tmp_path / "data")
    script_the_day(services)
    body = services.end_of_day.close(DAY).closes[0].summary.to_json()
    body["people"][0]["late_minutes"] = -1
    with pytest.raises(jsonschema.ValidationError):
        validate(body)
    body["people"][0]["late_minutes"] = 0
    body["people"][0]["flags"] = ["sometimes_late"]
    with pytest.raises(jsonschema.ValidationError):
        validate(body)
