"""The associations page: cards, map, breakdowns, Party coverage, registrations, survey."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.breakdowns import category_bars, share_bars
from charts.theme import NAVY
from config import get_settings
from metrics.glossary import definition
from metrics.numbers import full, percent
from services import association_view as view
from services.area_maps import ASSOCIATION_MAP
from ui.drill_map import area_map_section
from ui.filters import Filters
from ui.i18n import t
from ui.section_kit import card, card_row, share_chart, view_chart
from ui.section_kit import chart_with_exports as _block


def cards_section(
    engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame
) -> view.AssociationTotals:
    """Associations registered, Party coverage, new registrations and the year's survey."""
    lang = filters.language
    p = filters.period
    tot = view.totals(engine, p, filters.place, regions)
    counts, _ = view.survey(engine, p.end.year, filters.place, lang)
    unit = t("unit.associations")
    per_10k = "—" if tot.per_10k is None else f"{tot.per_10k:.2f}"
    card_row(
        [
            card(
                "association_total",
                t("area.associations"),
                t("kpi.associations"),
                f"{full(tot.total)} {unit}",
                full(tot.total),
                definition("associations", lang),
                notes=[
                    t(
                        "association.by_level",
                        province=full(tot.by_level.get("province", 0)),
                        city=full(tot.by_level.get("city", 0)),
                        county=full(tot.by_level.get("county", 0)),
                    ),
                    t("association.per_10k_note", value=per_10k)
                    if tot.per_10k is not None
                    else t("volunteer.per_10k_city_only"),
                ],
            ),
            card(
                "association_coverage",
                t("area.associations"),
                t("association.coverage"),
                percent(tot.coverage),
                f"{full(tot.with_party_org)} / {full(tot.total)}",
                definition("party_coverage", lang),
                notes=[t("association.coverage_note", n=full(tot.with_party_org))],
            ),
            card(
                "association_new",
                t("area.associations"),
                t("association.registered"),
                f"{full(tot.registered_in_period)} {unit}",
                full(tot.registered_in_period),
                definition("associations_registered", lang),
            ),
            card(
                "association_survey",
                t("area.associations"),
                t("association.survey.visited", year=p.end.year),
                f"{full(counts['visited'])} {unit}",
                full(counts["visited"]),
                definition("survey", lang),
                notes=[
                    t(
                        "association.survey.detail",
                        questionnaires=full(counts["questionnaires"]),
                        issues=full(counts["issues_collected"]),
                    )
                ],
            ),
        ]
    )
    return tot


def map_section(engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame) -> None:
    """Associations per city (total, per 10,000 residents, Party coverage); drill to counties."""
    province = get_settings().province_adcode
    _, city = area_map_section(
        ASSOCIATION_MAP,
        lambda city: view.by_place(engine, filters.period, province, city, regions),
        filters,
        facts,
        regions,
    )
    note = "association.map.note_county" if city else "association.map.note_city"
    st.caption(t(note) + " " + definition("per_10k_residents", filters.language))


def breakdown_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Associations by level and by industry."""
    lang = filters.language
    left, right = st.columns(2)
    cols = {
        "name": t("association.col.category"),
        "associations": t("association.metric.associations"),
        "with_party_org": t("association.col.with_party_org"),
        "party_coverage": t("association.col.coverage_share"),
    }
    for col, column in ((left, "level"), (right, "industry")):
        with col:
            breakdown = view.breakdown(engine, filters.period, filters.place, column, lang)
            view_chart(breakdown, cols, filters, facts)


def coverage_section(engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame) -> None:
    """Party-organisation coverage by level and by city."""
    st.subheader(t("association.coverage.title"))
    lang = filters.language
    cols = {
        "name": t("col.place"),
        "associations": t("association.metric.associations"),
        "with_party_org": t("association.col.with_party_org"),
        "party_coverage": t("association.col.coverage_share"),
    }
    left, right = st.columns([1, 2])
    levels = view.by_category(engine, filters.period, filters.place, "level", lang)
    levels["detail"] = [
        t("association.coverage.detail", n=full(a), m=full(b))
        for a, b in zip(levels["with_party_org"], levels["associations"], strict=True)
    ]
    with left:
        title = t("association.coverage.by_level")
        fig = share_bars(levels, "name", "party_coverage", title=title, detail_col="detail")
        _block(
            fig,
            levels[list(cols)].rename(columns=cols),
            "association_cov_level",
            title,
            "%",
            filters,
            facts,
        )
    city = filters.place.adcode if filters.place.level == "city" else None
    places = view.by_place(engine, filters.period, get_settings().province_adcode, city, regions)
    places = places.sort_values("party_coverage", ascending=False, ignore_index=True)
    places["detail"] = [
        t("association.coverage.detail", n=full(a), m=full(b))
        for a, b in zip(places["with_party_org"], places["associations"], strict=True)
    ]
    with right:
        title = t("association.coverage.by_county" if city else "association.coverage.by_city")
        fig = share_bars(
            places, "name", "party_coverage", title=title, detail_col="detail", color=NAVY
        )
        _block(
            fig,
            places[list(cols)].rename(columns=cols),
            "association_cov_place",
            title,
            "%",
            filters,
            facts,
        )
    st.caption(definition("party_coverage", lang))


def registrations_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Associations registered per year up to the period's end."""
    df = view.registrations(engine, filters.period, filters.place)
    if df.empty:
        return
    title = t("association.registrations.title")
    df["label"] = df["year"].astype(str)
    fig = category_bars(
        df,
        "label",
        "registered",
        title=title,
        unit=t("unit.associations"),
        horizontal=False,
        labels_on_bars=False,
    )
    table = df[["year", "registered"]].rename(
        columns={"year": t("association.col.year"), "registered": t("association.registered")}
    )
    _block(fig, table, "association_registrations", title, t("unit.associations"), filters, facts)


def survey_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """The year's survey: visited, questionnaires, associations with issues; issues by theme."""
    lang = filters.language
    year = filters.period.end.year
    counts, themes = view.survey(engine, year, filters.place, lang)
    st.subheader(t("association.survey.title", year=year))
    if not any(counts.values()):
        st.info(t("association.survey.none", year=year))
        return
    steps = pd.DataFrame(
        {
            "step": ["visited", "questionnaires", "issues_collected"],
            "count": [counts["visited"], counts["questionnaires"], counts["issues_collected"]],
        }
    )
    steps["name"] = [t(f"association.survey.step.{s}") for s in steps["step"]]
    left, right = st.columns(2)
    with left:
        title = t("association.survey.chart", year=year)
        fig = category_bars(
            steps, "name", "count", title=title, unit=t("association.unit.count"), language=lang
        )
        table = steps[["name", "count"]].rename(
            columns={"name": t("association.col.survey_step"), "count": t("association.col.count")}
        )
        _block(fig, table, "association_survey", title, t("association.unit.count"), filters, facts)
    with right:
        title = t("association.survey.themes", year=year)
        cols = {
            "name": t("association.col.theme"),
            "associations": t("association.metric.associations"),
        }
        share_chart(
            themes,
            "associations",
            cols,
            "association_themes",
            title,
            t("unit.associations"),
            filters,
            facts,
            color=NAVY,
        )
    st.caption(definition("survey", lang))
