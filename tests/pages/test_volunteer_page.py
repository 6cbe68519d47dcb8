"""The volunteer page under AppTest: synthetic-data label, cards with definitions, drill-down."""

import json

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import captions_shown, metrics_shown, run_app
from tests.pages.english_run import run_app_in_english

PAGE = "pages/volunteer.py"


def test_volunteer_page_shows_cards_and_the_synthetic_label(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    assert any("合成演示数据" in i.value for i in at.info)  # hours are not published
    assert any("演示数据" in w.value for w in at.warning)
    cards = metrics_shown(at)
    assert cards["志愿服务时长"].endswith("亿 小时")
    assert "人均服务时长" in cards and "每万常住人口服务时长" in cards
    helps = {m.label: m.help or "" for m in at.metric}
    assert "常住人口" in helps["每万常住人口服务时长"]
    assert "志愿服务时长 ÷ 志愿者人次" in helps["人均服务时长"]
    text = captions_shown(at)
    assert "与上一期（2023年）相比" in text
    # A year's previous period is last year: one change, labelled 同比, not 环比 and 同比 twice.
    hours = next(m for m in at.metric if m.label == "志愿服务时长")
    assert hours.delta.startswith("+") and hours.proto.delta_description == "同比"
    assert "同比" not in text
    assert len(at.get("plotly_chart")) >= 4  # map, ranking, trend, fields


def test_a_county_has_no_per_10k_rate_and_says_why(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, city="440100", county_440100="440103")
    assert metrics_shown(at)["每万常住人口服务时长"].startswith("—")
    assert "区县没有普查人口数据" in captions_shown(at)


def test_volunteer_page_in_english(sqlite_engine: Engine) -> None:
    at = run_app_in_english(PAGE, volunteer_trend_granularity="quarter")
    assert "Hours per volunteer" in metrics_shown(at)
    assert any("synthetic demo data" in i.value for i in at.info)


def _map_titles(at: AppTest) -> list[str]:
    """Titles of the plotly figures on the page."""
    titles = []
    for el in at.get("plotly_chart"):
        layout = json.loads(el.proto.spec).get("layout", {})
        titles.append(str(layout.get("title", {}).get("text", "")))
    return titles


def test_drilling_into_a_city_per_10k_falls_back_to_totals_and_says_why(
    sqlite_engine: Engine,
) -> None:
    at = run_app(PAGE, volunteer_drill="440100", volunteer_metric="hours_per_10k")
    assert any("区县没有普查人口数据" in i.value for i in at.info)
    assert "广州市 · 志愿服务时长" in _map_titles(at)
