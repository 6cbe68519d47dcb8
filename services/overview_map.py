"""The overview's choropleth for a metric, period and (optionally) one city's counties."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from charts.frozen import FrozenFigure, freeze
from charts.maps import choropleth
from charts.theme import SEQUENTIAL_BLUES, SEQUENTIAL_REDS
from data_access.boundaries import boundaries_geojson
from data_access.cache import cached_map_view
from i18n import t
from metrics.numbers import scaled_unit
from metrics.periods import Period
from services.map_metrics import CITY_ONLY, map_values

METRIC_UNIT = {
    "volunteer_hours": "unit.hours",
    "suggestions_received": "unit.items",
    "associations": "unit.associations",
    "plaques_removed": "unit.plaques",
    "community_workers_per_10k": "unit.per_10k",
}


@dataclass(frozen=True)
class MapView:
    """A drawn map with its data table, title and display unit."""

    figure: go.Figure | FrozenFigure
    table: pd.DataFrame
    title: str
    unit: str


def _hover(div: float, metric: str) -> Callable[[float], str]:
    """How hover text prints a (scaled) value."""
    if metric in CITY_ONLY:
        return lambda v: f"{v:,.1f}"
    return (lambda v: f"{v:,.2f}") if div > 1 else (lambda v: f"{v:,.0f}")


def overview_map(
    engine: Engine,
    metric: str,
    period: Period,
    province: str,
    names: dict[str, str],
    city: str | None,
    lang: str,
) -> MapView:
    """Build the map of a metric per city, or per county unit of one city."""
    values = map_values(engine, metric, period, province, city)
    values["name"] = values["adcode"].map(names)
    geo = boundaries_geojson(province, "county" if city else "city", city_adcode=city)
    base_unit = t(METRIC_UNIT[metric], lang)
    div, unit = scaled_unit(values["value"].max() if len(values) else 0, base_unit, lang)
    place = names[city] if city else names[province]
    title = f"{place} · {t(f'metric.{metric}', lang)}"
    fig = choropleth(
        values.assign(value=values["value"] / div),
        geo,
        value_col="value",
        title=title,
        unit=unit,
        hover_value_fmt=_hover(div, metric),
        colorscale=SEQUENTIAL_REDS if metric == "plaques_removed" else SEQUENTIAL_BLUES,
        missing_label=t("map.no_data", lang),
    )
    table = values[["adcode", "name", "value"]].rename(
        columns={
            "adcode": t("col.adcode", lang),
            "name": t("col.place", lang),
            "value": f"{t(f'metric.{metric}', lang)}"
            + (f"（{base_unit}）" if lang == "zh" else f" ({base_unit})"),
        }
    )
    return MapView(fig, table, title, unit)


@cached_map_view  # built on every run it took 11 % of the CPU under load (py-spy, load_bench)
def frozen_overview_map(
    engine: Engine,
    metric: str,
    period: Period,
    province: str,
    names: dict[str, str],
    city: str | None,
    lang: str,
) -> MapView:
    """overview_map() with its figure frozen, built once per data version, scope and arguments."""
    view = overview_map(engine, metric, period, province, names, city, lang)
    return replace(view, figure=freeze(view.figure))
