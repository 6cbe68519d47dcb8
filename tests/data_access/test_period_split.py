"""Splitting a date range into whole months or weeks and the days around them."""

from __future__ import annotations

import datetime as dt

from data_access.period_split import month_end, split_by_month, split_by_week

D = dt.date


def test_a_year_is_twelve_whole_months() -> None:
    split = split_by_month(D(2024, 1, 1), D(2024, 12, 31))
    assert split.periods == (D(2024, 1, 1), D(2024, 12, 1)) and split.edges == ()


def test_days_around_whole_months_are_edges() -> None:
    split = split_by_month(D(2024, 2, 10), D(2024, 5, 20))
    assert split.periods == (D(2024, 3, 1), D(2024, 4, 1))
    assert split.edges == ((D(2024, 2, 10), D(2024, 2, 29)), (D(2024, 5, 1), D(2024, 5, 20)))


def test_a_week_inside_two_months_has_no_whole_month() -> None:
    split = split_by_month(D(2024, 11, 25), D(2024, 12, 1))
    assert split.periods is None and split.edges == ((D(2024, 11, 25), D(2024, 12, 1)),)


def test_a_backwards_range_is_empty() -> None:
    assert split_by_month(D(2024, 3, 2), D(2024, 3, 1)).edges == ()


def test_weeks_run_monday_to_sunday() -> None:
    split = split_by_week(D(2024, 1, 1), D(2024, 3, 31))  # Monday .. Sunday
    assert split.periods == (D(2024, 1, 1), D(2024, 3, 25)) and split.edges == ()
    split = split_by_week(D(2024, 1, 3), D(2024, 1, 22))  # Wednesday .. Monday
    assert split.periods == (D(2024, 1, 8), D(2024, 1, 15))
    assert split.edges == ((D(2024, 1, 3), D(2024, 1, 7)), (D(2024, 1, 22), D(2024, 1, 22)))


def test_every_day_is_covered_once() -> None:
    for start, end in [(D(2023, 12, 30), D(2024, 3, 3)), (D(2024, 2, 1), D(2024, 2, 29))]:
        for split, step in (
            (split_by_month(start, end), "month"),
            (split_by_week(start, end), "w"),
        ):
            days: list[dt.date] = []
            for a, b in split.edges:
                days += [a + dt.timedelta(n) for n in range((b - a).days + 1)]
            if split.periods:
                first, last = split.periods
                stop = month_end(last) if step == "month" else last + dt.timedelta(6)
                days += [first + dt.timedelta(n) for n in range((stop - first).days + 1)]
            assert sorted(days) == [start + dt.timedelta(n) for n in range((end - start).days + 1)]


def test_month_end() -> None:
    assert month_end(D(2024, 2, 1)) == D(2024, 2, 29) and month_end(D(2024, 12, 1)) == D(
        2024, 12, 31
    )
