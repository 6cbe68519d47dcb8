"""Choropleth maps of cities/counties drawn from our own GeoJSON, with no basemap or network."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts import offline  # noqa: F401  (sets the offline topojson default for exports)
from charts.theme import (
    ACCENT,
    BORDER,
    DEFAULT_MAP_SCALE,
    FONT_FAMILY,
    MISSING,
    TEXT,
    apply_theme,
    plain,
)

ValueFormatter = Callable[[float], str]
MAP_MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}


def format_number(value: float) -> str:
    """Format a number for hover text: thousands separators, decimals only when needed."""
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.1f}"


def _is_cjk(text: str) -> bool:
    """True when text starts with a CJK character (Chinese units and titles)."""
    return bool(text) and ord(text[0]) >= 0x2E80


def with_unit(number_text: str, unit: str) -> str:
    """Join a formatted number and its unit the way each language writes it."""
    if not unit:
        return number_text
    glue = "" if _is_cjk(unit) or unit.startswith("%") else " "
    return f"{number_text}{glue}{unit}"


def _subset(geojson: dict[str, Any], adcodes: Iterable[str]) -> dict[str, Any]:
    """Return a FeatureCollection with only the features whose id is in adcodes."""
    wanted = set(adcodes)
    features = [f for f in geojson["features"] if f["id"] in wanted]
    return {"type": "FeatureCollection", "features": features}


def _places(geojson: dict[str, Any]) -> pd.DataFrame:
    """Return adcode and name of every feature, in GeoJSON order."""
    return pd.DataFrame(
        {
            "adcode": [str(f["id"]) for f in geojson["features"]],
            "name": [f["properties"].get("name", str(f["id"])) for f in geojson["features"]],
        }
    )


def _join_values(values: pd.DataFrame, geojson: dict[str, Any], value_col: str) -> pd.DataFrame:
    """Join values onto the places of the map; names from values win over GeoJSON names."""
    places = _places(geojson)
    data = values[["adcode", value_col, *(["name"] if "name" in values else [])]].copy()
    data["adcode"] = data["adcode"].astype(str)
    if data["adcode"].duplicated().any():
        raise ValueError("values must have one row per adcode")
    merged = places.merge(data, on="adcode", how="left", suffixes=("", "_values"))
    if "name_values" in merged:
        merged["name"] = merged["name_values"].where(merged["name_values"].notna(), merged["name"])
    merged[value_col] = pd.to_numeric(merged[value_col], errors="coerce")
    return merged[["adcode", "name", value_col]]


def _missing_trace(
    geojson: dict[str, Any], places: pd.DataFrame, missing_label: str
) -> go.Choropleth:
    """Return the grey layer for places without a value."""
    return go.Choropleth(
        geojson=_subset(geojson, places["adcode"]),
        locations=list(places["adcode"]),
        z=[0] * len(places),
        colorscale=[[0, MISSING], [1, MISSING]],
        showscale=False,
        marker={"line": {"color": BORDER, "width": 0.8}},
        customdata=list(places["name"]),
        hovertemplate=f"<b>%{{customdata}}</b><br>{missing_label}<extra></extra>",
        name=missing_label,
        showlegend=True,
    )


def _value_trace(
    geojson: dict[str, Any],
    places: pd.DataFrame,
    value_col: str,
    *,
    title: str,
    unit: str,
    fmt: ValueFormatter,
    colorscale: str | Sequence[Any],
) -> go.Choropleth:
    """Return the coloured layer for places with a value."""
    shown = [with_unit(fmt(v), unit) for v in places[value_col]]
    colon = "：" if _is_cjk(title) else ": "
    return go.Choropleth(
        geojson=_subset(geojson, places["adcode"]),
        locations=list(places["adcode"]),
        z=list(places[value_col]),
        colorscale=colorscale,
        marker={"line": {"color": BORDER, "width": 0.8}},
        colorbar={
            "title": {"text": unit, "side": "top"},
            "thickness": 14,
            "len": 0.6,
            "outlinewidth": 0,
            "tickformat": ",",  # 50,000 not 50k: units are scaled to 万 explicitly
        },
        customdata=list(zip(places["name"], shown, strict=True)),
        hovertemplate=f"<b>%{{customdata[0]}}</b><br>{title}{colon}%{{customdata[1]}}<extra></extra>",
        name=title,
        showlegend=False,
    )


def _highlight_trace(geojson: dict[str, Any], adcode: str) -> go.Choropleth:
    """Return an outline-only layer drawing one place's border in the accent colour."""
    return go.Choropleth(
        geojson=_subset(geojson, [adcode]),
        locations=[adcode],
        z=[0],
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker={"line": {"color": ACCENT, "width": 2.5}},
        hoverinfo="skip",
        showlegend=False,
    )


def _rings(geometry: dict[str, Any]) -> list[list[Any]]:
    """Return the linear rings of a Polygon or MultiPolygon GeoJSON geometry."""
    if geometry["type"] == "Polygon":
        return cast(list[list[Any]], geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def geojson_bounds(geojson: dict[str, Any], pad: float = 0.02) -> tuple[list[float], list[float]]:
    """Return padded ([lon_min, lon_max], [lat_min, lat_max]) of all features."""
    rings = [np.asarray(r) for f in geojson["features"] for r in _rings(f["geometry"]) if r]
    xy = np.concatenate(rings)
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    dx, dy = (x1 - x0) * pad or 0.05, (y1 - y0) * pad or 0.05
    return [float(x0 - dx), float(x1 + dx)], [float(y0 - dy), float(y1 + dy)]


def style_map(fig: go.Figure, geojson: dict[str, Any]) -> go.Figure:
    """Frame the map on geojson's extent, hide base layers, axes and frame (in place)."""
    apply_theme(fig)
    lon_range, lat_range = geojson_bounds(geojson)
    # Explicit ranges fill the frame; fitbounds="locations" leaves ~30 % padding.
    fig.update_geos(
        fitbounds=False,
        lonaxis_range=lon_range,
        lataxis_range=lat_range,
        visible=False,
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        margin=MAP_MARGIN,
        legend={"x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom"},
        dragmode=False,
    )
    return fig


def choropleth(
    values: pd.DataFrame,
    geojson: dict[str, Any],
    *,
    value_col: str,
    title: str,
    unit: str,
    hover_value_fmt: ValueFormatter | None = None,
    colorscale: str | Sequence[Any] = DEFAULT_MAP_SCALE,
    missing_label: str = "无数据",
    highlight_adcode: str | None = None,
) -> go.Figure:
    """Draw values (columns adcode, name, value_col) on the places of geojson; gaps in grey."""
    fmt = hover_value_fmt or format_number
    merged = _join_values(values, geojson, value_col)
    has_value = merged[value_col].map(lambda v: v is not None and not math.isnan(v))
    fig = go.Figure()
    if (~has_value).any():
        fig.add_trace(_missing_trace(geojson, merged[~has_value], missing_label))
    if has_value.any():
        present = merged[has_value]
        fig.add_trace(
            _value_trace(
                geojson, present, value_col, title=title, unit=unit, fmt=fmt, colorscale=colorscale
            )
        )
    if highlight_adcode is not None and highlight_adcode in set(merged["adcode"]):
        fig.add_trace(_highlight_trace(geojson, highlight_adcode))
    fig.update_layout(title={"text": title})
    return style_map(fig, geojson)


def point_markers(
    fig: go.Figure,
    points: pd.DataFrame,
    *,
    name: str = "",
    size_col: str | None = None,
    hover_cols: Sequence[str] = (),
    color: str = ACCENT,
    size: float = 9,
) -> go.Figure:
    """Add a marker layer (columns lon, lat, name, plus hover_cols) to a map figure, in place."""
    sizes: float | list[float]
    if size_col is not None:
        top = points[size_col].max() or 1
        sizes = [6 + 18 * math.sqrt(max(v, 0) / top) for v in points[size_col]]
    else:
        sizes = size
    hover = [
        f"<b>{plain(row[0])}</b>"
        + "".join(
            f"<br>{plain(col)}: {plain(v)}" for col, v in zip(hover_cols, row[1:], strict=True)
        )
        for row in points[["name", *hover_cols]].itertuples(index=False)
    ]
    fig.add_trace(
        go.Scattergeo(
            lon=list(points["lon"]),
            lat=list(points["lat"]),
            mode="markers",
            marker={"size": sizes, "color": color, "line": {"color": "white", "width": 1}},
            customdata=points[["name", *hover_cols]].values.tolist(),  # raw: click handlers
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            name=name,
            showlegend=bool(name),
        )
    )
    return fig


def place_labels(fig: go.Figure, points: pd.DataFrame, *, font_size: int = 11) -> go.Figure:
    """Write place names (columns lon, lat, name) on a map figure, in place."""
    fig.add_trace(
        go.Scattergeo(
            lon=list(points["lon"]),
            lat=list(points["lat"]),
            mode="text",
            text=list(points["name"]),
            textfont={
                "family": FONT_FAMILY,
                "size": font_size,
                "color": TEXT,
                "shadow": "0 0 3px white, 0 0 2px white",  # readable on dark fills
            },
            hoverinfo="skip",
            showlegend=False,
        )
    )
    return fig


def category_choropleth(
    values: pd.DataFrame,
    geojson: dict[str, Any],
    *,
    category_col: str,
    categories: Sequence[tuple[str, str, str]],
    title: str,
    missing_label: str,
    hidden: Collection[str] = (),
    hidden_label: str = "无数据",
) -> go.Figure:
    """Draw places coloured by category (one legend entry each); places without one in grey.

    `values` has columns adcode, name (optional) and category_col; `categories` lists
    (value, legend label, colour) in legend order. Places whose category is missing or not
    listed are drawn in the grey of "no data" under `missing_label`; `hidden` places (outside
    the viewer's scope) in the same grey under `hidden_label`, claiming nothing about them.
    """
    merged = _places(geojson).merge(
        values[["adcode", category_col, *(["name"] if "name" in values else [])]],
        on="adcode",
        how="left",
        suffixes=("", "_values"),
    )
    if "name_values" in merged:
        merged["name"] = merged["name_values"].where(merged["name_values"].notna(), merged["name"])
    fig = go.Figure()
    known = {c[0] for c in categories}
    for value, label, colour in categories:
        part = merged[merged[category_col] == value]
        if part.empty:
            continue
        fig.add_trace(
            go.Choropleth(
                geojson=_subset(geojson, part["adcode"]),
                locations=list(part["adcode"]),
                z=[1] * len(part),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker={"line": {"color": BORDER, "width": 0.8}},
                customdata=list(part["name"]),
                hovertemplate=f"<b>%{{customdata}}</b><br>{label}<extra></extra>",
                name=label,
                showlegend=True,
            )
        )
    outside = merged["adcode"].isin(set(hidden))
    missing = merged[~merged[category_col].isin(known) & ~outside]
    if len(missing):
        fig.add_trace(_missing_trace(geojson, missing, missing_label))
    if outside.any():
        fig.add_trace(_missing_trace(geojson, merged[outside], hidden_label))
    fig.update_layout(title={"text": title})
    return style_map(fig, geojson)
