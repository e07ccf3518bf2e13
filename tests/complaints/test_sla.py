"""Service levels run only in office hours: weekends, nights and holidays do not count."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from kotalive.complaints.models import Holiday, ServiceSettings
from kotalive.complaints.sla import (
    CALENDAR_REFDATA,
    WorkingCalendar,
    service_settings,
    working_calendar,
)
from kotalive.core import refdata as refdata_module
from kotalive.core.models import RefdataVersion
from kotalive.core.refdata import refdata_cache_key

WIB = ZoneInfo("Asia/Jakarta")
HOUR = 3600.0
# The week of Monday 23 November 2026 in Kota Tangerang.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, 23) + timedelta(days=n) for n in range(7))
NEXT_MON = date(2026, 11, 30)


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def calendar(
    *holidays: date, weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
) -> WorkingCalendar:
    return WorkingCalendar(
        start=time(8, 0),
        end=time(16, 0),
        weekdays=weekdays,
        holidays=frozenset(holidays),
        tz=WIB,
    )


CITY = calendar()


# add_hours


@pytest.mark.parametrize(
    ("at", "hours", "due"),
    [
        pytest.param(wib(MON, 10), 4, wib(MON, 14), id="within-the-day"),
        pytest.param(wib(MON, 6, 30), 4, wib(MON, 12), id="before-opening"),
        pytest.param(wib(MON, 17), 4, wib(TUE, 12), id="after-closing"),
        pytest.param(wib(MON, 16), 1, wib(TUE, 9), id="at-closing"),
        pytest.param(wib(FRI, 15), 4, wib(NEXT_MON, 11), id="friday-afternoon-over-weekend"),
        pytest.param(wib(FRI, 19), 2, wib(NEXT_MON, 10), id="friday-evening"),
        pytest.param(wib(SAT, 11), 1, wib(NEXT_MON, 9), id="saturday"),
        pytest.param(wib(MON, 10), 20, wib(WED, 14), id="several-days"),
        pytest.param(wib(MON, 10), 1.5, wib(MON, 11, 30), id="fractional"),
    ],
)
def test_add_hours_counts_only_office_hours(at: datetime, hours: float, due: datetime) -> None:
    assert CITY.add_hours(at, hours) == due


def test_deadline_using_up_the_day_ends_at_closing_time_not_next_morning() -> None:
    assert CITY.add_hours(wib(MON, 12), 4) == wib(MON, 16)
    assert CITY.add_hours(wib(MON, 8), 8) == wib(MON, 16)
    assert CITY.add_hours(wib(MON, 8), 16) == wib(TUE, 16)
    assert CITY.add_hours(wib(FRI, 12), 4) == wib(FRI, 16)


def test_holiday_is_skipped() -> None:
    with_holiday = calendar(NEXT_MON)

    assert with_holiday.add_hours(wib(FRI, 15), 4) == wib(NEXT_MON + timedelta(days=1), 11)
    assert not with_holiday.is_working_day(NEXT_MON)
    assert with_holiday.is_working_day(FRI)
    assert not with_holiday.is_working_day(SAT)


def test_several_holidays_in_a_row_like_cuti_bersama() -> None:
    # Wednesday to Friday off, then the weekend: 1 hour from Tuesday 15:30 ends Monday 08:30.
    lebaran = calendar(WED, THU, FRI)

    assert lebaran.add_hours(wib(TUE, 15, 30), 1) == wib(NEXT_MON, 8, 30)


def test_result_is_utc_and_input_zone_does_not_matter() -> None:
    at_utc = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 10:00 WIB

    due = CITY.add_hours(at_utc, 4)

    assert due.tzinfo is UTC
    assert due == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 14:00 WIB


def test_jakarta_has_no_daylight_saving_switch() -> None:
    # The last Sunday of March and of October move European clocks; WIB stays UTC+7 all year.
    for day in (date(2026, 3, 27), date(2026, 10, 23), date(2026, 7, 3)):  # Fridays
        due = CITY.add_hours(wib(day, 12), 8)
        assert due == wib(day + timedelta(days=3), 12)
        assert due.astimezone(WIB).utcoffset() == timedelta(hours=7)


def test_zone_with_daylight_saving_still_counts_real_hours() -> None:
    # Not Jakarta, but the arithmetic is done in UTC so a DST switch does not stretch a day.
    amsterdam = WorkingCalendar(
        start=time(8, 0),
        end=time(16, 0),
        weekdays=frozenset(range(1, 8)),
        holidays=frozenset(),
        tz=ZoneInfo("Europe/Amsterdam"),
    )
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))

    due = amsterdam.add_hours(saturday, 8)  # clocks go forward on Sunday 29 March

    assert due == datetime(2026, 3, 29, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert amsterdam.working_seconds_between(saturday, due) == 8 * HOUR


def test_zero_hours_returns_the_same_moment() -> None:
    assert CITY.add_hours(wib(SAT, 11), 0) == wib(SAT, 11)


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CITY.add_hours(wib(MON, 10), -1)


# working_seconds_between


def test_working_seconds_skip_nights_weekends_and_holidays() -> None:
    assert CITY.working_seconds_between(wib(MON, 10), wib(MON, 14)) == 4 * HOUR
    assert CITY.working_seconds_between(wib(MON, 6), wib(MON, 20)) == 8 * HOUR
    assert CITY.working_seconds_between(wib(FRI, 15), wib(NEXT_MON, 9)) == 2 * HOUR
    assert CITY.working_seconds_between(wib(SAT, 0), wib(SUN, 23)) == 0
    assert calendar(TUE).working_seconds_between(wib(MON, 0), wib(WED, 23)) == 16 * HOUR


def test_working_seconds_are_zero_when_the_end_is_not_after_the_start() -> None:
    assert CITY.working_seconds_between(wib(MON, 14), wib(MON, 10)) == 0
    assert CITY.working_seconds_between(wib(MON, 10), wib(MON, 10)) == 0


@pytest.mark.parametrize(
    "at",
    [
        wib(MON, 10),
        wib(MON, 6, 15),
        wib(MON, 16),
        wib(MON, 23, 59),
        wib(FRI, 15, 45),
        wib(SAT, 9),
        wib(SUN, 23),
        wib(THU, 8),
    ],
)
@pytest.mark.parametrize("hours", [0.25, 1, 4, 7.5, 8, 9, 24, 40, 123.75])
def test_working_seconds_between_is_the_inverse_of_add_hours(at: datetime, hours: float) -> None:
    holidays = calendar(WED, NEXT_MON + timedelta(days=2))

    due = holidays.add_hours(at, hours)

    assert holidays.working_seconds_between(at, due) == pytest.approx(hours * HOUR)
    # And nothing earlier would do: one second less of the deadline is less working time.
    assert holidays.working_seconds_between(at, due - timedelta(seconds=1)) < hours * HOUR


# add_days


@pytest.mark.parametrize(
    ("at", "days", "due"),
    [
        pytest.param(wib(MON, 10), 5, wib(NEXT_MON, 10), id="a-working-week"),
        pytest.param(wib(THU, 13, 30), 2, wib(NEXT_MON, 13, 30), id="over-the-weekend"),
        pytest.param(wib(SAT, 11), 2, wib(WED, 8) + timedelta(days=7), id="from-saturday"),
        pytest.param(wib(MON, 6), 1, wib(TUE, 8), id="before-opening"),
        pytest.param(wib(MON, 17), 1, wib(WED, 8), id="after-closing"),
        pytest.param(wib(MON, 16), 1, wib(TUE, 16), id="at-closing-keeps-the-time"),
        pytest.param(wib(MON, 8), 1, wib(TUE, 8), id="at-opening"),
        pytest.param(wib(MON, 10), 0, wib(MON, 10), id="zero-in-hours"),
        pytest.param(wib(SUN, 10), 0, wib(NEXT_MON, 8), id="zero-outside-hours"),
    ],
)
def test_add_days_keeps_the_clock_time_on_the_nth_working_day(
    at: datetime, days: int, due: datetime
) -> None:
    assert CITY.add_days(at, days) == due


def test_add_days_skips_holidays() -> None:
    assert calendar(TUE, WED).add_days(wib(MON, 10), 2) == wib(FRI, 10)


@pytest.mark.parametrize("at", [wib(MON, 10), wib(MON, 8), wib(FRI, 15, 59), wib(TUE, 16)])
@pytest.mark.parametrize("days", [1, 3, 5, 10])
def test_add_days_within_office_hours_is_days_of_working_time(at: datetime, days: int) -> None:
    holidays = calendar(THU)

    due = holidays.add_days(at, days)

    assert holidays.working_seconds_between(at, due) == days * holidays.daily_seconds


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CITY.add_days(wib(MON, 10), -1)


# Naive datetimes and bad calendars


def test_naive_datetimes_are_refused_everywhere() -> None:
    naive = datetime(2026, 11, 23, 10, 0)
    aware = wib(MON, 10)

    with pytest.raises(ValueError, match="naive"):
        CITY.add_hours(naive, 1)
    with pytest.raises(ValueError, match="naive"):
        CITY.add_days(naive, 1)
    with pytest.raises(ValueError, match="naive"):
        CITY.working_seconds_between(aware, naive)
    with pytest.raises(ValueError, match="naive"):
        CITY.working_seconds_between(naive, aware)


def test_calendar_without_working_days_or_hours_is_refused() -> None:
    with pytest.raises(ValueError, match="weekdays"):
        calendar(weekdays=frozenset())
    with pytest.raises(ValueError, match="weekdays"):
        calendar(weekdays=frozenset({0, 1}))
    with pytest.raises(ValueError, match="start before"):
        WorkingCalendar(
            start=time(16), end=time(8), weekdays=frozenset({1}), holidays=frozenset(), tz=WIB
        )


# working_calendar(): from the database, as reference data (core.refdata)


@pytest.mark.django_db
def test_working_calendar_defaults_without_service_settings() -> None:
    loaded = working_calendar()

    assert (loaded.start, loaded.end) == (time(8), time(16))
    assert loaded.weekdays == frozenset({1, 2, 3, 4, 5})
    assert loaded.warn_percent == 80
    assert loaded.tz == ZoneInfo("Asia/Jakarta")
    assert loaded.holidays == frozenset()


@pytest.mark.django_db
def test_working_calendar_reads_service_settings_and_holidays() -> None:
    ServiceSettings.objects.create(
        workday_start=time(7, 30),
        workday_end=time(15, 30),
        working_weekdays="123456",
        warn_percent=75,
    )
    Holiday.objects.create(date=NEXT_MON, name="Cuti bersama")

    loaded = working_calendar()

    assert (loaded.start, loaded.end) == (time(7, 30), time(15, 30))
    assert loaded.weekdays == frozenset({1, 2, 3, 4, 5, 6})
    assert loaded.warn_percent == 75
    assert loaded.holidays == frozenset({NEXT_MON})
    # Saturday works, Monday is off: half an hour on Friday, the rest from 07:30 on Saturday.
    assert loaded.add_hours(wib(FRI, 15), 2) == wib(SAT, 9)
    assert loaded.add_hours(wib(SAT, 15), 1) == wib(NEXT_MON + timedelta(days=1), 8)


@pytest.mark.django_db
def test_working_calendar_is_kept_and_a_holiday_change_is_seen_at_once(
    django_assert_num_queries,
) -> None:
    before = working_calendar()
    with django_assert_num_queries(0):
        assert working_calendar() is before  # kept in this process, not read again
    holiday = Holiday.objects.create(date=TUE, name="Hari libur")
    assert working_calendar().holidays == frozenset({TUE})
    holiday.delete()
    assert working_calendar().holidays == frozenset()


@pytest.mark.django_db
def test_changed_service_settings_are_seen_at_once() -> None:
    row = ServiceSettings.objects.create()
    assert service_settings().auto_close_days == 3
    assert working_calendar().end == time(16)
    row.auto_close_days = 5
    row.workday_end = time(15)
    row.save()
    assert service_settings().auto_close_days == 5
    assert working_calendar().end == time(15)


@pytest.mark.django_db
def test_a_change_made_by_another_process_is_seen_through_the_stored_version(monkeypatch) -> None:
    """The admin saves a holiday in another process: its rows and the stored version change,
    nothing in this one; this process loads the calendar again once it sees the new version."""
    clock = [1000.0]
    monkeypatch.setattr(refdata_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    assert working_calendar().holidays == frozenset()
    Holiday.objects.bulk_create([Holiday(date=WED, name="Cuti bersama")])  # sends no signals
    RefdataVersion.objects.filter(name=CALENDAR_REFDATA).update(version="from-elsewhere")
    cache.delete(refdata_cache_key(CALENDAR_REFDATA))  # as if its few seconds had passed
    assert working_calendar().holidays == frozenset()  # this process's memo, for up to a second
    clock[0] += refdata_module.VERSION_MEMO_SECONDS + 0.01
    assert working_calendar().holidays == frozenset({WED})


@pytest.mark.django_db
def test_invalid_weekdays_in_settings_fall_back_to_monday_to_friday() -> None:
    ServiceSettings.objects.create(working_weekdays="1-5")

    assert working_calendar().weekdays == frozenset({1, 2, 3, 4, 5})
