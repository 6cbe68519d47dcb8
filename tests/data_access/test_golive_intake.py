"""Go-live intake on SQLite and PostgreSQL: partial files, workbooks, subtotals, future dates,
everyday breakage of the older importer, and the smaller traps; each gives the right figure
or a clear refusal."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data_access import models as m
from data_access.intake.pipeline import (
    Prepared,
    commit_import,
    import_file,
    prepare_import,
    rejected_rows,
)
from services.intake_files import rejected_bytes
from tests.data_access import golive_workbooks as wb
from tests.data_access.intake_support import (
    count,
    csv_bytes,
    intake_engine,  # noqa: F401 - fixture
    volunteer_rows,
)


def _reasons(prepared: Prepared) -> list[str]:
    """The Chinese reasons of the rejected rows."""
    table = rejected_rows(prepared)
    return table["原因"].tolist() if len(table) else []


def _rows(engine: Engine, model: type[m.Base], **where: object) -> pd.DataFrame:
    """Stored rows of a table matching column values."""
    table = model.__table__
    stmt = select(table).where(*(table.c[k] == v for k, v in where.items()))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all())


# ---------------------------------------------------------------- partial files -------------


def test_a_department_file_of_two_columns_keeps_every_other_value(intake_engine: Engine) -> None:  # noqa: F811
    full = (
        "地区,成立日期,核定编制,实有人数,社会工作观察员\n"
        "440111,2024-03-01,10,8,5\n440112,2024-04-01,9,7,4\n"
    )
    import_file(intake_engine, "department", "full.csv", full.encode(), imported_by="t")
    partial = "地区,核定编制\n白云区,12\n黄埔区,11\n"
    _, result = import_file(
        intake_engine, "department", "posts.csv", partial.encode(), imported_by="t"
    )
    assert (result.status, result.updated) == ("committed", 2)
    stored = _rows(intake_engine, m.Department).set_index("adcode")
    assert stored.loc["440111", "established_on"] == dt.date(2024, 3, 1)
    assert stored.loc["440111", ["posts_authorised", "posts_filled", "observers"]].tolist() == [
        12,
        8,
        5,
    ]
    assert stored["established_on"].notna().sum() == 2  # both county departments still formed


def test_a_suggestion_progress_file_keeps_adoption_and_rating(intake_engine: Engine) -> None:  # noqa: F811
    item = ["12345热线", "民生保障", "市级", "越秀区", "2023-03-01"]
    rows = [["P-1", *item, "2023-03-03", "", "是", 5], ["P-2", *item, "2023-03-04", "", "否", ""]]
    import_file(intake_engine, "suggestion", "s.csv", csv_bytes(rows, wb.SUGG), imported_by="t")
    progress = "建议编号,办结日期\nP-1,2023-04-01\nP-2,2023-04-02\n"
    _, result = import_file(
        intake_engine, "suggestion", "p.csv", progress.encode(), imported_by="t"
    )
    assert (result.status, result.updated) == ("committed", 2)
    stored = _rows(intake_engine, m.Suggestion).set_index("source_id")
    assert stored.loc["P-1", "adopted"] and stored.loc["P-1", "satisfaction"] == 5
    assert stored.loc["P-1", "concluded_on"] == dt.date(2023, 4, 1)
    assert stored.loc["P-1", "channel"] == "hotline"


def test_a_partial_file_is_checked_against_the_stored_row(intake_engine: Engine) -> None:  # noqa: F811
    rows = [
        ["Q-1", "信访渠道", "民生保障", "县级", "越秀区", "2023-05-01", "2023-05-10", "", "否", ""]
    ]
    import_file(intake_engine, "suggestion", "q.csv", csv_bytes(rows, wb.SUGG), imported_by="t")
    early = "建议编号,办结日期\nQ-1,2023-05-05\nQ-NEW,2023-05-06\n"
    prepared, result = import_file(
        intake_engine, "suggestion", "e.csv", early.encode(), imported_by="t"
    )
    reasons = _reasons(prepared)
    assert "办结日期早于受理日期" in reasons[0]  # the stored acceptance date is later
    assert "缺少征集渠道（新记录必填）" in reasons[1]  # a new item needs its other columns
    assert result.status == "rejected"
    assert pd.isna(_rows(intake_engine, m.Suggestion, source_id="Q-1")["concluded_on"].iloc[0])


def test_qing_kong_erases_an_optional_value_and_blank_keeps_it(intake_engine: Engine) -> None:  # noqa: F811
    rows = [
        [
            "R-1",
            "信访渠道",
            "民生保障",
            "县级",
            "越秀区",
            "2023-06-01",
            "2023-06-02",
            "2023-06-20",
            "是",
            4,
        ]
    ]
    import_file(intake_engine, "suggestion", "r.csv", csv_bytes(rows, wb.SUGG), imported_by="t")
    fix = "建议编号,满意度,是否采纳\nR-1,清空,\n"
    _, result = import_file(intake_engine, "suggestion", "fix.csv", fix.encode(), imported_by="t")
    assert result.updated == 1
    row = _rows(intake_engine, m.Suggestion, source_id="R-1").iloc[0]
    assert pd.isna(row["satisfaction"]) and row["adopted"]


# ---------------------------------------------------------------- workbooks -----------------


def test_an_instructions_sheet_first_is_not_imported_and_the_data_sheet_is(
    intake_engine: Engine,  # noqa: F811
) -> None:  # noqa: F811
    prepared, result = import_file(
        intake_engine, "volunteer_service", "月报.xlsx", wb.INSTRUCTIONS_FIRST, imported_by="t"
    )
    assert [(s.name, s.status) for s in prepared.sheets] == [
        ("填表说明", "instructions"),
        ("数据", "read"),
    ]
    assert result.inserted == 3
    assert volunteer_rows(intake_engine, "2023-01-01", "2023-01-01").empty  # the example row
    assert volunteer_rows(intake_engine, "2023-02-01", "2023-02-01")["hours"].sum() == 60


def test_monthly_sheets_are_read_together_and_the_summary_sheet_is_not(
    intake_engine: Engine,  # noqa: F811
) -> None:  # noqa: F811
    prepared, result = import_file(
        intake_engine, "volunteer_service", "季报.xlsx", wb.MONTHLY_SHEETS, imported_by="t"
    )
    assert [(s.name, s.status, s.rows) for s in prepared.sheets] == [
        ("1月", "read", 1), ("2月", "read", 1), ("3月", "read", 1), ("汇总", "summary", 0)
    ]  # fmt: skip
    assert result.inserted == 3
    stored = volunteer_rows(intake_engine, "2023-01-15", "2023-03-15")
    medical = stored[stored["field"] == "medical"]
    assert sorted(medical["hours"]) == [10, 20, 30]  # not 60 from the summary sheet


def test_rows_below_a_total_row_are_read_and_totals_and_notes_skipped(
    intake_engine: Engine,  # noqa: F811
) -> None:  # noqa: F811
    prepared, result = import_file(
        intake_engine, "volunteer_service", "四月.xlsx", wb.TOTAL_IN_THE_MIDDLE, imported_by="t"
    )
    skipped = [(n, zh) for n, zh, _ in prepared.checked.skipped]
    assert [n for n, _ in skipped] == [5, 7, 9]
    assert skipped[0][1] == "合计行（小计）" and skipped[2][1].startswith("说明行（填表人")
    assert result.inserted == 4
    assert volunteer_rows(intake_engine, "2023-04-01", "2023-04-01")["hours"].sum() == 100


def test_hidden_rows_are_read_and_reported_with_excel_row_numbers(intake_engine: Engine) -> None:  # noqa: F811
    prepared = prepare_import(intake_engine, "volunteer_service", "h.xlsx", wb.HIDDEN_ROW)
    assert prepared.accepted == 3
    notes = [zh for zh, _ in prepared.checked.notes]
    assert any("第 3 行在 Excel 中是隐藏行" in n for n in notes), notes


def test_a_formula_without_a_value_is_refused_with_the_reason(intake_engine: Engine) -> None:  # noqa: F811
    prepared = prepare_import(
        intake_engine, "volunteer_service", "f.xlsx", wb.FORMULA_WITHOUT_VALUE
    )
    assert prepared.rejected == 1 and "公式没有计算结果" in _reasons(prepared)[0]


def test_a_table_only_on_the_instructions_sheet_is_refused(intake_engine: Engine) -> None:  # noqa: F811
    prepared = prepare_import(intake_engine, "volunteer_service", "o.xlsx", wb.ONLY_INSTRUCTIONS)
    assert "只在说明页" in prepared.file_errors[0][0]


# ---------------------------------------------------------------- subtotals -----------------


def test_a_city_subtotal_beside_its_counties_is_counted_once(intake_engine: Engine) -> None:  # noqa: F811
    rows = [["越秀区", "2023-07-01", "社区服务", 100, 10],
            ["海珠区", "2023-07-01", "社区服务", 200, 20],
            ["广州市", "2023-07-01", "社区服务", 300, 30]]  # fmt: skip
    prepared, result = import_file(
        intake_engine, "volunteer_service", "sub.csv", csv_bytes(rows), imported_by="t"
    )
    assert result.inserted == 2 and prepared.skipped == 1
    assert "小计行（广州市" in prepared.checked.skipped[0][1]
    assert volunteer_rows(intake_engine, "2023-07-01", "2023-07-01")["hours"].sum() == 300


def test_a_city_row_that_is_not_their_sum_is_refused_unless_marked_ben_ji(
    intake_engine: Engine,  # noqa: F811
) -> None:  # noqa: F811
    rows = [["越秀区", "2023-07-02", "社区服务", 100, 10],
            ["广州市", "2023-07-02", "社区服务", 250, 25]]  # fmt: skip
    prepared = prepare_import(intake_engine, "volunteer_service", "x.csv", csv_bytes(rows))
    assert prepared.rejected == 1 and "若这是小计，请删除此行" in _reasons(prepared)[0]
    rows[1][0] = "广州市本级"
    _, result = import_file(
        intake_engine, "volunteer_service", "x.csv", csv_bytes(rows), imported_by="t"
    )
    assert result.inserted == 2
    stored = volunteer_rows(intake_engine, "2023-07-02", "2023-07-02").set_index("adcode")
    assert stored.loc["440100", "hours"] == 250


def test_a_city_row_over_stored_county_rows_is_refused(intake_engine: Engine) -> None:  # noqa: F811
    counties = [
        ["越秀区", "2023-07-03", "社区服务", 100, 10],
        ["海珠区", "2023-07-03", "社区服务", 200, 20],
    ]
    import_file(intake_engine, "volunteer_service", "c.csv", csv_bytes(counties), imported_by="t")
    city = [["广州市", "2023-07-03", "社区服务", 300, 30]]
    prepared = prepare_import(intake_engine, "volunteer_service", "city.csv", csv_bytes(city))
    assert prepared.rejected == 1 and "库中已有广州市下属地区" in _reasons(prepared)[0]


# ---------------------------------------------------------------- future dates --------------


def test_a_date_after_today_is_refused_and_partial_keeps_the_rest(intake_engine: Engine) -> None:  # noqa: F811
    rows = [["越秀区", "2099-01-01", "社区服务", 5, 1], ["海珠区", "2023-08-01", "社区服务", 6, 1]]
    prepared = prepare_import(intake_engine, "volunteer_service", "typo.csv", csv_bytes(rows))
    assert prepared.rejected == 1 and "2099-01-01 晚于今天" in _reasons(prepared)[0]
    result = commit_import(intake_engine, prepared, imported_by="t", partial=True)
    assert (result.status, result.inserted) == ("partial", 1)
    assert volunteer_rows(intake_engine, "2099-01-01", "2099-01-01").empty


def test_a_future_service_record_is_refused(intake_engine: Engine) -> None:  # noqa: F811
    text = (
        "记录编号,志愿者编号,地区,服务日期,服务领域,服务时长（小时）\n"
        "F1,V1,440104,2099-01-01,社区服务,2\nF2,V2,440104,2023-01-01,社区服务,2\n"
    )
    prepared = prepare_import(intake_engine, "volunteer_record", "r.csv", text.encode())
    assert (prepared.accepted, prepared.rejected) == (1, 1)
    assert "晚于今天" in _reasons(prepared)[0]


# ---------------------------------------------------------------- everyday breakage ---------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "文件是空的"),
        ("2024年社会工作部门统计表\n地区,核定编制\n越秀区,12\n".encode(), None),
        ("地区,核定编制\n越秀区,1e30\n".encode(), "不是数字：1e30"),
        ("地区,核定编制\n越秀区,99999999999\n".encode(), "数字过大"),
    ],
)
def test_everyday_department_files_give_a_figure_or_a_reason(
    intake_engine: Engine,  # noqa: F811
    data: bytes,
    expected: str | None,  # noqa: F811
) -> None:
    prepared, result = import_file(intake_engine, "department", "d.csv", data, imported_by="t")
    if expected is None:
        assert result.ok and prepared.header_row == 2
    else:
        messages = [e[0] for e in prepared.file_errors] + _reasons(prepared)
        assert any(expected in msg for msg in messages), messages
        assert not result.ok


def test_a_nul_byte_in_a_title_is_stored_without_it(intake_engine: Engine) -> None:  # noqa: F811
    text = "日期,事件\n2024-05-02,全省会议\x00召开（筹）\n"
    _, result = import_file(intake_engine, "milestone", "m.csv", text.encode(), imported_by="t")
    assert result.ok
    titles = _rows(intake_engine, m.Milestone)["title_zh"].tolist()
    assert "全省会议召开（筹）" in titles  # as typed: the full-width brackets stay


def test_a_two_million_character_id_is_one_rejected_row(intake_engine: Engine) -> None:  # noqa: F811
    item = ["12345热线", "民生保障", "市级", "越秀区", "2023-09-01", "", "", "", ""]
    rows = [["X" * 2_000_000, *item], ["OK-1", *item]]
    prepared = prepare_import(intake_engine, "suggestion", "big.csv", csv_bytes(rows, wb.SUGG))
    assert (prepared.accepted, prepared.rejected) == (1, 1)
    assert "超过 40 个字符" in _reasons(prepared)[0]
    result = commit_import(intake_engine, prepared, imported_by="t", partial=True)
    assert (result.status, result.inserted) == ("partial", 1)


def test_row_numbers_are_the_ones_excel_shows(intake_engine: Engine) -> None:  # noqa: F811
    text = (
        "地区,服务日期,服务领域,服务时长（小时）,志愿者人数\n"
        '"越秀区\n（多行）",2023-10-01,社区服务,1,1\n海珠区,2023-10-99,社区服务,1,1\n'
    )
    prepared = prepare_import(intake_engine, "volunteer_service", "n.csv", text.encode())
    assert rejected_rows(prepared)["行号"].tolist() == [2, 3]  # record rows, not physical lines


def test_rejected_rows_download_as_real_xlsx_with_formulas_neutralised(
    intake_engine: Engine,  # noqa: F811
) -> None:  # noqa: F811
    rows = [
        [' =HYPERLINK("http://x")', "2023-11-01", "社区服务", 1, 1],
        ["＝1+1", "2023-11-01", "社区服务", 1, 1],
    ]
    prepared = prepare_import(intake_engine, "volunteer_service", "inj.csv", csv_bytes(rows))
    data = rejected_bytes(prepared, "xlsx")
    assert data.startswith(b"PK")
    cells = pd.read_excel(io.BytesIO(data), dtype=str).iloc[:, 1].tolist()
    assert all(c.startswith("'") for c in cells), cells


def test_free_text_is_stored_as_typed_and_keys_are_folded(intake_engine: Engine) -> None:  # noqa: F811
    text = (
        "统一社会信用代码,名称,登记级别,地区,所属行业,登记日期\n"
        "ＡＢ１２３,广州市示例协会（筹）,市级,广州市,制造业,2020-01-01\n"
    )
    _, result = import_file(intake_engine, "association", "a.csv", text.encode(), imported_by="t")
    assert result.ok
    row = _rows(intake_engine, m.Association, source_id="AB123").iloc[0]
    assert row["name"] == "广州市示例协会（筹）"
    assert count(intake_engine, m.Association) >= 1
