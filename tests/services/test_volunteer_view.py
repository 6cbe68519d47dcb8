"""The volunteer page's figures on the demo database: totals, per place, ranking, field mix and
the trend of whole weeks. Volunteer hours are synthetic (not published): the checks are that the
views agree with one another and with the province's population."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from data_access.vocabulary import VOLUNTEER_FIELDS
from metrics import periods
from services import volunteer_view as vv

PROVINCE = Place("440000", "province")
YEAR = periods.year(2024)


@pytest.fixture(scope="module")
def places(sqlite_engine: Engine) -> pd.DataFrame:
    return regions(sqlite_engine)


def test_totals_of_the_province(sqlite_engine: Engine, places: pd.DataFrame) -> None:
    tot = vv.totals(sqlite_engine, YEAR, PROVINCE, places)
    assert tot.hours > 0 and tot.volunteers > 0
    assert tot.population_10k == pytest.approx(12_601)  # the 2020 census, FACTS.md
    assert tot.hours_per_10k == pytest.approx(tot.hours / 12_601)
    assert tot.per_volunteer == pytest.approx(tot.hours / tot.volunteers)
    assert tot.hours_previous == tot.hours_last_year  # a year's previous period is last year


def test_the_cities_add_up_to_the_province(sqlite_engine: Engine, places: pd.DataFrame) -> None:
    tot = vv.totals(sqlite_engine, YEAR, PROVINCE, places)
    cities = vv.by_place(sqlite_engine, YEAR, "440000", None, places)
    assert len(cities) == 21
    assert cities["hours"].sum() == pytest.approx(tot.hours)
    gz = cities.set_index("adcode").loc["440100"]
    assert gz["name"] == "广州市" and gz["population_10k"] == 1868
    assert gz["hours_per_10k"] == pytest.approx(gz["hours"] / 1868)


def test_a_citys_counties_have_no_per_10k_rate(sqlite_engine: Engine, places: pd.DataFrame) -> None:
    gz = vv.totals(sqlite_engine, YEAR, Place("440100", "city"), places)
    counties = vv.by_place(sqlite_engine, YEAR, "440000", "440100", places)
    assert len(counties) == 11 and counties["hours"].sum() == pytest.approx(gz.hours)
    assert counties["hours_per_10k"].isna().all()
    assert counties["hours_per_volunteer"].notna().all()


def test_ranking_puts_the_largest_first(sqlite_engine: Engine, places: pd.DataFrame) -> None:
    ranked = vv.ranking(sqlite_engine, YEAR, "440000", None, places, "hours")
    assert ranked["rank"].tolist() == list(range(1, 22))
    assert ranked["value"].is_monotonic_decreasing
    first = ranked.iloc[0]
    assert first["change"] == pytest.approx(first["value"] - first["previous"])
    assert first["name"] == "广州市"


def test_field_mix_in_the_vocabularys_order(sqlite_engine: Engine) -> None:
    tot = vv.totals(sqlite_engine, YEAR, PROVINCE, regions(sqlite_engine))
    mix = vv.field_mix(sqlite_engine, YEAR, PROVINCE, "zh")
    assert mix["field"].tolist() == [f for f in VOLUNTEER_FIELDS if f in set(mix["field"])]
    assert mix["hours"].sum() == pytest.approx(tot.hours)
    assert mix.set_index("field").loc["community", "name"] == "社区服务"
    assert vv.field_mix(sqlite_engine, YEAR, PROVINCE, "en")["name"].iloc[0] != "社区服务"


def test_the_trend_holds_whole_weeks_only(sqlite_engine: Engine) -> None:
    cur, old = vv.trend(sqlite_engine, periods.month(2024, 3), PROVINCE, "week")
    # 2024 began on a Monday and 31 March was a Sunday: 13 whole weeks
    assert len(cur) == 13 and str(cur["period"].iloc[-1]) == "2024-03-25"
    # 31 March 2023 was a Friday: that week is left out
    assert str(old["period"].iloc[-1]) == "2023-03-20"
