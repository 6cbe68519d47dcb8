"""The indicators added to supervision targets, on SQLite and PostgreSQL: hours per 10,000
residents, plaque kinds still hung, suggestions accepted on time, departments formed by a
date; imported through the importer, judged against 序时进度, and since when behind."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, insert

from config import get_settings
from data_access import models as m
from data_access.aggregate import Place
from data_access.intake.pipeline import import_file, rejected_rows
from data_access.meta import regions
from data_access.supervision import actual_by_place
from services.supervision_view import alert_list, behind_since_column, progress_table
from tests.data_access.intake_support import csv_bytes, intake_engine  # noqa: F401 - fixture

D = dt.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))
LEVELS = ("province", "city", "county")
SUGGESTION_HEADER = ["建议编号", "征集渠道", "建议类别", "征集层级", "地区", "收到日期", "受理日期"]
SUGGESTIONS = [  # id, place, received, accepted
    ("A-1", "440104", "2024-01-01", "2024-01-10"),  # 9 days: on time
    ("A-2", "440104", "2024-01-01", "2024-01-20"),  # 19 days: late
    ("A-3", "440106", "2024-02-20", "2024-03-06"),  # 15 days over 29 February: on time
    ("A-4", "440304", "2024-12-25", "2025-01-02"),  # accepted in 2025: not in 2024
]
TARGETS = (
    "地区,指标,期间,目标值,方向\n"
    "越秀区,志愿服务时长,2024,1200,不少于\n"
    "广州市,每万人志愿服务时长,2024,1,不少于\n"
    "广州市,仍挂牌子种类数,2024,21,不多于\n"
    "越秀区,建议按时受理率,2024,90,不少于\n"
    "广州市,已组建社会工作部门数,2024-Q2,3,不少于\n"
    "广州市,挂牌率,2024,1,不多于\n"
)


@pytest.fixture(scope="module")
def facts(intake_engine: Engine) -> Engine:  # noqa: F811
    """Volunteer hours, suggestions and targets imported; departments and signage written."""
    with intake_engine.begin() as conn:
        for model in (m.VolunteerService, m.Suggestion, m.SupervisionTarget):
            conn.execute(delete(model))
        conn.execute(delete(m.SignageStatus))
        conn.execute(delete(m.Department))
        conn.execute(
            insert(m.Department),
            [
                {"adcode": "440000", "level": "province", "established_on": D(2024, 1, 18)},
                {"adcode": "440100", "level": "city", "established_on": D(2024, 3, 1)},
                {"adcode": "440104", "level": "county", "established_on": D(2024, 7, 1)},
                {"adcode": "440106", "level": "county", "established_on": None},
            ],
        )
        signage = {"villages": 10, "communities": 5, "plaque_kinds_before": 80}
        signage |= {"mechanisms_before": 20, "mechanisms_now": 7}
        conn.execute(
            insert(m.SignageStatus),
            [
                {"adcode": "440104", "as_of": D(2024, 6, 30), "plaque_kinds_now": 23, **signage},
                {"adcode": "440106", "as_of": D(2025, 1, 15), "plaque_kinds_now": 30, **signage},
            ],
        )
    volunteer = [
        ["越秀区", "2024-01-10", "社区服务", 100, 5],
        ["越秀区", "2024-03-05", "社区服务", 200, 5],
        ["天河区", "2024-02-01", "社区服务", 50, 2],
    ]
    import_file(intake_engine, "volunteer_service", "v.csv", csv_bytes(volunteer), imported_by="t")
    rows = [[i, "12345热线", "民生保障", "县级", p, r, a] for i, p, r, a in SUGGESTIONS]
    data = csv_bytes(rows, SUGGESTION_HEADER)
    import_file(intake_engine, "suggestion", "s.csv", data, imported_by="t")
    return intake_engine


def _actual(
    engine: Engine, indicator: str, end: dt.date, population: dict[str, float] | None = None
) -> dict[str, float]:
    """adcode → actual from 1 January 2024 to `end`, each place at its own level."""
    df = actual_by_place(engine, indicator, YEAR[0], end, LEVELS, "440000", (15, 60), population)
    level = df["adcode"].map(
        lambda a: "province" if a == "440000" else "city" if a.endswith("00") else "county"
    )
    df = df[df["level"] == level]
    return {a: round(float(v), 4) for a, v in zip(df["adcode"], df["actual"], strict=True)}


def test_new_indicators_import_and_an_unknown_one_is_refused(facts: Engine) -> None:
    prepared, result = import_file(
        facts, "supervision_target", "目标.csv", TARGETS.encode(), imported_by="t", partial=True
    )
    assert result.inserted == 5
    zh = " ".join(rejected_rows(prepared)["原因"])
    en = " ".join(rejected_rows(prepared, "en")["reason"])
    assert "未知的取值：挂牌率" in zh and "仍挂牌子种类数" in zh and "建议按时受理率" in zh
    assert "unknown value: 挂牌率" in en and "volunteer_hours_per_10k" in en


def test_suggestions_accepted_on_time_per_place(facts: Engine) -> None:
    got = _actual(facts, "suggestions_accepted_on_time", YEAR[1])
    assert got == {"440000": 66.6667, "440100": 66.6667, "440104": 50.0, "440106": 100.0}
    concluded = _actual(facts, "suggestions_on_time", YEAR[1])
    assert concluded == {}  # nothing concluded: no data, and not the same figure


def test_accepted_on_time_with_another_limit_reads_the_facts(facts: Engine) -> None:
    df = actual_by_place(
        facts, "suggestions_accepted_on_time", *YEAR, ("county",), "440000", (10, 60)
    )  # the rollup counts with the stored 15 days: a 10-day limit is read from the facts
    got = dict(zip(df["adcode"], df["actual"], strict=True))
    assert got == {"440104": 50.0, "440106": 0.0}  # 15 days is late against 10
    mid = actual_by_place(
        facts,
        "suggestions_accepted_on_time",
        D(2024, 1, 15),
        D(2024, 3, 5),
        ("county",),
        "440000",
        (15, 60),
    )  # part months on both sides, whole February from the rollup
    assert dict(zip(mid["adcode"], mid["actual"], strict=True)) == {"440104": 0.0}


def test_hours_per_10k_residents(facts: Engine) -> None:
    got = _actual(
        facts, "volunteer_hours_per_10k", YEAR[1], population={"440100": 1868.0, "440104": 100.0}
    )
    assert got["440104"] == 3.0 and got["440100"] == round(350 / 1868, 4)
    assert pd.isna(got["440106"])  # no population: no rate


def test_plaque_kinds_hung_on_the_day(facts: Engine) -> None:
    assert _actual(facts, "plaque_kinds_hung", D(2024, 12, 31)) == {
        "440000": 23.0,
        "440100": 23.0,  # Tianhe's status is dated 2025: not known at the end of 2024
        "440104": 23.0,
    }
    assert _actual(facts, "plaque_kinds_hung", D(2025, 1, 31))["440100"] == 30.0
    assert _actual(facts, "plaque_kinds_hung", D(2024, 6, 29)) == {}  # nothing dated yet: no data


def test_departments_formed_by_a_day(facts: Engine) -> None:
    by_june = _actual(facts, "departments_formed", D(2024, 6, 30))
    assert by_june == {"440000": 1.0, "440100": 1.0, "440104": 0.0, "440106": 0.0}
    by_july = _actual(facts, "departments_formed", D(2024, 7, 31))
    assert by_july["440100"] == 2.0 and by_july["440000"] == 2.0  # not the province's own


def _progress(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """The progress table of the whole province on a day."""
    places = regions(engine)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    return progress_table(engine, 2024, as_of, Place("440000", "province"), get_settings(), names)


def test_progress_of_the_new_indicators(facts: Engine) -> None:
    table = _progress(facts, D(2024, 5, 20)).set_index("indicator")
    kinds = table.loc["plaque_kinds_hung"]
    assert kinds["status"] == "none"  # no signage status dated by 20 May
    departments = table.loc["departments_formed"]  # 1 of 3 by the day, the whole target due
    assert departments["expected"] == 3 and departments["actual"] == 1
    assert departments["status"] == "red"
    accepted = table.loc["suggestions_accepted_on_time"]  # Yuexiu 50 % against 90 %
    assert accepted["actual"] == 50.0 and accepted["status"] == "red"
    per_10k = table.loc["volunteer_hours_per_10k"]  # Guangzhou's census population
    assert per_10k["actual"] == pytest.approx(350 / 1868)
    assert per_10k["expected"] == pytest.approx(141 / 366) and per_10k["status"] == "red"
    end = _progress(facts, D(2024, 12, 31)).set_index("indicator")
    assert end.loc["plaque_kinds_hung", "status"] == "yellow"  # 23 kinds: 9.5 % over 21
    assert end.loc["departments_formed", "actual"] == 1  # judged on 30 June, the period's end


def test_since_when_behind_is_judged_at_month_ends(facts: Engine) -> None:
    as_of = D(2024, 5, 20)
    table = _progress(facts, as_of)
    hours = table[table["indicator"] == "volunteer_hours"]
    # 1,200 a year, 300 done by March: due 101.6 (31 Jan, yellow), 197 (29 Feb, red),
    # 298 (31 Mar, green), 396 (30 Apr, red), 462 (20 May, red): behind since 30 April
    since = behind_since_column(facts, hours, as_of, get_settings())
    assert since.tolist() == [D(2024, 4, 30)]
    places = regions(facts)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    alerts = alert_list(facts, as_of, Place("440000", "province"), get_settings(), names, table)
    behind = alerts[alerts["kind"] == "behind_schedule"].set_index("indicator")
    assert behind.loc["volunteer_hours", "since"] == D(2024, 4, 30)
    assert behind.loc["departments_formed", "since"] == D(2024, 4, 30)  # a Q2 target
    assert behind.loc["suggestions_accepted_on_time", "since"] == D(2024, 1, 31)
