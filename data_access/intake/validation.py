"""Rows to typed records: every cell checked, reasons in Chinese and English, nothing written.

The rules (see `columns` for the whole list) are applied column by column over every data
sheet of a file at once. Values a row does not give (an absent column, a blank cell) are
marked KEEP; `merging.merge_with_stored` fills them from the stored row or the default.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from data_access.intake.cleaning import (
    CLEAR_WORDS_FOLDED,
    CellError,
    PlaceIndex,
    as_typed,
    clean_text,
    is_blank,
    parse_bool,
    parse_date,
    parse_month_or_day,
    parse_number,
    parse_period,
    vocabulary_lookup,
)
from data_access.intake.columns import Column, DatasetSpec, Reason
from data_access.intake.markers import CLEAR, KEEP
from data_access.intake.merging import check_merged, merge_with_stored
from data_access.intake.reading import HeaderMatch, Sheet
from data_access.intake.unique_cells import is_plain, parse_by_value

ROW = "_row"  # the file's row number in the valid frame
SHEET = "_sheet"  # the worksheet of the row
ROW_LABEL = ("行号", "row")
SHEET_LABEL = ("工作表", "sheet")
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
_EXAMPLE_RE = re.compile(r"^\s*(示例|样例|范例|例[:：]|example|sample)", re.IGNORECASE)


_BLANK = KEEP  # an empty cell (older name, used by records)


@dataclass
class SheetOutcome:
    """What became of one worksheet: read, or skipped or refused with the reason."""

    name: str
    status: str  # read | instructions | summary | empty | no_header | refused
    rows: int = 0
    hidden: bool = False
    reason: Reason = ("", "")


@dataclass
class Checked:
    """The outcome of checking a file: valid records, rejected and skipped rows with reasons."""

    valid: pd.DataFrame
    rejected: pd.DataFrame
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    file_errors: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    sheets: list[SheetOutcome] = field(default_factory=list)
    new_rows: int = 0  # valid rows whose key is not stored yet

    @property
    def rows_read(self) -> int:
        """Data rows found below the header."""
        return len(self.valid) + len(self.rejected) + len(self.skipped)


@dataclass(frozen=True)
class Places:
    """The region registry as the checks need it."""

    index: PlaceIndex
    level: dict[str, str]  # adcode → province | city | county
    city: dict[str, str | None]  # adcode → its city (a city: itself)
    county_units: frozenset[str]
    names: dict[str, str]

    @classmethod
    def from_registry(cls, registry: pd.DataFrame) -> Places:
        """Build from region rows (adcode, name, level, city_adcode, is_county_unit)."""
        units = registry["is_county_unit"] if "is_county_unit" in registry else None
        if units is None:  # older callers: a county, or a city without counties
            cities_with_counties = set(registry.loc[registry["level"] == "county", "city_adcode"])
            units = (registry["level"] == "county") | (
                (registry["level"] == "city") & ~registry["adcode"].isin(cities_with_counties)
            )
        return cls(
            index=PlaceIndex.from_registry(registry),
            level=dict(zip(registry["adcode"], registry["level"], strict=True)),
            city=dict(zip(registry["adcode"], registry["city_adcode"], strict=True)),
            county_units=frozenset(registry.loc[units.astype(bool), "adcode"]),
            names=dict(zip(registry["adcode"], registry["name"], strict=True)),
        )


@dataclass(frozen=True)
class Context:
    """What the checks need beyond the file: places, scope, today and stored rows."""

    places: Places
    allowed: frozenset[str] | None = None  # places the user may import (None: any)
    latest_day: dt.date | None = None  # dates after this are refused (None: no limit)
    stored: Callable[[pd.DataFrame], dict[tuple[Any, ...], tuple[Any, ...]]] | None = (
        None  # key → stored values
    )
    stored_children: Callable[[pd.DataFrame], pd.Series] | None = None  # parents with children


# ------------------------------------------------------------------ rows that are not data --


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


def note_label(row: list[object]) -> str | None:
    """The text of a note row (填表人：张三, 注：…): one filled cell of text, not data."""
    filled = [cell for cell in row if not is_blank(cell)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    text = filled[0].strip()
    return text[:30] if _NOTE_RE.search(text) else None


def skip_reason(row: list[object]) -> Reason | None:
    """Why a row below the header is not data: a 合计/小计 row, a note or an example row."""
    word = total_label(row)
    if word is not None:
        return f"合计行（{word}）", f"total row ({word})"
    note = note_label(row)
    if note is not None:
        return f"说明行（{note}）", f"note row ({note})"
    first = next((c for c in row if not is_blank(c)), None)
    if isinstance(first, str) and _EXAMPLE_RE.match(first):
        return "示例行（模板中的示例，不导入）", "example row (from the template, not imported)"
    return None


# ------------------------------------------------------------------ cells --------------------


def _parser(column: Column, places: PlaceIndex) -> Callable[[object], object]:
    """The cell parser of a column."""
    if column.kind == "place":
        return places.resolve
    if column.kind == "date":
        return parse_date
    if column.kind == "month_or_day":
        return parse_month_or_day
    if column.kind == "period":
        return parse_period
    if column.kind in ("int", "float"):
        number = partial(parse_number, integer=column.kind == "int", minimum=column.minimum)
        if column.maximum is None:
            return number

        def bounded(value: object) -> object:
            result = number(value)
            if result > column.maximum:  # type: ignore[operator]  # a number once parsed
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
    shape = clean_text if column.fold else as_typed

    def text(value: object) -> str:
        cleaned = value if is_plain(value) else shape(value)
        if column.max_length and len(cleaned) > column.max_length:
            raise CellError(
                f"超过 {column.max_length} 个字符", f"longer than {column.max_length} characters"
            )
        return cleaned

    return text


def _is_clear(value: object) -> bool:
    """True for a cell that asks to erase the stored value (清空)."""
    return isinstance(value, str) and clean_text(value).lower() in CLEAR_WORDS_FOLDED


# ------------------------------------------------------------------ the table ----------------


@dataclass
class Part:
    """The data rows of one worksheet below its header."""

    sheet: Sheet
    header: HeaderMatch
    rows: list[list[object]]
    numbers: list[int]


# Words without which skip_reason finds nothing (total and example rows; note rows), looked
# for in the row's text lowered, so rows of text cells lacking them skip it: the same outcome
# at a fraction of the cost. ſ and the Kelvin sign match s and k only under re.IGNORECASE.
_SKIP_WORDS = (
    "计",
    "数",
    "total",
    "sum",
    "示例",
    "样例",
    "范例",
    "例:",
    "例：",
    "example",
    "sample",
)
_NOTE_WORDS = (
    *("注", "说明", "填表", "制表", "审核", "负责人", "统计人", "联系", "填报", "报送"),
    *("note", "remark", ":", "："),
)
_SKIP_WORDS_RE = re.compile("|".join(map(re.escape, _SKIP_WORDS)))  # finds any of them
_NOTE_WORDS_RE = re.compile("|".join(map(re.escape, _NOTE_WORDS)))
_FOLDED_ONLY = ("\u017f", "\u212a")
_NOT_TEXT: Any = object()  # a row with cells that are not text: judged the usual way
_BLANK_ROW: Any = object()


def _text_row_skip(row: list[object]) -> Any:
    """For a row of text cells (a CSV row): _BLANK_ROW, or skip_reason's answer."""
    try:
        joined = "\x1f".join(row)  # type: ignore[arg-type]  # TypeError: not all text
    except TypeError:
        return _NOT_TEXT
    if not joined.strip():  # \x1f is whitespace to str.strip: every cell is blank
        return _BLANK_ROW
    if not joined.isascii() and any(c in joined for c in _FOLDED_ONLY):
        return skip_reason(row)
    low = joined.lower()
    if _SKIP_WORDS_RE.search(low) is None and (
        _NOTE_WORDS_RE.search(low) is None or sum(1 for c in row if not is_blank(c)) != 1
    ):
        return None
    return skip_reason(row)


def data_rows(sheet: Sheet, header_row: int) -> tuple[list[list[object]], list[int], list[Any]]:
    """Rows below the header minus empty, total, note and example rows (each where it stands:
    data below a 合计 row is read too), and those skipped with their reasons."""
    body: list[list[object]] = []
    numbers: list[int] = []
    skipped: list[tuple[int, str, str]] = []
    for row, number in zip(
        sheet.rows[header_row + 1 :], sheet.numbers[header_row + 1 :], strict=True
    ):
        reason = _text_row_skip(row)
        if reason is _NOT_TEXT:
            if all(is_blank(c) for c in row):
                continue
            reason = skip_reason(row)
        elif reason is _BLANK_ROW:
            continue
        if reason is not None:
            skipped.append((number, *reason))
            continue
        body.append(row)
        numbers.append(number)
    return body, numbers, skipped


def _where(sheet: str, number: int, several: bool) -> tuple[str, str]:
    """How a row is named in a reason: 第 5 行, or 工作表“2月”第 5 行 in a workbook of several."""
    if several:
        return f"工作表“{sheet}”第 {number} 行", f"sheet '{sheet}' row {number}"
    return f"第 {number} 行", f"row {number}"


def check_parts(parts: list[Part], spec: DatasetSpec, ctx: Context) -> Checked:
    """Check every data row of the data sheets of one file against the spec."""
    several = len(parts) > 1
    found_any = {name for part in parts for name in part.header.columns.values()}
    notes: list[Reason] = []
    absent = [c for c in spec.columns if c.required and c.name not in found_any]
    if absent:
        notes.append(
            (
                f"文件没有这些列：{'、'.join(c.zh for c in absent)}。已有记录保留原值；"
                "新记录需要这些列，缺少时被拒绝",
                f"the file has no column {', '.join(c.en for c in absent)}: stored rows keep "
                "their values; new rows need them and are rejected without",
            )
        )
    sheets = [p.sheet.name for p in parts for _ in p.rows]
    numbers = [n for p in parts for n in p.numbers]
    n = len(numbers)
    cells: dict[str, _Cells] = {c.name: _parse_column(c, parts, ctx) for c in spec.columns}
    values = {name: c.values for name, c in cells.items()}
    own = np.zeros(n, dtype=bool)
    if spec.has_place:
        own = np.array([isinstance(v, str) and "本级" in v for v in cells["adcode"].raw])
    _derive(spec, values, ctx.places)
    keys = _keys(spec, values)
    stored = _stored_rows(spec, keys, cells, ctx)
    is_new = np.array([k is None or k not in stored for k in keys], dtype=bool)
    reasons: list[list[Reason]] = [[] for _ in range(n)]
    for column in spec.columns:
        _column_reasons(spec, column, cells[column.name], is_new, reasons)
    if spec.has_place:
        _check_places(spec, values["adcode"], ctx, reasons)
    _check_future(spec, values, ctx, reasons)
    _check_duplicates(spec, keys, reasons, sheets, numbers, several)
    subtotal = _check_subtotals(spec, values, own, ctx, reasons)
    skipped = [(numbers[i], zh, en) for i, (zh, en) in subtotal.items()]
    frame = pd.DataFrame({name: values[name] for name in spec.written}, dtype=object)
    merged, _ = merge_with_stored(spec, frame, stored)
    for i, found in enumerate(check_merged(spec, merged, is_new, required=False)):
        reasons[i].extend(found)
    ok = np.array([not r and i not in subtotal for i, r in enumerate(reasons)], dtype=bool)
    frame[ROW] = numbers
    frame[SHEET] = sheets
    valid = frame[ok].reset_index(drop=True)
    rejected = _rejected_table(parts, reasons, ok, subtotal, several)
    return Checked(valid, rejected, skipped, notes=notes, new_rows=int((is_new & ok).sum()))


@dataclass
class _Cells:
    """One dataset column over all data rows: raw cells, parsed values, errors, labels."""

    raw: list[object]
    values: list[object]
    errors: list[Reason | None]
    given: list[bool]
    labels: list[str]


def _column_index(header: HeaderMatch, name: str) -> int | None:
    """The file column that feeds a dataset column (the leftmost, when repeated)."""
    found = [j for j, c in header.columns.items() if c == name]
    return min(found) if found else None


def _parse_column(column: Column, parts: list[Part], ctx: Context) -> _Cells:
    """Parse one column of every data row: KEEP where not given or blank, CLEAR for 清空."""
    parse = _parser(column, ctx.places.index)
    raw: list[object] = []
    given: list[bool] = []
    labels: list[str] = []
    formula: list[int] = []  # rows whose cell holds a formula without a value
    for part in parts:
        j = _column_index(part.header, column.name)
        count = len(part.rows)
        if j is None:
            raw.extend([None] * count)
        else:
            if j < min(map(len, part.rows), default=0):  # every row reaches the column
                raw.extend(map(itemgetter(j), part.rows))
            else:
                raw.extend([row[j] if j < len(row) else None for row in part.rows])
            cells = part.sheet.formula_cells
            if cells:
                start = len(given)
                formula.extend(
                    start + k
                    for k, number in enumerate(part.numbers)
                    if raw[start + k] is None and (number, j) in cells
                )
        given.extend([j is not None] * count)
        labels.extend([part.header.labels[j] if j is not None else column.zh] * count)
    plain = column.kind == "text"

    def one(value: object) -> object:
        if plain and is_plain(value):  # clean_text would give it back unchanged
            if value.lower() == "clear":
                return CLEAR
            return parse(value)
        if is_blank(value):
            return KEEP
        if _is_clear(value):
            return CLEAR
        return parse(value)

    parsed, errors = parse_by_value(raw, one)
    reasons: list[Reason | None] = [None] * len(raw)
    if not all(given):
        parsed[~np.asarray(given, dtype=bool)] = KEEP
    for i in formula:
        if given[i]:
            label = labels[i]
            reasons[i] = (
                f"{label}：公式没有计算结果（请用 Excel 或 WPS 打开并保存后再导入）",
                f"{label}: a formula without a computed value (open and save the file in "
                "Excel first)",
            )
    bad = set(formula)
    values = parsed.tolist()
    for i in np.flatnonzero(pd.notna(errors)).tolist():
        if given[i] and i not in bad:
            label, error = labels[i], errors[i]
            reasons[i] = (f"{label}：{error.zh}", f"{label}: {error.en}")
            bad.add(i)
    if column.required:
        for i in (i for i, v in enumerate(values) if v is CLEAR):
            if given[i] and i not in bad:
                label = labels[i]
                reasons[i] = (
                    f"{label}：必填项不能清空",
                    f"{label}: a required value cannot be cleared",
                )
    return _Cells(raw, values, reasons, given, labels)


def _derive(spec: DatasetSpec, values: dict[str, list[object]], places: Places) -> None:
    """Fill the derived columns: a department's level, a milestone's date precision."""
    for column in spec.columns:
        if column.kind != "month_or_day":
            continue
        parsed = values[column.name]
        values[column.name] = [v[0] if isinstance(v, tuple) else v for v in parsed]
        values["precision"] = [v[1] if isinstance(v, tuple) else KEEP for v in parsed]
    if "level" in spec.derived:
        values["level"] = [
            places.level.get(code) if isinstance(code, str) else None for code in values["adcode"]
        ]


def _column_reasons(
    spec: DatasetSpec,
    column: Column,
    cells: _Cells,
    is_new: np.ndarray,
    reasons: list[list[Reason]],
) -> None:
    """A column's reasons per row: its cell errors, then a value it lacks (a key value in
    any row, a required value in a new row)."""
    key = column.name in spec.natural_key
    errors, values = cells.errors, cells.values
    flagged = [i for i, e in enumerate(errors) if e is not None]
    if key or column.required:
        flagged += [i for i, v in enumerate(values) if v is KEEP and errors[i] is None]
        flagged.sort()
    for i in flagged:
        error = errors[i]
        if error is not None:
            reasons[i].append(error)
        elif key or is_new[i]:
            if cells.given[i]:
                reasons[i].append(
                    (f"{cells.labels[i]}：缺少必填值", f"{cells.labels[i]}: value required")
                )
            else:
                reasons[i].append(
                    (f"缺少{column.zh}（新记录必填）", f"{column.en} missing (needed by a new row)")
                )


def _check_places(
    spec: DatasetSpec, codes: list[object], ctx: Context, reasons: list[list[Reason]]
) -> None:
    """Places of the level the dataset is reported at, within the user's scope."""
    places = ctx.places
    for i, code in enumerate(codes):
        if not isinstance(code, str):
            continue
        if spec.place_levels:
            level = places.level.get(code)
            ok = ("county_unit" in spec.place_levels and code in places.county_units) or (
                level in spec.place_levels
            )
            if not ok:
                wanted_zh = "、".join(_LEVEL_NAMES[lv][0] for lv in spec.place_levels)
                wanted_en = ", ".join(_LEVEL_NAMES[lv][1] for lv in spec.place_levels)
                name = places.names.get(code, code)
                reasons[i].append(
                    (
                        f"本表按{wanted_zh}填报：{name}不是{wanted_zh}",
                        f"this table is reported by {wanted_en}: {name} is not one",
                    )
                )
        if ctx.allowed is not None and code not in ctx.allowed:
            reasons[i].append(("地区超出你的权限范围", "place outside your scope"))


_LEVEL_NAMES = {
    "province": ("省", "the province"),
    "city": ("地市", "city"),
    "county_unit": ("区县（含东莞市、中山市）", "county unit"),
}


def _check_future(
    spec: DatasetSpec, values: dict[str, list[object]], ctx: Context, reasons: list[list[Reason]]
) -> None:
    """Dates after the latest allowed day (today, plus the tolerance) are refused."""
    if ctx.latest_day is None:
        return
    limit = ctx.latest_day
    for column in spec.columns:
        if column.kind not in ("date", "month_or_day") or column.future_ok:
            continue
        late = {v for v in set(values[column.name]) if isinstance(v, dt.date) and v > limit}
        if not late:
            continue
        for i, value in enumerate(values[column.name]):
            day = value
            if isinstance(day, dt.date) and day in late:
                reasons[i].append(
                    (
                        f"{column.zh}：{day.isoformat()} 晚于今天（{dt.date.today().isoformat()}）",
                        f"{column.en}: {day.isoformat()} is after today",
                    )
                )


def _keys(spec: DatasetSpec, values: dict[str, list[object]]) -> list[tuple[Any, ...] | None]:
    """The natural key of every row, None where a part is missing."""
    return [
        None if any(v is KEEP or v is CLEAR or v is None for v in key) else key
        for key in zip(*(values[name] for name in spec.natural_key), strict=True)
    ]


def _check_duplicates(
    spec: DatasetSpec,
    keys: list[tuple[Any, ...] | None],
    reasons: list[list[Reason]],
    sheets: list[str],
    numbers: list[int],
    several: bool,
) -> None:
    """Reject later rows that repeat an earlier row's natural key (on any sheet)."""
    first: dict[tuple[Any, ...], int] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            zh, en = _where(sheets[first[key]], numbers[first[key]], several)
            reasons[i].append((f"与{zh}重复", f"duplicate of {en}"))
        else:
            first[key] = i


def _check_subtotals(
    spec: DatasetSpec,
    values: dict[str, list[object]],
    own: np.ndarray,
    ctx: Context,
    reasons: list[list[Reason]],
) -> dict[int, Reason]:
    """A city (or province) row beside its own counties for the same key is a subtotal:
    skipped when it equals their sum, refused otherwise; and refused when the database
    already holds its counties' rows for that key. Returns the rows to skip."""
    if not spec.additive:
        return {}
    places = ctx.places
    rest = [k for k in spec.natural_key if k != "adcode"]
    codes = values["adcode"]
    parents = [
        i
        for i, code in enumerate(codes)
        if isinstance(code, str) and places.level.get(code) in ("province", "city") and not own[i]
    ]
    if not parents:
        return {}
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, code in enumerate(codes):
        if isinstance(code, str) and not reasons[i]:
            groups.setdefault(tuple(values[k][i] for k in rest), []).append(i)
    skip: dict[int, Reason] = {}
    checked_in_db: list[int] = []
    for i in parents:
        if reasons[i]:
            continue
        parent = codes[i]
        key = tuple(values[k][i] for k in rest)
        children = [j for j in groups.get(key, []) if j != i and _within(codes[j], parent, places)]  # type: ignore[arg-type]  # checked adcodes are text
        name = places.names.get(parent, parent)  # type: ignore[call-overload]  # checked adcodes are text
        if not children:
            checked_in_db.append(i)
            continue
        equal = all(_sums_to(values[c][i], [values[c][j] for j in children]) for c in spec.additive)
        if equal:
            skip[i] = (
                f"小计行（{name}，等于本文件中其下属地区之和，不重复计入）",
                f"subtotal row ({name}: the sum of its places in this file, not added again)",
            )
        else:
            reasons[i].append(
                (
                    f"{name}与其下属地区同在本文件（同一日期、领域）：若这是小计，请删除此行；"
                    f"若为市本级数据，请写“{name}本级”",
                    f"{name} appears beside its own places for the same key: delete the row if "
                    f"it is a subtotal, or write '{name}本级' for the city's own figures",
                )
            )
    if checked_in_db and ctx.stored_children is not None:
        probe = pd.DataFrame({k: [values[k][i] for i in checked_in_db] for k in spec.natural_key})
        has = ctx.stored_children(probe)
        for i, found in zip(checked_in_db, has.tolist(), strict=True):
            if found:
                name = places.names.get(codes[i], codes[i])  # type: ignore[call-overload]  # checked adcodes are text
                reasons[i].append(
                    (
                        f"库中已有{name}下属地区同一日期、领域的数据，这一行会重复计算；"
                        f"若为市本级数据，请写“{name}本级”",
                        f"the database already holds {name}'s own places for this key, so the "
                        f"row would count twice; write '{name}本级' for the city's own figures",
                    )
                )
    return skip


def _within(code: object, parent: str, places: Places) -> bool:
    """True when a place lies below another (a county in its city; anything in the province)."""
    if not isinstance(code, str) or code == parent:
        return False
    if places.level.get(parent) == "province":
        return True
    return places.city.get(code) == parent


def _sums_to(total: object, parts: list[object]) -> bool:
    """True when a subtotal equals the sum of its parts (to rounding)."""
    if not isinstance(total, int | float) or not all(isinstance(p, int | float) for p in parts):
        return False
    whole = float(sum(parts))  # type: ignore[arg-type]  # numbers: checked above
    return abs(float(total) - whole) <= 1e-6 * max(1.0, abs(whole))


def _stored_rows(
    spec: DatasetSpec,
    keys: list[tuple[Any, ...] | None],
    cells: dict[str, _Cells],
    ctx: Context,
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The stored rows of the file's well-formed keys (none when the context cannot read)."""
    if ctx.stored is None:
        return {}
    errors = [cells[k].errors for k in spec.natural_key]
    wanted = [
        key for i, key in enumerate(keys) if key is not None and all(e[i] is None for e in errors)
    ]
    if not wanted:
        return {}
    frame = pd.DataFrame({k: [key[j] for key in wanted] for j, k in enumerate(spec.natural_key)})
    return ctx.stored(frame)


def _rejected_table(
    parts: list[Part],
    reasons: list[list[Reason]],
    ok: np.ndarray,
    subtotal: dict[int, Reason],
    several: bool,
) -> pd.DataFrame:
    """The rejected rows as the file had them, with the sheet, row number and reasons."""
    labels: list[str] = []
    records: list[dict[str, object]] = []
    i = 0
    for part in parts:
        head = part.sheet.rows[part.header.row]
        width = max((len(r) for r in [head, *part.rows]), default=0)
        names: list[str] = []
        for j in range(width):
            cell = head[j] if j < len(head) else None
            label = as_typed(cell) if not is_blank(cell) else f"列{j + 1}"
            while label in names:
                label += "_"
            names.append(label)
        for label in names:
            if label not in labels:
                labels.append(label)
        for row, number in zip(part.rows, part.numbers, strict=True):
            if not ok[i] and i not in subtotal:
                record: dict[str, object] = {SHEET_LABEL[0]: part.sheet.name, ROW_LABEL[0]: number}
                for j, label in enumerate(names):
                    record[label] = row[j] if j < len(row) else None
                record[REASON_LABEL[0]] = "；".join(zh for zh, _ in reasons[i])
                record[REASON_LABEL[1]] = "; ".join(en for _, en in reasons[i])
                records.append(record)
            i += 1
    columns = [SHEET_LABEL[0], ROW_LABEL[0], *labels, REASON_LABEL[0], REASON_LABEL[1]]
    table = pd.DataFrame(records, columns=columns, dtype=object)
    if not several:
        table = table.drop(columns=[SHEET_LABEL[0]])
    return table


def check_rows(
    sheet: Sheet,
    header: HeaderMatch,
    spec: DatasetSpec,
    places: PlaceIndex | Places,
    levels: dict[str, str] | None = None,
    allowed: frozenset[str] | None = None,
) -> Checked:
    """Check the data rows of one sheet (no stored rows, no date limit): the row-by-row
    reference the column-wise record check is compared with."""
    if isinstance(places, PlaceIndex):
        levels = levels or {}
        registry = pd.DataFrame(
            {
                "adcode": list(levels),
                "name": list(levels),
                "level": list(levels.values()),
                "city_adcode": [None] * len(levels),
            }
        )
        known = Places.from_registry(registry)
        places = Places(places, known.level, known.city, known.county_units, known.names)
    body, numbers, skipped = data_rows(sheet, header.row)
    ctx = Context(places=places, allowed=allowed)
    checked = check_parts([Part(sheet, header, body, numbers)], spec, ctx)
    checked.skipped = sorted(skipped + checked.skipped)
    checked.valid = checked.valid.drop(columns=[SHEET])
    return checked
