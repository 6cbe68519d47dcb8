"""The buildout page's figures on the demo database against the published 2024 figures: the
provincial department unveiled on 18 January, all 21 city and 122 county departments formed by
31 July, and 17.6 community workers per 10,000 urban residents."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from services import buildout_view as bv
from tests.conftest import published_facts

PROVINCE = Place("440000", "province")
GUANGZHOU = Place("440100", "city")
FACTS = published_facts()["guangdong_2024"]
FOUNDED = dt.date.fromisoformat(FACTS["province_dept_established"]["value"])
COMPLETE = dt.date.fromisoformat(FACTS["three_levels_complete_by"]["value"])
CITIES = FACTS["city_departments"]["value"]
COUNTIES = FACTS["county_departments"]["value"]


@pytest.fixture(scope="module")
def names(sqlite_engine: Engine) -> dict[str, str]:
    places = regions(sqlite_engine)
    return dict(zip(places["adcode"], places["name"], strict=True))


def test_every_department_formed_by_the_published_day(sqlite_engine: Engine) -> None:
    f = bv.formation(sqlite_engine, PROVINCE, COMPLETE)
    assert f.formed == {
        "province": (1, 1),
        "city": (CITIES, CITIES),
        "county": (COUNTIES, COUNTIES),
    }
    assert (f.founded, f.complete) == (FOUNDED, COMPLETE)
    assert not f.is_empty


def test_part_formed_before_then(sqlite_engine: Engine) -> None:
    spring = bv.formation(sqlite_engine, PROVINCE, dt.date(2024, 3, 31)).formed
    assert spring["province"] == (1, 1)
    assert 0 < spring["city"][0] < CITIES and 0 < spring["county"][0] < COUNTIES


def test_the_replay_covers_the_founding_year(sqlite_engine: Engine) -> None:
    assert bv.replay_range(sqlite_engine) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_progress_ends_with_every_level_complete(sqlite_engine: Engine) -> None:
    prog = bv.progress(sqlite_engine, PROVINCE, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    last = prog[prog["day"] == prog["day"].max()].set_index("level")
    assert last.loc["county", ["formed", "total"]].tolist() == [COUNTIES, COUNTIES]
    assert last.loc["city", ["formed", "total"]].tolist() == [CITIES, CITIES]


def test_guangzhous_departments_and_days(sqlite_engine: Engine, names: dict[str, str]) -> None:
    deps = bv.department_list(sqlite_engine, GUANGZHOU, COMPLETE)
    assert len(deps) == 12 and deps["formed"].all()  # the city and its 11 districts
    assert ((deps["days_taken"] >= 0) & (deps["fill_rate"] <= 1)).all()
    days, kind = bv.days_taken(sqlite_engine, GUANGZHOU, names)
    assert kind == "departments" and "广州市（市级）" in set(days["name"])
    assert days["days"].is_monotonic_increasing


def test_days_per_city_from_the_founding(sqlite_engine: Engine, names: dict[str, str]) -> None:
    days, kind = bv.days_taken(sqlite_engine, PROVINCE, names)
    assert kind == "cities" and len(days) == CITIES
    assert days["counties_days"].max() == (COMPLETE - FOUNDED).days
    assert days["name"].notna().all()


def test_staffing_per_city(sqlite_engine: Engine, names: dict[str, str]) -> None:
    staff = bv.staffing_by_place(sqlite_engine, PROVINCE, names)
    assert len(staff) == CITIES
    gz = staff.set_index("adcode").loc["440100"]
    assert gz["fill_rate"] == pytest.approx(gz["posts_filled"] / gz["posts_authorised"])
    within = bv.staffing_by_place(sqlite_engine, GUANGZHOU, names)
    assert "广州市（市级）" in set(within["name"])


def test_community_workers_reproduce_the_published_ratio(
    sqlite_engine: Engine, names: dict[str, str]
) -> None:
    w = bv.workforce(sqlite_engine, 2024, PROVINCE, PROVINCE, names)
    assert round(w.province, 1) == FACTS["community_workers_per_10k_urban"]["value"]  # type: ignore[arg-type]  # set in the demo
    assert w.place == w.province and len(w.by_city) == CITIES
    gz = bv.workforce(sqlite_engine, 2024, GUANGZHOU, PROVINCE, names)
    row = gz.by_city.set_index("adcode").loc["440100"]
    assert gz.place == pytest.approx(row["community_workers"] / row["urban_residents"] * 10_000)
    county = bv.workforce(sqlite_engine, 2024, Place("440103", "county"), PROVINCE, names)
    assert county.place is None


def test_the_years_milestones_begin_with_the_unveiling(sqlite_engine: Engine) -> None:
    ms = bv.milestones_of_years(sqlite_engine, 2024, 2024)
    assert ms["happened_on"].iloc[0] == FOUNDED
    assert ms["title_zh"].iloc[0] == "省委社会工作部揭牌成立"
