"""City or county scope of the signed-in user: rows of other places never leave data_access."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Region

# Set per script run (Streamlit runs each session's script in its own thread, and a thread
# starts with the default): None means every city (county) is visible.
_visible_city: ContextVar[str | None] = ContextVar("visible_city", default=None)
_visible_county: ContextVar[str | None] = ContextVar("visible_county", default=None)


def set_visible_city(adcode: str | None) -> None:
    """Limit place-level rows to one city (None: no limit); clears a county limit."""
    _visible_city.set(adcode)
    _visible_county.set(None)


def set_visible_place(city: str | None, county: str | None) -> None:
    """Limit place-level rows to one county when given, else to one city (None: no limit)."""
    _visible_city.set(city)
    _visible_county.set(county)


def visible_city() -> str | None:
    """The city place-level rows are limited to, if any."""
    return _visible_city.get()


def visible_county() -> str | None:
    """The county place-level rows are limited to, if any."""
    return _visible_county.get()


@lru_cache(maxsize=8)
def _city_of(url: str, engine: Engine) -> dict[str, str | None]:
    """Each adcode's city (a city maps to itself; the province to None)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Region.adcode, Region.city_adcode)).all()
    return dict(rows)


def restrict_rows(engine: Engine, result: object) -> object:
    """Drop the rows of other cities (or, for a county scope, other places) from a result."""
    city, county = visible_city(), visible_county()
    if city is None and county is None:
        return result
    if not isinstance(result, pd.DataFrame) or "adcode" not in result.columns:
        return result
    if county is not None:
        keep = result["adcode"].isna() | (result["adcode"] == county)
        return result[keep].reset_index(drop=True)
    mapping = _city_of(engine.url.render_as_string(hide_password=False), engine)
    cities = result["adcode"].map(lambda a: mapping.get(a) if isinstance(a, str) else None)
    keep = result["adcode"].isna() | (cities == city)
    return result[keep].reset_index(drop=True)


def hidden_places(engine: Engine, adcodes: Iterable[str]) -> set[str]:
    """The places among `adcodes` whose rows the current scope keeps out of results."""
    asked = pd.DataFrame({"adcode": list(adcodes)})
    kept = restrict_rows(engine, asked)
    assert isinstance(kept, pd.DataFrame)
    return set(asked["adcode"]) - set(kept["adcode"])
