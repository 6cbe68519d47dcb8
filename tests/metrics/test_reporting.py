"""报送情况 on hand-made cases: period edges, a late report, a place never reported, leap years."""

import datetime as dt

import pytest

from metrics import periods
from metrics.reporting import (
    LATE,
    MISSING,
    ON_TIME,
    PENDING,
    Cadence,
    missing_alert,
    missing_since,
    periods_missing,
    report_status,
    worst,
)

D = dt.date
WEEKLY = Cadence("week", 2)  # due the Tuesday after the week
MONTHLY = Cadence("month", 10)  # due the 10th of the next month


def test_due_days_of_a_week_and_a_leap_february() -> None:
    week = periods.iso_week(2024, 52)  # Monday 23 to Sunday 29 December 2024
    assert WEEKLY.due(week) == D(2024, 12, 31)
    assert MONTHLY.due(periods.month(2024, 2)) == D(2024, 3, 10)  # 29 February + 10 days
    assert MONTHLY.due(periods.month(2023, 2)) == D(2023, 3, 10)  # 28 February + 10 days
    assert MONTHLY.due(periods.month(2024, 12)) == D(2025, 1, 10)  # into the next year


def test_a_row_on_the_29th_of_february_is_in_february() -> None:
    feb = periods.containing(MONTHLY.kind, D(2024, 2, 29))
    assert (feb.start, feb.end) == (D(2024, 2, 1), D(2024, 2, 29))
    week = periods.containing(WEEKLY.kind, D(2024, 2, 29))
    assert (week.start, week.end) == (D(2024, 2, 26), D(2024, 3, 3))


def test_latest_periods_are_the_ended_ones() -> None:
    got = WEEKLY.latest_periods(D(2024, 12, 31), 4)  # a Tuesday: week 1 of 2025 has not ended
    assert [p.start for p in got] == [
        D(2024, 12, 23),
        D(2024, 12, 16),
        D(2024, 12, 9),
        D(2024, 12, 2),
    ]
    on_sunday = WEEKLY.latest_periods(D(2024, 12, 29), 1)[0]
    assert on_sunday.end == D(2024, 12, 29)  # the week ending on the day counts as ended
    months = MONTHLY.latest_periods(D(2024, 3, 1), 3)
    assert [p.start.month for p in months] == [2, 1, 12]


def test_latest_due_period_at_the_due_day_and_the_day_after() -> None:
    assert MONTHLY.latest_due(D(2024, 3, 10)) == periods.month(2024, 1)  # February due today
    assert MONTHLY.latest_due(D(2024, 3, 11)) == periods.month(2024, 2)
    assert WEEKLY.latest_due(D(2025, 1, 1)) == periods.iso_week(2024, 52)


def test_status_on_the_due_day_and_after() -> None:
    due = D(2024, 3, 10)
    assert report_status(False, None, due, D(2024, 3, 10)) == PENDING  # still in time
    assert report_status(False, None, due, D(2024, 3, 11)) == MISSING
    assert report_status(True, D(2024, 3, 10), due, D(2024, 3, 31)) == ON_TIME
    assert report_status(True, D(2024, 3, 11), due, D(2024, 3, 31)) == LATE
    assert report_status(True, None, due, D(2024, 3, 31)) == ON_TIME  # no import record
    assert report_status(True, None, due, D(2024, 3, 1)) == ON_TIME  # reported before due


def test_missing_since_the_period_after_the_data_date() -> None:
    since = missing_since(WEEKLY, D(2024, 12, 13), D(2024, 3, 1))  # reported week 50, a Friday
    assert since == periods.iso_week(2024, 51)
    assert periods_missing(WEEKLY, since, periods.iso_week(2024, 52)) == 2
    assert missing_alert(2) == "red"
    leap = missing_since(MONTHLY, D(2024, 2, 29), D(2023, 1, 1))
    assert leap == periods.month(2024, 3)  # the day after 29 February is in March


def test_a_place_that_never_reported_is_missing_since_the_first_period() -> None:
    since = missing_since(MONTHLY, None, D(2024, 3, 15))
    assert since == periods.month(2024, 3)
    assert periods_missing(MONTHLY, since, periods.month(2024, 11)) == 9


def test_a_place_up_to_date_has_no_run_and_no_alert() -> None:
    since = missing_since(MONTHLY, D(2024, 12, 31), D(2023, 1, 1))
    assert periods_missing(MONTHLY, since, periods.month(2024, 11)) == 0
    assert missing_alert(0) is None
    assert missing_alert(1) == "yellow"


def test_worst_status_and_bad_cadences() -> None:
    assert worst([ON_TIME, LATE, PENDING]) == LATE
    assert worst([ON_TIME, MISSING, LATE]) == MISSING
    assert worst([]) == ON_TIME
    with pytest.raises(ValueError, match="cadence"):
        Cadence("day", 1)
    with pytest.raises(ValueError, match="grace"):
        Cadence("week", -1)
