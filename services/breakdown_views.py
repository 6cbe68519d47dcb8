"""Category breakdowns as chart views: one frame per breakdown, drawn for a page or a briefing."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from charts.breakdowns import category_bars
from charts.theme import BLUE
from metrics.frames import records
from metrics.numbers import chinese_scale
from services.trend_views import ChartView


@dataclass(frozen=True)
class BreakdownView(ChartView):
    """A chart view of one value per category: the table holds "name" and the value column."""

    value_col: str


def breakdown_view(
    key: str,
    table: pd.DataFrame,
    value_col: str,
    *,
    title: str,
    unit: str,
    lang: str,
    color: str = BLUE,
    share_of_total: bool = True,
) -> BreakdownView:
    """Bars of a value per category ("name"); the page shows each bar's share of the total,
    the briefing (share_of_total=False) only the values."""
    figure = category_bars(
        table,
        "name",
        value_col,
        title=title,
        unit=unit,
        language=lang,
        share_of_total=share_of_total,
        color=color,
    )
    return BreakdownView(key, title, unit, figure, table, value_col)


def top_numbers(view: BreakdownView, lang: str, n: int = 3) -> list[str]:
    """The n largest categories as "name value", the numbers a briefing quotes beside a chart."""
    top = view.table.sort_values(view.value_col, ascending=False).head(n)
    return [
        f"{r.name} {chinese_scale(getattr(r, view.value_col), language=lang)}" for r in records(top)
    ]
