"""Keep plotly fully offline: geo maps get a stub world topology instead of cdn.plot.ly.

plotly.js fetches ``{topojsonURL}/{scope}_{resolution}m.json`` (``world_110m.json``) for
every geo subplot that has a choropleth, even with its own GeoJSON; offline the browser
draws nothing and Kaleido fails with error 525. Our maps hide every base layer, so an
empty topology is enough. It is handed over as a ``data:`` URL ending in ``#``: plotly
appends ``/world_110m.json``, which becomes the URL fragment and is ignored. Nothing is
fetched from any server, no static-file serving is needed, and it works under any
``server.baseUrlPath``. Pass ``plotly_config()`` to ``st.plotly_chart(config=...)``.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from typing import Any

import plotly.io as pio

from config import ROOT

STUB_FILE = ROOT / "assets" / "static" / "topojson_stub.json"
# If the app ever prefers static serving (server.enableStaticServing = true and the stub
# copied to <app root>/static/), this URL works too: the fragment hides plotly's suffix.
STATIC_TOPOJSON_URL = "app/static/topojson_stub.json#"


@lru_cache(maxsize=1)
def topojson_stub() -> dict[str, Any]:
    """Return the empty topology stored in assets/static/topojson_stub.json."""
    with STUB_FILE.open(encoding="utf-8") as fh:
        stub: dict[str, Any] = json.load(fh)
    return stub


@lru_cache(maxsize=1)
def topojson_url() -> str:
    """Return the stub topology as a data: URL usable as plotly's topojsonURL."""
    payload = json.dumps(topojson_stub(), separators=(",", ":")).encode("utf-8")
    return "data:application/json;base64," + base64.b64encode(payload).decode("ascii") + "#"


def plotly_config(**overrides: Any) -> dict[str, Any]:
    """Return the plotly.js config for st.plotly_chart / to_html (offline topojson, no logo)."""
    config: dict[str, Any] = {
        "topojsonURL": topojson_url(),
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }
    config.update(overrides)
    return config


def configure_offline() -> None:
    """Point plotly.io's image export at the stub topology (idempotent)."""
    pio.defaults.topojson = topojson_url()


configure_offline()
