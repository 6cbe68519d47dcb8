"""The volunteer page's sections: cards, map with drill-down, trend, fields, top and bottom."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.breakdowns import ranked_changes
from charts.trends import versus_last_year
from config import get_settings
from metrics.deltas import change
from metrics.glossary import definition
from metrics.numbers import full, headline_scale
from metrics.per_place import top_and_bottom
from metrics.periods import previous
from services import volunteer_view as view
from services.area_maps import VOLUNTEER_MAP
from ui.chart_block import frozen_chart
from ui.drill_map import area_map_section
from ui.filters import Filters
from ui.i18n import t
from ui.section_kit import card, card_row, chart_with_exports, view_chart

TREND_GRANULARITIES = ("week", "month", "quarter")
RANK_SIZE = 5


def _one(value: float | None, digits: int = 1) -> str:
    """A rate with a fixed number of decimals, or a dash."""
    return "—" if value is None or pd.isna(value) else f"{value:,.{digits}f}"


def cards_section(
    engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame
) -> view.VolunteerTotals:
    """Hours, volunteers, hours per volunteer and hours per 10,000 residents."""
    lang = filters.language
    tot = view.totals(engine, filters.period, filters.place, regions)
    if facts.get("demo"):
        st.info(t("synthetic_volunteer"), icon=":material/science:")
    per_10k_note = [t("volunteer.per_10k_city_only")] if tot.hours_per_10k is None else []
    card_row(
        [
            card(
                "volunteer_hours",
                t("area.volunteer"),
                t("kpi.volunteer_hours"),
                f"{headline_scale(tot.hours, lang)} {t('unit.hours')}",
                full(round(tot.hours)),
                definition("volunteer_hours", lang),
                previous=change(tot.hours, tot.hours_previous),
                last_year=change(tot.hours, tot.hours_last_year),
            ),
            card(
                "volunteer_people",
                t("area.volunteer"),
                t("volunteer.volunteers"),
                f"{headline_scale(tot.volunteers, lang)} {t('volunteer.unit.person_times')}",
                full(tot.volunteers),
                definition("volunteers", lang),
                previous=change(tot.volunteers, tot.volunteers_previous),
            ),
            card(
                "volunteer_per_person",
                t("area.volunteer"),
                t("volunteer.hours_per_volunteer"),
                f"{_one(tot.per_volunteer)} {t('unit.hours')}",
                _one(tot.per_volunteer, 3),
                definition("hours_per_volunteer", lang),
            ),
            card(
                "volunteer_per_10k",
                t("area.volunteer"),
                t("volunteer.hours_per_10k"),
                f"{_one(tot.hours_per_10k)} {t('unit.hours')}",
                _one(tot.hours_per_10k, 3),
                definition("per_10k_residents", lang),
                notes=per_10k_note,
            ),
        ]
    )
    return tot


def map_section(
    engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame
) -> tuple[str, str | None]:
    """The map of a chosen figure per city, or per county of the drilled city."""
    province = get_settings().province_adcode
    shown, city = area_map_section(
        VOLUNTEER_MAP,
        lambda city: view.by_place(engine, filters.period, province, city, regions),
        filters,
        facts,
        regions,
    )
    st.caption(definition("per_10k_residents", filters.language))
    return shown, city


def trend_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Hours from 1 January to the period's end by week, month or quarter, against last year."""
    st.subheader(t("volunteer.trend.title"))
    g = st.radio(
        t("volunteer.trend.granularity"),
        TREND_GRANULARITIES,
        format_func=lambda k: t(f"volunteer.gran.{k}"),
        horizontal=True,
        key="volunteer_trend_granularity",
    )
    cur, old = view.trend(engine, filters.period, filters.place, g)
    title = t("volunteer.trend.chart", year=filters.period.end.year)
    fig = frozen_chart(
        versus_last_year,
        cur,
        old,
        "hours",
        title=title,
        unit=t("unit.hours"),
        current_name=t("series.current"),
        last_year_name=t("series.last_year"),
        language=filters.language,
    )
    data = pd.concat(
        [cur.assign(series=t("series.current")), old.assign(series=t("series.last_year"))]
    ).rename(
        columns={
            "period": t("col.period"),
            "hours": t("col.hours"),
            "volunteers": t("col.volunteers"),
            "series": t("col.series"),
        }
    )
    chart_with_exports(fig, data, "volunteer_trend", title, t("unit.hours"), filters, facts)


def fields_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Hours by service field with their share, and hours per volunteer per field."""
    st.subheader(t("volunteer.fields.title"))
    cols = {
        "name": t("col.field"),
        "hours": t("col.hours"),
        "volunteers": t("col.volunteers"),
        "hours_per_volunteer": t("volunteer.metric.hours_per_volunteer"),
    }
    fields = view.frozen_fields(engine, filters.period, filters.place, filters.language)
    view_chart(fields, cols, filters, facts)


def ranking_section(
    engine: Engine,
    filters: Filters,
    facts: dict,
    regions: pd.DataFrame,
    metric: str,
    city: str | None,
) -> None:
    """The top and bottom places by the map's figure, with the change on the previous period."""
    province = get_settings().province_adcode
    ranked = view.ranking(engine, filters.period, province, city, regions, metric)
    st.subheader(t("volunteer.rank.title"))
    if ranked.empty:
        st.info(t("empty"))
        return
    top, bottom = top_and_bottom(ranked, RANK_SIZE)
    both = pd.concat([top.assign(group="top"), bottom.assign(group="bottom")], ignore_index=True)
    scope = t("volunteer.rank.counties") if city else t("volunteer.rank.cities")
    title = t("volunteer.rank.chart", scope=scope, metric=t(f"volunteer.metric.{metric}"))
    fig = frozen_chart(
        ranked_changes,
        both,
        name_col="name",
        value_col="value",
        relative_col="relative",
        group_col="group",
        groups={
            "top": t("volunteer.rank.top", n=RANK_SIZE),
            "bottom": t("volunteer.rank.bottom", n=RANK_SIZE),
        },
        title=title,
        unit=t(VOLUNTEER_MAP.figure(metric).unit),
        change_label=t("delta.prev"),
        language=filters.language,
    )
    table = both[["rank", "adcode", "name", "value", "previous", "change", "relative"]].rename(
        columns={
            "rank": t("volunteer.col.rank"),
            "adcode": t("col.adcode"),
            "name": t("col.place"),
            "value": t(f"volunteer.metric.{metric}"),
            "previous": t("volunteer.col.previous"),
            "change": t("volunteer.col.change"),
            "relative": t("volunteer.col.relative"),
        }
    )
    chart_with_exports(
        fig, table, "volunteer_rank", title, t(VOLUNTEER_MAP.figure(metric).unit), filters, facts
    )
    st.caption(t("volunteer.rank.note", previous=_previous_label(filters)))


def _previous_label(filters: Filters) -> str:
    """The previous period's label."""
    return previous(filters.period).label(filters.language)
