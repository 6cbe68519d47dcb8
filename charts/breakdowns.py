"""Bar charts of breakdowns: by category, ranked places with their change, shares, stacks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, BLUE, GREY, NAVY, apply_theme
from metrics.numbers import chinese_scale, full, percent, scaled_unit, signed_percent


def _finish(fig: go.Figure, title: str, unit: str, horizontal: bool, n: int) -> go.Figure:
    """Title, unit axis, category order top-down for horizontal bars, height by bar count."""
    fig.update_layout(title={"text": title}, bargap=0.25)
    if horizontal:
        fig.update_xaxes(title=unit, tickformat=",")
        fig.update_yaxes(autorange="reversed", title=None)
        fig.update_layout(height=max(320, 110 + 30 * n))
    else:
        fig.update_yaxes(title=unit, tickformat=",")
        fig.update_xaxes(title=None)
    return apply_theme(fig)


def category_bars(
    df: pd.DataFrame,
    label_col: str,
    value_col: str,
    *,
    title: str,
    unit: str,
    language: str = "zh",
    horizontal: bool = True,
    color: str = BLUE,
    share_of_total: bool = False,
    labels_on_bars: bool = True,
) -> go.Figure:
    """One bar per category, labelled the Chinese way (and with its share of the total)."""
    div, shown_unit = scaled_unit(df[value_col].max() if len(df) else 0, unit, language)
    total = float(df[value_col].sum()) if len(df) else 0.0
    shares = [f" · {percent(v / total)}" if share_of_total and total else "" for v in df[value_col]]
    text = [
        chinese_scale(v, language=language) + s for v, s in zip(df[value_col], shares, strict=True)
    ]
    hover = [full(round(v, 1)) + s for v, s in zip(df[value_col], shares, strict=True)]
    values = df[value_col] / div
    labels = df[label_col]
    bar = go.Bar(
        x=values if horizontal else labels,
        y=labels if horizontal else values,
        orientation="h" if horizontal else "v",
        marker_color=color,
        text=text if labels_on_bars else None,
        textposition="auto",
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        customdata=list(zip(labels, hover, strict=True)),
    )
    return _finish(go.Figure(bar), title, shown_unit, horizontal, len(df))


def share_bars(
    df: pd.DataFrame,
    label_col: str,
    share_col: str,
    *,
    title: str,
    unit: str = "%",
    detail_col: str | None = None,
    horizontal: bool = True,
    color: str = NAVY,
) -> go.Figure:
    """Bars of shares (0–1) drawn as percentages, with an optional detail on hover."""
    labels = df[label_col]
    pct = df[share_col] * 100
    detail = df[detail_col] if detail_col else [""] * len(df)
    bar = go.Bar(
        x=pct if horizontal else labels,
        y=labels if horizontal else pct,
        orientation="h" if horizontal else "v",
        marker_color=color,
        text=[percent(s) for s in df[share_col]],
        textposition="auto",
        customdata=list(zip(labels, [percent(s) for s in df[share_col]], detail, strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
        "<extra></extra>",
    )
    fig = _finish(go.Figure(bar), title, unit, horizontal, len(df))
    axis = {"range": [0, 100], "ticksuffix": "%", "tickformat": ".0f"}
    return fig.update_xaxes(**axis) if horizontal else fig.update_yaxes(**axis)


def ranked_changes(
    df: pd.DataFrame,
    *,
    name_col: str,
    value_col: str,
    relative_col: str,
    group_col: str,
    groups: dict[str, str],
    title: str,
    unit: str,
    change_label: str,
    language: str = "zh",
) -> go.Figure:
    """Horizontal bars of places, one colour per group (top/bottom), each with its change."""
    div, shown_unit = scaled_unit(df[value_col].max() if len(df) else 0, unit, language)
    fmt: Callable[[float], str] = (
        (lambda v: f"{v / div:,.2f}") if div > 1 else (lambda v: full(round(v, 1)))
    )
    fig = go.Figure()
    for (code, name), color in zip(groups.items(), (BLUE, ACCENT), strict=False):
        part = df[df[group_col] == code]
        changes = [signed_percent(r) if pd.notna(r) else "—" for r in part[relative_col]]
        fig.add_trace(
            go.Bar(
                x=part[value_col] / div,
                y=part[name_col],
                orientation="h",
                name=name,
                marker_color=color,
                text=[
                    f"{fmt(v)}  ({change_label} {c})"
                    for v, c in zip(part[value_col], changes, strict=True)
                ],
                textposition="auto",
                hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
            )
        )
    fig = _finish(fig, title, shown_unit, True, len(df))
    return fig.update_layout(legend={"orientation": "h", "y": -0.12})


def stacked_bars(
    df: pd.DataFrame,
    label_col: str,
    series: dict[str, str],
    *,
    title: str,
    unit: str,
    colors: Sequence[str] = (BLUE, ACCENT, GREY),
    horizontal: bool = False,
) -> go.Figure:
    """Stacked bars of several count columns per category (e.g. within limit and overdue)."""
    fig = go.Figure()
    for (col, name), color in zip(series.items(), colors, strict=False):
        fig.add_trace(
            go.Bar(
                x=df[col] if horizontal else df[label_col],
                y=df[label_col] if horizontal else df[col],
                orientation="h" if horizontal else "v",
                name=name,
                marker_color=color,
                text=[full(v) if v else "" for v in df[col]],
                textposition="inside",
                hovertemplate=f"%{{{'y' if horizontal else 'x'}}}<br>{name}：%{{text}}"
                "<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack", legend={"orientation": "h", "y": 1.08, "x": 0, "traceorder": "normal"}
    )
    return _finish(fig, title, unit, horizontal, len(df))
