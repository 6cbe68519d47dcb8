"""Figures cached across sessions (frozen): the browser gets the same chart as when built on the
run, a city account never gets the province's cached figure, and an import changes them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from charts.frozen import FrozenFigure, freeze
from config import get_settings
from data_access.aggregate import Place
from data_access.database import prepare_database
from data_access.engine import make_engine
from data_access.meta import regions
from data_access.scope import set_visible_place
from i18n import t
from metrics import periods
from services.overview_map import frozen_overview_map, overview_map
from services.weekly import review_period
from tests.data_access.intake_support import csv_bytes

PROVINCE = "440000"


def _charts_script() -> None:
    """The same map and bar chart drawn as built and as frozen, with and without selection."""
    import pandas as pd
    import plotly.graph_objects as go

    from charts.frozen import freeze
    from charts.maps import choropleth
    from charts.theme import SEQUENTIAL_BLUES
    from data_access.aggregate import Place
    from metrics import periods
    from services.area_maps import boundaries
    from ui.chart_block import chart_block
    from ui.drill_map import frozen_map
    from ui.filters import Filters

    filters = Filters(periods.year(2024), Place("440000", "province"), "广东省", "zh")
    values = pd.DataFrame(
        {"adcode": ["440100", "440300"], "name": ["广州市", "深圳市"], "value": [1.5, 2.25]}
    )
    built = choropleth(
        values, boundaries("440000", "city"), value_col="value", title="图", unit="万小时",
        hover_value_fmt=lambda v: f"{v:,.2f}", colorscale=SEQUENTIAL_BLUES, missing_label="无数据",
    )  # fmt: skip
    frozen = frozen_map(
        values, "440000", None, title="图", unit="万小时", hover_format=",.2f",
        colorscale=SEQUENTIAL_BLUES, missing_label="无数据",
    )  # fmt: skip
    bars = go.Figure(go.Bar(x=["甲", "乙"], y=[1, float("nan")]), layout={"height": 320})
    common = {"title": "图", "unit": "", "filters": filters, "as_of": "2024-12-31", "source": ""}
    chart_block(built, values, key="map_built", on_select="rerun", **common)
    chart_block(frozen, values, key="map_frozen", on_select="rerun", **common)
    chart_block(bars, values, key="bars_built", **common)
    chart_block(freeze(bars), values, key="bars_frozen", **common)


def test_a_frozen_figure_reaches_the_browser_as_the_built_one(sqlite_engine: Engine) -> None:
    # sqlite_engine: the export buttons log to the app's database, prepared before the run
    at = AppTest.from_function(_charts_script, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    charts = [e.proto for e in at.get("plotly_chart")]
    assert len(charts) == 4
    map_built, map_frozen, bars_built, bars_frozen = charts
    assert map_frozen.spec == map_built.spec and '"geojson"' in map_frozen.spec
    assert list(map_frozen.selection_mode) == list(map_built.selection_mode)  # click to drill
    assert bars_frozen.spec == bars_built.spec and "null" in bars_frozen.spec  # NaN as null
    assert bars_frozen.config == bars_built.config
    assert at.session_state["map_frozen"] is not None  # a widget, as the built map


def test_a_frozen_figure_thaws_for_the_exports() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["甲"], y=[2]), layout={"title": {"text": "标题"}, "height": 300})
    frozen = freeze(fig)
    assert frozen.size == {"height": 300}
    assert frozen.figure().to_dict() == fig.to_dict()


@pytest.fixture
def names(sqlite_engine: Engine) -> dict[str, str]:
    """Place names of the demo database."""
    places = regions(sqlite_engine)
    return dict(zip(places["adcode"], places["name"], strict=True))


def test_a_city_account_never_gets_the_provinces_cached_map(
    sqlite_engine: Engine, names: dict[str, str]
) -> None:
    args = ("volunteer_hours", periods.year(2024), PROVINCE, names, None, "zh")
    province = frozen_overview_map(sqlite_engine, *args)
    try:
        set_visible_place("440100", None)
        city = frozen_overview_map(sqlite_engine, *args)
        own = freeze(overview_map(sqlite_engine, *args).figure)
    finally:
        set_visible_place(None, None)
    assert isinstance(city.figure, FrozenFigure) and isinstance(province.figure, FrozenFigure)
    assert city.figure.json == own.json != province.figure.json
    assert set(city.table[t("col.adcode", "zh")]) == {"440100"}  # no other city's figures
    assert frozen_overview_map(sqlite_engine, *args).figure == province.figure


def test_a_city_account_never_gets_the_provinces_cached_review(
    sqlite_engine: Engine, names: dict[str, str]
) -> None:
    week = periods.iso_week(2024, 48)
    place = Place(PROVINCE, "province")
    province = review_period(sqlite_engine, week, place, "广东省", names, "zh")
    try:
        set_visible_place("440100", None)
        city = review_period(sqlite_engine, week, place, "广东省", names, "zh")
        own = review_period.uncached(sqlite_engine, week, place, "广东省", names, "zh")
    finally:
        set_visible_place(None, None)
    assert (city.alert_counts, city.turned_red) == (own.alert_counts, own.turned_red)
    assert city.alert_counts != province.alert_counts  # the city's alerts only


@pytest.fixture
def production(tmp_path: Path) -> Engine:
    """A new SQLite file with every place and no data (a production first start)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'prod.sqlite'}")
    prepare_database(engine, dataclasses.replace(get_settings(), demo_on_empty=False))
    return engine


def test_an_import_changes_the_cached_figures(production: Engine) -> None:
    from data_access.intake.pipeline import commit_import, prepare_import

    places = regions(production)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    args = ("volunteer_hours", periods.year(2024), PROVINCE, names, None, "zh")
    week = periods.iso_week(2024, 1)
    place = Place(PROVINCE, "province")
    before = frozen_overview_map(production, *args)
    review_before = review_period(production, week, place, "广东省", names, "zh")
    rows = [["越秀区", "2024-01-05", "社区服务", 30, 3]]
    prepared = prepare_import(production, "volunteer_service", "越秀.csv", csv_bytes(rows))
    commit_import(production, prepared, imported_by="tests")
    after = frozen_overview_map(production, *args)
    review_after = review_period(production, week, place, "广东省", names, "zh")
    assert after.figure != before.figure
    assert after.figure == freeze(overview_map(production, *args).figure)
    hours = review_after.table.set_index("row").loc["volunteer_hours", "this"]
    assert review_before.table.set_index("row").loc["volunteer_hours", "this"] == 0
    assert hours == 30
