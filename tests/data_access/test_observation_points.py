"""Demo observation points: each inside its county, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import shapely
from sqlalchemy import Engine

from config import get_settings
from data_access import signage
from data_access.aggregate import Place
from data_access.boundaries import boundaries_geojson
from data_access.demo_observation_points import county_shape
from data_access.regions import load_region_registry


def test_every_demo_point_lies_inside_its_county(engine: Engine) -> None:
    province = get_settings().province_adcode
    points = signage.observation_points.uncached(engine, Place(province, "province"))
    assert 60 <= len(points) <= 90
    assert points["source_id"].is_unique
    drawn = {
        f["id"]: shapely.geometry.shape(f["geometry"])
        for f in boundaries_geojson(province, "county")["features"]
    }
    for p in points.itertuples():
        here = shapely.Point(p.lon, p.lat)
        assert drawn[p.adcode].contains(here), (p.source_id, p.adcode)  # as the map draws it
        assert county_shape(p.adcode).contains(here), (p.source_id, p.adcode)  # true border


def test_points_are_in_county_units_of_every_city(engine: Engine) -> None:
    province = get_settings().province_adcode
    registry = load_region_registry(province)
    units = set(registry.loc[registry["is_county_unit"], "adcode"])
    points = signage.observation_points.uncached(engine, Place(province, "province"))
    assert set(points["adcode"]) <= units
    assert points["city_adcode"].nunique() == 21
    assert set(points["kind"]) == {"village", "community"}
    assert (points["plaques_now"] <= points["plaques_before"]).all()


def test_points_follow_the_place_filter(engine: Engine) -> None:
    city = signage.observation_points.uncached(engine, Place("440100", "city"))
    assert len(city) >= 2 and set(city["city_adcode"]) == {"440100"}
    one = city["adcode"].iloc[0]
    county = signage.observation_points.uncached(engine, Place(one, "county"))
    assert set(county["adcode"]) == {one}
