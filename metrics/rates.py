"""Rates shown on cards and maps, each defined once: per 10,000, shares, hours per volunteer."""

from __future__ import annotations

import pandas as pd


def per_10k(count: float, population: float | None) -> float | None:
    """Count per 10,000 people; None when the population is unknown or zero."""
    if population is None or pd.isna(population) or population == 0:
        return None
    return float(count) / float(population) * 10_000


def share(part: float, whole: float) -> float | None:
    """part / whole as a share between 0 and 1; None when the whole is zero."""
    if whole == 0:
        return None
    return float(part) / float(whole)


def hours_per_volunteer(hours: float, volunteers: float) -> float | None:
    """Average service hours per volunteer person-time."""
    return share(hours, volunteers)


def per_10k_column(
    df: pd.DataFrame, count_col: str, population_col: str, out_col: str
) -> pd.DataFrame:
    """A copy of the frame with a per-10,000 rate column (population in persons)."""
    out = df.copy()
    pop = out[population_col].where(out[population_col] > 0)
    out[out_col] = out[count_col] / pop * 10_000
    return out
