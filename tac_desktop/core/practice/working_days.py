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


def months_later(day: date, months: int) -> date:
    """The same day ``months`` months on (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    return day  # not reached


def on_a_working_day(day: date, nation: Nation) -> date:
    """``day`` if it is a working day, else the next one: where a suggested date lands."""
    return add_working_days(day, 0, nation)


def bank_holiday_note(start: date, end: date, nation: Nation) -> str | None:
    """A note when a year in the range has no bank-holiday list (far past or future):
    only weekends were skipped there, so the chair should check the date."""
    missing = [
        year
        for year in range(min(start, end).year, max(start, end).year + 1)
        if not _bank_holidays(nation, year)
    ]
    if not missing:
        return None
    years = ", ".join(str(year) for year in missing)
    return (
        f"There is no list of bank holidays for {years}, so only weekends were skipped. "
        "Check the date against the local calendar."
    )
