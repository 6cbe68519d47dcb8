"""Queries of the organisational buildout: departments, milestones, community workforce."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, select

from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.frames import result_frame
from data_access.models import CommunityWorkforce, Department, Milestone, Region


@cached_query
def departments_formed(engine: Engine, as_of: dt.date, place: Place) -> pd.DataFrame:
    """Departments per level: how many exist in all and how many were formed by `as_of`."""
    formed = func.sum(case((Department.established_on <= as_of, 1), else_=0))
    return aggregate(
        engine,
        Department.__table__,
        {"formed": formed, "total": func.count()},
        place=place,
        by=["level"],
    )


@cached_query
def formation_dates(engine: Engine) -> dict[str, dt.date | None]:
    """When the province department was founded and when the last department was formed."""
    with engine.connect() as conn:
        founded = conn.execute(
            select(Department.established_on).where(Department.level == "province")
        ).scalar()
        missing, last = conn.execute(
            select(
                func.sum(case((Department.established_on.is_(None), 1), else_=0)),
                func.max(Department.established_on),
            )
        ).one()
    return {"founded": founded, "complete": last if not missing else None}


@cached_query
def community_workers(
    engine: Engine, year: int, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Community workers and urban residents in a year, optionally by city."""
    table = CommunityWorkforce.__table__
    return aggregate(
        engine,
        table,
        {
            "community_workers": func.sum(table.c.community_workers),
            "urban_residents": func.sum(table.c.urban_residents),
        },
        place=place,
        by=by,
        where=[table.c.year == year],
    )


@cached_query
def milestones(engine: Engine, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Milestones that happened between two dates, oldest first."""
    stmt = (
        select(Milestone.happened_on, Milestone.precision, Milestone.title_zh, Milestone.title_en)
        .where(Milestone.happened_on.between(start, end))
        .order_by(Milestone.happened_on, Milestone.id)
    )
    with engine.connect() as conn:
        return result_frame(conn.execute(stmt))


DEPARTMENT_COLUMNS = [
    "adcode",
    "name",
    "level",
    "city_adcode",
    "established_on",
    "posts_authorised",
    "posts_filled",
    "observers",
]


@cached_query
def departments_by_place(
    engine: Engine, as_of: dt.date, place: Place | None = None
) -> pd.DataFrame:
    """Every department (of a place) with its place, level and formation status on a date."""
    stmt = (
        select(
            Department.adcode,
            Region.name,
            Department.level,
            Region.city_adcode,
            Department.established_on,
            Department.posts_authorised,
            Department.posts_filled,
            Department.observers,
        )
        .join(Region, Region.adcode == Department.adcode)
        .order_by(Department.adcode)
    )
    if place is not None and place.level == "city":
        stmt = stmt.where(Region.city_adcode == place.adcode)
    elif place is not None and place.level == "county":
        stmt = stmt.where(Department.adcode == place.adcode)
    with engine.connect() as conn:
        df = result_frame(conn.execute(stmt), DEPARTMENT_COLUMNS)
    df["established_on"] = pd.to_datetime(df["established_on"]).dt.date
    df["formed"] = df["established_on"].notna() & (df["established_on"] <= as_of)
    return df


@cached_query
def formations_by_day(engine: Engine, place: Place) -> pd.DataFrame:
    """Departments of a place formed on each day, per level (no date: not yet formed)."""
    df = aggregate(
        engine,
        Department.__table__,
        {"departments": func.count()},
        place=place,
        by=["level", "established_on"],
    )
    df["established_on"] = pd.to_datetime(df["established_on"]).dt.date
    return df.astype({"departments": "int64"})


@cached_query
def staffing(engine: Engine, place: Place, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Posts authorised and filled, social-work observers and departments, grouped by keys."""
    table = Department.__table__
    return aggregate(
        engine,
        table,
        {
            "departments": func.count(),
            "posts_authorised": func.sum(table.c.posts_authorised),
            "posts_filled": func.sum(table.c.posts_filled),
            "observers": func.sum(table.c.observers),
        },
        place=place,
        by=by,
    )


@cached_query
def departments_formed_by(
    engine: Engine, as_of: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """City and county departments formed by a day (column formed) of all listed
    (departments), by place keys; the province's own department is not counted (as on the
    overview's card: 21 + 122)."""
    table = Department.__table__
    return aggregate(
        engine,
        table,
        {
            "formed": func.sum(case((table.c.established_on <= as_of, 1), else_=0)),
            "departments": func.count(),
        },
        place=place,
        by=by,
        where=[table.c.level != "province"],
    )
