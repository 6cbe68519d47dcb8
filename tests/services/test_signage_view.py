"""The signage page's figures on the demo database against the published 2024 figures: over
400,000 plaques removed, village plaques 140 → 21 kinds, mechanisms 27 → 7, 15 internal kinds."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from metrics import periods
from services import signage_view as sv
from tests.conftest import published_facts

PROVINCE = Place("440000", "province")
GUANGZHOU = Place("440100", "city")
YEAR = periods.year(2024)
FACTS = published_facts()["guangdong_2024"]


def test_totals_reproduce_the_published_figures(sqlite_engine: Engine) -> None:
    tot = sv.totals(sqlite_engine, YEAR, PROVINCE)
    assert tot.plaques_removed >= FACTS["signs_removed"]["min"]
    assert (tot.kind("village", "before"), tot.kind("village", "after")) == (
        FACTS["village_sign_types_before"]["value"], FACTS["village_sign_types_after"]["value"]
    )  # fmt: skip
    assert (tot.kind("mechanism", "before"), tot.kind("mechanism", "after")) == (
        FACTS["village_work_mechanisms_before"]["value"],
        FACTS["village_work_mechanisms_after"]["value"],
    )
    assert tot.kind("internal", "after") == FACTS["internal_sign_types_after"]["value"]
    assert tot.kind("internal", "before") is None  # not published
    assert tot.kind("nowhere", "after") is None
    assert tot.observation_points > 0


def test_the_weekly_trend_runs_up_to_the_years_total(sqlite_engine: Engine) -> None:
    tot = sv.totals(sqlite_engine, YEAR, PROVINCE)
    trend = sv.removal_trend(sqlite_engine, YEAR, PROVINCE)
    assert trend["cumulative"].is_monotonic_increasing
    assert trend["cumulative"].iloc[-1] == tot.plaques_removed


def test_cities_and_counties_add_up(sqlite_engine: Engine) -> None:
    tot = sv.totals(sqlite_engine, YEAR, PROVINCE)
    cities = sv.by_place(sqlite_engine, YEAR, "440000", None)
    assert len(cities) == 21 and cities["plaques_removed"].sum() == tot.plaques_removed
    gz = sv.totals(sqlite_engine, YEAR, GUANGZHOU).plaques_removed
    counties = sv.by_place(sqlite_engine, YEAR, "440000", "440100")
    assert counties["plaques_removed"].sum() == gz
    row = cities.set_index("adcode").loc["440100"]
    assert row["per_unit"] == pytest.approx(row["plaques_removed"] / row["units"])


def test_a_citys_kinds_are_its_county_average(sqlite_engine: Engine) -> None:
    assert sv.place_kinds(sqlite_engine, PROVINCE) is None  # the province has the catalogue
    kinds = sv.place_kinds(sqlite_engine, GUANGZHOU)
    assert kinds is not None and kinds["counties"] == 11
    assert kinds["kinds_now"] < kinds["kinds_before"]
    assert kinds["mechanisms_now"] < kinds["mechanisms_before"]


def test_laggards_rank_the_most_kinds_still_hung_first(sqlite_engine: Engine) -> None:
    lag = sv.laggards(sqlite_engine, PROVINCE, FACTS["village_sign_types_after"]["value"])
    assert lag["rank"].iloc[0] == 1
    assert lag["plaque_kinds_now"].is_monotonic_decreasing
    assert (lag["over_standard"] == lag["plaque_kinds_now"] - 21).all()
