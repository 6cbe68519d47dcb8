"""Chart fixtures: one warm export server per test session, maps of the configured province."""

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from charts import export
from config import get_settings
from data_access.boundaries import boundaries_geojson
from data_access.regions import load_region_registry


@pytest.fixture(scope="session")
def export_server() -> Iterator[None]:
    """Start Kaleido's shared server once for every export test, stop it at the end."""
    assert export.warm_up(), "the warm export server did not start"
    yield
    export.stop_server()


@pytest.fixture(scope="session")
def province() -> str:
    """The configured province adcode."""
    return get_settings().province_adcode


@pytest.fixture(scope="session")
def county_geojson(province: str) -> dict:
    """Simplified county-unit boundaries."""
    return boundaries_geojson(province, "county")


@pytest.fixture
def county_values(province: str) -> pd.DataFrame:
    """Random values for every county unit (adcode, name, hours)."""
    registry = load_region_registry(province)
    units = registry.loc[registry["is_county_unit"], ["adcode", "name"]].reset_index(drop=True)
    units["hours"] = np.random.default_rng(7).uniform(1, 500, len(units)).round(1)
    return units
