"""Aggregates: SQLite and PostgreSQL agree to the row; city totals add up from counties."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import associations, suggestions, volunteer
from data_access.aggregate import Place

PROVINCE = Place("440000", "province")
GUANGZHOU = Place("440100", "city")
Y2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Frames equal up to float rounding and row order."""
    keys = [c for c in a.columns if a[c].dtype == object]
    a = a.sort_values(keys).reset_index(drop=True)
    b = b.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-9)


@pytest.mark.parametrize(
    "by", [("city",), ("week",), ("month",), ("quarter",), ("year",), ("field",), ("city", "field")]
)
def test_volunteer_aggregates_agree(sqlite_engine: Engine, pg_engine: Engine, by: tuple) -> None:
    a = volunteer.volunteer_service.uncached(sqlite_engine, *Y2024, PROVINCE, by=by)
    b = volunteer.volunteer_service.uncached(pg_engine, *Y2024, PROVINCE, by=by)
    assert len(a) > 0
    _same(a, b)


def test_suggestion_aggregates_agree(sqlite_engine: Engine, pg_engine: Engine) -> None:
    for by in [("channel",), ("county",), ("collection_level", "category")]:
        _same(
            suggestions.suggestion_counts.uncached(sqlite_engine, *Y2024, GUANGZHOU, by=by),
            suggestions.suggestion_counts.uncached(pg_engine, *Y2024, GUANGZHOU, by=by),
        )


def test_weeks_start_on_monday(engine: Engine) -> None:
    df = volunteer.volunteer_service(engine, *Y2024, PROVINCE, by=("week",))
    assert all(d.weekday() == 0 for d in df["period"])
    assert df["period"].iloc[0] == dt.date(2024, 1, 1)


def test_quarters_are_four(engine: Engine) -> None:
    df = volunteer.volunteer_service(engine, *Y2024, PROVINCE, by=("quarter",))
    assert [d.month for d in df["period"]] == [1, 4, 7, 10]


def test_city_total_is_its_counties_plus_the_city_itself(engine: Engine) -> None:
    by_city = suggestions.suggestion_counts(engine, *Y2024, PROVINCE, by=("city",))
    gz_total = int(by_city.loc[by_city["adcode"] == "440100", "received"].iloc[0])
    by_county = suggestions.suggestion_counts(engine, *Y2024, GUANGZHOU, by=("county",))
    assert "440100" in set(by_county["adcode"])  # city-level suggestions stay on the city
    assert int(by_county["received"].sum()) == gz_total


def test_province_total_includes_province_level_records(engine: Engine) -> None:
    total = suggestions.suggestion_counts(engine, *Y2024, PROVINCE)["received"].iloc[0]
    by_city = suggestions.suggestion_counts(engine, *Y2024, PROVINCE, by=("city",))
    province_level = by_city.loc[by_city["adcode"].isna(), "received"].sum()
    assert province_level > 0
    assert by_city["received"].sum() == total


def test_associations_on_a_day_count_only_those_registered(engine: Engine) -> None:
    end_2024 = associations.associations_active(engine, dt.date(2024, 12, 31), PROVINCE)
    end_2025 = associations.associations_active(engine, dt.date(2025, 12, 31), PROVINCE)
    assert int(end_2025["associations"].iloc[0]) > int(end_2024["associations"].iloc[0])


def test_a_county_filter_returns_only_that_county(engine: Engine) -> None:
    df = volunteer.volunteer_service(engine, *Y2024, Place("440103", "county"), by=("county",))
    assert list(df["adcode"]) == ["440103"]


def test_empty_period_gives_an_empty_frame_with_columns(engine: Engine) -> None:
    df = volunteer.volunteer_service(
        engine, dt.date(2030, 1, 1), dt.date(2030, 1, 7), PROVINCE, by=("city",)
    )
    assert df.empty and {"adcode", "hours", "volunteers"} <= set(df.columns)
