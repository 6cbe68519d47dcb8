"""The suggestions page's sections: cards, breakdowns, funnel, timeliness, backlog and map."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.breakdowns import stacked_bars
from charts.handling import days_distribution, handling_funnel_chart
from charts.theme import ACCENT, BLUE
from config import get_settings
from metrics.glossary import definition
from metrics.numbers import full, percent
from metrics.timeliness import Timeliness
from services import suggestion_view as view
from services.area_maps import SUGGESTION_MAP
from ui.cards import KpiCard
from ui.chart_block import frozen_chart
from ui.drill_map import area_map_section
from ui.filters import Filters
from ui.i18n import t
from ui.section_kit import card, card_row, view_chart
from ui.section_kit import chart_with_exports as _block

DAYS_SHOWN = 120  # longer times are drawn in the last bar


def limits() -> view.Limits:
    """The configured petition-work time limits."""
    s = get_settings()
    return view.Limits(s.acceptance_limit_days, s.conclusion_limit_days)


def _days(value: float | None) -> str:
    """Days with one decimal when needed."""
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _timeliness_notes(tl: Timeliness) -> list[str]:
    """Median, P90 and the counts behind an on-time share."""
    return [
        t("suggestion.median_p90", median=_days(tl.median_days), p90=_days(tl.p90_days)),
        t(
            "suggestion.on_time_counts",
            on_time=full(tl.on_time),
            late=full(tl.late),
            pending=full(tl.pending),
        ),
    ]


def _timeliness_card(key: str, step: str, tl: Timeliness, limit: int, lang: str) -> KpiCard:
    """The on-time share of acceptance or conclusion within its limit, with the counts behind."""
    return card(
        key,
        t("area.suggestions"),
        t(f"suggestion.{step}_on_time", limit=limit),
        percent(tl.on_time_share),
        f"{full(tl.on_time)} / {full(tl.on_time + tl.late)}",
        definition(f"{step}_on_time", lang, limit=limit),
        notes=_timeliness_notes(tl),
    )


def handling_data(engine: Engine, filters: Filters, facts: dict) -> view.Handling:
    """The figures of the cards, funnel and timeliness charts."""
    return view.handling(engine, filters.period, filters.place, facts.get("data_as_of"), limits())


def cards_section(h: view.Handling, filters: Filters) -> None:
    """Received, on-time acceptance and conclusion, open backlog, satisfaction."""
    lang = filters.language
    lim = limits()
    bands = h.backlog_bands
    open_, overdue = int(bands["open"].sum()), int(bands["overdue"].sum())
    sat = h.satisfaction
    card_row(
        [
            card(
                "suggestion_received",
                t("area.suggestions"),
                t("kpi.suggestions_received"),
                f"{full(h.received)} {t('unit.items')}",
                full(h.received),
                definition("received", lang),
                notes=[t("suggestion.channels", petition=full(h.petition), other=full(h.other))],
            ),
            _timeliness_card("suggestion_accept", "acceptance", h.acceptance, lim.acceptance, lang),
            _timeliness_card(
                "suggestion_conclude", "conclusion", h.conclusion, lim.conclusion, lang
            ),
            card(
                "suggestion_backlog",
                t("area.suggestions"),
                t("suggestion.backlog"),
                f"{full(open_)} {t('unit.items')}",
                full(open_),
                definition("backlog", lang, acceptance=lim.acceptance, conclusion=lim.conclusion),
                notes=[
                    t("suggestion.overdue_note", overdue=full(overdue)),
                    t("suggestion.backlog_day", day=h.backlog_as_of.isoformat()),
                ],
            ),
            card(
                "suggestion_satisfaction",
                t("area.suggestions"),
                t("suggestion.satisfaction"),
                "—" if sat.mean is None else f"{sat.mean:.2f} / 5",
                "—" if sat.mean is None else f"{sat.mean:.4f}",
                definition("satisfaction", lang),
                notes=[
                    t(
                        "suggestion.satisfaction_note",
                        share=percent(sat.satisfied_share),
                        n=full(sat.rated),
                    )
                    if sat.rated
                    else t("suggestion.satisfaction_none")
                ],
            ),
        ]
    )


def breakdown_section(engine: Engine, filters: Filters, facts: dict) -> None:
    """Received by channel, by category and by collection level (province → village)."""
    st.subheader(t("suggestion.breakdown.title"))
    lang = filters.language
    cols = {
        "name": t("suggestion.col.category"),
        "received": t("col.received"),
        "accepted": t("suggestion.col.accepted"),
        "concluded": t("col.concluded"),
        "adopted": t("suggestion.col.adopted"),
    }
    tabs = st.tabs([t(f"suggestion.by_{c}") for c in ("channel", "category", "collection_level")])
    for tab, column in zip(tabs, ("channel", "category", "collection_level"), strict=True):
        with tab:
            breakdown = view.frozen_breakdown(engine, filters.period, filters.place, column, lang)
            view_chart(breakdown, cols, filters, facts)


def funnel_section(h: view.Handling, filters: Filters, facts: dict) -> None:
    """Received → accepted → concluded → adopted, with each stage's rate."""
    st.subheader(t("suggestion.funnel.section"))
    stages = ("received", "accepted", "concluded", "adopted")
    labels = {s: t(f"suggestion.stage.{s}") for s in stages}
    rate_labels = {s: t(f"suggestion.rate.{s}") for s in stages}
    title = t("suggestion.funnel.title")
    fig = frozen_chart(handling_funnel_chart, h.funnel, labels, rate_labels, title=title)
    table = h.funnel.assign(stage=h.funnel["stage"].map(labels)).rename(
        columns={
            "stage": t("suggestion.col.stage"),
            "items": t("suggestion.col.items"),
            "rate": t("suggestion.col.rate"),
            "of_received": t("suggestion.col.of_received"),
        }
    )
    _block(fig, table, "suggestion_funnel", title, t("unit.items"), filters, facts)
    st.caption(definition("funnel", filters.language))


def timeliness_section(h: view.Handling, filters: Filters, facts: dict) -> None:
    """Days to accept and days to conclude, with the limits drawn in."""
    st.subheader(t("suggestion.timeliness.title"))
    lim = limits()
    left, right = st.columns(2)
    for col, step, hist, limit, tl in (
        (left, "acceptance", h.acceptance_hist, lim.acceptance, h.acceptance),
        (right, "conclusion", h.conclusion_hist, lim.conclusion, h.conclusion),
    ):
        title = t(f"suggestion.timeliness.{step}")
        fig = frozen_chart(
            days_distribution,
            hist,
            limit,
            title=title,
            unit=t("unit.items"),
            day_unit=t("suggestion.unit.days"),
            within_name=t("suggestion.within_limit", limit=limit),
            late_name=t("suggestion.beyond_limit", limit=limit),
            limit_label=t("suggestion.limit_line", limit=limit),
            cap_days=max(DAYS_SHOWN, limit * 2),
        )
        done = hist[hist["done"] == 1]
        table = done[["days", "items"]].rename(
            columns={"days": t("suggestion.col.days"), "items": t("suggestion.col.items")}
        )
        with col:
            _block(fig, table, f"suggestion_days_{step}", title, t("unit.items"), filters, facts)
            st.caption(
                t(
                    "suggestion.timeliness.summary",
                    share=percent(tl.on_time_share),
                    median=_days(tl.median_days),
                    p90=_days(tl.p90_days),
                )
            )


def backlog_section(h: view.Handling, filters: Filters, facts: dict) -> None:
    """Open items by age band, overdue ones highlighted."""
    lim = limits()
    st.subheader(t("suggestion.backlog.title", day=h.backlog_as_of.isoformat()))
    bands = h.backlog_bands.assign(
        within=h.backlog_bands["open"] - h.backlog_bands["overdue"],
        label=[t("suggestion.band", band=b) for b in h.backlog_bands["band"]],
    )
    if int(bands["open"].sum()) == 0:
        st.info(t("suggestion.backlog.none"))
        return
    title = t("suggestion.backlog.chart")
    fig = frozen_chart(
        stacked_bars,
        bands,
        "label",
        {"within": t("suggestion.backlog.within"), "overdue": t("suggestion.backlog.overdue")},
        title=title,
        unit=t("unit.items"),
        colors=(BLUE, ACCENT),
    )
    table = bands[["label", "open", "overdue"]].rename(
        columns={
            "label": t("suggestion.col.age_band"),
            "open": t("suggestion.col.open"),
            "overdue": t("suggestion.col.overdue"),
        }
    )
    _block(fig, table, "suggestion_backlog", title, t("unit.items"), filters, facts)
    st.caption(
        definition(
            "backlog", filters.language, acceptance=lim.acceptance, conclusion=lim.conclusion
        )
    )


def map_section(engine: Engine, filters: Filters, facts: dict, regions: pd.DataFrame) -> None:
    """Received, per 10,000 residents, open backlog or overdue items per city; drill to counties."""
    province = get_settings().province_adcode
    area_map_section(
        SUGGESTION_MAP,
        lambda city: view.by_place(
            engine, filters.period, province, city, regions, facts.get("data_as_of"), limits()
        ),
        filters,
        facts,
        regions,
    )
    st.caption(t("suggestion.map.note"))
