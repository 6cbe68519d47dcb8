"""Items open on a day (started by it, not finished by it), as index-friendly conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, or_


def not_finished_by(
    finished: ColumnElement[Any],
    as_of: dt.date,
    started_by: dt.date | None = None,
    longest: int | None = None,
) -> ColumnElement[Any]:
    """A finish date not reached by the day: missing, or later. With the latest start the
    query admits and the longest the stage ever took (suggestion_rollups.longest_stages), a
    later finish lies at most `longest` days after that start: the same rows, read from a
    short range of the finish date's index (a year of later items when judging a past day)."""
    later = finished > as_of
    if started_by is not None and longest is not None:
        later = and_(later, finished <= started_by + dt.timedelta(days=longest))
    return or_(finished.is_(None), later)
