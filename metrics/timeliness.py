"""Timeliness of suggestion handling from day-count histograms: on-time shares, medians, P90,
and the open backlog by age band with overdue items.

The database returns histograms (days, items) rather than raw rows, so the same numbers come
out of SQLite (no percentile function) and PostgreSQL, and the transfer stays small at any
scale. Percentiles match numpy's default ("linear") method on the raw day counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Age bands of open items in days since receipt: (code, first day, last day or None).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-15", 0, 15),
    ("16-30", 16, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    (">90", 91, None),
)


def histogram_quantile(days: pd.Series, items: pd.Series, q: float) -> float | None:
    """The q-quantile (0–1) of the values a histogram describes; None when it is empty.

    Same result as numpy.quantile(raw_values, q) with the default linear interpolation.
    """
    if not 0 <= q <= 1:
        raise ValueError("q must be between 0 and 1")
    raw = pd.DataFrame({"days": days, "items": items})
    hist = raw[raw["items"] > 0].groupby("days")["items"].sum().reset_index()
    n = int(hist["items"].sum())
    if n == 0:
        return None
    values = hist["days"].to_numpy(dtype=float)
    cum = np.cumsum(hist["items"].to_numpy())
    pos = (n - 1) * q
    lo, hi = int(np.floor(pos)), int(np.ceil(pos))
    x_lo = values[np.searchsorted(cum, lo, side="right")]
    x_hi = values[np.searchsorted(cum, hi, side="right")]
    return float(x_lo + (pos - lo) * (x_hi - x_lo))


@dataclass(frozen=True)
class Timeliness:
    """How quickly one handling step was completed for a cohort of suggestions."""

    limit_days: int
    done: int  # step completed
    on_time: int  # completed within the limit
    late: int  # completed after the limit, or still open past it
    pending: int  # still open, within the limit: not yet counted either way
    median_days: float | None  # over completed items
    p90_days: float | None  # over completed items

    @property
    def on_time_share(self) -> float | None:
        """on_time ÷ (on_time + late); None when nothing is due yet."""
        due = self.on_time + self.late
        return None if due == 0 else self.on_time / due


def timeliness(hist: pd.DataFrame, limit_days: int) -> Timeliness:
    """Summarise a (done, days, items) histogram against a time limit in days."""
    done = hist[hist["done"] == 1]
    open_ = hist[hist["done"] != 1]
    return Timeliness(
        limit_days=int(limit_days),
        done=int(done["items"].sum()),
        on_time=int(done.loc[done["days"] <= limit_days, "items"].sum()),
        late=int(done.loc[done["days"] > limit_days, "items"].sum())
        + int(open_.loc[open_["days"] > limit_days, "items"].sum()),
        pending=int(open_.loc[open_["days"] <= limit_days, "items"].sum()),
        median_days=histogram_quantile(done["days"], done["items"], 0.5),
        p90_days=histogram_quantile(done["days"], done["items"], 0.9),
    )


def is_overdue(
    accepted: pd.Series, stage_days: pd.Series, acceptance_limit: int, conclusion_limit: int
) -> pd.Series:
    """Open items past their limit: awaiting acceptance > acceptance_limit days since receipt,
    or accepted and not concluded > conclusion_limit days since acceptance."""
    limit = np.where(accepted.to_numpy() == 1, conclusion_limit, acceptance_limit)
    return pd.Series(stage_days.to_numpy() > limit, index=stage_days.index)


def age_band(age_days: pd.Series) -> pd.Series:
    """The age band code of each open item's days since receipt."""
    out = pd.Series(AGE_BANDS[-1][0], index=age_days.index, dtype=object)
    for code, first, last in reversed(AGE_BANDS[:-1]):
        out = out.mask((age_days >= first) & (age_days <= last), code)
    return out


def _with_overdue(hist: pd.DataFrame, acceptance_limit: int, conclusion_limit: int) -> pd.DataFrame:
    """A copy of a backlog histogram with open and overdue item counts per row."""
    out = hist.copy()
    overdue = is_overdue(out["accepted"], out["stage_days"], acceptance_limit, conclusion_limit)
    out["open"] = out["items"]
    out["overdue"] = out["items"].where(overdue, 0)
    return out


def backlog_by_band(
    hist: pd.DataFrame, acceptance_limit: int, conclusion_limit: int
) -> pd.DataFrame:
    """Open and overdue items per age band, every band listed in order (band, open, overdue)."""
    rows = _with_overdue(hist, acceptance_limit, conclusion_limit)
    rows["band"] = age_band(rows["age_days"])
    summed = rows.groupby("band")[["open", "overdue"]].sum()
    bands = [code for code, _, _ in AGE_BANDS]
    out = summed.reindex(bands, fill_value=0).rename_axis("band").reset_index()
    return out.astype({"open": "int64", "overdue": "int64"})


def backlog_by_place(
    hist: pd.DataFrame, acceptance_limit: int, conclusion_limit: int
) -> pd.DataFrame:
    """Open and overdue items per place (adcode, open, overdue, overdue_share)."""
    rows = _with_overdue(hist, acceptance_limit, conclusion_limit)
    out = rows.groupby("adcode", as_index=False)[["open", "overdue"]].sum()
    out["overdue_share"] = out["overdue"] / out["open"].where(out["open"] > 0)
    return out.astype({"open": "int64", "overdue": "int64"})
