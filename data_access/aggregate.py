"""One aggregate query builder shared by every area: measures by period, place and category."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    Engine,
    Integer,
    String,
    Table,
    cast,
    func,
    literal,
    select,
)

from data_access.models import Region

GRANULARITIES = ("day", "week", "month", "quarter", "year")
PLACE_KEYS = ("city", "county")


@dataclass(frozen=True)
class Place:
    """A place filter: the province, one city or one county unit."""

    adcode: str
    level: str  # province | city | county

    @property
    def is_province(self) -> bool:
        """True when the filter covers the whole province."""
        return self.level == "province"


def bucket(col: ColumnElement, granularity: str, dialect: str) -> ColumnElement:
    """The first day of the period a date falls in, as an ISO date string or date."""
    if granularity == "day":
        return col
    if dialect == "postgresql":
        return cast(func.date_trunc(granularity, col), Date)
    if granularity == "week":
        weekday = (cast(func.strftime("%w", col), Integer()) + 6) % 7
        return func.date(col, literal("-") + cast(weekday, String()) + literal(" days"))
    if granularity == "month":
        return func.strftime("%Y-%m-01", col)
    if granularity == "year":
        return func.strftime("%Y-01-01", col)
    month = cast(func.strftime("%m", col), Integer())
    first = (month - 1) // 3 * 3 + 1
    return func.printf("%s-%02d-01", func.strftime("%Y", col), first)


def _column(table: Table, name: str) -> Column:
    """A column of the table by name."""
    return table.c[name]


def aggregate(
    engine: Engine,
    table: Table,
    measures: dict[str, ColumnElement],
    *,
    date_col: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    place: Place | None = None,
    by: Sequence[str] = (),
    where: Sequence[ColumnElement] = (),
) -> pd.DataFrame:
    """Sum-style measures of a fact table, filtered by dates and place, grouped by keys.

    Keys in `by`: a granularity (the period start, column `period`), `city` or `county`
    (column `adcode`), or any column of the table.
    """
    region = Region.__table__
    dialect = engine.dialect.name
    keys: list[ColumnElement] = []
    needs_region = place is not None and place.level == "city"
    for key in by:
        if key in GRANULARITIES:
            assert date_col is not None, "a period key needs a date column"
            keys.append(bucket(_column(table, date_col), key, dialect).label("period"))
        elif key == "city":
            keys.append(region.c.city_adcode.label("adcode"))
            needs_region = True
        elif key == "county":
            keys.append(_column(table, "adcode").label("adcode"))
        else:
            keys.append(_column(table, key).label(key))
    stmt = select(*keys, *[expr.label(name) for name, expr in measures.items()])
    if needs_region:
        stmt = stmt.select_from(table.join(region, region.c.adcode == table.c.adcode))
    else:
        stmt = stmt.select_from(table)
    if date_col is not None and start is not None:
        stmt = stmt.where(_column(table, date_col) >= start)
    if date_col is not None and end is not None:
        stmt = stmt.where(_column(table, date_col) <= end)
    if place is not None and place.level == "city":
        stmt = stmt.where(region.c.city_adcode == place.adcode)
    elif place is not None and place.level == "county":
        stmt = stmt.where(table.c.adcode == place.adcode)
    for clause in where:
        stmt = stmt.where(clause)
    if keys:
        stmt = stmt.group_by(*keys).order_by(*keys)
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(stmt).mappings().all())
    if df.empty:
        df = pd.DataFrame(columns=[k.name for k in keys] + list(measures))
    if "period" in df.columns:
        df["period"] = pd.to_datetime(df["period"]).dt.date
    for name in measures:
        df[name] = pd.to_numeric(df[name]).fillna(0)
    return df
