"""The overview's headline figures agree with the area pages' own services, for the province and
for a city, so a card and its page never show two numbers for one figure. (The province's
published figures themselves: tests/data_access/test_published_figures.py.)"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from metrics import periods
from services import association_view as av
from services import buildout_view as bv
from services import signage_view as sv
from services import suggestion_view as sgv
from services import volunteer_view as vv
from services.headline import Headline, as_facts_json, headline

YEAR = periods.year(2024)
PLACES = [Place("440000", "province"), Place("440100", "city"), Place("440103", "county")]


@pytest.fixture(scope="module")
def places(sqlite_engine: Engine) -> pd.DataFrame:
    return regions(sqlite_engine)


@pytest.fixture(scope="module", params=PLACES, ids=[p.level for p in PLACES])
def place_and_headline(request: pytest.FixtureRequest, sqlite_engine: Engine) -> tuple:
    return request.param, headline(sqlite_engine, YEAR, request.param)


def test_volunteer_card_matches_the_volunteer_page(
    sqlite_engine: Engine, places: pd.DataFrame, place_and_headline: tuple[Place, Headline]
) -> None:
    place, h = place_and_headline
    page = vv.totals(sqlite_engine, YEAR, place, places)
    assert h.volunteer_hours.current == pytest.approx(page.hours)
    assert h.volunteer_hours.previous == pytest.approx(page.hours_previous)
    assert h.volunteers.current == pytest.approx(page.volunteers)


def test_association_card_matches_the_associations_page(
    sqlite_engine: Engine, places: pd.DataFrame, place_and_headline: tuple[Place, Headline]
) -> None:
    place, h = place_and_headline
    page = av.totals(sqlite_engine, YEAR, place, places)
    assert h.associations.current == page.total
    assert h.associations_by_level == page.by_level
    assert h.party_coverage == pytest.approx(page.coverage)


def test_plaque_card_matches_the_signage_page(
    sqlite_engine: Engine, place_and_headline: tuple[Place, Headline]
) -> None:
    place, h = place_and_headline
    page = sv.totals(sqlite_engine, YEAR, place)
    assert h.plaques_removed.current == page.plaques_removed
    assert h.plaque_kinds["village"]["after"] == page.kind("village", "after")


def test_suggestion_card_matches_the_suggestions_page(
    sqlite_engine: Engine, place_and_headline: tuple[Place, Headline]
) -> None:
    place, h = place_and_headline
    page = sgv.handling(sqlite_engine, YEAR, place, dt.date(2025, 12, 31), sgv.Limits(15, 60))
    assert h.suggestions_received.current == page.received
    assert h.suggestions_by_channel_group == {"petition": page.petition, "other": page.other}


def test_buildout_card_matches_the_buildout_page(
    sqlite_engine: Engine, place_and_headline: tuple[Place, Headline]
) -> None:
    place, h = place_and_headline
    page = bv.formation(sqlite_engine, place, YEAR.end)
    formed = {level: n for level, (n, _) in page.formed.items() if level != "province"}
    assert {k: v for k, v in h.departments_formed.items() if k != "province"} == formed
    assert h.founded == page.founded.isoformat()  # type: ignore[union-attr]  # set in the demo


def test_the_json_of_a_city_names_its_place(
    place_and_headline: tuple[Place, Headline],
) -> None:
    place, h = place_and_headline
    facts = as_facts_json(h)
    assert facts["place"] == {"adcode": place.adcode, "level": place.level}
    assert facts["period"] == {"kind": "year", "start": "2024-01-01", "end": "2024-12-31"}
    assert facts["suggestions_received"] == (
        facts["suggestions_petition_channel"] + facts["suggestions_other_channels"]  # type: ignore[operator]  # JSON numbers
    )
