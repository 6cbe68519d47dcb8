"""Key-task milestones from the demo on SQLite and PostgreSQL: scope and states vs the facts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from data_access import key_tasks
from data_access.aggregate import Place
from data_access.models import KeyTaskMilestone, Region
from services.key_task_view import place_status, task_table, year_states

PROVINCE = Place("440000", "province")


def _all(engine: Engine) -> list:
    k, r = KeyTaskMilestone, Region
    stmt = select(k.task, k.adcode, k.milestone, k.due_on, k.done_on, r.city_adcode).join(
        r, r.adcode == k.adcode
    )
    with engine.connect() as conn:
        return conn.execute(stmt).all()


def test_milestones_are_scoped_like_every_query(engine: Engine) -> None:
    rows = _all(engine)
    everything = key_tasks.milestones.uncached(engine, PROVINCE)
    assert len(everything) == len(rows) > 100
    yangjiang = key_tasks.milestones.uncached(engine, Place("441700", "city"))
    assert set(yangjiang["adcode"]) == {"441700"}
    assert len(yangjiang) == sum(1 for r in rows if r.city_adcode == "441700")
    county = key_tasks.milestones.uncached(engine, Place("440104", "county"))
    assert county.empty


def test_states_equal_a_direct_count(engine: Engine) -> None:
    day = dt.date(2024, 12, 1)
    states = year_states(engine, 2024, day, PROVINCE, 3)
    rows = _all(engine)
    overdue = {
        (r.task, r.adcode, r.milestone)
        for r in rows
        if r.due_on < day and (r.done_on is None or r.done_on > day)
    }
    soon = {
        (r.task, r.adcode, r.milestone)
        for r in rows
        if day <= r.due_on <= day + dt.timedelta(days=3) and (r.done_on is None or r.done_on > day)
    }
    got = {s: set(zip(g["task"], g["adcode"], g["milestone"], strict=True))
           for s, g in states.groupby("state")}  # fmt: skip
    assert got["red"] == overdue and got["yellow"] == soon
    tasks = task_table(states, {})
    assert int(tasks["done"].sum()) == sum(
        1 for r in rows if r.done_on is not None and r.done_on <= day
    )
    red_cities = set(place_status(states, "city").query("status == 'red'")["adcode"])
    assert red_cities == {a for _, a, _ in overdue}
