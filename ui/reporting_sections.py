"""The 督办预警 page's 报送情况 grid: places × periods per dataset, coloured cells with words."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access.aggregate import Place
from metrics.reporting import LATE, MISSING, ON_TIME, PENDING, REPORT_STATUSES, worst
from services.reporting_view import DatasetReports, period_text, reporting_status
from ui.filters import Filters
from ui.i18n import language, t
from ui.table_block import table_block

CELL_COLOURS = {
    MISSING: "background-color: #FBEDEB; color: #7B1E16",
    LATE: "background-color: #FEF6E0; color: #6E4A00",
    PENDING: "background-color: #F1F3F5; color: #495057",
    ON_TIME: "background-color: #EAF5EC; color: #1E5B2A",
}


def _as_of_text(day: dt.date | None) -> str:
    """A place's data date, or that it never reported."""
    return t("rp.never") if day is None else day.isoformat()


def county_grid(d: DatasetReports, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per county unit: its status in every period and its data date (text, status)."""
    heads = [period_text(p, lang) for p in d.periods]
    wide = d.statuses.assign(head=[period_text(p, lang) for p in d.statuses["period"]])
    status = wide.pivot(index="adcode", columns="head", values="status")[heads]
    names = wide.drop_duplicates("adcode").set_index("adcode")["name"]
    order = status.apply(lambda r: min(REPORT_STATUSES.index(s) for s in r), axis=1)
    status = status.loc[order.sort_values(kind="stable").index]
    text = status.apply(lambda col: col.map(lambda s: t(f"rp.status.{s}")))
    text.insert(0, t("rp.col.place"), names.reindex(status.index).to_numpy())
    text[t("rp.col.as_of")] = [_as_of_text(d.data_as_of.get(a)) for a in status.index]
    return text.reset_index(drop=True), status.reset_index(drop=True)


def _city_cell(statuses: list[str]) -> str:
    """A city's cell: all on time, or how many of its county units are in each state."""
    if all(s == ON_TIME for s in statuses):
        return t("rp.city.all_on_time", n=len(statuses))
    parts = [
        t("rp.city.part", status=t(f"rp.status.{s}"), n=statuses.count(s))
        for s in REPORT_STATUSES
        if s in statuses
    ]
    return " · ".join(parts)


def city_grid(
    d: DatasetReports, lang: str, names: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per city summing its county units (text, worst status), the worst first."""
    heads = [period_text(p, lang) for p in d.periods]
    rows, worsts = [], []
    for city, part in d.statuses.groupby("city_adcode", sort=True):
        row: dict[str, object] = {t("rp.col.place"): names.get(city, city)}
        bad: dict[str, str] = {}
        for p, head in zip(d.periods, heads, strict=True):
            cell = part.loc[part["period"] == p, "status"].tolist()
            row[head], bad[head] = _city_cell(cell), worst(cell)
        dates = [d.data_as_of.get(a) for a in part["adcode"].unique()]
        row[t("rp.col.oldest")] = _as_of_text(None if None in dates else min(dates))  # type: ignore[type-var]  # None is ruled out just before
        rows.append(row)
        worsts.append(bad)
    text, status = pd.DataFrame(rows), pd.DataFrame(worsts)
    order = status.apply(lambda r: min(REPORT_STATUSES.index(s) for s in r), axis=1)
    keep = order.sort_values(kind="stable").index
    return text.loc[keep].reset_index(drop=True), status.loc[keep].reset_index(drop=True)


def _styled(text: pd.DataFrame, status: pd.DataFrame) -> object:
    """Each period cell tinted by its status (the words say it too)."""

    def colour(column: pd.Series) -> list[str]:
        if column.name not in status.columns:
            return [""] * len(column)
        return [CELL_COLOURS.get(s, "") for s in status[column.name]]

    return text.style.apply(colour, axis=0)


def _summary(d: DatasetReports, lang: str) -> str:
    """How many county units reported the latest due period on time, late or not at all."""
    latest = d.statuses[d.statuses["period"] == d.latest_due]
    counts = latest["status"].value_counts() if len(latest) else pd.Series(dtype=int)
    return t(
        "rp.summary",
        dataset=t(f"rp.ds.{d.rule.dataset}"),
        period=period_text(d.latest_due, lang),
        on_time=int(counts.get(ON_TIME, 0)),
        late=int(counts.get(LATE, 0)),
        missing=int(counts.get(MISSING, 0)),
    )


def load_reports(engine: Engine, filters: Filters, as_of: dt.date) -> list[DatasetReports]:
    """Every checked dataset's reporting statuses in the filtered place, judged on a day."""
    return reporting_status(engine, as_of, filters.place)


def reporting_section(
    reports: list[DatasetReports], filters: Filters, as_of: dt.date, names: dict[str, str]
) -> None:
    """报送情况: the rule, one line per dataset, and a grid per dataset (cities at the province
    level, county units in a city or county)."""
    st.subheader(t("rp.title"))
    st.caption(t("rp.rule", as_of=as_of.isoformat()))
    place: Place = filters.place
    if not reports:
        st.info(t("rp.none"))
        return
    lang = language()
    for d in reports:
        st.markdown(f"- {_summary(d, lang)}")
    tabs = st.tabs([t(f"rp.ds.{d.rule.dataset}") for d in reports])
    for tab, d in zip(tabs, reports, strict=True):
        with tab:
            words = d.rule.words[0 if lang == "zh" else 1]
            st.caption(t("rp.cadence", dataset=t(f"rp.ds.{d.rule.dataset}"), cadence=words))
            if place.level == "province":
                text, status = city_grid(d, lang, names)
                st.caption(t("rp.city.note"))
            else:
                text, status = county_grid(d, lang)
            table_block(
                text,
                key=f"rp_grid_{d.rule.dataset}",
                title=f"{t('rp.title')} {t(f'rp.ds.{d.rule.dataset}')}",
                filters=filters,
                shown=_styled(text, status),  # type: ignore[arg-type]  # a pandas Styler, which table_block takes
            )
