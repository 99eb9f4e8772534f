"""The set of services one data directory offers; kiosk.cli builds it, screens receive it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only names here: `import kiosk.cli` must not load every service
    from kiosk.clock import Clock
    from kiosk.config import Config
    from kiosk.services.appearance import AppearanceService
    from kiosk.services.audit import AuditTrail
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


@dataclass
class Services:
    """Everything a command or screen needs, built once by kiosk.cli."""

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
    month_so_far: MonthSoFarService
    months: MonthSignoffService
    month_plan: MonthPlanService
    clock_watch: ClockWatch
    dates: DateRange  # the window every given date is checked against
