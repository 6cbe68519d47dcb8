"""Key tasks on 督办预警 under AppTest (through app.py): table, alerts, scope, a week's view."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from data_access.accounts import User
from metrics import periods
from tests.pages.apptest import run_app
from tests.pages.english_run import run_app_in_english

PAGE = "pages/supervision.py"


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with that column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _overdue_direct(engine: Engine, as_of: dt.date, city: str | None = None) -> set[tuple]:
    """(place name, task, milestone) of every milestone not done by the day and due before it,
    straight from the table (2024's tasks)."""
    sql = (
        "SELECT r.name, k.task, k.milestone, k.due_on, k.done_on, r.city_adcode "
        "FROM key_task_milestone k JOIN region r ON r.adcode = k.adcode"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    out = set()
    for name, task, milestone, due, done, city_of in rows:
        due = dt.date.fromisoformat(str(due))
        done = dt.date.fromisoformat(str(done)) if done else None
        if city and city_of != city:
            continue
        if due < as_of and (done is None or done > as_of):
            out.add((name, task, milestone))
    return out


def test_key_tasks_shown_with_progress_and_their_overdue_milestones(sqlite_engine: Engine) -> None:
    at = run_app(PAGE)
    tasks = _frame(at, "任务名称")
    assert len(tasks) == 5
    assert tasks["状态"].tolist()[:3] == ["● 红灯", "● 红灯", "● 黄灯"]  # worst first
    plaques = tasks.set_index("任务名称").loc["村（社区）挂牌清理整治"]
    assert plaques["节点完成"] == "29/32" and plaques["逾期/临期"] == "1 / 2"
    assert plaques["关键日期"] == "逾期自 2024-09-30" and plaques["牵头处室"] == "基层治理处"
    assert plaques["涉及地区"].endswith("等 8 地")
    assert tasks.set_index("任务名称").loc["新就业群体“暖新”行动", "关键日期"] == "全部完成"
    markdown = " ".join(m.value for m in at.markdown)
    assert "5 项重点任务：红灯 2 项、黄灯 1 项、绿灯 2 项；逾期未完成节点 2 个" in markdown
    alerts = _frame(at, "预警类型")
    milestones = alerts[alerts["预警类型"] == "重点任务节点"]
    red = milestones[milestones["状态"] == "● 红灯"]
    rule = re.compile(r"^(.+)逾期未完成（(.+)，计划 \d{4}-\d\d-\d\d）$")
    parts = [rule.match(text) for text in red["触发规则"]]
    assert all(parts)
    shown = {
        (place, m.group(2), m.group(1))  # type: ignore[union-attr]  # all(parts) matched
        for place, m in zip(red["地区"], parts, strict=True)
    }
    assert shown == _overdue_direct(sqlite_engine, dt.date(2024, 12, 31))
    assert red["触发规则"].str.contains("逾期未完成").all()
    assert set(red["起始日期"]) == {"2024-09-30", "2024-12-03"}  # since the due date
    assert set(milestones.loc[milestones["状态"] == "● 黄灯", "数值"]) == {"剩 0 天"}


def test_a_week_judges_milestones_at_its_end(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, period_kind="week", period_week=periods.iso_week(2024, 48))
    tasks = _frame(at, "任务名称").set_index("任务名称")
    assert tasks.loc["村（社区）挂牌清理整治", "状态"] == "● 红灯"
    assert tasks.loc["人民建议征集工作机制建设", "状态"] == "● 黄灯"  # due 3 December
    assert tasks.loc["新就业群体“暖新”行动", "状态"] == "● 黄灯"  # due 2 December
    alerts = _frame(at, "预警类型")
    soon = alerts[(alerts["预警类型"] == "重点任务节点") & (alerts["状态"] == "● 黄灯")]
    assert set(soon["数值"]) <= {"剩 1 天", "剩 2 天", "剩 3 天"} and len(soon) >= 2


def test_a_city_user_sees_their_own_key_tasks(sqlite_engine: Engine) -> None:
    at = run_app(PAGE, user=User("yj", "viewer", city_adcode="441700"))  # 阳江市
    tasks = _frame(at, "任务名称")
    assert set(tasks["涉及地区"]) == {"阳江市"}
    assert "● 红灯" in set(tasks["状态"])
    alerts = _frame(at, "预警类型")
    milestones = alerts[alerts["预警类型"] == "重点任务节点"]
    assert set(milestones["地区"]) == {"阳江市"}
    red = milestones[milestones["状态"] == "● 红灯"]
    assert len(red) == len(_overdue_direct(sqlite_engine, dt.date(2024, 12, 31), "441700"))


def test_the_status_map_and_key_tasks_in_english(sqlite_engine: Engine) -> None:
    at = run_app_in_english(PAGE)
    tasks = _frame(at, "Task")
    assert "● red" in set(tasks["Status"]) and "29/32" in set(tasks["Milestones done"])
    assert any(s.label == "Colour by" for s in at.selectbox)
    alerts = _frame(at, "Alert")
    assert "Key-task milestone" in set(alerts["Alert"])


def test_the_status_map_of_an_at_most_target_speaks_of_the_limit(sqlite_engine: Engine) -> None:
    at = run_app(
        PAGE, period_kind="year", period_year=periods.year(2025), svm_indicator="plaque_kinds_hung"
    )
    captions = " ".join(c.value for c in at.caption)
    assert "“不多于”的目标：红灯为超过上限" in captions
    assert "落后序时进度 10% 及以上或有节点逾期" not in captions  # the wording of other targets
