"""Since when a place is behind, judged at month ends, and the new indicators' level and
at-most cases, on hand-made series: period edges, leap years, a target of zero, no data."""

import datetime as dt

import pandas as pd

from metrics.supervision import (
    AT_LEAST,
    AT_MOST,
    behind_since,
    completion,
    elapsed_share,
    expected_to_date,
    judging_points,
    progress,
    status,
)

D = dt.date
Y2024 = (D(2024, 1, 1), D(2024, 12, 31))


def test_points_on_the_first_day_are_that_day_only() -> None:
    assert judging_points(*Y2024, D(2024, 1, 1)) == [D(2024, 1, 1)]
    assert judging_points(*Y2024, D(2023, 12, 31)) == []  # not begun: nothing to judge


def test_points_are_the_month_ends_then_the_day_judged() -> None:
    points = judging_points(*Y2024, D(2024, 3, 15))
    assert points == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 15)]  # a leap February


def test_a_month_end_judging_day_is_not_counted_twice() -> None:
    assert judging_points(*Y2024, D(2024, 2, 29)) == [D(2024, 1, 31), D(2024, 2, 29)]
    assert judging_points(D(2023, 1, 1), D(2023, 12, 31), D(2023, 3, 1))[1] == D(2023, 2, 28)


def test_after_the_period_the_points_end_at_its_last_day() -> None:
    points = judging_points(*Y2024, D(2025, 6, 1))
    assert len(points) == 12 and points[-1] == D(2024, 12, 31)
    quarter = judging_points(D(2024, 4, 1), D(2024, 6, 30), D(2024, 12, 31))
    assert quarter == [D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30)]


def _statuses(actuals: list, target: float, direction: str, flow: bool, points: list) -> list:
    """The status at each point of a series, as the page judges it (margin 10 %)."""
    start, end = Y2024
    return [
        status(a, expected_to_date(target, elapsed_share(start, end, d), flow), direction, 0.1)
        for a, d in zip(actuals, points, strict=True)
    ]


def test_since_is_the_first_month_end_of_the_last_run() -> None:
    points = judging_points(*Y2024, D(2024, 5, 20))  # Jan, Feb, Mar, Apr ends, 20 May
    # 3,660 a year: due 310, 600, 910, 1,200 at the month ends, 1,410 on 20 May
    actuals = [300, 620, 800, 1_000, 1_300]  # behind in January, ahead in February, then behind
    states = _statuses(actuals, 3_660, AT_LEAST, True, points)
    assert states == ["yellow", "green", "red", "red", "yellow"]
    assert behind_since(points, states) == D(2024, 3, 31)


def test_not_behind_at_the_last_month_end_means_since_the_day_judged() -> None:
    points = [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 10)]
    assert behind_since(points, ["red", "green", "yellow"]) == D(2024, 3, 10)
    assert behind_since(points, ["red", "red", "green"]) is None  # not behind now


def test_no_data_breaks_the_run() -> None:
    points = [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]
    assert behind_since(points, ["red", "none", "red"]) == D(2024, 3, 31)
    assert behind_since(points, ["none", "red", "red"]) == D(2024, 2, 29)


def test_at_most_level_plaque_kinds_against_the_standard() -> None:
    points = [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)]
    kinds = [21, 23, 25]  # the standard is 21: 23 is 9.5 % over (yellow), 25 is 19 % (red)
    states = [status(k, 21, AT_MOST, 0.1) for k in kinds]
    assert states == ["green", "yellow", "red"]
    assert behind_since(points, states) == D(2025, 2, 28)
    assert status(None, 21, AT_MOST, 0.1) == "none"  # no status dated by the day: no data


def test_level_targets_are_not_prorated() -> None:
    targets = pd.DataFrame(
        {
            "start": [D(2024, 1, 1)] * 3,
            "end": [D(2024, 12, 31)] * 3,
            "target": [7.0, 21.0, 95.0],  # departments formed, kinds hung, accepted on time %
            "direction": [AT_LEAST, AT_MOST, AT_LEAST],
            "proportional": [False, False, False],
            "actual": [6.0, 21.0, float("nan")],
        }
    )
    out = progress(targets, D(2024, 1, 1), margin=0.1)  # the first day: the whole target due
    assert out["expected"].tolist() == [7.0, 21.0, 95.0]
    assert out["status"].tolist() == ["red", "green", "none"]  # 1 of 7 short is 14 %


def test_a_target_of_zero_at_month_ends() -> None:
    points = judging_points(*Y2024, D(2024, 2, 10))
    at_least = _statuses([0, 0], 0, AT_LEAST, True, points)
    assert at_least == ["green", "green"] and behind_since(points, at_least) is None
    at_most = _statuses([0, 1], 0, AT_MOST, False, points)  # none allowed: one is red
    assert at_most == ["green", "red"] and behind_since(points, at_most) == D(2024, 2, 10)


def test_completion_of_an_at_most_target_is_the_limit_over_the_actual() -> None:
    assert completion(26.0, 21.0, AT_MOST) == 21 / 26  # above the limit: under 100 %
    assert completion(21.0, 21.0, AT_MOST) == 1.0
    assert completion(0.0, 0.0, AT_MOST) is None and completion(None, 21.0, AT_MOST) is None
    assert completion(50.0, 0.0, AT_LEAST) is None and completion(50.0, 100.0, AT_LEAST) == 0.5
