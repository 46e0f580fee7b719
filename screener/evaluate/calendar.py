"""Calendar arithmetic for windows, ages and durations (see docs/semantics.md).

Days and weeks are exact (a week is 7 days).  Months and years are calendar
steps: 1 month before 31 March is 28/29 February (the day is clamped to the
month's end), the way a coordinator counts on a calendar.  Hours are rounded
up to whole days, since records carry dates.
"""

from __future__ import annotations

import datetime as dt
import math

from screener import ir


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    if month == 12:
        last = 31
    else:
        last = (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def shift(day: dt.date, value: float, unit: str, sign: int = -1) -> dt.date:
    """``day`` moved by ``value`` ``unit`` (backwards by default); fractional months/years go by days."""
    if unit in ("month", "year"):
        months = value * (12 if unit == "year" else 1)
        if float(months).is_integer():
            return add_months(day, sign * int(months))
        return day + dt.timedelta(days=sign * math.ceil(months * 30.4375))
    days = {"hour": value / 24.0, "day": value, "week": value * 7}[unit]
    return day + dt.timedelta(days=sign * math.ceil(days))


def duration_start(as_of: dt.date, d: ir.Duration) -> dt.date:
    """The first day of the period ``d`` that ends on ``as_of``."""
    return shift(as_of, d.value, d.unit)


def spans_at_least(first: dt.date, last: dt.date, d: ir.Duration, strict: bool = False) -> bool:
    """Whether [first, last] covers the duration ``d`` (calendar-wise); ``strict``: more than it."""
    start = shift(last, d.value, d.unit)
    return start > first if strict else start >= first


def age_years(birth: dt.date, on: dt.date) -> int:
    """Completed years of age on ``on`` (birthday counts on the day; 29 Feb birthdays on 1 Mar)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def age_in(birth: dt.date, on: dt.date, unit: str) -> float:
    """Completed ``unit`` of age (years, months, weeks, days)."""
    if unit == "year":
        return float(age_years(birth, on))
    if unit == "month":
        months = (on.year - birth.year) * 12 + on.month - birth.month
        if on.day < birth.day and add_months(birth, months) > on:
            months -= 1
        return float(months)
    days = (on - birth).days
    return {"week": days // 7, "day": days, "hour": days * 24}[unit] * 1.0
