"""The weekly review: latest complete week, empty weeks, and a summary that matches the KPIs."""

import datetime as dt
import json
import os
import subprocess
import sys

from sqlalchemy import Engine

from config import ROOT
from data_access.aggregate import Place
from data_access.regions import load_region_registry
from metrics import periods
from services.weekly import latest_complete_week, review_period

PROVINCE = Place("440000", "province")


def _names() -> dict[str, str]:
    """Place names by adcode."""
    r = load_region_registry("440000")
    return dict(zip(r["adcode"], r["name"], strict=True))


def test_latest_complete_week_at_year_boundaries() -> None:
    assert latest_complete_week(dt.date(2025, 12, 31)) == periods.iso_week(2025, 52)
    assert latest_complete_week(dt.date(2024, 12, 29)) == periods.iso_week(2024, 52)  # a Sunday
    assert latest_complete_week(dt.date(2021, 1, 3)) == periods.iso_week(2020, 53)


def test_a_week_with_no_data_gives_zeros_and_a_summary(sqlite_engine: Engine) -> None:
    r = review_period(sqlite_engine, periods.iso_week(2030, 1), PROVINCE, "广东省", _names(), "zh")
    flows = r.table[r.table["row"] != "suggestions_overdue"]  # the backlog is a stock, not a flow
    assert (flows["this"] == 0).all()
    assert "志愿服务时长0小时" in r.summary.text


def test_summary_numbers_equal_the_kpi_json(sqlite_engine: Engine) -> None:
    week = periods.iso_week(2024, 48)
    r = review_period(sqlite_engine, week, PROVINCE, "广东省", _names(), "zh")
    out = subprocess.run(
        [sys.executable, "cli.py", "kpis", "--week", "2024-W48"], cwd=ROOT,
        env=dict(os.environ), capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    kpis = json.loads(out.stdout)
    for key, value in r.summary.figures.items():
        assert kpis[key] == value, key
    assert (
        "1,782件" in r.summary.text and f"{kpis['suggestions_overdue_open']:,}件" in r.summary.text
    )


def test_week_milestones_skip_month_only_dates(sqlite_engine: Engine) -> None:
    r = review_period(sqlite_engine, periods.iso_week(2024, 48), PROVINCE, "广东省", _names(), "zh")
    assert r.milestones.empty  # "2024-12" is a month, not a day in week 48
    r = review_period(sqlite_engine, periods.iso_week(2024, 31), PROVINCE, "广东省", _names(), "zh")
    assert "省、市、县三级社会工作部门全部组建到位" in r.summary.text


def test_city_with_nothing_last_week_is_new(sqlite_engine: Engine) -> None:
    # The plaque campaign starts in March 2024: the first week has no previous removals.
    r = review_period(sqlite_engine, periods.iso_week(2024, 9), PROVINCE, "广东省", _names(), "zh")
    row = r.table.set_index("row").loc["plaques_removed"]
    assert row["last"] == 0 and row["this"] > 0
