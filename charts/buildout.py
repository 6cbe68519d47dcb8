"""Buildout charts: formation progress, days taken, milestones, staffing, workers per 10,000."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, BLUE, GREY, NAVY, SKY, TEXT, apply_theme, plain

LEVEL_COLOURS = {"province": NAVY, "city": ACCENT, "county": BLUE}
DATE_TICKS = {"zh": "%Y年%-m月", "en": "%b %Y"}
# Formation months, earliest darkest: Jan … Dec (used on the replay map).
MONTH_COLOURS = [
    "#0B2545",
    "#13315C",
    "#1F4E79",
    "#2E6DA4",
    "#4A89C0",
    "#6FA3D1",
    "#93BCE0",
    "#B3D1EA",
    "#CBE0F1",
    "#DCEAF6",
    "#E8F1F9",
    "#F2F7FC",
]


def _date_axis(fig: go.Figure, language: str) -> None:
    """Dates on the x axis the reader's way."""
    fig.update_xaxes(tickformat=DATE_TICKS.get(language, DATE_TICKS["zh"]), hoverformat="%Y-%m-%d")


def formation_progress(
    cum: pd.DataFrame,
    *,
    level_names: dict[str, str],
    as_of: dt.date | None,
    as_of_label: str,
    title: str,
    unit: str,
    language: str = "zh",
) -> go.Figure:
    """Share of each level's departments formed by each day (0–100 %), counts in the hover."""
    fig = go.Figure()
    for level in ("city", "county"):
        rows = cum[cum["level"] == level]
        if rows.empty:
            continue
        name = level_names[level]
        share = rows["formed"] / rows["total"] * 100
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(rows["day"]),
                y=share,
                name=name,
                mode="lines",
                line={"color": LEVEL_COLOURS[level], "width": 3, "shape": "hv"},
                customdata=list(zip(rows["formed"], rows["total"], strict=True)),
                hovertemplate=f"{name} %{{customdata[0]}}/%{{customdata[1]}}"
                "（%{y:.0f}%）<extra></extra>",
            )
        )
    if as_of is not None and len(cum):
        fig.add_vline(x=pd.Timestamp(as_of), line={"color": GREY, "dash": "dot", "width": 1.5})
        fig.add_annotation(
            x=pd.Timestamp(as_of),
            y=4,
            text=as_of_label,
            showarrow=False,
            xanchor="right",
            xshift=-4,
            font={"color": TEXT, "size": 12},
        )
    fig.update_layout(
        title={"text": title},
        yaxis_title=unit,
        hovermode="x unified",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    fig.update_yaxes(range=[0, 108], ticksuffix="%")
    _date_axis(fig, language)
    return apply_theme(fig)


def formation_days(
    days: pd.DataFrame,
    *,
    series: dict[str, str],
    title: str,
    unit: str,
) -> go.Figure:
    """Horizontal bars per place (column name) of the days columns named in `series`."""
    fig = go.Figure()
    colours = [ACCENT, SKY]
    for (col, name), colour in zip(series.items(), colours, strict=False):
        fig.add_trace(
            go.Bar(
                y=days["name"],
                x=days[col],
                name=name,
                orientation="h",
                marker_color=colour,
                hovertemplate=f"%{{y}}<br>{name}：%{{x}} {unit}<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": title},
        barmode="group",
        xaxis_title=unit,
        height=max(420, 26 * len(days) + 140),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    fig.update_yaxes(autorange="reversed")
    return apply_theme(fig)


def milestone_timeline(
    milestones: pd.DataFrame, *, title: str, language: str = "zh", month_note: str = ""
) -> go.Figure:
    """A vertical timeline: one dot per milestone, newest at the bottom, text to the right.

    Columns happened_on, precision (day | month) and label (the text to print).
    """
    df = milestones.reset_index(drop=True)
    n = len(df)
    ys = list(range(n, 0, -1))
    dates = [
        (f"{d.year}年{d.month}月" if p == "month" else f"{d.year}年{d.month}月{d.day}日")
        if language == "zh"
        else (d.strftime("%b %Y") if p == "month" else d.isoformat())
        for d, p in zip(df["happened_on"], df["precision"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0] * n,
            y=ys,
            mode="lines",
            line={"color": GREY, "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    precise = [p != "month" for p in df["precision"]]
    fig.add_trace(
        go.Scatter(
            x=[0] * n,
            y=ys,
            mode="markers",
            marker={
                "size": 14,
                "color": [ACCENT if p else "white" for p in precise],
                "line": {"color": ACCENT, "width": 2},
            },
            customdata=list(zip(dates, [plain(x) for x in df["label"]], strict=True)),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[0.04] * n,
            y=ys,
            mode="text",
            text=[
                f"<b>{d}</b>  {plain(label)}" for d, label in zip(dates, df["label"], strict=True)
            ],
            textposition="middle right",
            textfont={"size": 14, "color": TEXT},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.update_layout(
        title={"text": title},
        height=max(300, 40 * n + 120),
        xaxis={"visible": False, "range": [-0.05, 1.0], "fixedrange": True},
        yaxis={"visible": False, "range": [0.4, n + 0.6], "fixedrange": True},
        margin={"l": 20, "r": 20, "t": 70, "b": 40 if month_note else 20},
    )
    if month_note:
        fig.add_annotation(
            x=0,
            y=-0.02,
            xref="paper",
            yref="paper",
            text=month_note,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 12, "color": GREY},
        )
    return apply_theme(fig)


def staffing_bars(
    df: pd.DataFrame,
    *,
    series: dict[str, str],
    title: str,
    unit: str,
    hover_extra: str | None = None,
) -> go.Figure:
    """Grouped vertical bars per place (column name) for the columns named in `series`."""
    fig = go.Figure()
    colours = [SKY, BLUE, ACCENT]
    for (col, name), colour in zip(series.items(), colours, strict=False):
        extra = "<br>%{customdata}" if hover_extra else ""
        fig.add_trace(
            go.Bar(
                x=df["name"],
                y=df[col],
                name=name,
                marker_color=colour,
                customdata=list(df[hover_extra]) if hover_extra else None,
                hovertemplate=f"%{{x}}<br>{name}：%{{y:,}} {unit}{extra}<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": title},
        barmode="group",
        yaxis_title=unit,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    fig.update_yaxes(tickformat=",")
    return apply_theme(fig)


def bars_with_reference(
    df: pd.DataFrame,
    *,
    value_col: str,
    reference: float | None,
    reference_label: str,
    title: str,
    unit: str,
    highlight: str | None = None,
    digits: int = 1,
) -> go.Figure:
    """Bars per place (columns adcode, name, value_col), sorted, with a dashed reference line."""
    data = df.sort_values(value_col, ascending=False)
    colours = [ACCENT if a == highlight else BLUE for a in data["adcode"]]
    fig = go.Figure(
        go.Bar(
            x=data["name"],
            y=data[value_col],
            marker_color=colours,
            text=[f"{v:.{digits}f}" for v in data[value_col]],
            textposition="outside",
            hovertemplate=f"%{{x}}：%{{y:.{digits}f}} {unit}<extra></extra>",
            showlegend=False,
        )
    )
    if reference is not None:
        fig.add_hline(
            y=reference,
            line={"color": NAVY, "dash": "dash", "width": 2},
            annotation_text=f"{reference_label} {reference:.{digits}f}",
            annotation_position="top right",
            annotation_font={"color": NAVY, "size": 13},
        )
    top = max(float(data[value_col].max()) if len(data) else 0, reference or 0)
    fig.update_layout(title={"text": title}, yaxis_title=unit)
    fig.update_yaxes(range=[0, top * 1.15 if top else 1])
    return apply_theme(fig)
