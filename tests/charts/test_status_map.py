"""The status map: red, yellow, green and grey with Chinese legend entries and status in words."""

import pandas as pd
import plotly.graph_objects as go

from charts.status_map import STATUS_COLOURS, TITLE_SIZE, status_map

LABELS = {"red": "红灯（落后/逾期）", "yellow": "黄灯（稍落后/临期）", "green": "绿灯（正常）"}


def _traces(fig: go.Figure) -> dict[str, go.Choropleth]:
    return {t.name: t for t in fig.data if t.type == "choropleth" and t.hoverinfo != "skip"}


def test_each_status_its_colour_legend_and_words(county_geojson: dict) -> None:
    codes = [f["id"] for f in county_geojson["features"]]
    values = pd.DataFrame(
        {
            "adcode": codes[:3],
            "status": ["red", "yellow", "green"],
            "name": ["甲<br>节点完成 1/2", "乙", "丙"],
        }
    )
    fig = status_map(values, county_geojson, title="状态", labels=LABELS, missing_label="无数据")
    traces = _traces(fig)
    assert list(traces) == [*LABELS.values(), "无数据"]
    for status, label in LABELS.items():
        trace = traces[label]
        assert trace.colorscale[0][1] == STATUS_COLOURS[status]
        assert label in trace.hovertemplate  # the status in words, not colour alone
        assert trace.showlegend
    assert list(traces["红灯（落后/逾期）"].locations) == [codes[0]]
    assert "甲<br>节点完成 1/2" in traces["红灯（落后/逾期）"].customdata
    assert len(traces["无数据"].locations) == len(codes) - 3


def test_the_long_title_is_set_smaller(county_geojson: dict) -> None:
    values = pd.DataFrame({"adcode": [], "status": []})
    title = "广东省 · 每万人志愿服务时长 · 督办状态地图"
    fig = status_map(values, county_geojson, title=title, labels=LABELS, missing_label="无数据")
    assert fig.layout.title.text == title and fig.layout.title.font.size == TITLE_SIZE < 20
