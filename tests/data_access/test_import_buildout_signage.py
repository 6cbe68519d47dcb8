"""Buildout and burden-reduction datasets through the one importer: their own checks, the
rules every dataset shares, templates, the rules document and the older CLI names."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from config import ROOT
from data_access import models as m
from data_access.intake.pipeline import Prepared, import_file, prepare_import, rejected_rows
from data_access.intake.specs import DATASETS
from services.intake_files import RULES_DOC as DOC
from services.intake_files import (
    TEMPLATE_DIR,
    rules_markdown,
    template_bytes,
    template_frame,
    template_name,
)
from tests.data_access.intake_support import count, sqlite_places


@pytest.fixture
def db(tmp_path: Path) -> Engine:
    """A new SQLite file with the schema and the province's places, nothing else."""
    return sqlite_places(tmp_path / "import.sqlite")


def _table(engine: Engine, model: type[m.Base]) -> pd.DataFrame:
    """A table's rows without surrogate ids, in a stable order."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(select(model.__table__)).mappings().all())
    df = df.drop(columns=[c for c in ("id",) if c in df.columns])
    return df.sort_values(list(df.columns)).reset_index(drop=True) if len(df) else df


def _reasons(prepared: Prepared) -> dict[int, str]:
    """Rejected spreadsheet row → its reasons."""
    table = rejected_rows(prepared)
    return dict(zip(table["行号"], table["原因"], strict=True))


def _log(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(m.ImportLog.__table__)).mappings().all())


def _filled(key: str) -> bytes:
    """The XLSX template with its example row turned into a real row (示例： removed)."""
    frame = template_frame(DATASETS[key])
    frame.iloc[0, 0] = str(frame.iloc[0, 0]).removeprefix("示例：")
    out = io.BytesIO()
    frame.to_excel(out, index=False)
    return out.getvalue()


@pytest.mark.parametrize("key", list(DATASETS))
def test_every_template_skips_its_example_and_a_filled_one_imports_once(
    db: Engine, key: str
) -> None:
    spec = DATASETS[key]
    template = (TEMPLATE_DIR / template_name(spec, "xlsx")).read_bytes()
    prepared, result = import_file(db, key, "t.xlsx", template, imported_by="t")
    assert prepared.file_errors == []
    assert (prepared.accepted, prepared.rejected, prepared.skipped) == (0, 0, 1)
    assert [s.status for s in prepared.sheets] == ["read", "instructions"]
    assert result.status == "rejected" and count(db, spec.model) == 0
    prepared, first = import_file(db, key, "filled.xlsx", _filled(key), imported_by="t")
    assert first.status == "committed", rejected_rows(prepared).to_dict("records")
    assert first.inserted == 1
    before = _table(db, spec.model)
    _, second = import_file(db, key, "filled.xlsx", _filled(key), imported_by="t")
    assert (second.status, second.unchanged) == ("unchanged", 1)
    pd.testing.assert_frame_equal(_table(db, spec.model), before)


BAD_POINTS = """编号,名称,行政区划代码,经度,纬度,类型,清理前牌子数,现有牌子数
P1,测试村,440103,113.2442,23.1258,村,10,3
P2,错位村,440103,116.6,23.4,村,10,3
P3,未知,999999,113.2,23.1,村,1,1
P1,重复,440103,113.2442,23.1258,社区,-5,x
P5,地市,440100,113.26,23.13,城,5,8
P6,好村,440103,113.2442,23.1258,村,9,2
"""


def test_observation_point_rows_are_checked_and_nothing_is_written(db: Engine) -> None:
    prepared, result = import_file(
        db, "observation_point", "bad.csv", BAD_POINTS.encode(), imported_by="t"
    )
    assert result.status == "rejected"
    reasons = _reasons(prepared)
    assert set(reasons) == {3, 4, 5, 6}  # spreadsheet rows; rows 2 and 7 were fine
    assert "不在所填区县 440103 境内" in reasons[3]
    assert "未知的行政区划代码：999999" in reasons[4]
    assert "与第 2 行重复" in reasons[5]
    assert "不能为负数" in reasons[5] and "不是数字：x" in reasons[5]
    assert "不是区县" in reasons[6] and "未知的取值：城" in reasons[6]
    assert _table(db, m.ObservationPoint).empty
    log = _log(db)
    assert log["rows_accepted"].tolist() == [0] and log["rows_rejected"].tolist() == [4]


def test_a_file_without_the_key_column_is_refused(db: Engine) -> None:
    prepared, result = import_file(
        db, "signage_status", "x.csv", "现有挂牌类别,统计日期\n3,2024-01-05\n".encode(),
        imported_by="t",
    )  # fmt: skip
    assert result.status == "rejected" and "缺少必填列：地区" in prepared.file_errors[0][0]


def test_english_headers_month_precision_and_gb18030(db: Engine) -> None:
    text = "date,title,English title\n2024-05,五月的事,May event\n2024年6月18日,六月的事,\n"
    _, result = import_file(db, "milestone", "m.csv", text.encode("gb18030"), imported_by="t")
    assert result.inserted == 2
    rows = _table(db, m.Milestone).set_index("title_zh")
    assert rows.loc["五月的事", "precision"] == "month"
    assert rows.loc["五月的事", "happened_on"] == dt.date(2024, 5, 1)
    assert rows.loc["六月的事", "precision"] == "day" and pd.isna(rows.loc["六月的事", "title_en"])


def test_bad_dates_and_duplicates_in_a_milestone_file(db: Engine) -> None:
    text = (
        "日期,事件\n2024-13-01,坏日期\n2024-02-30,不存在\n2024-03-01,同一件事\n2024/3/1,同一件事\n"
    )
    prepared, _ = import_file(db, "milestone", "m.csv", text.encode(), imported_by="t")
    reasons = _reasons(prepared)
    assert "不存在的月份" in reasons[2] or "不存在的日期" in reasons[2]
    assert "不存在的日期" in reasons[3]
    assert "与第 4 行重复" in reasons[5]
    assert _table(db, m.Milestone).empty


def test_a_department_file_with_some_columns_changes_only_those(db: Engine) -> None:
    first = "行政区划代码,成立日期,核定编制,实有人员,社会工作观察员\n440103,2024-04-05,11,9,3\n"
    assert import_file(db, "department", "d.csv", first.encode(), imported_by="t")[1].inserted == 1
    only_posts = "地区,核定编制\n荔湾区,12\n"
    _, result = import_file(db, "department", "d2.csv", only_posts.encode(), imported_by="t")
    assert (result.status, result.updated) == ("committed", 1)
    row = _table(db, m.Department).iloc[0]
    assert row["level"] == "county" and row["established_on"] == dt.date(2024, 4, 5)
    assert (row["posts_authorised"], row["posts_filled"], row["observers"]) == (12, 9, 3)
    blanks = "地区,核定编制,实有人员,社会工作观察员\n荔湾区,,8,清空\n"
    import_file(db, "department", "d3.csv", blanks.encode(), imported_by="t")
    row = _table(db, m.Department).iloc[0]
    assert (row["posts_authorised"], row["posts_filled"]) == (12, 8)
    assert pd.isna(row["observers"])  # 清空 erased it


def test_plaque_removals_are_reported_by_county_on_fridays(db: Engine) -> None:
    text = (
        "行政区划代码,填报日期,摘除牌子数\n"
        "440103,2024-03-08,5\n440103,2024-03-07,5\n440100,2024-03-08,5\n"
    )
    prepared, _ = import_file(db, "plaque_removal", "p.csv", text.encode(), imported_by="t")
    reasons = _reasons(prepared)
    assert set(reasons) == {3, 4}
    assert "不是星期五" in reasons[3] and "不是区县" in reasons[4]


def test_signage_counts_now_cannot_exceed_before(db: Engine) -> None:
    text = (
        "行政区划代码,统计日期,行政村数,社区数,清理前挂牌类别,现有挂牌类别,清理前工作机制,现有工作机制\n"
        "440103,2024-12-31,0,190,20,21,18,7\n"
    )
    prepared, _ = import_file(db, "signage_status", "s.csv", text.encode(), imported_by="t")
    assert "挂牌类别：现有数（21）大于清理前（20）" in _reasons(prepared)[2]


def test_workforce_is_reported_by_city_and_not_for_future_years(db: Engine) -> None:
    next_year = dt.date.today().year + 1
    text = (
        "行政区划代码,年度,社区工作者人数,城镇常住人口\n"
        f"440100,2024,100,100000\n440103,2024,5,1000\n440300,{next_year},1,1\n"
    )
    prepared = prepare_import(db, "community_workforce", "w.csv", text.encode())
    reasons = _reasons(prepared)
    assert set(reasons) == {3, 4}
    assert "不是地市" in reasons[3] and "晚于今年" in reasons[4]


def test_rules_document_and_templates_follow_the_specs() -> None:
    assert DOC.read_text(encoding="utf-8") == rules_markdown() + "\n", (
        "regenerate docs/import_rules.md with `python cli.py write-templates`"
    )
    for spec in DATASETS.values():
        path = TEMPLATE_DIR / template_name(spec, "csv")
        shipped = pd.read_csv(io.BytesIO(path.read_bytes()), dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(shipped, template_frame(spec).astype(str))
        book = pd.ExcelFile(io.BytesIO(template_bytes(spec, "xlsx")))
        assert book.sheet_names[1] == "填表说明"


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


def test_the_older_command_names_use_the_one_importer(db: Engine, tmp_path: Path) -> None:
    url = db.url.render_as_string(hide_password=False)
    bad = tmp_path / "坏点.csv"
    bad.write_text(BAD_POINTS, encoding="utf-8")
    out = _cli(url, "import-areas", "observation_points", str(bad))
    assert out.returncode == 1
    assert "拒绝第 3 行" in out.stderr and "坐标" in out.stderr and "整个文件未导入" in out.stderr
    good = tmp_path / "大事记.xlsx"
    good.write_bytes(_filled("milestone"))
    out = _cli(url, "import-areas", "milestones", str(good), "--dry-run")
    assert out.returncode == 0 and "未写入" in out.stdout
    out = _cli(url, "import-areas", "milestones", str(good), "--by", "tester")
    assert out.returncode == 0 and "新增 1 行" in out.stdout
    out = _cli(url, "import", "--dataset", "milestone", "--file", str(good))
    assert out.returncode == 0 and "没有变化" in out.stdout
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Milestone)).scalar() == 1
        assert "tester" in conn.execute(select(m.ImportLog.imported_by)).scalars().all()
