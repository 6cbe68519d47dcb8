"""The 督办预警 page's key tasks (重点任务) table and the map coloured by status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.status_map import status_map
from config import get_settings
from metrics.numbers import percent
from metrics.supervision import AT_MOST
from services.area_maps import boundaries
from services.key_task_view import map_statuses, progress_text, task_table, year_states
from services.supervision_view import INDICATORS, indicator_name
from ui.drill_map import drill_city
from ui.filters import Filters
from ui.i18n import language, t
from ui.section_kit import chart_with_exports, tinted_by_status
from ui.table_block import table_block

PLACES_SHOWN = 1


def _places(names: list[str]) -> str:
    """A task's places, the first few named."""
    if len(names) <= PLACES_SHOWN:
        return "、".join(names)
    shown = "、".join(names[:PLACES_SHOWN])
    return t("kt.places_more", shown=shown, n=len(names), more=len(names) - PLACES_SHOWN)


def _when(since: object, next_due: object) -> str:
    """Overdue since the earliest overdue milestone's due date, else the next due date."""
    if isinstance(since, dt.date):
        return t("kt.when.since", day=since.isoformat())
    if isinstance(next_due, dt.date):
        return t("kt.when.next", day=next_due.isoformat())
    return t("kt.when.done")


def load_states(engine: Engine, filters: Filters, as_of: dt.date) -> pd.DataFrame:
    """The year's key-task milestones in the chosen place, each with its state on the day."""
    year = filters.period.start.year
    return year_states(engine, year, as_of, filters.place, get_settings().deadline_warning_days)


def key_task_section(
    states: pd.DataFrame, filters: Filters, as_of: dt.date, names: dict[str, str], facts: dict
) -> None:
    """Every key task with milestones done of all, overdue and due-soon ones, and status."""
    st.subheader(t("kt.title"))
    warn = get_settings().deadline_warning_days
    st.caption(t("kt.rule", warn=warn, as_of=as_of.isoformat()))
    tasks = task_table(states, names)
    if tasks.empty:
        st.info(t("kt.empty", year=filters.period.start.year))
        return
    if facts.get("demo"):
        st.caption(t("kt.demo_note"))
    counts = tasks["status"].value_counts()
    st.markdown(
        t(
            "kt.counts",
            n=len(tasks),
            red=int(counts.get("red", 0)),
            yellow=int(counts.get("yellow", 0)),
            green=int(counts.get("green", 0)),
            overdue=int(tasks["red"].sum()),
        )
    )
    data = pd.DataFrame(
        {
            t("sv.col.status"): tasks["status"].map(lambda s: t(f"sv.status.{s}")),
            t("kt.col.task"): tasks["task"],
            t("kt.col.progress"): [
                progress_text(d, n) for d, n in zip(tasks["done"], tasks["milestones"], strict=True)
            ],
            t("kt.col.late_soon"): [
                f"{r} / {y}" for r, y in zip(tasks["red"], tasks["yellow"], strict=True)
            ],
            t("kt.col.when"): [
                _when(s, n) for s, n in zip(tasks["since"], tasks["next_due"], strict=True)
            ],
            t("kt.col.lead_office"): tasks["lead_office"],
            t("kt.col.places"): tasks["place_names"].map(_places),
        }
    )
    shown = tinted_by_status(data, tasks["status"])
    narrow = {
        t(k): st.column_config.TextColumn(width="small")
        for k in ("sv.col.status", "kt.col.progress", "kt.col.late_soon")
    }
    table_block(
        data,
        key="kt_tasks",
        title=t("kt.title"),
        filters=filters,
        shown=shown,
        column_config=narrow,
    )


def _detail(indicator: str, detail: tuple[Any, ...]) -> str:
    """What the hover says beside the status: completion and gap (a pair), or milestones done,
    all, overdue and due soon (four counts)."""
    if indicator == "key_tasks":
        done, total, red, yellow = detail
        text = f"{t('kt.col.progress')} {done}/{total}"
        if red:
            text += f"，{t('kt.col.overdue')} {red}"
        if yellow:
            text += f"，{t('kt.col.due_soon')} {yellow}"
        return text
    completion, _ = detail
    if completion is None or pd.isna(completion):
        return ""
    return f"{t('sv.col.completion')} {percent(completion)}"


def status_map_section(
    progressed: pd.DataFrame,
    states: pd.DataFrame,
    filters: Filters,
    facts: dict,
    regions: pd.DataFrame,
) -> None:
    """Cities (or a city's counties) coloured by status for the chosen indicator."""
    st.subheader(t("sv.map.title"))
    lang = language()
    present = set(progressed.get("indicator", []))
    choices = [*(i for i in INDICATORS if i in present), "key_tasks"]
    left, right = st.columns(2)
    indicator = left.selectbox(
        t("sv.map.indicator"),
        choices,
        format_func=lambda i: (
            t("sv.map.key_tasks") if i == "key_tasks" else indicator_name(i, lang)
        ),
        key="svm_indicator",
    )
    with right:
        city = drill_city("svm", filters, regions)
    province = get_settings().province_adcode
    level = "county" if city else "city"
    geo = boundaries(province, level, city)
    units = {str(f["id"]) for f in geo["features"]}
    values = map_statuses(progressed, states, indicator, level, units)
    names = dict(zip(regions["adcode"], regions["name"], strict=True))
    rows = progressed[progressed["indicator"] == indicator] if len(progressed) else progressed
    over = bool(len(rows)) and bool((rows["direction"] == AT_MOST).all())  # e.g. plaque kinds
    legend = "sv.map.legend_over" if over else "sv.map.legend"
    labels = {s: t(f"{legend}.{s}") for s in ("red", "yellow", "green")}
    details = [_detail(indicator, d) for d in values["detail"]]
    values = values.assign(
        name=[
            f"{names.get(a, a)}<br>{d}" if d else names.get(a, a)
            for a, d in zip(values["adcode"], details, strict=True)
        ]
    )
    shown_indicator = (
        t("sv.map.key_tasks") if indicator == "key_tasks" else indicator_name(indicator, lang)
    )
    title = f"{names[city] if city else names[province]} · {shown_indicator} · {t('sv.map.title')}"
    fig = status_map(values, geo, title=title, labels=labels, missing_label=t("sv.map.legend.none"))
    table = pd.DataFrame(
        {
            t("col.adcode"): values["adcode"],
            t("col.place"): values["adcode"].map(names),
            t("sv.col.status"): values["status"].map(lambda s: t(f"sv.status.{s}")),
            t("sv.col.figure"): details,
        }
    )
    chart_with_exports(fig, table, "svm_map", title, "", filters, facts)
    margin = percent(get_settings().supervision_margin, 0)
    st.caption(t("sv.map.caption_over" if over else "sv.map.caption", margin=margin))
