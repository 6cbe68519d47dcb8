"""The overview's trend charts, one service for the page and the briefing pack."""

import datetime as dt

from sqlalchemy import Engine

from data_access.aggregate import Place
from metrics import periods
from services.trend_views import briefing_window, page_window, trend_views

PROVINCE = Place("440000", "province")


def test_the_year_page_trends_add_up_to_the_published_plaques(sqlite_engine: Engine) -> None:
    views = trend_views(sqlite_engine, page_window(periods.year(2024)), PROVINCE, "zh")
    assert [v.key for v in views] == ["trend_volunteer", "trend_suggestions", "trend_plaques"]
    plaques = views[2].table
    assert plaques["摘除牌子数"].sum() == 412_358
    assert views[1].table["收件数"].sum() == 38_389 + 41_726
    assert views[0].title == "志愿服务时长走势"


def test_a_briefing_week_shows_thirteen_weeks_against_a_year_earlier() -> None:
    w = briefing_window(periods.iso_week(2024, 48))
    assert w.bucket == "week" and w.end == dt.date(2024, 12, 1)
    assert (w.end - w.start).days + 1 == 13 * 7
    assert w.start - w.last_start == dt.timedelta(weeks=52)


def test_the_briefing_uses_its_own_titles_in_english(sqlite_engine: Engine) -> None:
    w = briefing_window(periods.month(2024, 11))
    views = trend_views(sqlite_engine, w, PROVINCE, "en", titles="briefing")
    assert w.start == dt.date(2023, 12, 1) and w.bucket == "month"
    assert all(v.title and v.title == v.figure.layout.title.text for v in views)
    assert "Period" in views[1].table.columns
