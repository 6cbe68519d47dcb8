"""The overview's 预警 line counts key-task milestones overdue and due soon."""

import datetime as dt

from sqlalchemy import Engine

from config import get_settings
from data_access.aggregate import Place
from services.key_task_view import year_states
from tests.pages.apptest import run_app


def test_the_alert_line_counts_key_task_milestones(sqlite_engine: Engine) -> None:
    at = run_app()
    line = next(m.value for m in at.markdown if "预警：" in m.value)
    warn = get_settings().deadline_warning_days
    states = year_states(
        sqlite_engine, 2024, dt.date(2024, 12, 31), Place("440000", "province"), warn
    )
    red = int((states["state"] == "red").sum())
    due = int((states["state"] == "yellow").sum())
    assert red > 0
    assert f"重点任务节点逾期 {red} 个、{warn} 天内到期 {due} 个" in line
    assert "9 项目标红灯、18 项黄灯（截至 2024-12-31）" in line  # the targets as before
