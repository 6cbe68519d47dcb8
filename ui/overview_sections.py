"""The overview's sections: KPI cards, the province map with drill-down, headline trends."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from services.headline import headline
from services.map_metrics import CITY_ONLY, MAP_METRICS
from services.overview_map import frozen_overview_map
from services.trend_views import frozen_trend_views, page_window
from ui.auth import current_user
from ui.cards import card_grid
from ui.chart_block import chart_block
from ui.filters import Filters
from ui.header import source_line
from ui.i18n import language, t
from ui.overview_cards import headline_cards


def kpi_section(engine: Engine, filters: Filters) -> None:
    """Five cards side by side, wrapping onto a second row on a laptop or projector."""
    card_grid(headline_cards(headline(engine, filters.period, filters.place)), "overview_cards")


def _drill_city(filters: Filters, names: dict[str, str], cities: list[str]) -> str | None:
    """The city the map is drilled into: a map click, the selector, or the sidebar's city."""
    if filters.place.level != "province":
        return filters.place.adcode if filters.place.adcode in cities else None
    clicked = st.session_state.pop("overview_map_click", None)
    if clicked in cities:
        st.session_state["overview_drill"] = clicked
    drilled = st.selectbox(
        t("map.drill"),
        ["", *cities],
        format_func=lambda a: names[a] if a else t("place.all_cities"),
        key="overview_drill",
    )
    return drilled or None


def map_section(engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame) -> None:
    """The province map: metric switch, drill-down from a city to its counties."""
    province = get_settings().province_adcode
    names = dict(zip(regions["adcode"], regions["name"], strict=True))
    cities = regions.loc[regions["level"] == "city", "adcode"].tolist()
    user = current_user()
    if user is not None and user.city_adcode:
        cities = [user.city_adcode]
    left, right = st.columns([1, 1])
    with left:
        metric = st.selectbox(
            t("map.metric"),
            MAP_METRICS,
            format_func=lambda m: t(f"metric.{m}"),
            key="overview_metric",
        )
    with right:
        city = _drill_city(filters, names, cities)
    if city and metric in CITY_ONLY:
        st.info(t("map.no_county_data"))
        city = None
    view = frozen_overview_map(engine, metric, filters.period, province, names, city, language())
    state = chart_block(
        view.figure,
        view.table,
        key="overview_map",
        title=view.title,
        unit=view.unit,
        filters=filters,
        as_of=str(facts.get("data_as_of")),
        source=source_line(facts),
        on_select="rerun" if not city else "ignore",
    )
    if not city:
        st.caption(t("map.click_hint"))
        points = state.get("selection", {}).get("points", []) if state else []
        if points and points[0].get("location") in cities:
            st.session_state["overview_map_click"] = points[0]["location"]
            st.rerun()


def trends_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Volunteer hours against last year, suggestions received and concluded, plaques removed."""
    views = frozen_trend_views(engine, page_window(filters.period), filters.place, language())
    st.subheader(t("trend.title"))
    columns = st.columns(2)
    for i, view in enumerate(views):
        slot = columns[i] if i < 2 else st.container()
        with slot:
            chart_block(
                view.figure,
                view.table,
                key=view.key,
                title=view.title,
                unit=view.unit,
                filters=filters,
                as_of=str(facts.get("data_as_of")),
                source=source_line(facts),
            )
