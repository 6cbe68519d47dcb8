"""Messy government workbooks, built in memory the way offices make them (for the go-live tests)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

VOL = ["地区", "服务日期", "服务领域", "服务时长（小时）", "志愿者人数"]
SUGG = ["建议编号", "征集渠道", "建议类别", "征集层级", "地区", "收到日期", "受理日期",
        "办结日期", "是否采纳", "满意度"]  # fmt: skip


def workbook(
    sheets: list[tuple[str, list[list[object]]]],
    *,
    hidden_rows: dict[str, list[int]] | None = None,
    hidden_sheets: tuple[str, ...] = (),
    formulas: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """An XLSX workbook: named sheets of rows, some rows or sheets hidden, some formulas."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for number in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[number].hidden = True
        for ref, formula in (formulas or {}).get(name, {}).items():
            ws[ref] = formula
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


INSTRUCTIONS_FIRST = workbook(
    [
        (
            "填表说明",
            [
                ["志愿服务月报填表说明"],
                ["1. 按区县填报，每行一个服务领域"],
                ["示例如下："],
                VOL,
                ["越秀区", "2023-01-01", "社区服务", 999, 99],
            ],
        ),
        (
            "数据",
            [
                VOL,
                ["越秀区", "2023-02-01", "社区服务", 10, 2],
                ["海珠区", "2023-02-01", "社区服务", 20, 3],
                ["天河区", "2023-02-01", "社区服务", 30, 4],
            ],
        ),
    ]
)

MONTHLY_SHEETS = workbook(
    [(f"{m}月", [VOL, ["越秀区", f"2023-0{m}-15", "医疗卫生", 10 * m, m]]) for m in (1, 2, 3)]
    + [("汇总", [VOL, ["越秀区", "2023-01-15", "医疗卫生", 60, 6]])]
)

TOTAL_IN_THE_MIDDLE = workbook(
    [
        (
            "Sheet1",
            [
                ["2023年4月志愿服务统计表"],
                VOL,
                ["越秀区", dt.datetime(2023, 4, 1), "社区服务", 10, 1],
                ["海珠区", dt.datetime(2023, 4, 1), "社区服务", 20, 2],
                ["小计", None, None, 30, 3],
                ["天河区", dt.datetime(2023, 4, 1), "社区服务", 30, 3],
                ["合计", None, None, None, None],
                ["白云区", dt.datetime(2023, 4, 1), "社区服务", 40, 4],
                ["填表人：李四  联系电话：020-1234567"],
            ],
        )
    ],
    formulas={"Sheet1": {"D9": "=SUM(D3:D8)"}},
)

HIDDEN_ROW = workbook(
    [
        (
            "Sheet1",
            [
                VOL,
                ["越秀区", "2023-05-01", "社区服务", 10, 1],
                ["海珠区", "2023-05-01", "社区服务", 20, 2],
                ["天河区", "2023-05-01", "社区服务", 30, 3],
            ],
        )
    ],
    hidden_rows={"Sheet1": [3]},
)

FORMULA_WITHOUT_VALUE = workbook(
    [("Sheet1", [VOL, ["越秀区", "2023-06-01", "社区服务", None, 2]])],
    formulas={"Sheet1": {"D2": "=10*2"}},
)

ONLY_INSTRUCTIONS = workbook(
    [
        ("填表说明", [["说明"], VOL, ["越秀区", "2023-01-01", "社区服务", 1, 1]]),
        ("封面", [["2023年志愿服务统计"]]),
    ]
)
