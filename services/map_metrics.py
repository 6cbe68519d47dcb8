"""Values of the overview map's metrics per city, or per county unit of one city."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data_access import associations, buildout, signage, suggestions, volunteer
from data_access.aggregate import Place
from metrics.periods import Period
from metrics.rates import per_10k_column

MAP_METRICS = (
    "volunteer_hours",
    "suggestions_received",
    "associations",
    "plaques_removed",
    "community_workers_per_10k",
)
CITY_ONLY = {"community_workers_per_10k"}


def map_values(
    engine: Engine, metric: str, period: Period, province: str, city: str | None = None
) -> pd.DataFrame:
    """Columns adcode and value: per city (city=None) or per county unit of one city."""
    place = Place(city, "city") if city else Place(province, "province")
    key = ("county",) if city else ("city",)
    if metric == "volunteer_hours":
        df = volunteer.volunteer_service(engine, period.start, period.end, place, by=key)
        df = df.rename(columns={"hours": "value"})
    elif metric == "suggestions_received":
        df = suggestions.suggestion_counts(engine, period.start, period.end, place, by=key)
        df = df.rename(columns={"received": "value"})
    elif metric == "associations":
        df = associations.associations_active(engine, period.end, place, by=key)
        df = df.rename(columns={"associations": "value"})
    elif metric == "plaques_removed":
        df = signage.plaques_removed(engine, period.start, period.end, place, by=key)
        df = df.rename(columns={"plaques_removed": "value"})
    elif metric == "community_workers_per_10k":
        if city:
            return pd.DataFrame(columns=["adcode", "value"])
        df = buildout.community_workers(engine, period.end.year, place, by=key)
        df = per_10k_column(df, "community_workers", "urban_residents", "value")
    else:
        raise ValueError(f"unknown map metric {metric!r}")
    df = df[df["adcode"].notna()]
    return df[["adcode", "value"]].reset_index(drop=True)
