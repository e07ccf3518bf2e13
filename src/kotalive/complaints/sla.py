"""Service levels counted in working time: the city's office hours, working weekdays, holidays.

A complaint sent on Friday evening is not late on Saturday: its clock runs only while the offices
work. Times are stored in UTC; office hours are local (settings.TIME_ZONE, Asia/Jakarta).
The calendar is pure and testable; `working_calendar()` loads it from ServiceSettings and Holiday,
as reference data (`core.refdata`): kept per process, loaded again after any change to either.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from kotalive.complaints.models import Holiday, ServiceSettings
from kotalive.core.refdata import refdata

logger = logging.getLogger(__name__)

DEFAULT_WEEKDAYS = frozenset({1, 2, 3, 4, 5})
DEFAULT_WARN_PERCENT = 80
# The working calendar and the service settings (see apps.py for what bumps it).
CALENDAR_REFDATA = "laksa-calendar"


def _require_aware(*values: datetime) -> None:
    for value in values:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: working time needs an aware datetime")


@dataclass(frozen=True)
class WorkingCalendar:
    """Office hours [start, end] on `weekdays` (ISO 1 = Monday) except `holidays`, in `tz`.

    Results are returned in UTC, as they are stored.
    """

    start: time
    end: time
    weekdays: frozenset[int]
    holidays: frozenset[date]
    tz: ZoneInfo
    warn_percent: int = field(default=DEFAULT_WARN_PERCENT)

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("the working day must start before it ends")
        if not self.weekdays or not self.weekdays <= frozenset(range(1, 8)):
            raise ValueError("working weekdays must be a non-empty set of ISO weekdays 1..7")

    @property
    def daily_seconds(self) -> float:
        """Length of a working day (local clock; Asia/Jakarta has no daylight saving)."""
        today = date(2000, 1, 3)
        return (datetime.combine(today, self.end) - datetime.combine(today, self.start)).seconds

    def is_working_day(self, day: date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def _hours_of(self, day: date) -> tuple[datetime, datetime]:
        """The working interval of a local day, in UTC (subtracting UTC values is DST-proof)."""
        opens = datetime.combine(day, self.start, tzinfo=self.tz).astimezone(UTC)
        closes = datetime.combine(day, self.end, tzinfo=self.tz).astimezone(UTC)
        return opens, closes

    def _working_days_from(self, day: date) -> Iterator[date]:
        # Bounded in practice: weekdays is non-empty and holidays are finite.
        while True:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def _local_date(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def add_hours(self, at: datetime, hours: float) -> datetime:
        """The moment `hours` working hours after `at`.

        Outside office hours the count starts at the next opening. A deadline that uses up a day
        exactly ends at that day's closing time (not at the next opening): both are the same
        moment in working time, and closing time is what an officer expects to read.
        `hours == 0` returns `at` itself.
        """
        _require_aware(at)
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = hours * 3600.0
        if remaining == 0:
            return at.astimezone(UTC)
        cursor = at.astimezone(UTC)
        for day in self._working_days_from(self._local_date(at)):
            opens, closes = self._hours_of(day)
            begin = max(cursor, opens)
            if begin >= closes:
                continue
            available = (closes - begin).total_seconds()
            if remaining <= available:
                return begin + timedelta(seconds=remaining)
            remaining -= available
        raise AssertionError("unreachable")  # pragma: no cover

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself when it falls within office hours (ends included), else the next opening."""
        _require_aware(at)
        cursor = at.astimezone(UTC)
        for day in self._working_days_from(self._local_date(at)):
            opens, closes = self._hours_of(day)
            if cursor <= closes:
                return max(cursor, opens)
        raise AssertionError("unreachable")  # pragma: no cover

    def add_days(self, at: datetime, days: int) -> datetime:
        """The same local clock time on the `days`-th following working day.

        When `at` is outside office hours (a weekend, a holiday, before opening, after closing)
        the count starts from the next opening: a report sent on Saturday with 2 working days is
        due on Wednesday at opening time (Monday 08:00 + 2 working days). A time within office
        hours, ends included, is kept: Monday 16:00 + 1 day is Tuesday 16:00. In working time
        this equals `add_hours(at, days * daily hours)`; the two can differ only by a closed
        period (closing time versus the next opening). `days == 0` returns that start.
        """
        _require_aware(at)
        if days < 0:
            raise ValueError("days must not be negative")
        anchor = self.next_opening(at)
        local = anchor.astimezone(self.tz)
        following = self._working_days_from(local.date() + timedelta(days=1))
        target = local.date()
        for _ in range(days):
            target = next(following)
        return datetime.combine(target, local.time(), tzinfo=self.tz).astimezone(UTC)

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        """Working seconds in [a, b]; 0 when b is not after a. Inverse of `add_hours`."""
        _require_aware(a, b)
        start, stop = a.astimezone(UTC), b.astimezone(UTC)
        if stop <= start:
            return 0.0
        total = 0.0
        last = self._local_date(stop)
        for day in self._working_days_from(self._local_date(start)):
            if day > last:
                break
            opens, closes = self._hours_of(day)
            overlap = (min(closes, stop) - max(opens, start)).total_seconds()
            if overlap > 0:
                total += overlap
        return total


def _weekdays(value: str) -> frozenset[int]:
    if not value or any(char not in "1234567" for char in value):
        logger.warning("invalid working weekdays %r in service settings; using Mon-Fri", value)
        return DEFAULT_WEEKDAYS
    return frozenset(int(char) for char in value)


def _load_settings() -> ServiceSettings:
    found = ServiceSettings.objects.order_by("pk").first()
    return found if found is not None else ServiceSettings()


def service_settings() -> ServiceSettings:
    """The one ServiceSettings row (defaults when there is none), from the process's reference
    data: shared by its threads, so read-only."""
    return refdata(CALENDAR_REFDATA, "settings", _load_settings)


def _load_calendar() -> WorkingCalendar:
    row = service_settings()
    return WorkingCalendar(
        start=row.workday_start,
        end=row.workday_end,
        weekdays=_weekdays(row.working_weekdays),
        holidays=frozenset(Holiday.objects.values_list("date", flat=True)),
        tz=ZoneInfo(settings.TIME_ZONE),
        warn_percent=row.warn_percent,
    )


def working_calendar() -> WorkingCalendar:
    """The city's calendar from ServiceSettings and Holiday, loaded again after any change."""
    return refdata(CALENDAR_REFDATA, "calendar", _load_calendar)
