"""Service levels of application steps, in working days of the city's offices.

A step's level is counted in whole working days (Monday to Friday) from when the step began: an
application sent on Friday evening with a level of one day is due at the end of Monday.
Public holidays are not counted out yet (LAKSA's working calendar lives in its own module).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

END_OF_DAY = time(23, 59, 59)


def due_after(start: datetime, *, days: int) -> datetime:
    """The end of the `days`-th working day after `start` (local time), as an aware datetime."""
    local = timezone.localtime(start)
    day = local.date()
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.isoweekday() <= 5:
            left -= 1
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))
