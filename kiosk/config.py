"""kiosk.toml -> frozen dataclasses, validated before anything starts.

A malformed or inconsistent file stops start-up with exit 2 and a message naming the key and
the line it is on, because a kiosk that guesses at its own shift times would print wrong
figures all day.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.config_syntax import syntax_error
from kiosk.domain.rule_book import RuleBook
from kiosk.domain.shifts import Rules, ShiftTemplate
from kiosk.errors import ConfigError, ConfigProblem
from kiosk.sync_kinds import SYNC_KINDS, OptionProblem

CONFIG_NAME = "kiosk.toml"
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    zh: str
    en: str
    fine: int

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class SyncTarget:
    kind: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    kiosk_id: str
    timezone: ZoneInfo
    language: str
    rules: Rules
    shifts: dict[str, ShiftTemplate]
    checklist: tuple[ChecklistItem, ...]
    incidents: dict[str, ChecklistItem]
    close_at: time
    idle_seconds: int
    result_seconds: int
    sync_targets: tuple[SyncTarget, ...]
    path: Path | None = None
    lead_idle_seconds: int = 300  # a signed-in lead is signed out after this long alone
    show_month: bool = True  # a punch's result adds the person's month so far
    rest_days_per_week: int = 1  # [roster]: each person's rest days a week (rules.md: one)
    # [[shifts]] min_staff: the head count a template needs each day (month plan coverage);
    # kept apart from the templates, so a closed day's rule book (and digest) is untouched
    min_staff: dict[str, int] = field(default_factory=dict)
    department: str = ""  # the 考勤表's title; "" says the catalog's default name
    # [clock]: a wall-clock move this much beyond the monotonic clock's (or this far from
    # the central database server's clock) is a jump (services/clock_watch.py)
    jump_tolerance_seconds: int = 120
    # [limits]: what a person or a script may give (issue 15)
    import_max_rows: int = 20_000  # rows of a staff file; more is the wrong file
    dates_days_back: int = 62  # how far back a given date may be; 0: to the first day
    dates_days_ahead: int = 1  # how far ahead of today a given date may be
    plans_days_ahead: int = 366  # ... a planned one: leave, a roster change, a first day
    disk_min_free_mb: int = 500  # `kiosk doctor` fails below this much free disk (issue 16)
    backup_keep: int = 0  # [backup] keep: daily backups kept (0: none; services/backup.py)
    # [log]: kiosk.log rotates at this size, keeping this many older files (store/log_file.py)
    log_max_mb: int = 5
    log_keep_files: int = 5

    @property
    def checklist_by_key(self) -> dict[str, ChecklistItem]:
        return {item.key: item for item in self.checklist}

    @property
    def rule_book(self) -> RuleBook:
        """The templates and timing rules days not yet closed are judged by."""
        return RuleBook(self.shifts, self.rules)


def default_config_text() -> str:
    """The shipped kiosk.toml. Read beside this module (the package is installed as files),
    not through importlib.resources: that import (with tempfile and zipfile) cost every
    command a few milliseconds for a file only `kiosk init` reads."""
    return (Path(__file__).parent / "defaults" / CONFIG_NAME).read_text("utf-8")


_TOP = {"kiosk_id", "timezone", "language", "rules", "ui", "day", "shifts", "checklist"}
_TOP |= {"incidents", "sync", "roster"}
_TOP |= {"clock"}  # [clock] jump_tolerance_seconds (services/clock_watch.py)
_TOP |= {"limits"}  # [limits]: import size, the window of dates a person may give
_TOP |= {"backup"}  # [backup] keep: daily backups kept in the folder target
_TOP |= {"log"}  # [log] max_mb, keep_files: kiosk.log's rotation
_TOP |= {"department"}  # the 考勤表's title (kiosk/month_workbook.py)
_RULE_KEYS = {f.name for f in Rules.__dataclass_fields__.values()}
_SHIFT_KEYS = {"code", "zh", "en", "start", "end", "break_start", "break_end"}
_SHIFT_KEYS |= {"late_grace_minutes", "early_grace_minutes", "break_punches", "min_staff"}
_ITEM_KEYS = {"key", "zh", "en", "fine"}
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class _Locator:
    """Finds the line of a key in the TOML text, following [table] and [[array]] headers."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        table: tuple[str | int, ...] = ()
        counts: dict[str, int] = {}
        best: int | None = None
        for number, raw in enumerate(self.lines, start=1):
            line = raw.split("#", 1)[0].strip()
            if header := re.match(r"^\[\[\s*([\w.]+)\s*\]\]$", line):
                name = header.group(1)
                counts[name] = counts.get(name, -1) + 1
                table = (*name.split("."), counts[name])
            elif header := re.match(r"^\[\s*([\w.]+)\s*\]$", line):
                table = tuple(header.group(1).split("."))
            elif assign := re.match(r"^([\w-]+)\s*=", line):
                if (*table, assign.group(1)) == path:
                    return number
                continue
            else:
                continue
            if table == path[: len(table)] and table:
                best = number
        return best


class _Reader:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.locator = _Locator(text)

    def fail(
        self, path: tuple[str | int, ...], problem: ConfigProblem, **details: Any
    ) -> ConfigError:
        key = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
        key = key.replace(".[", "[")
        return ConfigError(self.source, self.locator.line_of(path), key, problem, **details)

    def table(self, data: Any, path: tuple[str | int, ...], allowed: set[str]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, "not_a_table")
        for key in data:
            if key not in allowed:
                raise self.fail((*path, key), "unknown_key", allowed=", ".join(sorted(allowed)))
        return data

    def require(self, data: dict[str, Any], path: tuple[str | int, ...], key: str) -> Any:
        if key not in data:
            raise self.fail(path, "missing_key", name=key)
        return data[key]

    def text(self, data: dict[str, Any], path: tuple[str | int, ...], key: str) -> str:
        value = self.require(data, path, key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail((*path, key), "not_text")
        return value.strip()

    def count(
        self, data: dict[str, Any], path: tuple[str | int, ...], key: str, default: int
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
            raise self.fail((*path, key), "not_a_count")
        return value

    def flag(
        self, data: dict[str, Any], path: tuple[str | int, ...], key: str, default: bool
    ) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail((*path, key), "not_a_flag")
        return value

    def clock(self, data: dict[str, Any], path: tuple[str | int, ...], key: str) -> time:
        value = self.require(data, path, key)
        match = _HHMM.match(value) if isinstance(value, str) else None
        if not match:
            raise self.fail((*path, key), "not_a_time", value=value)
        return time(int(match.group(1)), int(match.group(2)))


def stated_language(text: str) -> str | None:
    """The `language` kiosk.toml states, without checking the rest (None when the text is
    not TOML or names no known language): help and a config error are said in it even
    while another setting is wrong."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError:
        return None
    language = data.get("language")
    return language if isinstance(language, str) and language in LANGUAGES else None


def load_config(path: Path) -> Config:
    """Read and validate kiosk.toml. Raises ConfigError (exit 2) naming key and line."""
    source = str(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(source, None, "-", "file_missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, None, "-", "unreadable", reason=str(exc)) from None
    return parse_config(text, source, path)


def parse_config(text: str, source: str = CONFIG_NAME, path: Path | None = None) -> Config:
    text = text.removeprefix("\ufeff")  # Windows Notepad saves UTF-8 with a BOM
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise syntax_error(exc, text, source) from None
    r = _Reader(source, text)
    r.table(data, (), _TOP)

    kiosk_id = r.text(data, (), "kiosk_id") if "kiosk_id" in data else "desk-1"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", kiosk_id):
        raise r.fail(("kiosk_id",), "bad_kiosk_id")
    department = r.text(data, (), "department") if "department" in data else ""
    if any(unicodedata.category(ch).startswith("C") for ch in department):
        raise r.fail(("department",), "not_text")
    tz_name = r.text(data, (), "timezone") if "timezone" in data else "Asia/Shanghai"
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail(("timezone",), "unknown_timezone", value=tz_name) from None
    language = data.get("language", "zh")
    if language not in LANGUAGES:
        raise r.fail(("language",), "unknown_language", value=language)

    rules_data = r.table(data.get("rules", {}), ("rules",), _RULE_KEYS)
    defaults = Rules()
    rules = Rules(
        **{key: r.count(rules_data, ("rules",), key, getattr(defaults, key)) for key in _RULE_KEYS}
    )
    for key in ("pin_max_attempts", "pin_attempts_per_minute", "pin_attempts_per_session_minute"):
        if getattr(rules, key) < 1:  # 0 would refuse every PIN: the leads could not sign in
            raise r.fail(("rules", key), "at_least_one")

    ui = r.table(
        data.get("ui", {}),
        ("ui",),
        {"idle_seconds", "result_seconds", "lead_idle_seconds", "show_month"},
    )
    idle_seconds = r.count(ui, ("ui",), "idle_seconds", 30)
    result_seconds = r.count(ui, ("ui",), "result_seconds", 4)
    lead_idle_seconds = r.count(ui, ("ui",), "lead_idle_seconds", 300)
    show_month = r.flag(ui, ("ui",), "show_month", True)
    if lead_idle_seconds < idle_seconds:
        raise r.fail(("ui", "lead_idle_seconds"), "lead_idle_too_short", idle=idle_seconds)
    if idle_seconds < 5:  # a lead could not finish a single check before being logged out
        raise r.fail(("ui", "idle_seconds"), "idle_too_short")
    if not 1 <= result_seconds <= idle_seconds:
        raise r.fail(("ui", "result_seconds"), "result_seconds_range", idle=idle_seconds)
    day = r.table(data.get("day", {}), ("day",), {"close_at"})
    close_at = r.clock(day, ("day",), "close_at") if "close_at" in day else time(20, 30)
    clock = r.table(data.get("clock", {}), ("clock",), {"jump_tolerance_seconds"})
    jump_tolerance = r.count(clock, ("clock",), "jump_tolerance_seconds", 120)

    shifts = _shifts(r, data.get("shifts"), rules)
    min_staff = {
        entry["code"].strip(): r.count(entry, ("shifts", index), "min_staff", 0)
        for index, entry in enumerate(data["shifts"])
        if "min_staff" in entry
    }
    roster = r.table(data.get("roster", {}), ("roster",), {"rest_days_per_week"})
    rest_days = r.count(roster, ("roster",), "rest_days_per_week", 1)
    if rest_days > 7:
        raise r.fail(("roster", "rest_days_per_week"), "rest_days_range")
    limits = r.table(
        data.get("limits", {}),
        ("limits",),
        {"import_max_rows", "dates_days_back", "dates_days_ahead", "plans_days_ahead"}
        | {"disk_min_free_mb"},
    )
    import_max_rows = r.count(limits, ("limits",), "import_max_rows", 20_000)
    if import_max_rows < 1:
        raise r.fail(("limits", "import_max_rows"), "at_least_one")
    dates_days_back = r.count(limits, ("limits",), "dates_days_back", 62)
    dates_days_ahead = r.count(limits, ("limits",), "dates_days_ahead", 1)
    plans_days_ahead = r.count(limits, ("limits",), "plans_days_ahead", 366)
    disk_min_free_mb = limits.get("disk_min_free_mb", 500)  # beyond count's 100,000: 1 PB
    if isinstance(disk_min_free_mb, bool) or not isinstance(disk_min_free_mb, int):
        raise r.fail(("limits", "disk_min_free_mb"), "not_a_count")
    if not 0 <= disk_min_free_mb <= 10**9:
        raise r.fail(("limits", "disk_min_free_mb"), "not_a_count")
    log = r.table(data.get("log", {}), ("log",), {"max_mb", "keep_files"})
    log_max_mb = r.count(log, ("log",), "max_mb", 5)
    log_keep_files = r.count(log, ("log",), "keep_files", 5)
    for key, value in (("max_mb", log_max_mb), ("keep_files", log_keep_files)):
        if value < 1:
            raise r.fail(("log", key), "at_least_one")
    checklist = _items(r, data.get("checklist"), "checklist")
    incidents = _items(r, data.get("incidents", []), "incidents", allow_empty=True)
    targets = _sync_targets(r, data.get("sync", {}))
    backup = r.table(data.get("backup", {}), ("backup",), {"keep"})
    backup_keep = r.count(backup, ("backup",), "keep", 0)
    return Config(
        kiosk_id=kiosk_id,
        timezone=tz,
        language=language,
        rules=rules,
        shifts={s.code: s for s in shifts},
        checklist=tuple(checklist),
        incidents={i.key: i for i in incidents},
        close_at=close_at,
        idle_seconds=idle_seconds,
        result_seconds=result_seconds,
        sync_targets=tuple(targets),
        path=path,
        lead_idle_seconds=lead_idle_seconds,
        show_month=show_month,
        rest_days_per_week=rest_days,
        min_staff=min_staff,
        department=department,
        jump_tolerance_seconds=jump_tolerance,
        import_max_rows=import_max_rows,
        dates_days_back=dates_days_back,
        dates_days_ahead=dates_days_ahead,
        plans_days_ahead=plans_days_ahead,
        disk_min_free_mb=disk_min_free_mb,
        backup_keep=backup_keep,
        log_max_mb=log_max_mb,
        log_keep_files=log_keep_files,
    )


def _offset(start: time, moment: time) -> int:
    """Minutes from `start` forward to `moment` on a 24-hour dial."""
    return ((moment.hour - start.hour) * 60 + moment.minute - start.minute) % 1440


def _shifts(r: _Reader, raw: Any, rules: Rules) -> list[ShiftTemplate]:
    if not isinstance(raw, list) or not raw:
        raise r.fail(("shifts",), "needs_tables", name="shifts")
    result: list[ShiftTemplate] = []
    for index, entry in enumerate(raw):
        path = ("shifts", index)
        r.table(entry, path, _SHIFT_KEYS)
        code = r.text(entry, path, "code")
        if not re.fullmatch(r"[A-Z]", code):
            raise r.fail((*path, "code"), "bad_shift_code", value=code)
        if code in {s.code for s in result}:
            raise r.fail((*path, "code"), "duplicate_shift", value=code)
        start, end = r.clock(entry, path, "start"), r.clock(entry, path, "end")
        if start == end:
            raise r.fail((*path, "end"), "zero_length_shift")
        brk_start = brk_end = None
        if ("break_start" in entry) != ("break_end" in entry):
            raise r.fail((*path, "break_end"), "break_half")
        if "break_start" in entry:
            brk_start = r.clock(entry, path, "break_start")
            brk_end = r.clock(entry, path, "break_end")
            # Compare as minutes after the shift start, so midnight-crossing shifts work.
            length, brk_from, brk_to = (_offset(start, t) for t in (end, brk_start, brk_end))
            if not 0 < brk_from < brk_to < length:
                raise r.fail((*path, "break_start"), "break_outside")
        result.append(
            ShiftTemplate(
                code=code,
                label_zh=r.text(entry, path, "zh"),
                label_en=r.text(entry, path, "en"),
                start=start,
                end=end,
                break_start=brk_start,
                break_end=brk_end,
                late_grace_minutes=r.count(
                    entry, path, "late_grace_minutes", rules.late_grace_minutes
                ),
                early_grace_minutes=r.count(
                    entry, path, "early_grace_minutes", rules.early_grace_minutes
                ),
                break_punches=r.flag(entry, path, "break_punches", False),
            )
        )
    return result


def _items(r: _Reader, raw: Any, name: str, allow_empty: bool = False) -> list[ChecklistItem]:
    if not isinstance(raw, list) or (not raw and not allow_empty):
        raise r.fail((name,), "needs_tables", name=name)
    items: list[ChecklistItem] = []
    for index, entry in enumerate(raw):
        path = (name, index)
        r.table(entry, path, _ITEM_KEYS)
        key = r.text(entry, path, "key")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", key):
            raise r.fail((*path, "key"), "bad_item_key", value=key)
        if key in {i.key for i in items}:
            raise r.fail((*path, "key"), "duplicate_item", value=key)
        items.append(
            ChecklistItem(
                key,
                r.text(entry, path, "zh"),
                r.text(entry, path, "en"),
                r.count(entry, path, "fine", 0),
            )
        )
    return items


def _sync_targets(r: _Reader, raw: Any) -> list[SyncTarget]:
    """Each [[sync.targets]] table, checked by its kind (kiosk/sync_kinds.py): mistakes stop
    the kiosk at start, with the key and line, rather than surfacing at 20:30 as a sync
    that never works."""
    sync = r.table(raw, ("sync",), {"targets"})
    targets = sync.get("targets", [])
    if not isinstance(targets, list):
        raise r.fail(("sync", "targets"), "targets_not_tables")
    every_key = {"kind"}.union(*(kind.keys for kind in SYNC_KINDS.values()))
    result = []
    for index, entry in enumerate(targets):
        path = ("sync", "targets", index)
        name = r.text(r.table(entry, path, every_key), path, "kind")
        kind = SYNC_KINDS.get(name)
        if kind is None:
            known = ", ".join(SYNC_KINDS)
            raise r.fail((*path, "kind"), "unknown_sync_kind", value=name, known=known)
        r.table(entry, path, {"kind"} | kind.keys)
        options = {k: v for k, v in entry.items() if k != "kind"}
        try:
            kind.check(options)
        except OptionProblem as bad:
            where = path if bad.key is None else (*path, bad.key)
            raise r.fail(where, bad.problem, **bad.details) from None
        result.append(SyncTarget(name, options))
    return result
