"""The leadership briefing: title, KPI cards, maps, each area's key chart, summary, sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from briefing_model import Briefing, BriefingChart, Card
from charts.breakdowns import category_bars
from charts.frozen import thawed
from charts.theme import NAVY
from config import get_settings
from data_access.aggregate import Place
from data_access.meta import dataset_facts
from data_access.vocabulary import REGION_LEVELS, label
from i18n import source_line, t
from metrics.frames import records
from metrics.numbers import chinese_scale, full, percent
from metrics.periods import Period
from services import association_view, suggestion_view, volunteer_view
from services.breakdown_views import top_numbers
from services.briefing_alerts import alerts_section
from services.overview_map import overview_map
from services.trend_views import briefing_window, trend_views
from services.weekly import Review, overdue_view, review_period

__all__ = ["DEFINITION_KEYS", "Briefing", "BriefingChart", "Card", "build_briefing"]

DEFINITION_KEYS = (
    "notes.def_departments",
    "notes.def_workers",
    "notes.def_volunteer",
    "notes.def_associations",
    "notes.def_plaques",
    "notes.def_suggestions",
    "notes.def_on_time",
)


def _cards(r: Review, lang: str) -> list[Card]:
    """The KPI cards: this period, with the previous period beside it."""
    rows = r.table.set_index("row")
    out = []
    for row in (
        "volunteer_hours",
        "suggestions_received",
        "suggestions_concluded",
        "suggestions_overdue",
        "plaques_removed",
    ):
        this: Any = rows.loc[row, "this"]  # a number or None (no data)
        last: Any = rows.loc[row, "last"]
        unit_key: Any = rows.loc[row, "unit"]  # an i18n key
        unit = t(unit_key, lang)
        out.append(
            Card(
                t(f"row.{row}", lang),
                f"{chinese_scale(this, language=lang)} {unit}",
                f"{t('col.last_week', lang)} {chinese_scale(last, language=lang)}",
            )
        )
    h = r.headline
    formed = h.departments_formed.get("city", 0) + h.departments_formed.get("county", 0)
    total = h.departments_total.get("city", 0) + h.departments_total.get("county", 0)
    out.append(Card(t("kpi.departments_formed", lang), f"{formed}/{total}", ""))
    out.append(
        Card(
            t("kpi.associations", lang),
            f"{full(h.associations.current)} {t('unit.associations', lang)}",
            t(
                "kpi.associations_detail",
                lang,
                provincial=full(h.associations_by_level.get("province", 0)),
                coverage=percent(h.party_coverage),
            ),
        )
    )
    return out


def _bar(df: pd.DataFrame, codes: dict[str, tuple[str, str]], col: str, title: str, unit: str,
         lang: str, color: str = NAVY) -> BriefingChart:  # fmt: skip
    """A category bar chart from a frame keyed by vocabulary codes."""
    key = df.columns[0]
    named = df.assign(label=df[key].map(lambda c: label(codes, c, lang)))
    fig = category_bars(named, "label", col, title=title, unit=unit, language=lang, color=color)
    top = named.sort_values(col, ascending=False).head(3)
    numbers = [f"{r.label} {chinese_scale(getattr(r, col), language=lang)}" for r in records(top)]
    return BriefingChart(title, unit, fig, numbers)


def _charts(engine: Engine, r: Review, names: dict[str, str], province: str,
            lang: str) -> list[BriefingChart]:  # fmt: skip
    """About ten charts: two maps and each area's key chart."""
    p, place = r.period, r.place
    city = place.adcode if place.level == "city" else None
    charts = []
    for metric in ("volunteer_hours", "suggestions_received"):
        view = overview_map(engine, metric, p, province, names, city, lang)
        charts.append(BriefingChart(view.title, view.unit, thawed(view.figure)))
    for trend in trend_views(engine, briefing_window(p), place, lang, titles="briefing"):
        charts.append(BriefingChart(trend.title, trend.unit, thawed(trend.figure)))
    for breakdown in (  # the same frames the suggestion, volunteer and association pages draw
        suggestion_view.breakdown(engine, p, place, "channel", lang, "briefing"),
        volunteer_view.fields(engine, p, place, lang, "briefing"),
        association_view.breakdown(engine, p, place, "level", lang, "briefing"),
    ):
        numbers = top_numbers(breakdown, lang)
        charts.append(
            BriefingChart(breakdown.title, breakdown.unit, thawed(breakdown.figure), numbers)
        )
    overdue = overdue_view(r, lang, "briefing")  # the weekly page's overdue chart
    if len(overdue.table):
        charts.append(BriefingChart(overdue.title, overdue.unit, thawed(overdue.figure)))
    h = r.headline
    deps = pd.DataFrame(
        [{"level": lv, "formed": h.departments_formed.get(lv, 0)} for lv in ("city", "county")]
    )
    charts.append(
        _bar(
            deps,
            REGION_LEVELS,
            "formed",
            t("briefing.chart_departments", lang),
            t("unit.departments", lang),
            lang,
        )
    )
    return charts


def build_briefing(
    engine: Engine, p: Period, place: Place, names: dict[str, str], province: str, lang: str
) -> Briefing:
    """Assemble the briefing of a period for a place in one language."""
    place_name = names.get(place.adcode, place.adcode)
    review = review_period(engine, p, place, place_name, names, lang)
    facts = dataset_facts(engine)
    demo = bool(facts.get("demo"))
    limits = get_settings()
    return Briefing(
        language=lang,
        department=t("briefing.department", lang, province=names[province]),
        title=t("briefing.title", lang),
        period_label=p.label(lang),
        place_name=place_name,
        as_of=t("as_of", lang, date=str(facts.get("data_as_of"))),
        generated=t("briefing.generated", lang, when=dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        demo=demo,
        cards=_cards(review, lang),
        charts=_charts(engine, review, names, province, lang),
        summary=review.summary.sentences,
        definitions=[
            t(k, lang, accept=limits.acceptance_limit_days, conclude=limits.conclusion_limit_days)
            for k in DEFINITION_KEYS
        ],
        source=source_line(demo, lang),
        alerts=alerts_section(engine, p, place, names, lang),
    )
