"""A sortable table on a page with its data exports (CSV/XLSX)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.chart_block import data_buttons, file_stem
from ui.filters import Filters


def table_block(
    data: pd.DataFrame,
    *,
    key: str,
    title: str,
    filters: Filters,
    shown: pd.DataFrame | pd.io.formats.style.Styler | None = None,
    column_config: dict | None = None,
    height: int | str = "auto",
) -> None:
    """Draw `shown` (or `data`) as a sortable table; export `data` as CSV or Excel."""
    st.dataframe(
        data if shown is None else shown,
        hide_index=True,
        width="stretch",
        column_config=column_config,
        height=height,
        key=key,
    )
    stem = file_stem(title, filters)
    left, right, _ = st.columns([1, 1, 4])
    data_buttons(left, right, data, stem=stem, key=key, title=title, icon=":material/download:")
