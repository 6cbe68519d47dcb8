"""Queries of burden reduction: plaques removed and the catalogue of plaque kinds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, select

from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.models import PlaqueKind, PlaqueRemoval

_T = PlaqueRemoval.__table__


@cached_query
def plaques_removed(
    engine: Engine, start: dt.date, end: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Plaques removed between two dates, grouped by keys."""
    return aggregate(
        engine,
        _T,
        {"plaques_removed": func.sum(_T.c.plaques_removed)},
        date_col="removed_on",
        start=start,
        end=end,
        place=place,
        by=by,
    )


@cached_query
def plaque_kind_counts(engine: Engine) -> pd.DataFrame:
    """Kinds of plaques and mechanisms per scope: before (all listed) and after (retained)."""
    stmt = select(
        PlaqueKind.scope,
        func.count().label("before"),
        func.sum(case((PlaqueKind.retained, 1), else_=0)).label("after"),
    ).group_by(PlaqueKind.scope)
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["scope", "before", "after"])
    return df.astype({"before": int, "after": int})
