"""A corpus of messy and broken files, each with the outcome the importer must reach."""

from __future__ import annotations

import datetime as dt
import io
import random

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data_access import models as m
from data_access.intake.pipeline import commit_import, prepare_import, rejected_rows
from data_access.intake.specs import DATASETS
from services.intake_files import rejected_bytes, template_bytes
from tests.data_access.intake_support import (
    VOLUNTEER_HEADER,
    count,
    csv_bytes,
    intake_engine,  # noqa: F401 - fixture
    volunteer_rows,
    xlsx_bytes,
)

H = VOLUNTEER_HEADER


def _good_xlsx() -> bytes:
    """A clean volunteer workbook."""
    return xlsx_bytes([H, ["越秀区", "2021-01-01", "社区服务", 5, 2]])


CORPUS: dict[str, tuple[bytes, dict]] = {
    "title_rows_merged_title_and_total.xlsx": (
        xlsx_bytes(
            [["2021年1月志愿服务统计表", None, None, None, None], [None] * 5,
             ["填报单位：广州市社会工作部", None, None, None, None], H,
             ["越秀区", dt.datetime(2021, 1, 1), "社区服务", 10, 3],
             ["海珠区", dt.datetime(2021, 1, 1), "医疗卫生", 20.5, 4],
             ["天河区", dt.datetime(2021, 1, 2), "应急救援", 30, 5],
             ["合计", None, None, 60.5, 12], ["填表人：张三", None, None, None, None]],
            merges=("A1:E1",),
        ),
        {"accepted": 3, "rejected": 0, "skipped": 2, "header_row": 4},
    ),
    "merged_two_row_header.xlsx": (
        xlsx_bytes(
            [["地区", "服务日期", "服务领域", "服务情况", None],
             [None, None, None, "服务时长（小时）", "志愿者人数"],
             ["越秀区", "2021-01-03", "社区服务", 1, 1], [None, "2021-01-03", "医疗卫生", 2, 2]],
            merges=("A1:A2", "B1:B2", "C1:C2", "D1:E1", "A3:A4"),
        ),
        {"accepted": 2, "rejected": 0, "skipped": 0, "header_row": 2},
    ),
    "full_width_digits_and_separators.csv": (
        csv_bytes([["越秀区", "２０２１－０１－０４", "社区服务", "１，２３４．５", "１,２３４"],
                   ["海珠区", "2021-01-04", "社区服务", "12,345", " 7 "]]),
        {"accepted": 2, "rejected": 0, "skipped": 0},
    ),
    "date_forms.csv": (
        csv_bytes([["越秀区", "2021-01-05", "community", 1, 1],
                   ["海珠区", "2021/1/5", "community", 1, 1],
                   ["天河区", "2021年1月5日", "community", 1, 1],
                   ["白云区", "44201", "community", 1, 1],
                   ["黄埔区", "20210105", "community", 1, 1]]),
        {"accepted": 5, "rejected": 0, "skipped": 0, "dates": {dt.date(2021, 1, 5)}},
    ),
    "excel_serial_and_date_cells.xlsx": (
        xlsx_bytes([H, ["越秀区", 44202, "社区服务", 1, 1],
                    ["海珠区", dt.date(2021, 1, 6), "社区服务", 1, 1]]),
        {"accepted": 2, "rejected": 0, "skipped": 0, "dates": {dt.date(2021, 1, 6)}},
    ),
    "place_forms.csv": (
        csv_bytes([["440104", "2021-01-07", "other", 1, 1],
                   ["广州市", "2021-01-07", "community", 1, 1],  # not beside 越秀区's 'other
                   ["越秀区", "2021-01-07", "medical", 1, 1],
                   ["广州市越秀区", "2021-01-07", "emergency", 1, 1]]),
        {"accepted": 4, "rejected": 0, "skipped": 0, "adcodes": {"440104", "440100"}},
    ),
    "gbk.csv": (
        csv_bytes([["越秀区", "2021年1月8日", "社区服务", 1, 1]], encoding="gbk"),
        {"accepted": 1, "rejected": 0, "skipped": 0, "encoding": "gbk"},
    ),
    "utf8_bom.csv": (
        csv_bytes([["越秀区", "2021-01-08", "社区服务", 1, 1]], encoding="utf-8-sig"),
        {"accepted": 1, "rejected": 0, "skipped": 0, "encoding": "utf-8-sig"},
    ),
    "english_headers_semicolons.csv": (
        b"place;date;field;hours;volunteers\n440104;2021-01-09;community;1;1\n",
        {"accepted": 1, "rejected": 0, "skipped": 0},
    ),
    "unknown_place.csv": (
        csv_bytes([["越秀区", "2021-01-10", "社区服务", 1, 1],
                   ["北京市朝阳区", "2021-01-10", "社区服务", 1, 1]]),
        {"accepted": 1, "rejected": 1, "reason": "未知的地区"},
    ),
    "impossible_date.csv": (
        csv_bytes([["越秀区", "2021-02-30", "社区服务", 1, 1]]),
        {"accepted": 0, "rejected": 1, "reason": "不存在的日期"},
    ),
    "negative_count.csv": (
        csv_bytes([["越秀区", "2021-01-11", "社区服务", 1, -3]]),
        {"accepted": 0, "rejected": 1, "reason": "不能为负数"},
    ),
    "non_numeric_count.csv": (
        csv_bytes([["越秀区", "2021-01-11", "社区服务", "十二", 1]]),
        {"accepted": 0, "rejected": 1, "reason": "不是数字"},
    ),
    "missing_value.csv": (
        csv_bytes([["", "2021-01-11", "社区服务", 1, 1]]),
        {"accepted": 0, "rejected": 1, "reason": "缺少必填值"},
    ),
    "duplicates_in_file.csv": (
        csv_bytes([["越秀区", "2021-01-12", "社区服务", 1, 1],
                   ["440104", "2021/1/12", "community", 2, 2]]),
        {"accepted": 1, "rejected": 1, "reason": "与第 2 行重复"},
    ),
    "missing_required_column.csv": (
        "地区,服务日期,服务领域,服务时长\n越秀区,2021-01-13,社区服务,1\n".encode(),
        # a column the file lacks keeps stored values; a new row needs it, so it is rejected
        {"accepted": 0, "rejected": 1, "reason": "缺少志愿者人数（新记录必填）"},
    ),
    "no_header.csv": (b"a,b,c\n1,2,3\n", {"file_error": "未找到表头"}),
    "header_only.csv": (csv_bytes([]), {"accepted": 0, "rejected": 0, "skipped": 0}),
    "empty.csv": (b"", {"file_error": "文件是空的"}),
    "truncated.xlsx": (_good_xlsx()[:700], {"file_error": "XLSX 文件已损坏或不完整"}),
    "binary_garbage.csv": (random.Random(6).randbytes(20_000), {"file_error": "无法识别的文件"}),
    "legacy.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, {"file_error": ".xls"}),
    "fifty_megabytes.csv": (b"a" * (50 * 1024 * 1024), {"file_error": "文件过大"}),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_file_is_checked_as_expected(intake_engine: Engine, name: str) -> None:  # noqa: F811
    data, expected = CORPUS[name]
    before = count(intake_engine, m.VolunteerService)
    prepared = prepare_import(intake_engine, "volunteer_service", name, data)
    if "file_error" in expected:
        assert not prepared.readable
        assert expected["file_error"] in prepared.file_errors[0][0]
        assert prepared.file_errors[0][1]  # an English reason too
        result = commit_import(intake_engine, prepared, imported_by="test")
        assert result.status == "rejected"
        assert count(intake_engine, m.VolunteerService) == before
        return
    assert prepared.file_errors == []
    assert (prepared.accepted, prepared.rejected) == (expected["accepted"], expected["rejected"])
    if "skipped" in expected:
        assert prepared.skipped == expected["skipped"]
    if "header_row" in expected:
        assert prepared.header_row == expected["header_row"]
    if "encoding" in expected:
        assert prepared.encoding == expected["encoding"]
    if "reason" in expected:
        reasons = rejected_rows(prepared)["原因"].tolist()
        assert any(expected["reason"] in r for r in reasons), reasons
        assert rejected_rows(prepared, "en")["reason"].str.len().min() > 0
    valid = prepared.checked.valid
    if "dates" in expected:
        assert set(valid["service_date"]) == expected["dates"]
    if "adcodes" in expected:
        assert set(valid["adcode"]) == expected["adcodes"]
    result = commit_import(intake_engine, prepared, imported_by="test")
    if expected["rejected"] or not expected["accepted"]:
        assert result.status == "rejected"
        assert count(intake_engine, m.VolunteerService) == before
    else:
        assert result.status in ("committed", "unchanged")
        assert count(intake_engine, m.VolunteerService) == before + result.inserted


def test_total_row_is_skipped_and_said_so(intake_engine: Engine) -> None:  # noqa: F811
    data, _ = CORPUS["title_rows_merged_title_and_total.xlsx"]
    prepared = prepare_import(intake_engine, "volunteer_service", "t.xlsx", data)
    reasons = [zh for _, zh, _ in prepared.checked.skipped]
    assert reasons == ["合计行（合计）", "说明行（填表人：张三）"]
    commit_import(intake_engine, prepared, imported_by="test")
    stored = volunteer_rows(intake_engine, "2021-01-01", "2021-01-02")
    assert stored["hours"].sum() == pytest.approx(60.5)  # the total row is not added on top


def test_merged_cells_fill_header_and_place(intake_engine: Engine) -> None:  # noqa: F811
    data, _ = CORPUS["merged_two_row_header.xlsx"]
    prepared = prepare_import(intake_engine, "volunteer_service", "m.xlsx", data)
    assert prepared.checked.valid["adcode"].tolist() == ["440104", "440104"]


def _big_csv(n: int, bad_at: int | None) -> bytes:
    """n volunteer rows on distinct keys in 2018-2019, one of them bad."""
    days = pd.date_range("2018-01-01", periods=730).strftime("%Y-%m-%d")
    units = ["440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114",
             "440115", "440117", "440118", "440303", "440304", "440305", "440306", "440307",
             "440308", "440309", "440310", "440311", "440402", "440403", "440404", "440507",
             "440511", "440512", "440513", "440514", "440515", "440523", "440604", "440605",
             "440606", "440607", "440608", "441900", "442000", "440703", "440704"]  # fmt: skip
    fields = ["community", "medical", "emergency", "elderly_children", "new_employment",
              "major_events", "other"]  # fmt: skip
    i = pd.RangeIndex(n)
    frame = pd.DataFrame(
        {
            "地区": [units[k % len(units)] for k in i],
            "服务日期": [days[(k // len(units)) % 730] for k in i],
            "服务领域": [fields[(k // (len(units) * 730)) % 7] for k in i],
            "服务时长": (i % 13 + 1).astype(float),
            "志愿者人数": i % 5 + 1,
        }
    )
    if bad_at is not None:
        frame.loc[bad_at, "志愿者人数"] = -1
    return frame.to_csv(index=False).encode()


def test_hundred_thousand_rows_one_bad_all_or_nothing_then_partial(intake_engine: Engine) -> None:  # noqa: F811
    data = _big_csv(100_000, bad_at=77_777)
    before = count(intake_engine, m.VolunteerService)
    prepared = prepare_import(intake_engine, "volunteer_service", "big.csv", data)
    assert (prepared.accepted, prepared.rejected) == (99_999, 1)
    assert rejected_rows(prepared)["行号"].tolist() == [77_779]  # header is line 1
    result = commit_import(intake_engine, prepared, imported_by="test")
    assert result.status == "rejected"
    assert count(intake_engine, m.VolunteerService) == before
    result = commit_import(intake_engine, prepared, imported_by="test", partial=True)
    assert (result.status, result.inserted, result.rejected) == ("partial", 99_999, 1)
    assert count(intake_engine, m.VolunteerService) == before + 99_999
    with intake_engine.connect() as conn:
        log = conn.execute(
            select(m.ImportLog.rows_accepted, m.ImportLog.rows_rejected, m.ImportLog.note).where(
                m.ImportLog.id == result.import_id
            )
        ).one()
    assert log == (99_999, 1, "partial: valid rows only")


INJECTIONS = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","点我")',
    "'; DROP TABLE association; --",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1-1",
]


def test_injection_strings_in_every_text_column(intake_engine: Engine) -> None:  # noqa: F811
    spec = DATASETS["association"]
    header = [c.zh for c in spec.columns]
    rows = [
        [f"INJ-{i}-{text}"[:40], text, "省级", "广州市", "制造业", "2015-06-18", "", "是"]
        for i, text in enumerate(INJECTIONS)
    ]
    bad_codes = [
        ["INJ-bad", "x", text, "广州市", text, "2015-06-18", "", text] for text in INJECTIONS[:1]
    ]
    data = csv_bytes(rows + bad_codes, header=header)
    prepared = prepare_import(intake_engine, "association", "inj.csv", data)
    assert (prepared.accepted, prepared.rejected) == (len(INJECTIONS), 1)
    result = commit_import(intake_engine, prepared, imported_by="<b>admin</b>", partial=True)
    assert result.ok
    with intake_engine.connect() as conn:
        names = set(
            conn.execute(
                select(m.Association.name).where(m.Association.source_id.like("INJ-%"))
            ).scalars()
        )
        assert names == set(INJECTIONS)  # stored verbatim, as data
        assert conn.execute(select(func.count()).select_from(m.Region)).scalar() > 100
    exported = rejected_bytes(prepared, "csv").decode("utf-8-sig")
    assert "\"'<script>" not in exported and ",=" not in exported
    xlsx = pd.read_excel(io.BytesIO(rejected_bytes(prepared, "xlsx")), dtype=str)
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in xlsx.to_numpy().ravel())


def test_templates_are_read_and_their_example_row_is_not_imported(intake_engine: Engine) -> None:  # noqa: F811
    # The example row starts with 示例： so a template filled in below it never imports it.
    for spec in DATASETS.values():
        for fmt in ("xlsx", "csv"):
            prepared = prepare_import(
                intake_engine, spec.key, f"t.{fmt}", template_bytes(spec, fmt)
            )
            assert prepared.readable, (spec.key, fmt, prepared.file_errors)
            assert (prepared.accepted, prepared.rejected) == (0, 0), rejected_rows(prepared)
            assert [zh for _, zh, _ in prepared.checked.skipped] == [
                "示例行（模板中的示例，不导入）"
            ]
