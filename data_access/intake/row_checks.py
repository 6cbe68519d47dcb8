"""Checks over whole rows (values after merging with the stored row), shared by the datasets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import shapely

from data_access.demo_observation_points import county_shape
from data_access.intake.columns import Reason, RowCheck

POINT_TOLERANCE_DEGREES = 0.01  # ~1 km: a point this close to its county's border is accepted


def _present(*values: object) -> bool:
    """True when no value is missing."""
    return not any(v is None or (isinstance(v, float) and pd.isna(v)) for v in values)


def not_more(now: str, before: str, zh: str, en: str) -> RowCheck:
    """A check: the count now must not exceed the count before the clean-up."""

    def check(frame: pd.DataFrame) -> list[Reason | None]:
        out: list[Reason | None] = []
        for a, b in zip(frame[now], frame[before], strict=True):
            if _present(a, b) and a > b:
                out.append(
                    (f"{zh}：现有数（{a}）大于清理前（{b}）", f"{en}: now ({a}) > before ({b})")
                )
            else:
                out.append(None)
        return out

    return check


def on_friday(column: str) -> RowCheck:
    """A check: weekly reports are dated on the Friday of their week."""

    def check(frame: pd.DataFrame) -> list[Reason | None]:
        out: list[Reason | None] = []
        for day in frame[column]:
            if isinstance(day, dt.date) and day.weekday() != 4:
                out.append(
                    (
                        f"填报日期 {day.isoformat()} 不是星期五（每周五填报本周数）",
                        f"report date {day.isoformat()} is not a Friday (weekly, on Fridays)",
                    )
                )
            else:
                out.append(None)
        return out

    return check


def year_not_after_today(column: str) -> RowCheck:
    """A check: a year of figures cannot lie after the current year."""

    def check(frame: pd.DataFrame) -> list[Reason | None]:
        this_year = dt.date.today().year
        return [
            (f"年度 {y} 晚于今年", f"year {y} is after this year")
            if _present(y) and int(y) > this_year
            else None
            for y in frame[column]
        ]

    return check


def inside_county(frame: pd.DataFrame) -> list[Reason | None]:
    """An observation point must lie inside (or within ~1 km of) its county's boundary."""
    out: list[Reason | None] = []
    for lon, lat, adcode in zip(frame["lon"], frame["lat"], frame["adcode"], strict=True):
        if not _present(lon, lat, adcode):
            out.append(None)
            continue
        try:
            shape = county_shape(adcode)
        except (OSError, ValueError):
            out.append(None)
            continue
        if shape.buffer(POINT_TOLERANCE_DEGREES).contains(shapely.Point(lon, lat)):
            out.append(None)
        else:
            out.append(
                (
                    f"坐标（{lon}, {lat}）不在所填区县 {adcode} 境内",
                    f"point ({lon}, {lat}) lies outside county {adcode}",
                )
            )
    return out
