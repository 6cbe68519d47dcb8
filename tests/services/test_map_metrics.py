"""The overview map on the demo database: each metric's value per city and per county unit of
Guangzhou, adding up to the published totals where there are some, and the map view's title,
unit and table."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from data_access.meta import regions
from metrics import periods
from services.headline import headline
from services.map_metrics import MAP_METRICS, map_values
from services.overview_map import overview_map
from tests.conftest import published_facts

YEAR = periods.year(2024)
FACTS = published_facts()["guangdong_2024"]


@pytest.mark.parametrize("metric", MAP_METRICS)
def test_a_value_for_every_city(sqlite_engine: Engine, metric: str) -> None:
    values = map_values(sqlite_engine, metric, YEAR, "440000")
    assert list(values.columns) == ["adcode", "value"]
    assert len(values) == FACTS["city_departments"]["value"]
    assert values["value"].notna().all() and (values["value"] > 0).all()


def test_city_values_add_up_to_the_cards(sqlite_engine: Engine) -> None:
    h = headline(sqlite_engine, YEAR, Place("440000", "province"))

    def total(metric: str) -> float:
        return float(map_values(sqlite_engine, metric, YEAR, "440000")["value"].sum())

    assert total("plaques_removed") == h.plaques_removed.current
    assert total("plaques_removed") >= FACTS["signs_removed"]["min"]
    assert total("volunteer_hours") == pytest.approx(h.volunteer_hours.current)
    # provincial associations sit on the province, on no city
    assert total("associations") == h.associations.current - h.associations_by_level["province"]


def test_guangzhous_counties_add_up_to_the_city(sqlite_engine: Engine) -> None:
    city = map_values(sqlite_engine, "plaques_removed", YEAR, "440000").set_index("adcode")
    counties = map_values(sqlite_engine, "plaques_removed", YEAR, "440000", "440100")
    assert len(counties) == 11
    assert counties["value"].sum() == city.loc["440100", "value"]


def test_community_workers_are_mapped_per_city_only(sqlite_engine: Engine) -> None:
    assert map_values(sqlite_engine, "community_workers_per_10k", YEAR, "440000", "440100").empty


def test_an_unknown_metric_is_refused(sqlite_engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown map metric"):
        map_values(sqlite_engine, "happiness", YEAR, "440000")


def test_the_map_view_names_the_place_metric_and_unit(sqlite_engine: Engine) -> None:
    places = regions(sqlite_engine)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    view = overview_map(sqlite_engine, "plaques_removed", YEAR, "440000", names, None, "zh")
    assert view.title == "广东省 · 摘除牌子数"
    assert view.unit == "块"
    assert list(view.table.columns) == ["行政区划代码", "地区", "摘除牌子数（块）"]
    assert view.table["摘除牌子数（块）"].sum() >= FACTS["signs_removed"]["min"]
    assert "广州市" in set(view.table["地区"])
    assert view.figure.layout.title.text.startswith("广东省 · 摘除牌子数")


def test_large_values_are_scaled_on_the_map(sqlite_engine: Engine) -> None:
    places = regions(sqlite_engine)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    view = overview_map(sqlite_engine, "volunteer_hours", YEAR, "440000", names, "440100", "zh")
    assert view.title.startswith("广州市 · ")
    assert view.unit == "万小时"  # a district's hours run into millions
    assert len(view.table) == 11


def test_english_table_header_uses_ascii_brackets(sqlite_engine: Engine) -> None:
    places = regions(sqlite_engine)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    view = overview_map(sqlite_engine, "plaques_removed", YEAR, "440000", names, None, "en")
    header = list(view.table.columns)[-1]
    assert " (" in header and header.endswith(")") and "（" not in header
