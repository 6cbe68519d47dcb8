"""Key-task milestones on hand-made cases: due soon, overdue, done late, done after the day."""

import datetime as dt

import pandas as pd

from metrics.key_tasks import (
    COLUMNS,
    milestone_state,
    milestone_states,
    rolled_status,
    summary,
    tasks_of_year,
)

D = dt.date
AS_OF = D(2024, 12, 1)


def test_overdue_due_soon_open_and_done() -> None:
    assert milestone_state(D(2024, 11, 30), None, AS_OF, 3) == "red"  # one day past
    assert milestone_state(D(2024, 12, 1), None, AS_OF, 3) == "yellow"  # due today
    assert milestone_state(D(2024, 12, 4), None, AS_OF, 3) == "yellow"  # the 3rd day ahead
    assert milestone_state(D(2024, 12, 5), None, AS_OF, 3) == "open"
    assert milestone_state(D(2024, 12, 5), None, AS_OF, 0) == "open"
    assert milestone_state(D(2024, 12, 1), None, AS_OF, 0) == "yellow"


def test_done_late_is_done_and_done_after_the_day_is_not_yet() -> None:
    assert milestone_state(D(2024, 6, 30), D(2024, 7, 15), AS_OF, 3) == "done"  # late but done
    assert milestone_state(D(2024, 6, 30), D(2024, 12, 1), AS_OF, 3) == "done"  # done that day
    assert milestone_state(D(2024, 6, 30), D(2024, 12, 2), AS_OF, 3) == "red"  # not by then
    assert milestone_state(D(2024, 12, 3), D(2024, 12, 2), AS_OF, 3) == "yellow"


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


MILESTONES = _frame(
    [
        ("牌子清理", "440100", "摸底", "基层治理处", D(2024, 3, 31), D(2024, 3, 20)),
        ("牌子清理", "440100", "摘牌", "基层治理处", D(2024, 9, 30), None),
        ("牌子清理", "440300", "摸底", "基层治理处", D(2024, 3, 31), D(2024, 4, 2)),
        ("牌子清理", "440300", "摘牌", "基层治理处", D(2024, 9, 30), D(2024, 9, 1)),
        ("志愿服务", "440300", "平台", "志愿服务处", D(2024, 12, 3), None),
        ("志愿服务", "440400", "平台", "志愿服务处", D(2024, 12, 31), None),
        ("人民建议", "440400", "办法", "征集处", D(2024, 4, 30), D(2024, 4, 1)),
    ]
)


def test_task_red_if_any_milestone_overdue_with_progress_and_since() -> None:
    states = milestone_states(MILESTONES, AS_OF, 3)
    assert states["state"].tolist() == ["done", "red", "done", "done", "yellow", "open", "done"]
    assert states["days_left"].tolist()[:2] == [-245, -62]
    tasks = summary(states, "task").set_index("task")
    assert tasks.loc["牌子清理", ["milestones", "done", "red", "status"]].tolist() == [
        4,
        3,
        1,
        "red",
    ]
    assert tasks.loc["牌子清理", "since"] == D(2024, 9, 30)  # the overdue milestone's due date
    assert tasks.loc["牌子清理", "places"] == ["440100", "440300"]
    assert tasks.loc["志愿服务", "status"] == "yellow"
    assert tasks.loc["志愿服务", "next_due"] == D(2024, 12, 3)
    assert tasks.loc["人民建议", "status"] == "green"
    assert tasks.loc["人民建议", "next_due"] is None
    places = summary(states, "adcode").set_index("adcode")["status"].to_dict()
    assert places == {"440100": "red", "440300": "yellow", "440400": "green"}
    assert MILESTONES.columns.tolist() == COLUMNS  # the input is not changed


def test_no_milestones_is_none() -> None:
    assert rolled_status(pd.Series([], dtype=object)) == "none"
    assert summary(milestone_states(_frame([]), AS_OF, 3), "task").empty


def test_tasks_of_a_year_include_carried_over_ones_whole() -> None:
    frame = _frame(
        [
            ("旧任务", "440100", "a", "x", D(2023, 6, 30), D(2023, 6, 1)),  # done in 2023
            ("结转", "440100", "a", "x", D(2023, 6, 30), D(2023, 6, 1)),
            ("结转", "440100", "b", "x", D(2023, 12, 31), None),  # open at 2024's start
            ("跨年", "440100", "a", "x", D(2024, 12, 31), D(2024, 12, 20)),
            ("跨年", "440100", "b", "x", D(2025, 3, 31), None),
            ("明年", "440100", "a", "x", D(2025, 3, 31), None),
        ]
    )
    kept = tasks_of_year(frame, 2024)
    assert sorted(set(kept["task"])) == ["结转", "跨年"]
    assert len(kept) == 4  # each task with all its milestones
