"""Suggestion handling: the received → accepted → concluded → adopted funnel, satisfaction."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.rates import share

FUNNEL_STAGES = ("received", "accepted", "concluded", "adopted")


def handling_funnel(received: int, accepted: int, concluded: int, adopted: int) -> pd.DataFrame:
    """Each stage's items, its rate on the stage before and on items received.

    Acceptance rate = accepted ÷ received; conclusion rate = concluded ÷ accepted;
    adoption rate = adopted ÷ concluded. Rates are None when the base is zero.
    """
    items = [int(received), int(accepted), int(concluded), int(adopted)]
    previous = [None, *items[:-1]]
    return pd.DataFrame(
        {
            "stage": list(FUNNEL_STAGES),
            "items": items,
            "rate": [
                None if p is None else share(i, p) for i, p in zip(items, previous, strict=True)
            ],
            "of_received": [share(i, items[0]) for i in items],
        }
    )


@dataclass(frozen=True)
class Satisfaction:
    """Recorded satisfaction scores (1–5)."""

    rated: int
    mean: float | None
    satisfied_share: float | None  # scores 4 and 5


def satisfaction(hist: pd.DataFrame) -> Satisfaction:
    """Summarise a (score, items) histogram of satisfaction scores."""
    rated = int(hist["items"].sum()) if len(hist) else 0
    if rated == 0:
        return Satisfaction(0, None, None)
    total = float((hist["score"] * hist["items"]).sum())
    satisfied = int(hist.loc[hist["score"] >= 4, "items"].sum())
    return Satisfaction(rated, total / rated, satisfied / rated)
