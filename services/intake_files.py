"""Files of the data intake: templates per dataset and the rejected-rows download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from charts.export import table_csv, table_xlsx
from config import ROOT
from data_access.intake.pipeline import Prepared, rejected_rows
from data_access.intake.specs import DATASETS, DatasetSpec, example_value

TEMPLATE_DIR = ROOT / "assets" / "templates"


def template_frame(spec: DatasetSpec, lang: str = "zh") -> pd.DataFrame:
    """The template table: one header per column (Chinese by default) and one example row."""
    headers = [c.zh if lang == "zh" else c.en for c in spec.columns]
    return pd.DataFrame([[example_value(c) for c in spec.columns]], columns=headers, dtype=object)


def template_name(spec: DatasetSpec, fmt: str) -> str:
    """The file name of a template, e.g. 导入模板_志愿服务_volunteer_service.xlsx."""
    return f"导入模板_{spec.zh}_{spec.key}.{fmt}"


def template_bytes(spec: DatasetSpec, fmt: str) -> bytes:
    """The template as XLSX or CSV (UTF-8 with BOM, opens in Excel)."""
    frame = template_frame(spec)
    if fmt == "csv":
        return table_csv(frame)
    return table_xlsx(frame, sheet_name=spec.zh)


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
