"""Every public metrics function that takes a frame or series leaves it as it was.

Each case builds a small realistic input, calls the function on it, checks the input against a
deep copy taken before the call, and checks one figure a user would see from the output. The
cases are checked against the metrics package itself: a new public function that takes a frame
or a series fails the suite until it has a case here.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest

import metrics
from metrics import buildout as mb
from metrics import frames as mf
from metrics import handling as mh
from metrics import key_tasks as mk
from metrics import movers as mm
from metrics import per_place as mp
from metrics import rates as mr
from metrics import signage as ms
from metrics import supervision as msv
from metrics import timeliness as mt

D = dt.date
FOUNDED = D(2024, 1, 18)


def _by_day() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["county", "city", "province", "city", "county", "county"],
            "established_on": [D(2024, 4, 1), D(2024, 2, 1), FOUNDED, D(2024, 3, 1), None, None],
            "departments": [1, 1, 1, 1, 2, 1],
        }
    )


def _departments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "adcode": ["440100", "440103", "440104", "440200", "440203"],
            "level": ["city", "county", "county", "city", "county"],
            "city_adcode": ["440100", "440100", "440100", "440200", "440200"],
            "established_on": [D(2024, 1, 28), D(2024, 2, 7), D(2024, 3, 8), D(2024, 2, 1), None],
            "posts_authorised": [20, 10, 0, 16, 8],
            "posts_filled": [15, 10, 0, 4, 0],
        }
    )


def _plaque_status() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "adcode": ["440103", "440104", "440203"],
            "villages": [12, 0, 30],
            "communities": [8, 0, 10],
            "plaque_kinds_before": [100, 80, 90],
            "plaque_kinds_now": [21, 25, 25],
            "mechanisms_before": [20, 20, 20],
            "mechanisms_now": [7, 8, 9],
        }
    )


def _hours(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"adcode": ["440100", "440200", "440300"], "hours": values})


def _ranked() -> pd.DataFrame:
    return mp.ranked_with_change(
        _hours([500.0, 900.0, 100.0]), _hours([400.0, 1000.0, 0.0]), "hours"
    )


def _timeliness_hist() -> pd.DataFrame:
    return pd.DataFrame(
        {"done": [1, 1, 1, 0, 0], "days": [3, 10, 20, 5, 40], "items": [4, 3, 1, 2, 1]}
    )


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


def _milestones() -> pd.DataFrame:
    rows = [
        ("牌子清理", "440100", "摸底", "基层治理处", D(2024, 3, 31), D(2024, 3, 20)),
        ("牌子清理", "440100", "摘牌", "基层治理处", D(2024, 9, 30), None),
        ("志愿服务", "440300", "平台", "志愿服务处", D(2024, 12, 3), None),
        ("人民建议", "440400", "办法", "征集处", D(2023, 4, 30), D(2023, 4, 1)),
    ]
    return pd.DataFrame(rows, columns=mk.COLUMNS)


def _milestone_states() -> pd.DataFrame:
    return mk.milestone_states(_milestones(), D(2024, 12, 1), 3)


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place": ["A", "B", "C"],
            "start": [D(2024, 1, 1)] * 3,
            "end": [D(2024, 12, 31)] * 3,
            "target": [3_660.0, 3_660.0, 21.0],
            "direction": [msv.AT_LEAST, msv.AT_LEAST, msv.AT_MOST],
            "proportional": [True, True, False],
            "actual": [1_900.0, 1_500.0, float("nan")],
        }
    )


@dataclass(frozen=True)
class Case:
    """A function, the inputs it gets and what its output must show."""

    name: str
    inputs: Callable[[], tuple[Any, ...]]  # the frames/series, then any plain arguments
    call: Callable[..., Any]
    shows: Callable[[Any], bool]


CASES = [
    Case(
        "buildout.cumulative_formation",
        lambda: (_by_day(), D(2024, 1, 1), D(2024, 4, 30)),
        mb.cumulative_formation,
        # county: 1 of 4 departments formed by the last day
        lambda out: (
            out[(out["level"] == "county")].iloc[-1][["formed", "total"]].tolist() == [1, 4]
        ),
    ),
    Case(
        "buildout.formed_on",
        lambda: (_by_day(), D(2024, 2, 15)),
        mb.formed_on,
        lambda out: out == {"province": (1, 1), "city": (1, 2), "county": (0, 4)},
    ),
    Case(
        "buildout.completion_day",
        lambda: (_by_day(), "city"),
        mb.completion_day,
        lambda out: out == D(2024, 3, 1),
    ),
    Case(
        "buildout.days_since",
        lambda: (_departments()["established_on"],),
        lambda days: mb.days_since(FOUNDED, days),
        lambda out: out.iloc[0] == 10 and pd.isna(out.iloc[4]),
    ),
    Case(
        "buildout.with_status",
        lambda: (_departments(), D(2024, 2, 1)),
        lambda deps, day: mb.with_status(deps, day, FOUNDED),
        lambda out: (
            out["formed"].tolist() == [True, False, False, True, False]
            and out["fill_rate"].iloc[3] == pytest.approx(0.25)
        ),
    ),
    Case(
        "buildout.formation_month",
        lambda: (_departments()["established_on"], D(2024, 2, 29)),
        mb.formation_month,
        lambda out: out.iloc[:2].tolist() == ["2024-01", "2024-02"] and pd.isna(out.iloc[2]),
    ),
    Case(
        "buildout.city_formation_days",
        lambda: (_departments(),),
        lambda deps: mb.city_formation_days(deps, FOUNDED),
        # Guangzhou's counties were all formed 50 days after the founding
        lambda out: out.set_index("adcode").loc["440100", "counties_days"] == 50,
    ),
    Case(
        "signage.kind_changes",
        lambda: (
            pd.DataFrame(
                {
                    "scope": ["internal", "mechanism", "village"],
                    "before": [15, 27, 140],
                    "after": [15, 7, 21],
                }
            ),
        ),
        ms.kind_changes,
        lambda out: out.set_index("scope").loc["village", "rate"] == pytest.approx(0.85),
    ),
    Case(
        "signage.per_unit",
        lambda: (
            pd.DataFrame({"adcode": ["440203", "440103"], "plaques_removed": [80, 200]}),
            _plaque_status(),
        ),
        ms.per_unit,
        lambda out: out.set_index("adcode").loc["440103", "per_unit"] == pytest.approx(10.0),
    ),
    Case(
        "signage.laggards",
        lambda: (_plaque_status(), 20),
        ms.laggards,
        # two counties hang 25 kinds; the one with more mechanisms left ranks first
        lambda out: out.iloc[0][["adcode", "over_standard"]].tolist() == ["440203", 5],
    ),
    Case(
        "signage.cumulative",
        lambda: (
            pd.DataFrame(
                {"period": ["2024-03", "2024-01", "2024-02"], "plaques_removed": [30, 100, 50]}
            ),
        ),
        ms.cumulative,
        lambda out: out["cumulative"].tolist() == [100, 150, 180],
    ),
    Case(
        "per_place.per_10k_residents",
        lambda: (
            pd.DataFrame(
                {"adcode": ["440100", "440200"], "volunteers": [3000, 50], "pop_10k": [1500.0, 0.0]}
            ),
        ),
        lambda df: mp.per_10k_residents(df, "volunteers", "pop_10k", "per_10k"),
        lambda out: (
            out["per_10k"].iloc[0] == pytest.approx(2.0) and pd.isna(out["per_10k"].iloc[1])
        ),
    ),
    Case(
        "per_place.share_column",
        lambda: (
            pd.DataFrame({"adcode": ["440100", "440200"], "party": [30, 0], "orgs": [120, 0]}),
        ),
        lambda df: mp.share_column(df, "party", "orgs", "coverage"),
        lambda out: out["coverage"].iloc[0] == pytest.approx(0.25),
    ),
    Case(
        "per_place.ranked_with_change",
        lambda: (_hours([500.0, 900.0, 100.0]), _hours([400.0, 1000.0, 0.0]), "hours"),
        mp.ranked_with_change,
        lambda out: out.iloc[0][["adcode", "rank", "change"]].tolist() == ["440200", 1, -100.0],
    ),
    Case(
        "per_place.top_and_bottom",
        lambda: (_ranked(), 1),
        mp.top_and_bottom,
        lambda out: (
            (out[0]["adcode"].tolist(), out[1]["adcode"].tolist()) == (["440200"], ["440300"])
        ),
    ),
    Case(
        "movers.place_changes",
        lambda: (_hours([500.0, 900.0, 100.0]), _hours([400.0, 1000.0, 0.0]), "hours"),
        mm.place_changes,
        lambda out: (
            out.set_index("adcode").loc["440300", "is_new"]
            and out.set_index("adcode").loc["440100", "relative"] == pytest.approx(0.25)
        ),
    ),
    Case(
        "movers.top_movers",
        lambda: (
            mm.place_changes(_hours([500.0, 900.0, 100.0]), _hours([400.0, 1000.0, 0.0]), "hours"),
            1,
        ),
        mm.top_movers,
        # 440100 and 440300 both rose by 100: the tie goes by adcode
        lambda out: (
            (out[0]["adcode"].tolist(), out[1]["adcode"].tolist()) == (["440100"], ["440200"])
        ),
    ),
    Case(
        "handling.satisfaction",
        lambda: (pd.DataFrame({"score": [5, 4, 2], "items": [6, 2, 2]}),),
        mh.satisfaction,
        lambda out: out.rated == 10 and out.satisfied_share == pytest.approx(0.8),
    ),
    Case(
        "timeliness.histogram_quantile",
        lambda: (pd.Series([3, 10, 20]), pd.Series([4, 3, 1]), 0.5),
        mt.histogram_quantile,
        # 3,3,3,3,10,10,10,20: halfway between the 4th and 5th value
        lambda out: out == pytest.approx(6.5),
    ),
    Case(
        "timeliness.timeliness",
        lambda: (_timeliness_hist(), 15),
        mt.timeliness,
        # 7 done within 15 days; 1 done late plus 1 open past the limit
        lambda out: (out.on_time, out.late, out.pending) == (7, 2, 2),
    ),
    Case(
        "timeliness.is_overdue",
        lambda: (pd.Series([0, 1, 1]), pd.Series([5, 20, 40]), 3, 30),
        mt.is_overdue,
        lambda out: out.tolist() == [True, False, True],
    ),
    Case(
        "timeliness.age_band",
        lambda: (pd.Series([0, 16, 45, 90, 120]),),
        mt.age_band,
        lambda out: out.tolist() == ["0-15", "16-30", "31-60", "61-90", ">90"],
    ),
    Case(
        "timeliness.backlog_by_band",
        lambda: (_backlog(), 15, 60),
        mt.backlog_by_band,
        lambda out: out["overdue"].tolist() == [0, 2, 0, 0, 1],
    ),
    Case(
        "timeliness.backlog_by_place",
        lambda: (_backlog(), 15, 60),
        mt.backlog_by_place,
        lambda out: out.set_index("adcode").loc["440300", "overdue_share"] == pytest.approx(1 / 11),
    ),
    Case(
        "rates.per_10k_column",
        lambda: (pd.DataFrame({"volunteers": [3000, 50], "population": [15_000_000, 0]}),),
        lambda df: mr.per_10k_column(df, "volunteers", "population", "per_10k"),
        lambda out: (
            out["per_10k"].iloc[0] == pytest.approx(2.0) and pd.isna(out["per_10k"].iloc[1])
        ),
    ),
    Case(
        "frames.records",
        lambda: (_hours([500.0, 900.0, 100.0]),),
        lambda df: list(mf.records(df)),  # an iterator: read it all while the frame is checked
        lambda out: [row.hours for row in out] == [500.0, 900.0, 100.0],
    ),
    Case(
        "key_tasks.milestone_states",
        lambda: (_milestones(), D(2024, 12, 1), 3),
        mk.milestone_states,
        lambda out: out["state"].tolist() == ["done", "red", "yellow", "done"],
    ),
    Case(
        "key_tasks.rolled_status",
        lambda: (pd.Series(["done", "yellow", "open"]),),
        mk.rolled_status,
        lambda out: out == "yellow",
    ),
    Case(
        "key_tasks.summary",
        lambda: (_milestone_states(), "task"),
        mk.summary,
        lambda out: (
            out.set_index("task").loc["牌子清理", ["done", "red", "status"]].tolist()
            == [1, 1, "red"]
        ),
    ),
    Case(
        "key_tasks.tasks_of_year",
        lambda: (_milestones(), 2024),
        mk.tasks_of_year,
        # the 2023 task was done in 2023: not carried over
        lambda out: sorted(set(out["task"])) == ["志愿服务", "牌子清理"],
    ),
    Case(
        "supervision.progress",
        lambda: (_targets(), D(2024, 7, 1), 0.1),  # 183 of 366 days: 1,830 due
        msv.progress,
        lambda out: out["status"].tolist() == ["green", "red", "none"],
    ),
    Case(
        "supervision.status_counts",
        lambda: (msv.progress(_targets(), D(2024, 7, 1), 0.1),),
        msv.status_counts,
        lambda out: out == {"red": 1, "yellow": 0, "green": 1, "none": 1},
    ),
]


def _takes_a_frame_or_series(fn: Callable[..., Any]) -> bool:
    hints = typing.get_type_hints(fn)
    hints.pop("return", None)
    return any("DataFrame" in str(h) or "Series" in str(h) for h in hints.values())


def _public_frame_functions() -> set[str]:
    """module.function for every public metrics function with a frame or series parameter."""
    found = set()
    for info in pkgutil.iter_modules(metrics.__path__):
        module = importlib.import_module(f"metrics.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            if _takes_a_frame_or_series(fn):
                found.add(f"{info.name}.{name}")
    return found


def test_every_public_frame_function_has_a_case() -> None:
    listed = {c.name for c in CASES}
    assert len(listed) == len(CASES), "a function is listed twice"
    public = _public_frame_functions()
    assert public - listed == set(), "public metrics functions without a no-mutation case"
    assert listed - public == set(), "cases for functions that are gone or renamed"


def _assert_same(after: object, before: object) -> None:
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(after, before)  # type: ignore[arg-type]  # same type as before
    elif isinstance(before, pd.Series):
        pd.testing.assert_series_equal(after, before)  # type: ignore[arg-type]  # same type as before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_leaves_its_input_unchanged_and_shows_the_figure(case: Case) -> None:
    inputs = case.inputs()
    copies = copy.deepcopy(inputs)
    out = case.call(*inputs)
    assert any(isinstance(x, pd.DataFrame | pd.Series) for x in inputs)
    for after, before in zip(inputs, copies, strict=True):
        _assert_same(after, before)
    assert case.shows(out), f"{case.name} returned {out!r}"
