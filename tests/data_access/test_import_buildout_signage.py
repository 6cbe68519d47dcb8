"""The buildout / burden-reduction import on a temporary SQLite file: checks, all-or-nothing,
idempotency, the import log, templates and the column documentation."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, select

from config import ROOT, get_settings
from data_access import import_buildout_signage as imp
from data_access import models as m
from data_access.engine import make_engine
from data_access.regions import load_region_registry
from data_access.schema import upgrade_schema


@pytest.fixture
def db(tmp_path: Path) -> Engine:
    """A new SQLite file with the schema and the province's places, nothing else."""
    engine = make_engine(f"sqlite:///{tmp_path / 'import.sqlite'}")
    upgrade_schema(engine)
    regions = load_region_registry(get_settings().province_adcode)
    rows = regions.astype(object).where(regions.notna(), None).to_dict("records")
    with engine.begin() as conn:
        conn.execute(insert(m.Region), rows)
    return engine


def _table(engine: Engine, model: type[m.Base]) -> pd.DataFrame:
    """A table's rows without surrogate ids, in a stable order."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(select(model.__table__)).mappings().all())
    df = df.drop(columns=[c for c in ("id",) if c in df.columns])
    return df.sort_values(list(df.columns)).reset_index(drop=True) if len(df) else df


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _log(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(m.ImportLog.__table__)).mappings().all())


@pytest.mark.parametrize("key", list(imp.DATASETS))
def test_each_template_imports_and_a_second_import_changes_nothing(db: Engine, key: str) -> None:
    dataset = imp.DATASETS[key]
    xlsx = (imp.TEMPLATE_DIR / imp.template_name(dataset, "xlsx")).read_bytes()
    csv = (imp.TEMPLATE_DIR / imp.template_name(dataset, "csv")).read_bytes()
    first = imp.import_file(db, key, xlsx, "t.xlsx", imported_by="test")
    assert first.ok and first.written, (first.problems, first.rejected)
    assert first.inserted == len(dataset.example_rows)
    before = _table(db, dataset.model)
    second = imp.import_file(db, key, csv, "t.csv", imported_by="test")
    assert second.ok and (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == len(dataset.example_rows)
    pd.testing.assert_frame_equal(_table(db, dataset.model), before)
    log = _log(db)
    assert log["dataset"].tolist() == [key, key]
    assert log["rows_accepted"].tolist() == [len(dataset.example_rows)] * 2


BAD_POINTS = """编号,名称,行政区划代码,经度,纬度,类型,清理前牌子数,现有牌子数
P1,测试村,440103,113.2442,23.1258,村,10,3
P2,错位村,440103,116.6,23.4,村,10,3
P3,未知,999999,113.2,23.1,村,1,1
P1,重复,440103,113.2442,23.1258,社区,-5,x
P5,地市,440100,113.26,23.13,城,5,8
P6,好村,440103,113.2442,23.1258,村,9,2
"""


def test_rejected_rows_leave_the_database_unchanged_and_are_logged(db: Engine) -> None:
    out = imp.import_file(db, "observation_points", _csv(BAD_POINTS), "bad.csv", imported_by="t")
    assert not out.ok and not out.written
    reasons = dict(out.rejected)
    assert set(reasons) == {2, 3, 4, 5, 6}  # spreadsheet rows; row 7 was fine
    assert "与第 5 行重复" in reasons[2]
    assert "不在所填区县 440103 境内" in reasons[3]
    assert "未知的行政区划代码：999999" in reasons[4]
    assert "不能为负数" in reasons[5] and "不是数字：x" in reasons[5]
    assert "不是区县" in reasons[6] and "类型应为“村”或“社区”" in reasons[6]
    assert _table(db, m.ObservationPoint).empty
    log = _log(db)
    assert log["rows_accepted"].tolist() == [0] and log["rows_rejected"].tolist() == [5]
    assert log["note"].iloc[0].startswith("rejected, nothing written")


def test_missing_columns_and_unknown_types_reject_the_file(db: Engine) -> None:
    out = imp.import_file(db, "signage_status", _csv("a,b\n1,2\n"), "x.csv", imported_by="t")
    assert not out.ok and "缺少必填列：行政区划代码" in out.problems[0]
    out = imp.import_file(db, "milestones", b"x", "x.pdf", imported_by="t")
    assert not out.ok and "不支持的文件类型" in out.problems[0]


def test_english_headers_month_precision_and_gb18030(db: Engine) -> None:
    text = "date,title,title (English)\n2024-05,五月的事,May event\n2024年6月18日,六月的事,\n"
    out = imp.import_file(db, "milestones", _csv(text, "gb18030"), "m.csv", imported_by="t")
    assert out.ok and out.inserted == 2
    rows = _table(db, m.Milestone).set_index("title_zh")
    assert rows.loc["五月的事", "precision"] == "month"
    assert rows.loc["五月的事", "happened_on"] == dt.date(2024, 5, 1)
    assert rows.loc["六月的事", "precision"] == "day" and pd.isna(rows.loc["六月的事", "title_en"])


def test_bad_dates_and_duplicates_in_a_file(db: Engine) -> None:
    text = (
        "日期,事件\n2024-13-01,坏日期\n2024-02-30,不存在\n2024-03-01,同一件事\n2024/3/1,同一件事\n"
    )
    out = imp.import_file(db, "milestones", _csv(text), "m.csv", imported_by="t")
    reasons = dict(out.rejected)
    assert "不存在的日期" in reasons[2] and "不存在的日期" in reasons[3]
    assert "与第 5 行重复" in reasons[4] and "与第 4 行重复" in reasons[5]
    assert _table(db, m.Milestone).empty


def test_blank_department_cells_keep_the_stored_values(db: Engine) -> None:
    first = "行政区划代码,成立日期,核定编制,实有人员\n440103,2024-04-05,11,9\n"
    assert imp.import_file(db, "departments", _csv(first), "d.csv", imported_by="t").inserted == 1
    second = "地区,核定编制,实有人员,社会工作观察员\n荔湾区,12,,4\n"
    out = imp.import_file(db, "departments", _csv(second), "d2.csv", imported_by="t")
    assert out.ok and out.updated == 1
    row = _table(db, m.Department).iloc[0]
    assert row["level"] == "county" and row["established_on"] == dt.date(2024, 4, 5)
    assert (row["posts_authorised"], row["posts_filled"], row["observers"]) == (12, 9, 4)


def test_plaque_removals_are_reported_by_county_on_fridays(db: Engine) -> None:
    text = (
        "行政区划代码,填报日期,摘除牌子数\n"
        "440103,2024-03-08,5\n440103,2024-03-07,5\n440100,2024-03-08,5\n"
    )
    out = imp.import_file(db, "plaque_removals", _csv(text), "p.csv", imported_by="t")
    reasons = dict(out.rejected)
    assert set(reasons) == {3, 4}
    assert "不是星期五" in reasons[3] and "不是区县" in reasons[4]


def test_signage_counts_now_cannot_exceed_before(db: Engine) -> None:
    text = (
        "行政区划代码,统计日期,行政村数,社区数,清理前挂牌类别,现有挂牌类别,清理前工作机制,现有工作机制\n"
        "440103,2025-12-31,0,190,20,21,18,7\n"
    )
    out = imp.import_file(db, "signage_status", _csv(text), "s.csv", imported_by="t")
    assert "挂牌类别：现有数（21）大于清理前（20）" in out.rejected[0][1]


def test_dry_run_writes_nothing(db: Engine) -> None:
    text = "行政区划代码,年度,社区工作者人数,城镇常住人口\n440100,2024,100,100000\n"
    out = imp.import_file(db, "workforce", _csv(text), "w.csv", imported_by="t", dry_run=True)
    assert out.ok and out.inserted == 1 and not out.written
    assert _table(db, m.CommunityWorkforce).empty and _log(db).empty


def test_docs_and_templates_follow_the_specs() -> None:
    doc = imp.DOC_FILE.read_text(encoding="utf-8")
    assert doc == imp.columns_markdown() + "\n", "regenerate docs/import_buildout_signage.md"
    for dataset in imp.DATASETS.values():
        path = imp.TEMPLATE_DIR / imp.template_name(dataset, "csv")
        shipped = pd.read_csv(io.BytesIO(path.read_bytes()), dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(shipped, imp.template_frame(dataset).astype(str))


def _cli(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=db_url)
    return subprocess.run(
        [sys.executable, "cli.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_command_line_exit_codes(db: Engine, tmp_path: Path) -> None:
    url = db.url.render_as_string(hide_password=False)
    bad = tmp_path / "坏点.csv"
    bad.write_text(BAD_POINTS, encoding="utf-8")
    out = _cli(url, "import-areas", "observation_points", str(bad))
    assert out.returncode == 1
    assert "拒绝第 3 行：坐标" in out.stderr and "整个文件未写入" in out.stderr
    good = imp.TEMPLATE_DIR / imp.template_name(imp.MILESTONES, "xlsx")
    out = _cli(url, "import-areas", "milestones", str(good), "--by", "tester")
    assert out.returncode == 0 and "新增 2 行" in out.stdout
    out = _cli(url, "import-areas", "milestones", str(good))
    assert out.returncode == 0 and "未变 2 行" in out.stdout
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Milestone)).scalar() == 2
        assert "tester" in conn.execute(select(m.ImportLog.imported_by)).scalars().all()
