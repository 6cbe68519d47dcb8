"""Record datasets (a million rows a file): read and checked column by column with pandas.

The same rules and the same reasons as the row-by-row checks in `validation`, but each cell
parser runs once per distinct value and plain values (ASCII ids, decimal numbers) skip the
parsers altogether, so a million-row CSV is checked in a few seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Engine

from data_access.intake.cleaning import CellError, PlaceIndex, is_blank, places_within
from data_access.intake.phases import phase
from data_access.intake.reading import (
    HEADER_SEARCH_ROWS,
    OLE_MAGIC,
    XLSX_MAGIC,
    FileError,
    HeaderMatch,
    Sheet,
    _delimiter,
    decode_text,
    find_header,
    read_csv,
    read_sheets,
)
from data_access.intake.specs import Column, DatasetSpec
from data_access.intake.stored import latest_allowed_day, regions_frame
from data_access.intake.validation import (
    _BLANK,
    REASON_LABEL,
    ROW,
    ROW_LABEL,
    Checked,
    SheetOutcome,
    _parser,
    skip_reason,
)
from data_access.intake.workbook import lay_out

RECORD_DATASETS = frozenset({"volunteer_record"})
_PLAIN_TEXT = r"[!-~](?:[ -~]*[!-~])?"  # printable ASCII, no edge spaces: clean_text keeps it
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"  # ASCII digits only
_TOTAL_HINT = r"[计数]|示例|样例|范例|例[:：]|(?i:total|sum|example|sample)"  # see skip_reason
_TOTAL_HINT_RE = re.compile(_TOTAL_HINT)
Reason = tuple[str, str]


def _header_error(spec: DatasetSpec) -> FileError:
    """The error of a file without a recognisable header row."""
    expected_zh = "、".join(c.zh for c in spec.columns if c.required)
    expected_en = ", ".join(c.en for c in spec.columns if c.required)
    return FileError(
        f"未找到表头：表格应包含这些列：{expected_zh}",
        f"no header row found: the table needs the columns {expected_en}",
    )


def _line_offset(text: str, lines: int) -> int:
    """Where the text after its first `lines` lines starts."""
    offset = 0
    for _ in range(lines):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset


def _csv_fast(text: str, spec: DatasetSpec) -> tuple[HeaderMatch, Sheet, pd.DataFrame, int] | None:
    """Header and body of a CSV read by pandas' C parser; None when the file needs csv.reader
    (a cell holding a line break, ragged rows), so the row numbers stay the file's."""
    head_text = text[: _line_offset(text, HEADER_SEARCH_ROWS)]
    delimiter = _delimiter(head_text)
    reader = csv.reader(io.StringIO(head_text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    numbers: list[int] = []
    start = 1
    for row in reader:
        rows.append(list(row))
        numbers.append(start)
        start = reader.line_num + 1
    sheet = Sheet("csv", rows, numbers)
    header = find_header(sheet, spec)
    if header is None:
        raise _header_error(spec)
    last_line = (numbers[header.row + 1] - 1) if header.row + 1 < len(numbers) else start - 1
    body = text[_line_offset(text, last_line) :]
    physical = body.count("\n") + (0 if body.endswith("\n") or not body else 1)
    if not body:
        return header, sheet, pd.DataFrame(), last_line + 1
    frame = _arrow_frame(body, delimiter)
    if frame is not None and len(frame) == physical:
        return header, sheet, frame, last_line + 1
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        return None
    if len(frame) != physical:
        return None
    return header, sheet, frame, last_line + 1


_MAX_COLUMNS = 256
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas' C parser gives for dtype=str


def _arrow_frame(body: str, delimiter: str) -> pd.DataFrame | None:
    """The body of a CSV read by Arrow's multi-threaded reader, as text columns numbered from
    0; None when it is not one rectangular table of one line per row (then pandas reads it)."""
    try:
        table = pa_csv.read_csv(
            io.BytesIO(body.encode("utf-8", "surrogatepass")),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                column_types={f"f{j}": pa.string() for j in range(_MAX_COLUMNS)},
                auto_dict_encode=False,
                null_values=[],
                true_values=[],
                false_values=[],
            ),
        )
    except (pa.ArrowInvalid, UnicodeEncodeError):
        return None
    if table.num_columns > _MAX_COLUMNS:
        return None
    frame: pd.DataFrame = table.to_pandas(types_mapper={pa.string(): _STR}.get)
    frame.columns = range(frame.shape[1])  # type: ignore[assignment]  # positions as labels
    return frame


def _frame(rows: list[list[object]]) -> pd.DataFrame:
    """Rows of cells (lists of any length) as a frame of object columns."""
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)


def read_table(
    data: bytes, file_name: str, spec: DatasetSpec
) -> tuple[HeaderMatch, Sheet, pd.DataFrame, np.ndarray, str | None]:
    """The header, the header sheet, the body as a frame, its row numbers and the encoding."""
    return read_layout(data, file_name, spec)[:5]


def read_layout(
    data: bytes, file_name: str, spec: DatasetSpec
) -> tuple[HeaderMatch, Sheet, pd.DataFrame, np.ndarray, str | None, list[SheetOutcome]]:
    """read_table and what became of every worksheet (see workbook.lay_out)."""
    if data and not data.startswith((XLSX_MAGIC, OLE_MAGIC)):
        if not file_name.lower().endswith((".xlsx", ".xlsm")):
            text, encoding = decode_text(data)
            fast = _csv_fast(text, spec)
            if fast is not None:
                header, sheet, frame, first = fast
                numbers = np.arange(first, first + len(frame))
                read = [SheetOutcome(sheet.name, "read", len(frame))]
                return header, sheet, frame, numbers, encoding, read
            sheets = [read_csv(data)]
        else:
            sheets = read_sheets(data, file_name)
    else:
        sheets = read_sheets(data, file_name)
    layout = lay_out(sheets, spec)
    if len(layout.parts) > 1:
        names = "、".join(p.sheet.name for p in layout.parts)
        raise FileError(
            f"{spec.zh}文件只能有一个数据工作表（找到：{names}），请分别导入或另存为 CSV",
            f"a {spec.en} file may hold one data sheet only (found {names}): import them "
            "one by one or as CSV",
        )
    part = layout.parts[0]
    sheet, header = part.sheet, part.header
    body = sheet.rows[header.row + 1 :]
    numbers = np.asarray(sheet.numbers[header.row + 1 :], dtype=np.int64)
    return header, sheet, _frame(body), numbers, sheet.encoding, layout.sheets


def _is_str(values: pd.Series) -> bool:
    """True when every cell is text (a CSV column)."""
    return pd.api.types.is_string_dtype(values) and values.dtype != object


def _blank_mask(values: pd.Series) -> np.ndarray:
    """Cells that are empty after trimming (None, NaN, spaces, full-width spaces)."""
    if _is_str(values):
        return (values.str.strip() == "").to_numpy(dtype=bool, na_value=False, copy=True)
    return np.fromiter((is_blank(v) for v in values), dtype=bool, count=len(values))


def _by_unique(
    values: pd.Series, parse: Callable[[object], object]
) -> tuple[np.ndarray, np.ndarray]:
    """Parse each distinct value once: parsed values (or _BLANK) and errors, row by row."""
    keyed = values if _is_str(values) else values.map(lambda v: (v.__class__, v))
    codes, uniques = pd.factorize(keyed, use_na_sentinel=False)
    parsed = np.empty(len(uniques), dtype=object)
    errors = np.empty(len(uniques), dtype=object)
    for i, key in enumerate(uniques):
        value = key if _is_str(values) else key[1]
        if is_blank(value):
            parsed[i] = _BLANK
            continue
        try:
            parsed[i] = parse(value)
        except CellError as exc:
            errors[i] = exc
    return parsed[codes], errors[codes]


def parse_column(
    values: pd.Series, column: Column, places: PlaceIndex
) -> tuple[np.ndarray, np.ndarray]:
    """Parsed values (_BLANK for empty cells) and CellErrors of one column, row by row."""
    parse = _parser(column, places)
    n = len(values)
    if not _is_str(values) or column.kind not in ("text", "float", "int"):
        return _by_unique(values, parse)
    parsed = np.empty(n, dtype=object)
    errors = np.empty(n, dtype=object)
    if column.kind == "text":
        plain = values.str.fullmatch(_PLAIN_TEXT).to_numpy(dtype=bool, na_value=False, copy=True)
        if column.max_length:
            plain &= (values.str.len() <= column.max_length).to_numpy(
                dtype=bool, na_value=False, copy=True
            )
        parsed[plain] = values[plain].to_numpy(dtype=object)
    else:
        plain = values.str.fullmatch(_PLAIN_NUMBER).to_numpy(dtype=bool, na_value=False, copy=True)
        numbers = pd.to_numeric(values[plain]).to_numpy(dtype=float)
        ok = (numbers >= (column.minimum if column.minimum is not None else -np.inf)) & (
            numbers <= (column.maximum if column.maximum is not None else 1e15)
        )
        if column.kind == "int":
            ok &= (numbers == np.round(numbers)) & (np.abs(numbers) <= 2**31 - 1)
        index = np.flatnonzero(plain)
        plain[index[~ok]] = False  # out of range: the parser words the reason
        good = numbers[ok]
        parsed[index[ok]] = good.astype(int) if column.kind == "int" else good
    rest = ~plain
    if rest.any():
        parsed[rest], errors[rest] = _by_unique(values[rest], parse)
    return parsed, errors


def _skipped_rows(frame: pd.DataFrame, numbers: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Rows to check (mask) and rows skipped on purpose: blank, total and note rows, each
    where it stands (see validation.skip_reason)."""
    n = len(frame)
    filled = np.zeros(n, dtype=np.int64)
    hint = np.zeros(n, dtype=bool)
    for j in frame.columns:
        values = frame[j]
        filled += ~_blank_mask(values)
        if _is_str(values):
            hint |= values.str.contains(_TOTAL_HINT, regex=True).to_numpy(
                dtype=bool, na_value=False, copy=True
            )
        else:
            hint |= values.map(
                lambda v: isinstance(v, str) and _TOTAL_HINT_RE.search(v) is not None
            ).to_numpy(dtype=bool)
    keep = filled > 0
    skipped: list[tuple[int, str, str]] = []
    for i in np.flatnonzero((hint | (filled == 1)) & keep):
        reason = skip_reason(frame.iloc[i].tolist())
        if reason is not None:
            keep[i] = False
            skipped.append((int(numbers[i]), *reason))
    return keep, skipped


def check_records(
    header: HeaderMatch,
    sheet: Sheet,
    frame: pd.DataFrame,
    numbers: np.ndarray,
    spec: DatasetSpec,
    places: PlaceIndex,
    allowed: frozenset[str] | None = None,
    latest_day: dt.date | None = None,
) -> Checked:
    """Check every data row of a record file column by column (see validation.check_rows);
    dates after latest_day are refused."""
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
        error = (
            f"缺少必填列：{'、'.join(c.zh for c in missing)}",
            f"missing required columns: {', '.join(c.en for c in missing)}",
        )
        empty = pd.DataFrame(columns=[*spec.written, ROW])
        return Checked(empty, pd.DataFrame(), file_errors=[error], notes=notes)
    keep, skipped = _skipped_rows(frame, numbers)
    body = frame[keep].reset_index(drop=True)
    numbers = numbers[keep]
    n = len(body)
    # (rows, zh, en): zh/en per row or one for all
    problems: list[tuple[np.ndarray, str | np.ndarray, str | np.ndarray]] = []
    values: dict[str, np.ndarray] = {}
    for column in spec.columns:
        if column.name not in found:
            values[column.name] = np.full(n, column.default, dtype=object)
            continue
        j = found[column.name]
        label = header.labels[j]
        cells = body[j] if j in body.columns else pd.Series([None] * n, dtype=object)
        parsed, errors = parse_column(cells, column, places)
        blank = _blank_mask(cells)
        parsed[blank] = column.default
        if column.required and blank.any():
            problems.append((blank, f"{label}：缺少必填值", f"{label}: value required"))
        bad = np.flatnonzero(~pd.isna(errors))
        if len(bad):
            zh = np.empty(n, dtype=object)
            en = np.empty(n, dtype=object)
            zh[bad] = [f"{label}：{errors[i].zh}" for i in bad]
            en[bad] = [f"{label}: {errors[i].en}" for i in bad]
            mask = np.zeros(n, dtype=bool)
            mask[bad] = True
            problems.append((mask, zh, en))
        values[column.name] = parsed
        if latest_day is not None and column.kind == "date":
            late = np.fromiter(
                (isinstance(v, dt.date) and v > latest_day for v in parsed), dtype=bool, count=n
            )
            if late.any():
                zh = np.empty(n, dtype=object)
                en = np.empty(n, dtype=object)
                today = dt.date.today().isoformat()
                for i in np.flatnonzero(late):
                    zh[i] = f"{column.zh}：{parsed[i].isoformat()} 晚于今天（{today}）"
                    en[i] = f"{column.en}: {parsed[i].isoformat()} is after today"
                problems.append((late, zh, en))
    if allowed is not None:
        codes = values["adcode"]
        outside = np.fromiter(
            (c is not None and c not in allowed for c in codes), dtype=bool, count=n
        )
        problems.append((outside, "地区超出你的权限范围", "place outside your scope"))
    key = pd.Series(values[spec.natural_key[0]], dtype=object)
    if len(spec.natural_key) == 1:
        present = key.notna()
        repeated = (key.duplicated(keep="first") & present).to_numpy()
        if repeated.any():
            first = pd.Series(numbers).groupby(key.to_numpy()).transform("first").to_numpy()
            zh = np.empty(n, dtype=object)
            en = np.empty(n, dtype=object)
            zh[repeated] = [f"与第 {int(k)} 行重复" for k in first[repeated]]
            en[repeated] = [f"duplicate of row {int(k)}" for k in first[repeated]]
            problems.append((repeated, zh, en))
    bad_rows = np.zeros(n, dtype=bool)
    for mask, _, _ in problems:
        bad_rows |= mask
    valid = pd.DataFrame({name: values[name] for name in spec.written})
    valid[ROW] = numbers
    valid = valid[~bad_rows].reset_index(drop=True)
    bad = np.flatnonzero(bad_rows)
    rejected = _rejected(sheet, header, body, numbers, bad, problems)
    return Checked(valid, rejected, skipped, notes=notes)


def _rejected(
    sheet: Sheet,
    header: HeaderMatch,
    body: pd.DataFrame,
    numbers: np.ndarray,
    bad: np.ndarray,
    problems: list[tuple[np.ndarray, str | np.ndarray, str | np.ndarray]],
) -> pd.DataFrame:
    """The rejected rows as the file had them, with the row number and the reasons."""
    head = sheet.rows[header.row]
    width = max(len(head), body.shape[1])
    labels: list[str] = []
    for j in range(width):
        cell = head[j] if j < len(head) else None
        label = str(cell).strip() if not is_blank(cell) else f"列{j + 1}"
        while label in labels:
            label += "_"
        labels.append(label)
    cells = body.iloc[bad].reindex(columns=range(width)).astype(object)
    rejected = pd.DataFrame(cells.to_numpy(), columns=labels, dtype=object)
    rejected.insert(0, ROW_LABEL[0], numbers[bad])
    reasons_zh, reasons_en = [], []
    for i in bad:
        zh, en = [], []
        for mask, z, e in problems:
            if mask[i]:
                zh.append(z if isinstance(z, str) else z[i])
                en.append(e if isinstance(e, str) else e[i])
        reasons_zh.append("；".join(zh))
        reasons_en.append("; ".join(en))
    rejected[REASON_LABEL[0]] = reasons_zh
    rejected[REASON_LABEL[1]] = reasons_en
    return rejected


def prepare_records(engine: Engine, prepared, data: bytes, scope_adcode: str | None):  # type: ignore[no-untyped-def]  # Prepared lives in pipeline, which imports this module
    """Fill a Prepared (see pipeline.prepare_import) for a record dataset; nothing written."""
    spec = prepared.spec
    with phase("read"):
        header, sheet, frame, numbers, encoding, sheets = read_layout(
            data, prepared.file_name, spec
        )
    regions = regions_frame(engine)
    allowed = places_within(regions, scope_adcode)
    prepared.sheet = sheet.name
    prepared.encoding = encoding
    prepared.header_row = sheet.numbers[header.row]
    places = PlaceIndex.from_registry(regions)
    with phase("check"):
        prepared.checked = check_records(
            header, sheet, frame, numbers, spec, places, allowed, latest_allowed_day()
        )
    prepared.checked.sheets = sheets
    prepared.file_errors = list(prepared.checked.file_errors)
    return prepared
