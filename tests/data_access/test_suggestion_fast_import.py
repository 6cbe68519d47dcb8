"""Big suggestion files: the fast paths give the same rows, rollups and reasons as the generic
ones (an insert-only file adds its share to the rollups; a file with stored keys does not)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text

from data_access import models as m
from data_access import rollup_defs, rollup_rows
from data_access.intake.pipeline import import_file, rejected_rows
from data_access.intake.undo import undo_last_import
from tests.data_access.intake_support import (
    csv_bytes,
    intake_engine,  # noqa: F401 - fixture
)

HEADER = ["建议编号", "征集渠道", "建议类别", "征集层级", "地区", "收到日期", "受理日期"]
HEADER += ["办结日期", "是否采纳", "满意度"]
PLACES = ("越秀区", "海珠区", "广州市本级", "广东省", "440303", "东莞市")
CHANNELS = ("12345热线", "信访渠道", "网上征集平台")


def _rows(prefix: str, count: int, month: int) -> list[list[str]]:
    """Varied new suggestions: some unaccepted, some concluded without acceptance, blanks."""
    out = []
    for i in range(count):
        received = f"2024-{month:02d}-{1 + i % 20:02d}"
        accepted = "" if i % 7 == 0 else f"2024-{month:02d}-{1 + i % 20 + i % 9:02d}"
        concluded = "" if i % 5 == 0 else f"2024-{month + 1 + i % 3:02d}-{1 + i % 27:02d}"
        adopted = ("是", "否", "")[i % 3]
        rating = ("", "1", "2", "3", "4", "5")[i % 6]
        out.append(
            [f"{prefix}-{i:05d}", CHANNELS[i % 3], "民生保障", ("市级", "县级")[i % 2]]
            + [PLACES[i % len(PLACES)], received, accepted, concluded, adopted, rating]
        )
    return out


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small files count as big; the sizes of the writes whose rollup share was added."""
    monkeypatch.setattr(rollup_defs, "BULK_MIN_ROWS", 50)
    calls: list[int] = []
    add = rollup_rows.add

    def counted(conn, tables):  # type: ignore[no-untyped-def]
        calls.append(int(tables["suggestion_month_channel"]["received"].sum()))
        add(conn, tables)

    monkeypatch.setattr(rollup_rows, "add", counted)
    return calls


def _exact(engine: Engine) -> bool:
    """True when every rollup equals its facts."""
    with engine.connect() as conn:
        return not rollup_defs.mismatches(conn)


def _rollup_rows(engine: Engine) -> int:
    """Rows in the suggestion rollups (so a test sees they are not empty)."""
    with engine.connect() as conn:
        return sum(
            conn.execute(select(func.count()).select_from(m.Base.metadata.tables[t])).scalar_one()
            for t in ("suggestion_month_channel", "suggestion_days_month")
        )


def test_new_rows_add_their_share_and_mixed_files_take_the_generic_path(
    intake_engine: Engine,  # noqa: F811
    spy: list[int],
) -> None:
    first = _rows("F", 300, 3)
    _, done = import_file(
        intake_engine, "suggestion", "f1.csv", csv_bytes(first, HEADER), imported_by="a"
    )
    assert (done.status, done.inserted) == ("committed", 300)
    assert spy == [300]
    assert _exact(intake_engine) and _rollup_rows(intake_engine) > 0
    second = _rows("G", 200, 3)  # the same months and places: existing rollup rows grow
    _, more = import_file(
        intake_engine, "suggestion", "f2.csv", csv_bytes(second, HEADER), imported_by="a"
    )
    assert (more.status, more.inserted) == ("committed", 200)
    assert spy == [300, 200]
    assert _exact(intake_engine)
    mixed = [r[:6] + ["2024-04-01", "2024-05-02", "是", "5"] for r in first[:100]]
    mixed += _rows("H", 100, 6)
    _, both = import_file(
        intake_engine, "suggestion", "f3.csv", csv_bytes(mixed, HEADER), imported_by="b"
    )
    assert (both.status, both.inserted, both.updated) == ("committed", 100, 100)
    assert spy == [300, 200]  # stored keys: the generic path
    assert _exact(intake_engine)
    undo_last_import(intake_engine, "f3.csv", undone_by="admin")
    undo_last_import(intake_engine, "f2.csv", undone_by="admin")
    assert _exact(intake_engine)
    undo_last_import(intake_engine, "f1.csv", undone_by="admin")
    assert _exact(intake_engine) and _rollup_rows(intake_engine) == 0


def test_other_time_limits_are_counted_the_same(
    intake_engine: Engine,  # noqa: F811
    spy: list[int],
) -> None:
    with intake_engine.begin() as conn:
        before = conn.execute(select(m.RollupSetting.key, m.RollupSetting.value)).all()
        conn.execute(text("UPDATE rollup_setting SET value = '3'"))
    try:
        _, done = import_file(
            intake_engine,
            "suggestion",
            "l1.csv",
            csv_bytes(_rows("L", 400, 8), HEADER),
            imported_by="a",
        )
        assert (done.status, spy) == ("committed", [400])
        assert _exact(intake_engine)
        undo_last_import(intake_engine, "l1.csv", undone_by="admin")
        assert _exact(intake_engine)
    finally:
        with intake_engine.begin() as conn:
            for key, value in before:
                conn.execute(
                    text("UPDATE rollup_setting SET value = :v WHERE key = :k"),
                    {"v": value, "k": key},
                )


def test_bad_rows_of_a_big_new_file_are_refused_as_in_a_small_one(
    intake_engine: Engine,  # noqa: F811
    spy: list[int],
) -> None:
    rows = _rows("Q", 120, 9)
    rows[3][4] = "不存在区"
    rows[7][5] = "2024-02-30"
    rows[9][0] = rows[8][0]
    data = csv_bytes(rows, HEADER)
    small = csv_bytes(rows[:10], HEADER)  # under the threshold: the triggers' path
    big_prepared, big = import_file(
        intake_engine, "suggestion", "q1.csv", data, imported_by="a", partial=True
    )
    assert (big.status, big.inserted, big.rejected, spy) == ("partial", 117, 3, [117])
    assert _exact(intake_engine)
    undo_last_import(intake_engine, "q1.csv", undone_by="admin")
    small_prepared, _ = import_file(
        intake_engine, "suggestion", "q2.csv", small, imported_by="a", partial=True
    )
    assert spy == [117]
    for lang in ("zh", "en"):
        assert rejected_rows(big_prepared, lang).equals(rejected_rows(small_prepared, lang))
    assert rejected_rows(big_prepared)["原因"].tolist() == [
        "地区：未知的地区：不存在区",
        "收到日期：不存在的日期：2024-02-30",
        "与第 10 行重复",
    ]
    undo_last_import(intake_engine, "q2.csv", undone_by="admin")
    assert _exact(intake_engine)


@pytest.mark.parametrize(
    "ids",
    [
        ["S-1", "S-2", "a b"],
        ["S-1", "a\nb"],  # a line break: not plain, though the joined text would look it
        ["S-1", 'a"b'],
        ["S-1", "a\\b"],
        ["S-1", " a"],
        ["S-1", ""],
        ["广州-1", "S-2"],
        ["S-1", 7],
    ],
)
def test_key_texts_are_each_keys_json(ids: list[object]) -> None:
    from data_access.intake.writing import key_text, key_texts

    keys = [(v,) for v in ids]
    assert key_texts(keys) == [key_text(k) for k in keys]


def test_the_mirror_follows_the_rollup_definitions() -> None:
    # A change to the suggestion rollups makes big new files rebuild them (correct, slower)
    # until rollup_rows mirrors the new definitions and its digest is brought up to date.
    assert rollup_rows.definitions_digest() == rollup_rows._MIRRORED
