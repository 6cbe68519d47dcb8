"""One aggregate query builder shared by every area: measures by period, place and category."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

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

from data_access import sqlite_hints  # noqa: F401 - renders the SQLite index hints
from data_access.frames import result_frame
from data_access.models import Region
from data_access.period_split import split_by

GRANULARITIES = ("day", "week", "month", "quarter", "year")
PLACE_KEYS = ("city", "county")


@dataclass(frozen=True)
class Rollup:
    """A rollup of a fact table per month or ISO week (column month_start or week_start) with
    the same keys, and the same measures written over its columns."""

    table: Table
    measures: dict[str, ColumnElement[Any]]
    grain: str = "month"

    def serves(self, by: Sequence[str]) -> bool:
        """True when every key of `by` can be read from this rollup."""
        periods = {k for k in by if k in GRANULARITIES}
        allowed = {"month", "quarter", "year"} if self.grain == "month" else {"week"}
        columns = {k for k in by if k not in GRANULARITIES and k not in PLACE_KEYS}
        return periods <= allowed and columns <= set(self.table.c.keys())


@dataclass(frozen=True)
class Totals:
    """A fact table's measures by its date column, served from its rollups where they can."""

    table: Table
    measures: dict[str, ColumnElement[Any]]
    date_col: str
    rollups: Sequence[Rollup] = ()

    def between(
        self, engine: Engine, start: dt.date, end: dt.date, place: Place, by: Sequence[str] = ()
    ) -> pd.DataFrame:
        """The measures between two dates (inclusive) in a place, grouped by the keys `by`."""
        return aggregate(
            engine,
            self.table,
            self.measures,
            date_col=self.date_col,
            start=start,
            end=end,
            place=place,
            by=by,
            rollups=self.rollups,
        )


@dataclass(frozen=True)
class Place:
    """A place filter: the province, one city or one county unit."""

    adcode: str
    level: str  # province | city | county

    @property
    def is_province(self) -> bool:
        """True when the filter covers the whole province."""
        return self.level == "province"


def bucket(col: ColumnElement[Any], granularity: str, dialect: str) -> ColumnElement[Any]:
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


def _column(table: Table, name: str) -> Column[Any]:
    """A column of the table by name."""
    return table.c[name]


def aggregate(
    engine: Engine,
    table: Table,
    measures: dict[str, ColumnElement[Any]],
    *,
    date_col: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    place: Place | None = None,
    by: Sequence[str] = (),
    where: Sequence[ColumnElement[Any]] = (),
    rollups: Sequence[Rollup] = (),
    sqlite_index: str | None = None,
    date_grain: str = "day",
) -> pd.DataFrame:
    """Sum-style measures of a fact table, filtered by dates and place, grouped by keys.

    Keys in `by`: a granularity (the period start, column `period`), `city` or `county`
    (column `adcode`), or any column of the table. With rollups, the first one that holds
    the keys serves the whole months (or weeks) of the range; only the days around them are
    read from the fact table. `sqlite_index` names the index SQLite must use (its planner,
    without histograms, cannot tell a range of a few rows from one of the whole table).
    `date_grain` says which period's first day the date column already holds (a rollup's
    month_start or week_start): grouping by that period then reads the column as it is.
    """
    usable = [r for r in rollups if r.serves(by) and set(measures) <= set(r.measures)]
    if not (start and end) or where:
        usable = []
    for rollup in usable:
        split = split_by(rollup.grain, start, end)  # type: ignore[arg-type]  # set whenever a rollup serves
        if split.periods is not None:
            first, last = split.periods
            parts = [
                aggregate(
                    engine, table, measures, date_col=date_col, start=a, end=b, place=place, by=by
                )
                for a, b in split.edges
            ]
            parts.append(
                aggregate(
                    engine,
                    rollup.table,
                    {name: rollup.measures[name] for name in measures},
                    date_col=f"{rollup.grain}_start",
                    start=first,
                    end=last,
                    place=place,
                    by=by,
                    date_grain=rollup.grain,
                )
            )
            return _combine(parts, list(measures), nulls_first(engine))
    region = Region.__table__
    dialect = engine.dialect.name
    keys: list[ColumnElement[Any]] = []
    needs_region = place is not None and place.level == "city"
    for key in by:
        if key in GRANULARITIES:
            assert date_col is not None, "a period key needs a date column"
            column = _column(table, date_col)
            period = column if key == date_grain else bucket(column, key, dialect)
            keys.append(period.label("period"))
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
    if sqlite_index:
        stmt = stmt.with_hint(table, f"INDEXED BY {sqlite_index}", dialect_name="sqlite")
    if keys:
        stmt = stmt.group_by(*keys).order_by(*keys)
    with engine.connect() as conn:
        df = result_frame(conn.execute(stmt))
    if df.empty:
        df = pd.DataFrame(columns=[k.name for k in keys] + list(measures))
    if "period" in df.columns:
        df["period"] = pd.to_datetime(df["period"]).dt.date
    for name in measures:
        df[name] = pd.to_numeric(df[name]).fillna(0)
    return df


def nulls_first(engine: Engine) -> bool:
    """Whether the database sorts NULL keys first (SQLite) or last (PostgreSQL)."""
    return engine.dialect.name != "postgresql"


def _combine(parts: list[pd.DataFrame], measures: list[str], nulls_first: bool) -> pd.DataFrame:
    """Add up partial results of the same query, key by key, in key order."""
    keys = [c for c in parts[-1].columns if c not in measures]
    filled = [p for p in parts if len(p)]
    if not filled:
        return parts[-1]
    df = pd.concat(filled, ignore_index=True)
    if not keys:
        return df[measures].sum().to_frame().T
    df = df.groupby(keys, as_index=False, sort=False, dropna=False)[measures].sum()
    order: Literal["first", "last"] = "first" if nulls_first else "last"
    return df.sort_values(keys, na_position=order).reset_index(drop=True)  # as ORDER BY
