"""The briefing's charts rendered once as PNG images, shared by the PDF and PowerPoint packs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from briefing_model import Briefing, BriefingChart
from charts import export

IMAGE_SIZE = (1400, 760)
_log = logging.getLogger(__name__)


def _images(
    charts: list[BriefingChart], period_label: str, place_name: str, as_of: str, source: str,
    scale: float,
) -> list[bytes]:  # fmt: skip
    """The charts' PNGs with title, unit, period and place, as-of and source on them."""
    width, height = IMAGE_SIZE
    return export.figure_images(
        [(c.figure, c.title, c.unit) for c in charts],
        "png",
        period_label=f"{period_label} · {place_name}",
        as_of=as_of,
        source=source,
        width=width,
        height=height,
        scale=scale,
    )


def chart_images(b: Briefing, scale: float = 2) -> list[bytes]:
    """One high-resolution PNG per chart, with title, unit, period, as-of and source on it;
    rendered in one batch on the export server's tabs, returned in the charts' order."""
    return _images(b.charts, b.period_label, b.place_name, b.as_of, b.source, scale)


def render_ahead(
    charts: list[BriefingChart], period_label: str, place_name: str, as_of: str, source: str,
    scale: float = 2,
) -> Callable[[], None]:  # fmt: skip
    """Start rendering some of a briefing's charts in the background (into the export image
    cache, where chart_images() finds them); return a function that waits for it. A failure
    is only logged: chart_images() renders those charts again and reports it."""

    def run() -> None:
        try:
            _images(charts, period_label, place_name, as_of, source, scale)
        except Exception:  # noqa: BLE001 - chart_images() tries again and raises
            _log.warning("rendering the briefing's charts ahead failed", exc_info=True)

    worker = threading.Thread(target=run, name="briefing-images-ahead", daemon=True)
    worker.start()
    return worker.join
