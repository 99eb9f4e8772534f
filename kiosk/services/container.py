"""The set of services one data directory offers; kiosk.cli builds it, screens receive it.

Each service is built the first time it is asked for, from the factory kiosk.cli gave for
it: `kiosk punch` needs the staff, roster and punch services, not the exports, the month
sign-off or the badge maker, and building (and importing) all of them cost a CLI command
about 150 ms. Once built, a service is an ordinary attribute.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only names here: `import kiosk.cli` must not load every service
    from kiosk.clock import Clock
    from kiosk.config import Config
    from kiosk.services.appearance import AppearanceService
    from kiosk.services.audit import AuditTrail
    from kiosk.services.backup import BackupService
    from kiosk.services.badges import BadgeService
    from kiosk.services.board import BoardService
    from kiosk.services.clock_watch import ClockWatch
    from kiosk.services.dates import DateRange
    from kiosk.services.day_close import DayCloseService
    from kiosk.services.end_of_day import EndOfDayService
    from kiosk.services.exports import ExportService
    from kiosk.services.lead import LeadService
    from kiosk.services.leave import LeaveService
    from kiosk.services.month_plan import MonthPlanService
    from kiosk.services.month_signoff import MonthSignoffService
    from kiosk.services.month_so_far import MonthSoFarService
    from kiosk.services.punch import PunchService
    from kiosk.services.roster import RosterService
    from kiosk.services.scan import ScanService
    from kiosk.services.scheduler import EndOfDayScheduler
    from kiosk.services.staff import StaffService
    from kiosk.services.sync import SyncService
    from kiosk.services.verify import VerifyService
    from kiosk.store.site import Store


Factory = Callable[["Services"], Any]


class Services:
    """Everything a command or screen needs, each built once, when first used.

    The names below are the services; `factories` (kiosk.cli) holds how to build each, and
    `ready` what is already built (config, clock, store). A factory may ask for other
    services. Screens use services from worker threads too, so building is done under a
    lock: two threads asking at once get the same service."""

    config: Config
    clock: Clock
    store: Store
    staff: StaffService
    leave: LeaveService
    roster: RosterService
    punch: PunchService
    appearance: AppearanceService
    scan: ScanService
    board: BoardService
    day_close: DayCloseService
    sync: SyncService
    end_of_day: EndOfDayService
    scheduler: EndOfDayScheduler
    lead: LeadService
    exports: ExportService
    verify: VerifyService
    audit: AuditTrail
    badges: BadgeService
    backup: BackupService  # `kiosk backup`, and the daily one after the automatic close
    month_so_far: MonthSoFarService
    months: MonthSignoffService
    month_plan: MonthPlanService
    clock_watch: ClockWatch
    dates: DateRange  # the window every given date is checked against

    def __init__(self, factories: Mapping[str, Factory], **ready: Any) -> None:
        self.__dict__.update(ready)
        self._factories = dict(factories)
        self._building = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        """Only called for a name not built yet: build it, keep it."""
        factories = self.__dict__.get("_factories", {})
        if name not in factories:
            raise AttributeError(name)
        with self.__dict__["_building"]:
            if name not in self.__dict__:  # another thread may have built it meanwhile
                self.keep(name, factories[name](self))
            return self.__dict__[name]

    def keep(self, name: str, service: Any) -> None:
        """Keep `service` as `name` now, before its factory returns, so a service that
        links back to it (sync <-> month sign-off) finds this one instead of a second."""
        self.__dict__[name] = service

    def built(self) -> set[str]:
        """The services built so far (tests check that a command builds only its own)."""
        return {name for name in self._factories if name in self.__dict__}
