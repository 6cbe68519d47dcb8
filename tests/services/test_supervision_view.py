"""The 督办预警 views on the demo: a green/yellow/red mix and alerts from the facts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from config import get_settings
from data_access.aggregate import Place
from data_access.demo_data import TARGET_MIX
from data_access.meta import regions
from services.key_task_view import ALERT_KIND
from services.supervision_view import alert_counts, alert_list, behind_rule, progress_table

PROVINCE = Place("440000", "province")
END_2024 = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def names(sqlite_engine: Engine) -> dict[str, str]:
    """Place names by adcode."""
    places = regions.uncached(sqlite_engine)
    return dict(zip(places["adcode"], places["name"], strict=True))


def test_demo_targets_end_2024_in_the_planned_mix(sqlite_engine: Engine, names: dict) -> None:
    table = progress_table(sqlite_engine, 2024, END_2024, PROVINCE, get_settings(), names)
    cities = table[table["level"] == "city"]
    planned = {status: count for status, count, _, _ in TARGET_MIX}
    for indicator, rows in cities.groupby("indicator"):
        assert rows["status"].value_counts().to_dict() == planned, indicator
    province = table[table["level"] == "province"]
    assert set(province["status"]) == {"green"}  # the published totals meet the province plan
    assert table["status"].iloc[0] == "red"  # the worst first
    assert (table.loc[table["status"] == "green", "gap"] >= 0).all()


def test_mid_year_is_judged_against_half_the_year(sqlite_engine: Engine, names: dict) -> None:
    table = progress_table(
        sqlite_engine, 2024, dt.date(2024, 7, 1), PROVINCE, get_settings(), names
    )
    hours = table[(table["indicator"] == "volunteer_hours")].iloc[0]
    assert hours["elapsed_share"] == pytest.approx(183 / 366)
    assert hours["expected"] == pytest.approx(hours["target"] * 183 / 366)


def test_alerts_name_the_red_places_and_the_overdue_suggestions(
    sqlite_engine: Engine, names: dict
) -> None:
    settings = get_settings()
    table = progress_table(sqlite_engine, 2024, END_2024, PROVINCE, settings, names)
    alerts = alert_list(sqlite_engine, END_2024, PROVINCE, settings, names, table)
    behind = alerts[alerts["kind"] == "behind_schedule"]
    red_places = set(table.loc[table["status"] == "red", "name"])
    assert set(behind.loc[behind["status"] == "red", "name"]) == red_places
    overdue = alerts[(alerts["kind"] == "suggestion_acceptance") & (alerts["status"] == "red")]
    assert overdue["items"].sum() > 0
    assert (overdue["days"] < 0).all() and (overdue["since"] <= END_2024).all()
    assert alerts["status"].iloc[0] == "red"


def test_the_rule_of_an_at_most_target_is_over_the_limit() -> None:
    s = get_settings()
    kinds = {"indicator": "plaque_kinds_hung", "direction": "at_most", "status": "red"}
    hours = {"indicator": "volunteer_hours", "direction": "at_least", "status": "yellow"}
    assert behind_rule(kinds, "zh", s) == "仍挂牌子种类数超过上限 10% 及以上（起始日期按月末判断）"
    assert behind_rule(kinds, "en", s, note=False) == (
        "Plaque kinds still hung over the limit by 10% or more"
    )
    assert behind_rule(hours, "zh", s, note=False) == "志愿服务时长落后序时进度不足 10%"


def test_alert_rows_carry_the_direction(sqlite_engine: Engine, names: dict) -> None:
    day = dt.date(2025, 12, 31)
    table = progress_table(sqlite_engine, 2025, day, PROVINCE, get_settings(), names)
    alerts = alert_list(sqlite_engine, day, PROVINCE, get_settings(), names, table)
    behind = alerts[alerts["kind"] == "behind_schedule"]
    kinds = behind[behind["indicator"] == "plaque_kinds_hung"]
    assert len(kinds) and set(kinds["direction"]) == {"at_most"}
    assert set(behind.loc[behind["indicator"] != "plaque_kinds_hung", "direction"]) == {"at_least"}


@pytest.mark.parametrize("as_of", [dt.date(2024, 11, 30), END_2024])
def test_the_overview_counts_are_the_alert_lists(
    sqlite_engine: Engine, names: dict, as_of: dt.date
) -> None:
    settings = get_settings()
    for place in (PROVINCE, Place("440100", "city")):
        table = progress_table(sqlite_engine, 2024, as_of, place, settings, names)
        alerts = alert_list(sqlite_engine, as_of, place, settings, names, table)
        deadline = alerts[alerts["kind"].str.startswith("suggestion_")]
        milestones = alerts[alerts["kind"] == ALERT_KIND]["status"]
        counts = alert_counts(sqlite_engine, as_of, place, settings)
        assert counts == {
            "overdue": int(deadline.loc[deadline["status"] == "red", "items"].sum()),
            "due": int(deadline.loc[deadline["status"] == "yellow", "items"].sum()),
            "kt_red": int((milestones == "red").sum()),
            "kt_due": int((milestones == "yellow").sum()),
        }
    assert counts["overdue"] + counts["kt_red"] > 0  # the demo has some of each kind to count
