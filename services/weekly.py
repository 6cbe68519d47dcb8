"""The weekly review: each area this week, last week and a year ago, movers, overdue, summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from charts.breakdowns import category_bars
from charts.frozen import FrozenFigure
from charts.theme import ACCENT
from config import get_settings
from data_access import associations, buildout, handling_status, review, suggestions, volunteer
from data_access.aggregate import Place
from data_access.cache import cached_view
from data_access.meta import dataset_facts
from i18n import t
from metrics import periods
from metrics.frames import records
from metrics.movers import place_changes, top_movers
from metrics.narrative import Mover, PeriodFacts, Summary, period_summary
from metrics.periods import Period
from services.headline import Headline, headline
from services.supervision_view import alert_list, progress_table
from services.trend_views import ChartView

# (row key, unit key) in the order the review lists them.
ROWS = (
    ("volunteer_hours", "unit.hours"),
    ("volunteers", "unit.person_times"),
    ("suggestions_received", "unit.items"),
    ("suggestions_concluded", "unit.items"),
    ("suggestions_overdue", "unit.items"),
    ("plaques_removed", "unit.plaques"),
    ("associations_registered", "unit.associations"),
    ("departments_formed", "unit.departments"),
)


@dataclass(frozen=True)
class Review:
    """Everything the weekly page and the briefing pack show for one period."""

    period: Period
    place: Place
    place_name: str
    table: pd.DataFrame  # row, unit, this, last, last_year
    movers: dict[str, tuple[pd.DataFrame, pd.DataFrame]]
    overdue_by_place: pd.DataFrame
    not_formed: pd.DataFrame
    laggards: pd.DataFrame
    milestones: pd.DataFrame
    summary: Summary
    headline: Headline
    alert_counts: dict[str, int] = field(default_factory=dict)  # red, yellow at the week's end
    turned_red: list[str] = field(default_factory=list)  # names: red now, not a week before


def red_places(engine: Engine, as_of: dt.date, place: Place, names: dict[str, str]) -> pd.DataFrame:
    """The alert list of 督办预警 judged on a day, without the since-when dates of the places
    behind schedule (the counts and the places turned red need none; both parts cached per
    data version and scope)."""
    settings = get_settings()
    progressed = progress_table(engine, as_of.year, as_of, place, settings, names)
    return alert_list(engine, as_of, place, settings, names, progressed, since=False)


def week_alerts(
    engine: Engine, p: Period, place: Place, names: dict[str, str]
) -> tuple[dict[str, int], list[str]]:
    """Red and yellow alerts at the period's end (or the data date if earlier), and the places
    red then but not at the previous period's end."""
    facts = dataset_facts(engine)
    last = facts.get("data_as_of") or facts.get("last_day") or p.end
    as_of = min(p.end, last)  # type: ignore[call-overload]  # the facts are objects; this one is a date
    now = red_places(engine, as_of, place, names)
    before = red_places(engine, periods.previous(p).end, place, names)
    counts = {s: int((now["status"] == s).sum()) for s in ("red", "yellow")}
    was_red = set(before.loc[before["status"] == "red", "adcode"])
    red_now = now[now["status"] == "red"].drop_duplicates("adcode")
    turned = red_now[~red_now["adcode"].isin(was_red)]
    return counts, list(turned["name"])


OVERDUE_TITLES = {"page": "weekly.overdue_map", "briefing": "briefing.chart_overdue"}


def overdue_view(
    r: Review,
    lang: str,
    audience: Literal["page", "briefing"] = "page",
    bars: Callable[..., go.Figure | FrozenFigure] = category_bars,
) -> ChartView:
    """Overdue suggestions per place (past the acceptance or the conclusion limit), most
    first: the table holds every place with its total, the bars the first 15 (drawn by
    `bars`, category_bars or the page's caching builder of it)."""
    data = r.overdue_by_place.assign(
        total=r.overdue_by_place["overdue_acceptance"] + r.overdue_by_place["overdue_conclusion"]
    ).sort_values("total", ascending=False)
    title, unit = t(OVERDUE_TITLES[audience], lang), t("unit.items", lang)
    fig = bars(data.head(15), "name", "total", title=title, unit=unit, language=lang, color=ACCENT)
    return ChartView("weekly_overdue", title, unit, fig, data)


def latest_complete_week(last_day: dt.date) -> Period:
    """The newest Monday–Sunday week that ends on or before the last day with data."""
    week = periods.containing("week", last_day)
    return week if week.end <= last_day else periods.previous(week)


def _row_values(engine: Engine, h: Headline, p: Period, place: Place) -> dict[str, float]:
    """The review's figures for one period."""
    new = associations.associations_registered(engine, p.start, p.end, place)
    formed = h.departments_formed.get("city", 0) + h.departments_formed.get("county", 0)
    before = periods.previous(p)
    formed_before = buildout.departments_formed(engine, before.end, place)
    formed_before_n = int(formed_before[formed_before["level"] != "province"]["formed"].sum())
    return {
        "volunteer_hours": h.volunteer_hours.current,
        "volunteers": h.volunteers.current,
        "suggestions_received": h.suggestions_received.current,
        "suggestions_concluded": h.handled_in_period,
        "suggestions_overdue": h.overdue_open,
        "plaques_removed": h.plaques_removed.current,
        "associations_registered": float(new["registered"].sum()) if len(new) else 0.0,
        "departments_formed": float(formed - formed_before_n),
    }


def _movers(
    engine: Engine, p: Period, place: Place, names: dict[str, str]
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Places whose volunteer hours and suggestions moved most against the previous period."""
    prev = periods.previous(p)
    key = ("county",) if place.level == "city" else ("city",)
    inner = place if place.level == "city" else Place(place.adcode, "province")
    out = {}
    for metric, fetch, col in (
        ("volunteer_hours", volunteer.volunteer_service, "hours"),
        ("suggestions_received", suggestions.suggestion_counts, "received"),
    ):
        now = fetch(engine, p.start, p.end, inner, by=key)
        then = fetch(engine, prev.start, prev.end, inner, by=key)
        changes = place_changes(now, then, col)
        changes["name"] = changes["adcode"].map(names)
        out[metric] = top_movers(changes[changes["name"].notna()])
    return out


@cached_view  # assembled on every run it took 13 % of the CPU under load (py-spy, load_bench)
def review_period(
    engine: Engine, p: Period, place: Place, place_name: str, names: dict[str, str], lang: str
) -> Review:
    """Assemble the review of a period (a week, or any period) for a place; cached per data
    version and scope."""
    prev, last = periods.previous(p), periods.same_period_last_year(p)
    heads = {k: headline(engine, q, place) for k, q in (("this", p), ("last", prev), ("ly", last))}
    values = {
        k: _row_values(engine, h, q, place)
        for (k, h), q in zip(heads.items(), (p, prev, last), strict=True)
    }
    table = pd.DataFrame(
        [
            {
                "row": row,
                "unit": unit,
                "this": values["this"][row],
                "last": values["last"][row],
                "last_year": values["ly"][row],
            }
            for row, unit in ROWS
        ]
    )
    settings = get_settings()
    overdue = handling_status.overdue_open(
        engine,
        p.end,
        place if place.level != "county" else place,
        settings.acceptance_limit_days,
        settings.conclusion_limit_days,
        by=("county",) if place.level == "city" else ("city",),
    )
    overdue = overdue.assign(name=overdue["adcode"].map(names))
    overdue = overdue[overdue["name"].notna()].reset_index(drop=True)
    movers = _movers(engine, p, place, names) if place.level != "county" else {}
    stones = buildout.milestones(engine, p.start, p.end)
    if p.kind == "week" and len(stones):
        stones = stones[stones["precision"] == "day"].reset_index(drop=True)  # "2024-12" ≠ a week
    h = heads["this"]
    alert_counts, turned_red = week_alerts(engine, p, place, names)
    up, down = movers.get("volunteer_hours", (pd.DataFrame(), pd.DataFrame()))
    facts = PeriodFacts(
        period_label=p.label(lang),
        place_name=place_name,
        volunteer_hours=h.volunteer_hours.current,
        volunteer_hours_previous=h.volunteer_hours.previous,
        suggestions_received=int(h.suggestions_received.current),
        suggestions_received_previous=int(h.suggestions_received.previous),
        suggestions_concluded=h.handled_in_period,
        on_time_share=h.on_time_share,
        overdue_open=h.overdue_open,
        plaques_removed=int(h.plaques_removed.current),
        rising=[Mover(r.name, r.change, bool(r.is_new)) for r in records(up.head(2))],
        falling=[Mover(r.name, r.change, bool(r.is_new)) for r in records(down.head(2))],
        milestones=[
            (r.title_zh if lang == "zh" else (r.title_en or r.title_zh)) for r in records(stones)
        ]
        if len(stones)
        else [],
        turned_red=turned_red,
    )
    return Review(
        period=p,
        place=place,
        place_name=place_name,
        table=table,
        movers=movers,
        overdue_by_place=overdue,
        not_formed=review.departments_not_formed(engine, p.end),
        laggards=review.plaque_laggards(engine),
        milestones=stones,
        summary=period_summary(facts, lang),
        headline=h,
        alert_counts=alert_counts,
        turned_red=turned_red,
    )
