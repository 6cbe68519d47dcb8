"""Rows to typed records: every cell checked, reasons in Chinese and English, nothing written."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from data_access.intake.cleaning import (
    CellError,
    PlaceIndex,
    clean_text,
    is_blank,
    map_unique,
    parse_bool,
    parse_date,
    parse_number,
    vocabulary_lookup,
)
from data_access.intake.reading import HeaderMatch, Sheet
from data_access.intake.specs import Column, DatasetSpec

ROW = "_row"  # the file's row number in the valid frame
ROW_LABEL = ("行号", "row")
REASON_LABEL = ("原因", "reason")
_TOTAL_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,8})(合计|总计|小计|共计|总数)$|^(grand)?total$|^sum$"
)
_TOTAL_HINT = re.compile(r"[计数]|total|sum", re.IGNORECASE)
_NOTE_RE = re.compile(
    r"^(注|备注|说明|填表|制表|审核|负责人|单位负责人|统计人|联系|填报|报送|note|remark)"
    r"|[:：]",
    re.IGNORECASE,
)

Reason = tuple[str, str]
_BLANK = object()  # marks an empty cell while parsing


@dataclass
class Checked:
    """The outcome of checking a file: valid records, rejected and skipped rows with reasons."""

    valid: pd.DataFrame
    rejected: pd.DataFrame
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    file_errors: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Data rows found below the header."""
        return len(self.valid) + len(self.rejected) + len(self.skipped)


def total_label(row: list[object]) -> str | None:
    """The 合计/总计/小计 word when a row is a total row, judged by its first filled cells."""
    seen = 0
    for cell in row:
        if is_blank(cell):
            continue
        if isinstance(cell, str) and _TOTAL_HINT.search(cell):
            text = re.sub(r"\s+", "", clean_text(cell)).lower()
            if _TOTAL_RE.match(text):
                return text
        seen += 1
        if seen == 2:
            break
    return None


def _parser(column: Column, places: PlaceIndex) -> Callable[[object], object]:
    """The cell parser of a column."""
    if column.kind == "place":
        return places.resolve
    if column.kind == "date":
        return parse_date
    if column.kind in ("int", "float"):
        number = partial(parse_number, integer=column.kind == "int", minimum=column.minimum)
        if column.maximum is None:
            return number

        def bounded(value: object) -> object:
            result = number(value)
            if result > column.maximum:  # type: ignore[operator]
                raise CellError(
                    f"不能大于 {column.maximum:g}：{value}",
                    f"must be at most {column.maximum:g}: {value}",
                )
            return result

        return bounded
    if column.kind == "bool":
        return parse_bool
    if column.kind == "code":
        assert column.vocabulary is not None
        return vocabulary_lookup(column.vocabulary)

    def text(value: object) -> str:
        cleaned = clean_text(value)
        if column.max_length and len(cleaned) > column.max_length:
            raise CellError(
                f"超过 {column.max_length} 个字符", f"longer than {column.max_length} characters"
            )
        return cleaned

    return text


def _labels(sheet: Sheet, header: HeaderMatch, width: int) -> list[str]:
    """Unique column titles for the rejected-rows table, from the file's header row."""
    row = sheet.rows[header.row]
    labels: list[str] = []
    for j in range(width):
        cell = row[j] if j < len(row) else None
        label = clean_text(cell) if not is_blank(cell) else f"列{j + 1}"
        while label in labels:
            label += "_"
        labels.append(label)
    return labels


def check_rows(
    sheet: Sheet,
    header: HeaderMatch,
    spec: DatasetSpec,
    places: PlaceIndex,
    levels: dict[str, str],
    allowed: frozenset[str] | None = None,
) -> Checked:
    """Check every data row below the header against the spec (allowed: permitted places)."""
    found = {name: j for j, name in sorted(header.columns.items(), reverse=True)}
    notes: list[Reason] = []
    for j, name in header.columns.items():
        if found[name] != j:
            notes.append(
                (
                    f"重复的列“{header.labels[j]}”已忽略（使用“{header.labels[found[name]]}”）",
                    f"column '{header.labels[j]}' repeats '{header.labels[found[name]]}': ignored",
                )
            )
    missing = [c for c in spec.columns if c.required and c.name not in found]
    if missing:
        names_zh = "、".join(c.zh for c in missing)
        names_en = ", ".join(c.en for c in missing)
        error = (f"缺少必填列：{names_zh}", f"missing required columns: {names_en}")
        return Checked(_empty(spec), pd.DataFrame(), file_errors=[error], notes=notes)

    body, numbers, skipped = _data_rows(sheet, header.row)
    width = max((len(r) for r in [sheet.rows[header.row], *body]), default=0)
    reasons: list[list[Reason]] = [[] for _ in body]
    values: dict[str, list[object]] = {}
    for column in spec.columns:
        if column.name not in found:
            values[column.name] = [column.default] * len(body)
            continue
        j = found[column.name]
        label = header.labels[j]
        raw = [row[j] if j < len(row) else None for row in body]
        parse = _parser(column, places)
        out, errors = map_unique(raw, lambda v, parse=parse: _BLANK if is_blank(v) else parse(v))
        for i, (value, error) in enumerate(zip(out, errors, strict=True)):
            if value is _BLANK:
                out[i] = column.default
                if column.required:
                    reasons[i].append((f"{label}：缺少必填值", f"{label}: value required"))
            elif error is not None:
                reasons[i].append((f"{label}：{error.zh}", f"{label}: {error.en}"))
        values[column.name] = out
    _check_date_order(spec, values, reasons)
    if allowed is not None:
        for i, code in enumerate(values["adcode"]):
            if code is not None and code not in allowed:
                reasons[i].append(("地区超出你的权限范围", "place outside your scope"))
    if "level" in spec.derived:
        values["level"] = [levels.get(code) if code else None for code in values["adcode"]]
    _check_duplicates(spec, values, reasons, numbers)

    ok = [not r for r in reasons]
    valid = pd.DataFrame(values, dtype=object)
    valid[ROW] = numbers
    valid = valid[ok].reset_index(drop=True)
    labels = _labels(sheet, header, width)
    bad = [i for i, good in enumerate(ok) if not good]
    rejected = pd.DataFrame(
        [list(body[i]) + [None] * (width - len(body[i])) for i in bad],
        columns=labels,
        dtype=object,
    )
    rejected.insert(0, ROW_LABEL[0], [numbers[i] for i in bad])
    rejected[REASON_LABEL[0]] = ["；".join(zh for zh, _ in reasons[i]) for i in bad]
    rejected[REASON_LABEL[1]] = ["; ".join(en for _, en in reasons[i]) for i in bad]
    return Checked(valid, rejected, skipped, notes=notes)


def _empty(spec: DatasetSpec) -> pd.DataFrame:
    """A valid-records frame with no rows."""
    return pd.DataFrame(columns=[*spec.written, ROW])


def note_label(row: list[object]) -> str | None:
    """The text of a note row (填表人：张三, 注：…): one filled cell of text, not data."""
    filled = [cell for cell in row if not is_blank(cell)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    text = filled[0].strip()
    return text[:30] if _NOTE_RE.search(text) else None


def skip_reason(row: list[object]) -> Reason | None:
    """Why a row below the header is not data: a 合计/小计 row or a note row; None for data."""
    word = total_label(row)
    if word is not None:
        return f"合计行（{word}）", f"total row ({word})"
    note = note_label(row)
    if note is not None:
        return f"说明行（{note}）", f"note row ({note})"
    return None


def _data_rows(
    sheet: Sheet, header_row: int
) -> tuple[list[list[object]], list[int], list[tuple[int, str, str]]]:
    """Rows below the header, minus empty rows, total rows and note rows (each where it
    stands: data below a 合计 row is read too)."""
    body: list[list[object]] = []
    numbers: list[int] = []
    skipped: list[tuple[int, str, str]] = []
    for row, number in zip(
        sheet.rows[header_row + 1 :], sheet.numbers[header_row + 1 :], strict=True
    ):
        if all(is_blank(c) for c in row):
            continue
        reason = skip_reason(row)
        if reason is not None:
            skipped.append((number, *reason))
            continue
        body.append(row)
        numbers.append(number)
    return body, numbers, skipped


def _check_date_order(
    spec: DatasetSpec, values: dict[str, list[object]], reasons: list[list[Reason]]
) -> None:
    """Reject rows whose dates run backwards (e.g. concluded before accepted)."""
    for earlier, later in spec.date_order:
        a_col, b_col = spec.column(earlier), spec.column(later)
        for i, (a, b) in enumerate(zip(values[earlier], values[later], strict=True)):
            if a is not None and b is not None and b < a:  # type: ignore[operator]
                reasons[i].append((f"{b_col.zh}早于{a_col.zh}", f"{b_col.en} is before {a_col.en}"))


def _check_duplicates(
    spec: DatasetSpec,
    values: dict[str, list[object]],
    reasons: list[list[Reason]],
    numbers: list[int],
) -> None:
    """Reject later rows that repeat an earlier row's natural key."""
    first: dict[tuple, int] = {}
    for i, key in enumerate(zip(*(values[k] for k in spec.natural_key), strict=True)):
        if None in key:
            continue
        if key in first:
            n = numbers[first[key]]
            reasons[i].append((f"与第 {n} 行重复", f"duplicate of row {n}"))
        else:
            first[key] = i
