"""A map of places coloured by supervision status: red, yellow, green, grey for no data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.maps import category_choropleth

TITLE_SIZE = 16  # place · indicator · 督办状态地图 is long: at 20 px it is cut on a phone
STATUS_COLOURS = {"red": "#C0392B", "yellow": "#E5A823", "green": "#3C8D5A"}


def status_map(
    values: pd.DataFrame,
    geojson: dict[str, Any],
    *,
    title: str,
    labels: Mapping[str, str],
    missing_label: str,
) -> go.Figure:
    """Places (adcode, name, status) coloured by status, one legend entry per status; the
    hover names the status in words, so colour is never the only sign."""
    categories = [(s, labels[s], colour) for s, colour in STATUS_COLOURS.items()]
    fig = category_choropleth(
        values,
        geojson,
        category_col="status",
        categories=categories,
        title=title,
        missing_label=missing_label,
    )
    return fig.update_layout(title_font_size=TITLE_SIZE)
