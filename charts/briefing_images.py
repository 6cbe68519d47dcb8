"""The briefing's charts rendered once as PNG images, shared by the PDF and PowerPoint packs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from briefing_model import Briefing, BriefingChart
from charts import export
from charts.render_server import TABS

IMAGE_SIZE = (1400, 760)


def chart_images(b: Briefing, scale: float = 2) -> list[bytes]:
    """One high-resolution PNG per chart, with title, unit, period, as-of and source on it;
    rendered side by side on the export server's tabs, returned in the charts' order."""
    width, height = IMAGE_SIZE
    period = f"{b.period_label} · {b.place_name}"

    def image(c: BriefingChart) -> bytes:
        return export.figure_image(
            c.figure,
            "png",
            title=c.title,
            unit=c.unit,
            period_label=period,
            as_of=b.as_of,
            source=b.source,
            width=width,
            height=height,
            scale=scale,
        )

    with ThreadPoolExecutor(max_workers=TABS, thread_name_prefix="briefing-image") as pool:
        return list(pool.map(image, b.charts))
