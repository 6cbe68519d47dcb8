"""Suggestions handled in a period and open items past their time limits on a day."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd
from sqlalchemy import Engine, and_, case, func

from data_access.aggregate import Place, Rollup, aggregate, nulls_first
from data_access.cache import cached_query
from data_access.day_counts import days_between
from data_access.models import Suggestion, SuggestionAcceptedMonth, SuggestionConcludedMonth
from data_access.open_items import not_finished_by
from data_access.suggestion_rollups import longest_stages, stored_limits

_T = Suggestion.__table__
_C = SuggestionConcludedMonth.__table__
CONCLUDED_ROLLUP = Rollup(
    _C, {"concluded": func.sum(_C.c.concluded), "on_time": func.sum(_C.c.on_time)}
)
_A = SuggestionAcceptedMonth.__table__
ACCEPTED_ROLLUP = Rollup(
    _A, {"accepted": func.sum(_A.c.accepted), "on_time": func.sum(_A.c.on_time)}
)


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
    """Suggestions concluded between two dates and how many met both time limits (whole months
    from the rollup when it counts with the same limits)."""
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
        rollups=(CONCLUDED_ROLLUP,)
        if stored_limits(engine) == (accept_limit, conclude_limit)
        else (),
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
    """Items still open on a day that are past a limit: not accepted, or not concluded, in time.

    The two kinds never overlap (one has no acceptance by the day, the other was accepted long
    before it), so each is counted on its own, through the index of its missing date.
    """
    accept_by = as_of - dt.timedelta(days=accept_limit)
    conclude_by = as_of - dt.timedelta(days=conclude_limit)
    to_accept, to_conclude = longest_stages(engine)
    kinds = (
        (
            "overdue_acceptance",
            [
                _T.c.received_on < accept_by,
                not_finished_by(_T.c.accepted_on, as_of, min(accept_by, as_of), to_accept),
            ],
            "ix_suggestion_accepted",
        ),
        (
            "overdue_conclusion",
            [
                _T.c.accepted_on < conclude_by,
                not_finished_by(_T.c.concluded_on, as_of, min(conclude_by, as_of), to_conclude),
            ],
            "ix_suggestion_concluded",
        ),
    )
    frames = [
        aggregate(
            engine,
            _T,
            {name: func.count()},
            place=place,
            by=by,
            where=[_T.c.received_on <= as_of, *where],
            sqlite_index=index,
        )
        for name, where, index in kinds
    ]
    if not by:
        return pd.concat(frames, axis=1)
    keys = [c for c in frames[0].columns if c != "overdue_acceptance"]
    df = frames[0].merge(frames[1], on=keys, how="outer")
    df = df.fillna({"overdue_acceptance": 0, "overdue_conclusion": 0})
    df = df[(df["overdue_acceptance"] > 0) | (df["overdue_conclusion"] > 0)]
    order: Literal["first", "last"] = "first" if nulls_first(engine) else "last"
    return df.sort_values(keys, na_position=order).reset_index(drop=True)


@cached_query
def accepted_between(
    engine: Engine,
    start: dt.date,
    end: dt.date,
    place: Place,
    accept_limit: int,
    by: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Suggestions accepted between two dates and how many within the acceptance limit of
    their receipt (whole months from the rollup when it counts with the same limit, the days
    around them through the covering index on the acceptance date)."""
    days = days_between(_T.c.accepted_on, _T.c.received_on, engine.dialect.name)
    stored = stored_limits(engine)[0] == accept_limit
    return aggregate(
        engine,
        _T,
        {"accepted": func.count(), "on_time": func.sum(case((days <= accept_limit, 1), else_=0))},
        date_col="accepted_on",
        start=start,
        end=end,
        place=place,
        by=by,
        rollups=(ACCEPTED_ROLLUP,) if stored else (),
        sqlite_index=None if stored else "ix_suggestion_accepted",
    )
