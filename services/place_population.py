"""Resident population (2020 census, 10,000s) of a place, known for cities and the province."""

from __future__ import annotations

import pandas as pd

from data_access.aggregate import Place


def population_10k(regions: pd.DataFrame, place: Place) -> float | None:
    """The place's population: a city's census figure, the sum of cities, None for counties."""
    if place.level == "province":
        pop = regions.loc[regions["level"] == "city", "population_10k"]
        return float(pop.sum()) if pop.notna().all() and len(pop) else None
    if place.level == "city":
        pop = regions.loc[regions["adcode"] == place.adcode, "population_10k"]
        return float(pop.iloc[0]) if len(pop) and pd.notna(pop.iloc[0]) else None
    return None


def with_population(values: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """A copy of a per-place frame (adcode, …) with name and population_10k joined on."""
    names = regions[["adcode", "name", "population_10k"]]
    return values.merge(names, on="adcode", how="left")
