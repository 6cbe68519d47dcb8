"""The 报送情况 grid on 督办预警 through app.py: shown, worded, and scoped to a city's counties."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from data_access.meta import regions
from tests.pages.apptest import captions_shown, run_app
from tests.pages.english_run import run_app_in_english

PAGE = "pages/supervision.py"


def _grids(at: AppTest) -> list:
    """The reporting grids (one per dataset tab): the tables with each place's data date."""
    return [
        d.value
        for d in at.dataframe
        if any("数据截至" in str(c) or "data as of" in str(c) for c in d.value.columns)
    ]


def _alerts(at: AppTest):  # type: ignore[no-untyped-def]  # a DataFrame, as AppTest gives it
    """The alert list: the table with the alert type column."""
    return next(d.value for d in at.dataframe if {"预警类型", "Alert"} & set(d.value.columns))


def test_the_grid_shows_cities_with_missing_and_late_reports(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    assert any(s.value == "报送情况" for s in at.subheader)
    assert "首次写入该期数据的导入晚于截止日为“迟报”" in captions_shown(at)
    assert [tab.label for tab in at.tabs] == [
        "摘牌数（周报）",
        "志愿服务（月报）",
        "人民建议（月报）",
    ]
    plaques, volunteer, suggestions = _grids(at)
    assert len(plaques) == 21  # one row per city
    assert list(plaques.columns)[1:5] == [
        "第52周 12/23—12/29",
        "第51周 12/16—12/22",
        "第50周 12/9—12/15",
        "第49周 12/2—12/8",
    ]
    cells = plaques.iloc[:, 1:5].to_numpy().ravel().tolist()
    assert any("✗ 缺报" in c for c in cells) and any("△ 迟报" in c for c in cells)
    assert any("… 未到期" in c for c in cells)  # week 52 is due on the judging day
    assert sum(c.startswith("✓ 全部按时") for c in cells) > 60  # most places on time
    assert "✗ 缺报" in plaques.iloc[0, 2]  # the worst city first
    assert volunteer["2024年11月"].str.contains("缺报").sum() == 3
    assert suggestions.iloc[:, 1:4].apply(lambda c: c.str.startswith("✓")).all().all()
    text = "\n".join(m.value for m in at.markdown)
    assert "摘牌数（周报）最近截止的一期（第51周 12/16—12/22）：按时 120，迟报 0，缺报 4。" in text


def test_a_city_user_sees_only_their_counties(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, user=User("gz", "viewer", city_adcode="440100"))
    places = regions.uncached(sqlite_engine)
    guangzhou = places[(places["city_adcode"] == "440100") & (places["level"] == "county")]
    plaques = _grids(at)[0]
    assert set(plaques["地区"]) == set(guangzhou["name"])  # the city's 11 districts, no other
    missing = plaques[plaques["第51周 12/16—12/22"] == "✗ 缺报"]
    assert len(missing) >= 1
    assert (missing["数据截至"] < "2024-12-16").all()  # its own data date, before the week
    alerts = _alerts(at)
    mine = alerts[alerts["预警类型"] == "未按时报送"]
    assert set(mine["地区"]) <= set(guangzhou["name"]) and len(mine) >= 1
    assert mine["触发规则"].str.contains("摘牌数（周报）应每周报送").any()


def test_the_grid_in_english(sqlite_engine: Engine) -> None:
    at = run_app_in_english(PAGE)
    assert any(s.value == "Reporting completeness" for s in at.subheader)
    plaques = _grids(at)[0]
    assert "Place" in plaques.columns and "Oldest data as of" in plaques.columns
    assert "W51 16/12–22/12" in plaques.columns
    alerts = _alerts(at)
    assert "Report missing" in set(alerts["Alert"])
