"""The dashboard's plotly template ("social_work"): calm government palette, CJK fonts."""

from __future__ import annotations

import html

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "social_work"
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

ACCENT = "#C0392B"  # deep red: highlights, the one series that matters
NAVY = "#1F3A5F"
BLUE = "#2E6DA4"
SKY = "#7FA7CF"
SLATE = "#5D6D7E"
GREY = "#A6ACAF"
TEXT = "#2C3E50"
GRID = "#E5E8EB"
MISSING = "#D9DDE1"  # places without data on maps
BORDER = "#FFFFFF"  # borders between places on maps

COLORWAY = [BLUE, ACCENT, NAVY, SKY, SLATE, "#D98880", GREY, "#1ABC9C"]

# Sequential colourscales for choropleths (light = low, dark = high).
SEQUENTIAL_BLUES = [
    [0.0, "#EAF1F8"],
    [0.25, "#BCD3EA"],
    [0.5, "#7FA7CF"],
    [0.75, "#3F77AE"],
    [1.0, "#163B65"],
]
SEQUENTIAL_REDS = [
    [0.0, "#FBEDEB"],
    [0.25, "#F1C1BB"],
    [0.5, "#E08C82"],
    [0.75, "#C0392B"],
    [1.0, "#7B1E16"],
]
# Diverging scale for changes (falls blue, rises red), centre it with zmid=0.
DIVERGING_CHANGE = [
    [0.0, "#163B65"],
    [0.25, "#7FA7CF"],
    [0.5, "#F4F6F7"],
    [0.75, "#E08C82"],
    [1.0, "#7B1E16"],
]
DEFAULT_MAP_SCALE = SEQUENTIAL_BLUES


def build_template() -> go.layout.Template:
    """Build the "social_work" template from scratch (no dependence on plotly's default)."""
    axis = {
        "gridcolor": GRID,
        "linecolor": GREY,
        "zerolinecolor": GRID,
        "ticks": "",
        "title": {"standoff": 8},
        "automargin": True,
    }
    layout = go.Layout(
        font={"family": FONT_FAMILY, "size": 14, "color": TEXT},
        title={"font": {"size": 20, "color": TEXT}, "x": 0.01, "xanchor": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=COLORWAY,
        colorscale={"sequential": SEQUENTIAL_BLUES, "diverging": DIVERGING_CHANGE},
        xaxis=axis,
        yaxis=axis,
        legend={"bgcolor": "rgba(255,255,255,0)", "font": {"size": 13}},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}, "bgcolor": "white"},
        margin={"l": 60, "r": 30, "t": 70, "b": 50},
        geo={"bgcolor": "white", "visible": False},
        separators=".,",
    )
    return go.layout.Template(layout=layout)


def register_template() -> None:
    """Register the template under TEMPLATE_NAME (idempotent)."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = build_template()


def apply_theme(fig: go.Figure) -> go.Figure:
    """Set the template explicitly on fig (in place) and return it."""
    register_template()
    fig.update_layout(template=pio.templates[TEMPLATE_NAME])
    return fig


register_template()


def plain(text: object) -> str:
    """User text as plotly shows it literally: <a>, <b>, <br> and & escaped, not rendered."""
    return html.escape("" if text is None else str(text), quote=False)
