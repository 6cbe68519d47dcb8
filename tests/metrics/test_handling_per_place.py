"""Handling funnel, satisfaction, per-10k and ranking figures on hand-made data; definitions."""

import pandas as pd
import pytest

from metrics.glossary import DEFINITIONS, definition
from metrics.handling import handling_funnel, satisfaction
from metrics.per_place import per_10k_residents, ranked_with_change, share_column, top_and_bottom


def test_funnel_rates_are_on_the_stage_before() -> None:
    f = handling_funnel(200, 180, 150, 30).set_index("stage")
    assert pd.isna(f.loc["received", "rate"])
    assert f.loc["accepted", "rate"] == 0.9
    assert f.loc["concluded", "rate"] == pytest.approx(150 / 180)
    assert f.loc["adopted", "rate"] == 0.2
    assert f.loc["adopted", "of_received"] == 0.15


def test_funnel_with_nothing_received() -> None:
    f = handling_funnel(0, 0, 0, 0)
    assert f["rate"].isna().all() and f["of_received"].isna().all()


def test_satisfaction_mean_and_share_satisfied() -> None:
    s = satisfaction(pd.DataFrame({"score": [1, 4, 5], "items": [2, 3, 5]}))
    assert s.rated == 10
    assert s.mean == pytest.approx((2 + 12 + 25) / 10)
    assert s.satisfied_share == 0.8
    assert satisfaction(pd.DataFrame({"score": [], "items": []})).mean is None


def test_per_10k_residents_divides_by_population_in_10k() -> None:
    df = pd.DataFrame({"n": [1868.0, 5.0, 7.0], "pop": [1868.0, None, 0.0]})
    before = df.copy()
    out = per_10k_residents(df, "n", "pop", "rate")
    assert out["rate"].iloc[0] == 1.0
    assert out["rate"].iloc[1:].isna().all()
    pd.testing.assert_frame_equal(df, before)


def test_share_column() -> None:
    df = pd.DataFrame({"party": [92, 0], "all": [100, 0]})
    out = share_column(df, "party", "all", "coverage")
    assert out["coverage"].iloc[0] == 0.92 and pd.isna(out["coverage"].iloc[1])
    assert "coverage" not in df


def test_ranking_with_change_and_top_bottom() -> None:
    cur = pd.DataFrame({"adcode": ["a", "b", "c", "d"], "v": [10.0, 40.0, 20.0, 5.0]})
    old = pd.DataFrame({"adcode": ["a", "b", "c"], "v": [20.0, 40.0, 0.0]})
    before = cur.copy()
    r = ranked_with_change(cur, old, "v")
    assert r["adcode"].tolist() == ["b", "c", "a", "d"]
    assert r["rank"].tolist() == [1, 2, 3, 4]
    row = r.set_index("adcode")
    assert row.loc["a", "relative"] == -0.5 and row.loc["b", "change"] == 0
    assert pd.isna(row.loc["c", "relative"])  # zero base: no relative change
    assert pd.isna(row.loc["d", "previous"])
    top, bottom = top_and_bottom(r, 2)
    assert top["adcode"].tolist() == ["b", "c"] and bottom["adcode"].tolist() == ["d", "a"]
    top, bottom = top_and_bottom(r, 3)  # fewer than 2n places: no place twice
    assert top["adcode"].tolist() == ["b", "c", "a"] and bottom["adcode"].tolist() == ["d"]
    pd.testing.assert_frame_equal(cur, before)


def test_every_definition_has_both_languages_and_states_the_limits() -> None:
    for key, (zh, en) in DEFINITIONS.items():
        assert zh and en, key
    assert "15 日内" in definition("acceptance_on_time", "zh", limit=15)
    assert "within 20 days" in definition("acceptance_on_time", "en", limit=20)
    assert "60 日" in definition("backlog", "zh", acceptance=15, conclusion=60)
    assert "2020" in definition("per_10k_residents", "en")
