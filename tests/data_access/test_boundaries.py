"""Simplified boundaries: one feature per place, clean shared borders, disk cache reused."""

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shapely

from config import get_settings
from data_access import boundaries
from data_access.regions import county_units, load_region_registry

PROVINCE = get_settings().province_adcode


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private cache folder and empty in-process caches."""
    settings = dataclasses.replace(get_settings(), cache_dir=tmp_path)
    monkeypatch.setattr(boundaries, "get_settings", lambda: settings)
    boundaries.clear_memory_cache()
    yield tmp_path
    boundaries.clear_memory_cache()


def _shapes(geojson: dict) -> np.ndarray:
    """The features' geometries as shapely objects."""
    return np.array([shapely.geometry.shape(f["geometry"]) for f in geojson["features"]])


def test_county_level_has_one_feature_per_county_unit(cache_dir: Path) -> None:
    geojson = boundaries.boundaries_geojson(PROVINCE, "county")
    ids = [f["id"] for f in geojson["features"]]
    assert len(ids) == 124 and len(set(ids)) == 124
    assert set(ids) == set(county_units(PROVINCE)["adcode"])
    names = dict(zip(*load_region_registry(PROVINCE)[["adcode", "name"]].T.values, strict=True))
    for feature in geojson["features"]:
        assert feature["properties"] == {"adcode": feature["id"], "name": names[feature["id"]]}


def test_city_level_has_21_cities(cache_dir: Path) -> None:
    geojson = boundaries.boundaries_geojson(PROVINCE, "city")
    assert len(geojson["features"]) == 21
    assert {"440100", "441900", "442000"} <= {f["id"] for f in geojson["features"]}


def test_cache_file_is_built_once_then_reused(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = boundaries.boundaries_geojson(PROVINCE, "county")
    path = boundaries.cache_file(PROVINCE, "county")
    assert path.exists() and path.is_relative_to(cache_dir / "boundaries")
    mtime = path.stat().st_mtime_ns
    boundaries.clear_memory_cache()

    def no_build(*args: object, **kwargs: object) -> dict:
        raise AssertionError("boundaries rebuilt although the cache file exists")

    monkeypatch.setattr(boundaries, "build_geojson", no_build)
    second = boundaries.boundaries_geojson(PROVINCE, "county")
    assert second == first and path.stat().st_mtime_ns == mtime
    assert boundaries.boundaries_geojson(PROVINCE, "county") is second  # in-process cache


def test_cache_key_has_tolerance_and_data_version(cache_dir: Path) -> None:
    a = boundaries.cache_file(PROVINCE, "county", 0.005)
    b = boundaries.cache_file(PROVINCE, "county", 0.01)
    assert a != b and "cnmaps1." in a.name and PROVINCE in a.name


def test_city_filter_returns_that_citys_units(cache_dir: Path) -> None:
    guangzhou = boundaries.boundaries_geojson(PROVINCE, "county", city_adcode="440100")
    ids = {f["id"] for f in guangzhou["features"]}
    assert len(ids) == 11 and "440104" in ids
    dongguan = boundaries.boundaries_geojson(PROVINCE, "county", city_adcode="441900")
    assert [f["id"] for f in dongguan["features"]] == ["441900"]


def test_simplified_file_is_small_and_borders_stay_shared(cache_dir: Path) -> None:
    geojson = boundaries.boundaries_geojson(PROVINCE, "county")
    assert boundaries.cache_file(PROVINCE, "county").stat().st_size < 1_000_000
    shapes = _shapes(geojson)
    assert shapely.is_valid(shapes).all()
    assert shapely.coverage_is_valid(shapes)  # no gaps or overlaps along shared borders
    assert shapely.get_num_coordinates(shapes).sum() < 40_000  # raw files hold ~200,000


def test_exterior_rings_are_clockwise_for_plotly_geo(cache_dir: Path) -> None:
    shapes = _shapes(boundaries.boundaries_geojson(PROVINCE, "county"))
    exteriors = shapely.get_exterior_ring(shapely.get_parts(shapes))
    assert not shapely.is_ccw(exteriors).any()


def test_centroids_lie_inside_their_places(cache_dir: Path) -> None:
    geojson = boundaries.boundaries_geojson(PROVINCE, "city")
    points = boundaries.centroids(PROVINCE, "city")
    assert list(points.columns) == ["adcode", "name", "lon", "lat"] and len(points) == 21
    shapes = dict(zip([f["id"] for f in geojson["features"]], _shapes(geojson), strict=True))
    for row in points.itertuples():
        assert shapes[row.adcode].buffer(1e-3).contains(shapely.Point(row.lon, row.lat))
    assert len(boundaries.centroids(PROVINCE, "county", city_adcode="440100")) == 11


def test_province_outline_is_one_feature(cache_dir: Path) -> None:
    outline = boundaries.province_outline(PROVINCE)
    assert [f["id"] for f in outline["features"]] == [PROVINCE]


def test_unknown_level_is_an_error(cache_dir: Path) -> None:
    with pytest.raises(ValueError, match="level"):
        boundaries.boundaries_geojson(PROVINCE, "town")
