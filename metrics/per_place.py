"""Per-place figures: per 10,000 residents, shares such as Party coverage, ranks and changes."""

from __future__ import annotations

import pandas as pd


def per_10k_residents(
    df: pd.DataFrame, count_col: str, population_10k_col: str, out_col: str
) -> pd.DataFrame:
    """A copy with count ÷ resident population in units of 10,000 (NaN when unknown or 0)."""
    out = df.copy()
    pop = pd.to_numeric(out[population_10k_col], errors="coerce")
    out[out_col] = out[count_col] / pop.where(pop > 0)
    return out


def share_column(df: pd.DataFrame, part_col: str, whole_col: str, out_col: str) -> pd.DataFrame:
    """A copy with part ÷ whole (0–1; NaN when the whole is 0), e.g. Party coverage."""
    out = df.copy()
    out[out_col] = out[part_col] / out[whole_col].where(out[whole_col] > 0)
    return out


def ranked_with_change(
    current: pd.DataFrame, previous: pd.DataFrame, value_col: str, key: str = "adcode"
) -> pd.DataFrame:
    """Places ranked by value (1 = highest) with the previous period's value and the change.

    Columns: key, value, previous, change (absolute), relative (None when previous is 0 or
    missing), rank. Places missing from the current frame count as 0.
    """
    cur = current[[key, value_col]].rename(columns={value_col: "value"})
    old = previous[[key, value_col]].rename(columns={value_col: "previous"})
    out = cur.merge(old, on=key, how="outer")
    out["value"] = out["value"].fillna(0)
    out["change"] = out["value"] - out["previous"]
    base = out["previous"].where(out["previous"] > 0)
    out["relative"] = out["change"] / base
    out = out.sort_values(["value", key], ascending=[False, True], ignore_index=True)
    out["rank"] = range(1, len(out) + 1)
    return out


def top_and_bottom(ranked: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n highest and n lowest ranked places (fewer when there are fewer than 2n)."""
    top = ranked.head(n)
    bottom = ranked.iloc[max(n, len(ranked) - n) :]
    return top.reset_index(drop=True), bottom.iloc[::-1].reset_index(drop=True)
