"""Working days (工作日) as the State Council's holiday notice sets them, for 公示 periods.

``chinesecalendar`` carries each year's public holidays and make-up working days (调休) once
they are announced, usually in November for the next year. A build in December must not fail
for a period that runs into a year not published yet: such days are counted by weekends
alone, and the end date is marked as estimated (约) so that the page and ``check`` say so.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import chinese_calendar


@functools.lru_cache(maxsize=4096)  # every 公示 period and deadline counts the same few hundred days
def is_workday(day: date) -> tuple[bool, bool]:
    """(working day, known from the holiday calendar); unknown years fall back to Monday–Friday."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def nth_workday(start: date, count: int) -> tuple[date, bool]:
    """The ``count``-th working day from ``start`` on (``start`` counts if it is one), and whether it is estimated.

    A 公示 of 7 working days that starts on a Monday with no holiday ends on the next
    Tuesday: the first day of the period is its first working day.
    """
    day, seen, estimated = start, 0, False
    while True:
        working, known = is_workday(day)
        estimated |= not known
        if working:
            seen += 1
            if seen == count:
                return day, estimated
        day += timedelta(days=1)
