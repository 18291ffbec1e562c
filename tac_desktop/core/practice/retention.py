"""How long a closed case is kept: the service's retention rules as a pure function.

A closed case is kept until the later of two dates: a number of years after it closed,
and the birthday at a given age of the youngest child in it (defaults: six years, and
the 25th birthday). A child is anyone under 18 on the day the case closed (or marked as
a child when no age is known). A child known only by an estimated age is taken to have
been born on the closing day that many years before; a child with neither a date of
birth nor an age keeps the case until ``until_age`` years after closure, the longest
either rule could ask. An open case has no retention date: it is never destroyed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ADULT_AGE = 18


@dataclass(frozen=True)
class RetentionRules:
    years_after_closure: int = 6
    until_age: int = 25  # the youngest child's birthday at this age; 0 leaves it out

    def __post_init__(self) -> None:
        if not 0 <= self.years_after_closure <= 150 or not 0 <= self.until_age <= 150:
            raise ValueError("retention years must be between 0 and 150")


@dataclass(frozen=True)
class ChildDates:
    """What is known of one person's age, as the case records it."""

    date_of_birth: date | None = None
    estimated_age: int | None = None
    declared_child: bool = False


@dataclass(frozen=True)
class Retention:
    keep_until: date
    reason: str  # which rule set the date, in words


def add_years(day: date, years: int) -> date:
    """``day`` moved on ``years`` years; 29 February becomes 28 February when needed."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _birth(person: ChildDates, closed_on: date) -> date | None:
    """The birth date to count from, or None when the person was an adult at closure."""
    if person.date_of_birth is not None:
        born = person.date_of_birth
        return born if add_years(born, ADULT_AGE) > closed_on else None
    if person.estimated_age is not None:
        return (
            add_years(closed_on, -person.estimated_age)
            if person.estimated_age < ADULT_AGE
            else None
        )
    return closed_on if person.declared_child else None


def retention_of(
    closed_on: date | None, people: Iterable[ChildDates], rules: RetentionRules
) -> Retention | None:
    """When a case closed on ``closed_on`` may be destroyed, and why; None while open."""
    if closed_on is None:
        return None
    keep = Retention(
        add_years(closed_on, rules.years_after_closure),
        f"{rules.years_after_closure} years after the case closed",
    )
    if rules.until_age <= 0:
        return keep
    births = [born for person in people if (born := _birth(person, closed_on)) is not None]
    if not births:
        return keep
    youngest = add_years(max(births), rules.until_age)
    if youngest > keep.keep_until:
        return Retention(youngest, f"the youngest child's {_ordinal(rules.until_age)} birthday")
    return keep


def is_due(retention: Retention | None, today: date) -> bool:
    """Whether a case is past its retention date (due for review and destruction)."""
    return retention is not None and retention.keep_until <= today


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
