"""kiosk.toml -> Config: the shipped defaults restate rules.md; mistakes name key and line."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import default_config_text, load_config, parse_config
from kiosk.domain.shifts import Rules, net_minutes
from kiosk.errors import EXIT_USAGE, ConfigError, UsageError
from kiosk.sync_kinds import SYNC_KINDS, OptionProblem, SyncKind

DEFAULT = default_config_text()

RULES_MD_CHECKLIST = [
    ("clean", "面部手部清洁,头发梳理整洁"),
    ("breath", "口腔清洁,上班前不吃葱蒜等异味食物"),
    ("makeup", "化淡妆"),
    ("jewelry", "不佩戴项链、耳环、戒指等饰物"),
    ("nails", "不留长指甲,只涂透明指甲油"),
    ("badge", "胸牌佩戴端正"),
    ("scarf", "丝巾佩戴端正"),
    ("headflower", "头花佩戴端正"),
    ("shoes", "穿工作鞋"),
    ("uniform", "工作服干净整齐、笔挺"),
    ("stockings", "长筒袜接近肤色,无破洞"),
    ("buttons", "纽扣扣好,不卷衣袖"),
    ("pockets", "衣兜不装手机等物品"),
]

NIGHT = """
[[shifts]]
code = "D"
zh = "夜班"
en = "Night"
start = "22:00"
end = "06:00"
break_start = "02:00"
break_end = "02:30"
"""


def line_of(text: str, content: str, last: bool = False) -> int:
    numbers = [
        n
        for n, raw in enumerate(text.splitlines(), start=1)
        if raw.split("#")[0].strip() == content
    ]
    assert numbers, content
    return numbers[-1] if last else numbers[0]


def config_error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "kiosk.toml")
    return info.value


# -- the shipped defaults --------------------------------------------------------------------


def test_shipped_defaults_have_the_three_templates_of_rules_md() -> None:
    config = parse_config(DEFAULT)
    assert list(config.shifts) == ["A", "B", "C"]
    expected = {
        "A": ("全天班", "Full day", time(8), time(18), time(12), time(14), 480),
        "B": ("早班", "Early", time(8), time(16), time(11, 30), time(12), 450),
        "C": ("晚班", "Late", time(12), time(20), time(17, 30), time(18), 450),
    }
    for code, (zh, en, start, end, brk_start, brk_end, net) in expected.items():
        shift = config.shifts[code]
        assert (shift.label_zh, shift.label_en) == (zh, en)
        assert (shift.start, shift.end) == (start, end)
        assert (shift.break_start, shift.break_end) == (brk_start, brk_end)
        assert net_minutes(shift) == net  # 8.0 / 7.5 / 7.5 net hours
        assert (shift.late_grace_minutes, shift.early_grace_minutes) == (0, 0)
        assert not shift.crosses_midnight


def test_shipped_checklist_is_the_13_items_at_10_yuan() -> None:
    config = parse_config(DEFAULT)
    assert [(i.key, i.zh) for i in config.checklist] == RULES_MD_CHECKLIST
    assert {i.fine for i in config.checklist} == {10}
    assert all(i.en for i in config.checklist)
    assert config.checklist_by_key["nails"].label("en") == "Short nails, clear polish only"
    assert config.checklist_by_key["nails"].label("zh") == "不留长指甲,只涂透明指甲油"


def test_shipped_incident_uniform_outside_is_20_yuan() -> None:
    config = parse_config(DEFAULT)
    assert list(config.incidents) == ["uniform_outside"]
    assert config.incidents["uniform_outside"].fine == 20


def test_shipped_rules_and_settings() -> None:
    config = parse_config(DEFAULT)
    assert config.rules == Rules()
    assert config.rules == Rules(
        late_grace_minutes=0,
        early_grace_minutes=0,
        checkin_opens_before_minutes=60,
        checkout_closes_after_minutes=120,
        duplicate_minutes=2,
        pin_max_attempts=5,
        pin_lockout_minutes=5,
    )
    assert config.kiosk_id == "desk-1"
    assert config.timezone.key == "Asia/Shanghai"
    assert config.language == "zh"
    assert config.close_at == time(20, 30)
    assert config.idle_seconds == 30
    assert config.sync_targets == ()


def test_the_repo_data_folder_ships_the_same_config() -> None:
    shipped = Path(__file__).resolve().parents[2] / "data" / "kiosk.toml"
    if not shipped.exists():
        pytest.skip("no data/kiosk.toml in this checkout")
    assert shipped.read_text("utf-8") == DEFAULT


def test_a_minimal_file_gets_the_defaults() -> None:
    text = """
[[shifts]]
code = "A"
zh = "全天班"
en = "Full day"
start = "08:00"
end = "18:00"

[[checklist]]
key = "clean"
zh = "清洁"
en = "Clean"
fine = 10
"""
    config = parse_config(text)
    assert config.rules == Rules()
    assert config.incidents == {}
    assert config.shifts["A"].break_start is None
    assert config.language == "zh"


# -- extensions that must work ---------------------------------------------------------------


def test_appended_night_shift_crosses_midnight() -> None:
    config = parse_config(DEFAULT + NIGHT)
    night = config.shifts["D"]
    assert night.crosses_midnight
    assert net_minutes(night) == 450


def test_per_template_grace_overrides_the_rules_default() -> None:
    text = DEFAULT.replace("late_grace_minutes = 0", "late_grace_minutes = 3").replace(
        'code = "B"', 'code = "B"\nearly_grace_minutes = 5'
    )
    config = parse_config(text)
    assert config.shifts["A"].late_grace_minutes == 3
    assert (config.shifts["B"].late_grace_minutes, config.shifts["B"].early_grace_minutes) == (3, 5)


def test_sync_targets_appended_at_the_end() -> None:
    text = DEFAULT + (
        '\n[[sync.targets]]\nkind = "folder"\npath = "exports/outbox"\n'
        '\n[[sync.targets]]\nkind = "http"\nurl = "http://127.0.0.1:8080/attendance"\n'
        'token_env = "KIOSK_SYNC_TOKEN"\n'
    )
    targets = parse_config(text).sync_targets
    assert [(t.kind, t.options) for t in targets] == [
        ("folder", {"path": "exports/outbox"}),
        ("http", {"url": "http://127.0.0.1:8080/attendance", "token_env": "KIOSK_SYNC_TOKEN"}),
    ]


# -- mistakes --------------------------------------------------------------------------------


def test_syntax_error_names_the_line() -> None:
    text = DEFAULT.replace("duplicate_minutes = 2", "duplicate_minutes = = 2")
    err = config_error(text)
    assert err.key == "syntax"
    assert err.line == line_of(text, "duplicate_minutes = = 2")
    assert str(err).startswith(f"kiosk.toml:{err.line}: syntax: ")
    assert err.exit_code == EXIT_USAGE
    assert isinstance(err, UsageError)
    assert err.code == "bad_config"


# (old, new, key, the line content the error must point at, last such line)
MISTAKES = {
    "unknown top-level key": (
        "kiosk_id =",
        'colour = "red"\nkiosk_id =',
        "colour",
        'colour = "red"',
        False,
    ),
    "unknown rules key": (
        "duplicate_minutes = 2",
        "duplicat_minutes = 2",
        "rules.duplicat_minutes",
        "duplicat_minutes = 2",
        False,
    ),
    "unknown shift key": (
        'code = "B"',
        'code = "B"\nlunch = "12:00"',
        "shifts[1].lunch",
        'lunch = "12:00"',
        False,
    ),
    "unknown checklist key": (
        'key = "nails"',
        'key = "nails"\npenalty = 5',
        "checklist[4].penalty",
        "penalty = 5",
        False,
    ),
    "end equals start": (
        'start = "12:00"\nend = "20:00"',
        'start = "12:00"\nend = "12:00"',
        "shifts[2].end",
        'end = "12:00"',
        False,
    ),
    "break outside the shift": (
        'break_start = "11:30"\nbreak_end = "12:00"',
        'break_start = "16:30"\nbreak_end = "17:00"',
        "shifts[1].break_start",
        'break_start = "16:30"',
        False,
    ),
    "break ends before it starts": (
        'break_start = "12:00"\nbreak_end = "14:00"',
        'break_start = "14:00"\nbreak_end = "12:00"',
        "shifts[0].break_start",
        'break_start = "14:00"',
        False,
    ),
    "duplicate shift codes": ('code = "C"', 'code = "B"', "shifts[2].code", 'code = "B"', True),
    "duplicate checklist keys": (
        'key = "makeup"',
        'key = "clean"',
        "checklist[2].key",
        'key = "clean"',
        True,
    ),
    "bad time": ('end = "18:00"', 'end = "25:00"', "shifts[0].end", 'end = "25:00"', False),
    "negative minutes": (
        "duplicate_minutes = 2",
        "duplicate_minutes = -1",
        "rules.duplicate_minutes",
        "duplicate_minutes = -1",
        False,
    ),
    "pin attempts zero": (
        "pin_max_attempts = 5",
        "pin_max_attempts = 0",
        "rules.pin_max_attempts",
        "pin_max_attempts = 0",
        False,
    ),
    "unknown language": (
        'language = "zh"',
        'language = "fr"',
        "language",
        'language = "fr"',
        False,
    ),
    "unknown time zone": (
        'timezone = "Asia/Shanghai"',
        'timezone = "Mars/Olympus"',
        "timezone",
        'timezone = "Mars/Olympus"',
        False,
    ),
    "shift code not a letter": (
        'code = "A"',
        'code = "AA"',
        "shifts[0].code",
        'code = "AA"',
        False,
    ),
    "fine not a number": ("fine = 20", 'fine = "20"', "incidents[0].fine", 'fine = "20"', False),
    "lead idle shorter than staff idle": (
        "lead_idle_seconds = 300",
        "lead_idle_seconds = 10",
        "ui.lead_idle_seconds",
        "lead_idle_seconds = 10",
        False,
    ),
    "no PIN checks a session": (
        "pin_attempts_per_session_minute = 10",
        "pin_attempts_per_session_minute = 0",
        "rules.pin_attempts_per_session_minute",
        "pin_attempts_per_session_minute = 0",
        False,
    ),
}


@pytest.mark.parametrize(("old", "new", "key", "marker", "last"), MISTAKES.values(), ids=MISTAKES)
def test_mistakes_name_key_and_line(old: str, new: str, key: str, marker: str, last: bool) -> None:
    assert old in DEFAULT
    text = DEFAULT.replace(old, new, 1)
    err = config_error(text)
    assert err.key == key
    assert err.line == line_of(text, marker, last=last)
    assert err.params["key"] == key
    assert err.params["line"] == err.line
    assert str(err).startswith(f"kiosk.toml:{err.line}: {key}: ")


def test_night_shift_break_outside_is_refused() -> None:
    err = config_error(DEFAULT + NIGHT.replace('"02:00"', '"07:00"').replace('"02:30"', '"07:30"'))
    assert err.key == "shifts[3].break_start"


def test_only_one_break_end_is_refused() -> None:
    err = config_error(DEFAULT.replace('break_end = "14:00"\n', "", 1))
    assert err.key == "shifts[0].break_end"
    assert err.problem == "break_half"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('kiosk_id = "x"\n[[checklist]]\nkey = "a"\nzh = "a"\nen = "a"\n', "shifts"),
        (
            '[[shifts]]\ncode = "A"\nzh = "a"\nen = "a"\nstart = "08:00"\nend = "09:00"\n',
            "checklist",
        ),
    ],
    ids=["no shifts", "no checklist"],
)
def test_required_tables(text: str, key: str) -> None:
    assert config_error(text).key == key


def test_unknown_sync_kind_is_refused() -> None:
    err = config_error(DEFAULT + '\n[[sync.targets]]\nkind = "ftp"\n')
    assert err.key == "sync.targets[0].kind"


def test_folder_target_with_http_options_is_refused() -> None:
    err = config_error(DEFAULT + '\n[[sync.targets]]\nkind = "folder"\nurl = "http://x"\n')
    assert err.key == "sync.targets[0].url"


def test_load_config_missing_file_says_run_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "kiosk.toml")
    assert info.value.problem == "file_missing"


def test_load_config_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(DEFAULT, "utf-8")
    config = load_config(path)
    assert config.path == path
    assert list(config.shifts) == ["A", "B", "C"]


def test_single_digit_hours_are_accepted() -> None:
    text = default_config_text().replace(
        'start = "08:00"\nend = "18:00"', 'start = "8:00"\nend = "18:00"'
    )
    assert 'start = "8:00"' in text
    assert parse_config(text).shifts["A"].start == time(8, 0)


@pytest.mark.parametrize(
    ("target", "key"),
    [
        ('kind = "folder"', "path"),
        ('kind = "folder"\npath = ""', "path"),
        ('kind = "http"\ntoken_env = "T"', "url"),
        ('kind = "http"\nurl = "ftp://x/y"\ntoken_env = "T"', "url"),
        ('kind = "http"\nurl = "https://x/y"', "token_env"),
        (
            'kind = "http"\nurl = "https://x/y"\ntoken_env = "T"\ntimeout_seconds = 0',
            "timeout_seconds",
        ),
        ('kind = "http"\nurl = "https://x/y"\ntoken_env = "T"\nretries = 11', "retries"),
        ('kind = "postgres"', "dsn_env"),
        ('kind = "postgres"\ndsn_env = 5', "dsn_env"),
        ('kind = "postgres"\ndsn_env = "D"\ntimeout_seconds = 601', "timeout_seconds"),
        ('kind = "postgres"\ndsn_env = "D"\nretries = 3', "retries"),
    ],
)
def test_a_broken_sync_target_stops_at_start_naming_the_key(target: str, key: str) -> None:
    text = default_config_text() + "\n[[sync.targets]]\n" + target + "\n"
    with pytest.raises(ConfigError) as err:
        parse_config(text, "kiosk.toml")
    assert key in err.value.key or err.value.details == {"name": key}
    assert err.value.line is not None


def test_a_bad_option_names_its_key_and_its_own_line() -> None:
    text = DEFAULT + (
        '\n[[sync.targets]]\nkind = "folder"\npath = "out"\n'
        '\n[[sync.targets]]\nkind = "postgres"\ndsn_env = "D"\ntimeout_seconds = true\n'
    )
    err = config_error(text)
    assert err.key == "sync.targets[1].timeout_seconds"
    assert err.line == line_of(text, "timeout_seconds = true")
    assert err.problem == "bad_timeout"


def test_a_missing_option_points_at_its_table() -> None:
    text = DEFAULT + '\n[[sync.targets]]\nkind = "postgres"\ntimeout_seconds = 5\n'
    err = config_error(text)
    assert (err.key, err.problem, err.details) == (
        "sync.targets[0]",
        "missing_key",
        {"name": "dsn_env"},
    )
    assert err.line == line_of(text, "[[sync.targets]]", last=True)


def test_every_kind_s_options_come_from_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    def host_given(options: Any) -> None:
        if options.get("host") == "":
            raise OptionProblem("host", "not_text")

    kind = SyncKind("ftp", "host", frozenset({"host"}), (host_given,))
    monkeypatch.setitem(SYNC_KINDS, "ftp", kind)
    text = DEFAULT + '\n[[sync.targets]]\nkind = "ftp"\nhost = "nas"\n'
    [target] = parse_config(text).sync_targets
    assert (target.kind, target.options) == ("ftp", {"host": "nas"})
    err = config_error(text.replace('host = "nas"', 'host = ""'))
    assert (err.key, err.problem) == ("sync.targets[0].host", "not_text")
    assert err.line == line_of(text, 'host = "nas"')
    unknown = config_error(text.replace('kind = "ftp"', 'kind = "scp"'))
    assert unknown.problem == "unknown_sync_kind"
    assert unknown.details == {"value": "scp", "known": "folder, http, postgres, ftp"}
