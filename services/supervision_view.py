"""The 督办预警 page's views: every target against its 序时进度, and the alert list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from config import Settings
from data_access import supervision
from data_access.aggregate import Place
from metrics import periods
from metrics.supervision import progress
from services import key_task_view
from services.reporting_view import alert_rows

PROGRESS_COLUMNS = [
    "adcode",
    "name",
    "level",
    "indicator",
    "period",
    "direction",
    "target",
    "elapsed_share",
    "expected",
    "actual",
    "gap",
    "completion",
    "status",
]
STATUS_ORDER = {"red": 0, "yellow": 1, "none": 2, "green": 3}


def progress_table(
    engine: Engine,
    year: int,
    as_of: dt.date,
    place: Place,
    settings: Settings,
    names: dict[str, str],
) -> pd.DataFrame:
    """The year's targets in a place with actual so far, expected to date, gap and status,
    the worst first."""
    tg = supervision.targets(engine, year, place)
    if tg.empty:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    limits = (settings.acceptance_limit_days, settings.conclusion_limit_days)
    frames = []
    for (indicator, code), group in tg.groupby(["indicator", "period"], sort=False):
        p = periods.from_code(code)  # type: ignore[arg-type]  # the period column holds codes
        group = group.assign(start=p.start, end=p.end)
        if as_of < p.start:  # not begun: nothing due and nothing to count yet
            frames.append(group.assign(actual=float("nan")))
            continue
        levels = tuple(sorted(set(group["level"])))
        actual = supervision.actual_by_place(
            engine,
            indicator,  # type: ignore[arg-type]  # the indicator column holds names
            p.start,
            min(as_of, p.end),
            levels,
            settings.province_adcode,
            limits,
        )
        frames.append(group.merge(actual, on="adcode", how="left"))
    df = pd.concat(frames, ignore_index=True)
    df["proportional"] = df["indicator"].isin(supervision.FLOW_INDICATORS)
    out = progress(df, as_of, settings.supervision_margin)
    out["name"] = out["adcode"].map(names).fillna(out["adcode"])
    out = out.assign(_rank=out["status"].map(STATUS_ORDER))
    out = out.sort_values(["_rank", "indicator", "adcode"], kind="stable")
    return out[PROGRESS_COLUMNS].reset_index(drop=True)


def alert_list(
    engine: Engine,
    as_of: dt.date,
    place: Place,
    settings: Settings,
    names: dict[str, str],
    progressed: pd.DataFrame,
) -> pd.DataFrame:
    """Every alert: place, kind, rule, status, figure and since when (red first).

    Suggestions near or past a time limit come from the facts; places behind schedule from
    the progress table (red and yellow rows); missing reports from services.reporting_view;
    key-task milestones overdue or due soon.
    """
    deadlines = supervision.deadline_alerts(
        engine,
        as_of,
        place,
        settings.acceptance_limit_days,
        settings.conclusion_limit_days,
        settings.deadline_warning_days,
    )
    rows = []
    r: Any  # a row of a frame: the stubs type every field as any scalar
    for r in deadlines.itertuples():
        oldest_start = as_of - dt.timedelta(days=int(r.oldest))
        due = oldest_start + dt.timedelta(days=int(r.limit_days))
        rows.append(
            {
                "adcode": r.adcode,
                "kind": f"suggestion_{r.rule}",
                "status": r.status,
                "items": int(r.items),
                "indicator": None,
                "gap": None,
                "days": int(r.limit_days) - int(r.oldest),  # days left (negative: past)
                # red: overdue since the day after the oldest item's limit; yellow: due on
                "since": due + dt.timedelta(days=1) if r.status == "red" else due,
            }
        )
    behind = progressed[progressed["status"].isin(["red", "yellow"])]
    for r in behind.itertuples():
        rows.append(
            {
                "adcode": r.adcode,
                "kind": "behind_schedule",
                "status": r.status,
                "items": None,
                "indicator": r.indicator,
                "gap": float(r.gap),
                "days": None,
                "since": None,
            }
        )
    rows += alert_rows(engine, as_of, place)
    states = key_task_view.year_states(
        engine, as_of.year, as_of, place, settings.deadline_warning_days
    )
    rows.extend(key_task_view.alert_rows(states))  # key-task milestones overdue or due soon
    columns = ["adcode", "name", "kind", "status", "items", "indicator", "gap", "days", "since"]
    columns += ["dataset", "period", "due", "never", "task", "milestone"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows)
    out["name"] = out["adcode"].map(names).fillna(out["adcode"])
    out = out.assign(_rank=out["status"].map(STATUS_ORDER))
    out = out.sort_values(["_rank", "kind", "adcode"], kind="stable")
    return out.reindex(columns=columns).reset_index(drop=True)
