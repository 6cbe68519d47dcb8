"""`cli.py alerts` with key tasks: milestone alerts and the task list, scoped by --place."""

import datetime as dt
import json
import os
import subprocess
import sys

from sqlalchemy import Engine, text

from config import ROOT


def _cli(*args: str) -> dict:
    """Run cli.py alerts … --format json and read its output."""
    out = subprocess.run(
        [sys.executable, "cli.py", "alerts", *args, "--format", "json"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _overdue(engine: Engine, day: dt.date, city: str | None = None) -> int:
    """Milestones not done by the day and due before it, counted straight from the table."""
    sql = (
        "SELECT k.due_on, k.done_on, r.city_adcode FROM key_task_milestone k "
        "JOIN region r ON r.adcode = k.adcode"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    n = 0
    for due, done, city_of in rows:
        due = dt.date.fromisoformat(str(due))
        done = dt.date.fromisoformat(str(done)) if done else None
        if (city is None or city_of == city) and due < day and (done is None or done > day):
            n += 1
    return n


def test_milestone_alerts_and_tasks_in_the_json(sqlite_engine: Engine) -> None:
    data = _cli("--year", "2024")
    milestones = [a for a in data["alerts"] if a["预警类型"] == "重点任务节点"]
    red = [a for a in milestones if a["状态"] == "● 红灯"]
    assert len(red) == _overdue(sqlite_engine, dt.date(2024, 12, 31)) == 2
    assert all("逾期未完成" in a["触发规则"] and a["数值"].startswith("逾期") for a in red)
    tasks = {t["任务名称"]: t for t in data["key_tasks"]}
    assert len(tasks) == 5
    assert tasks["村（社区）挂牌清理整治"]["节点完成"] == "29/32"
    assert tasks["村（社区）挂牌清理整治"]["状态代码"] == "red"
    assert tasks["村（社区）挂牌清理整治"]["关键日期"] == "2024-09-30"


def test_place_scopes_the_key_tasks_in_english(sqlite_engine: Engine) -> None:
    data = _cli("--week", "2024-W48", "--place", "441700", "--lang", "en")
    milestones = [a for a in data["alerts"] if a["Alert"] == "Key-task milestone"]
    assert {a["Place"] for a in milestones} == {"阳江市"}
    red = [a for a in milestones if a["Status"] == "● red"]
    assert len(red) == _overdue(sqlite_engine, dt.date(2024, 12, 1), "441700") == 1
    assert all(t["Places"] == "阳江市" for t in data["key_tasks"])
