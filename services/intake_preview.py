"""The rows a checked file will write, as a reader checks them: place names, category names,
and the words for values the file leaves unchanged or clears."""

from __future__ import annotations

import pandas as pd

from data_access.intake.markers import Marker
from data_access.intake.pipeline import Prepared
from data_access.intake.validation import ROW, SHEET
from data_access.vocabulary import label

HEADERS = {ROW: ("行号", "Row"), SHEET: ("工作表", "Sheet")}


def _cell(value: object, lang: str) -> str:
    """A preview cell: markers in words, empty for nothing."""
    if isinstance(value, Marker):
        return value.zh if lang == "zh" else value.en
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return str(value)


def preview_frame(
    prepared: Prepared, place_names: dict[str, str], lang: str = "zh", rows: int = 20
) -> pd.DataFrame:
    """The first valid rows with the file's row (and sheet), names instead of codes."""
    checked = prepared.checked
    if checked is None or checked.valid.empty:
        return pd.DataFrame()
    spec = prepared.spec
    head = checked.valid.head(rows)
    out = pd.DataFrame({HEADERS[ROW][lang != "zh"]: head[ROW].tolist()})
    if SHEET in head and head[SHEET].nunique() > 1:
        out[HEADERS[SHEET][lang != "zh"]] = head[SHEET].tolist()
    for column in spec.columns:
        values = head[column.name].tolist()
        if column.kind == "place":
            values = [place_names.get(v, v) if isinstance(v, str) else v for v in values]
        elif column.kind == "code" and column.vocabulary:
            vocabulary = column.vocabulary
            values = [label(vocabulary, v, lang) if isinstance(v, str) else v for v in values]
        out[column.zh if lang == "zh" else column.en] = [_cell(v, lang) for v in values]
    return out
