"""Reporting completeness (报送情况): the days each county unit has rows, and when they came in.

Every query is scoped like the others (cached_query): a city user gets their counties only.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, Table, and_, func, or_, select

from data_access.cache import cached_query
from data_access.intake.specs import DATASETS
from data_access.models import ImportChange, ImportLog, ImportRevision, Region

# Imports cannot write rows dated later than this many days after they run (future dates are
# refused), so only imports from a period's start minus this can hold its rows.
FUTURE_SLACK_DAYS = 7


def _table(dataset: str, date_column: str) -> tuple[Table, object]:
    """The dataset's table and its date column."""
    table = DATASETS[dataset].table
    return table, table.c[date_column]


def _day(value: object) -> dt.date:
    """A date as the driver returns it (SQLite aggregates give text)."""
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


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
    return pd.DataFrame(rows, columns=["adcode", "name", "city_adcode"])


@cached_query
def first_day(engine: Engine, dataset: str, date_column: str) -> dt.date | None:
    """The dataset's earliest row date anywhere (None: no rows): reporting starts there."""
    _, day = _table(dataset, date_column)
    with engine.connect() as conn:
        value = conn.execute(select(func.min(day))).scalar()
    return None if value is None else _day(value)


@cached_query
def days_with_rows(
    engine: Engine, dataset: str, date_column: str, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Each place and day between two dates with at least one row: adcode, day."""
    table, day = _table(dataset, date_column)
    stmt = select(table.c.adcode, day).where(day >= start, day <= end).group_by(table.c.adcode, day)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = pd.DataFrame(rows, columns=["adcode", "day"])
    out["day"] = [_day(d) for d in out["day"]]
    return out


@cached_query
def last_days(
    engine: Engine, dataset: str, date_column: str, adcodes: tuple[str, ...], up_to: dt.date
) -> pd.DataFrame:
    """The latest row date on or before a day of each of some places: adcode, day."""
    if not adcodes:
        return pd.DataFrame(columns=["adcode", "day"])
    table, day = _table(dataset, date_column)
    stmt = (
        select(table.c.adcode, func.max(day))
        .where(table.c.adcode.in_(adcodes), day <= up_to)
        .group_by(table.c.adcode)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = pd.DataFrame(rows, columns=["adcode", "day"])
    out["day"] = [_day(d) for d in out["day"]]
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
    out = pd.DataFrame(rows, columns=["adcode", "day", "imported"])
    out["day"] = [dt.date.fromisoformat(d) for d in out["day"]]
    out["imported"] = [_day(d) for d in out["imported"]]
    return out
