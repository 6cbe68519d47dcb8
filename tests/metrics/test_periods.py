"""Reporting periods: boundaries, predecessors, last year's twin and Chinese labels."""

import datetime as dt

from metrics import periods


def test_week_label_reads_like_a_chinese_report() -> None:
    week = periods.iso_week(2024, 48)
    assert week.start == dt.date(2024, 11, 25) and week.end == dt.date(2024, 12, 1)
    assert week.label("zh") == "2024年第48周（11月25日—12月1日）"


def test_iso_week_one_can_start_in_the_previous_calendar_year() -> None:
    week = periods.containing("week", dt.date(2025, 1, 1))
    assert week.start == dt.date(2024, 12, 30)
    assert periods.previous(week) == periods.iso_week(2024, 52)


def test_week_53_compares_with_last_week_of_a_52_week_year() -> None:
    week53 = periods.iso_week(2020, 53)
    assert periods.same_period_last_year(week53) == periods.iso_week(2019, 52)


def test_previous_quarter_crosses_the_year() -> None:
    assert periods.previous(periods.quarter(2024, 1)) == periods.quarter(2023, 4)
    assert periods.quarter(2024, 4).end == dt.date(2024, 12, 31)


def test_month_ends_handle_february_and_december() -> None:
    assert periods.month(2024, 2).end == dt.date(2024, 2, 29)
    assert periods.month(2023, 12).end == dt.date(2023, 12, 31)
    assert periods.same_period_last_year(periods.month(2024, 2)) == periods.month(2023, 2)


def test_periods_between_lists_newest_first_and_covers_both_ends() -> None:
    years = periods.periods_between("year", dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    assert [p.start.year for p in years] == [2025, 2024, 2023]


def test_labels_in_english() -> None:
    assert periods.quarter(2024, 3).label("en") == "Q3 2024"
    assert periods.year(2024).label("zh") == "2024年"


def test_target_period_codes() -> None:
    from metrics.periods import from_code, month, quarter, year

    assert from_code("2024") == year(2024)
    assert from_code("2024-Q2") == quarter(2024, 2)
    assert from_code("2024-02") == month(2024, 2)
    assert from_code("2024-02").end.day == 29


def test_a_command_line_names_a_week_month_quarter_or_year() -> None:
    import datetime as _dt

    import pytest

    from metrics.periods import named_period

    assert named_period("2024-w48").start == _dt.date(2024, 11, 25)
    assert named_period(None, "2024-11").end == _dt.date(2024, 11, 30)
    assert named_period(None, None, "2024-Q4").start == _dt.date(2024, 10, 1)
    assert named_period(year_value="2024").kind == "year"
    for bad in ({"week_code": "2024-W60"}, {"month_code": "2024-13"}, {}):
        with pytest.raises(ValueError):
            named_period(**bad)
