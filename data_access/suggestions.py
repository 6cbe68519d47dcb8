"""Queries of citizens' suggestions: received, accepted, concluded and adopted."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func

from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.models import Suggestion

_T = Suggestion.__table__
MEASURES = {
    "received": func.count(),
    "accepted": func.count(_T.c.accepted_on),
    "concluded": func.count(_T.c.concluded_on),
    "adopted": func.sum(case((_T.c.adopted, 1), else_=0)),
}


@cached_query
def suggestion_counts(
    engine: Engine, start: dt.date, end: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Suggestions received between two dates and how many were accepted, concluded, adopted."""
    return aggregate(
        engine, _T, MEASURES, date_col="received_on", start=start, end=end, place=place, by=by
    )
