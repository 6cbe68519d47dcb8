"""Facts about the loaded data: its date range, demo flag, data-as-of date, place names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from data_access.cache import cached_reference
from data_access.frames import result_frame
from data_access.models import DatasetInfo, Population, Region, Suggestion, VolunteerService


def _first_and_last(column: InstrumentedAttribute[Any]) -> Select[Any]:
    """MIN and MAX of an indexed column as two subqueries: each is then one index lookup
    (SQLite reads the whole index when both stand in one SELECT)."""
    return select(
        select(func.min(column)).scalar_subquery(), select(func.max(column)).scalar_subquery()
    )


@cached_reference
def dataset_facts(engine: Engine) -> dict[str, object]:
    """Demo flag, reference year, data-as-of date and the first and last dates with data."""
    with engine.connect() as conn:
        info = dict(conn.execute(select(DatasetInfo.key, DatasetInfo.value)).all())
        first_v, last_v = conn.execute(_first_and_last(VolunteerService.service_date)).one()
        first_s, last_s = conn.execute(_first_and_last(Suggestion.received_on)).one()
    firsts = [pd.Timestamp(d).date() for d in (first_v, first_s) if d is not None]
    lasts = [pd.Timestamp(d).date() for d in (last_v, last_s) if d is not None]
    last = min(max(lasts), dt.date.today()) if lasts else None  # never a day in the future
    as_of = info.get("data_as_of")
    return {
        "demo": info.get("demo") == "1",
        "demo_borrowed_figures": info.get("demo") == "1"
        and info.get("demo_province", "440000") != "440000",
        "reference_year": int(info["reference_year"]) if "reference_year" in info else None,
        "data_as_of": dt.date.fromisoformat(as_of) if as_of else last,
        "first_day": min(firsts) if firsts else None,
        "last_day": last,
    }


@cached_reference
def regions(engine: Engine) -> pd.DataFrame:
    """Every place with its name, level, city and population (10,000s): the latest year of
    the imported dataset 常住人口 up to this year, else the shipped census figure."""
    this_year = dt.date.today().year
    latest = (
        select(Population.adcode, func.max(Population.year).label("year"))
        .where(Population.year <= this_year)
        .group_by(Population.adcode)
        .subquery()
    )
    imported = select(Population.adcode, Population.residents_10k).join(
        latest, (latest.c.adcode == Population.adcode) & (latest.c.year == Population.year)
    )
    with engine.connect() as conn:
        places = result_frame(
            conn.execute(select(*Region.__table__.columns).order_by(Region.adcode))
        )
        figures = dict(conn.execute(imported).all())
    if figures and len(places):
        newer = places["adcode"].map(figures)
        places["population_10k"] = newer.where(newer.notna(), places["population_10k"])
    return places
