"""Timeliness from day-count histograms: percentiles equal numpy's, on-time shares, backlog."""

import numpy as np
import pandas as pd
import pytest

from metrics.timeliness import (
    AGE_BANDS,
    age_band,
    backlog_by_band,
    backlog_by_place,
    histogram_quantile,
    is_overdue,
    timeliness,
)


def _hist(raw: list[int] | np.ndarray) -> pd.DataFrame:
    """The histogram the database would return for raw day counts."""
    values, counts = np.unique(np.asarray(raw), return_counts=True)
    return pd.DataFrame({"days": values, "items": counts})


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("q", [0.0, 0.1, 0.25, 0.5, 0.9, 0.99, 1.0])
def test_histogram_quantile_equals_numpy_on_the_raw_values(seed: int, q: float) -> None:
    rng = np.random.default_rng(seed)
    raw = np.round(rng.gamma(2.0, 5.0, rng.integers(1, 400))).astype(int)
    hist = _hist(raw)
    assert histogram_quantile(hist["days"], hist["items"], q) == pytest.approx(
        float(np.quantile(raw, q)), abs=1e-12
    )


def test_histogram_quantile_by_hand() -> None:
    # raw: 1, 2, 2, 10 → median between 2 and 2; P90 at position 2.7 → 2 + 0.7 × 8
    days, items = pd.Series([10, 1, 2]), pd.Series([1, 1, 2])
    assert histogram_quantile(days, items, 0.5) == 2.0
    assert histogram_quantile(days, items, 0.9) == pytest.approx(7.6)
    assert histogram_quantile(pd.Series([5]), pd.Series([1]), 0.9) == 5.0


def test_histogram_quantile_ignores_empty_bins_and_handles_nothing() -> None:
    assert histogram_quantile(pd.Series([1, 3]), pd.Series([0, 2]), 0.5) == 3.0
    assert histogram_quantile(pd.Series([], dtype=int), pd.Series([], dtype=int), 0.5) is None
    with pytest.raises(ValueError):
        histogram_quantile(pd.Series([1]), pd.Series([1]), 1.5)


def test_on_time_counts_done_within_the_limit_and_late_includes_open_past_it() -> None:
    hist = pd.DataFrame(
        {
            "done": [1, 1, 1, 0, 0],
            "days": [3, 15, 16, 10, 40],  # the limit day itself is on time
            "items": [5, 2, 3, 4, 1],
        }
    )
    tl = timeliness(hist, 15)
    assert (tl.done, tl.on_time, tl.late, tl.pending) == (10, 7, 4, 4)
    assert tl.on_time_share == pytest.approx(7 / 11)
    raw = [3] * 5 + [15] * 2 + [16] * 3  # median/P90 over completed items only
    assert tl.median_days == np.quantile(raw, 0.5)
    assert tl.p90_days == pytest.approx(np.quantile(raw, 0.9))


def test_nothing_due_has_no_share() -> None:
    tl = timeliness(pd.DataFrame({"done": [0], "days": [2], "items": [3]}), 15)
    assert tl.on_time_share is None and tl.median_days is None and tl.pending == 3


def test_overdue_uses_the_limit_of_the_stage() -> None:
    accepted = pd.Series([0, 0, 1, 1])
    stage_days = pd.Series([15, 16, 60, 61])
    assert is_overdue(accepted, stage_days, 15, 60).tolist() == [False, True, False, True]
    assert is_overdue(accepted, stage_days, 20, 30).tolist() == [False, False, True, True]


def test_age_bands_have_inclusive_edges() -> None:
    days = pd.Series([0, 15, 16, 30, 31, 60, 61, 90, 91, 400])
    assert age_band(days).tolist() == [
        "0-15", "0-15", "16-30", "16-30", "31-60", "31-60", "61-90", "61-90", ">90", ">90"
    ]  # fmt: skip


def _backlog() -> pd.DataFrame:
    """Open items: two awaiting acceptance, three accepted, in two cities."""
    return pd.DataFrame(
        {
            "adcode": ["440100", "440100", "440300", "440300", "440300"],
            "accepted": [0, 0, 1, 1, 1],
            "age_days": [5, 20, 40, 100, 70],
            "stage_days": [5, 20, 30, 80, 50],
            "items": [3, 2, 4, 1, 6],
        }
    )


def test_backlog_by_band_lists_every_band_with_overdue() -> None:
    out = backlog_by_band(_backlog(), 15, 60)
    assert out["band"].tolist() == [code for code, _, _ in AGE_BANDS]
    assert out["open"].tolist() == [3, 2, 4, 6, 1]
    assert out["overdue"].tolist() == [0, 2, 0, 0, 1]


def test_backlog_by_place() -> None:
    out = backlog_by_place(_backlog(), 15, 60).set_index("adcode")
    assert out.loc["440100", "open"] == 5 and out.loc["440100", "overdue"] == 2
    assert out.loc["440300", "overdue"] == 1
    assert out.loc["440300", "overdue_share"] == pytest.approx(1 / 11)


def test_backlog_functions_do_not_mutate_their_input() -> None:
    hist = _backlog()
    before = hist.copy()
    backlog_by_band(hist, 15, 60)
    backlog_by_place(hist, 15, 60)
    timeliness(pd.DataFrame({"done": [1], "days": [2], "items": [1]}), 15)
    pd.testing.assert_frame_equal(hist, before)
