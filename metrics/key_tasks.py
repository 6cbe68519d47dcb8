"""Key tasks (重点任务): each milestone done, due soon (yellow) or overdue (red), and roll-ups.

A milestone is done on a day when its done date is on or before that day. One not done is red
once its due date has passed ("since" the due date), yellow from warn_days before it up to and
including the due date itself, otherwise open. A task (or a place) is red when any of its
milestones is red, yellow when any is yellow, otherwise green; "none" when it has no milestones.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

MILESTONE_STATES = ("red", "yellow", "open", "done")
COLUMNS = ["task", "adcode", "milestone", "lead_office", "due_on", "done_on"]


def _is_day(value: object) -> bool:
    """True for a date (not None, NaN or NaT)."""
    return isinstance(value, dt.date) and not pd.isna(value)


def milestone_state(
    due_on: dt.date, done_on: dt.date | None, as_of: dt.date, warn_days: int
) -> str:
    """Done, red (overdue), yellow (due within warn_days) or open, judged on as_of."""
    if done_on is not None and _is_day(done_on) and done_on <= as_of:
        return "done"
    left = (due_on - as_of).days
    if left < 0:
        return "red"
    return "yellow" if left <= warn_days else "open"


def milestone_states(milestones: pd.DataFrame, as_of: dt.date, warn_days: int) -> pd.DataFrame:
    """Each milestone with its state and days_left (negative: days overdue); input unchanged."""
    out = milestones.copy()
    out["state"] = [
        milestone_state(due, done if _is_day(done) else None, as_of, warn_days)
        for due, done in zip(out["due_on"], out["done_on"], strict=True)
    ]
    out["days_left"] = [(due - as_of).days for due in out["due_on"]]
    return out


def rolled_status(states: pd.Series) -> str:
    """Red if any milestone is red, yellow if any is yellow, green otherwise; none if empty."""
    if states.empty:
        return "none"
    if (states == "red").any():
        return "red"
    return "yellow" if (states == "yellow").any() else "green"


def summary(states: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per task (by="task") or per place (by="adcode"): milestones, done, red, yellow, status,
    since (earliest due date of a red milestone), next_due (earliest not done), places, tasks."""
    columns = [by, "milestones", "done", "red", "yellow", "status", "since", "next_due"]
    rows = []
    for key, group in states.groupby(by, sort=True):
        state = group["state"]
        open_ = group[state != "done"]
        red = group[state == "red"]
        rows.append(
            {
                by: key,
                "lead_office": group["lead_office"].iloc[0],
                "places": sorted(set(group["adcode"])),
                "tasks": sorted(set(group["task"])),
                "milestones": len(group),
                "done": int((state == "done").sum()),
                "red": int((state == "red").sum()),
                "yellow": int((state == "yellow").sum()),
                "status": rolled_status(state),
                "since": red["due_on"].min() if len(red) else None,
                "next_due": open_["due_on"].min() if len(open_) else None,
            }
        )
    extra = ["lead_office", "places", "tasks"]
    return pd.DataFrame(rows, columns=[*columns, *extra])


def tasks_of_year(milestones: pd.DataFrame, year: int) -> pd.DataFrame:
    """All milestones of the tasks that belong to a year: a milestone due in it, or one due
    before it and not done before it began (carried over)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    due = milestones["due_on"]
    done = milestones["done_on"]
    in_year = [start <= d <= end for d in due]
    carried = [d < start and not (_is_day(x) and x < start) for d, x in zip(due, done, strict=True)]
    keep = {t for t, a, b in zip(milestones["task"], in_year, carried, strict=True) if a or b}
    return milestones[milestones["task"].isin(keep)].reset_index(drop=True)
