"""Buildout and burden-reduction metrics on small hand-made frames; inputs never change."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics import buildout as mb
from metrics import signage as ms

D = dt.date


def _by_day() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["province", "city", "city", "county", "county", "county"],
            "established_on": [
                D(2024, 1, 18),
                D(2024, 2, 1),
                D(2024, 3, 1),
                D(2024, 2, 1),
                D(2024, 4, 1),
                None,
            ],
            "departments": [1, 1, 1, 2, 1, 1],
        }
    )


def test_cumulative_formation_counts_up_to_each_day() -> None:
    by_day = _by_day()
    before = by_day.copy()
    cum = mb.cumulative_formation(by_day, D(2024, 1, 1), D(2024, 4, 30))
    pd.testing.assert_frame_equal(by_day, before)
    city = cum[cum["level"] == "city"].set_index("day")
    assert city.loc[D(2024, 1, 31), "formed"] == 0
    assert city.loc[D(2024, 2, 1), "formed"] == 1
    assert city.loc[D(2024, 4, 30), "formed"] == 2 and (city["total"] == 2).all()
    county = cum[cum["level"] == "county"].set_index("day")
    assert county.loc[D(2024, 4, 30), "formed"] == 3 and county["total"].iloc[0] == 4


def test_cumulative_formation_counts_those_formed_before_the_start() -> None:
    cum = mb.cumulative_formation(_by_day(), D(2024, 3, 15), D(2024, 3, 16))
    city = cum[cum["level"] == "city"]
    assert city["formed"].tolist() == [2, 2]


def test_formed_on_and_completion() -> None:
    by_day = _by_day()
    assert mb.formed_on(by_day, D(2024, 2, 15)) == {
        "province": (1, 1),
        "city": (1, 2),
        "county": (2, 4),
    }
    assert mb.completion_day(by_day, "city") == D(2024, 3, 1)
    assert mb.completion_day(by_day, "county") is None  # one is not formed
    assert mb.cumulative_formation(by_day.iloc[0:0], D(2024, 1, 1), D(2024, 1, 2)).empty


def test_status_days_and_fill_rate() -> None:
    deps = pd.DataFrame(
        {
            "adcode": ["1", "2"],
            "established_on": [D(2024, 1, 28), None],
            "posts_authorised": [10, 0],
            "posts_filled": [8, 0],
        }
    )
    before = deps.copy()
    out = mb.with_status(deps, D(2024, 2, 1), D(2024, 1, 18))
    pd.testing.assert_frame_equal(deps, before)
    assert out["formed"].tolist() == [True, False]
    assert out["days_taken"].iloc[0] == 10 and pd.isna(out["days_taken"].iloc[1])
    assert out["fill_rate"].iloc[0] == pytest.approx(0.8) and pd.isna(out["fill_rate"].iloc[1])
    months = mb.formation_month(deps["established_on"], D(2024, 2, 1))
    assert months.iloc[0] == "2024-01" and pd.isna(months.iloc[1])
    assert mb.formation_month(deps["established_on"], D(2024, 1, 27)).isna().all()
    assert mb.fill_share(5, 0) is None


def test_city_formation_days() -> None:
    deps = pd.DataFrame(
        {
            "adcode": ["A", "A1", "A2", "B", "B1"],
            "level": ["city", "county", "county", "city", "county"],
            "city_adcode": ["A", "A", "A", "B", "B"],
            "established_on": [D(2024, 1, 28), D(2024, 2, 7), D(2024, 3, 8), D(2024, 2, 1), None],
        }
    )
    out = mb.city_formation_days(deps, D(2024, 1, 18)).set_index("adcode")
    assert out.loc["A", "city_days"] == 10 and out.loc["A", "counties_days"] == 50
    assert pd.isna(out.loc["B", "counties_days"])  # a county still missing
    assert out.loc["A", "counties"] == 2


def test_kind_changes_leave_internal_without_before() -> None:
    counts = pd.DataFrame(
        {
            "scope": ["internal", "mechanism", "village"],
            "before": [15, 27, 140],
            "after": [15, 7, 21],
        }
    )
    before = counts.copy()
    out = ms.kind_changes(counts)
    pd.testing.assert_frame_equal(counts, before)
    assert out["scope"].tolist() == ["village", "mechanism", "internal"]
    assert out["rate"].iloc[0] == pytest.approx(0.85)
    assert pd.isna(out["before"].iloc[2]) and out["after"].iloc[2] == 15
    assert ms.reduction_rate(0, 0) is None


def test_per_unit_and_laggards() -> None:
    status = pd.DataFrame(
        {
            "adcode": ["X", "Y", "Z"],
            "villages": [10, 0, 5],
            "communities": [10, 0, 5],
            "plaque_kinds_before": [100, 80, 90],
            "plaque_kinds_now": [21, 25, 25],
            "mechanisms_before": [20, 20, 20],
            "mechanisms_now": [7, 8, 9],
        }
    )
    removed = pd.DataFrame({"adcode": ["X", "Z"], "plaques_removed": [200, 50]})
    per = ms.per_unit(removed, status).set_index("adcode")
    assert per.loc["X", "per_unit"] == 10 and per.loc["Z", "per_unit"] == 5
    assert pd.isna(per.loc["Y", "per_unit"])  # no villages on record
    assert per.loc["X", "reduction_rate"] == pytest.approx(0.79)
    ranked = ms.laggards(status, 21)
    assert ranked["adcode"].tolist() == ["Z", "Y", "X"]  # ties broken by mechanisms
    assert ranked["over_standard"].tolist() == [4, 4, 0]
    assert ranked["rank"].tolist() == [1, 2, 3]


def test_cumulative_removals() -> None:
    df = pd.DataFrame({"period": [D(2024, 3, 8), D(2024, 3, 1)], "plaques_removed": [5, 3]})
    out = ms.cumulative(df)
    assert out["cumulative"].tolist() == [3, 8]
    assert "cumulative" not in df.columns
