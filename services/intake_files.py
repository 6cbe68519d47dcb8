"""Files of the data intake: templates with their instructions, the rules document, and the
rejected-rows download."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from charts.export import neutralise_formulas, sheet_title, table_csv, table_xlsx
from config import ROOT
from data_access.intake.columns import Column, DatasetSpec, example_value
from data_access.intake.pipeline import Prepared, rejected_rows
from data_access.intake.specs import DATASETS

TEMPLATE_DIR = ROOT / "assets" / "templates"
RULES_DOC = ROOT / "docs" / "import_rules.md"
EXAMPLE_MARK = "示例："
KIND_TEXT = {
    "place": ("地区", "place"),
    "date": ("日期", "date"),
    "month_or_day": ("日期或月份", "day or month"),
    "period": ("年度、季度或月份", "year, quarter or month"),
    "int": ("整数", "whole number"),
    "float": ("数字", "number"),
    "text": ("文字", "text"),
    "code": ("选项", "choice"),
    "bool": ("是/否", "yes/no"),
}
RULES = (
    (
        "文件可以只包含要更新的列：没有的列不改变库中已存的值。",
        "A file may hold only the columns that changed: a column the file lacks never changes "
        "stored values.",
    ),
    (
        "单元格留空表示不改变已有记录的该项（新记录取默认值）；要清除已存的值，请填写“清空”。",
        "A blank cell keeps the stored value of an existing row (a new row gets the default); "
        "write 清空 to erase a stored value.",
    ),
    (
        "“键”列每个文件都必须有；“新记录必填”的列只在新增记录时需要。",
        "Key columns are needed in every file; columns marked required only for new rows.",
    ),
    (
        "工作簿的每个工作表都会在导入结果中说明：表头相同的工作表（如按月分表）一起导入；"
        "“填表说明”“示例”等说明页不导入；与明细表并存的“汇总”表不导入。",
        "Every worksheet is accounted for: sheets with the dataset's header (monthly sheets) are "
        "read together; instruction and example sheets are never imported; a summary sheet "
        "beside the detail sheets is not imported.",
    ),
    (
        "合计、小计、填表人等说明行就地跳过，其下方的数据照常读取；以“示例”开头的行不导入。",
        "Total, subtotal and note rows are skipped where they stand and the data below them is "
        "read; rows starting with 示例 are not imported.",
    ),
    (
        "同一文件中，地市（或全省）一行与其下属区县同一日期、领域并存时视为小计："
        "等于区县之和则跳过，否则拒绝；市本级数据请写“广州市本级”。",
        "A city (or province) row beside its own counties for the same key is a subtotal: "
        "skipped when it equals their sum, refused otherwise; write 广州市本级 for a city's own "
        "figures.",
    ),
    (
        "晚于今天的日期会被拒绝（计划、截止日期等列除外）。",
        "Dates after today are refused (except plan and due-date columns).",
    ),
    (
        "隐藏的行、列和工作表照常读取，并在导入结果中列出；行号与 Excel 显示的一致。",
        "Hidden rows, columns and sheets are read and listed in the summary; row numbers are "
        "the ones Excel shows.",
    ),
    (
        "任何一行未通过检查时整个文件不导入（可选择只导入通过的行）；同一文件再导入一次不改变数据。",
        "If any row fails, nothing is imported (or, when chosen, only the valid rows); the same "
        "file imported again changes nothing.",
    ),
)


def _required_text(spec: DatasetSpec, column: Column, lang: str) -> str:
    """Whether a column is a key, required for new rows, or optional."""
    i = 0 if lang == "zh" else 1
    if column.name in spec.natural_key:
        return ("键（必填）", "key (required)")[i]
    if column.required:
        return ("新记录必填", "required for new rows")[i]
    return ("可选", "optional")[i]


def _choices(column: Column, lang: str) -> str:
    """The allowed values of a choice column."""
    if column.vocabulary is None:
        return ""
    i = 0 if lang == "zh" else 1
    return ("、" if lang == "zh" else ", ").join(names[i] for names in column.vocabulary.values())


def columns_table(spec: DatasetSpec, lang: str = "zh") -> pd.DataFrame:
    """What each column of a dataset holds, for the template's instructions and the page."""
    zh = lang == "zh"
    return pd.DataFrame(
        {
            "表头" if zh else "header": [c.zh for c in spec.columns],
            "英文表头" if zh else "English header": [c.en for c in spec.columns],
            "类型" if zh else "kind": [KIND_TEXT[c.kind][0 if zh else 1] for c in spec.columns],
            "是否必填" if zh else "required": [_required_text(spec, c, lang) for c in spec.columns],
            "说明" if zh else "notes": [
                "；".join(x for x in (c.note[0 if zh else 1], _choices(c, lang)) if x)
                for c in spec.columns
            ],
            "也可写作" if zh else "also accepted": ["、".join(c.aliases[:6]) for c in spec.columns],
        }
    )


def template_frame(spec: DatasetSpec, lang: str = "zh") -> pd.DataFrame:
    """The template's data sheet: one header per column and one example row marked 示例."""
    headers = [c.zh if lang == "zh" else c.en for c in spec.columns]
    row = [example_value(c) for c in spec.columns]
    row[0] = f"{EXAMPLE_MARK}{row[0]}"
    return pd.DataFrame([row], columns=headers, dtype=object)


def template_name(spec: DatasetSpec, fmt: str) -> str:
    """The file name of a template, e.g. 导入模板_志愿服务_volunteer_service.xlsx."""
    return f"导入模板_{spec.zh}_{spec.key}.{fmt}".replace("（", "_").replace("）", "")


def instructions_frame(spec: DatasetSpec) -> pd.DataFrame:
    """The instructions sheet: the dataset, the rules every dataset shares, the columns."""
    lines: list[list[object]] = [[f"{spec.zh}（{spec.en}）导入说明"], []]
    if spec.note[0]:
        lines.append([spec.note[0]])
    lines.append(["示例行以“示例：”开头，导入时跳过；可直接覆盖或删除。"])
    lines.append([])
    lines.append(["通用规则"])
    lines += [[f"{i}. {zh}"] for i, (zh, _) in enumerate(RULES, start=1)]
    lines.append([])
    table = columns_table(spec)
    lines.append(list(table.columns))
    lines += table.astype(object).values.tolist()
    width = max(len(r) for r in lines)
    return pd.DataFrame([r + [None] * (width - len(r)) for r in lines], dtype=object)


def template_bytes(spec: DatasetSpec, fmt: str) -> bytes:
    """The template as XLSX (data sheet first, instructions second) or CSV (UTF-8 with BOM)."""
    frame = template_frame(spec)
    if fmt == "csv":
        return table_csv(frame)
    book = Workbook()
    data = book.active
    data.title = sheet_title(spec.zh)
    safe = neutralise_formulas(frame)
    data.append(list(safe.columns))
    data.append(safe.iloc[0].tolist())
    for cell in data[1]:
        cell.font = Font(bold=True)
    for j, column in enumerate(spec.columns, start=1):
        data.column_dimensions[data.cell(row=1, column=j).column_letter].width = max(
            12, 2 * len(column.zh) + 4
        )
    notes = book.create_sheet("填表说明")
    for row in neutralise_formulas(instructions_frame(spec)).values.tolist():
        notes.append([None if pd.isna(v) else v for v in row])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 28
    for letter in "BCDEF":
        notes.column_dimensions[letter].width = 22
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=False, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_templates(folder: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every dataset's XLSX and CSV template into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in DATASETS.values():
        for fmt in ("xlsx", "csv"):
            path = folder / template_name(spec, fmt)
            path.write_bytes(template_bytes(spec, fmt))
            written.append(path)
    return written


def rules_markdown() -> str:
    """docs/import_rules.md: the shared rules and every dataset's columns."""
    lines = [
        "# 数据导入规则 / Import rules",
        "",
        "由 `services/intake_files.py` 按 `data_access/intake/datasets/` 生成，请勿手工修改"
        "（`python cli.py write-templates` 重新生成）。Generated from the dataset specs; do not "
        "edit by hand (`python cli.py write-templates` writes it again).",
        "",
        "```bash",
        ".venv/bin/python cli.py import --dataset DATASET --file FILE.xlsx [--dry-run] [--partial]",
        ".venv/bin/python cli.py write-templates   # templates in assets/templates/ and this file",
        "```",
        "",
        "## 通用规则 / Rules every dataset shares",
        "",
    ]
    for i, (zh, en) in enumerate(RULES, start=1):
        lines += [f"{i}. {zh}  ", f"   {en}"]
    lines.append("")
    for spec in DATASETS.values():
        key = "、".join(spec.column(k).zh for k in spec.natural_key)
        older = f"（旧名 {'、'.join(spec.aliases)}）" if spec.aliases else ""
        lines += [
            f"## `{spec.key}` — {spec.zh} / {spec.en}{older}",
            "",
            f"写入表 `{spec.table.name}`；键：{key}；模板 `assets/templates/"
            f"{template_name(spec, 'xlsx')}`。" + (f" {spec.note[0]}。" if spec.note[0] else ""),
            "",
        ]
        table = columns_table(spec)
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        for row in table.itertuples(index=False):
            lines.append("| " + " | ".join(str(v) for v in row) + " |")
        lines.append("")
    return "\n".join(lines)


def write_rules_doc(path: Path = RULES_DOC) -> Path:
    """Write docs/import_rules.md."""
    path.write_text(rules_markdown() + "\n", encoding="utf-8")
    return path


def rejected_bytes(prepared: Prepared, fmt: str, lang: str = "zh") -> bytes:
    """The rejected rows with their reasons, formulas neutralised, as CSV or XLSX."""
    table = rejected_rows(prepared, lang)
    if fmt == "csv":
        return table_csv(table)
    title = "被拒绝的行" if lang == "zh" else "Rejected rows"
    return table_xlsx(table, sheet_name=title)


def rejected_name(prepared: Prepared, fmt: str) -> str:
    """The download name of the rejected rows of a file."""
    stem = Path(prepared.file_name).stem or "import"
    return f"{stem}_被拒绝的行.{fmt}"
