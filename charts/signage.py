"""Burden-reduction charts: before → after dumbbell and plaques removed over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.theme import ACCENT, GREY, NAVY, SKY, TEXT, apply_theme
from metrics.numbers import scaled_unit

DATE_TICKS = {"zh": "%Y年%-m月", "en": "%b %Y"}


def dumbbell(
    rows: pd.DataFrame,
    *,
    title: str,
    unit: str,
    before_name: str,
    after_name: str,
    after_only_text: str,
) -> go.Figure:
    """Before → after per row (columns label, before, after; before may be empty).

    A grey dot for before, a red dot for after, a line between them and "140 → 21" beside it;
    a row without a before value shows its after dot and `after_only_text`.
    """
    df = rows.reset_index(drop=True)
    labels = list(df["label"])
    fig = go.Figure()
    for label, before, after in zip(labels, df["before"], df["after"], strict=True):
        if pd.notna(before):
            fig.add_trace(
                go.Scatter(
                    x=[before, after],
                    y=[label, label],
                    mode="lines",
                    line={"color": GREY, "width": 6},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    has_before = df["before"].notna()
    fig.add_trace(
        go.Scatter(
            x=df.loc[has_before, "before"],
            y=df.loc[has_before, "label"],
            mode="markers",
            name=before_name,
            marker={"size": 20, "color": GREY, "line": {"color": "white", "width": 2}},
            hovertemplate=f"%{{y}}<br>{before_name}：%{{x}} {unit}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=df["after"],
            y=df["label"],
            mode="markers",
            name=after_name,
            marker={"size": 20, "color": ACCENT, "line": {"color": "white", "width": 2}},
            hovertemplate=f"%{{y}}<br>{after_name}：%{{x}} {unit}<extra></extra>",
        )
    )
    top = float(pd.concat([df["before"], df["after"]]).max() or 1)
    for label, before, after in zip(labels, df["before"], df["after"], strict=True):
        text = (
            f"<b>{_n(before)} → {_n(after)}</b>"
            if pd.notna(before)
            else f"<b>{_n(after)}</b>（{after_only_text}）"
        )
        right = max(before, after) if pd.notna(before) else after
        fig.add_annotation(
            x=right,
            y=label,
            text=text,
            showarrow=False,
            xanchor="left",
            xshift=18,
            font={"size": 15, "color": TEXT},
        )
    fig.update_layout(
        title={"text": title},
        xaxis_title=unit,
        height=140 + 90 * len(df),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    fig.update_xaxes(range=[0, top * 1.45], rangemode="tozero")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    return apply_theme(fig)


def _n(value: float) -> str:
    """A count as an integer, an average with one decimal."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def removal_over_time(
    df: pd.DataFrame,
    *,
    title: str,
    unit: str,
    per_period_name: str,
    cumulative_name: str,
    language: str = "zh",
) -> go.Figure:
    """Plaques removed per period (bars) and the running total (line, right axis)."""
    per_div, per_unit = scaled_unit(df["plaques_removed"].max() if len(df) else 0, unit, language)
    cum_div, cum_unit = scaled_unit(df["cumulative"].max() if len(df) else 0, unit, language)
    x = pd.to_datetime(df["period"])
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=x,
            y=df["plaques_removed"] / per_div,
            name=per_period_name,
            marker_color=SKY,
            hovertemplate=f"%{{y:,.2f}} {per_unit}<extra>{per_period_name}</extra>"
            if per_div > 1
            else f"%{{y:,}} {per_unit}<extra>{per_period_name}</extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=df["cumulative"] / cum_div,
            name=cumulative_name,
            mode="lines",
            line={"color": ACCENT, "width": 3},
            hovertemplate=f"%{{y:,.2f}} {cum_unit}<extra>{cumulative_name}</extra>",
        ),
        secondary_y=True,
    )
    fig.update_layout(
        title={"text": title},
        hovermode="x unified",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        margin={"r": 90},
    )
    fig.update_yaxes(title_text=per_unit, tickformat=",", secondary_y=False)
    fig.update_yaxes(
        title_text=f"{cumulative_name}（{cum_unit}）" if language == "zh" else cum_unit,
        tickformat=",.1f" if cum_div > 1 else ",",
        secondary_y=True,
        showgrid=False,
        rangemode="tozero",
        title_font={"color": NAVY},
    )
    fig.update_xaxes(tickformat=DATE_TICKS.get(language, DATE_TICKS["zh"]), hoverformat="%Y-%m-%d")
    return apply_theme(fig)
