"""A chart on a page with its snapshot exports (PNG/SVG/PDF) and data (CSV/XLSX)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.plotly_chart import PlotlyState

from charts import export
from charts.frozen import FrozenFigure, freeze, thawed
from charts.offline import plotly_config
from ui.downloads import logged
from ui.filters import Filters
from ui.i18n import t

log = logging.getLogger(__name__)
IMAGE_MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _FrozenDict(dict[str, Any]):
    """A frozen figure's dict that carries its JSON, so that plotly.io.to_json returns that."""

    frozen_json = ""


class _DrawnFigure(go.Figure):
    """What st.plotly_chart is handed for a FrozenFigure: to_dict() gives the layout's size
    (what st.plotly_chart reads of the dict) and the stored JSON instead of a deep copy
    of the figure (a map's boundaries: 20–80 ms a chart, as long again to encode and to parse).
    Made without go.Figure.__init__ (3.5 ms): st.plotly_chart only calls to_dict()."""

    _frozen: FrozenFigure

    def to_dict(self) -> dict[str, Any]:
        """The figure's size and JSON (tests/ui/test_frozen_figures.py checks what is sent)."""
        out = _FrozenDict(data=[], layout=dict(self._frozen.size))
        out.frozen_json = self._frozen.json
        return out


def _drawn(frozen: FrozenFigure) -> _DrawnFigure:
    """The stand-in figure for st.plotly_chart."""
    fig = object.__new__(_DrawnFigure)
    fig._frozen = frozen
    return fig


_plotly_to_json = getattr(plotly.io.to_json, "plain", plotly.io.to_json)


def _to_json(fig: Any, *args: Any, **kwargs: Any) -> str:
    """plotly.io.to_json, but a frozen figure's dict gives its stored JSON (the same text)."""
    if isinstance(fig, _FrozenDict):
        return fig.frozen_json
    return str(_plotly_to_json(fig, *args, **kwargs))


_to_json.plain = _plotly_to_json  # type: ignore[attr-defined]  # the function it wraps
plotly.io.to_json = _to_json  # st.plotly_chart calls plotly.io.to_json(fig.to_dict(), ...)


@st.cache_data(show_spinner=False, max_entries=1000, ttl=6 * 3600)  # charts of ~5–50 kB
def _frozen_chart(
    name: str, _build: Callable[..., go.Figure], *args: Any, **kwargs: Any
) -> FrozenFigure:
    """_build(*args, **kwargs) frozen; the key is the builder's name and every argument."""
    return freeze(_build(*args, **kwargs))


def frozen_chart(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> FrozenFigure:
    """A charts/ function's figure, built once for every session that draws the same thing:
    the cache key is its arguments (the data and every label), so no scope or data version
    is needed; build must depend on nothing else (charts/ functions are pure)."""
    return _frozen_chart(f"{build.__module__}.{build.__qualname__}", build, *args, **kwargs)


def file_stem(title: str, filters: Filters) -> str:
    """A safe file name from the chart title and period."""
    stem = f"{title}_{filters.period.label('zh')}"
    return re.sub(r"[\\/:*?\"<>|\s（）()_]+", "_", stem).strip("_")[:80]


def _image_maker(
    fig: go.Figure | FrozenFigure,
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
            thawed(fig),
            fmt,
            title=title,
            unit=unit,
            period_label=f"{filters.period.label(filters.language)} · {filters.place_name}",
            as_of=t("as_of", date=as_of),
            source=source,
        )

    return make


def chart_block(
    fig: go.Figure | FrozenFigure,
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
    "rerun", else None. A FrozenFigure (cached across sessions) is sent as it was stored."""
    state: PlotlyState | None = None
    shown = _drawn(fig) if isinstance(fig, FrozenFigure) else fig
    if on_select == "rerun":
        state = st.plotly_chart(
            shown, key=key, on_select="rerun", config=plotly_config(), width="stretch", theme=None
        )
    else:
        st.plotly_chart(shown, key=key, config=plotly_config(), width="stretch", theme=None)
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
