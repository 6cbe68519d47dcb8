"""序时进度 on hand-made targets: period edges, leap years, zero targets, at-most, no data."""

import datetime as dt

import pandas as pd
import pytest

from metrics.supervision import (
    AT_LEAST,
    AT_MOST,
    days_left,
    deadline_status,
    elapsed_share,
    expected_to_date,
    gap,
    progress,
    status,
    status_counts,
)

D = dt.date
Y2024 = (D(2024, 1, 1), D(2024, 12, 31))


def test_first_and_last_day_of_a_leap_year() -> None:
    assert elapsed_share(*Y2024, D(2024, 1, 1)) == pytest.approx(1 / 366)
    assert elapsed_share(*Y2024, D(2024, 12, 31)) == 1.0
    assert elapsed_share(*Y2024, D(2023, 12, 31)) == 0.0  # before the period
    assert elapsed_share(*Y2024, D(2025, 3, 1)) == 1.0  # after it: the whole target is due


def test_february_29_counts_as_a_day() -> None:
    assert elapsed_share(*Y2024, D(2024, 2, 29)) == pytest.approx(60 / 366)
    assert elapsed_share(D(2023, 1, 1), D(2023, 12, 31), D(2023, 3, 1)) == pytest.approx(60 / 365)


def test_quarter_and_month_periods() -> None:
    assert elapsed_share(D(2024, 4, 1), D(2024, 6, 30), D(2024, 5, 15)) == pytest.approx(45 / 91)
    assert elapsed_share(D(2024, 2, 1), D(2024, 2, 29), D(2024, 2, 15)) == pytest.approx(15 / 29)


def test_expected_to_date_for_flow_and_level_targets() -> None:
    assert expected_to_date(3_660, 183 / 366) == pytest.approx(1_830)
    assert expected_to_date(0.95, 0.5, proportional=False) == 0.95


def test_at_least_statuses_around_the_margin() -> None:
    assert status(1_000, 1_000, AT_LEAST, 0.1) == "green"
    assert status(1_200, 1_000, AT_LEAST, 0.1) == "green"
    assert status(901, 1_000, AT_LEAST, 0.1) == "yellow"
    assert status(900, 1_000, AT_LEAST, 0.1) == "red"  # behind by exactly the margin
    assert status(1_500, 1_000, AT_LEAST, 0.1, milestone_overdue=True) == "red"


def test_at_most_indicator_is_behind_when_above() -> None:
    assert gap(19, 21, AT_MOST) == 2
    assert status(21, 21, AT_MOST, 0.1) == "green"
    assert status(22, 21, AT_MOST, 0.1) == "yellow"  # 4.8 % above the cap
    assert status(27, 21, AT_MOST, 0.1) == "red"


def test_a_target_of_zero() -> None:
    assert status(0, 0, AT_LEAST, 0.1) == "green"
    assert status(0, 0, AT_MOST, 0.1) == "green"
    assert status(1, 0, AT_MOST, 0.1) == "red"  # none allowed, one found


def test_a_place_with_no_data_has_no_status_colour() -> None:
    assert status(None, 500, AT_LEAST, 0.1) == "none"
    assert status(float("nan"), 500, AT_LEAST, 0.1) == "none"


def test_unknown_direction_is_refused() -> None:
    with pytest.raises(ValueError):
        gap(1, 1, "roughly")


def test_progress_table_and_input_untouched() -> None:
    targets = pd.DataFrame(
        {
            "place": ["A", "B", "C", "D"],
            "start": [Y2024[0]] * 4,
            "end": [Y2024[1]] * 4,
            "target": [3_660.0, 3_660.0, 21.0, 3_660.0],
            "direction": [AT_LEAST, AT_LEAST, AT_MOST, AT_LEAST],
            "proportional": [True, True, False, True],
            "actual": [1_900.0, 1_500.0, 20.0, float("nan")],
        }
    )
    before = targets.copy()
    out = progress(targets, D(2024, 7, 1), margin=0.1)  # 183 of 366 days: 1,830 due
    pd.testing.assert_frame_equal(targets, before)
    assert out["expected"].tolist() == pytest.approx([1_830, 1_830, 21, 1_830])
    assert out["gap"].tolist()[:3] == pytest.approx([70, -330, 1])
    assert out["status"].tolist() == ["green", "red", "green", "none"]
    assert out["completion"].iloc[0] == pytest.approx(1_900 / 3_660)
    assert status_counts(out) == {"red": 1, "yellow": 0, "green": 2, "none": 1}


def test_suggestion_deadlines() -> None:
    received = D(2024, 11, 1)
    assert days_left(received, 15, D(2024, 11, 16)) == 0
    assert deadline_status(received, 15, D(2024, 11, 16), warn_days=3) == "yellow"  # last day
    assert deadline_status(received, 15, D(2024, 11, 17), warn_days=3) == "red"
    assert deadline_status(received, 15, D(2024, 11, 13), warn_days=3) == "yellow"
    assert deadline_status(received, 15, D(2024, 11, 12), warn_days=3) is None  # 4 days left
