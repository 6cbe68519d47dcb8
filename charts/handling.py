"""Charts of how suggestions are handled: the funnel and time-to-step distributions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, BLUE, GREY, NAVY, SKY, apply_theme
from metrics.numbers import full, percent


def handling_funnel_chart(
    funnel: pd.DataFrame, labels: dict[str, str], rate_labels: dict[str, str], *, title: str
) -> go.Figure:
    """The funnel received → accepted → concluded → adopted with each stage's rate."""
    text = []
    for stage, items, rate in zip(funnel["stage"], funnel["items"], funnel["rate"], strict=True):
        rate_text = (
            "" if rate is None or pd.isna(rate) else f"<br>{rate_labels[stage]} {percent(rate)}"
        )
        text.append(f"{full(items)}{rate_text}")
    fig = go.Figure(
        go.Funnel(
            y=[labels[s] for s in funnel["stage"]],
            x=funnel["items"],
            text=text,
            textinfo="text",
            textposition="inside",
            marker={"color": [NAVY, BLUE, SKY, ACCENT]},
            connector={"line": {"color": GREY, "width": 1}},
            hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
        )
    )
    fig.update_layout(title={"text": title}, height=360)
    return apply_theme(fig)


def days_distribution(
    hist: pd.DataFrame,
    limit_days: int,
    *,
    title: str,
    unit: str,
    day_unit: str,
    within_name: str,
    late_name: str,
    limit_label: str,
    cap_days: int | None = None,
) -> go.Figure:
    """Completed items by days taken, within the limit in blue and beyond it in red."""
    done = hist[hist["done"] == 1][["days", "items"]].copy()
    if cap_days is not None and len(done):
        done["days"] = done["days"].clip(upper=cap_days)
        done = done.groupby("days", as_index=False)["items"].sum()  # type: ignore[assignment]  # as_index=False gives a DataFrame; the stubs say Series
    fig = go.Figure()
    for mask, name, color in (
        (done["days"] <= limit_days, within_name, BLUE),
        (done["days"] > limit_days, late_name, ACCENT),
    ):
        part = done[mask]
        fig.add_trace(
            go.Bar(
                x=part["days"],
                y=part["items"],
                name=name,
                marker_color=color,
                hovertemplate=f"%{{x}} {day_unit}：%{{y:,}}<extra>{name}</extra>",
            )
        )
    fig.add_vline(
        x=limit_days + 0.5,
        line={"color": ACCENT, "dash": "dash", "width": 2},
        annotation_text=limit_label,
        annotation_position="top right",
    )
    fig.update_layout(
        title={"text": title},
        barmode="stack",
        bargap=0.05,
        legend={"orientation": "h", "y": 1.08, "x": 0, "traceorder": "normal"},
    )
    fig.update_xaxes(title=day_unit)
    fig.update_yaxes(title=unit, tickformat=",")
    return apply_theme(fig)
