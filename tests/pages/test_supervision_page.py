"""The 督办预警 page under AppTest: the rule stated, red places and alerts shown, scoped."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from data_access.meta import regions
from metrics import periods
from tests.pages.apptest import captions_shown, metrics_shown, run_app
from tests.pages.english_run import run_app_in_english

PAGE = "pages/supervision.py"


def _frames(at: AppTest) -> list:
    """The progress table and the alert list (the page has other tables too)."""
    frames = [d.value for d in at.dataframe]
    progress = next(f for f in frames if {"序时进度目标", "Due to date"} & set(f.columns))
    alerts = next(f for f in frames if {"预警类型", "Alert"} & set(f.columns))
    return [progress, alerts]


def test_the_page_shows_red_places_and_alerts(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    assert at.title[0].value == "督办预警"
    text = captions_shown(at)
    assert "序时进度 = 目标 × 已过天数 ÷ 期间天数" in text and "落后不足 10%" in text
    assert "受理时限 15 天" in text and "进度截至 2024-12-31" in text
    cards = metrics_shown(at)
    assert cards["红灯"] == "9 项" and cards["黄灯"] == "18 项"
    progress, alerts = _frames(at)[:2]
    red = progress[progress["状态"] == "● 红灯"]
    assert len(red) == 9 and red["地区"].str.endswith("市").all()
    assert (progress["期间"] == "2024").all()
    behind = alerts[alerts["预警类型"].isin(["落后序时进度", "超过上限"])]
    assert set(behind.loc[behind["状态"] == "● 红灯", "地区"]) == set(red["地区"])
    overdue = alerts[(alerts["预警类型"] == "建议受理时限") & (alerts["状态"] == "● 红灯")]
    assert len(overdue) > 0 and overdue["触发规则"].str.contains("超过 15 天时限").all()
    assert alerts["状态"].iloc[0] == "● 红灯"
    behind_rows = progress[progress["状态"].isin(["● 红灯", "● 黄灯"])]
    assert behind_rows["起始日期"].str.match(r"2024-\d\d-\d\d$").all()  # since when behind
    assert (progress.loc[progress["状态"] == "● 绿灯", "起始日期"] == "—").all()
    for place, indicator, since in behind_rows[["地区", "指标", "起始日期"]].values:
        rule = behind[(behind["地区"] == place) & behind["触发规则"].str.startswith(indicator)]
        assert list(rule["起始日期"]) == [since]  # the alert list's since when
    share_gaps = progress.loc[progress["指标"] == "建议按时办结率", "差距"]
    assert share_gaps.str.endswith("个百分点").all()
    hours = progress.loc[progress["指标"] == "志愿服务时长", "实际完成"]
    assert not hours.str.contains(r"\.").any()  # whole hours, thousands separated


def test_a_city_user_sees_only_their_city(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, user=User("gz", "viewer", city_adcode="440100"))
    progress, alerts = _frames(at)[:2]
    assert set(progress["地区"]) == {"广州市"}
    assert len(progress) == 3  # one target per indicator
    places = regions.uncached(sqlite_engine)
    guangzhou = set(places.loc[places["city_adcode"] == "440100", "name"])
    assert len(alerts) > 0 and set(alerts["地区"]) <= guangzhou


def test_a_year_without_targets_says_how_to_add_them(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, period_kind="year", period_year=periods.year(2023))  # 2025 has targets
    assert any("2023年尚无督办目标" in i.value for i in at.info)


def test_2025_shows_the_added_indicators_in_chinese(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, period_kind="year", period_year=periods.year(2025))
    progress, alerts = _frames(at)[:2]
    added = {"每万人志愿服务时长", "仍挂牌子种类数", "建议按时受理率", "已组建社会工作部门数"}
    assert added <= set(progress["指标"])
    kinds = progress[progress["指标"] == "仍挂牌子种类数"]
    assert set(kinds["方向"]) == {"不多于"} and set(kinds["目标值"]) == {"21"}
    assert set(kinds["状态"]) == {"● 红灯", "● 黄灯", "● 绿灯"}  # counties still over 21
    assert set(progress.loc[progress["指标"] == "已组建社会工作部门数", "状态"]) == {"● 绿灯"}
    accepted = progress.loc[progress["指标"] == "建议按时受理率", "实际完成"]
    assert accepted.str.endswith("%").all()
    behind = alerts[alerts["预警类型"].isin(["落后序时进度", "超过上限"])]
    assert behind["起始日期"].str.match(r"2025-\d\d-\d\d").all()  # since a month end or the day
    assert behind["触发规则"].str.contains("起始日期按月末判断").all()
    over = behind[behind["触发规则"].str.startswith("仍挂牌子种类数")]  # at most 21: over it
    assert len(over) and over["触发规则"].str.startswith("仍挂牌子种类数超过上限").all()
    assert (over["预警类型"] == "超过上限").all()
    assert "“不多于”的目标" in captions_shown(at)
    assert "起始日期按月末判断" in captions_shown(at)


def test_the_page_in_english(sqlite_engine: Engine) -> None:
    at = run_app_in_english(PAGE)
    assert at.title[0].value == "Supervision"
    assert "Time-proportional schedule = target × days elapsed" in captions_shown(at)
    progress, alerts = _frames(at)[:2]
    assert "● red" in set(progress["Status"]) and "Behind schedule" in set(alerts["Alert"])
