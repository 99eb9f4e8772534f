"""The one check of every date a person or a script gives (kiosk/domain/date_window.py),
for the CLI's `--date`, `--at` and `--month` and the lead's dialogs alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from kiosk.config import Config
from kiosk.domain.date_window import DateWindow, date_window, moment_agrees
from kiosk.errors import UsageError


class DateRange:
    def __init__(
        self, config: Config, today: Callable[[], date], first_day: Callable[[], date | None]
    ) -> None:
        self.config = config
        self.today = today
        self.first_day = first_day

    def window(self, plan: bool = False) -> DateWindow:
        """The dates a person may give; for a plan (leave, a roster change, a first or
        last day of work) ahead as far as `plans_days_ahead`."""
        config = self.config
        ahead = config.plans_days_ahead if plan else config.dates_days_ahead
        return date_window(self.today(), self.first_day(), config.dates_days_back, ahead)

    def day(self, day: date, given: str | None = None, plan: bool = False) -> date:
        """`day`, or UsageError `date_out_of_range` naming the window."""
        window = self.window(plan)
        if not window.holds(day):
            raise self._refused(given or day.isoformat(), window)
        return day

    def moment(self, moment: datetime, given: str | None = None) -> datetime:
        """`moment` (local), or UsageError `date_out_of_range`."""
        local = moment.astimezone(self.config.timezone)
        self.day(local.date(), given or local.strftime("%Y-%m-%d %H:%M"))
        return moment

    def month(self, first: date, last: date, given: str) -> None:
        """UsageError `date_out_of_range` unless some day of the month is in the window."""
        window = self.window()
        if not window.overlaps(first, last):
            raise self._refused(given, window)

    def agree(self, day: date, moment: datetime) -> None:
        """UsageError `date_disagrees_with_time` unless `moment` falls on `day` (or its
        next morning)."""
        local = moment.astimezone(self.config.timezone)
        if not moment_agrees(day, local.date()):
            raise UsageError(
                "date_disagrees_with_time",
                date=day.isoformat(),
                at=local.strftime("%Y-%m-%d %H:%M"),
            )

    @staticmethod
    def _refused(given: str, window: DateWindow) -> UsageError:
        return UsageError(
            "date_out_of_range",
            value=given,
            first=window.first.isoformat(),
            last=window.last.isoformat(),
        )
