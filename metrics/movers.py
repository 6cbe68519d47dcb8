"""Places that moved most between two periods: change, new places, top and bottom."""

from __future__ import annotations

import pandas as pd


def place_changes(
    current: pd.DataFrame, previous: pd.DataFrame, value_col: str, key: str = "adcode"
) -> pd.DataFrame:
    """Per place: current, previous, absolute and relative change; `is_new` where previous is 0.

    Places missing from either frame count as 0 there. The inputs are not modified.
    """
    cur = current[[key, value_col]].rename(columns={value_col: "current"})
    prev = previous[[key, value_col]].rename(columns={value_col: "previous"})
    out = cur.merge(prev, on=key, how="outer").fillna({"current": 0.0, "previous": 0.0})
    out = out[out[key].notna()].copy()
    out["change"] = out["current"] - out["previous"]
    base = out["previous"].where(out["previous"] != 0)
    out["relative"] = out["change"] / base
    out["is_new"] = (out["previous"] == 0) & (out["current"] > 0)
    return out.reset_index(drop=True)


def top_movers(changes: pd.DataFrame, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n places that rose most and the n that fell most, by absolute change."""
    ordered = changes.sort_values(["change", "adcode"], ascending=[False, True])
    up = ordered[ordered["change"] > 0].head(n)
    down = ordered[ordered["change"] < 0].sort_values(["change", "adcode"]).head(n)
    return up.reset_index(drop=True), down.reset_index(drop=True)
