"""Association figures for the associations page: stock by level, industry and place, coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlalchemy import Engine

from charts.theme import BLUE, NAVY
from data_access import associations
from data_access.aggregate import Place
from data_access.vocabulary import (
    ASSOCIATION_INDUSTRIES,
    ASSOCIATION_LEVELS,
    SURVEY_ISSUE_THEMES,
    label,
)
from i18n import t
from metrics.frames import records
from metrics.per_place import per_10k_residents, share_column
from metrics.periods import Period
from metrics.rates import per_10k, share
from services.breakdown_views import BreakdownView, breakdown_view
from services.place_population import population_10k, with_population

FIRST_REGISTRATION = dt.date(1980, 1, 1)


@dataclass(frozen=True)
class AssociationTotals:
    """Associations registered at the period end, by level, with coverage and new ones."""

    total: int
    by_level: dict[str, int]
    with_party_org: int
    coverage: float | None
    registered_in_period: int
    per_10k: float | None


def totals(engine: Engine, p: Period, place: Place, regions: pd.DataFrame) -> AssociationTotals:
    """The page's headline figures."""
    levels = associations.associations_active(engine, p.end, place, by=("level",))
    new = associations.associations_registered(engine, p.start, p.end, place)
    total = int(levels["associations"].sum()) if len(levels) else 0
    party = int(levels["with_party_org"].sum()) if len(levels) else 0
    pop = population_10k(regions, place)
    return AssociationTotals(
        total=total,
        by_level={r.level: int(r.associations) for r in records(levels)},
        with_party_org=party,
        coverage=share(party, total),
        registered_in_period=int(new["registered"].sum()) if len(new) else 0,
        per_10k=None if pop is None else per_10k(total, pop * 10_000),
    )


def by_category(
    engine: Engine, p: Period, place: Place, column: str, language: str
) -> pd.DataFrame:
    """Associations and Party coverage per level or industry, in the vocabulary's order."""
    vocab = ASSOCIATION_LEVELS if column == "level" else ASSOCIATION_INDUSTRIES
    df = associations.associations_active(engine, p.end, place, by=(column,))
    order = {code: i for i, code in enumerate(vocab)}
    df = df.assign(order=df[column].map(order).fillna(len(order))).sort_values("order")
    df["name"] = [label(vocab, c, language) for c in df[column]]
    df = share_column(df, "with_party_org", "associations", "party_coverage")
    return df.drop(columns="order").reset_index(drop=True)


BREAKDOWN_TITLES = {
    "page": {c: f"association.chart_by_{c}" for c in ("level", "industry")},
    "briefing": {"level": "briefing.chart_assoc_levels"},
}


def breakdown(
    engine: Engine,
    p: Period,
    place: Place,
    column: str,
    lang: str,
    audience: Literal["page", "briefing"] = "page",
) -> BreakdownView:
    """Associations per level or industry at the period end as the page draws them (with
    shares) or the briefing does (levels only)."""
    page = audience == "page"
    return breakdown_view(
        f"association_{column}",
        by_category(engine, p, place, column, lang),
        "associations",
        title=t(BREAKDOWN_TITLES[audience][column], lang),
        unit=t("unit.associations", lang),
        lang=lang,
        color=BLUE if page else NAVY,
        share_of_total=page,
    )


def by_place(
    engine: Engine, p: Period, province: str, city: str | None, regions: pd.DataFrame
) -> pd.DataFrame:
    """Per city (or county unit of one city): associations, per 10k residents, coverage.

    City figures hold the city- and county-level associations of the city; provincial
    associations sit on the province and appear on no city.
    """
    place = Place(city, "city") if city else Place(province, "province")
    key = ("county",) if city else ("city",)
    df = associations.associations_active(engine, p.end, place, by=key)
    df = with_population(df[df["adcode"].notna()], regions)
    if city:
        df["population_10k"] = float("nan")
    df = per_10k_residents(df, "associations", "population_10k", "associations_per_10k")
    df = share_column(df, "with_party_org", "associations", "party_coverage")
    return df.reset_index(drop=True)


def registrations(engine: Engine, p: Period, place: Place) -> pd.DataFrame:
    """Associations registered per year, from the first record to the period's end."""
    df = associations.associations_registered(
        engine, FIRST_REGISTRATION, p.end, place, by=("year",)
    )
    df["year"] = [d.year for d in df["period"]]
    return df


def survey(
    engine: Engine, year: int, place: Place, language: str
) -> tuple[dict[str, int], pd.DataFrame]:
    """The year's survey counts and the issues collected by theme (named, largest first)."""
    counts = associations.survey_summary(engine, year, place)
    themes = associations.survey_issue_themes(engine, year, place)
    themes = themes.assign(
        name=[label(SURVEY_ISSUE_THEMES, c, language) for c in themes["theme"]]
    ).sort_values(["associations", "theme"], ascending=[False, True], ignore_index=True)
    return counts, themes
