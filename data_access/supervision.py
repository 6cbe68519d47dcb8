"""Supervision (督办预警): targets, actual so far per place, suggestions near or past a limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, case, func, or_, select

from data_access import handling_status, signage, volunteer
from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.day_counts import a_date, days_between
from data_access.models import Region, Suggestion, SupervisionTarget

_T = SupervisionTarget.__table__
_S = Suggestion.__table__
# Indicators whose target is due in proportion to the days elapsed (the others are levels).
FLOW_INDICATORS = frozenset({"volunteer_hours", "plaques_removed"})
LEVEL_KEYS = {"city": ("city",), "county": ("county",), "province": ()}


@cached_query
def targets(engine: Engine, year: int, place: Place) -> pd.DataFrame:
    """The year's targets (its year, quarters and months) of a place and the places in it."""
    region = Region.__table__
    stmt = (
        select(
            _T.c.adcode,
            region.c.level,
            _T.c.indicator,
            _T.c.period,
            _T.c.target,
            _T.c.direction,
        )
        .select_from(_T.join(region, region.c.adcode == _T.c.adcode))
        .where(_T.c.period.like(f"{int(year)}%"))
        .order_by(_T.c.adcode, _T.c.indicator, _T.c.period)
    )
    if place.level == "city":
        stmt = stmt.where(or_(region.c.city_adcode == place.adcode, _T.c.adcode == place.adcode))
    elif place.level == "county":
        stmt = stmt.where(_T.c.adcode == place.adcode)
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    columns = ["adcode", "level", "indicator", "period", "target", "direction"]
    return pd.DataFrame(rows, columns=columns)


def _indicator_frame(
    engine: Engine,
    indicator: str,
    start: dt.date,
    end: dt.date,
    place: Place,
    by: tuple[str, ...],
    limits: tuple[int, int],
) -> pd.DataFrame:
    """The indicator's actual between two dates (column actual), grouped by place keys."""
    if indicator == "volunteer_hours":
        df = volunteer.volunteer_service(engine, start, end, place, by=by)
        return df.rename(columns={"hours": "actual"})
    if indicator == "plaques_removed":
        df = signage.plaques_removed(engine, start, end, place, by=by)
        return df.rename(columns={"plaques_removed": "actual"})
    if indicator == "suggestions_on_time":
        df = handling_status.concluded_between(engine, start, end, place, *limits, by=by)
        share = df["on_time"] / df["concluded"].where(df["concluded"] > 0)
        return df.assign(actual=share * 100)
    raise ValueError(f"unknown indicator {indicator!r}")


def actual_by_place(
    engine: Engine,
    indicator: str,
    start: dt.date,
    end: dt.date,
    levels: tuple[str, ...],
    province: str,
    limits: tuple[int, int],
) -> pd.DataFrame:
    """The actual between two dates of every place of the given levels: adcode, actual.

    A city counts its counties and its own rows; a place without a fact row is absent.
    """
    frames = []
    whole = Place(province, "province")
    for level in levels:
        df = _indicator_frame(engine, indicator, start, end, whole, LEVEL_KEYS[level], limits)
        if level == "province":
            df = df.assign(adcode=province)
            if indicator in FLOW_INDICATORS and not df["actual"].sum():
                continue  # nothing reported anywhere: no data, not zero
        frames.append(df[["adcode", "actual"]].dropna(subset=["adcode"]))
    if not frames:
        return pd.DataFrame(columns=["adcode", "actual"])
    return pd.concat(frames, ignore_index=True)


def _open_on(
    started: ColumnElement[Any], finished: ColumnElement[Any], as_of: dt.date
) -> list[Any]:
    """Items started by the day and not finished by it."""
    return [started <= as_of, or_(finished.is_(None), finished > as_of)]


@cached_query
def deadline_alerts(
    engine: Engine,
    as_of: dt.date,
    place: Place,
    accept_limit: int,
    conclude_limit: int,
    warn_days: int,
) -> pd.DataFrame:
    """Open suggestions per place whose acceptance or conclusion limit falls within warn_days
    (yellow) or has passed (red) on the day: adcode, rule, status, items, oldest (days since
    the clock started for the oldest item)."""
    dialect = engine.dialect.name
    rules = (  # the covering index of each rule's open items (see handling_status)
        ("acceptance", _S.c.received_on, _S.c.accepted_on, accept_limit, "ix_suggestion_accepted"),
        ("conclusion", _S.c.accepted_on, _S.c.concluded_on, conclude_limit,
         "ix_suggestion_concluded"),
    )  # fmt: skip
    frames = []
    for rule, started, finished, limit, index in rules:
        due_by = as_of - dt.timedelta(days=limit)  # started before this day: past the limit
        age = days_between(a_date(as_of), started, dialect)
        df = aggregate(
            engine,
            _S,
            {
                "red": func.sum(case((started < due_by, 1), else_=0)),
                "yellow": func.sum(case((started >= due_by, 1), else_=0)),
                "oldest_red": func.max(case((started < due_by, age), else_=None)),
                "oldest_yellow": func.max(case((started >= due_by, age), else_=None)),
            },
            place=place,
            by=("county",),
            where=[
                *_open_on(started, finished, as_of),
                started <= due_by + dt.timedelta(days=warn_days),
            ],
            sqlite_index=index,
        )
        for status in ("red", "yellow"):
            part = df.loc[df[status] > 0, ["adcode", status, f"oldest_{status}"]]
            part = part.rename(columns={status: "items", f"oldest_{status}": "oldest"})
            frames.append(part.assign(rule=rule, status=status, limit_days=limit))
    out = pd.concat(frames, ignore_index=True)
    out["items"] = out["items"].astype(int)
    out["oldest"] = out["oldest"].astype(int)
    columns = ["adcode", "rule", "status", "items", "oldest", "limit_days"]
    return out[columns].sort_values(["adcode", "rule", "status"]).reset_index(drop=True)
