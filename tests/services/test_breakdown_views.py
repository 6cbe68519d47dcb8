"""Suggestion channels, volunteer fields and association levels: one view for page and briefing."""

from typing import Literal

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from metrics import periods
from services import association_view, suggestion_view, volunteer_view
from services.breakdown_views import BreakdownView, top_numbers

PROVINCE = Place("440000", "province")
YEAR = periods.year(2024)
Audience = Literal["page", "briefing"]


def _view(engine: Engine, which: str, lang: str, audience: Audience) -> BreakdownView:
    """The page's or the briefing's view of one breakdown of 2024 in the province."""
    if which == "channel":
        return suggestion_view.breakdown(engine, YEAR, PROVINCE, "channel", lang, audience)
    if which == "field":
        return volunteer_view.fields(engine, YEAR, PROVINCE, lang, audience)
    return association_view.breakdown(engine, YEAR, PROVINCE, "level", lang, audience)


def _both(engine: Engine, which: str, lang: str) -> tuple[BreakdownView, BreakdownView]:
    """The page's and the briefing's view of one breakdown."""
    return _view(engine, which, lang, "page"), _view(engine, which, lang, "briefing")


@pytest.mark.parametrize("which", ["channel", "field", "level"])
def test_page_and_briefing_draw_the_same_frame(sqlite_engine: Engine, which: str) -> None:
    page, briefing = _both(sqlite_engine, which, "zh")
    pd.testing.assert_frame_equal(page.table, briefing.table)
    assert page.value_col == briefing.value_col and page.unit == briefing.unit
    assert list(page.figure.data[0].y) == list(briefing.figure.data[0].y)  # same bar order
    assert page.title != briefing.title
    assert page.title == page.figure.layout.title.text


def test_the_briefing_quotes_the_three_largest(sqlite_engine: Engine) -> None:
    _, channels = _both(sqlite_engine, "channel", "zh")
    assert channels.title == "人民建议收件渠道"
    assert top_numbers(channels, "zh")[0] == "信访渠道 38,389"
    _, levels = _both(sqlite_engine, "level", "en")
    assert top_numbers(levels, "en")[-1] == "Provincial 1,100"
