"""Counts and lists in words, the same in the app and on the command line."""

from __future__ import annotations

from collections.abc import Sequence

from store.export import plural

__all__ = ["and_list", "busiest_years", "plural"]


def and_list(items: Sequence[str]) -> str:
    """ "2021", "2021 and 2022", "2018, 2021 and 2022"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def busiest_years(per_year: Sequence[tuple[int, int]]) -> str:
    """ "most in 2018: 13 papers", or with a tie "most in 2021 and 2022: 13 papers each"."""
    peak = max(count for _year, count in per_year)
    years = [str(year) for year, count in per_year if count == peak]
    return f"most in {and_list(years)}: {plural(peak, 'paper')}{' each' if len(years) > 1 else ''}"
