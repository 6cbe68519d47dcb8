"""Suggestion figures for the suggestions page: breakdowns, funnel, timeliness and backlog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlalchemy import Engine

from charts.theme import BLUE, NAVY
from data_access import suggestions
from data_access.aggregate import Place
from data_access.cache import cached_view
from data_access.vocabulary import (
    COLLECTION_LEVELS,
    PETITION_CHANNEL,
    SUGGESTION_CATEGORIES,
    SUGGESTION_CHANNELS,
    label,
)
from i18n import t
from metrics.handling import Satisfaction, handling_funnel, satisfaction
from metrics.per_place import per_10k_residents
from metrics.periods import Period
from metrics.timeliness import Timeliness, backlog_by_band, backlog_by_place, timeliness
from services.breakdown_views import BreakdownView, breakdown_view
from services.place_population import with_population
from services.trend_views import ChartView, frozen

VOCABULARY = {
    "channel": SUGGESTION_CHANNELS,
    "category": SUGGESTION_CATEGORIES,
    "collection_level": COLLECTION_LEVELS,
}
BREAKDOWN_TITLES = {
    "page": {c: f"suggestion.by_{c}" for c in VOCABULARY},
    "briefing": {"channel": "briefing.chart_channels"},
}


@dataclass(frozen=True)
class Limits:
    """The petition-work time limits in days (settings)."""

    acceptance: int
    conclusion: int


@dataclass(frozen=True)
class Handling:
    """Counts, funnel, timeliness, satisfaction and backlog of a period and place."""

    received: int
    petition: int
    other: int
    funnel: pd.DataFrame
    acceptance: Timeliness
    conclusion: Timeliness
    acceptance_hist: pd.DataFrame
    conclusion_hist: pd.DataFrame
    satisfaction: Satisfaction
    backlog_as_of: dt.date
    backlog_bands: pd.DataFrame


def backlog_day(p: Period, data_as_of: dt.date | None) -> dt.date:
    """The day the backlog is counted on: the period's end, or the data date when earlier."""
    return p.end if data_as_of is None else min(p.end, data_as_of)


@cached_view  # computed on every run it took 3 % of the CPU under load (py-spy, load_bench)
def handling(
    engine: Engine, p: Period, place: Place, data_as_of: dt.date | None, limits: Limits
) -> Handling:
    """Everything the page's cards, funnel and timeliness charts show."""
    status_day = data_as_of or p.end
    counts = suggestions.suggestion_counts(engine, p.start, p.end, place, by=("channel",))
    received = int(counts["received"].sum()) if len(counts) else 0
    petition = int(counts.loc[counts["channel"] == PETITION_CHANNEL, "received"].sum())

    def total(col: str) -> int:
        return int(counts[col].sum()) if len(counts) else 0

    acc = suggestions.acceptance_days(engine, p.start, p.end, place, status_day)
    con = suggestions.conclusion_days(engine, p.start, p.end, place, status_day)
    day = backlog_day(p, data_as_of)
    backlog = suggestions.open_backlog(engine, day, place)
    return Handling(
        received=received,
        petition=petition,
        other=received - petition,
        funnel=handling_funnel(received, total("accepted"), total("concluded"), total("adopted")),
        acceptance=timeliness(acc, limits.acceptance),
        conclusion=timeliness(con, limits.conclusion),
        acceptance_hist=acc,
        conclusion_hist=con,
        satisfaction=satisfaction(suggestions.satisfaction_counts(engine, p.start, p.end, place)),
        backlog_as_of=day,
        backlog_bands=backlog_by_band(backlog, limits.acceptance, limits.conclusion),
    )


def by_category(
    engine: Engine, p: Period, place: Place, column: str, language: str
) -> pd.DataFrame:
    """Received, accepted, concluded and adopted per channel, category or collection level."""
    vocab = VOCABULARY[column]
    df = suggestions.suggestion_counts(engine, p.start, p.end, place, by=(column,))
    order = {code: i for i, code in enumerate(vocab)}
    df = df.assign(order=df[column].map(order).fillna(len(order))).sort_values("order")
    df["name"] = [label(vocab, c, language) for c in df[column]]
    return df.drop(columns="order").reset_index(drop=True)


def breakdown(
    engine: Engine,
    p: Period,
    place: Place,
    column: str,
    lang: str,
    audience: Literal["page", "briefing"] = "page",
) -> BreakdownView:
    """Suggestions received per channel, category or collection level as the page draws them
    (with shares) or the briefing does (channels only)."""
    title = t(BREAKDOWN_TITLES[audience][column], lang)
    page = audience == "page"
    return breakdown_view(
        f"suggestion_{column}",
        by_category(engine, p, place, column, lang),
        "received",
        title=title,
        unit=t("unit.items", lang),
        lang=lang,
        color=BLUE if page else NAVY,
        share_of_total=page,
    )


@cached_view
def by_place(
    engine: Engine,
    p: Period,
    province: str,
    city: str | None,
    regions: pd.DataFrame,
    data_as_of: dt.date | None,
    limits: Limits,
) -> pd.DataFrame:
    """Per city (or county unit of one city): received, per 10k, open backlog and overdue."""
    place = Place(city, "city") if city else Place(province, "province")
    key = ("county",) if city else ("city",)
    got = suggestions.suggestion_counts(engine, p.start, p.end, place, by=key)
    day = backlog_day(p, data_as_of)
    hist = suggestions.open_backlog(engine, day, place, by=key, with_age=False)
    open_ = backlog_by_place(hist, limits.acceptance, limits.conclusion)
    df = got[["adcode", "received"]].merge(open_, on="adcode", how="outer")
    df = df[df["adcode"].notna()].fillna({"received": 0, "open": 0, "overdue": 0})
    df = with_population(df, regions)
    if city:
        df["population_10k"] = float("nan")
    df = per_10k_residents(df, "received", "population_10k", "received_per_10k")
    return df.reset_index(drop=True)


@cached_view  # three tabs built on every run took 5 % of the CPU under load (py-spy, load_bench)
def frozen_breakdown(engine: Engine, p: Period, place: Place, column: str, lang: str) -> ChartView:
    """The page's breakdown() frozen, built once per data version, scope and arguments."""
    return frozen(breakdown(engine, p, place, column, lang))
