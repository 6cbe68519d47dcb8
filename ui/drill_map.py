"""An area's map of one figure per city that drills into a city's counties (click or choose)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from charts.frozen import FrozenFigure, freeze
from charts.maps import choropleth
from charts.theme import SEQUENTIAL_BLUES, SEQUENTIAL_REDS
from config import get_settings
from data_access.cache import MAP_ENTRIES
from metrics.numbers import scaled_unit
from services.area_maps import AreaMap, boundaries
from services.place_population import counties_have_population
from ui.auth import current_user
from ui.chart_block import chart_block
from ui.filters import Filters
from ui.header import source_line
from ui.i18n import t
from ui.links import linked_index, linked_metric, write_metric


def drill_city(prefix: str, filters: Filters, regions: pd.DataFrame) -> str | None:
    """The city the map shows counties of: the sidebar's city, a map click, or the selector."""
    cities = regions.loc[regions["level"] == "city", "adcode"].tolist()
    user = current_user()
    if user is not None and user.city_adcode:  # a city-scoped user drills into their city only
        cities = [user.city_adcode]
    if filters.place.level != "province":
        city = regions.loc[regions["adcode"] == filters.place.adcode, "city_adcode"]
        return city.iloc[0] if len(city) and city.iloc[0] in cities else None
    names = dict(zip(regions["adcode"], regions["name"], strict=True))
    clicked = st.session_state.pop(f"{prefix}_map_click", None)
    if clicked in cities:
        st.session_state[f"{prefix}_drill"] = clicked
    return st.selectbox(
        t("map.drill"),
        [None, *cities],
        format_func=lambda a: t("place.all_cities") if a is None else names[a],
        key=f"{prefix}_drill",
    )


@st.cache_data(show_spinner=False, max_entries=MAP_ENTRIES, ttl=6 * 3600)
def frozen_map(
    values: pd.DataFrame,
    province: str,
    city: str | None,
    *,
    title: str,
    unit: str,
    hover_format: str,
    colorscale: list,
    missing_label: str,
) -> FrozenFigure:
    """The choropleth of values (adcode, name, value) on the province's cities or a city's
    counties, built once for every session: the key is everything drawn (values and labels)."""
    return freeze(
        choropleth(
            values,
            boundaries(province, "county" if city else "city", city),
            value_col="value",
            title=title,
            unit=unit,
            hover_value_fmt=lambda v: f"{v:{hover_format}}",
            colorscale=colorscale,
            missing_label=missing_label,
        )
    )


def place_map(
    values: pd.DataFrame,
    *,
    prefix: str,
    filters: Filters,
    facts: dict,
    regions: pd.DataFrame,
    province: str,
    city: str | None,
    title: str,
    unit: str,
    digits: int = 0,
    colorscale: list | None = None,
    table_columns: dict[str, str] | None = None,
) -> None:
    """Draw `value` per place (adcode, value) with exports; a click on a city drills into it."""
    names = dict(zip(regions["adcode"], regions["name"], strict=True))
    values = values.assign(name=values["adcode"].map(names))
    peak = values["value"].max() if len(values) else 0
    div, shown_unit = scaled_unit(peak if pd.notna(peak) else 0, unit, filters.language)
    full_title = f"{names[city] if city else names[province]} · {title}"
    fig = frozen_map(
        values[["adcode", "name"]].assign(value=values["value"] / div),
        province,
        city,
        title=full_title,
        unit=shown_unit,
        hover_format=",.2f" if div > 1 or digits else ",.0f",
        colorscale=colorscale or SEQUENTIAL_BLUES,
        missing_label=t("map.no_data"),
    )
    columns = {"adcode": t("col.adcode"), "name": t("col.place")} | (table_columns or {})
    table = values[[c for c in columns if c in values.columns]].rename(columns=columns)
    state = chart_block(
        fig,
        table,
        key=f"{prefix}_map",
        title=full_title,
        unit=shown_unit,
        filters=filters,
        as_of=str(facts.get("data_as_of")),
        source=source_line(facts),
        on_select="ignore" if city or filters.place.level != "province" else "rerun",
    )
    if city is None and filters.place.level == "province":
        st.caption(t("map.click_hint"))
        points = state.get("selection", {}).get("points", []) if state else []
        cities = set(regions.loc[regions["level"] == "city", "adcode"])
        if points and points[0].get("location") in cities:
            st.session_state[f"{prefix}_map_click"] = points[0]["location"]
            st.rerun()


def area_map_section(
    spec: AreaMap,
    values_for: Callable[[str | None], pd.DataFrame],
    filters: Filters,
    facts: dict,
    regions: pd.DataFrame,
) -> tuple[str, str | None]:
    """Figure picker, drill, per-10k fallback and map of one area; returns (figure, city)."""
    st.subheader(t(spec.title))
    province = get_settings().province_adcode
    linked_metric(spec.prefix, spec.keys)
    left, right = st.columns(2)
    with left:
        chosen = st.selectbox(
            t("map.metric"),
            spec.keys,
            index=linked_index(
                f"{spec.prefix}_metric",
                spec.keys,
                spec.keys.index(spec.default) if spec.default else 0,
            ),
            format_func=lambda m: t(f"{spec.prefix}.metric.{m}"),
            key=f"{spec.prefix}_metric",
        )
    write_metric(chosen)
    with right:
        city = drill_city(spec.prefix, filters, regions)
    figure = spec.figure(chosen)
    if city and figure.per_10k_of and not counties_have_population(regions, city):
        st.info(t("volunteer.per_10k_city_only"))
        figure = spec.figure(figure.per_10k_of)
    values = values_for(city)
    place_map(
        values.assign(value=values[figure.key] * (100 if figure.percent else 1)),
        prefix=spec.prefix,
        filters=filters,
        facts=facts,
        regions=regions,
        province=province,
        city=city,
        title=t(f"{spec.prefix}.metric.{figure.key}"),
        unit="%" if figure.percent else t(figure.unit),
        digits=figure.digits,
        colorscale=SEQUENTIAL_REDS if figure.reds else None,
        table_columns={column: t(header) for column, header in spec.table},
    )
    return figure.key, city
