"""Dates as pages print them: "Sep 28, 2022", "May 6, 2022", "Jan 30" and "2024-04-02".

A date without a year is the most recent such day not after the import date, which
is how listing sites print this year's papers.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_PATTERN = "(?:" + "|".join(MONTHS) + ")"
_LEAP_GAP = 8
_MONTH_DAY_YEAR = re.compile(rf"^({MONTH_PATTERN})\s+(\d{{1,2}})(?:,\s*(\d{{4}}))?$")


class DateError(ValueError):
    """A date-shaped string that names no real day (e.g. "Feb 30, 2021")."""


def parse_month_day(text: str, today: dt.date) -> dt.date:
    """Parse "Sep 28, 2022" or year-less "Jan 30" (resolved against *today*)."""
    match = _MONTH_DAY_YEAR.match(text.strip())
    if not match:
        raise DateError(f"not a date: {text!r}")
    month = MONTHS.index(match.group(1)) + 1
    day = int(match.group(2))
    if match.group(3):
        return _make(int(match.group(3)), month, day, text)
    _make(2000, month, day, text)  # a leap year: rejects only days that never exist
    # Feb 29 comes round at least every 8 years (1896 -> 1904); any other day within 2.
    for year in range(today.year, max(dt.MINYEAR, today.year - _LEAP_GAP) - 1, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29 outside a leap year
            continue
        if candidate <= today:
            return candidate
    raise DateError(f"no such day on or before {today.isoformat()}: {text!r}")


def parse_iso(text: str) -> dt.date:
    """Parse "2024-04-02"."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise DateError(f"not a date: {text!r}") from exc


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"no such day: {text!r}") from exc
