"""Resident population (10,000s) of a place: the latest imported figure (dataset 常住人口), else
the 2020 census shipped for the province's cities."""

from __future__ import annotations

import pandas as pd

from data_access.aggregate import Place


def population_10k(regions: pd.DataFrame, place: Place) -> float | None:
    """The place's population: its own figure; for the province without one, the sum of its
    cities when every city has one; None when unknown."""
    own = regions.loc[regions["adcode"] == place.adcode, "population_10k"]
    if len(own) and pd.notna(own.iloc[0]):
        return float(own.iloc[0])
    if place.level == "province":
        pop = regions.loc[regions["level"] == "city", "population_10k"]
        return float(pop.sum()) if pop.notna().all() and len(pop) else None
    return None


def counties_have_population(regions: pd.DataFrame, city: str) -> bool:
    """True when every county unit of a city has a population (so per-10k maps can drill)."""
    units = regions[(regions["city_adcode"] == city) & regions["is_county_unit"].astype(bool)]
    return bool(len(units)) and bool(units["population_10k"].notna().all())


def with_population(values: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """A copy of a per-place frame (adcode, …) with name and population_10k joined on."""
    names = regions[["adcode", "name", "population_10k"]]
    return values.merge(names, on="adcode", how="left")
