"""Queries the weekly review needs beyond the area modules: laggards and departments behind."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, or_, select

from data_access.cache import cached_query
from data_access.frames import tuples_frame
from data_access.models import Department, PlaqueKind, Region, SignageStatus


@cached_query
def plaque_laggards(engine: Engine) -> pd.DataFrame:
    """County units whose remaining village plaque kinds exceed the retained catalogue."""
    with engine.connect() as conn:
        standard = conn.execute(
            select(func.count()).where(PlaqueKind.scope == "village", PlaqueKind.retained)
        ).scalar_one()
        rows = conn.execute(
            select(
                SignageStatus.adcode,
                Region.name,
                Region.city_adcode,
                SignageStatus.plaque_kinds_now,
                SignageStatus.mechanisms_now,
            )
            .join(Region, Region.adcode == SignageStatus.adcode)
            .where(SignageStatus.plaque_kinds_now > standard)
            .order_by(SignageStatus.plaque_kinds_now.desc(), SignageStatus.adcode)
        ).all()
    df = tuples_frame(rows, ["adcode", "name", "city_adcode", "kinds_now", "mechanisms_now"])
    df["standard"] = standard
    return df


@cached_query
def departments_not_formed(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Departments not yet formed on a day."""
    stmt = (
        select(Department.adcode, Region.name, Department.level)
        .join(Region, Region.adcode == Department.adcode)
        .where(or_(Department.established_on.is_(None), Department.established_on > as_of))
        .order_by(Department.adcode)
    )
    with engine.connect() as conn:
        return tuples_frame(conn.execute(stmt).all(), ["adcode", "name", "level"])
