"""A figure serialized once to the Plotly JSON a page sends, drawn again without rebuilding it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio


@dataclass(frozen=True)
class FrozenFigure:
    """A figure's JSON exactly as st.plotly_chart sends it; figure() rebuilds it for exports."""

    json: str
    size: dict[str, Any] = field(default_factory=dict)  # the layout's height and width, if set

    def figure(self) -> go.Figure:
        """The figure again (for a snapshot export; a map takes ~0.1 s, so only on a click)."""
        return pio.from_json(self.json)


def freeze(fig: go.Figure) -> FrozenFigure:
    """The JSON st.plotly_chart makes of fig (its to_dict, then to_json without validation)."""
    out = fig.to_dict()
    size = {k: out["layout"][k] for k in ("height", "width") if k in out.get("layout", {})}
    return FrozenFigure(pio.to_json(out, validate=False), size)


def thawed(fig: go.Figure | FrozenFigure) -> go.Figure:
    """A plotly figure of either kind."""
    return fig.figure() if isinstance(fig, FrozenFigure) else fig
