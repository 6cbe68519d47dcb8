"""A chart and a table with their export buttons (AppTest.from_function): section_kit's
chart_with_exports offers PNG, SVG, PDF, CSV and Excel; table_block the table with CSV and
Excel; the files are named by title and period."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.aggregate import Place
from i18n import t
from metrics import periods
from ui.chart_block import file_stem
from ui.filters import Filters


def _blocks_script() -> None:
    """A bar chart with exports, then a table with exports, for Guangzhou in March 2024."""
    import datetime as dt

    import pandas as pd
    import plotly.graph_objects as go

    from data_access.aggregate import Place
    from metrics import periods
    from ui.filters import Filters
    from ui.section_kit import chart_with_exports
    from ui.table_block import table_block

    filters = Filters(periods.month(2024, 3), Place("440100", "city"), "广州市", "zh")
    table = pd.DataFrame({"地区": ["荔湾区", "越秀区"], "时长": [1200, 800]})
    fig = go.Figure(go.Bar(x=table["地区"], y=table["时长"]))
    facts = {"data_as_of": dt.date(2024, 3, 28), "demo": True}
    chart_with_exports(fig, table, "hours", "志愿服务时长", "小时", filters, facts)
    table_block(table, key="hours_table", title="志愿服务时长", filters=filters)


@pytest.fixture
def blocks(sqlite_engine: Engine, request: pytest.FixtureRequest) -> AppTest:
    """The blocks drawn in a language (the downloads' log goes to the app's database)."""
    at = AppTest.from_function(_blocks_script, default_timeout=60)
    at.session_state["lang"] = getattr(request, "param", "zh")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_chart_and_table_with_every_export(blocks: AppTest) -> None:
    assert len(blocks.get("plotly_chart")) == 1
    labels = [b.label for b in blocks.download_button]
    chart_exports = ["export.png", "export.svg", "export.pdf", "export.csv", "export.xlsx"]
    assert labels == [t(k, "zh") for k in [*chart_exports, "export.csv", "export.xlsx"]]
    shown = blocks.dataframe[0].value
    assert shown["地区"].tolist() == ["荔湾区", "越秀区"]


@pytest.mark.parametrize("blocks", ["en"], indirect=True)
def test_english_export_labels(blocks: AppTest) -> None:
    assert [b.label for b in blocks.download_button][:2] == ["PNG image", "SVG vector"]


def test_files_are_named_by_title_and_period() -> None:
    filters = Filters(periods.month(2024, 3), Place("440100", "city"), "广州市", "en")
    assert file_stem("志愿服务时长（小时）按地区", filters) == "志愿服务时长_小时_按地区_2024年3月"
    # a title ending in a bracket gives one separator, not "小时__2024年3月"
    assert file_stem("志愿服务时长（小时）", filters) == "志愿服务时长_小时_2024年3月"
