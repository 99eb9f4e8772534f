"""A kiosk without orjson reads the same data folder to the same records, and writes and
exports the very same bytes, as one with it (store/fast_json.py): the same closed day
read, judged and exported in two fresh processes, one of them unable to import orjson."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.close.scripted_day import DAY, at, script_the_day, services_at

ROOT = Path(__file__).resolve().parents[2]
READER = """
import json, sys
from pathlib import Path
from datetime import date, datetime
if sys.argv[2] == "without":
    sys.modules["orjson"] = None  # import orjson now raises ImportError
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.i18n import Translator
from kiosk.store import fast_json
assert (fast_json.fast is None) == (sys.argv[2] == "without")
day = date.fromisoformat(sys.argv[3])
services = wire_services(Path(sys.argv[1]), clock=FixedClock(datetime.fromisoformat(sys.argv[4])))
out = {
    "events": services.store.days.events(day),
    "people": services.store.people.file.tables(),
    "rows": [row.person.to_json() for row in services.board.rows(day)],
}
services.day_close.close(day, by="L001")  # closed again after the correction
out["csv"] = services.exports.day(day, "csv", Translator("zh")).data.hex()
out["json"] = services.exports.day(day, "json", Translator("en")).data.hex()
out["day_file"] = services.store.days.path_for(day).read_bytes().hex()
print(json.dumps(out, sort_keys=True, ensure_ascii=False))
"""


def read_in_process(folder: Path, orjson: str, now: str) -> dict[str, object]:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", READER, str(folder), orjson, DAY.isoformat(), now],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_with_and_without_orjson_agree_to_the_byte(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    services.day_close.close(DAY, by="L001")
    at(services, "21:00")
    services.punch.correct("1007", services.clock.now(), "L001", "forgot", "check_out", day=DAY)
    now = services.clock.now().isoformat()
    for kind in ("with", "without"):
        shutil.copytree(tmp_path / "data", tmp_path / kind)
    fast, slow = (read_in_process(tmp_path / k, k, now) for k in ("with", "without"))
    assert fast["events"] and fast["rows"]
    # the re-close each made has its own id: everything before its line is the same
    fast_file, slow_file = (bytes.fromhex(str(r.pop("day_file"))) for r in (fast, slow))
    cut = fast_file.rindex(b"\n", 0, -1)
    assert fast_file[:cut] == slow_file[:cut]
    assert json.dumps(fast, sort_keys=True) == json.dumps(slow, sort_keys=True)
    assert type(fast["events"]) is list
