"""Working days: weekends and the bank holidays of the case's UK nation are skipped.

Bank holidays come from the ``holidays`` package (kept current by its maintainers, and
it knows that Scotland and Northern Ireland differ from England and Wales).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from tac_desktop.core.models.case import Nation

_SUBDIVISION = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


@cache
def _bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    import holidays  # imported on first use: it is large and start-up does not need it

    return frozenset(holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year))


def is_working_day(day: date, nation: Nation) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def add_working_days(start: date, days: int, nation: Nation) -> date:
    """The date ``days`` working days after ``start`` (0: ``start`` itself if it is one,
    else the next working day)."""
    day = start
    if days == 0:
        while not is_working_day(day, nation):
            day += timedelta(days=1)
        return day
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            remaining -= 1
    return day
