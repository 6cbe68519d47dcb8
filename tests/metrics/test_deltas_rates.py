"""Changes and rates: zero bases, unknown populations, and inputs left untouched."""

import pandas as pd

from metrics.deltas import change
from metrics.rates import hours_per_volunteer, per_10k, per_10k_column, share


def test_change_on_zero_base_is_new_not_infinite() -> None:
    c = change(12, 0)
    assert c.relative is None and c.is_new and c.absolute == 12


def test_change_relative() -> None:
    assert change(110, 100).relative == 0.1
    assert change(5, None).relative is None


def test_per_10k_with_unknown_population() -> None:
    assert per_10k(176, 100_000) == 17.6
    assert per_10k(5, 0) is None and per_10k(5, None) is None


def test_share_and_hours_per_volunteer() -> None:
    assert share(1, 4) == 0.25 and share(1, 0) is None
    assert hours_per_volunteer(30, 10) == 3


def test_per_10k_column_does_not_mutate_its_input() -> None:
    df = pd.DataFrame({"workers": [176, 10], "urban": [100_000, 0]})
    before = df.copy()
    out = per_10k_column(df, "workers", "urban", "rate")
    pd.testing.assert_frame_equal(df, before)
    assert out["rate"].iloc[0] == 17.6 and pd.isna(out["rate"].iloc[1])
