"""The briefing's charts rendered once as PNG images, shared by the PDF and PowerPoint packs."""

from __future__ import annotations

from briefing_model import Briefing
from charts import export

IMAGE_SIZE = (1400, 760)


def chart_images(b: Briefing, scale: float = 2) -> list[bytes]:
    """One high-resolution PNG per chart, with title, unit, period, as-of and source on it;
    rendered in one batch on the export server's tabs, returned in the charts' order."""
    width, height = IMAGE_SIZE
    return export.figure_images(
        [(c.figure, c.title, c.unit) for c in b.charts],
        "png",
        period_label=f"{b.period_label} · {b.place_name}",
        as_of=b.as_of,
        source=b.source,
        width=width,
        height=height,
        scale=scale,
    )
