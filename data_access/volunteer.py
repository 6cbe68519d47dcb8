"""Queries of volunteer service: hours and volunteers by period, place and field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, func

from data_access.aggregate import Place, Rollup, Totals
from data_access.cache import cached_query
from data_access.models import VolunteerService, VolunteerServiceMonth, VolunteerServiceWeek

_T = VolunteerService.__table__
MEASURES: dict[str, ColumnElement[Any]] = {
    "hours": func.sum(_T.c.hours),
    "volunteers": func.sum(_T.c.volunteers),
}
ROLLUPS = tuple(
    Rollup(t, {"hours": func.sum(t.c.hours), "volunteers": func.sum(t.c.volunteers)}, grain)
    for t, grain in (
        (VolunteerServiceMonth.__table__, "month"),
        (VolunteerServiceWeek.__table__, "week"),
    )
)
TOTALS = Totals(_T, MEASURES, "service_date", ROLLUPS)


@cached_query
def volunteer_service(
    engine: Engine, start: dt.date, end: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Volunteer hours and volunteers (person-times) between two dates, grouped by keys."""
    return TOTALS.between(engine, start, end, place, by)
