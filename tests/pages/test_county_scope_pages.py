"""County scope on every page's data, through app.py, on SQLite and PostgreSQL.

Each page is opened the way a browser opens it: app.py runs (sign-in gate, scope, sidebar) and
its st.navigation picks the page (tests/pages/apptest.py `open_link`). A 天河区 editor, with
forged session values (SQLite) or a forged link and city (PostgreSQL), must see what an admin
who opens a link to 天河区 sees of 天河区, and no figure of any other county or city.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from data_access.accounts import User
from data_access.database import get_engine
from data_access.regions import region_names
from i18n import t
from tests.pages.apptest import open_link

TIANHE = User("th_editor", "editor", "440100", "440106")
OWN = "广州市天河区"
# The pages with data, by url path (app.py) and title; my-account, accounts and security-log
# hold none.
PAGES = {
    "overview": "nav.overview",
    "buildout": "nav.buildout",
    "volunteer": "nav.volunteer",
    "associations": "nav.associations",
    "signage": "nav.signage",
    "suggestions": "nav.suggestions",
    "supervision": "nav.supervision",
    "data-import": "intake.nav",
    "weekly": "weekly.title",
    "data-notes": "nav.data_notes",
}
# Forged values a tampered session or link could carry, per database (one run per page each).
FORGED: dict[str, dict[str, Any]] = {
    "sqlite": {"state": {"city": "440100", "county_440100": "440104"}, "query": {}},
    "pg": {"state": {"city": "440300"}, "query": {"kind": "year", "place": "440104"}},
}
# A county has no community-worker figure: an admin's county view shows its city's, which a
# county account may not see (city totals are outside its scope), so it shows "—".
CITY_FALLBACK_CARDS = {"每万城镇人口社区工作者"}


def _reset_caches() -> None:
    get_settings.cache_clear()
    get_engine.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app pointed at the demo-filled SQLite file or PostgreSQL test database."""
    engine: Engine = request.getfixturevalue(f"{request.param}_engine")
    with pytest.MonkeyPatch.context() as mp:
        if request.param == "pg":
            mp.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
        _reset_caches()
        assert get_settings().database_url.startswith(
            "postgresql" if request.param == "pg" else "sqlite"
        )
        yield request.param
    _reset_caches()


def _places() -> tuple[set[str], set[str]]:
    """(names and adcodes a 天河区 account may meet in data, every other place's)."""
    names = region_names(get_settings().province_adcode)
    allowed = {"440106", "天河区", "440000", "广东省"}
    every = set(names) | set(names.values())
    return allowed, every - allowed


def _array(value: Any) -> list[Any]:
    """A plotly trace array (plain list, or the typed-array form {dtype, bdata})."""
    if isinstance(value, dict) and "bdata" in value:
        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    return list(value) if isinstance(value, list) else []


def _labels(trace: dict[str, Any]) -> list[str]:
    """The category labels of a trace's points (places, months, fields…)."""
    for key in ("locations", "labels"):
        if key in trace:
            return [str(v) for v in _array(trace[key])]
    flat_y = _array(trace.get("y"))
    if trace.get("orientation") == "h" or (flat_y and isinstance(flat_y[0], str)):
        return [str(v) for v in flat_y]
    return [str(v) for v in _array(trace.get("x"))]


def _text(value: Any) -> str:
    """A point's value as text (numbers to 6 significant digits)."""
    return f"{value:.6g}" if isinstance(value, int | float) else str(value)


def _values(trace: dict[str, Any]) -> list[str]:
    """The values of a trace's points, as text."""
    for key in ("z", "values"):
        if key in trace:
            return [_text(v) for v in _array(trace[key])]
    axis = "x" if trace.get("orientation") == "h" else "y"
    return [_text(v) for v in _array(trace.get(axis))]


def _traces(at: Any) -> list[dict[str, Any]]:
    """The data traces of the page's charts, without the grey "no data" layer of a map."""
    out = []
    for chart in at.main.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace.get("name") == t("map.no_data") and not any(_array(trace.get("z"))):
                continue
            out.append(trace)
    return out


def _points(trace: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(trace name, label, value) of each point."""
    name = str(trace.get("name", ""))
    return {(name, lab, val) for lab, val in zip(_labels(trace), _values(trace), strict=False)}


def _strings(trace: dict[str, Any]) -> set[str]:
    """Every string a trace's data carries (labels, custom data, texts)."""
    out: set[str] = set(_labels(trace))
    for key in ("customdata", "text"):
        stack = [trace.get(key)]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str):
                out.add(item)
    return out


def _tables(at: Any) -> list[pd.DataFrame]:
    """The page's tables."""
    return [d.value for d in at.main.dataframe]


def _rows(frame: pd.DataFrame) -> set[str]:
    """A table's rows as text, with its columns."""
    cols = "|".join(map(str, frame.columns))
    return {cols + "#" + "|".join(map(str, row)) for row in frame.itertuples(index=False)}


def _metrics(at: Any) -> dict[str, tuple[str, str]]:
    """Card label → (value, delta)."""
    return {m.label: (m.value, m.delta) for m in at.main.metric}


def _notices(at: Any) -> str:
    """The warnings and notices on the page and in the sidebar."""
    return "\n".join(e.value for e in [*at.warning, *at.info])


@pytest.mark.parametrize("page", PAGES)
def test_a_county_account_sees_its_county_as_an_admin_does_and_nothing_else(
    database: str, page: str
) -> None:
    forged = FORGED[database]
    mine = open_link(page, user=TIANHE, query=forged["query"], **forged["state"])
    admin = open_link(page, query={"place": "440106"})  # an admin opens a link to 天河区

    title = t(PAGES[page])
    assert [x.value for x in mine.title] == [x.value for x in admin.title] == [title]
    assert OWN in _notices(mine)  # the forged place was refused with a notice naming their own
    assert any(f"地区：{OWN}" in c.value for c in mine.main.caption)

    own, theirs = _metrics(mine), _metrics(admin)
    assert own.keys() == theirs.keys()
    for label, shown in own.items():
        if label in CITY_FALLBACK_CARDS:
            assert shown[0] == "—", label
        else:
            assert shown == theirs[label], label

    allowed, others = _places()
    admin_points = set().union(*map(_points, _traces(admin)))
    for trace in _traces(mine):
        leaked = _strings(trace) & others
        assert not leaked, (trace.get("name"), sorted(leaked)[:5])
        assert _points(trace) <= admin_points, trace.get("name")

    admin_rows = set().union(*map(_rows, _tables(admin)))
    for table in _tables(mine):
        cells = {str(v) for v in table.astype(str).to_numpy().ravel()}
        leaked = cells & (others - {"广州市", "440100"})  # a county row names its city
        assert not leaked, sorted(leaked)[:5]
        assert _rows(table) <= admin_rows, table.head()
