"""The burden-reduction page under AppTest: the published province figures on the demo data."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import captions_shown, metrics_shown, run_app

PAGE = "pages/signage.py"


def _chart(at: AppTest, start: str) -> dict:
    """The figure whose title starts with the text."""
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        if spec["layout"]["title"]["text"].startswith(start):
            return spec
    raise AssertionError(f"no chart titled {start!r}")


def _values(array: object) -> list[float]:
    """A plotly data array: a plain list or a typed array ({"dtype", "bdata"})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)  # type: ignore[call-overload]  # not a dict: a list of numbers


def test_province_figures_on_the_cards(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    cards = metrics_shown(at)
    assert cards["摘除村（社区）牌子"] == "41.24万 块"
    assert "412,358 块" in captions_shown(at)
    assert cards["村级挂牌类别"] == "140→21"
    assert cards["村级工作机制"] == "27→7"
    assert cards["内部标识类别"] == "15 类"
    assert int(cards["减负观测点"].split(" ")[0]) >= 60


def test_before_after_dumbbell(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    fig = _chart(at, "清理前后对比（全省目录）")
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "<b>140 → 21</b>" in texts
    assert "<b>27 → 7</b>" in texts
    assert "<b>15</b>（统一规范）" in texts


def test_removal_trend_adds_up_to_the_total(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    fig = _chart(at, "摘牌进度")
    cumulative = _values(fig["data"][1]["y"])
    assert round(cumulative[-1] * 10_000) == 412_358  # plotted in 万块


def test_map_has_observation_points_and_the_laggards_table(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    fig = _chart(at, "广东省 · 摘除牌子数")
    markers = [tr for tr in fig["data"] if tr["type"] == "scattergeo"]
    assert {tr["name"] for tr in markers} == {"减负观测点（村）", "减负观测点（社区）"}
    assert sum(len(tr["lon"]) for tr in markers) == int(metrics_shown(at)["减负观测点"].split()[0])
    table = at.dataframe[0].value
    kinds = list(table["现有挂牌类别"])
    assert kinds == sorted(kinds, reverse=True) and len(table) == 124
    assert (table["超出标准"] > 0).sum() >= 1


def test_choosing_a_point_shows_its_record(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, signage_point="DEMO-OBS-001")
    record = " ".join(m.value for m in at.markdown)
    assert "（演示）" in record
    shown = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]  # markdown escapes
    assert any("DEMO-OBS-001" in c for c in shown)


def test_drilling_into_a_city_maps_its_counties(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, signage_drill="440100", signage_metric="reduction_rate")
    fig = _chart(at, "广州市 · 挂牌类别压减率")
    values = next(tr for tr in fig["data"] if tr["type"] == "choropleth" and "z" in tr)
    assert len(values["locations"]) == 11


def test_a_county_with_the_place_average(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, city="440100", county_440100="440103")
    text = captions_shown(at)
    assert "广州市荔湾区 " in text and "→" in text
    assert metrics_shown(at)["摘除村（社区）牌子"].endswith("块")
