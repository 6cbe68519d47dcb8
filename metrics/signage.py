"""Burden-reduction figures: before → after, per village/community, reduction rates, laggards."""

from __future__ import annotations

import pandas as pd

BEFORE_AFTER_SCOPES = ("village", "mechanism")  # internal signs: only the after count is set


def reduction_rate(before: float, now: float) -> float | None:
    """How much of the before count is gone: 1 - now / before; None when before is zero."""
    if not before:
        return None
    return 1 - float(now) / float(before)


def kind_changes(kind_counts: pd.DataFrame) -> pd.DataFrame:
    """Per scope (village, mechanism, internal): before, after, removed and reduction rate.

    Internal signs were standardised rather than cut back: their `before` is left empty.
    """
    out = kind_counts.copy()
    out["before"] = out["before"].where(out["scope"].isin(BEFORE_AFTER_SCOPES))
    out["removed"] = out["before"] - out["after"]
    out["rate"] = [
        reduction_rate(b, a) if pd.notna(b) else None
        for b, a in zip(out["before"], out["after"], strict=True)
    ]
    order = {s: i for i, s in enumerate(("village", "mechanism", "internal"))}
    return out.sort_values("scope", key=lambda s: s.map(order)).reset_index(drop=True)


def per_unit(removed: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Plaques removed per place with villages + communities and plaques per village/community.

    `removed`: adcode, plaques_removed; `status`: adcode, villages, communities,
    plaque_kinds_before, plaque_kinds_now. Places of either frame are kept.
    """
    keep = ["adcode", "villages", "communities", "plaque_kinds_before", "plaque_kinds_now"]
    out = status[[c for c in keep if c in status.columns]].merge(
        removed[["adcode", "plaques_removed"]], on="adcode", how="outer"
    )
    out["plaques_removed"] = out["plaques_removed"].fillna(0)
    units = out["villages"] + out["communities"]
    out["units"] = units
    out["per_unit"] = out["plaques_removed"] / units.where(units > 0)
    out["reduction_rate"] = 1 - out["plaque_kinds_now"] / out["plaque_kinds_before"].where(
        out["plaque_kinds_before"] > 0
    )
    return out


def laggards(status: pd.DataFrame, standard: int) -> pd.DataFrame:
    """County units ranked by plaque kinds still hung (most first), with the excess over standard.

    `status` has one row per county unit; `standard` is the number of kinds the province keeps.
    """
    out = status.copy()
    out["over_standard"] = (out["plaque_kinds_now"] - standard).clip(lower=0)
    out["reduction_rate"] = 1 - out["plaque_kinds_now"] / out["plaque_kinds_before"].where(
        out["plaque_kinds_before"] > 0
    )
    out = out.sort_values(
        ["plaque_kinds_now", "mechanisms_now", "reduction_rate", "adcode"],
        ascending=[False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def cumulative(removed: pd.DataFrame) -> pd.DataFrame:
    """A copy of plaques removed per period with the running total (column cumulative)."""
    out = removed.sort_values("period").reset_index(drop=True)
    out["cumulative"] = out["plaques_removed"].cumsum()
    return out
