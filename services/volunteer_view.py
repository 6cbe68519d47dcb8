"""Volunteer service figures for the volunteer page: totals, per place, ranking, field mix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlalchemy import Engine

from charts.theme import ACCENT, BLUE
from data_access import volunteer
from data_access.aggregate import Place
from data_access.cache import cached_view
from data_access.vocabulary import VOLUNTEER_FIELDS, label
from i18n import t
from metrics import periods
from metrics.per_place import per_10k_residents, ranked_with_change
from metrics.periods import Period
from metrics.rates import hours_per_volunteer, per_10k
from services.breakdown_views import BreakdownView, breakdown_view
from services.place_population import population_10k, with_population
from services.trend_views import ChartView, frozen


@dataclass(frozen=True)
class VolunteerTotals:
    """Hours and volunteers of a place in a period, the previous period and last year."""

    hours: float
    volunteers: float
    hours_previous: float
    hours_last_year: float
    volunteers_previous: float
    per_volunteer: float | None
    hours_per_10k: float | None  # None for a county (no census population)
    population_10k: float | None


def _sum(df: pd.DataFrame, col: str) -> float:
    """Total of a column (0 for an empty frame)."""
    return float(df[col].sum()) if len(df) else 0.0


def totals(engine: Engine, p: Period, place: Place, regions: pd.DataFrame) -> VolunteerTotals:
    """The page's headline figures."""
    prev, last = periods.previous(p), periods.same_period_last_year(p)
    cur = volunteer.volunteer_service(engine, p.start, p.end, place)
    old = volunteer.volunteer_service(engine, prev.start, prev.end, place)
    ly = volunteer.volunteer_service(engine, last.start, last.end, place)
    hours, people = _sum(cur, "hours"), _sum(cur, "volunteers")
    pop = population_10k(regions, place)
    return VolunteerTotals(
        hours=hours,
        volunteers=people,
        hours_previous=_sum(old, "hours"),
        hours_last_year=_sum(ly, "hours"),
        volunteers_previous=_sum(old, "volunteers"),
        per_volunteer=hours_per_volunteer(hours, people),
        hours_per_10k=None if pop is None else per_10k(hours, pop * 10_000),
        population_10k=pop,
    )


@cached_view
def by_place(
    engine: Engine, p: Period, province: str, city: str | None, regions: pd.DataFrame
) -> pd.DataFrame:
    """Per city (or per county unit of one city): hours, volunteers and the rates of the map."""
    place = Place(city, "city") if city else Place(province, "province")
    key = ("county",) if city else ("city",)
    df = volunteer.volunteer_service(engine, p.start, p.end, place, by=key)
    df = with_population(df[df["adcode"].notna()], regions)
    if city:  # counties have no census population: no per-10k rates below the city
        df["population_10k"] = float("nan")
    df = per_10k_residents(df, "hours", "population_10k", "hours_per_10k")
    df = per_10k_residents(df, "volunteers", "population_10k", "volunteers_per_10k")
    df["hours_per_volunteer"] = df["hours"] / df["volunteers"].where(df["volunteers"] > 0)
    return df.reset_index(drop=True)


@cached_view  # computed on every run it took 4 % of the CPU under load (py-spy, load_bench)
def ranking(
    engine: Engine,
    p: Period,
    province: str,
    city: str | None,
    regions: pd.DataFrame,
    metric: str,
) -> pd.DataFrame:
    """Places ranked by a map metric with the previous period's value and the change."""
    cur = by_place(engine, p, province, city, regions)
    prev_p = periods.previous(p)
    old = by_place(engine, prev_p, province, city, regions)
    ranked = ranked_with_change(cur, old, metric).dropna(subset=["value"])
    names = dict(zip(regions["adcode"], regions["name"], strict=True))
    return ranked.assign(name=ranked["adcode"].map(names))


def field_mix(engine: Engine, p: Period, place: Place, language: str) -> pd.DataFrame:
    """Hours and volunteers per service field, in the vocabulary's order, with field names."""
    df = volunteer.volunteer_service(engine, p.start, p.end, place, by=("field",))
    order = {code: i for i, code in enumerate(VOLUNTEER_FIELDS)}
    df = df.assign(order=df["field"].map(order).fillna(len(order))).sort_values("order")
    df["name"] = [label(VOLUNTEER_FIELDS, f, language) for f in df["field"]]
    df["hours_per_volunteer"] = df["hours"] / df["volunteers"].where(df["volunteers"] > 0)
    return df.drop(columns="order").reset_index(drop=True)


FIELD_TITLES = {"page": "volunteer.fields.chart", "briefing": "briefing.chart_fields"}


def fields(
    engine: Engine,
    p: Period,
    place: Place,
    lang: str,
    audience: Literal["page", "briefing"] = "page",
) -> BreakdownView:
    """Hours per service field as the page draws them (with shares) or the briefing does."""
    page = audience == "page"
    return breakdown_view(
        "volunteer_fields",
        field_mix(engine, p, place, lang),
        "hours",
        title=t(FIELD_TITLES[audience], lang),
        unit=t("unit.hours", lang),
        lang=lang,
        color=BLUE if page else ACCENT,
        share_of_total=page,
    )


def _bucket_bounds(day: dt.date, granularity: str) -> tuple[dt.date, dt.date]:
    """First and last day of the week, month or quarter a day falls in."""
    if granularity == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    kind = "month" if granularity == "month" else "quarter"
    p = periods.containing(kind, day)
    return p.start, p.end


def _whole_buckets(
    engine: Engine, first: dt.date, last: dt.date, place: Place, granularity: str
) -> pd.DataFrame:
    """Hours per whole bucket, from the bucket holding `first` to the last one ended by `last`."""
    start = _bucket_bounds(first, granularity)[0]
    last_start, last_end = _bucket_bounds(last, granularity)
    end = last if last_end == last else last_start - dt.timedelta(days=1)
    # With no whole bucket yet, end < start and the query returns an empty frame.
    return volunteer.volunteer_service(engine, start, end, place, by=(granularity,))


def trend(
    engine: Engine, p: Period, place: Place, granularity: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hours per whole week, month or quarter of the year up to the period's end, and the same
    span of the year before. A bucket not finished by the period's end is left out, so the
    line does not dip at a partial week."""
    first = p.end.replace(month=1, day=1)
    cur = _whole_buckets(engine, first, p.end, place, granularity)
    old = _whole_buckets(
        engine, first.replace(year=first.year - 1), _year_earlier(p.end), place, granularity
    )
    return cur, old


def _year_earlier(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@cached_view
def frozen_fields(engine: Engine, p: Period, place: Place, lang: str) -> ChartView:
    """The page's fields() frozen, built once per data version, scope and arguments."""
    return frozen(fields(engine, p, place, lang))
