"""Idempotent upserts by natural key, revisions, the import log, undo and cache versions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert, select

from data_access import models as m
from data_access.cache import data_version
from data_access.intake.history import import_history, undoable_files
from data_access.intake.pipeline import import_file, prepare_import
from data_access.intake.undo import UndoError, undo_last_import
from tests.data_access.intake_support import (
    count,
    csv_bytes,
    intake_engine,  # noqa: F401 - fixture
    volunteer_rows,
)

ROWS = [
    ["越秀区", "2022-05-01", "社区服务", 10, 2],
    ["海珠区", "2022-05-01", "社区服务", 20, 3],
    ["天河区", "2022-05-02", "医疗卫生", 30, 4],
]


def test_same_file_twice_changes_nothing(intake_engine: Engine) -> None:  # noqa: F811
    data = csv_bytes(ROWS)
    _, first = import_file(intake_engine, "volunteer_service", "may.csv", data, imported_by="a")
    assert (first.status, first.inserted) == ("committed", 3)
    before = volunteer_rows(intake_engine, "2022-05-01", "2022-05-31")
    rows_before = count(intake_engine, m.VolunteerService)
    _, again = import_file(intake_engine, "volunteer_service", "may.csv", data, imported_by="a")
    assert (again.status, again.inserted, again.updated, again.unchanged) == ("unchanged", 0, 0, 3)
    assert count(intake_engine, m.VolunteerService) == rows_before
    after = volunteer_rows(intake_engine, "2022-05-01", "2022-05-31")
    assert after.sort_values("adcode").equals(before.sort_values("adcode"))


def test_corrected_file_is_a_revision_and_undo_restores(intake_engine: Engine) -> None:  # noqa: F811
    first_rows = [
        ["越秀区", "2022-06-01", "社区服务", 10, 2],
        ["海珠区", "2022-06-01", "社区服务", 20, 3],
    ]
    _, first = import_file(
        intake_engine, "volunteer_service", "june.csv", csv_bytes(first_rows), imported_by="a"
    )
    corrected = [["越秀区", "2022-06-01", "社区服务", 11, 2],
                 ["海珠区", "2022-06-01", "社区服务", 20, 3],
                 ["天河区", "2022-06-01", "社区服务", 5, 1]]  # fmt: skip
    _, second = import_file(
        intake_engine, "volunteer_service", "june_v2.csv", csv_bytes(corrected), imported_by="b"
    )
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 1)
    assert second.revision_of == first.import_id
    stored = volunteer_rows(intake_engine, "2022-06-01", "2022-06-01")
    assert stored["hours"].sum() == 36  # replaced, not added on top
    history = import_history(intake_engine, "volunteer_service")
    row = history[history["id"] == second.import_id].iloc[0]
    assert (row["imported_by"], row["status"], row["rows_updated"]) == ("b", "committed", 1)
    assert len(row["file_hash"]) == 64

    with pytest.raises(UndoError):  # the first import's rows were changed later
        undo_last_import(intake_engine, "june.csv", undone_by="admin")
    version = data_version(intake_engine)
    done = undo_last_import(intake_engine, "june_v2.csv", undone_by="admin")
    assert (done.restored, done.deleted) == (1, 1)
    assert data_version(intake_engine) != version  # caches refresh
    stored = volunteer_rows(intake_engine, "2022-06-01", "2022-06-01")
    assert sorted(stored["hours"]) == [10, 20]
    undo_last_import(intake_engine, "june.csv", undone_by="admin")
    assert volunteer_rows(intake_engine, "2022-06-01", "2022-06-01").empty
    assert "june.csv" not in undoable_files(intake_engine, "volunteer_service")
    with pytest.raises(UndoError):
        undo_last_import(intake_engine, "june.csv", undone_by="admin")


def test_every_import_is_logged_and_bumps_the_data_version(intake_engine: Engine) -> None:  # noqa: F811
    version = data_version(intake_engine)
    bad = csv_bytes([["越秀区", "2022-07-01", "社区服务", -1, 1]])
    _, result = import_file(intake_engine, "volunteer_service", "bad.csv", bad, imported_by="c")
    assert result.status == "rejected"
    with intake_engine.connect() as conn:
        log = conn.execute(
            select(m.ImportLog.imported_by, m.ImportLog.rows_rejected, m.ImportRevision.status)
            .join(m.ImportRevision, m.ImportRevision.import_id == m.ImportLog.id)
            .where(m.ImportLog.id == result.import_id)
        ).one()
    assert tuple(log) == ("c", 1, "rejected")
    assert data_version(intake_engine) != version


def test_source_id_upsert_keeps_the_association_and_its_survey(intake_engine: Engine) -> None:  # noqa: F811
    with intake_engine.begin() as conn:
        assoc_id = conn.execute(
            insert(m.Association).values(
                source_id="KEEP-1",
                name="旧名称",
                level="city",
                adcode="440100",
                industry="trade",
                registered_on=dt.date(2010, 1, 1),
                has_party_org=False,
            )
        ).inserted_primary_key[0]
        conn.execute(insert(m.AssociationSurvey).values(association_id=assoc_id, survey_year=2024))
    header = [
        "统一社会信用代码",
        "名称",
        "登记级别",
        "地区",
        "所属行业",
        "登记日期",
        "是否建立党组织",
    ]
    data = csv_bytes([["KEEP-1", "新名称", "市级", "广州市", "商贸流通", "2010/1/1", "是"]], header)
    _, result = import_file(intake_engine, "association", "a.csv", data, imported_by="d")
    assert result.updated == 1
    with intake_engine.connect() as conn:
        row = conn.execute(
            select(m.Association.id, m.Association.name, m.Association.has_party_org).where(
                m.Association.source_id == "KEEP-1"
            )
        ).one()
    assert tuple(row) == (assoc_id, "新名称", True)
    done = undo_last_import(intake_engine, "a.csv", undone_by="admin")
    assert done.restored == 1
    with intake_engine.connect() as conn:
        name = conn.execute(
            select(m.Association.name).where(m.Association.source_id == "KEEP-1")
        ).scalar()
    assert name == "旧名称"


def test_department_level_comes_from_the_place(intake_engine: Engine) -> None:  # noqa: F811
    data = csv_bytes([["广州市", "2024-03-28", 12, 10, 5], ["越秀区", "", "", "", ""]],
                     ["地区", "成立日期", "核定编制", "实有人数", "社会工作观察员"])  # fmt: skip
    _, result = import_file(intake_engine, "department", "dept.csv", data, imported_by="e")
    assert result.ok
    with intake_engine.connect() as conn:
        levels = dict(
            conn.execute(
                select(m.Department.adcode, m.Department.level).where(
                    m.Department.adcode.in_(["440100", "440104"])
                )
            ).all()
        )
    assert levels == {"440100": "city", "440104": "county"}


def test_suggestion_dates_must_run_forward(intake_engine: Engine) -> None:  # noqa: F811
    header = [
        "建议编号",
        "征集渠道",
        "建议类别",
        "征集层级",
        "地区",
        "收到日期",
        "受理日期",
        "办结日期",
    ]
    row = ["S-1", "信访渠道", "民生保障", "市级", "广州市", "2024-03-05", "2024-03-01", ""]
    data = csv_bytes([row], header)
    prepared = prepare_import(intake_engine, "suggestion", "s.csv", data)
    assert prepared.rejected == 1
    assert "受理日期早于收到日期" in prepared.checked.rejected["原因"].iloc[0]


def test_city_scoped_user_cannot_import_other_cities(intake_engine: Engine) -> None:  # noqa: F811
    data = csv_bytes(
        [["越秀区", "2022-08-01", "社区服务", 1, 1], ["福田区", "2022-08-01", "社区服务", 1, 1]]
    )
    prepared = prepare_import(
        intake_engine, "volunteer_service", "x.csv", data, scope_adcode="440100"
    )
    assert (prepared.accepted, prepared.rejected) == (1, 1)
    assert "权限范围" in prepared.checked.rejected["原因"].iloc[0]


def test_county_scoped_user_imports_only_their_county(intake_engine: Engine) -> None:  # noqa: F811
    data = csv_bytes(
        [["越秀区", "2022-08-02", "社区服务", 1, 1], ["海珠区", "2022-08-02", "社区服务", 1, 1]]
    )
    prepared = prepare_import(
        intake_engine, "volunteer_service", "x.csv", data, scope_adcode="440104"
    )
    assert (prepared.accepted, prepared.rejected) == (1, 1)
    assert prepared.checked.valid["adcode"].tolist() == ["440104"]
    assert "权限范围" in prepared.checked.rejected["原因"].iloc[0]


def test_imports_refusals_and_undos_are_in_the_security_log(intake_engine: Engine) -> None:  # noqa: F811
    from data_access.security_log import read_events

    good = csv_bytes([["越秀区", "2022-09-01", "社区服务", 7, 1]])
    bad = csv_bytes([["不存在区", "2022-09-01", "社区服务", 7, 1]])
    _, done = import_file(intake_engine, "volunteer_service", "sep.csv", good, imported_by="zhao")
    _, refused = import_file(
        intake_engine, "volunteer_service", "bad9.csv", bad, imported_by="qian"
    )
    undo_last_import(intake_engine, "sep.csv", undone_by="sun")
    log = read_events(intake_engine, events=["import", "undo"], limit=3).iloc[::-1]
    assert list(zip(log["username"], log["event"], log["target"], strict=True)) == [
        ("zhao", "import", "sep.csv"),
        ("qian", "import", "bad9.csv"),
        ("sun", "undo", "sep.csv"),
    ]
    details = log["detail"].tolist()
    assert details[0] == f"volunteer_service no.{done.import_id} written: accepted 1, rejected 0"
    assert (
        details[1] == f"volunteer_service no.{refused.import_id} rejected: accepted 0, rejected 1"
    )
    assert details[2] == f"volunteer_service no.{done.import_id}"
