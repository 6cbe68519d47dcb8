"""Queries of burden reduction: plaques removed, plaque kinds, county status, observation points."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, case, func, select
from sqlalchemy.orm import InstrumentedAttribute

from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.frames import result_frame
from data_access.models import ObservationPoint, PlaqueKind, PlaqueRemoval, Region, SignageStatus

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
        df = result_frame(conn.execute(stmt), ["scope", "before", "after"])
    return df.astype({"before": int, "after": int})


_S = SignageStatus.__table__
SIGNAGE_MEASURES = {
    "counties": func.count(),
    "villages": func.sum(_S.c.villages),
    "communities": func.sum(_S.c.communities),
    "plaque_kinds_before": func.sum(_S.c.plaque_kinds_before),
    "plaque_kinds_now": func.sum(_S.c.plaque_kinds_now),
    "mechanisms_before": func.sum(_S.c.mechanisms_before),
    "mechanisms_now": func.sum(_S.c.mechanisms_now),
}


@cached_query
def signage_totals(engine: Engine, place: Place, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Villages, communities and summed plaque kinds before/now of the county units, by keys."""
    return aggregate(engine, _S, dict(SIGNAGE_MEASURES), place=place, by=by)


SIGNAGE_COLUMNS = [
    "adcode",
    "name",
    "city_adcode",
    "as_of",
    "villages",
    "communities",
    "plaque_kinds_before",
    "plaque_kinds_now",
    "mechanisms_before",
    "mechanisms_now",
]


@cached_query
def signage_by_county(engine: Engine, place: Place) -> pd.DataFrame:
    """The clean-up status of each county unit of a place (one row per county unit)."""
    stmt = (
        select(
            Region.adcode, Region.name, Region.city_adcode, *[_S.c[c] for c in SIGNAGE_COLUMNS[3:]]
        )
        .join(Region, Region.adcode == _S.c.adcode)
        .order_by(Region.adcode)
    )
    stmt = _in_place(stmt, place, _S.c.adcode)
    with engine.connect() as conn:
        df = result_frame(conn.execute(stmt), SIGNAGE_COLUMNS)
    df["as_of"] = pd.to_datetime(df["as_of"]).dt.date
    return df


def _in_place(
    stmt: S, place: Place, adcode_col: ColumnElement[Any] | InstrumentedAttribute[Any]
) -> S:
    """Restrict a statement already joined to Region to the place's county units."""
    if place.level == "city":
        return stmt.where(Region.city_adcode == place.adcode)
    if place.level == "county":
        return stmt.where(adcode_col == place.adcode)
    return stmt


S = TypeVar("S", bound="Select[*tuple[Any, ...]]")  # a select keeps its row type
OBSERVATION_COLUMNS = [
    "source_id",
    "name",
    "adcode",
    "county_name",
    "city_adcode",
    "lon",
    "lat",
    "established_on",
    "kind",
    "plaques_before",
    "plaques_now",
    "mechanisms_before",
    "mechanisms_now",
    "note",
]


@cached_query
def observation_points(engine: Engine, place: Place) -> pd.DataFrame:
    """Burden-reduction observation points of a place with their county and record."""
    o = ObservationPoint
    stmt = (
        select(
            o.source_id,
            o.name,
            o.adcode,
            Region.name.label("county_name"),
            Region.city_adcode,
            o.lon,
            o.lat,
            o.established_on,
            o.kind,
            o.plaques_before,
            o.plaques_now,
            o.mechanisms_before,
            o.mechanisms_now,
            o.note,
        )
        .join(Region, Region.adcode == o.adcode)
        .order_by(o.adcode, o.source_id)
    )
    stmt = _in_place(stmt, place, o.adcode)
    with engine.connect() as conn:
        df = result_frame(conn.execute(stmt), OBSERVATION_COLUMNS)
    df["established_on"] = pd.to_datetime(df["established_on"]).dt.date
    return df


@cached_query
def plaque_catalogue(engine: Engine) -> pd.DataFrame:
    """Every kind of plaque, mechanism and internal sign, and whether it was kept."""
    stmt = select(PlaqueKind.code, PlaqueKind.scope, PlaqueKind.name_zh, PlaqueKind.retained)
    with engine.connect() as conn:
        return result_frame(
            conn.execute(stmt.order_by(PlaqueKind.code)),
            ["code", "scope", "name_zh", "retained"],
        )


@cached_query
def plaque_kinds_hung(
    engine: Engine, as_of: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Plaque kinds still hung on a day: the most any county unit hangs by its latest status
    dated on or before the day (column kinds), and how many county units had one (counties)."""
    return aggregate(
        engine,
        _S,
        {"kinds": func.max(_S.c.plaque_kinds_now), "counties": func.count()},
        place=place,
        by=by,
        where=[_S.c.as_of <= as_of],
    )
