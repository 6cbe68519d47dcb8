"""A sortable table on a page with its data exports (CSV/XLSX)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import export
from ui.chart_block import XLSX_MIME, file_stem
from ui.downloads import logged
from ui.filters import Filters
from ui.i18n import t


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
    left.download_button(
        t("export.csv"),
        data=logged(lambda: export.table_csv(data), f"{stem}.csv"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("export.xlsx"),
        data=logged(
            lambda: export.table_xlsx(data, sheet_name=title[:31], title=title), f"{stem}.xlsx"
        ),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
