"""Portable whole-day differences between dates, for day-count distributions on any database.

SQLite has no date type and no percentile function; PostgreSQL subtracts dates natively. The
queries built on this module return small histograms (number of days, items) that both
databases compute identically; `metrics.timeliness` turns them into medians and percentiles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, cast, func, literal


def a_date(day: dt.date) -> ColumnElement[Any]:
    """A bound date parameter typed as a date, so both dialects compare and subtract it."""
    return literal(day, Date())


def days_between(
    later: ColumnElement[Any], earlier: ColumnElement[Any], dialect: str
) -> ColumnElement[Any]:
    """Whole days from `earlier` to `later` (later − earlier) as an integer expression."""
    if dialect == "postgresql":
        return cast(later - earlier, Integer())
    # julianday() of two ISO dates differs by an exact whole number; round() guards the cast.
    return cast(func.round(func.julianday(later) - func.julianday(earlier)), Integer())
