"""Buildout and burden-reduction queries the two pages use, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from data_access import buildout, signage
from data_access.aggregate import Place
from metrics import buildout as mb
from metrics import signage as ms

PROVINCE = Place("440000", "province")


def test_formation_by_day_reaches_every_department_by_the_end_of_july(engine: Engine) -> None:
    by_day = buildout.formations_by_day.uncached(engine, PROVINCE)
    assert mb.formed_on(by_day, dt.date(2024, 7, 31)) == {
        "province": (1, 1),
        "city": (21, 21),
        "county": (122, 122),
    }
    early = mb.formed_on(by_day, dt.date(2024, 4, 30))
    assert early["city"][0] < 21 and early["county"][0] < 122
    assert mb.completion_day(by_day, "county") == dt.date(2024, 7, 31)
    cum = mb.cumulative_formation(by_day, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    last = cum[cum["day"] == dt.date(2024, 12, 31)].set_index("level")
    assert last.loc["city", "formed"] == 21 and last.loc["county", "formed"] == 122


def test_departments_of_a_city(engine: Engine) -> None:
    deps = buildout.departments_by_place.uncached(
        engine, dt.date(2024, 12, 31), Place("440100", "city")
    )
    assert len(deps) == 12 and deps["formed"].all()
    assert set(deps["level"]) == {"city", "county"}


def test_staffing_by_city_adds_up(engine: Engine) -> None:
    by_city = buildout.staffing.uncached(engine, PROVINCE, ("city",))
    total = buildout.staffing.uncached(engine, PROVINCE)
    cities = by_city[by_city["adcode"].notna()]  # the provincial department has no city
    assert len(cities) == 21
    for col in ("posts_authorised", "posts_filled", "observers"):
        assert by_city[col].sum() == total[col].iloc[0] > 0


def test_signage_totals_by_city_and_county(engine: Engine) -> None:
    by_city = signage.signage_totals.uncached(engine, PROVINCE, ("city",))
    assert len(by_city) == 21 and by_city["counties"].sum() == 124
    counties = signage.signage_by_county.uncached(engine, PROVINCE)
    assert len(counties) == 124
    assert (counties["plaque_kinds_now"] <= counties["plaque_kinds_before"]).all()
    ranked = ms.laggards(counties, 21)
    assert ranked["plaque_kinds_now"].is_monotonic_decreasing
    assert ranked["rank"].tolist() == list(range(1, 125))


def test_plaques_removed_per_village_or_community(engine: Engine) -> None:
    removed = signage.plaques_removed.uncached(
        engine, dt.date(2024, 1, 1), dt.date(2024, 12, 31), PROVINCE, ("city",)
    )
    status = signage.signage_totals.uncached(engine, PROVINCE, ("city",))
    per = ms.per_unit(removed, status)
    assert per["plaques_removed"].sum() == 412_358
    assert (per["per_unit"] > 0).all() and per["reduction_rate"].between(0, 1).all()


def test_catalogue_kinds(engine: Engine) -> None:
    changes = ms.kind_changes(signage.plaque_kind_counts.uncached(engine)).set_index("scope")
    assert (changes.loc["village", "before"], changes.loc["village", "after"]) == (140, 21)
    assert (changes.loc["mechanism", "before"], changes.loc["mechanism", "after"]) == (27, 7)
    assert changes.loc["internal", "after"] == 15
    catalogue = signage.plaque_catalogue.uncached(engine)
    assert catalogue["retained"].astype(bool).sum() == 21 + 7 + 15
