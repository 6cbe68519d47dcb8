"""Suggestion imports: a messy file's outcome (stored expectations, CSV and XLSX alike), partial
files over stored rows, re-imports, undo of inserted and updated rows, place-days, rollups."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, insert, select

from data_access import models as m
from data_access import rollup_defs
from data_access.intake.pipeline import import_file, prepare_import, rejected_rows, skipped_rows
from data_access.intake.undo import UndoError, undo_last_import
from tests.data_access.intake_support import (
    csv_bytes,
    intake_engine,  # noqa: F401 - fixture
    xlsx_bytes,
)

HEADER = ["建议编号", "征集渠道", "建议类别", "征集层级", "地区", "收到日期", "受理日期"]
HEADER += ["办结日期", "是否采纳", "满意度"]
OK = ["12345热线", "民生保障", "市级", "越秀区", "2024-03-01"]
MESSY = [
    ["M-1", "12345热线", "民生保障", "市级", "越秀区", "2024-03-01", "2024-03-05", "2024-04-10"]
    + ["是", "5"],
    ["M-2", "hotline", "economy", "city", "440104", "2024/3/2", "", "", "否", ""],
    ["M-3", "12345热线", "民生保障", "市级", "不存在区", "2024-03-01", "", "", "", ""],
    ["M-4", *OK[:4], "2024-13-01", "", "", "", ""],
    ["M-5", *OK[:4], "2024-02-30", "", "", "", ""],
    ["合计", "", "", "", "", "", "", "", "", ""],
    ["M-1", *OK, "", "", "", ""],
    ["M-6", "电话", *OK[1:], "", "", "", ""],
    ["", *OK, "", "", "", ""],
    ["M-7", "12345热线", "", "市级", "越秀区", "2024-03-01", "", "", "", ""],
    ["M-8", *OK[:4], "2024-03-09", "2024-03-05", "", "", ""],
    ["M-9", *OK[:4], "2099-01-01", "", "", "", ""],
    ["M-10", *OK, "", "", "", "9"],
    ["Ｍ－１１", *OK[:3], "广州市越秀区", "2024年3月1日", "20240302", "", "y", "3"],
    [" M-12 ", *OK[:3], "广州市本级", "2024-03-01", "", "", "", ""],
    ["X" * 41, *OK, "", "", "", ""],
    ["M-13", "清空", *OK[1:], "", "", "", ""],
    ["M-14", *OK, "清空", "", "maybe", "3.5"],
    ["填表人：张三", "", "", "", "", "", "", "", "", ""],
    ["M-15", *OK, "2024-03-02", "2024-03-01", "", ""],
    ["m-1", *OK, "", "", "", ""],
    ["clear", *OK, "", "", "", ""],
    ["M-16", *OK[:3], "广东省", "2024-03-01", "", "", "", "0"],
    ["示例：GD-1", *OK, "", "", "", ""],
]
TODAY = dt.date.today().isoformat()
REJECTED = [
    (4, "地区：未知的地区：不存在区", "地区: unknown place: 不存在区"),
    (5, "收到日期：不存在的日期：2024-13-01", "收到日期: impossible date: 2024-13-01"),
    (6, "收到日期：不存在的日期：2024-02-30", "收到日期: impossible date: 2024-02-30"),
    (8, "与第 2 行重复", "duplicate of row 2"),
    (
        9,
        "征集渠道：未知的取值：电话（可选：信访渠道、12345热线、网上征集平台、专题征集活动、"
        "基层联系点）",
        "征集渠道: unknown value: 电话 (one of: petition, hotline, online, campaign, liaison)",
    ),
    (10, "建议编号：缺少必填值", "建议编号: value required"),
    (11, "建议类别：缺少必填值", "建议类别: value required"),
    (12, "受理日期早于收到日期", "accepted on is before received on"),
    (13, f"收到日期：2099-01-01 晚于今天（{TODAY}）", "received on: 2099-01-01 is after today"),
    (14, "满意度：不能大于 5：9", "满意度: must be at most 5: 9"),
    (17, "建议编号：超过 40 个字符", "建议编号: longer than 40 characters"),
    (18, "征集渠道：必填项不能清空", "征集渠道: a required value cannot be cleared"),
    (
        19,
        "是否采纳：应为“是”或“否”：maybe；满意度：应为整数：3.5",
        "是否采纳: must be yes or no: maybe; 满意度: must be a whole number: 3.5",
    ),
    (21, "办结日期早于受理日期", "concluded on is before accepted on"),
    (23, "建议编号：必填项不能清空", "建议编号: a required value cannot be cleared"),
    (24, "满意度：不能小于 1：0", "满意度: must be at least 1: 0"),
]
SKIPPED = [
    [7, "合计行（合计）"],
    [20, "说明行（填表人：张三）"],
    [25, "示例行（模板中的示例，不导入）"],
]


@pytest.mark.parametrize("name", ["messy.csv", "messy.xlsx"])
def test_messy_file_is_checked_as_before(intake_engine: Engine, name: str) -> None:  # noqa: F811
    data = csv_bytes(MESSY, HEADER) if name.endswith(".csv") else xlsx_bytes([HEADER, *MESSY])
    prepared = prepare_import(intake_engine, "suggestion", name, data)
    zh, en = rejected_rows(prepared), rejected_rows(prepared, "en")
    assert list(zip(zh["行号"], zh["原因"], en["reason"], strict=True)) == REJECTED
    assert skipped_rows(prepared).values.tolist() == SKIPPED
    valid = prepared.checked.valid
    assert valid["source_id"].tolist() == ["M-1", "M-2", "M-11", "M-12", "m-1"]
    assert valid["adcode"].tolist() == ["440104", "440104", "440104", "440100", "440104"]
    assert valid["received_on"].tolist() == [dt.date(2024, 3, d) for d in (1, 2, 1, 1, 1)]
    assert valid["accepted_on"].astype(str).tolist() == [
        "2024-03-05",
        "（不变）",
        "2024-03-02",
        "（不变）",
        "（不变）",
    ]


def _stored(engine: Engine, prefix: str) -> pd.DataFrame:
    """The stored suggestions whose id starts with prefix, every column, by id."""
    table = m.Suggestion.__table__
    with engine.connect() as conn:
        rows = conn.execute(
            select(table).where(table.c.source_id.like(f"{prefix}%")).order_by(table.c.source_id)
        )
        return pd.DataFrame(rows.mappings().all())


def _place_days(engine: Engine, import_id: int) -> set[tuple[str, dt.date]]:
    """The places and days an import is recorded as having written."""
    t = m.ImportPlaceDay
    with engine.connect() as conn:
        rows = conn.execute(select(t.adcode, t.day).where(t.import_id == import_id)).all()
    return {(a, d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))) for a, d in rows}


def _exact(engine: Engine) -> bool:
    """True when every suggestion rollup equals its facts."""
    with engine.connect() as conn:
        return not rollup_defs.mismatches(conn)


def test_partial_file_over_stored_rows_then_undo_restores(intake_engine: Engine) -> None:  # noqa: F811
    first = [
        ["P-1", "信访渠道", "民生保障", "市级", "越秀区", "2024-05-01", "2024-05-03", "", "否", ""],
        ["P-2", "12345热线", "社会治理", "县级", "海珠区", "2024-05-02", "", "", "", "4"],
        ["P-3", "12345热线", "社会治理", "县级", "天河区", "2024-05-06", "", "", "是", ""],
    ]
    _, done = import_file(
        intake_engine, "suggestion", "p1.csv", csv_bytes(first, HEADER), imported_by="a"
    )
    assert (done.status, done.inserted) == ("committed", 3)
    assert _place_days(intake_engine, done.import_id) == {
        ("440104", dt.date(2024, 5, 1)),
        ("440105", dt.date(2024, 5, 2)),
        ("440106", dt.date(2024, 5, 6)),
    }
    _, again = import_file(
        intake_engine, "suggestion", "p1.csv", csv_bytes(first, HEADER), imported_by="a"
    )
    assert (again.status, again.inserted, again.updated, again.unchanged) == ("unchanged", 0, 0, 3)
    assert _place_days(intake_engine, again.import_id) == set()
    before = _stored(intake_engine, "P-")
    progress = [
        ["P-1", "2024-05-20", "是", ""],  # concluded, adopted: updates a stored row
        ["P-2", "清空", "", "清空"],  # 清空 on an optional date that is empty: no change
        ["P-3", "", "", ""],  # gives nothing: unchanged
        ["P-4", "2024-05-21", "", ""],  # new, but the file lacks the required columns
    ]
    header = ["建议编号", "办结日期", "是否采纳", "满意度"]
    prepared = prepare_import(intake_engine, "suggestion", "p2.csv", csv_bytes(progress, header))
    reasons = rejected_rows(prepared)["原因"].tolist()
    assert prepared.accepted == 3 and len(reasons) == 1
    assert reasons[0].startswith("缺少征集渠道（新记录必填）")
    _, update = import_file(
        intake_engine,
        "suggestion",
        "p2.csv",
        csv_bytes(progress, header),
        imported_by="b",
        partial=True,
    )
    assert (update.status, update.inserted, update.updated) == ("partial", 0, 2)
    after = _stored(intake_engine, "P-")
    assert after["concluded_on"].astype(str).tolist()[0] == "2024-05-20"
    assert after["satisfaction"].isna().tolist() == [True, True, True]
    assert after.drop(columns=["concluded_on", "adopted", "satisfaction"]).equals(
        before.drop(columns=["concluded_on", "adopted", "satisfaction"])
    )
    assert _place_days(intake_engine, update.import_id) == {
        ("440104", dt.date(2024, 5, 1)),
        ("440105", dt.date(2024, 5, 2)),
        ("440106", dt.date(2024, 5, 6)),
    }
    assert _exact(intake_engine)
    undo_last_import(intake_engine, "p2.csv", undone_by="admin")
    assert _stored(intake_engine, "P-").equals(before)
    assert _exact(intake_engine)
    undo_last_import(intake_engine, "p1.csv", undone_by="admin")
    assert _stored(intake_engine, "P-").empty
    assert _exact(intake_engine)


def test_big_file_inserts_updates_and_undoes_exactly(intake_engine: Engine) -> None:  # noqa: F811
    rows = [
        [f"B-{i:05d}", "12345热线", "民生保障", "市级", ("越秀区", "海珠区")[i % 2]]
        + [f"2024-06-{1 + i % 28:02d}", f"2024-06-{1 + i % 28:02d}", "", ("是", "否")[i % 3 > 0]]
        + [str(1 + i % 5)]
        for i in range(25_000)
    ]
    _, first = import_file(
        intake_engine, "suggestion", "big.csv", csv_bytes(rows, HEADER), imported_by="a"
    )
    assert (first.status, first.inserted) == ("committed", 25_000)
    assert _exact(intake_engine)
    before = _stored(intake_engine, "B-")
    changed = [r[:7] + ["2024-06-29", r[8], "1"] for r in rows[:5_000]]
    changed += [[f"B-9{i:04d}", *rows[0][1:]] for i in range(100)]
    _, second = import_file(
        intake_engine, "suggestion", "big2.csv", csv_bytes(changed, HEADER), imported_by="b"
    )
    assert (second.status, second.inserted, second.updated) == ("committed", 100, 5_000)
    assert second.revision_of == first.import_id
    assert _exact(intake_engine)
    undo_last_import(intake_engine, "big2.csv", undone_by="admin")
    assert _stored(intake_engine, "B-").equals(before)
    assert _exact(intake_engine)


def _changes(engine: Engine, import_id: int) -> list[tuple[str, str | None]]:
    """The undo entries of an import: (natural_key, previous)."""
    t = m.ImportChange
    with engine.connect() as conn:
        stmt = select(t.natural_key, t.previous).where(t.import_id == import_id).order_by(t.id)
        return [tuple(r) for r in conn.execute(stmt).all()]


def test_inserted_rows_are_one_undo_entry_and_later_changes_block_undo(
    intake_engine: Engine,  # noqa: F811
) -> None:
    rows = [[f"U-{i}", *OK, "", "", "", ""] for i in range(3)]
    _, first = import_file(
        intake_engine, "suggestion", "u1.csv", csv_bytes(rows, HEADER), imported_by="a"
    )
    assert _changes(intake_engine, first.import_id) == [("*inserted*", '["U-0"]\n["U-1"]\n["U-2"]')]
    fix = csv_bytes([["U-1", "2024-03-02", "2024-03-20"]], ["建议编号", "受理日期", "办结日期"])
    _, later = import_file(intake_engine, "suggestion", "u2.csv", fix, imported_by="b")
    assert (later.status, later.updated, later.revision_of) == ("committed", 1, first.import_id)
    assert [k for k, _ in _changes(intake_engine, later.import_id)] == ['["U-1"]']
    with pytest.raises(UndoError) as refused:
        undo_last_import(intake_engine, "u1.csv", undone_by="admin")
    assert f"编号 {later.import_id}" in refused.value.zh
    undo_last_import(intake_engine, "u2.csv", undone_by="admin")
    undo_last_import(intake_engine, "u1.csv", undone_by="admin")
    assert _stored(intake_engine, "U-").empty
    assert _exact(intake_engine)


def test_an_import_logged_row_by_row_still_undoes(intake_engine: Engine) -> None:  # noqa: F811
    rows = [[f"R-{i}", *OK, "", "", "", ""] for i in range(3)]
    _, done = import_file(
        intake_engine, "suggestion", "r.csv", csv_bytes(rows, HEADER), imported_by="a"
    )
    with intake_engine.begin() as conn:  # the entries as imports before compact entries wrote
        conn.execute(delete(m.ImportChange).where(m.ImportChange.import_id == done.import_id))
        conn.execute(
            insert(m.ImportChange),
            [
                {"import_id": done.import_id, "dataset": "suggestion", "natural_key": f'["R-{i}"]'}
                for i in range(3)
            ],
        )
    undo_last_import(intake_engine, "r.csv", undone_by="admin")
    assert _stored(intake_engine, "R-").empty
    assert _exact(intake_engine)
