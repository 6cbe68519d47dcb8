"""Sections of the weekly review page: week picker, summary, areas, movers, overdue, briefing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.breakdowns import category_bars
from config import get_settings
from metrics import periods
from metrics.deltas import change
from metrics.numbers import chinese_scale, signed_percent
from metrics.periods import Period
from services.briefing_pack import file_name, pack_files
from services.weekly import Review, latest_complete_week, overdue_view
from ui.chart_block import chart_block, frozen_chart
from ui.downloads import logged
from ui.filters import Filters
from ui.header import source_line
from ui.i18n import language, t
from ui.markdown import md_escape
from ui.table_block import table_block

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"] { display: none !important; }
.stApp { font-size: 1.35rem; }
.stApp h1 { font-size: 3rem; } .stApp h2, .stApp h3 { font-size: 2.2rem; }
[data-testid="stMetricValue"] { font-size: 3rem; }
[data-testid="stCode"] code { font-size: 1.6rem; line-height: 1.7; font-family: sans-serif; }
[data-testid="stDataFrame"] { font-size: 1.3rem; }
div[class*="st-key-present_"] { min-height: 92vh; padding-top: 2vh; }
</style>
"""


def week_picker(facts: dict) -> tuple[Period, bool]:
    """The week (Monday–Sunday) to review, newest complete week first, and presentation mode."""
    last_day = facts.get("last_day") or dt.date.today()
    latest = latest_complete_week(last_day)
    first = facts.get("first_day") or latest.start
    weeks = periods.periods_between("week", first, latest.end)
    lang = language()
    left, right = st.columns([3, 1])
    week = left.selectbox(
        t("weekly.pick"), weeks, format_func=lambda p: p.label(lang), key="review_week"
    )
    present = right.toggle(t("weekly.present"), key="present")
    if present:
        st.html(PRESENTATION_CSS)
    return week, present


def summary_section(r: Review) -> None:
    """The rule-written summary, ready to copy into the weekly report."""
    with st.container(key="present_summary"):
        st.subheader(t("weekly.summary"))
        st.code(r.summary.text, language=None, wrap_lines=True)


def _change_text(current: float, base: float) -> str:
    """A change as the table prints it: +3.1%, 新增, or —."""
    c = change(current, base)
    if c.is_new:
        return t("delta.new")
    return signed_percent(c.relative)


def areas_section(r: Review, filters: Filters) -> None:
    """Each area this period, last period and a year ago, with changes."""
    lang = language()
    rows = []
    for row in r.table.itertuples():
        rows.append(
            {
                t("col.item"): t(f"row.{row.row}"),
                t("col.unit"): t(row.unit),
                t("col.this_week"): chinese_scale(row.this, language=lang),
                t("col.last_week"): chinese_scale(row.last, language=lang),
                t("col.change_prev"): _change_text(row.this, row.last),
                t("col.last_year"): chinese_scale(row.last_year, language=lang),
                t("col.change_yoy"): _change_text(row.this, row.last_year),
            }
        )
    data = r.table.assign(row=r.table["row"].map(lambda k: t(f"row.{k}")),
                          unit=r.table["unit"].map(t))  # fmt: skip
    with st.container(key="present_areas"):
        st.subheader(t("weekly.areas"))
        table_block(data, key="weekly_areas", title=t("weekly.areas"), filters=filters,
                    shown=pd.DataFrame(rows))  # fmt: skip


def _mover_lines(df: pd.DataFrame, unit: str) -> list[str]:
    """'广州市 +1,234 小时（+5.0%）' lines; a place with nothing before is marked new."""
    lang = language()
    out = []
    for m in df.itertuples():
        rel = t("delta.new") if m.is_new else signed_percent(m.relative)
        sign = "+" if m.change > 0 else "−"
        out.append(
            f"{m.name} {sign}{chinese_scale(round(abs(m.change)), language=lang)} {unit}（{rel}）"
        )
    return out


def movers_section(r: Review) -> None:
    """The places that rose and fell most, for volunteer hours and suggestions."""
    with st.container(key="present_movers"):
        st.subheader(t("weekly.movers"))
        if not r.movers:
            st.info(t("weekly.no_movers"))
            return
        for col, (metric, unit) in zip(
            st.columns(2),
            (("volunteer_hours", "unit.hours"), ("suggestions_received", "unit.items")),
            strict=True,
        ):
            up, down = r.movers[metric]
            with col:
                st.markdown(f"**{t(f'row.{metric}')}**")
                st.caption(t("weekly.up"))
                for line in _mover_lines(up, t(unit)) or ["—"]:
                    st.markdown(f"- {line}")
                st.caption(t("weekly.down"))
                for line in _mover_lines(down, t(unit)) or ["—"]:
                    st.markdown(f"- {line}")


def overdue_section(r: Review, filters: Filters, facts: dict) -> None:
    """What is overdue or behind: suggestions past limits, departments, plaque laggards."""
    lang = language()
    with st.container(key="present_overdue"):
        st.subheader(t("weekly.overdue"))
        view = overdue_view(r, lang, bars=partial(frozen_chart, category_bars))
        data = view.table
        if len(data) and data["total"].sum() > 0:
            table = data.rename(
                columns={
                    "adcode": t("col.adcode"),
                    "name": t("col.place"),
                    "overdue_acceptance": t("col.overdue_acceptance"),
                    "overdue_conclusion": t("col.overdue_conclusion"),
                }
            )
            chart_block(view.figure, table.drop(columns=["total"]), key=view.key,
                        title=view.title, unit=view.unit, filters=filters,
                        as_of=str(facts.get("data_as_of")), source=source_line(facts))  # fmt: skip
        n = len(r.not_formed)
        st.markdown(t("weekly.not_formed", n=n) if n else t("weekly.all_formed"))
        if n:
            st.dataframe(r.not_formed, hide_index=True)
        lag = r.laggards
        standard = int(lag["standard"].iloc[0]) if len(lag) else 0
        st.markdown(t("weekly.laggards", standard=standard or "—", n=len(lag)))
        if len(lag):
            shown = lag[["name", "kinds_now", "standard"]].rename(
                columns={
                    "name": t("col.place"),
                    "kinds_now": t("col.kinds_now"),
                    "standard": t("col.standard"),
                }
            )
            table_block(shown, key="weekly_laggards", title=t("weekly.laggards", standard=standard,
                        n=len(lag)), filters=filters)  # fmt: skip


def alerts_section(r: Review) -> None:
    """The week's red and yellow alerts and the places that turned red, with a link."""
    with st.container(key="present_alerts"):
        st.subheader(t("weekly.alerts"))
        red, yellow = st.columns(2)
        red.metric(t("sv.count.red"), f"{r.alert_counts.get('red', 0)} {t('weekly.alerts.unit')}")
        yellow.metric(
            t("sv.count.yellow"), f"{r.alert_counts.get('yellow', 0)} {t('weekly.alerts.unit')}"
        )
        if r.turned_red:
            st.markdown(t("weekly.alerts.turned_red", names="、".join(r.turned_red)))
        else:
            st.caption(t("weekly.alerts.none_turned"))


def milestones_section(r: Review) -> None:
    """Milestones that fell in the week."""
    with st.container(key="present_milestones"):
        st.subheader(t("weekly.milestones"))
        if r.milestones.empty:
            st.caption(t("weekly.no_milestones"))
            return
        lang = language()
        for m in r.milestones.itertuples():
            title = m.title_zh if lang == "zh" else (m.title_en or m.title_zh)
            st.markdown(f"- {m.happened_on}：{md_escape(title)}")


def briefing_section(engine: Engine, r: Review, names: dict[str, str]) -> None:
    """One click builds the briefing pack of the week as PDF or PowerPoint."""
    lang = language()
    province = get_settings().province_adcode
    st.subheader(t("weekly.briefing"))

    def make(fmt: str) -> Callable[[], bytes]:
        def build() -> bytes:
            _, files = pack_files(engine, r.period, r.place, names, province, lang, (fmt,))
            return files[fmt]

        return build

    left, right, _ = st.columns([1, 1, 3])
    names_of = (t("briefing.title"), r.place_name, r.period.label(lang))
    pdf_name = file_name(*names_of, "pdf")
    left.download_button(t("weekly.briefing_pdf"), data=logged(make("pdf"), pdf_name),
                         file_name=pdf_name, mime="application/pdf",
                         key="briefing_pdf", on_click="ignore", type="primary")  # fmt: skip
    right.download_button(
        t("weekly.briefing_pptx"),
        data=logged(make("pptx"), file_name(*names_of, "pptx")),
        file_name=file_name(*names_of, "pptx"),
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="briefing_pptx",
        on_click="ignore",
    )
