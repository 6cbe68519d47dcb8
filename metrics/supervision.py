"""Progress against the time-proportional schedule (序时进度): expected to date, gap, status.

A flow target (volunteer hours, plaques removed) is due in proportion to the days elapsed:
expected_to_date = target × elapsed_days ÷ period_days, both counted inclusively, so on the
period's first day 1/366 of a 2024 target is due and on its last day all of it. A level target
(an on-time share, plaque kinds still hung) is compared with the target itself on every day.

Status: green on or ahead of schedule; yellow behind by less than the margin (a share of the
expected-to-date figure); red behind by the margin or more, or a milestone overdue; "none" when
the place reported nothing. "At least" targets are behind when the actual is below the
schedule, "at most" targets when it is above.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

AT_LEAST = "at_least"
AT_MOST = "at_most"
DIRECTIONS = (AT_LEAST, AT_MOST)
STATUSES = ("red", "yellow", "green", "none")


def elapsed_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Days elapsed in the period up to and including as_of over its days, within 0–1."""
    if end < start:
        raise ValueError("period ends before it starts")
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


def expected_to_date(target: float, share: float, proportional: bool = True) -> float:
    """The target due by now: a share of a flow target, the whole of a level target."""
    return target * share if proportional else target


def gap(actual: float, expected: float, direction: str) -> float:
    """Ahead (positive) or behind (negative) the schedule, in the indicator's unit."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    return actual - expected if direction == AT_LEAST else expected - actual


def status(
    actual: float | None,
    expected: float,
    direction: str,
    margin: float,
    milestone_overdue: bool = False,
) -> str:
    """Green, yellow, red or none (no data) for one target against its schedule."""
    if milestone_overdue:
        return "red"
    if actual is None or pd.isna(actual):
        return "none"
    behind = -gap(float(actual), expected, direction)
    if behind <= 0:
        return "green"
    if expected <= 0:  # nothing was due (or at most zero allowed) and the place is behind
        return "red"
    return "yellow" if behind / expected < margin else "red"


def progress(targets: pd.DataFrame, as_of: dt.date, margin: float) -> pd.DataFrame:
    """Each target with elapsed share, expected to date, gap, completion and status.

    Input columns: start, end, target, direction, proportional, actual (NaN: no data) and
    optionally milestone_overdue; any other columns are carried through. The input is not changed.
    """
    out = targets.copy()
    if "milestone_overdue" not in out.columns:
        out["milestone_overdue"] = False
    share = [elapsed_share(s, e, as_of) for s, e in zip(out["start"], out["end"], strict=True)]
    out["elapsed_share"] = share
    out["expected"] = [
        expected_to_date(float(t), sh, bool(p))
        for t, sh, p in zip(out["target"], share, out["proportional"], strict=True)
    ]
    out["gap"] = [
        None if pd.isna(a) else gap(float(a), x, d)
        for a, x, d in zip(out["actual"], out["expected"], out["direction"], strict=True)
    ]
    out["completion"] = [
        completion(None if pd.isna(a) else float(a), float(t), d)
        for a, t, d in zip(out["actual"], out["target"], out["direction"], strict=True)
    ]
    out["status"] = [
        status(None if pd.isna(a) else float(a), x, d, margin, bool(m))
        for a, x, d, m in zip(
            out["actual"], out["expected"], out["direction"], out["milestone_overdue"], strict=True
        )
    ]
    return out


def completion(actual: float | None, target: float, direction: str) -> float | None:
    """Actual ÷ target for an "at least" target; target ÷ actual for an "at most" one (100 %
    at the limit, less above it); None without data or when the divisor is zero."""
    if actual is None:
        return None
    if direction == AT_MOST:
        return None if actual == 0 else target / actual
    return None if target == 0 else actual / target


def status_counts(progressed: pd.DataFrame) -> dict[str, int]:
    """How many targets are red, yellow, green and without data."""
    counts = progressed["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def days_left(start: dt.date, limit_days: int, as_of: dt.date) -> int:
    """Days until a time limit counted from start runs out (negative: days past it)."""
    return limit_days - (as_of - start).days


def deadline_status(start: dt.date, limit_days: int, as_of: dt.date, warn_days: int) -> str | None:
    """Red once the limit has passed, yellow within warn_days of it, None before that."""
    left = days_left(start, limit_days, as_of)
    if left < 0:
        return "red"
    return "yellow" if left <= warn_days else None


def judging_points(start: dt.date, end: dt.date, as_of: dt.date) -> list[dt.date]:
    """The month ends of a period before the judging day, then the judging day itself (as_of,
    or the period's end once it is over); empty before the period begins."""
    day = min(as_of, end)
    if day < start:
        return []
    points = []
    month = dt.date(start.year, start.month, 1)
    while True:
        nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last >= day:
            break
        points.append(last)
        month = nxt
    return [*points, day]


def behind_since(points: list[dt.date], statuses: list[str]) -> dt.date | None:
    """The first point of the run of points, ending at the last, at which the status was red
    or yellow; None when the last point is not behind."""
    since = None
    for point, state in zip(reversed(points), reversed(statuses), strict=True):
        if state not in ("red", "yellow"):
            break
        since = point
    return since
