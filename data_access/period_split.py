"""Split a date range into whole months or weeks, served by a rollup, and the days around them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DateRange = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class PeriodSplit:
    """Whole periods (first days of the first and last one) and the days around them."""

    periods: DateRange | None
    edges: tuple[DateRange, ...]


def _month_after(day: dt.date) -> dt.date:
    """The first day of the month after the one `day` falls in."""
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_end(month_start: dt.date) -> dt.date:
    """The last day of the month that starts on (or contains) `month_start`."""
    return _month_after(month_start) - dt.timedelta(days=1)


def split_by_month(start: dt.date, end: dt.date) -> PeriodSplit:
    """Cover [start, end] with whole months where possible and single days at the edges."""
    if end < start:
        return PeriodSplit(None, ())
    first = start if start.day == 1 else _month_after(start)
    after_end = end + dt.timedelta(days=1)
    stop = after_end.replace(day=1)  # first day of the month `end` is not the last day of
    if first >= stop:
        return PeriodSplit(None, ((start, end),))
    edges: list[DateRange] = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    last_month = (stop - dt.timedelta(days=1)).replace(day=1)
    if stop <= end:
        edges.append((stop, end))
    return PeriodSplit((first, last_month), tuple(edges))


def split_by_week(start: dt.date, end: dt.date) -> PeriodSplit:
    """Cover [start, end] with whole ISO weeks (Monday to Sunday) and single days around them."""
    if end < start:
        return PeriodSplit(None, ())
    first = start + dt.timedelta(days=(7 - start.weekday()) % 7)  # first Monday on or after
    stop = end + dt.timedelta(days=1) - dt.timedelta(days=(end.weekday() + 1) % 7)
    if first >= stop:
        return PeriodSplit(None, ((start, end),))
    edges: list[DateRange] = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    if stop <= end:
        edges.append((stop, end))
    return PeriodSplit((first, stop - dt.timedelta(days=7)), tuple(edges))


def split_by(grain: str, start: dt.date, end: dt.date) -> PeriodSplit:
    """Split by month or by week."""
    return split_by_month(start, end) if grain == "month" else split_by_week(start, end)
