"""Suggestions handled in a period and open items past their time limits on a day."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_

from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.day_counts import days_between
from data_access.models import Suggestion

_T = Suggestion.__table__


@cached_query
def concluded_between(
    engine: Engine,
    start: dt.date,
    end: dt.date,
    place: Place,
    accept_limit: int,
    conclude_limit: int,
    by: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Suggestions concluded between two dates and how many met both time limits."""
    dialect = engine.dialect.name
    on_time = and_(
        days_between(_T.c.accepted_on, _T.c.received_on, dialect) <= accept_limit,
        days_between(_T.c.concluded_on, _T.c.accepted_on, dialect) <= conclude_limit,
    )
    return aggregate(
        engine,
        _T,
        {"concluded": func.count(), "on_time": func.sum(case((on_time, 1), else_=0))},
        date_col="concluded_on",
        start=start,
        end=end,
        place=place,
        by=by,
    )


@cached_query
def overdue_open(
    engine: Engine,
    as_of: dt.date,
    place: Place,
    accept_limit: int,
    conclude_limit: int,
    by: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Items still open on a day that are past a limit: not accepted, or not concluded, in time."""
    accept_by = as_of - dt.timedelta(days=accept_limit)
    conclude_by = as_of - dt.timedelta(days=conclude_limit)
    not_accepted = and_(
        _T.c.received_on < accept_by,
        or_(_T.c.accepted_on.is_(None), _T.c.accepted_on > as_of),
    )
    not_concluded = and_(
        _T.c.accepted_on < conclude_by,
        or_(_T.c.concluded_on.is_(None), _T.c.concluded_on > as_of),
    )
    return aggregate(
        engine,
        _T,
        {
            "overdue_acceptance": func.sum(case((not_accepted, 1), else_=0)),
            "overdue_conclusion": func.sum(case((not_concluded, 1), else_=0)),
        },
        place=place,
        by=by,
        where=[_T.c.received_on <= as_of, or_(not_accepted, not_concluded)],
    )
