"""Text that users typed into an import is drawn literally on charts: no live links or markup."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from charts.buildout import milestone_timeline
from charts.maps import point_markers

HOSTILE = '<a href="https://example.com">点这里</a> & <b>加粗</b>'


def test_a_milestone_title_with_a_link_shows_as_text() -> None:
    frame = pd.DataFrame(
        {"happened_on": [dt.date(2024, 3, 1)], "precision": ["day"], "label": [HOSTILE]}
    )
    fig = milestone_timeline(frame, title="大事记")
    drawn = [str(t) for tr in fig.data for t in (tr.text or [])]
    hover = [str(c[1]) for tr in fig.data if tr.customdata is not None for c in tr.customdata]
    for text in drawn + hover:
        assert "<a " not in text and "<b>加粗" not in text
    assert any("&lt;a href=" in t and "&amp;" in t for t in drawn)
    assert any("&lt;a href=" in t for t in hover)


def test_an_observation_point_name_with_markup_shows_as_text() -> None:
    points = pd.DataFrame({"lon": [113.3], "lat": [23.1], "name": [HOSTILE], "note": ["<br>x"]})
    fig = point_markers(go.Figure(), points, name="观测点", hover_cols=["note"])
    hover = fig.data[-1].hovertext or fig.data[-1].text
    joined = " ".join(hover)
    assert "&lt;a href=" in joined and "<a " not in joined
    assert "&lt;br&gt;x" in joined
