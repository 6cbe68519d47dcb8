"""Items open on a day (started by it, not finished by it), as index-friendly conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

MOST_DAYS_LISTED = 1000  # a longer window is read as a range


def not_finished_by(
    finished: ColumnElement[Any],
    as_of: dt.date,
    started_by: dt.date | None = None,
    longest: int | None = None,
) -> ColumnElement[Any]:
    """A finish date not reached by the day: missing, or later. With the latest start the
    query admits and the longest the stage ever took (suggestion_rollups.longest_stages), a
    later finish lies at most `longest` days after that start: the same rows, read from a
    short range of the finish date's index (a year of later items when judging a past day).
    The later finish days are listed one by one, so an index of (finish, start) seeks each
    day's items started by then instead of reading every item finished in the window."""
    later = finished > as_of
    if started_by is not None and longest is not None:
        last = started_by + dt.timedelta(days=longest)
        days = (last - as_of).days
        if days <= MOST_DAYS_LISTED:
            listed = [as_of + dt.timedelta(days=n) for n in range(1, days + 1)]
            return or_(finished.is_(None), finished.in_(listed))
        later = and_(later, finished <= last)
    return or_(finished.is_(None), later)
