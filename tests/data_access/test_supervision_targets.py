"""Supervision targets through the one importer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, select

from data_access import models as m
from data_access.intake.cleaning import CellError, parse_period
from data_access.intake.pipeline import import_file, rejected_rows
from data_access.intake.undo import undo_import
from tests.data_access.intake_support import intake_engine  # noqa: F401 - fixture

HEADER = "地区,指标,期间,目标值,方向\n"


def _stored(engine: Engine) -> pd.DataFrame:
    t = m.SupervisionTarget
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.adcode, t.indicator, t.period, t.target, t.direction).order_by(
                t.adcode, t.indicator, t.period
            )
        ).all()
    return pd.DataFrame(rows, columns=["adcode", "indicator", "period", "target", "direction"])


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("2024", "2024"),
        (2024, "2024"),
        ("2024年", "2024"),
        ("2024年度", "2024"),
        ("2024年第2季度", "2024-Q2"),
        ("2024年二季度", "2024-Q2"),
        ("2024Q3", "2024-Q3"),
        ("2024-Q4", "2024-Q4"),
        ("2024-03", "2024-03"),
        ("2024年3月", "2024-03"),
        ("２０２４年１２月", "2024-12"),
    ],
)
def test_periods_as_people_write_them(cell: object, code: str) -> None:
    assert parse_period(cell) == code


@pytest.mark.parametrize("cell", ["2024-13", "2024年第5季度", "下半年", "24", 2024.5])
def test_impossible_periods_are_refused(cell: object) -> None:
    with pytest.raises(CellError):
        parse_period(cell)


def test_targets_import_and_reimport_changes_nothing(intake_engine: Engine) -> None:  # noqa: F811
    with intake_engine.begin() as conn:
        conn.execute(delete(m.SupervisionTarget))
    text = HEADER + (
        "广州市,志愿服务时长,2024,2000000,不少于\n"
        "越秀区,摘除牌子数,2024年第2季度,300,不少于\n"
        "深圳市,建议按时办结率,2024,95,不少于\n"
        "珠海市,志愿服务时长,下半年,100,不少于\n"
        "佛山市,建议按时办结率,2024,120,不少于\n"
        "汕头市,跑步里程,2024,1,不少于\n"
    )
    prepared, result = import_file(
        intake_engine,
        "supervision_target",
        "目标.csv",
        text.encode(),
        imported_by="t",
        partial=True,
    )
    assert result.inserted == 3
    stored = _stored(intake_engine)
    assert stored.values.tolist() == [
        ["440100", "volunteer_hours", "2024", 2_000_000.0, "at_least"],
        ["440104", "plaques_removed", "2024-Q2", 300.0, "at_least"],
        ["440300", "suggestions_on_time", "2024", 95.0, "at_least"],
    ]
    reasons = rejected_rows(prepared)["原因"].tolist()
    assert any("期间" in r and "下半年" in r for r in reasons)
    assert any("不能大于 100" in r for r in reasons)
    assert any("跑步里程" in r for r in reasons)
    _, again = import_file(
        intake_engine,
        "supervision_target",
        "目标.csv",
        text.encode(),
        imported_by="t",
        partial=True,
    )
    assert again.inserted == 0 and again.updated == 0
    update = HEADER + "广州市,志愿服务时长,2024年,2500000,不少于\n"
    _, changed = import_file(
        intake_engine, "supervision_target", "u.csv", update.encode(), imported_by="t"
    )
    assert changed.updated == 1
    assert _stored(intake_engine).iloc[0]["target"] == 2_500_000
    undo_import(intake_engine, changed.import_id, undone_by="t")
    assert _stored(intake_engine).iloc[0]["target"] == 2_000_000  # the earlier value is back
