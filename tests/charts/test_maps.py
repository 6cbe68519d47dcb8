"""Choropleth maps: every place drawn once, gaps in grey with a label, no basemap."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.maps import choropleth, geojson_bounds, place_labels, point_markers, with_unit
from charts.theme import ACCENT, FONT_FAMILY


def _choropleths(fig: go.Figure) -> list[go.Choropleth]:
    """The choropleth traces that fill places (highlight outlines excluded)."""
    return [t for t in fig.data if t.type == "choropleth" and t.hoverinfo != "skip"]


def _drawn(fig: go.Figure) -> list[str]:
    """Adcodes of every filled place, over all layers."""
    return [code for t in _choropleths(fig) for code in t.locations]


def test_one_feature_per_place(county_values: pd.DataFrame, county_geojson: dict) -> None:
    fig = choropleth(county_values, county_geojson, value_col="hours", title="时长", unit="小时")
    drawn = _drawn(fig)
    assert len(drawn) == 124 and set(drawn) == {f["id"] for f in county_geojson["features"]}
    for trace in _choropleths(fig):  # each layer carries only its own shapes
        assert [f["id"] for f in trace.geojson["features"]] == list(trace.locations)


def test_missing_places_are_drawn_grey_with_label(
    county_values: pd.DataFrame, county_geojson: dict
) -> None:
    values = county_values.iloc[10:].copy()
    values.loc[values.index[0], "hours"] = float("nan")
    fig = choropleth(
        values, county_geojson, value_col="hours", title="时长", unit="小时", missing_label="无数据"
    )
    missing = next(t for t in fig.data if t.name == "无数据")
    expected = set(county_values["adcode"].iloc[:11])
    assert set(missing.locations) == expected
    assert "无数据" in missing.hovertemplate and missing.showlegend
    assert len(_drawn(fig)) == 124


def test_no_values_at_all_still_draws_the_map(county_geojson: dict) -> None:
    empty = pd.DataFrame({"adcode": [], "name": [], "hours": []})
    fig = choropleth(empty, county_geojson, value_col="hours", title="时长", unit="小时")
    assert len(_drawn(fig)) == 124


def test_hover_shows_chinese_name_and_value_with_unit(
    county_values: pd.DataFrame, county_geojson: dict
) -> None:
    fig = choropleth(
        county_values,
        county_geojson,
        value_col="hours",
        title="志愿服务时长",
        unit="万小时",
        hover_value_fmt=lambda v: f"{v:.1f}",
    )
    trace = _choropleths(fig)[0]
    row = county_values.iloc[0]
    index = list(trace.locations).index(row["adcode"])
    assert list(trace.customdata[index]) == [row["name"], f"{row['hours']:.1f}万小时"]
    assert "志愿服务时长" in trace.hovertemplate
    assert trace.colorbar.title.text == "万小时"


def test_map_has_no_basemap_and_fills_frame(
    county_values: pd.DataFrame, county_geojson: dict
) -> None:
    fig = choropleth(county_values, county_geojson, value_col="hours", title="时长", unit="小时")
    assert fig.layout.geo.visible is False
    lon, lat = geojson_bounds(county_geojson)
    assert list(fig.layout.geo.lonaxis.range) == lon and list(fig.layout.geo.lataxis.range) == lat
    assert fig.layout.template.layout.font.family == FONT_FAMILY


def test_highlight_outlines_one_place(county_values: pd.DataFrame, county_geojson: dict) -> None:
    fig = choropleth(
        county_values,
        county_geojson,
        value_col="hours",
        title="时长",
        unit="小时",
        highlight_adcode="440104",
    )
    outline = fig.data[-1]
    assert list(outline.locations) == ["440104"] and outline.marker.line.color == ACCENT


def test_values_are_not_mutated(county_values: pd.DataFrame, county_geojson: dict) -> None:
    before = county_values.copy()
    features_before = len(county_geojson["features"])
    choropleth(county_values, county_geojson, value_col="hours", title="时长", unit="小时")
    pd.testing.assert_frame_equal(county_values, before)
    assert len(county_geojson["features"]) == features_before


def test_point_markers_and_labels_share_the_map(
    county_values: pd.DataFrame, county_geojson: dict
) -> None:
    fig = choropleth(county_values, county_geojson, value_col="hours", title="时长", unit="小时")
    points = pd.DataFrame(
        {"lon": [113.26, 114.06], "lat": [23.13, 22.54], "name": ["广州", "深圳"], "n": [3, 5]}
    )
    layers = len(fig.data)
    point_markers(fig, points, name="站点", size_col="n", hover_cols=["n"])
    place_labels(fig, points)
    markers, labels = fig.data[layers], fig.data[layers + 1]
    assert markers.type == "scattergeo" and list(markers.lon) == [113.26, 114.06]
    assert markers.geo in (None, "geo") and fig.data[0].geo in (None, "geo")
    assert list(labels.text) == ["广州", "深圳"]


def test_units_join_the_way_each_language_writes_them() -> None:
    assert with_unit("1.2", "万小时") == "1.2万小时"
    assert with_unit("12.5", "%") == "12.5%"
    assert with_unit("3", "hours") == "3 hours"
    assert with_unit("3", "") == "3"


def test_duplicate_places_are_an_error(county_values: pd.DataFrame, county_geojson: dict) -> None:
    doubled = pd.concat([county_values, county_values.head(1)])
    with pytest.raises(ValueError, match="one row per adcode"):
        choropleth(doubled, county_geojson, value_col="hours", title="时长", unit="小时")


def test_a_category_map_claims_nothing_about_places_outside_the_scope(
    county_values: pd.DataFrame, county_geojson: dict
) -> None:
    from charts.maps import category_choropleth

    own, others = county_values["adcode"].iloc[0], set(county_values["adcode"].iloc[1:4])
    values = pd.DataFrame({"adcode": [own], "month": ["2024-04"]})
    fig = category_choropleth(
        values,
        county_geojson,
        category_col="month",
        categories=[("2024-04", "4月", "#2E6DA4")],
        title="组建",
        missing_label="尚未组建",
        hidden=others,
        hidden_label="无数据",
    )
    layers = {t.name: set(t.locations) for t in fig.data}
    assert layers["4月"] == {own} and layers["无数据"] == others
    assert not layers["尚未组建"] & (others | {own})
    assert len(_drawn(fig)) == 124
