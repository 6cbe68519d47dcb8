"""The buildout page under AppTest: the published province figures on the demo data."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import captions_shown, metrics_shown, run_app

PAGE = "pages/buildout.py"


def _charts(at: AppTest) -> dict[str, dict]:
    """Plotly figures on the page, by title."""
    out = {}
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def _chart(at: AppTest, start: str) -> dict:
    """The figure whose title starts with the text."""
    return next(spec for title, spec in _charts(at).items() if title.startswith(start))


def test_all_departments_formed_by_the_end_of_july(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, buildout_day=dt.date(2024, 7, 31))
    cards = metrics_shown(at)
    assert cards["市级社会工作部门"] == "21/21"
    assert cards["县级社会工作部门"] == "122/122"
    assert cards["三级组建用时"] == "195 天"
    text = captions_shown(at)
    assert "2024-01-18 省委社会工作部揭牌" in text
    assert "2024-07-31 三级部门全部组建到位" in text


def test_fewer_departments_on_an_earlier_day_and_grey_places(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, buildout_day=dt.date(2024, 4, 30))
    cards = metrics_shown(at)
    city, city_total = map(int, cards["市级社会工作部门"].split("/"))
    county, county_total = map(int, cards["县级社会工作部门"].split("/"))
    assert (city_total, county_total) == (21, 122)
    assert 0 < city < 21 and 0 < county < 122
    buildout_map = _chart(at, "广东省 · 各地社会工作部门组建时间 · 截至 2024-04-30")
    names = [trace.get("name") for trace in buildout_map["data"]]
    assert "尚未组建" in names  # the not-yet-formed cities in grey, with a legend entry
    grey = next(tr for tr in buildout_map["data"] if tr.get("name") == "尚未组建")
    assert len(grey["locations"]) == 21 - city
    progress = _chart(at, "市、县两级社会工作部门组建进度")
    assert any(a["text"] == "截至 2024-04-30" for a in progress["layout"]["annotations"])


def test_day_before_founding_shows_nothing_formed(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, buildout_day=dt.date(2024, 1, 17))
    cards = metrics_shown(at)
    assert cards["市级社会工作部门"] == "0/21" and cards["县级社会工作部门"] == "0/122"


def test_workers_per_10k_with_the_province_reference_line(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    assert metrics_shown(at)["每万城镇人口社区工作者"] == "17.6"
    workers = _chart(at, "每万城镇常住人口社区工作者（2024年）")
    assert [s["y0"] for s in workers["layout"]["shapes"]] == [17.6]
    assert any(a["text"] == "全省 17.6" for a in workers["layout"]["annotations"])
    assert len(workers["data"][0]["x"]) == 21


def test_milestones_come_from_the_data(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    timeline = _chart(at, "2024年大事记")
    texts = " ".join(timeline["data"][2]["text"])
    assert "2024年1月18日" in texts and "省委社会工作部揭牌成立" in texts
    assert "2024年7月31日" in texts


def test_a_city_shows_its_own_departments(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, city="440100")
    cards = metrics_shown(at)
    assert cards["市级社会工作部门"] == "1/1"
    assert cards["县级社会工作部门"] == "11/11"
    table = at.dataframe[0].value
    assert len(table) == 12 and set(table["所属地市"]) == {"广州市"}


def test_the_department_table_lists_every_department(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, buildout_day=dt.date(2024, 4, 30))
    table = at.dataframe[0].value
    assert len(table) == 144  # province, 21 cities, 122 counties
    assert set(table["状态"]) == {"已组建", "尚未组建"}
    assert {"成立日期", "核定编制", "实有人员", "到岗率", "社会工作观察员"} <= set(table.columns)
