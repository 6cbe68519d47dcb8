"""Which worksheets of a workbook hold the dataset's rows, and what became of every other.

Every sheet is accounted for: read (sheets with the dataset's header are read together, so a
workbook of monthly sheets is one import), skipped as instructions (填表说明, 示例 …, even if
they hold an example table), skipped as a summary beside the detail sheets (汇总), empty, not
read (no header of this dataset), or refused (a header that lacks a key column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils.cell import get_column_letter

from data_access.intake.columns import DatasetSpec, Reason
from data_access.intake.reading import FileError, HeaderMatch, Sheet, find_header
from data_access.intake.validation import Part, SheetOutcome, data_rows

INSTRUCTION_NAMES = re.compile(
    r"说明|须知|指引|指南|示例|样例|范例|填报要求|填表要求|注意事项|封面|目录|"
    r"instruction|readme|read me|example|sample|guide|help|cover|contents",
    re.IGNORECASE,
)
SUMMARY_NAMES = re.compile(r"汇总|合计|总表|总计|summary|total", re.IGNORECASE)
SHOWN_ROWS = 12


@dataclass
class Layout:
    """The data sheets of a file, what became of each sheet, and what the reader should know."""

    parts: list[Part] = field(default_factory=list)
    sheets: list[SheetOutcome] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)


def _rows_text(numbers: list[int]) -> str:
    """Row numbers for a message, the first dozen and a count of the rest."""
    shown = "、".join(str(n) for n in numbers[:SHOWN_ROWS])
    return shown + (f" 等 {len(numbers)} 行" if len(numbers) > SHOWN_ROWS else "")


def header_error(spec: DatasetSpec) -> FileError:
    """The error of a file without the dataset's header row."""
    expected_zh = "、".join(spec.column(k).zh for k in spec.natural_key)
    expected_en = ", ".join(spec.column(k).en for k in spec.natural_key)
    return FileError(
        f"未找到表头（{spec.zh}）：表格至少应包含这些列：{expected_zh}",
        f"no header row of '{spec.en}' found: the table needs at least {expected_en}",
    )


def lay_out(sheets: list[Sheet], spec: DatasetSpec) -> Layout:
    """Find the data sheets of a file; FileError when it holds none or one is malformed."""
    layout = Layout()
    candidates: list[tuple[Sheet, HeaderMatch]] = []
    instruction_tables: list[str] = []
    for sheet in sheets:
        header = find_header(sheet, spec)
        has_cells = any(c is not None and str(c).strip() for row in sheet.rows for c in row)
        if len(sheets) > 1 and INSTRUCTION_NAMES.search(sheet.name):
            layout.sheets.append(
                SheetOutcome(
                    sheet.name,
                    "instructions",
                    hidden=sheet.hidden,
                    reason=("说明页，不导入", "instructions, not imported"),
                )
            )
            if header is not None:
                instruction_tables.append(sheet.name)
            continue
        if header is None:
            status, reason = (
                ("no_header", (f"没有“{spec.zh}”的表头，未读取", "no header of this dataset"))
                if has_cells
                else ("empty", ("空白工作表", "empty sheet"))
            )
            layout.sheets.append(
                SheetOutcome(sheet.name, status, hidden=sheet.hidden, reason=reason)
            )
            continue
        candidates.append((sheet, header))
    if len(candidates) > 1:
        detail = [c for c in candidates if not SUMMARY_NAMES.search(c[0].name)]
        if detail:
            for sheet, _ in candidates:
                if SUMMARY_NAMES.search(sheet.name):
                    layout.sheets.append(
                        SheetOutcome(
                            sheet.name,
                            "summary",
                            hidden=sheet.hidden,
                            reason=(
                                "汇总表，与明细表重复，不导入",
                                "a summary of the other sheets, not imported",
                            ),
                        )
                    )
            candidates = detail
    if not candidates:
        if instruction_tables:
            names = "、".join(instruction_tables)
            raise FileError(
                f"只在说明页“{names}”找到表格；说明页不导入，请把数据放在单独的工作表",
                f"a table was found only on the instructions sheet '{names}', which is not "
                "imported: put the data on a sheet of its own",
            )
        raise header_error(spec)
    for sheet, header in candidates:
        missing = [spec.column(k).zh for k in spec.natural_key if k not in header.columns.values()]
        if missing:
            where = (
                ("", "")
                if sheet.name == "csv"
                else (f"工作表“{sheet.name}”", f"sheet '{sheet.name}' ")
            )
            raise FileError(
                f"{where[0]}缺少必填列：{'、'.join(missing)}",
                f"{where[1]}missing required columns: {', '.join(missing)}",
            )
        body, numbers, skipped = data_rows(sheet, header.row)
        prefix = (
            (f"工作表“{sheet.name}”：", f"sheet '{sheet.name}': ")
            if len(candidates) > 1
            else ("", "")
        )
        layout.skipped += [(n, prefix[0] + zh, prefix[1] + en) for n, zh, en in skipped]
        layout.parts.append(Part(sheet, header, body, numbers))
        layout.sheets.append(SheetOutcome(sheet.name, "read", len(body), sheet.hidden))
        layout.notes += _sheet_notes(sheet, header, numbers, prefix)
    order = {sheet.name: i for i, sheet in enumerate(sheets)}
    layout.sheets.sort(key=lambda outcome: order.get(outcome.name, 0))
    return layout


def _sheet_notes(
    sheet: Sheet, header: HeaderMatch, numbers: list[int], prefix: tuple[str, str]
) -> list[Reason]:
    """What a reader should know about a data sheet: hidden parts, unrecognised columns."""
    notes: list[Reason] = []
    if sheet.hidden:
        notes.append(
            (
                prefix[0] + "这是隐藏的工作表，已按数据读取",
                prefix[1] + "a hidden sheet, read as data",
            )
        )
    hidden_rows = [n for n in numbers if n in sheet.hidden_rows]
    if hidden_rows:
        notes.append(
            (
                prefix[0] + f"第 {_rows_text(hidden_rows)} 行在 Excel 中是隐藏行，已按数据读取"
                "（若不应导入，请删除这些行）",
                prefix[1] + f"rows {_rows_text(hidden_rows)} are hidden in Excel and were read "
                "as data (delete them if they should not be imported)",
            )
        )
    hidden_columns = sorted(j for j in header.columns if j in sheet.hidden_columns)
    if hidden_columns:
        letters = "、".join(get_column_letter(j + 1) for j in hidden_columns)
        notes.append(
            (
                prefix[0] + f"第 {letters} 列在 Excel 中是隐藏列，已读取",
                prefix[1] + f"column(s) {letters} are hidden in Excel and were read",
            )
        )
    row = sheet.rows[header.row]
    ignored = [
        str(cell).strip()
        for j, cell in enumerate(row)
        if j not in header.columns and cell is not None and str(cell).strip()
    ]
    if ignored:
        notes.append(
            (
                prefix[0] + f"未识别的列已忽略：{'、'.join(ignored[:10])}",
                prefix[1] + f"unrecognised columns ignored: {', '.join(ignored[:10])}",
            )
        )
    repeated: dict[str, list[int]] = {}
    for j, name in header.columns.items():
        repeated.setdefault(name, []).append(j)
    for js in repeated.values():
        if len(js) > 1:
            used = min(js)
            for j in js:
                if j != used:
                    first, other = header.labels[used], header.labels[j]
                    notes.append(
                        (
                            prefix[0] + f"重复的列“{other}”已忽略（使用“{first}”）",
                            prefix[1] + f"column '{other}' repeats '{first}': ignored",
                        )
                    )
    return notes
