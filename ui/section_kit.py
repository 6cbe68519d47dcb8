"""Small pieces the volunteer, association and suggestion sections share."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler
from streamlit.elements.plotly_chart import PlotlyState

from charts.breakdowns import category_bars
from charts.frozen import FrozenFigure
from charts.theme import BLUE
from metrics.deltas import Change
from services.trend_views import ChartView
from ui.cards import KpiCard, card_grid
from ui.chart_block import chart_block
from ui.filters import Filters
from ui.header import source_line

source = source_line  # the source line printed under exported charts
STATUS_ROW_COLOURS = {
    "red": "background-color: #FBEDEB; color: #7B1E16",
    "yellow": "background-color: #FEF6E0; color: #6E4A00",
}


def tinted_by_status(data: pd.DataFrame, statuses: pd.Series) -> Styler:
    """The table with its red and yellow rows tinted (statuses: one per row, in order)."""
    colours = statuses.map(STATUS_ROW_COLOURS).fillna("").to_numpy(dtype=object)
    css = pd.DataFrame(
        np.repeat(colours[:, None], data.shape[1], axis=1), index=data.index, columns=data.columns
    )
    # One call for the whole table: row by row (axis=1) it was a fifth of the 督办预警 page.
    return data.style.apply(lambda _: css, axis=None)


def chart_with_exports(
    fig: go.Figure | FrozenFigure,
    table: pd.DataFrame,
    key: str,
    title: str,
    unit: str,
    filters: Filters,
    facts: dict[str, object],
    on_select: Literal["ignore", "rerun"] = "ignore",
) -> PlotlyState | None:
    """A chart with its exports, stamped with the data-as-of date and source line; returns
    the selection state when on_select is "rerun", else None."""
    return chart_block(
        fig,
        table,
        key=key,
        title=title,
        unit=unit,
        filters=filters,
        as_of=str(facts.get("data_as_of")),
        source=source(facts),
        on_select=on_select,
    )


def share_chart(
    df: pd.DataFrame,
    value_col: str,
    columns: dict[str, str],
    key: str,
    title: str,
    unit: str,
    filters: Filters,
    facts: dict[str, object],
    color: str = BLUE,
) -> None:
    """Bars of a value per category ("name") with each one's share of the total, and the table
    of the named columns, with exports."""
    fig = category_bars(
        df,
        "name",
        value_col,
        title=title,
        unit=unit,
        language=filters.language,
        share_of_total=True,
        color=color,
    )
    chart_with_exports(
        fig, df[list(columns)].rename(columns=columns), key, title, unit, filters, facts
    )


def view_chart(
    view: ChartView, columns: dict[str, str], filters: Filters, facts: dict[str, object]
) -> None:
    """A service's chart view with its exports; the table holds the named columns."""
    table = view.table[list(columns)].rename(columns=columns)
    chart_with_exports(view.figure, table, view.key, view.title, view.unit, filters, facts)


def card(
    key: str,
    area: str,
    label: str,
    value: str,
    full_value: str,
    help_text: str,
    previous: Change | None = None,
    last_year: Change | None = None,
    notes: list[str] | None = None,
) -> KpiCard:
    """A KPI card whose help text is the figure's definition."""
    return KpiCard(
        key=key,
        area=area,
        label=label,
        value=value,
        full_value=full_value,
        previous=previous,
        last_year=last_year,
        notes=notes or [],
        help=help_text,
    )


def card_row(cards: list[KpiCard]) -> None:
    """Cards side by side, wrapping onto a second row rather than cutting a value."""
    card_grid(cards, key=f"cards_{cards[0].key}" if cards else "cards")
