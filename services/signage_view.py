"""Burden-reduction figures for the signage page: totals, before → after, per place, laggards."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from data_access import signage
from data_access.aggregate import Place
from metrics import signage as ms
from metrics.periods import Period

MAP_METRICS = ("plaques_removed", "per_unit", "reduction_rate")


@dataclass(frozen=True)
class SignageTotals:
    """Plaques removed in the period and the catalogue's kinds before → after."""

    plaques_removed: int
    kinds: pd.DataFrame  # scope, before, after, removed, rate (metrics.signage.kind_changes)
    observation_points: int

    def kind(self, scope: str, col: str) -> int | None:
        """One figure of the catalogue (None when the scope or value is missing)."""
        row = self.kinds[self.kinds["scope"] == scope]
        if row.empty or pd.isna(row[col].iloc[0]):
            return None
        return int(row[col].iloc[0])


def totals(engine: Engine, period: Period, place: Place) -> SignageTotals:
    """The page's headline figures."""
    removed = signage.plaques_removed(engine, period.start, period.end, place)
    kinds = signage.plaque_kind_counts(engine)
    points = signage.observation_points(engine, place)
    return SignageTotals(
        plaques_removed=int(removed["plaques_removed"].sum()) if len(removed) else 0,
        kinds=ms.kind_changes(kinds),
        observation_points=len(points),
    )


def place_kinds(engine: Engine, place: Place) -> dict[str, float] | None:
    """Plaque kinds and mechanisms before → now of a city (county average) or a county."""
    if place.is_province:
        return None
    df = signage.signage_totals(engine, place)
    if df.empty or not df["counties"].sum():
        return None
    n = float(df["counties"].sum())
    return {
        "kinds_before": float(df["plaque_kinds_before"].sum()) / n,
        "kinds_now": float(df["plaque_kinds_now"].sum()) / n,
        "mechanisms_before": float(df["mechanisms_before"].sum()) / n,
        "mechanisms_now": float(df["mechanisms_now"].sum()) / n,
        "counties": n,
    }


def removal_trend(engine: Engine, period: Period, place: Place) -> pd.DataFrame:
    """Plaques removed per week (month or quarter for long periods) with the running total."""
    g = "week" if period.kind in ("year", "quarter", "month") else "day"
    df = signage.plaques_removed(engine, period.start, period.end, place, by=(g,))
    return ms.cumulative(df)


def by_place(engine: Engine, period: Period, province: str, city: str | None) -> pd.DataFrame:
    """Per city (or per county of one city): removed, per village/community, reduction rate."""
    place = Place(city, "city") if city else Place(province, "province")
    key = ("county",) if city else ("city",)
    removed = signage.plaques_removed(engine, period.start, period.end, place, by=key)
    status = signage.signage_totals(engine, place, by=key)
    df = ms.per_unit(removed, status)
    return df[df["adcode"].notna()].reset_index(drop=True)


def laggards(engine: Engine, place: Place, standard: int | None) -> pd.DataFrame:
    """County units of a place ranked by plaque kinds still hung, most first."""
    status = signage.signage_by_county(engine, place)
    return ms.laggards(status, standard or 0)


def observation_points(engine: Engine, place: Place) -> pd.DataFrame:
    """Observation points of a place (for markers and the record view)."""
    return signage.observation_points(engine, place)


def kinds_kept(engine: Engine) -> dict[str, list[str]]:
    """The catalogue's kinds kept after the clean-up: scope → Chinese names, in code order."""
    kept = signage.plaque_catalogue(engine)
    kept = kept[kept["retained"].astype(bool)]
    return {str(s): names.tolist() for s, names in kept.groupby("scope", sort=False)["name_zh"]}
