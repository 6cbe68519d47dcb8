"""Supervision queries on SQLite and PostgreSQL: actual so far per place, suggestion alerts
equal to a direct computation from the facts, a city user sees only their own."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, delete

from data_access import models as m
from data_access.aggregate import Place
from data_access.intake.pipeline import import_file
from data_access.scope import set_visible_city
from data_access.supervision import actual_by_place, deadline_alerts, targets
from metrics.supervision import days_left, deadline_status
from tests.data_access.intake_support import csv_bytes, intake_engine  # noqa: F401 - fixture

D = dt.date
AS_OF = D(2024, 12, 31)
PROVINCE = Place("440000", "province")
SUGGESTION_HEADER = [
    "建议编号",
    "征集渠道",
    "建议类别",
    "征集层级",
    "地区",
    "收到日期",
    "受理日期",
    "办结日期",
]
# id, place, received, accepted, concluded
SUGGESTIONS = [
    ("S-A", "440104", "2024-12-01", None, None),  # 30 days without acceptance: red
    ("S-B", "440104", "2024-12-14", None, None),  # 17 days: red
    ("S-C", "440104", "2024-12-17", None, None),  # 14 days, one left: yellow
    ("S-D", "440104", "2024-12-28", None, None),  # 3 days: no alert yet
    ("S-E", "440304", "2024-09-01", "2024-09-05", None),  # accepted 117 days ago: red
    ("S-F", "440304", "2024-10-20", "2024-11-01", None),  # accepted 60 days ago, last day: yellow
    ("S-G", "440304", "2024-09-20", "2024-10-01", "2024-12-01"),  # concluded: none
    ("S-H", "440106", "2024-12-01", "2025-01-05", None),  # accepted only after the day: red
]


@pytest.fixture(scope="module")
def facts(intake_engine: Engine) -> Engine:  # noqa: F811
    """Volunteer hours, suggestions and targets imported through the importer."""
    with intake_engine.begin() as conn:
        for model in (m.VolunteerService, m.Suggestion, m.SupervisionTarget):
            conn.execute(delete(model))
    volunteer = [
        ["越秀区", "2024-01-10", "社区服务", 100, 5],
        ["越秀区", "2024-05-20", "社区服务", 50, 2],
        ["天河区", "2024-03-01", "医疗卫生", 30, 1],
        ["福田区", "2024-02-01", "社区服务", 500, 9],
        ["福田区", "2024-08-01", "社区服务", 999, 9],  # after the window
    ]
    import_file(intake_engine, "volunteer_service", "v.csv", csv_bytes(volunteer), imported_by="t")
    rows = [[i, "12345热线", "民生保障", "市级", p, r, a, c] for i, p, r, a, c in SUGGESTIONS]
    data = csv_bytes(rows, SUGGESTION_HEADER)
    import_file(intake_engine, "suggestion", "s.csv", data, imported_by="t")
    text = (
        "地区,指标,期间,目标值,方向\n广州市,志愿服务时长,2024,400,不少于\n"
        "越秀区,志愿服务时长,2024-Q1,90,不少于\n深圳市,建议按时办结率,2025,90,不少于\n"
    )
    import_file(intake_engine, "supervision_target", "t.csv", text.encode(), imported_by="t")
    return intake_engine


def test_actual_so_far_per_city_and_county(facts: Engine) -> None:
    df = actual_by_place(
        facts,
        "volunteer_hours",
        D(2024, 1, 1),
        D(2024, 6, 30),
        ("province", "city", "county"),
        "440000",
        (15, 60),
    )
    got = dict(zip(df["adcode"], df["actual"], strict=True))
    assert got == {
        "440000": 680,
        "440100": 180,
        "440300": 500,
        "440104": 150,
        "440106": 30,
        "440304": 500,
    }


def test_targets_of_the_year_within_a_city(facts: Engine) -> None:
    guangzhou = targets(facts, 2024, Place("440100", "city"))
    assert guangzhou[["adcode", "level", "period", "target"]].values.tolist() == [
        ["440100", "city", "2024", 400.0],
        ["440104", "county", "2024-Q1", 90.0],
    ]
    assert targets(facts, 2024, Place("440300", "city")).empty  # Shenzhen's target is for 2025


def _direct(warn_days: int) -> pd.DataFrame:
    """The alerts computed row by row from the facts above with the metric's rule."""
    out = []
    for _, place, received, accepted, concluded in SUGGESTIONS:
        r = D.fromisoformat(received)
        a = D.fromisoformat(accepted) if accepted else None
        c = D.fromisoformat(concluded) if concluded else None
        if a is None or a > AS_OF:
            rule, start, limit = "acceptance", r, 15
        elif c is None or c > AS_OF:
            rule, start, limit = "conclusion", a, 60
        else:
            continue
        status = deadline_status(start, limit, AS_OF, warn_days)
        if status:
            out.append((place, rule, status, limit - days_left(start, limit, AS_OF)))
    df = pd.DataFrame(out, columns=["adcode", "rule", "status", "age"])
    return (
        df.groupby(["adcode", "rule", "status"], as_index=False)
        .agg(items=("age", "size"), oldest=("age", "max"))
        .sort_values(["adcode", "rule", "status"])
        .reset_index(drop=True)
    )


@pytest.mark.parametrize("warn_days", [0, 3, 20])
def test_alerts_equal_a_direct_computation(facts: Engine, warn_days: int) -> None:
    got = deadline_alerts(facts, AS_OF, PROVINCE, 15, 60, warn_days)
    expected = _direct(warn_days)
    pd.testing.assert_frame_equal(
        got[["adcode", "rule", "status", "items", "oldest"]], expected, check_dtype=False
    )


def test_the_alerts_at_three_days(facts: Engine) -> None:
    got = deadline_alerts(facts, AS_OF, PROVINCE, 15, 60, 3)
    assert got[["adcode", "rule", "status", "items", "oldest"]].values.tolist() == [
        ["440104", "acceptance", "red", 2, 30],
        ["440104", "acceptance", "yellow", 1, 14],
        ["440106", "acceptance", "red", 1, 30],
        ["440304", "conclusion", "red", 1, 117],
        ["440304", "conclusion", "yellow", 1, 60],
    ]


def test_a_city_user_sees_only_their_own_alerts(facts: Engine) -> None:
    set_visible_city("440300")
    try:
        got = deadline_alerts(facts, AS_OF, PROVINCE, 15, 60, 3)
    finally:
        set_visible_city(None)
    assert set(got["adcode"]) == {"440304"}
    county = deadline_alerts(facts, AS_OF, Place("440106", "county"), 15, 60, 3)
    assert county["adcode"].tolist() == ["440106"]


def test_on_time_share_in_percent_and_no_data_where_nothing_concluded(facts: Engine) -> None:
    df = actual_by_place(
        facts, "suggestions_on_time", D(2024, 1, 1), AS_OF, ("city", "county"), "440000", (15, 70)
    )
    got = dict(zip(df["adcode"], df["actual"], strict=True))
    assert got == {"440300": 100.0, "440304": 100.0}  # S-G: 11 and 61 days, within 15 and 70
    strict = actual_by_place(
        facts, "suggestions_on_time", D(2024, 1, 1), AS_OF, ("county",), "440000", (15, 60)
    )
    assert strict["actual"].tolist() == [0.0]  # 61 days > 60: late
    assert "440104" not in set(strict["adcode"])  # nothing concluded in Yuexiu: no data
