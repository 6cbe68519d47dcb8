"""The overview's trend charts as views (figure, table, title, unit) for page and briefing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from charts.frozen import FrozenFigure, freeze
from charts.trends import several_series, versus_last_year
from data_access import signage, suggestions, volunteer
from data_access.aggregate import Place
from data_access.cache import cached_view
from i18n import t
from metrics import periods
from metrics.periods import Period


@dataclass(frozen=True)
class ChartView:
    """One chart as a page and a briefing show it: figure (frozen when cached for every
    session), its data, title and unit."""

    key: str
    title: str
    unit: str
    figure: go.Figure | FrozenFigure
    table: pd.DataFrame


def frozen(view: ChartView) -> ChartView:
    """The view with its figure frozen (cheap to cache and to send again)."""
    return (
        view if isinstance(view.figure, FrozenFigure) else replace(view, figure=freeze(view.figure))
    )


@dataclass(frozen=True)
class TrendWindow:
    """The span, bucket and last year's span that trend charts cover."""

    start: dt.date
    end: dt.date
    bucket: str
    last_start: dt.date
    last_end: dt.date


def page_window(p: Period) -> TrendWindow:
    """A page's trends: the period itself in its own buckets, against the same span last year."""
    last = periods.same_period_last_year(p)
    return TrendWindow(p.start, p.end, p.trend_granularity, last.start, last.end)


def briefing_window(p: Period) -> TrendWindow:
    """A briefing's trends: 13 weeks, 12 months, or the year, against a year earlier."""
    if p.kind == "week":
        start, bucket = p.start - dt.timedelta(weeks=12), "week"
    elif p.kind in ("month", "quarter"):
        first = periods.containing("month", p.end)
        for _ in range(11):
            first = periods.previous(first)
        start, bucket = first.start, "month"
    else:
        start, bucket = p.start, "month"
    if bucket == "week":
        back = dt.timedelta(weeks=52)
        return TrendWindow(start, p.end, bucket, start - back, p.end - back)
    ly_end = periods.same_period_last_year(p).end
    return TrendWindow(start, p.end, bucket, start.replace(year=start.year - 1), ly_end)


TITLES = {
    "page": ("trend.volunteer", "trend.suggestions", "trend.plaques"),
    "briefing": (
        "briefing.chart_trend_volunteer",
        "briefing.chart_trend_suggestions",
        "briefing.chart_plaques",
    ),
}


def _headers(lang: str) -> dict[str, str]:
    """Chinese (or English) headers for the charts' data."""
    keys = ("period", "hours", "volunteers", "received", "concluded", "plaques_removed", "series")
    return {k: t(f"col.{k}", lang) for k in keys}


def trend_views(
    engine: Engine, w: TrendWindow, place: Place, lang: str, titles: str = "page"
) -> list[ChartView]:
    """Volunteer hours against last year, suggestions received and concluded, plaques removed
    (left out when none were reported in the span)."""
    vol_title, sug_title, plq_title = (t(k, lang) for k in TITLES[titles])
    cols = _headers(lang)
    cur = volunteer.volunteer_service(engine, w.start, w.end, place, by=(w.bucket,))
    old = volunteer.volunteer_service(engine, w.last_start, w.last_end, place, by=(w.bucket,))
    hours = t("unit.hours", lang)
    current, last_year = t("series.current", lang), t("series.last_year", lang)
    views = [
        ChartView(
            "trend_volunteer",
            vol_title,
            hours,
            versus_last_year(
                cur,
                old,
                "hours",
                title=vol_title,
                unit=hours,
                current_name=current,
                last_year_name=last_year,
                language=lang,
            ),
            pd.concat([cur.assign(series=current), old.assign(series=last_year)]).rename(
                columns=cols
            ),
        )
    ]
    sug = suggestions.suggestion_counts(engine, w.start, w.end, place, by=(w.bucket,))
    items = t("unit.items", lang)
    series = {"received": t("series.received", lang), "concluded": t("series.concluded", lang)}
    views.append(
        ChartView(
            "trend_suggestions",
            sug_title,
            items,
            several_series(sug, series, title=sug_title, unit=items, kind="bar", language=lang),
            sug[["period", "received", "concluded"]].rename(columns=cols),
        )
    )
    plq = signage.plaques_removed(engine, w.start, w.end, place, by=(w.bucket,))
    if len(plq):
        plaques = t("unit.plaques", lang)
        views.append(
            ChartView(
                "trend_plaques",
                plq_title,
                plaques,
                several_series(
                    plq,
                    {"plaques_removed": t("col.plaques_removed", lang)},
                    title=plq_title,
                    unit=plaques,
                    kind="bar",
                    language=lang,
                ),
                plq.rename(columns=cols),
            )
        )
    return views


@cached_view  # built on every run it took 7 % of the CPU under load (py-spy, load_bench)
def frozen_trend_views(engine: Engine, w: TrendWindow, place: Place, lang: str) -> list[ChartView]:
    """The page's trend_views() frozen, built once per data version, scope and arguments."""
    return [frozen(v) for v in trend_views(engine, w, place, lang)]
