"""A place's resident population for per-10k rates: its own figure, the province as the sum of
its cities when every city has one, none for a county without one; and per-10k drilling only
where every county unit of a city has a figure."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from services.place_population import counties_have_population, population_10k, with_population

NAN = float("nan")


def _regions(gz_population: float = 1868.0, county: float = NAN) -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("440000", "广东省", "province", None, False, NAN),
            ("440100", "广州市", "city", "440100", False, gz_population),
            ("440103", "荔湾区", "county", "440100", True, county),
            ("440300", "深圳市", "city", "440300", False, 1756.0),
        ],
        columns=["adcode", "name", "level", "city_adcode", "is_county_unit", "population_10k"],
    )


def test_the_province_is_the_sum_of_its_cities() -> None:
    assert population_10k(_regions(), Place("440000", "province")) == 1868 + 1756
    assert population_10k(_regions(gz_population=NAN), Place("440000", "province")) is None


def test_a_place_with_its_own_figure_and_one_without() -> None:
    assert population_10k(_regions(), Place("440100", "city")) == 1868
    assert population_10k(_regions(), Place("440103", "county")) is None
    assert population_10k(_regions(county=90.0), Place("440103", "county")) == 90


def test_drilling_per_10k_needs_every_county_units_figure() -> None:
    assert not counties_have_population(_regions(), "440100")
    assert counties_have_population(_regions(county=90.0), "440100")
    assert not counties_have_population(_regions(), "440300")  # no county unit at all


def test_with_population_joins_name_and_figure_without_changing_its_input() -> None:
    values = pd.DataFrame({"adcode": ["440300", "440100"], "hours": [5.0, 7.0]})
    before = values.copy()
    out = with_population(values, _regions())
    pd.testing.assert_frame_equal(values, before)
    assert out["name"].tolist() == ["深圳市", "广州市"]
    assert out["population_10k"].tolist() == [1756, 1868]


def test_the_demo_province_is_the_2020_census(sqlite_engine: Engine) -> None:
    assert population_10k(regions(sqlite_engine), Place("440000", "province")) == pytest.approx(
        12_601
    )
