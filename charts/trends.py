"""Trend charts over time: a series against the same period last year, and several series."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, BLUE, GREY, apply_theme


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
    hover_fmt: str = ",.0f",
) -> go.Figure:
    """Line of this period's buckets with last year's drawn on the same dates, dashed."""
    fig = go.Figure()
    if len(last_year):
        fig.add_trace(
            go.Scatter(
                x=_shift_year(last_year["period"], 1),
                y=last_year[value_col],
                name=last_year_name,
                mode="lines",
                line={"color": GREY, "dash": "dash", "width": 2},
                hovertemplate=f"%{{y:{hover_fmt}}} {unit}<extra>{last_year_name}</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(current["period"]),
            y=current[value_col],
            name=current_name,
            mode="lines+markers",
            line={"color": ACCENT, "width": 3},
            hovertemplate=f"%{{x|%Y-%m-%d}}<br>%{{y:{hover_fmt}}} {unit}<extra>{current_name}</extra>",
        )
    )
    fig.update_layout(title={"text": title}, yaxis_title=unit, hovermode="x unified")
    return apply_theme(fig)


def several_series(
    df: pd.DataFrame,
    series: dict[str, str],
    *,
    title: str,
    unit: str,
    kind: str = "line",
) -> go.Figure:
    """Several measures of one frame over `period`, as lines or grouped bars."""
    colors = [BLUE, ACCENT, GREY]
    fig = go.Figure()
    for (col, name), color in zip(series.items(), colors, strict=False):
        x = pd.to_datetime(df["period"])
        if kind == "bar":
            fig.add_trace(go.Bar(x=x, y=df[col], name=name, marker_color=color))
        else:
            fig.add_trace(
                go.Scatter(x=x, y=df[col], name=name, mode="lines+markers", line={"color": color})
            )
    fig.update_layout(title={"text": title}, yaxis_title=unit, hovermode="x unified")
    return apply_theme(fig)
