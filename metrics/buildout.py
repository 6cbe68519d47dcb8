"""Buildout figures: departments formed over time, days since founding, staffing rates."""

from __future__ import annotations

import datetime as dt

import pandas as pd

LEVELS = ("province", "city", "county")


def cumulative_formation(by_day: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Departments formed by each day from start to end, per level, with each level's total.

    `by_day` has columns level, established_on (None when not formed) and departments.
    Returns columns day, level, formed, total (long format, levels in LEVELS order).
    """
    days = pd.date_range(start, end, freq="D").date
    frames = []
    for level in LEVELS:
        rows = by_day[by_day["level"] == level]
        if rows.empty:
            continue
        total = int(rows["departments"].sum())
        dated = rows[rows["established_on"].notna()]
        per_day = dated.groupby("established_on")["departments"].sum()
        before = int(per_day[per_day.index < start].sum()) if len(per_day) else 0
        daily = per_day.reindex(days, fill_value=0).cumsum() + before
        frames.append(
            pd.DataFrame({"day": days, "level": level, "formed": daily.to_numpy(), "total": total})
        )
    if not frames:
        return pd.DataFrame(columns=["day", "level", "formed", "total"])
    return pd.concat(frames, ignore_index=True).astype({"formed": "int64", "total": "int64"})


def formed_on(by_day: pd.DataFrame, day: dt.date) -> dict[str, tuple[int, int]]:
    """Per level: (departments formed by `day`, departments in all)."""
    out: dict[str, tuple[int, int]] = {}
    for level in LEVELS:
        rows = by_day[by_day["level"] == level]
        if rows.empty:
            continue
        dated = rows[rows["established_on"].notna()]
        formed = int(dated.loc[dated["established_on"] <= day, "departments"].sum())
        out[level] = (formed, int(rows["departments"].sum()))
    return out


def completion_day(by_day: pd.DataFrame, level: str) -> dt.date | None:
    """The day the last department of a level was formed; None while any is missing."""
    rows = by_day[by_day["level"] == level]
    if rows.empty or rows["established_on"].isna().any():
        return None
    last: dt.date = max(rows["established_on"])
    return last


def days_since(founded: dt.date | None, days: pd.Series) -> pd.Series:
    """Whole days from the founding date to each date (missing stays missing)."""
    if founded is None:
        return pd.Series(pd.NA, index=days.index, dtype="Int64")
    delta = pd.to_datetime(days) - pd.Timestamp(founded)
    return delta.dt.days.astype("Int64")


def with_status(departments: pd.DataFrame, day: dt.date, founded: dt.date | None) -> pd.DataFrame:
    """A copy of the department list with formed-by-day, days taken and posts filled share."""
    out = departments.copy()
    out["formed"] = out["established_on"].map(
        lambda d: d is not None and not pd.isna(d) and d <= day
    )
    out["days_taken"] = days_since(founded, out["established_on"])
    authorised = pd.to_numeric(out["posts_authorised"], errors="coerce")
    filled = pd.to_numeric(out["posts_filled"], errors="coerce")
    out["fill_rate"] = (filled / authorised.where(authorised > 0)).astype(float)
    return out


def formation_month(established_on: pd.Series, day: dt.date) -> pd.Series:
    """The month each department was formed ("YYYY-MM"), or None when not formed by `day`."""

    def month(d: dt.date | None) -> str | None:
        if d is None or pd.isna(d) or d > day:
            return None
        return f"{d.year}-{d.month:02d}"

    return established_on.map(month)


def city_formation_days(departments: pd.DataFrame, founded: dt.date | None) -> pd.DataFrame:
    """Per city: days until its own department and until all its county departments formed.

    Columns adcode (the city), city_days, counties_days (None while a county is missing or the
    city has no counties), counties.
    """
    deps = departments.assign(days=days_since(founded, departments["established_on"]))
    cities = deps[deps["level"] == "city"][["adcode", "days"]].rename(columns={"days": "city_days"})
    counties = deps[deps["level"] == "county"]
    grouped = counties.groupby("city_adcode")
    last = grouped["days"].max()
    missing = grouped["days"].apply(lambda s: s.isna().any())
    summary = pd.DataFrame(
        {
            "counties_days": last.where(~missing).astype("Int64"),
            "counties": grouped.size(),
        }
    )
    out = cities.merge(summary, left_on="adcode", right_index=True, how="left")
    out["counties"] = out["counties"].fillna(0).astype("int64")
    return out.reset_index(drop=True)


def fill_share(filled: float, authorised: float) -> float | None:
    """Posts filled as a share of posts authorised; None when none are authorised."""
    if not authorised:
        return None
    return float(filled) / float(authorised)
