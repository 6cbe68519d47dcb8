"""Supervision (督办预警): targets, actual so far per place, suggestions near or past a limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, case, func, or_, select

from data_access import buildout, handling_status, signage, volunteer
from data_access.aggregate import Place, aggregate
from data_access.cache import cached_query
from data_access.day_counts import a_date, days_between
from data_access.frames import result_frame
from data_access.meta import regions
from data_access.models import Region, Suggestion, SupervisionTarget
from data_access.open_items import not_finished_by
from data_access.suggestion_rollups import longest_stages
from metrics.per_place import per_10k_residents

_T = SupervisionTarget.__table__
_S = Suggestion.__table__
# Indicators whose target is due in proportion to the days elapsed (the others are levels).
FLOW_INDICATORS = frozenset({"volunteer_hours", "plaques_removed", "volunteer_hours_per_10k"})
# Indicators divided by the resident population (10,000s): the indicator they divide.
PER_10K = {"volunteer_hours_per_10k": "volunteer_hours"}
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
        columns = ["adcode", "level", "indicator", "period", "target", "direction"]
        return result_frame(conn.execute(stmt), columns)


def _shares(df: pd.DataFrame, part: str, whole: str) -> pd.DataFrame:
    """The frame with actual = part ÷ whole in percent (NaN where the whole is 0: no data)."""
    return df.assign(actual=df[part] / df[whole].where(df[whole] > 0) * 100)


def _indicator_frame(
    engine: Engine,
    indicator: str,
    start: dt.date,
    end: dt.date,
    place: Place,
    by: tuple[str, ...],
    limits: tuple[int, int],
) -> pd.DataFrame:
    """The indicator's actual between two dates (column actual), grouped by place keys (and
    month with by=("month", …) for flows and shares); places without data are absent or NaN.

    Levels are read on the day `end`: plaque kinds still hung (the most any county unit
    hangs by its latest status dated by then) and departments formed by then.
    """
    indicator = PER_10K.get(indicator, indicator)
    if indicator == "volunteer_hours":
        df = volunteer.volunteer_service(engine, start, end, place, by=by)
        return df.rename(columns={"hours": "actual"})
    if indicator == "plaques_removed":
        df = signage.plaques_removed(engine, start, end, place, by=by)
        return df.rename(columns={"plaques_removed": "actual"})
    if indicator == "suggestions_on_time":
        df = handling_status.concluded_between(engine, start, end, place, *limits, by=by)
        return _shares(df, "on_time", "concluded")
    if indicator == "suggestions_accepted_on_time":
        df = handling_status.accepted_between(engine, start, end, place, limits[0], by=by)
        return _shares(df, "on_time", "accepted")
    if indicator == "plaque_kinds_hung":
        df = signage.plaque_kinds_hung(engine, end, place, by=by)
        return df[df["counties"] > 0].rename(columns={"kinds": "actual"})
    if indicator == "departments_formed":
        df = buildout.departments_formed_by(engine, end, place, by=by)
        return df[df["departments"] > 0].rename(columns={"formed": "actual"})
    raise ValueError(f"unknown indicator {indicator!r}")


def _per_10k(df: pd.DataFrame, population: dict[str, float] | None) -> pd.DataFrame:
    """Hours per 10,000 residents of each place (NaN where the population is unknown)."""
    pop = pd.Series(population or {}, dtype=float)
    frame = df.assign(population_10k=df["adcode"].map(pop))
    out = per_10k_residents(frame, "actual", "population_10k", "actual")
    return out.drop(columns="population_10k")


# The counts a share is made of (numerator, denominator).
SHARE_PARTS = {
    "suggestions_on_time": ("on_time", "concluded"),
    "suggestions_accepted_on_time": ("on_time", "accepted"),
}


def _rolled_up(
    df: pd.DataFrame,
    level: str,
    province: str,
    city_of: dict[str, str],
    columns: list[str],
    monthly: bool,
) -> pd.DataFrame:
    """Per-place (and per-month) sums of county-unit rows at one level: each row's own place
    (county), its city (a city's own rows included) or the province."""
    if level == "province" and not monthly:
        return (
            pd.DataFrame([{"adcode": province, **df[columns].sum().to_dict()}])
            if len(df)
            else (pd.DataFrame(columns=["adcode", *columns]))
        )
    if level == "county":
        key = df["adcode"]
    elif level == "city":
        key = df["adcode"].map(city_of)
    else:
        key = pd.Series(province, index=df.index)
    keys = [key.rename("key"), *([df["period"]] if monthly else [])]
    out = df[columns].groupby(keys, sort=False).sum().reset_index()
    return out.rename(columns={"key": "adcode"})


def actual_by_place(
    engine: Engine,
    indicator: str,
    start: dt.date,
    end: dt.date,
    levels: tuple[str, ...],
    province: str,
    limits: tuple[int, int],
    population: dict[str, float] | None = None,
    monthly: bool = False,
) -> pd.DataFrame:
    """The actual between two dates of every place of the given levels: adcode, actual, level.

    A city counts its counties and its own rows; a place without a fact row is absent. The
    county level counts each place's own rows, so a city can appear at both levels: match
    a target on adcode and level. A
    per-10k indicator divides by `population` (adcode → residents in 10,000s). With monthly
    (flows and shares only), one row per place and month with data (column period, the
    month's first day) with the month's own figures, and a share's counts (part, whole).

    Flows and shares are read once, per county unit and month (the page's progress and its
    "since when" share the cached query), and added up here; levels are read per level.
    """
    base = PER_10K.get(indicator, indicator)
    whole = Place(province, "province")
    frames = []
    if base in FLOW_INDICATORS or base in SHARE_PARTS:
        by_month = _indicator_frame(
            engine, indicator, start, end, whole, ("month", "county"), limits
        )
        parts = list(SHARE_PARTS.get(base, ("actual",)))
        places = regions(engine)
        city_of = dict(zip(places["adcode"], places["city_adcode"], strict=True))
        for level in levels:
            df = _rolled_up(by_month, level, province, city_of, parts, monthly)
            if level == "province" and base in FLOW_INDICATORS and not df["actual"].sum():
                continue  # nothing reported anywhere: no data, not zero
            if base in SHARE_PARTS:
                df = _shares(df, *parts).rename(
                    columns=dict(zip(parts, ("part", "whole"), strict=True))
                )
            if indicator in PER_10K:  # each month's share of the rate adds up like the hours
                df = _per_10k(df, population)
            keep = ["adcode", *(["period"] if monthly else []), "actual"]
            keep += ["part", "whole"] if monthly and base in SHARE_PARTS else []
            frames.append(df[keep].assign(level=level))
    else:
        for level in levels:
            df = _indicator_frame(engine, indicator, start, end, whole, LEVEL_KEYS[level], limits)
            if level == "province":
                df = df.assign(adcode=province)
            frames.append(df[["adcode", "actual"]].dropna(subset=["adcode"]).assign(level=level))
    if not frames:
        columns = ["adcode", *(["period"] if monthly else []), "actual", "level"]
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)


def _open_on(
    started: ColumnElement[Any],
    finished: ColumnElement[Any],
    as_of: dt.date,
    started_by: dt.date,
    longest: int | None,
) -> list[Any]:
    """Items started by the day (and by started_by) and not finished by it."""
    return [started <= as_of, not_finished_by(finished, as_of, started_by, longest)]


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
    longest = longest_stages(engine)
    rules = (  # the covering index of each rule's open items (see handling_status)
        ("acceptance", _S.c.received_on, _S.c.accepted_on, accept_limit, "ix_suggestion_accepted",
         longest[0]),
        ("conclusion", _S.c.accepted_on, _S.c.concluded_on, conclude_limit,
         "ix_suggestion_concluded", longest[1]),
    )  # fmt: skip
    frames = []
    for rule, started, finished, limit, index, stage_days in rules:
        due_by = as_of - dt.timedelta(days=limit)  # started before this day: past the limit
        started_by = min(as_of, due_by + dt.timedelta(days=warn_days))
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
                *_open_on(started, finished, as_of, started_by, stage_days),
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
