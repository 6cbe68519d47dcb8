"""Trend charts over time: a series against the same period last year, and several series."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, BLUE, GREY, apply_theme
from metrics.numbers import scaled_unit

DATE_TICKS = {"zh": "%Y年%-m月", "en": "%b %Y"}
DAY_TICKS = {"zh": "%-m月%-d日", "en": "%d %b"}


def _axes(fig: go.Figure, unit: str, language: str, span_days: int = 365) -> go.Figure:
    """Unit on the y axis and dates written the reader's way (days for spans under a year)."""
    ticks = DAY_TICKS if span_days < 200 else DATE_TICKS
    fig.update_layout(yaxis_title=unit, hovermode="x unified")
    fig.update_xaxes(tickformat=ticks.get(language, ticks["zh"]), hoverformat="%Y-%m-%d")
    fig.update_yaxes(tickformat=",")  # 80,000 not 80k: units are scaled to 万 explicitly
    return fig


def _shift_year(days: pd.Series, years: int) -> pd.Series:
    """Move dates by whole years (29 February falls back to the 28th)."""
    return pd.to_datetime(days).map(lambda d: d + pd.DateOffset(years=years))


def versus_last_year(
    current: pd.DataFrame,
    last_year: pd.DataFrame,
    value_col: str,
    *,
    title: str,
    unit: str,
    current_name: str,
    last_year_name: str,
    language: str = "zh",
) -> go.Figure:
    """Line of this period's buckets with last year's drawn on the same dates, dashed."""
    peak = max(
        current[value_col].max() if len(current) else 0,
        last_year[value_col].max() if len(last_year) else 0,
    )
    div, unit = scaled_unit(peak, unit, language)
    hover_fmt = ",.2f" if div > 1 else ",.0f"
    fig = go.Figure()
    if len(last_year):
        fig.add_trace(
            go.Scatter(
                x=_shift_year(last_year["period"], 1),
                y=last_year[value_col] / div,
                name=last_year_name,
                mode="lines",
                line={"color": GREY, "dash": "dash", "width": 2},
                hovertemplate=f"%{{y:{hover_fmt}}} {unit}<extra>{last_year_name}</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(current["period"]),
            y=current[value_col] / div,
            name=current_name,
            mode="lines+markers",
            line={"color": ACCENT, "width": 3},
            hovertemplate=f"%{{y:{hover_fmt}}} {unit}<extra>{current_name}</extra>",
        )
    )
    fig.update_layout(title={"text": title})
    return apply_theme(_axes(fig, unit, language, _span(current)))


def _span(df: pd.DataFrame) -> int:
    """Days between the first and last period of a frame."""
    if len(df) < 2:
        return 0
    days = pd.to_datetime(df["period"])
    return int((days.max() - days.min()).days)


def several_series(
    df: pd.DataFrame,
    series: dict[str, str],
    *,
    title: str,
    unit: str,
    kind: str = "line",
    language: str = "zh",
) -> go.Figure:
    """Several measures of one frame over `period`, as lines or grouped bars."""
    colors = [BLUE, ACCENT, GREY]
    peak = max((df[c].max() for c in series), default=0) if len(df) else 0
    div, unit = scaled_unit(peak, unit, language)
    fig = go.Figure()
    for (col, name), color in zip(series.items(), colors, strict=False):
        x = pd.to_datetime(df["period"])
        if kind == "bar":
            fig.add_trace(go.Bar(x=x, y=df[col] / div, name=name, marker_color=color))
        else:
            fig.add_trace(
                go.Scatter(
                    x=x, y=df[col] / div, name=name, mode="lines+markers", line={"color": color}
                )
            )
    fig.update_layout(title={"text": title})
    return apply_theme(_axes(fig, unit, language, _span(df)))
