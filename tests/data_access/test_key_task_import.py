"""Key tasks (重点任务) through the one importer, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, delete, select

from data_access import models as m
from data_access.intake.pipeline import commit_import, import_file, prepare_import, rejected_rows
from data_access.intake.undo import undo_import
from tests.data_access.intake_support import intake_engine  # noqa: F401 - fixture

HEADER = "任务名称,牵头处室,地区,节点,计划完成日期,实际完成日期\n"


def _stored(engine: Engine) -> pd.DataFrame:
    """The stored milestones, ordered."""
    k = m.KeyTaskMilestone
    with engine.connect() as conn:
        rows = conn.execute(
            select(k.task, k.adcode, k.milestone, k.lead_office, k.due_on, k.done_on).order_by(
                k.task, k.adcode, k.milestone
            )
        ).all()
    columns = ["task", "adcode", "milestone", "lead_office", "due_on", "done_on"]
    return pd.DataFrame(rows, columns=columns)


def test_key_tasks_import_check_and_undo(intake_engine: Engine) -> None:  # noqa: F811
    with intake_engine.begin() as conn:
        conn.execute(delete(m.KeyTaskMilestone))
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    text = HEADER + (
        "牌子清理,基层治理处,广州市,清单核定,2024-06-30,2024-07-05\n"  # done late: fine
        "牌子清理,基层治理处,深圳市,清单核定,2024-06-30,\n"  # not done
        f"牌子清理,基层治理处,越秀区,全面摘牌,{future},\n"  # due in the future: fine
        f"志愿服务,志愿服务处,珠海市,平台上线,2024-05-01,{future}\n"  # done in the future
        "志愿服务,志愿服务处,火星市,平台上线,2024-05-01,\n"  # unknown place
        "志愿服务,志愿服务处,汕头市,平台上线,,\n"  # no due date
    )
    prepared, result = import_file(
        intake_engine, "key_task", "任务.csv", text.encode(), imported_by="t", partial=True
    )
    assert result.inserted == 3
    stored = _stored(intake_engine)
    assert stored[["adcode", "done_on"]].values.tolist() == [
        ["440100", dt.date(2024, 7, 5)],
        ["440104", None],
        ["440300", None],
    ]
    reasons = " | ".join(rejected_rows(prepared)["原因"])
    assert "实际完成日期" in reasons and "晚于今天" in reasons
    assert "火星市" in reasons
    assert "计划完成日期" in reasons
    # the same file again changes nothing
    _, again = import_file(
        intake_engine, "key_task", "任务.csv", text.encode(), imported_by="t", partial=True
    )
    assert again.inserted == 0 and again.updated == 0
    # Shenzhen reports its milestone done; undo brings "not done" back
    done = HEADER + "牌子清理,基层治理处,深圳市,清单核定,2024-06-30,2024-06-28\n"
    _, changed = import_file(intake_engine, "key_task", "d.csv", done.encode(), imported_by="t")
    assert changed.updated == 1
    assert _stored(intake_engine).iloc[2]["done_on"] == dt.date(2024, 6, 28)
    undo_import(intake_engine, changed.import_id, undone_by="t")
    assert _stored(intake_engine).iloc[2]["done_on"] is None


def test_a_city_user_imports_only_their_own_places(intake_engine: Engine) -> None:  # noqa: F811
    with intake_engine.begin() as conn:
        conn.execute(delete(m.KeyTaskMilestone))
    text = HEADER + (
        "人民建议征集,人民建议征集处,越秀区,建立征集点,2024-03-31,2024-03-20\n"
        "人民建议征集,人民建议征集处,深圳市,建立征集点,2024-03-31,2024-03-20\n"
    )
    prepared = prepare_import(
        intake_engine, "key_task", "s.csv", text.encode(), scope_adcode="440100"
    )
    result = commit_import(intake_engine, prepared, imported_by="gz", partial=True)
    assert result.inserted == 1
    assert _stored(intake_engine)["adcode"].tolist() == ["440104"]
    assert "深圳市" in " ".join(rejected_rows(prepared)["地区"].astype(str))
