"""The burden-reduction page's sections: cards, before → after, trend, map, points, laggards."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine
from streamlit.elements.plotly_chart import PlotlyState

from charts.maps import choropleth, point_markers
from charts.signage import dumbbell, removal_over_time
from charts.theme import ACCENT, NAVY, SEQUENTIAL_BLUES, SEQUENTIAL_REDS
from config import get_settings
from data_access.aggregate import Place
from metrics.numbers import full, headline_scale, percent, scaled_unit
from services import signage_view as view
from services.area_maps import boundaries
from services.signage_view import SignageTotals
from ui.drill_map import drill_city
from ui.filters import Filters
from ui.i18n import t
from ui.markdown import md_escape
from ui.section_kit import card, card_row, chart_with_exports
from ui.table_block import table_block

POINT_KEY = "signage_point"


def _names(regions: pd.DataFrame) -> dict[str, str]:
    """Place names by adcode."""
    return dict(zip(regions["adcode"], regions["name"], strict=True))


def _n(value: float | None) -> str:
    """A count, or an average with one decimal."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _arrow(before: int | None, after: int | None) -> str:
    """Before→after ("140→21"), or a dash when the catalogue lacks the figures."""
    if before is None or after is None:
        return "—"
    return f"{before}→{after}"


def _place_note(own: dict[str, float] | None, place: str, what: str) -> list[str]:
    """The chosen place's own figures (a county) or county average (a city), before → now."""
    if not own:
        return []
    return [
        t(
            "signage.card.place_avg" if own["counties"] > 1 else "signage.card.place_own",
            place=place,
            before=_n(own[f"{what}_before"]),
            now=_n(own[f"{what}_now"]),
        )
    ]


def cards_section(engine: Engine, filters: Filters) -> SignageTotals:
    """Plaques removed, kinds and mechanisms before → after, internal signs, observation points."""
    lang = filters.language
    tot = view.totals(engine, filters.period, filters.place)
    own = view.place_kinds(engine, filters.place)
    kinds = _arrow(tot.kind("village", "before"), tot.kind("village", "after"))
    mechanisms = _arrow(tot.kind("mechanism", "before"), tot.kind("mechanism", "after"))
    internal = _n(tot.kind("internal", "after"))
    area = t("area.signage")
    card_row(
        [
            card(
                "signage_removed",
                area,
                t("signage.card.removed"),
                f"{headline_scale(tot.plaques_removed, lang)} {t('unit.plaques')}",
                full(tot.plaques_removed),
                t("signage.card.removed_help"),
                notes=[f"{full(tot.plaques_removed)} {t('unit.plaques')}"],
            ),
            card(
                "signage_kinds",
                area,
                t("signage.card.kinds"),
                kinds,
                kinds,
                t("signage.card.catalogue_help"),
                notes=[
                    t("signage.card.kinds_note"),
                    *_place_note(own, filters.place_name, "kinds"),
                ],
            ),
            card(
                "signage_mechanisms",
                area,
                t("signage.card.mechanisms"),
                mechanisms,
                mechanisms,
                t("signage.card.catalogue_help"),
                notes=[
                    t("signage.card.mechanisms_note"),
                    *_place_note(own, filters.place_name, "mechanisms"),
                ],
            ),
            card(
                "signage_internal",
                area,
                t("signage.card.internal"),
                internal if internal == "—" else f"{internal} {t('signage.unit.kinds')}",
                internal,
                t("signage.card.catalogue_help"),
                notes=[t("signage.card.internal_note")],
            ),
            card(
                "signage_points",
                area,
                t("signage.card.points"),
                f"{tot.observation_points} {t('signage.unit.points')}",
                str(tot.observation_points),
                t("signage.card.points_help"),
            ),
        ]
    )
    return tot


def before_after_section(engine: Engine, filters: Filters, facts: dict, tot: SignageTotals) -> None:
    """The province catalogue before → after as a dumbbell (and the place's county average)."""
    if tot.kinds.empty:
        st.info(t("signage.empty.kinds"))
        return
    rows = tot.kinds.assign(label=tot.kinds["scope"].map(lambda s: t(f"signage.scope.{s}")))
    rows = rows[["label", "before", "after"]]
    own = view.place_kinds(engine, filters.place)
    title = t("signage.before_after.title")
    if own:
        key = "title_place" if filters.place.level == "city" else "title_county"
        title = t(f"signage.before_after.{key}", place=filters.place_name)
        extra = pd.DataFrame(
            {
                "label": [
                    t(
                        "signage.scope.place",
                        place=filters.place_name,
                        scope=t(f"signage.scope.{s}"),
                    )
                    for s in ("village", "mechanism")
                ],
                "before": [round(own["kinds_before"], 1), round(own["mechanisms_before"], 1)],
                "after": [round(own["kinds_now"], 1), round(own["mechanisms_now"], 1)],
            }
        )
        rows = pd.concat([rows, extra], ignore_index=True)
    fig = dumbbell(
        rows,
        title=title,
        unit=t("signage.unit.kinds_or_items"),
        before_name=t("signage.before"),
        after_name=t("signage.after"),
        after_only_text=t("signage.after_only"),
    )
    table = rows.rename(
        columns={
            "label": t("col.series"),
            "before": t("signage.before"),
            "after": t("signage.after"),
        }
    )
    chart_with_exports(
        fig, table, "signage_dumbbell", title, t("signage.unit.kinds"), filters, facts
    )
    _catalogue(engine)


def _catalogue(engine: Engine) -> None:
    """The kinds kept after the clean-up, listed by scope (folded away)."""
    kept = view.kinds_kept(engine)
    if not kept:
        return
    with st.expander(t("signage.catalogue.title")):
        cols = st.columns(3)
        for col, scope in zip(cols, ("village", "mechanism", "internal"), strict=True):
            names = kept.get(scope, [])
            col.markdown(f"**{t(f'signage.scope.{scope}')}（{len(names)}）**")
            col.write("、".join(names))


def trend_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Plaques removed per week and the running total in the period."""
    df = view.removal_trend(engine, filters.period, filters.place)
    if df.empty or not df["plaques_removed"].sum():
        st.info(t("signage.empty.removed"))
        return
    title = t("signage.trend.title")
    fig = removal_over_time(
        df,
        title=title,
        unit=t("unit.plaques"),
        per_period_name=t("signage.trend.per_period"),
        cumulative_name=t("signage.trend.cumulative"),
        language=filters.language,
    )
    table = df.rename(
        columns={
            "period": t("col.period"),
            "plaques_removed": t("col.plaques_removed"),
            "cumulative": t("signage.trend.cumulative"),
        }
    )
    chart_with_exports(fig, table, "signage_trend", title, t("unit.plaques"), filters, facts)


def _metric_unit(metric: str) -> str:
    """The unit of a map metric."""
    return {
        "plaques_removed": t("unit.plaques"),
        "per_unit": t("signage.unit.per_unit"),
        "reduction_rate": "%",
    }[metric]


def map_section(
    engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame
) -> pd.DataFrame:
    """A map per city (or a city's counties) with observation points; returns the points shown."""
    st.subheader(t("signage.map.title"))
    province = get_settings().province_adcode
    names = _names(regions)
    left, mid, right = st.columns([2, 2, 1])
    with left:
        metric = st.selectbox(
            t("map.metric"),
            view.MAP_METRICS,
            format_func=lambda m: t(f"signage.metric.{m}"),
            key="signage_metric",
        )
    with mid:
        city = drill_city("signage", filters, regions)
    with right:
        show_points = st.toggle(t("signage.map.points"), value=True, key="signage_show_points")
    values = view.by_place(engine, filters.period, province, city)
    if metric == "reduction_rate":
        values = values.assign(value=values["reduction_rate"] * 100)
    else:
        values = values.assign(value=values[metric])
    values["name"] = values["adcode"].map(names)
    unit = _metric_unit(metric)
    peak = values["value"].max() if len(values) else 0
    div, shown_unit = scaled_unit(peak if pd.notna(peak) else 0, unit, filters.language)
    digits = 0 if metric == "plaques_removed" and div == 1 else (1 if metric != "per_unit" else 2)
    place = names[city] if city else names[province]
    title = f"{place} · {t(f'signage.metric.{metric}')}"
    fig = choropleth(
        values.assign(value=values["value"] / div),
        boundaries(province, "county" if city else "city", city),
        value_col="value",
        title=title,
        unit=shown_unit,
        hover_value_fmt=lambda v: f"{v:,.{digits}f}",
        colorscale=SEQUENTIAL_BLUES if metric == "reduction_rate" else SEQUENTIAL_REDS,
        missing_label=t("map.no_data"),
        highlight_adcode=filters.place.adcode if filters.place.level == "county" else None,
    )
    points = view.observation_points(engine, Place(city, "city") if city else filters.place)
    if show_points and len(points):
        _add_points(fig, points)
    table = values[["adcode", "name", "plaques_removed", "units", "per_unit", "reduction_rate"]]
    table = table.rename(
        columns={
            "adcode": t("col.adcode"),
            "name": t("col.place"),
            "plaques_removed": t("col.plaques_removed"),
            "units": t("signage.col.units"),
            "per_unit": t("signage.col.per_unit"),
            "reduction_rate": t("signage.col.rate"),
        }
    )
    state = chart_with_exports(
        fig, table, "signage_map", title, shown_unit, filters, facts, on_select="rerun"
    )
    hints = []
    if city is None and filters.place.level == "province":
        hints.append(t("map.click_hint"))
    if show_points and len(points):
        hints.append(t("signage.map.hint_points"))
    if hints:
        st.caption(" ".join(hints))
    _handle_click(state, regions, city)
    return points


def _add_points(fig: go.Figure, points: pd.DataFrame) -> None:
    """Observation points as markers: villages and communities in two colours."""
    id_col = t("signage.point.id")
    county_col = t("signage.point.county")
    for kind, colour in (("village", ACCENT), ("community", NAVY)):
        part = points[points["kind"] == kind]
        if part.empty:
            continue
        shown = part.assign(**{id_col: part["source_id"], county_col: part["county_name"]})
        point_markers(
            fig,
            shown,
            name=t(f"signage.points.{kind}"),
            hover_cols=[id_col, county_col],
            color=colour,
            size=10,
        )


def _handle_click(state: PlotlyState | None, regions: pd.DataFrame, city: str | None) -> None:
    """A new click on a point opens its record; on a city (province view) drills into it.

    The map's selection stays in its state after the rerun, so only a selection that differs
    from the last one handled counts (otherwise a stale click would undo later choices).
    """
    points = state.get("selection", {}).get("points", []) if state else []
    first = points[0] if points else {}
    custom = first.get("customdata")
    signature = repr((first.get("location"), custom))
    if not points or st.session_state.get("signage_map_seen") == signature:
        st.session_state["signage_map_seen"] = signature
        return
    st.session_state["signage_map_seen"] = signature
    if isinstance(custom, list) and len(custom) > 1 and str(custom[1]):
        st.session_state[f"{POINT_KEY}_pending"] = custom[1]
        st.rerun()
    cities = set(regions.loc[regions["level"] == "city", "adcode"])
    if city is None and first.get("location") in cities:
        st.session_state["signage_map_click"] = first["location"]
        st.rerun()


def point_section(points: pd.DataFrame) -> None:
    """The record of one observation point, chosen on the map or in the list."""
    st.subheader(t("signage.point.title"))
    if points.empty:
        st.info(t("signage.points.empty"))
        return
    pending = st.session_state.pop(f"{POINT_KEY}_pending", None)
    options = list(points["source_id"])
    if pending in options:
        st.session_state[POINT_KEY] = pending
    elif st.session_state.get(POINT_KEY) not in options:
        st.session_state[POINT_KEY] = None
    labels = dict(zip(points["source_id"], points["name"], strict=True))
    chosen = st.selectbox(
        t("signage.point.select"),
        options,
        index=None,
        placeholder=t("signage.point.none"),
        format_func=lambda s: f"{labels[s]}（{s}）",
        key=POINT_KEY,
    )
    if chosen is None:
        return
    p = points[points["source_id"] == chosen].iloc[0]
    with st.container(border=True, key="signage_point_record"):
        st.markdown(f"**{md_escape(p['name'])}**")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("signage.point.county"), p["county_name"])
        c2.metric(t("signage.point.kind"), t(f"signage.point.kind.{p['kind']}"))
        c3.metric(t("signage.point.plaques"), _arrow_values(p["plaques_before"], p["plaques_now"]))
        c4.metric(
            t("signage.point.mechanisms"),
            _arrow_values(p["mechanisms_before"], p["mechanisms_now"]),
        )
        established = p["established_on"].isoformat() if pd.notna(p["established_on"]) else "—"
        st.caption(
            f"{t('signage.point.id')}：{md_escape(p['source_id'])} · "
            f"{t('signage.point.established')}：{established}"
            f" · {t('signage.point.location')}：{p['lon']:.4f}°E, {p['lat']:.4f}°N"
        )
        if p["note"]:
            st.markdown(f"{t('signage.point.note')}：{md_escape(p['note'])}")


def _arrow_values(before: object, now: object) -> str:
    """Two optional counts as "before → now"."""
    b = "—" if before is None or pd.isna(before) else str(int(before))
    n = "—" if now is None or pd.isna(now) else str(int(now))
    return f"{b} → {n}"


def laggards_section(
    engine: Engine, filters: Filters, tot: SignageTotals, regions: pd.DataFrame
) -> None:
    """County units ranked by plaque kinds still hung; those above the standard in red."""
    st.subheader(t("signage.laggards.title"))
    standard = tot.kind("village", "after")
    ranked = view.laggards(engine, filters.place, standard)
    if ranked.empty:
        st.info(t("signage.empty.status"))
        return
    names = _names(regions)
    over = int((ranked["over_standard"] > 0).sum())
    if standard is not None:
        st.caption(
            t("signage.laggards.caption", standard=standard, n=over)
            if over
            else t("signage.laggards.none", standard=standard)
        )
    data = pd.DataFrame(
        {
            t("signage.col.rank"): ranked["rank"],
            t("col.adcode"): ranked["adcode"],
            t("col.place"): ranked["name"],
            t("signage.col.city"): ranked["city_adcode"].map(lambda a: names.get(a, "")),
            t("signage.col.kinds_now"): ranked["plaque_kinds_now"],
            t("signage.col.over"): ranked["over_standard"],
            t("signage.col.kinds_before"): ranked["plaque_kinds_before"],
            t("signage.col.rate"): ranked["reduction_rate"],
            t("signage.col.mechanisms_now"): ranked["mechanisms_now"],
            t("signage.col.mechanisms_before"): ranked["mechanisms_before"],
            t("signage.col.villages"): ranked["villages"],
            t("signage.col.communities"): ranked["communities"],
            t("signage.col.as_of"): ranked["as_of"],
        }
    )
    over_col = t("signage.col.over")
    styled = data.style.apply(
        lambda row: (
            ["background-color: #FBEDEB; color: #7B1E16" if row[over_col] > 0 else ""] * len(row)
        ),
        axis=1,
    ).format({t("signage.col.rate"): lambda v: percent(v)})
    table_block(
        data,
        key="signage_laggards",
        title=t("signage.laggards.title"),
        filters=filters,
        shown=styled,
        height=460,
    )
