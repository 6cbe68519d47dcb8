"""The 督办预警 page's sections: the rule stated, status counts, progress table, alert list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from config import get_settings
from metrics import periods
from metrics.numbers import full, percent
from metrics.supervision import STATUSES, elapsed_share, status_counts
from services.key_task_view import ALERT_KIND, figure_text, rule_text
from services.reporting_view import (
    DatasetReports,
    missing_figure,
    missing_reports,
    missing_rule,
)
from services.supervision_view import (
    SHARES,
    alert_counts,
    alert_list,
    behind_rule,
    direction_name,
    indicator_name,
    kind_label,
    progress_table,
    with_since,
)
from ui.filters import Filters
from ui.i18n import language, t
from ui.section_kit import tinted_by_status
from ui.table_block import table_block


def as_of_day(filters: Filters, facts: dict) -> dt.date:
    """The day progress is judged on: the end of the chosen period, or the data date if earlier."""
    last = facts.get("data_as_of") or facts.get("last_day") or filters.period.end
    return min(filters.period.end, last)  # type: ignore[type-var]  # the facts are objects; this one is a date


def rule_section(as_of: dt.date) -> None:
    """The schedule rule, the margin and the time limits, as the settings have them."""
    s = get_settings()
    year = periods.year(as_of.year)
    st.caption(
        t(
            "sv.rule",
            as_of=as_of.isoformat(),
            elapsed=percent(elapsed_share(year.start, year.end, as_of)),
            margin=percent(s.supervision_margin, 0),
            accept=s.acceptance_limit_days,
            conclude=s.conclusion_limit_days,
            warn=s.deadline_warning_days,
        )
    )


def load_progress(
    engine: Engine, filters: Filters, as_of: dt.date, names: dict[str, str], since: bool = False
) -> pd.DataFrame:
    """Every target of the year in the chosen place against its schedule (with since when
    the red and yellow ones have been behind, if asked)."""
    settings = get_settings()
    out = progress_table(engine, filters.period.start.year, as_of, filters.place, settings, names)
    return with_since(engine, out, as_of, settings) if since else out


def counts_section(progressed: pd.DataFrame) -> None:
    """How many targets are red, yellow, green and without data."""
    counts = status_counts(progressed)
    for col, status in zip(st.columns(len(STATUSES)), STATUSES, strict=True):
        col.metric(t(f"sv.count.{status}"), f"{counts[status]} {t('sv.count.unit')}")


def _figure(value: object, indicator: str, gap: bool = False) -> str:
    """A target, actual or gap as the table prints it (shares in %, their gaps in points)."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]  # a cell: a number, NaN or None
        return "—"
    number = float(value)  # type: ignore[arg-type]  # a number here, None and NaN returned above
    if indicator in SHARES:
        return t("sv.figure.points", value=f"{number:+.1f}") if gap else f"{number:.1f}%"
    return full(round(number))


def _day(d: dt.date | None) -> str:
    """A since date as ISO text, — when there is none."""
    return "—" if d is None or pd.isna(d) else d.isoformat()


def _status_table(
    data: pd.DataFrame, statuses: pd.Series, key: str, title: str, filters: Filters
) -> None:
    """A table of targets or alerts, red and yellow rows tinted, with its exports."""
    table_block(
        data, key=key, title=t(title), filters=filters, shown=tinted_by_status(data, statuses)
    )


def progress_section(progressed: pd.DataFrame, filters: Filters) -> None:
    """Every target with its schedule, actual, gap and status, the worst first."""
    st.subheader(t("sv.progress.title"))
    lang = language()
    ind = progressed["indicator"]
    data = pd.DataFrame(
        {
            t("sv.col.status"): progressed["status"].map(lambda s: t(f"sv.status.{s}")),
            t("col.place"): progressed["name"],
            t("sv.col.indicator"): ind.map(lambda i: indicator_name(i, lang)),
            t("col.period"): progressed["period"],
            t("sv.col.direction"): progressed["direction"].map(lambda d: direction_name(d, lang)),
            t("sv.col.target"): [
                _figure(v, i) for v, i in zip(progressed["target"], ind, strict=True)
            ],
            t("sv.col.elapsed"): progressed["elapsed_share"].map(percent),
            t("sv.col.expected"): [
                _figure(v, i) for v, i in zip(progressed["expected"], ind, strict=True)
            ],
            t("sv.col.actual"): [
                _figure(v, i) for v, i in zip(progressed["actual"], ind, strict=True)
            ],
            t("sv.col.gap"): [
                _figure(v, i, gap=True) for v, i in zip(progressed["gap"], ind, strict=True)
            ],
            t("sv.col.completion"): progressed["completion"].map(
                lambda c: "—" if c is None or pd.isna(c) else percent(c)
            ),
            **(
                {t("sv.col.since"): progressed["since"].map(_day)}
                if "since" in progressed.columns
                else {}
            ),
        }
    )
    _status_table(data, progressed["status"], "sv_progress", "sv.progress.title", filters)


def _rule_text(row: Mapping[str, Any], lang: str) -> str:
    """The rule that fired, in words."""
    if row["kind"] == "missing_report":
        return missing_rule(row, lang)
    if row["kind"] == ALERT_KIND:
        return rule_text(row, lang)
    if row["kind"] == "behind_schedule":
        return behind_rule(row, lang, get_settings())
    days = abs(int(row["days"]))
    limit = get_settings().acceptance_limit_days
    if row["kind"] == "suggestion_conclusion":
        limit = get_settings().conclusion_limit_days
    return t(f"sv.rule.deadline_{row['status']}", limit=limit, days=days)


def alerts_section(
    engine: Engine,
    filters: Filters,
    as_of: dt.date,
    names: dict[str, str],
    progressed: pd.DataFrame,
    reports: list[DatasetReports] | None = None,
) -> None:
    """Suggestions near or past their limit and places behind schedule, red first (with the
    missing reports of `reports` when the page has them already)."""
    st.subheader(t("sv.alerts.title"))
    settings = get_settings()
    missing = None if reports is None else missing_reports(reports, as_of)
    alerts = alert_list(engine, as_of, filters.place, settings, names, progressed, missing)
    if alerts.empty:
        st.success(t("sv.alerts.none"))
        return
    lang = language()
    st.caption(t("sv.alerts.caption", n=len(alerts), red=int((alerts["status"] == "red").sum())))
    rows = alerts.to_dict("records")  # one pass (iterrows builds a Series per row)
    figures = [
        missing_figure(r, lang)
        if r["kind"] == "missing_report"
        else figure_text(r, lang)
        if r["kind"] == ALERT_KIND
        else _figure(r["gap"], r["indicator"], gap=True)
        if r["kind"] == "behind_schedule"
        else t("sv.figure.items", n=full(r["items"]))
        for r in rows
    ]
    data = pd.DataFrame(
        {
            t("sv.col.status"): alerts["status"].map(lambda s: t(f"sv.status.{s}")),
            t("col.place"): alerts["name"],
            t("sv.col.kind"): [kind_label(r, lang) for r in rows],
            t("sv.col.rule"): [_rule_text(r, lang) for r in rows],
            t("sv.col.figure"): figures,
            t("sv.col.since"): alerts["since"].map(_day),
        }
    )
    _status_table(data, alerts["status"], "sv_alerts", "sv.alerts.title", filters)


def overview_line(engine: Engine, filters: Filters, facts: dict, names: dict[str, str]) -> None:
    """The overview's 预警 line: red and yellow targets, key-task milestones overdue or due
    soon, suggestions past or near a limit."""
    as_of = as_of_day(filters, facts)
    progressed = load_progress(engine, filters, as_of, names)
    settings = get_settings()
    counts = status_counts(progressed) if len(progressed) else dict.fromkeys(STATUSES, 0)
    alerts = alert_counts(engine, as_of, filters.place, settings)  # not the whole alert list
    line = t(
        "sv.overview.line",
        red=counts["red"],
        yellow=counts["yellow"],
        as_of=as_of.isoformat(),
        kt_red=full(alerts["kt_red"]),
        kt_due=full(alerts["kt_due"]),
        overdue=full(alerts["overdue"]),
        due=full(alerts["due"]),
        warn=settings.deadline_warning_days,
    )
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown(f":material/notifications_active: {line}")
    right.page_link("pages/supervision.py", label=t("sv.overview.link"))
