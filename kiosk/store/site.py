"""The data directory as a whole: where each file lives, the site secret, the config text."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
import threading
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.chain import record_key
from kiosk.errors import StoreError, UsageError
from kiosk.store.atomic import FILE_MODE, FOLDER_MODE, write_atomic, write_error
from kiosk.store.audit import AuditStore
from kiosk.store.datafile import DataFile, make_folder
from kiosk.store.maintenance import remove_stale_temps, write_probe
from kiosk.store.months import MONTHS_FILE, MonthStore
from kiosk.store.people import PeopleStore
from kiosk.store.pins import PINS_FILE, PinStore

if TYPE_CHECKING:
    from kiosk.store.days import DayGuard, DayStore
    from kiosk.store.outbox import Outbox

CONFIG_FILE = "kiosk.toml"
CHAIN_FILE = "chain.json"  # the day records began to be signed
SETUP_FILE = "setup.json"  # the first day this folder kept records (services/first_day.py)
SECRET_FILE = "site.key"
PEOPLE_FILE = "people.json"
DAYS_DIR = "days"
AUDIT_DIR = "audit"


class Store:
    """Entry point to everything on disk under one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._record_key: bytes | None = None
        self.people = PeopleStore(data_dir / PEOPLE_FILE)
        self.pins = PinStore(data_dir / PINS_FILE, self.people)  # PIN failures, apart
        self._days: DayStore | None = None
        self._day_guard: DayGuard | None = None
        self._making_days = threading.Lock()
        self.audit = AuditStore(data_dir / AUDIT_DIR, self.record_key)
        self.months = MonthStore(data_dir / MONTHS_FILE, self.record_key)

    def guard_days(self, guard: DayGuard) -> None:
        """Ask `guard(first, last)` before any change to those days is written: a day file
        append (punches, corrections, checks, incidents, closes) and a roster or leave row
        (kiosk.store.people). The rule behind it (a signed-off month) is the services'."""
        self._day_guard = guard
        if self._days is not None:
            self._days.guard = guard
        self.people.guard = guard

    @property
    def days(self) -> DayStore:
        """The day files. Made on first use, with the day guard: the day file's modules
        (the events' rules with them) are a tenth of a command that reads no day, such as
        `kiosk staff list`. One DayStore per Store, whichever thread asks first."""
        days = self._days
        if days is None:
            with self._making_days:
                if self._days is None:
                    from kiosk.store.days import DayStore

                    made = DayStore(self.data_dir / DAYS_DIR, self.record_key)
                    made.guard = self._day_guard
                    self._days = made
                days = self._days
        return days

    @cached_property
    def outbox(self) -> Outbox:
        """The sync ledger (sync.json): what each sync target has acknowledged."""
        from kiosk.store.outbox import OUTBOX_FILE, Outbox  # the sync's, loaded by it

        return Outbox(self.data_dir / OUTBOX_FILE)

    @property
    def config_path(self) -> Path:
        return self.data_dir / CONFIG_FILE

    @property
    def log_path(self) -> Path:
        """Where the running kiosk logs unexpected failures (with tracebacks) for IT."""
        return self.data_dir / "kiosk.log"

    def open(self) -> list[Path]:
        """Check the folder is usable and clear stale temp files; returns what was removed."""
        if not self.data_dir.is_dir():
            raise UsageError("no_data_dir", path=str(self.data_dir))
        from kiosk.store.data_format import refuse_newer

        refuse_newer(self.data_dir)  # before anything of a newer kiosk's is read or cleared
        return remove_stale_temps(self.data_dir, ("", f"{DAYS_DIR}/*/", f"{AUDIT_DIR}/"))

    def refuse_inside(self, path: Path) -> Path:
        """`path` for a file the kiosk writes for people (an export, badges, a report, a
        plan sheet); UsageError `out_in_data_folder` when it is in the data folder, or
        would replace one of its files, symlinks resolved: the folder is the kiosk's own,
        and an export onto people.json would lose every person, PIN and leave."""
        try:
            target = path.expanduser().resolve()
            folder = self.data_dir.resolve()
        except (OSError, RuntimeError):  # a symlink loop
            raise UsageError("out_unusable", path=str(path)) from None
        if target == folder or folder in target.parents:
            raise UsageError("out_in_data_folder", path=str(path), folder=str(folder))
        return target

    def create_log(self) -> None:
        """Create kiosk.log private (0600) if it is not there: logging would create it
        readable by everyone, and tracebacks name people and files."""
        try:
            os.close(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE))
            os.chmod(self.log_path, FILE_MODE)
        except OSError as exc:
            raise write_error(exc, self.log_path) from exc

    def tighten(self) -> int:
        """Make the data folder private again (folders 0700, files 0600), as an older kiosk
        or a copy may have left it readable by everyone; returns how many modes changed.
        What this user may not change is left, and said by `kiosk verify`."""
        changed = 0
        for path in [self.data_dir, *self.data_dir.rglob("*")]:
            try:
                if path.is_symlink():
                    continue
                wanted = FOLDER_MODE if path.is_dir() else FILE_MODE
                if stat.S_IMODE(path.stat().st_mode) != wanted:
                    os.chmod(path, wanted)
                    changed += 1
            except OSError:
                continue
        return changed

    def check_writable(self) -> None:
        """StoreError (`not_writable`, `disk_full`, ...) unless a file can be written and
        removed in the data folder now: a kiosk that cannot record must say so before the
        first person scans, not at the scan."""
        write_probe(self.data_dir)

    def create(self) -> None:
        try:
            make_folder(self.data_dir)
        except OSError as exc:
            raise write_error(exc, self.data_dir) from exc

    def read_config_text(self) -> str:
        try:
            return self.config_path.read_text("utf-8")
        except FileNotFoundError:
            raise UsageError("no_config", path=str(self.config_path)) from None
        except UnicodeDecodeError as exc:  # saved as GBK ("ANSI") by an old Notepad
            line = exc.object[: exc.start].count(b"\n") + 1
            raise UsageError("config_not_utf8", path=str(self.config_path), line=line) from exc
        except OSError as exc:
            raise UsageError(
                "config_unreadable", path=str(self.config_path), reason=str(exc)
            ) from exc

    def write_config_text(self, text: str) -> bool:
        """Write kiosk.toml unless one is there already; True if written."""
        with DataFile(self.config_path).locked():
            if self.config_path.exists():
                return False
            write_atomic(self.config_path, text.encode("utf-8"))
        return True

    def signed_since(self) -> date | None:
        """The first day this folder signed its records (chain.json), None before any."""
        try:
            data = json.loads((self.data_dir / CHAIN_FILE).read_text("utf-8"))
            return date.fromisoformat(str(data["signed_since"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError("corrupt_file", path=str(self.data_dir / CHAIN_FILE)) from exc

    def start_signing(self, today: date) -> None:
        """Note the day records began to be signed, once: days from then on must verify."""
        if self.signed_since() is None and (self.data_dir / SECRET_FILE).exists():
            body = json.dumps({"signed_since": today.isoformat()}).encode("utf-8")
            with contextlib.suppress(StoreError):  # read-only: nothing is signed there either
                write_atomic(self.data_dir / CHAIN_FILE, body)

    def first_day(self) -> date | None:
        """The first day this folder kept records (setup.json), None before it is noted."""
        path = self.data_dir / SETUP_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
            return date.fromisoformat(str(data["first_day"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError("corrupt_file", path=str(path)) from exc

    def note_first_day(self, day: date) -> bool:
        """Note the first day of records, once: True if written now. Like `start_signing`,
        only in a folder `kiosk init` gave a site key, and not at all in a read-only one."""
        path = self.data_dir / SETUP_FILE
        if self.first_day() is not None or not (self.data_dir / SECRET_FILE).exists():
            return False
        body = json.dumps({"first_day": day.isoformat()}).encode("utf-8")
        with contextlib.suppress(StoreError), DataFile(path).locked():
            if not path.exists():  # another process noted it meanwhile
                write_atomic(path, body)
                return True
        return False

    def record_key(self) -> bytes:
        """The key day events are signed with (domain.chain), read once per process."""
        if self._record_key is None:
            self._record_key = record_key(self.site_secret())
        return self._record_key

    def site_secret(self) -> bytes:
        """The per-site badge signing secret; UsageError if `kiosk init` never made one."""
        path = self.data_dir / SECRET_FILE
        try:
            secret = bytes.fromhex(path.read_text("ascii").strip())
        except FileNotFoundError:
            raise UsageError("no_site_secret", path=str(path)) from None
        except (OSError, ValueError) as exc:
            raise StoreError("corrupt_file", path=str(path), reason=str(exc)) from exc
        if len(secret) < 16:
            raise StoreError("corrupt_file", path=str(path))
        return secret

    def install_id(self) -> str:
        """A stable name for this data folder, derived from its site secret (which it never
        reveals): two kiosks given the same kiosk_id still differ here."""
        digest = hashlib.sha256(b"shift-kiosk install id\0" + self.site_secret())
        return digest.hexdigest()[:20]

    def ensure_site_secret(self) -> bool:
        """Create the site secret once (mode 0600); True if it was created now."""
        path = self.data_dir / SECRET_FILE
        with DataFile(path).locked():
            if path.exists():
                return False
            write_atomic(path, secrets.token_hex(32).encode("ascii"), mode=0o600)
        return True
