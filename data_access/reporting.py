"""Reporting completeness (报送情况): the days each county unit has rows, and when they came in.

Every query is scoped like the others (cached_query): a city user gets their counties only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import Column, Engine, Select, Table, and_, case, func, or_, select

from data_access.cache import cached_query
from data_access.frames import tuples_frame
from data_access.intake.specs import DATASETS
from data_access.models import ImportChange, ImportLog, ImportPlaceDay, ImportRevision, Region

# Imports cannot write rows dated later than this many days after they run (future dates are
# refused), so only imports from a period's start minus this can hold its rows.
FUTURE_SLACK_DAYS = 7
S = TypeVar("S", bound="Select[*tuple[Any, ...]]")  # a select keeps its row type


def _table(dataset: str, date_column: str) -> tuple[Table, Column[Any]]:
    """The dataset's table and its date column."""
    table = DATASETS[dataset].table
    return table, table.c[date_column]


def _day(value: object) -> dt.date:
    """A date as the driver returns it (SQLite aggregates give text, ISO date or date-time)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])  # 10 times faster than pd.Timestamp


def _days(values: pd.Series) -> list[dt.date]:
    """A column of dates as the driver returns them, as dates (date-times: at C speed)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return list(values.dt.date)
    return [v if type(v) is dt.date else _day(v) for v in values]


@cached_query
def reporting_places(engine: Engine) -> pd.DataFrame:
    """The places that report: every county unit with its city (adcode, name, city_adcode)."""
    stmt = (
        select(Region.adcode, Region.name, Region.city_adcode)
        .where(Region.is_county_unit.is_(True))
        .order_by(Region.adcode)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return tuples_frame(rows, ["adcode", "name", "city_adcode"])


@cached_query
def first_day(engine: Engine, dataset: str, date_column: str) -> dt.date | None:
    """The dataset's earliest row date anywhere (None: no rows): reporting starts there."""
    _, day = _table(dataset, date_column)
    with engine.connect() as conn:
        value = conn.execute(select(func.min(day))).scalar()
    return None if value is None else _day(value)


@cached_query
def last_days(
    engine: Engine,
    dataset: str,
    date_column: str,
    ranges: tuple[tuple[dt.date | None, dt.date], ...],
) -> pd.DataFrame:
    """Each county unit's latest row date within each range (start None: no lower bound):
    adcode and one column per range, r0, r1, … (None: no row in it).

    One index seek per place and range (the key and place-date indexes begin with adcode), so
    the cost does not grow with the rows in the table.
    """
    table, day = _table(dataset, date_column)
    region = Region.__table__
    columns = []
    for i, (start, end) in enumerate(ranges):
        bounds = [table.c.adcode == region.c.adcode, day <= end]
        if start is not None:
            bounds.append(day >= start)
        inner = select(func.max(day)).where(*bounds).correlate(region).scalar_subquery()
        columns.append(inner.label(f"r{i}"))
    stmt = (
        select(region.c.adcode, *columns)
        .where(region.c.is_county_unit.is_(True))
        .order_by(region.c.adcode)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = tuples_frame(rows, ["adcode", *(f"r{i}" for i in range(len(ranges)))])
    for name in out.columns[1:]:
        out[name] = [None if v is None else _day(v) for v in out[name]]
    return out


@cached_query
def first_imports(engine: Engine, dataset: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The day the first (not undone) import wrote each place's rows of each day between two
    dates, from the import history (row keys start with adcode and date): adcode, day, imported.

    Rows loaded without an import record (the demo) are absent.
    """
    key = ImportChange.natural_key
    adcode = func.substr(key, 3, 6)
    day = func.substr(key, 12, 10)
    stmt = (
        select(adcode, day, func.min(ImportLog.imported_at))
        .select_from(ImportChange)
        .join(ImportLog, ImportLog.id == ImportChange.import_id)
        .outerjoin(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(
            ImportChange.dataset == dataset,
            ImportLog.imported_at >= start - dt.timedelta(days=FUTURE_SLACK_DAYS),
            and_(day >= start.isoformat(), day <= end.isoformat()),
            or_(ImportRevision.status.is_(None), ImportRevision.status != "undone"),
        )
        .group_by(adcode, day)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = tuples_frame(rows, ["adcode", "day", "imported"])
    out["day"] = [dt.date.fromisoformat(d) for d in out["day"]]
    out["imported"] = _days(out["imported"])
    return out


def _place_days_imported(stmt: S, dataset: str, start: dt.date, end: dt.date) -> S:
    """A query of import_place_day between two days, joined to the dataset's imports that
    were not undone (and ran late enough to have written such days)."""
    return (
        stmt.select_from(ImportPlaceDay)
        .join(ImportLog, ImportLog.id == ImportPlaceDay.import_id)
        .outerjoin(ImportRevision, ImportRevision.import_id == ImportLog.id)
        .where(
            ImportLog.dataset == dataset,
            ImportPlaceDay.day.between(start, end),
            ImportLog.imported_at >= start - dt.timedelta(days=FUTURE_SLACK_DAYS),
            or_(ImportRevision.status.is_(None), ImportRevision.status != "undone"),
        )
    )


@cached_query
def first_record_imports(
    engine: Engine, dataset: str, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """As first_imports for a dataset whose import history is keyed by record (source_id, as
    the suggestions), from the places and days each import wrote (import_place_day)."""
    stmt = _place_days_imported(
        select(ImportPlaceDay.adcode, ImportPlaceDay.day, func.min(ImportLog.imported_at)),
        dataset,
        start,
        end,
    ).group_by(ImportPlaceDay.adcode, ImportPlaceDay.day)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = tuples_frame(rows, ["adcode", "day", "imported"])
    out["day"] = _days(out["day"])
    out["imported"] = _days(out["imported"])
    return out


@cached_query
def first_record_imports_by_period(
    engine: Engine, dataset: str, ranges: tuple[tuple[dt.date, dt.date], ...]
) -> pd.DataFrame:
    """For a dataset keyed by record: the day the first (not undone) import wrote each place's
    rows of each period, from import_place_day, summed up in SQL (one row per place, not per
    place and day): adcode and one column per range, r0, r1, … (None: no import wrote it)."""
    reported = ImportPlaceDay
    start, end = min(r[0] for r in ranges), max(r[1] for r in ranges)
    columns = [
        func.min(case((reported.day.between(a, b), ImportLog.imported_at))).label(f"r{i}")
        for i, (a, b) in enumerate(ranges)
    ]
    stmt = (
        _place_days_imported(select(reported.adcode, *columns), dataset, start, end)
        .group_by(reported.adcode)
        .order_by(reported.adcode)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = tuples_frame(rows, ["adcode", *(f"r{i}" for i in range(len(ranges)))])
    for name in out.columns[1:]:
        out[name] = [None if v is None or v != v else _day(v) for v in out[name]]
    return out
