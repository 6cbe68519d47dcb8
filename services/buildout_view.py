"""Figures for the buildout page: formation on a day, progress, days, staffing, workforce."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data_access import buildout
from data_access.aggregate import Place
from data_access.scope import hidden_places
from metrics import buildout as mb
from metrics.rates import per_10k, per_10k_column
from services.area_maps import boundaries


@dataclass(frozen=True)
class Formation:
    """Departments of a place formed by a day, and the founding and completion dates."""

    day: dt.date
    formed: dict[str, tuple[int, int]]  # level → (formed by day, in all)
    founded: dt.date | None  # the provincial department
    complete: dt.date | None  # the last department of the place; None while any is missing

    @property
    def is_empty(self) -> bool:
        """True when the place has no departments on record."""
        return not self.formed


def replay_range(engine: Engine) -> tuple[dt.date, dt.date]:
    """The dates the replay slider covers: the founding year, to the year all were formed."""
    dates = buildout.formation_dates(engine)
    founded = dates["founded"] or dt.date.today()
    last = dates["complete"] or founded
    return dt.date(founded.year, 1, 1), dt.date(max(last.year, founded.year), 12, 31)


def formation(engine: Engine, place: Place, day: dt.date) -> Formation:
    """How far the buildout of a place had come on a day."""
    by_day = buildout.formations_by_day(engine, place)
    dates = buildout.formation_dates(engine)
    levels = [lv for lv in ("city", "county") if lv in set(by_day["level"])]
    done = [mb.completion_day(by_day, lv) for lv in levels]
    complete = None if not done or any(d is None for d in done) else max(done)  # type: ignore[type-var]  # no None is left here
    return Formation(
        day=day,
        formed=mb.formed_on(by_day, day),
        founded=dates["founded"],
        complete=complete,
    )


def progress(engine: Engine, place: Place, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Departments formed by each day from start to end, per level (day, level, formed, total)."""
    return mb.cumulative_formation(buildout.formations_by_day(engine, place), start, end)


def department_list(engine: Engine, place: Place, day: dt.date) -> pd.DataFrame:
    """Departments of a place with formation status on a day, days taken and staffing."""
    deps = buildout.departments_by_place(engine, day, place)
    founded = buildout.formation_dates(engine)["founded"]
    return mb.with_status(deps, day, founded)


@dataclass(frozen=True)
class FormationMap:
    """The units a formation map draws, their departments and the units kept from the viewer."""

    geo: dict[str, Any]
    departments: pd.DataFrame  # department_list of the drawn units, plus month (None: not yet)
    hidden: set[str]  # another place's status is not the viewer's to see


def formation_map(
    engine: Engine, province: str, level: str, city: str | None, day: dt.date
) -> FormationMap:
    """Cities or counties (of one city) with the month their department was formed by a day."""
    geo = boundaries(province, level, city)
    units = {f["id"] for f in geo["features"]}
    deps = department_list(engine, Place(province, "province"), day)
    deps = deps[deps["adcode"].isin(units)].copy()
    deps["month"] = mb.formation_month(deps["established_on"], day)
    return FormationMap(geo, deps, hidden_places(engine, units))


def days_taken(engine: Engine, place: Place, names: dict[str, str]) -> tuple[pd.DataFrame, str]:
    """Days from the founding to formation, per city (province) or per department (a city).

    Returns the frame (adcode, name and day columns) and its kind: "cities" or "departments".
    """
    founded = buildout.formation_dates(engine)["founded"]
    deps = buildout.departments_by_place(engine, dt.date.max, place)
    if place.is_province:
        df = mb.city_formation_days(deps, founded)
        df["name"] = df["adcode"].map(names)
        return df.sort_values(["counties_days", "city_days"], na_position="last"), "cities"
    df = deps[deps["level"] != "province"].copy()
    df["days"] = mb.days_since(founded, df["established_on"])
    df["name"] = df["name"].where(df["level"] == "county", df["name"] + "（市级）")
    return df[["adcode", "name", "level", "days"]].sort_values("days"), "departments"


def staffing_by_place(engine: Engine, place: Place, names: dict[str, str]) -> pd.DataFrame:
    """Posts authorised and filled and observers per city (province) or per department."""
    by = ("city",) if place.is_province else ("county",)
    df = buildout.staffing(engine, place, by)
    df = df[df["adcode"].notna()].copy()
    df["name"] = df["adcode"].map(names)
    if place.level == "city":
        df["name"] = df["name"].where(df["adcode"] != place.adcode, df["name"] + "（市级）")
    df["fill_rate"] = [
        mb.fill_share(f, a) for f, a in zip(df["posts_filled"], df["posts_authorised"], strict=True)
    ]
    return df.reset_index(drop=True)


@dataclass(frozen=True)
class Workforce:
    """Community workers per 10,000 urban residents: per city and for the province."""

    year: int
    by_city: pd.DataFrame  # adcode, name, community_workers, urban_residents, per_10k
    province: float | None
    place: float | None  # the chosen place's own figure (the city's; None for a county)


def workforce(
    engine: Engine, year: int, place: Place, province: Place, names: dict[str, str]
) -> Workforce:
    """The year's community workers per 10,000 urban residents by city, province reference."""
    by_city = buildout.community_workers(engine, year, province, by=("city",))
    by_city = per_10k_column(by_city, "community_workers", "urban_residents", "per_10k")
    by_city = by_city[by_city["adcode"].notna()].copy()
    by_city["name"] = by_city["adcode"].map(names)
    total = buildout.community_workers(engine, year, province)
    ratio = (
        per_10k(float(total["community_workers"].sum()), float(total["urban_residents"].sum()))
        if len(total)
        else None
    )
    own = None
    if place.is_province:
        own = ratio
    elif place.level == "city":
        row = by_city[by_city["adcode"] == place.adcode]
        own = float(row["per_10k"].iloc[0]) if len(row) else None
    return Workforce(year, by_city.reset_index(drop=True), ratio, own)


def milestones_of_years(engine: Engine, first: int, last: int) -> pd.DataFrame:
    """Milestones from 1 January of the first year to 31 December of the last."""
    return buildout.milestones(engine, dt.date(first, 1, 1), dt.date(last, 12, 31))
