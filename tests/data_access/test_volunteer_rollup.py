"""Volunteer records and their daily rollup: the rollup equals the facts after every import,
re-import, correction and undo, on SQLite and PostgreSQL; `rebuild-rollups` reproduces it;
the column-wise record check agrees with the row-by-row check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, text

from config import ROOT, get_settings
from data_access import rollup_defs, rollups
from data_access.intake.cleaning import PlaceIndex
from data_access.intake.pipeline import commit_import, import_file, prepare_import
from data_access.intake.reading import find_header, read_sheets
from data_access.intake.records import check_records, read_table
from data_access.intake.specs import DATASETS
from data_access.intake.undo import UndoError, undo_import, undo_last_import
from data_access.intake.validation import ROW, Checked, check_rows
from data_access.regions import load_region_registry
from tests.data_access.intake_support import (  # noqa: F401 - fixture
    intake_engine,
    sqlite_places,
    xlsx_bytes,
)

HEADER = ["记录编号", "志愿者编号", "地区", "服务日期", "服务领域", "服务时长（小时）"]
UNITS = ["440103", "440104", "广州市天河区", "441900", "东莞市", "442000", "越秀区"]
FIELDS = ["community", "medical", "社区服务", "一老一小", "Emergency"]


def records_csv(n: int, seed: int, prefix: str = "R") -> pd.DataFrame:
    """n generated records in file form (place names and codes, field codes and names)."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    return pd.DataFrame(
        {
            HEADER[0]: [f"{prefix}{i:07d}" for i in range(n)],
            HEADER[1]: [f"V{v:05d}" for v in rng.integers(0, 500, n)],
            HEADER[2]: rng.choice(UNITS, n),
            HEADER[3]: days.strftime("%Y-%m-%d"),
            HEADER[4]: rng.choice(FIELDS, n),
            HEADER[5]: rng.integers(1, 17, n) / 2,
        }
    )


def as_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV file of the frame."""
    return frame.to_csv(index=False).encode("utf-8")


def assert_rollup_matches(engine: Engine) -> pd.DataFrame:
    """The rollup rows of the dates with records equal the facts grouped per day."""
    facts, rollup = rollups.facts_and_rollup(engine)
    assert len(facts) == len(rollup)
    pd.testing.assert_frame_equal(
        facts.drop(columns="hours"), rollup.drop(columns="hours"), check_dtype=False
    )
    assert np.allclose(facts["hours"], rollup["hours"], rtol=0, atol=1e-6)
    with engine.connect() as conn:  # and the monthly and weekly rollups of the daily one
        assert rollup_defs.mismatches(conn) == {}
    return rollup


def record_count(engine: Engine) -> int:
    """Rows in volunteer_record."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT COUNT(*) FROM volunteer_record")).scalar_one()


def test_rollup_follows_import_reimport_correction_and_undo(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    first = records_csv(3000, seed=1)
    _, done = import_file(engine, "volunteer_record", "记录1.csv", as_bytes(first), imported_by="t")
    assert (done.status, done.inserted) == ("committed", 3000)
    before = assert_rollup_matches(engine)
    assert before["volunteers"].sum() == 3000

    _, again = import_file(
        engine, "volunteer_record", "记录1.csv", as_bytes(first), imported_by="t"
    )
    assert (again.status, again.unchanged) == ("unchanged", 3000)
    pd.testing.assert_frame_equal(assert_rollup_matches(engine), before)

    corrected = first.copy()
    corrected.loc[:19, HEADER[5]] = 12.5  # hours corrected
    corrected.loc[10:19, HEADER[2]] = "442000"  # place corrected
    corrected.loc[15:19, HEADER[3]] = "2024-05-01"  # date moved to a day without records
    more = records_csv(500, seed=2, prefix="S")
    data = as_bytes(pd.concat([corrected, more]))
    _, fixed = import_file(engine, "volunteer_record", "记录1.csv", data, imported_by="t")
    assert (fixed.inserted, fixed.updated, fixed.unchanged) == (500, 20, 2980)
    assert fixed.revision_of == done.import_id
    assert_rollup_matches(engine)

    second = records_csv(800, seed=3, prefix="T")
    import_file(engine, "volunteer_record", "记录2.csv", as_bytes(second), imported_by="t")
    assert_rollup_matches(engine)

    with pytest.raises(UndoError, match="later import"):  # the correction changed its rows
        undo_import(engine, done.import_id, undone_by="admin")
    assert_rollup_matches(engine)
    assert record_count(engine) == 3000 + 500 + 800
    undone = undo_last_import(engine, "记录2.csv", undone_by="admin")
    assert (undone.restored, undone.deleted) == (0, 800)
    undone = undo_last_import(engine, "记录1.csv", undone_by="admin")  # the correction
    assert (undone.restored, undone.deleted) == (20, 500)
    pd.testing.assert_frame_equal(assert_rollup_matches(engine), before, atol=1e-6)
    undo_last_import(engine, "记录1.csv", undone_by="admin")  # the first import
    assert record_count(engine) == 0
    assert rollups.facts_and_rollup(engine)[1].empty
    with engine.connect() as conn:
        left = conn.execute(text("SELECT COUNT(*) FROM volunteer_service")).scalar_one()
    assert left == 0  # nothing but records fed the rollup: undoing everything empties it


def test_undo_of_a_correction_restores_the_rollup(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    base = records_csv(1000, seed=4, prefix="U")
    import_file(engine, "volunteer_record", "u.csv", as_bytes(base), imported_by="t")
    before = assert_rollup_matches(engine)
    changed = base.copy()
    changed.loc[:49, HEADER[5]] = 0.5
    changed.loc[:9, HEADER[4]] = "medical"
    _, fixed = import_file(engine, "volunteer_record", "u.csv", as_bytes(changed), imported_by="t")
    assert fixed.updated >= 40
    assert_rollup_matches(engine)
    undone = undo_last_import(engine, "u.csv", undone_by="admin")
    assert undone.restored == fixed.updated and undone.deleted == 0
    pd.testing.assert_frame_equal(assert_rollup_matches(engine), before, atol=1e-6)
    undo_last_import(engine, "u.csv", undone_by="admin")
    assert record_count(engine) == 0


def test_rebuild_reproduces_the_rollup(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    base = records_csv(2000, seed=5, prefix="W")
    import_file(engine, "volunteer_record", "w.csv", as_bytes(base), imported_by="t")
    kept = assert_rollup_matches(engine)
    with engine.begin() as conn:  # damage the rollup
        conn.execute(text("UPDATE volunteer_service SET hours = hours + 1, volunteers = 0"))
        conn.execute(
            text("DELETE FROM volunteer_service WHERE field = 'medical' AND adcode = '440103'")
        )
    done = rollups.rebuild_volunteer_rollup(engine)
    assert done.rows == len(kept) and done.dates == base[HEADER[3]].nunique()
    pd.testing.assert_frame_equal(assert_rollup_matches(engine), kept, atol=1e-6)
    undo_last_import(engine, "w.csv", undone_by="admin")


def test_rebuild_rollups_command(tmp_path: Path) -> None:
    engine = sqlite_places(tmp_path / "cli.sqlite")
    import_file(engine, "volunteer_record", "c.csv", as_bytes(records_csv(300, 6)), imported_by="t")
    kept = assert_rollup_matches(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM volunteer_service"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "SOCIAL_WORK_DATA_DIR": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "rebuild-rollups"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert f"{len(kept)} 行" in run.stdout and "rows" in run.stdout
    pd.testing.assert_frame_equal(assert_rollup_matches(engine), kept, atol=1e-6)


MESSY = [
    ["2024年志愿服务记录"],
    [],
    HEADER,
    ["R1", "V1", "广州市越秀区", "2024/3/1", "社区服务", "2"],
    ["R2", "V2", "nowhere", "2024-02-30", "foo", "-1"],
    ["R1", "V3", "越秀区", "20240301", "医疗卫生", "1,5"],
    ["", "", "", "", "", ""],
    ["Ｒ４", " V4 ", "440104", "2024年3月2日", "Medical", "２.５"],
    ["R5", "", "440104", "2024-03-02", "medical", "25"],
    ["R6", "V6", "天河区", "45352", "other", "abc"],
    ["R" + "9" * 40, "V7", "440104", "2024-03-02", "other", "1"],
    ["小计", "", "", "", "", "3"],
    ["R8", "V8", "440104", "2024-03-03", "other", "1.25"],
    ["合计", "", "", "", "", "9"],
    ["R9", "V9", "440104", "2024-03-03", "other", "1"],
]


def _row_by_row(
    rows: list[list[object]], file_name: str, data: bytes
) -> tuple[Checked, PlaceIndex]:
    """The generic row-by-row check of the same file."""
    spec = DATASETS["volunteer_record"]
    registry = load_region_registry(get_settings().province_adcode)
    places = PlaceIndex.from_registry(registry)
    sheet = read_sheets(data, file_name)[0]
    header = find_header(sheet, spec)
    levels = dict(zip(registry["adcode"], registry["level"], strict=True))
    return check_rows(sheet, header, spec, places, levels), places


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_column_check_agrees_with_the_row_check(fmt: str) -> None:
    if fmt == "csv":
        data = "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in MESSY)
        data = data.encode("gbk")
    else:
        data = xlsx_bytes(MESSY)
    expected, places = _row_by_row(MESSY, f"m.{fmt}", data)
    spec = DATASETS["volunteer_record"]
    header, sheet, frame, numbers, _ = read_table(data, f"m.{fmt}", spec)
    got = check_records(header, sheet, frame, numbers, spec, places)
    assert got.skipped == expected.skipped
    pd.testing.assert_frame_equal(
        got.valid.astype(object), expected.valid.astype(object), check_dtype=False
    )
    assert got.valid[ROW].tolist() == [4, 8, 13, 15]  # R9 below the 合计 row is data too
    assert got.rejected["行号"].tolist() == expected.rejected["行号"].tolist()
    assert got.rejected["原因"].tolist() == expected.rejected["原因"].tolist()
    assert got.rejected["reason"].tolist() == expected.rejected["reason"].tolist()


def test_city_scope_and_partial_commit(intake_engine: Engine) -> None:  # noqa: F811
    engine = intake_engine
    frame = records_csv(200, seed=7, prefix="P")
    prepared = prepare_import(
        engine, "volunteer_record", "p.csv", as_bytes(frame), scope_adcode="440100"
    )
    outside = frame[HEADER[2]].isin(["441900", "东莞市", "442000"]).sum()
    assert (prepared.accepted, prepared.rejected) == (200 - outside, outside)
    result = commit_import(engine, prepared, imported_by="t", partial=True)
    assert (result.status, result.inserted) == ("partial", 200 - outside)
    assert_rollup_matches(engine)
    undo_last_import(engine, "p.csv", undone_by="admin")
    assert record_count(engine) == 0


def test_record_imports_and_undos_are_in_the_security_log(intake_engine: Engine) -> None:  # noqa: F811
    from data_access.security_log import read_events

    data = as_bytes(records_csv(50, seed=9, prefix="L"))
    _, done = import_file(intake_engine, "volunteer_record", "日志.csv", data, imported_by="li")
    undo_import(intake_engine, done.import_id, undone_by="wang")
    log = read_events(intake_engine, events=["import", "undo"], limit=2).iloc[::-1]
    assert list(zip(log["username"], log["event"], log["target"], strict=True)) == [
        ("li", "import", "日志.csv"),
        ("wang", "undo", "日志.csv"),
    ]
    assert log["detail"].iloc[0].endswith("accepted 50, rejected 0")


def rollup_tables(engine: Engine) -> dict[str, pd.DataFrame]:
    """The daily, monthly and weekly volunteer rollups, sorted, dates as text."""
    out = {}
    with engine.connect() as conn:
        for table, day in (
            ("volunteer_service", "service_date"),
            ("volunteer_service_month", "month_start"),
            ("volunteer_service_week", "week_start"),
        ):
            frame = pd.DataFrame(
                conn.execute(text(f"SELECT {day}, adcode, field, hours, volunteers FROM {table}"))
                .mappings()
                .all(),
                columns=[day, "adcode", "field", "hours", "volunteers"],
            )
            frame[day] = frame[day].astype(str)
            out[table] = frame.sort_values([day, "adcode", "field"]).reset_index(drop=True)
    return out


def stored_records(engine: Engine) -> pd.DataFrame:
    """Every stored record (without the import id), sorted, dates as text."""
    with engine.connect() as conn:
        frame = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT source_id, volunteer_id, adcode, service_date, field, hours "
                    "FROM volunteer_record"
                )
            )
            .mappings()
            .all()
        )
    frame["service_date"] = frame["service_date"].astype(str)
    return frame.sort_values("source_id").reset_index(drop=True)


def test_bulk_path_stores_what_the_trigger_path_stores(intake_engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A big file (records loaded in bulk, rollup sums grouped in pandas, triggers off) and
    the same file through the triggers give the same records and rollups; the triggers are
    back afterwards; a file overlapping stored records is staged and compared instead."""
    engine = intake_engine
    frame = records_csv(2000, seed=11, prefix="B")
    frame.loc[0, HEADER[1]] = 'V"1,2'  # quotes and a comma survive COPY's CSV
    monkeypatch.setattr(rollup_defs, "BULK_MIN_ROWS", 1)
    _, bulk = import_file(engine, "volunteer_record", "大.csv", as_bytes(frame), imported_by="t")
    assert (bulk.status, bulk.inserted) == ("committed", 2000)
    assert_rollup_matches(engine)
    via_bulk, records = rollup_tables(engine), stored_records(engine)
    assert records.loc[records["source_id"] == "B0000000", "volunteer_id"].item() == 'V"1,2'
    with engine.begin() as conn:  # the triggers are back: a hand-written change moves them
        conn.execute(text("UPDATE volunteer_service SET hours = hours + 1"))
    with engine.connect() as conn:
        assert rollup_defs.mismatches(conn) == {}
    with engine.begin() as conn:
        conn.execute(text("UPDATE volunteer_service SET hours = hours - 1"))
    undo_last_import(engine, "大.csv", undone_by="admin")
    assert record_count(engine) == 0
    assert all(t.empty for t in rollup_tables(engine).values())

    monkeypatch.setattr(rollup_defs, "BULK_MIN_ROWS", 10**9)
    import_file(engine, "volunteer_record", "小.csv", as_bytes(frame), imported_by="t")
    for name, table in rollup_tables(engine).items():
        pd.testing.assert_frame_equal(table, via_bulk[name], check_dtype=False, atol=1e-9)
    pd.testing.assert_frame_equal(stored_records(engine), records)

    monkeypatch.setattr(rollup_defs, "BULK_MIN_ROWS", 1)
    overlap = pd.concat([frame.iloc[:500], records_csv(700, seed=12, prefix="C")])
    overlap.iloc[:50, 5] = 9.5  # 50 corrected, 450 unchanged, 700 new
    _, mixed = import_file(engine, "volunteer_record", "混.csv", as_bytes(overlap), imported_by="t")
    assert (mixed.inserted, mixed.updated, mixed.unchanged) == (700, 50, 450)
    assert_rollup_matches(engine)
    undo_last_import(engine, "混.csv", undone_by="admin")
    for name, table in rollup_tables(engine).items():
        pd.testing.assert_frame_equal(table, via_bulk[name], check_dtype=False, atol=1e-6)
    undo_last_import(engine, "小.csv", undone_by="admin")
    assert record_count(engine) == 0
