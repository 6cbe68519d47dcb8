"""A chart on a page with its snapshot exports (PNG/SVG/PDF) and data (CSV/XLSX)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.plotly_chart import PlotlyState

from charts import export
from charts.offline import plotly_config
from ui.downloads import logged
from ui.filters import Filters
from ui.i18n import t

log = logging.getLogger(__name__)
IMAGE_MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(title: str, filters: Filters) -> str:
    """A safe file name from the chart title and period."""
    stem = f"{title}_{filters.period.label('zh')}"
    return re.sub(r"[\\/:*?\"<>|\s（）()_]+", "_", stem).strip("_")[:80]


def _image_maker(
    fig: go.Figure,
    fmt: export.ImageFormat,
    title: str,
    unit: str,
    filters: Filters,
    as_of: str,
    source: str,
) -> Callable[[], bytes]:
    """A no-argument callable that renders the snapshot when the button is clicked."""

    def make() -> bytes:
        return export.figure_image(
            fig,
            fmt,
            title=title,
            unit=unit,
            period_label=f"{filters.period.label(filters.language)} · {filters.place_name}",
            as_of=t("as_of", date=as_of),
            source=source,
        )

    return make


def chart_block(
    fig: go.Figure,
    data: pd.DataFrame,
    *,
    key: str,
    title: str,
    unit: str,
    filters: Filters,
    as_of: str,
    source: str,
    on_select: Literal["ignore", "rerun"] = "ignore",
) -> PlotlyState | None:
    """Draw the chart and an export menu; returns the selection state when on_select is
    "rerun", else None."""
    state: PlotlyState | None = None
    if on_select == "rerun":
        state = st.plotly_chart(
            fig, key=key, on_select="rerun", config=plotly_config(), width="stretch", theme=None
        )
    else:
        st.plotly_chart(fig, key=key, config=plotly_config(), width="stretch", theme=None)
    stem = file_stem(title, filters)
    with st.popover(t("export.label"), icon=":material/download:"):
        cols = st.columns(5)
        formats: tuple[export.ImageFormat, ...] = ("png", "svg", "pdf")
        for col, fmt in zip(cols[:3], formats, strict=True):
            col.download_button(
                t(f"export.{fmt}"),
                data=logged(
                    _image_maker(fig, fmt, title, unit, filters, as_of, source), f"{stem}.{fmt}"
                ),
                file_name=f"{stem}.{fmt}",
                mime=IMAGE_MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
            )
        data_buttons(cols[3], cols[4], data, stem=stem, key=key, title=title)
    return state


def data_buttons(
    csv_slot: DeltaGenerator,
    xlsx_slot: DeltaGenerator,
    data: pd.DataFrame,
    *,
    stem: str,
    key: str,
    title: str,
    icon: str | None = None,
) -> None:
    """The CSV and Excel download buttons of a chart's or table's data, in two slots."""
    csv_slot.download_button(
        t("export.csv"),
        data=logged(lambda: export.table_csv(data), f"{stem}.csv"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=icon,
    )
    xlsx_slot.download_button(
        t("export.xlsx"),
        data=logged(
            lambda: export.table_xlsx(data, sheet_name=title[:31], title=title), f"{stem}.xlsx"
        ),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=icon,
    )
