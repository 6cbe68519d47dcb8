"""Cold (one-shot Chromium) versus warm (shared Kaleido server) chart export times."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import numpy as np  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from charts import export  # noqa: E402
from charts.maps import choropleth  # noqa: E402
from config import get_settings  # noqa: E402
from data_access.boundaries import boundaries_geojson, cache_file  # noqa: E402
from data_access.regions import county_units  # noqa: E402

FORMATS = ("png", "svg", "pdf")
WARM_RUNS = 5
WARM_PNG_BUDGET_S = 0.3
META = {"period_label": "2024年第3季度", "as_of": "2024-09-30", "source": "数据来源：基准测试"}


def county_map(seed: int = 0) -> tuple[go.Figure, float]:
    """A county choropleth of the configured province, and the seconds it took to build."""
    province = get_settings().province_adcode
    boundaries_geojson(province, "county")  # make sure the cache file exists
    units = county_units(province)[["adcode", "name"]]
    units = units.assign(value=np.random.default_rng(seed).uniform(0, 100, len(units)))
    start = time.perf_counter()
    fig = choropleth(
        units, boundaries_geojson(province, "county"), value_col="value", title="基准", unit="件"
    )
    return fig, time.perf_counter() - start


def timed(fig: go.Figure, fmt: str, *, use_server: bool) -> float:
    """Seconds for one export."""
    start = time.perf_counter()
    export.figure_image(fig, fmt, title="各县基准测试", unit="件", use_server=use_server, **META)
    return time.perf_counter() - start


def main() -> None:
    """Print build, cold, warm-up and warm timings and the cold/warm ratio per format."""
    fig, build = county_map()
    size = cache_file(get_settings().province_adcode, "county").stat().st_size
    print(
        f"county boundaries cache file: {size / 1024:.0f} KiB; figure build {build * 1000:.0f} ms"
    )
    cold = {fmt: timed(fig, fmt, use_server=False) for fmt in FORMATS}
    start = time.perf_counter()
    running = export.warm_up()
    print(f"warm_up(): {time.perf_counter() - start:.2f} s (server running: {running})")
    # A new figure each time (other values), so no run is served from the image cache.
    fresh = [county_map(seed)[0] for seed in range(1, WARM_RUNS + 1)]
    warm = {fmt: [timed(f, fmt, use_server=True) for f in fresh] for fmt in FORMATS}
    again = {fmt: [timed(fresh[0], fmt, use_server=True) for _ in range(3)] for fmt in FORMATS}
    print(f"{'format':<8}{'cold s':>9}{'warm s (median)':>18}{'ratio':>8}{'again s':>10}")
    for fmt in FORMATS:
        median = statistics.median(warm[fmt])
        print(f"{fmt:<8}{cold[fmt]:>9.2f}{median:>18.2f}{cold[fmt] / median:>7.1f}x"
              f"{statistics.median(again[fmt]):>10.3f}")  # fmt: skip
    print(f"warm county-map PNG: {statistics.median(warm['png']):.2f} s = "
          f"{statistics.median(warm['png']) / WARM_PNG_BUDGET_S:.2f} × budget "
          f"({WARM_PNG_BUDGET_S} s); load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    export.stop_server()


if __name__ == "__main__":
    main()
