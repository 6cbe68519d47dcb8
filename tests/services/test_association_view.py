"""The associations page's figures on the demo database against the published 2024 figures:
6,000+ associations, 1,100 provincial, and the survey's 175 / 300 / 394."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from metrics import periods
from services import association_view as av
from tests.conftest import published_facts

PROVINCE = Place("440000", "province")
YEAR = periods.year(2024)
FACTS = published_facts()["guangdong_2024"]


@pytest.fixture(scope="module")
def places(sqlite_engine: Engine) -> pd.DataFrame:
    return regions(sqlite_engine)


def test_totals_reproduce_the_published_figures(
    sqlite_engine: Engine, places: pd.DataFrame
) -> None:
    tot = av.totals(sqlite_engine, YEAR, PROVINCE, places)
    assert tot.total >= FACTS["associations_total"]["min"]
    assert tot.by_level["province"] == FACTS["associations_provincial"]["value"]
    assert sum(tot.by_level.values()) == tot.total
    assert tot.coverage == pytest.approx(tot.with_party_org / tot.total)
    assert tot.per_10k == pytest.approx(tot.total / 12_601)


def test_levels_in_order_with_their_coverage(sqlite_engine: Engine) -> None:
    levels = av.by_category(sqlite_engine, YEAR, PROVINCE, "level", "zh")
    assert levels["name"].tolist() == ["省级", "市级", "县级"]
    assert levels["associations"].iloc[0] == FACTS["associations_provincial"]["value"]
    row = levels.iloc[0]
    assert row["party_coverage"] == pytest.approx(row["with_party_org"] / row["associations"])


def test_industries_add_up_to_the_total(sqlite_engine: Engine, places: pd.DataFrame) -> None:
    tot = av.totals(sqlite_engine, YEAR, PROVINCE, places)
    industries = av.by_category(sqlite_engine, YEAR, PROVINCE, "industry", "zh")
    assert industries["associations"].sum() == tot.total


def test_cities_hold_all_but_the_provincial_associations(
    sqlite_engine: Engine, places: pd.DataFrame
) -> None:
    tot = av.totals(sqlite_engine, YEAR, PROVINCE, places)
    cities = av.by_place(sqlite_engine, YEAR, "440000", None, places)
    assert len(cities) == 21
    assert cities["associations"].sum() == tot.total - tot.by_level["province"]
    gz = av.totals(sqlite_engine, YEAR, Place("440100", "city"), places)
    assert cities.set_index("adcode").loc["440100", "associations"] == gz.total
    counties = av.by_place(sqlite_engine, YEAR, "440000", "440100", places)
    assert counties["associations"].sum() == gz.total
    assert counties["associations_per_10k"].isna().all()


def test_registrations_per_year_end_with_the_periods_new_ones(
    sqlite_engine: Engine, places: pd.DataFrame
) -> None:
    tot = av.totals(sqlite_engine, YEAR, PROVINCE, places)
    years = av.registrations(sqlite_engine, YEAR, PROVINCE)
    assert years["year"].iloc[-1] == 2024
    assert years["registered"].iloc[-1] == tot.registered_in_period


def test_the_survey_reproduces_the_published_counts(sqlite_engine: Engine) -> None:
    counts, themes = av.survey(sqlite_engine, 2024, PROVINCE, "zh")
    assert counts == {
        "visited": FACTS["associations_visited"]["value"],
        "questionnaires": FACTS["association_questionnaires"]["value"],
        "issues_collected": FACTS["associations_issues_collected"]["value"],
    }
    assert themes["associations"].sum() == FACTS["associations_issues_collected"]["value"]
    assert themes["associations"].is_monotonic_decreasing
    assert themes["name"].notna().all()
