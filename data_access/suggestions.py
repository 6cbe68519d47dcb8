"""Queries of citizens' suggestions: received, accepted, concluded and adopted."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Executable, Select, and_, case, func, select

from data_access import sqlite_hints  # noqa: F401 - renders the SQLite index hints
from data_access.aggregate import Place, Totals, aggregate
from data_access.cache import cached_query
from data_access.day_counts import a_date, days_between
from data_access.frames import result_frame
from data_access.models import Region, Suggestion
from data_access.open_items import not_finished_by
from data_access.period_split import month_end, split_by_month
from data_access.suggestion_rollups import (
    COUNT_ROLLUPS,
    RATED,
    days_histogram,
    longest_to_conclusion,
    settled_by,
)

S = TypeVar("S", bound="Select[*tuple[Any, ...]]")  # a select keeps its row type
_T = Suggestion.__table__
MEASURES: dict[str, ColumnElement[Any]] = {
    "received": func.count(),
    "accepted": func.count(_T.c.accepted_on),
    "concluded": func.count(_T.c.concluded_on),
    "adopted": func.sum(case((_T.c.adopted, 1), else_=0)),
}
TOTALS = Totals(_T, MEASURES, "received_on", COUNT_ROLLUPS)


@cached_query
def suggestion_counts(
    engine: Engine, start: dt.date, end: dt.date, place: Place, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Suggestions received between two dates and how many were accepted, concluded, adopted."""
    return TOTALS.between(engine, start, end, place, by)


def _placed(stmt: S, place: Place, by_city: bool = False) -> S:
    """Restrict a statement on the suggestion table to a place; join regions when needed."""
    region = Region.__table__
    if place.level == "city" or by_city:
        stmt = stmt.select_from(_T.join(region, region.c.adcode == _T.c.adcode))
    if place.level == "city":
        stmt = stmt.where(region.c.city_adcode == place.adcode)
    elif place.level == "county":
        stmt = stmt.where(_T.c.adcode == place.adcode)
    return stmt


def _frame(engine: Engine, stmt: Executable, columns: list[str]) -> pd.DataFrame:
    """Run a statement into a frame with integer counts (empty frames keep their columns)."""
    with engine.connect() as conn:
        df = result_frame(conn.execute(stmt), columns)
    for col in ("days", "age_days", "stage_days", "items"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col]).astype("int64")
    return df


@cached_query
def acceptance_days(
    engine: Engine, start: dt.date, end: dt.date, place: Place, as_of: dt.date
) -> pd.DataFrame:
    """Days from receipt to the acceptance decision, as a histogram (done, days, items).

    Suggestions received between the dates; `done` is 1 when accepted by `as_of` (days taken),
    0 when still awaiting a decision on `as_of` (days waited so far).
    """
    return _histogram(engine, "acceptance", start, min(end, as_of), place, as_of)


@cached_query
def conclusion_days(
    engine: Engine, start: dt.date, end: dt.date, place: Place, as_of: dt.date
) -> pd.DataFrame:
    """Days from acceptance to conclusion, as a histogram (done, days, items).

    Suggestions received between the dates and accepted by `as_of`; `done` is 1 when concluded
    by `as_of` (days taken), 0 when still open on `as_of` (days since acceptance).
    """
    return _histogram(engine, "conclusion", start, min(end, as_of), place, as_of)


def _histogram(
    engine: Engine, stage: str, start: dt.date, last: dt.date, place: Place, as_of: dt.date
) -> pd.DataFrame:
    """A day-count histogram of the items received from start to last: whole months from the
    rollup plus the items still open, the days around them from the facts."""
    split = split_by_month(start, last)
    if place.level == "county" or split.periods is None or not settled_by(engine, as_of):
        return _facts(engine, stage, start, last, place, as_of)
    first, final = split.periods
    parts = [_facts(engine, stage, a, b, place, as_of) for a, b in split.edges]
    parts.append(days_histogram(engine, stage, first, final, place))
    parts.append(_facts(engine, stage, first, month_end(final), place, as_of, open_only=True))
    df = pd.concat([p for p in parts if len(p)] or parts[-1:], ignore_index=True)
    df = df.groupby(["done", "days"], as_index=False, sort=True)["items"].sum()  # type: ignore[assignment]  # as_index=False gives a DataFrame; the stubs say Series
    return df.astype("int64").reset_index(drop=True)


def _facts(
    engine: Engine,
    stage: str,
    start: dt.date,
    last: dt.date,
    place: Place,
    as_of: dt.date,
    open_only: bool = False,
) -> pd.DataFrame:
    """A stage's histogram read from the facts (open_only: items whose stage has not ended).

    Acceptance runs from receipt to acceptance; conclusion from acceptance to conclusion, for
    the items accepted by `as_of`."""
    began, ended = (
        (_T.c.received_on, _T.c.accepted_on)
        if stage == "acceptance"
        else (_T.c.accepted_on, _T.c.concluded_on)
    )
    dialect = engine.dialect.name
    day = a_date(as_of)
    finished = and_(ended.is_not(None), ended <= day)
    done = case((finished, 1), else_=0).label("done")
    days = case(
        (finished, days_between(ended, began, dialect)),
        else_=days_between(day, began, dialect),
    ).label("days")
    bounds = [_T.c.received_on >= start, _T.c.received_on <= last]
    if stage != "acceptance":
        bounds += [began.is_not(None), began <= day]
    stmt = select(done, days, func.count().label("items")).where(*bounds)
    if open_only:
        stmt = stmt.where(ended.is_(None))
    stmt = _placed(stmt, place).group_by(done, days).order_by(done, days)
    return _frame(engine, stmt, ["done", "days", "items"])


@cached_query
def open_backlog(
    engine: Engine,
    as_of: dt.date,
    place: Place,
    by: tuple[str, ...] = (),
    with_age: bool = True,
) -> pd.DataFrame:
    """Suggestions open on a day, by stage and age: (keys…, accepted, age_days, stage_days, items).

    Open = received by `as_of` and not concluded by then. `accepted` is 1 when accepted by
    `as_of`; age_days counts from receipt, stage_days from acceptance (or receipt when awaiting
    acceptance). Keys: `city` or `county` (column adcode). Whether an item is overdue is
    decided in metrics.timeliness from these day counts and the configured limits. Without
    `with_age` the rows omit age_days (fewer, when only open and overdue counts are needed).
    """
    dialect = engine.dialect.name
    region = Region.__table__
    day = a_date(as_of)
    is_accepted = and_(_T.c.accepted_on.is_not(None), _T.c.accepted_on <= day)
    accepted = case((is_accepted, 1), else_=0).label("accepted")
    age = days_between(day, _T.c.received_on, dialect).label("age_days")
    stage = case(
        (is_accepted, days_between(day, _T.c.accepted_on, dialect)),
        else_=days_between(day, _T.c.received_on, dialect),
    ).label("stage_days")
    keys = []
    for key in by:
        if key == "city":
            keys.append(region.c.city_adcode.label("adcode"))
        elif key == "county":
            keys.append(_T.c.adcode.label("adcode"))
        else:
            raise ValueError(f"unknown backlog key {key!r}")
    # a conclusion after the day came within the longest receipt-to-conclusion time
    still_open = not_finished_by(_T.c.concluded_on, as_of, as_of, longest_to_conclusion(engine))
    days = [age, stage] if with_age else [stage]
    stmt = select(*keys, accepted, *days, func.count().label("items")).where(
        _T.c.received_on <= day, still_open
    )
    # Two ranges of the conclusion index (no date, or later) hold the few open items.
    stmt = stmt.with_hint(_T, "INDEXED BY ix_suggestion_concluded", dialect_name="sqlite")
    stmt = _placed(stmt, place, by_city="city" in by)
    group = [*keys, accepted, *days]
    stmt = stmt.group_by(*group).order_by(*group)
    columns = [k.name for k in group] + ["items"]
    return _frame(engine, stmt, columns)


@cached_query
def satisfaction_counts(engine: Engine, start: dt.date, end: dt.date, place: Place) -> pd.DataFrame:
    """Recorded satisfaction scores (1–5) of suggestions received between two dates."""
    measures = {
        name: func.sum(case((_T.c.satisfaction == k, 1), else_=0))
        for k, name in enumerate(RATED, start=1)
    }
    row = aggregate(
        engine,
        _T,
        measures,  # type: ignore[arg-type]  # sums are column elements
        date_col="received_on",
        start=start,
        end=end,
        place=place,
        rollups=COUNT_ROLLUPS,
    )
    items = [int(row[name].sum()) if len(row) else 0 for name in RATED]
    df = pd.DataFrame({"score": range(1, 6), "items": items}, dtype="int64")
    return df[df["items"] > 0].reset_index(drop=True)
