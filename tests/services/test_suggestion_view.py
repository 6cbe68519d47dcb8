"""The suggestions page's figures on the demo database against the published 2024 figures:
38,389 suggestion-type petitions and 41,726 suggestions through other channels."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from metrics import periods
from services import suggestion_view as sgv
from tests.conftest import published_facts

PROVINCE = Place("440000", "province")
YEAR = periods.year(2024)
FACTS = published_facts()["guangdong_2024"]
PETITION = FACTS["suggestions_petition_channel"]["value"]
OTHER = FACTS["suggestions_other_channels"]["value"]
LIMITS = sgv.Limits(acceptance=15, conclusion=60)
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def handled(sqlite_engine: Engine) -> sgv.Handling:
    return sgv.handling(sqlite_engine, YEAR, PROVINCE, AS_OF, LIMITS)


def test_the_two_channels_reproduce_the_published_figures(handled: sgv.Handling) -> None:
    assert (handled.petition, handled.other) == (PETITION, OTHER)
    assert handled.received == PETITION + OTHER


def test_the_funnel_starts_at_what_was_received(handled: sgv.Handling) -> None:
    funnel = handled.funnel.set_index("stage")
    assert funnel.loc["received", "items"] == PETITION + OTHER
    assert funnel["items"].is_monotonic_decreasing
    assert funnel.loc["adopted", "of_received"] == pytest.approx(
        funnel.loc["adopted", "items"] / (PETITION + OTHER)
    )


def test_timeliness_against_the_limits(handled: sgv.Handling) -> None:
    acc, con = handled.acceptance, handled.conclusion
    assert (acc.limit_days, con.limit_days) == (15, 60)
    assert acc.on_time + acc.late + acc.pending == handled.acceptance_hist["items"].sum()
    assert acc.median_days is not None and acc.median_days <= con.median_days  # type: ignore[operator]  # both known in the demo
    assert 0 < handled.satisfaction.satisfied_share <= 1  # type: ignore[operator]  # known in the demo


def test_the_backlog_is_counted_on_the_periods_end(handled: sgv.Handling) -> None:
    assert handled.backlog_as_of == dt.date(2024, 12, 31)
    assert sgv.backlog_day(YEAR, dt.date(2024, 6, 30)) == dt.date(2024, 6, 30)
    assert sgv.backlog_day(YEAR, None) == YEAR.end
    bands = handled.backlog_bands
    assert bands["band"].tolist() == ["0-15", "16-30", "31-60", "61-90", ">90"]
    assert (bands["overdue"] <= bands["open"]).all()


def test_channels_in_the_vocabularys_order(sqlite_engine: Engine) -> None:
    channels = sgv.by_category(sqlite_engine, YEAR, PROVINCE, "channel", "zh")
    assert channels["channel"].iloc[0] == "petition" and channels["name"].iloc[0] == "信访渠道"
    assert channels["received"].iloc[0] == PETITION
    assert channels["received"].iloc[1:].sum() == OTHER
    levels = sgv.by_category(sqlite_engine, YEAR, PROVINCE, "collection_level", "zh")
    assert len(levels) == FACTS["suggestion_collection_levels"]["value"]  # province to village


def test_cities_hold_all_but_what_the_province_collected(sqlite_engine: Engine) -> None:
    places = regions(sqlite_engine)
    cities = sgv.by_place(sqlite_engine, YEAR, "440000", None, places, AS_OF, LIMITS)
    levels = sgv.by_category(sqlite_engine, YEAR, PROVINCE, "collection_level", "zh")
    at_province = int(levels.set_index("collection_level").loc["province", "received"])
    assert len(cities) == 21
    assert cities["received"].sum() == PETITION + OTHER - at_province
    gz = cities.set_index("adcode").loc["440100"]
    assert gz["received_per_10k"] == pytest.approx(gz["received"] / 1868)
    assert (cities["overdue"] <= cities["open"]).all()
