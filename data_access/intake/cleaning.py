"""Pure cell cleaning: full-width text, numbers with separators, dates, yes/no, place names."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

EXCEL_EPOCH = dt.date(1899, 12, 30)
CLEAR_WORDS_FOLDED = frozenset({"清空", "清除", "clear"})  # erase the stored value
OWN_LEVEL = re.compile(r"[(（]?本级[)）]?$")  # 广州市本级: the city's own row
FIRST_YEAR, LAST_YEAR = 1949, 2100
FIRST_SERIAL = (dt.date(FIRST_YEAR, 1, 1) - EXCEL_EPOCH).days
LAST_SERIAL = (dt.date(LAST_YEAR, 12, 31) - EXCEL_EPOCH).days

_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL_RE = re.compile(r"^\d{1,6}(?:\.\d+)?$")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_SEPARATORS = re.compile(r"[,\s'_]")
_PLACE_SEPARATORS = re.compile(r"[\s/\\\-—·、,|>]+")
TRUE_WORDS = frozenset({"是", "有", "已建", "已建立", "yes", "y", "true", "t", "1", "√", "✓"})
FALSE_WORDS = frozenset(
    {"否", "无", "没有", "未建", "未建立", "no", "n", "false", "f", "0", "×", "✗"}
)


class CellError(ValueError):
    """A value that cannot be used, with the reason in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def is_blank(value: object) -> bool:
    """True for None, NaN and text that is empty after trimming (full-width spaces too)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return value is pd.NaT


def half_width(text: str) -> str:
    """Full-width digits, letters, punctuation and spaces to their ordinary forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def clean_text(value: object) -> str:
    """A key or code cell as trimmed text: NFKC-normalised, control characters removed."""
    return as_typed(half_width(_cell_text(value)))


def as_typed(value: object) -> str:
    """A free-text cell as typed: trimmed, control characters (NUL…) removed, nothing folded."""
    text = _cell_text(value)
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch)[0] != "C")
    return text.strip()


def _cell_text(value: object) -> str:
    """A cell as text (a whole float without its .0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def parse_number(value: object, *, integer: bool, minimum: float | None = 0) -> float | int:
    """A count or amount from a cell: full-width digits and thousands separators accepted."""
    if isinstance(value, bool):
        raise CellError("不是数字", "not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _SEPARATORS.sub("", half_width(str(value)))
        if not _NUMBER_RE.match(text):
            raise CellError(f"不是数字：{str(value)[:30]}", f"not a number: {str(value)[:30]}")
        number = float(text)
    if not math.isfinite(number):
        raise CellError("不是有限的数字", "not a finite number")
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise CellError(f"不能为负数：{value}", f"must not be negative: {value}")
        raise CellError(f"不能小于 {minimum:g}：{value}", f"must be at least {minimum:g}: {value}")
    if integer:
        if not number.is_integer():
            raise CellError(f"应为整数：{value}", f"must be a whole number: {value}")
        if abs(number) > 2**31 - 1:
            raise CellError(f"数字过大：{value}", f"number too large: {value}")
        return int(number)
    if abs(number) > 1e15:
        raise CellError(f"数字过大：{value}", f"number too large: {value}")
    return number


def _checked_date(year: int, month: int, day: int, shown: object) -> dt.date:
    """A date from its parts, refusing impossible and out-of-range ones."""
    try:
        day_value = dt.date(year, month, day)
    except ValueError:
        raise CellError(f"不存在的日期：{shown}", f"impossible date: {shown}") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(f"日期超出范围：{shown}", f"date out of range: {shown}")
    return day_value


def excel_serial_date(serial: float) -> dt.date:
    """The date of an Excel serial day number (1900 date system, as Excel writes it)."""
    if not FIRST_SERIAL <= serial <= LAST_SERIAL:
        raise CellError(f"不是日期：{serial:g}", f"not a date: {serial:g}")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object) -> dt.date:
    """A date from 2024-03-01, 2024/3/1, 2024年3月1日, 20240301, Excel serials or date cells."""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return _checked_date(value.year, value.month, value.day, value.date())
    if isinstance(value, dt.date):
        return _checked_date(value.year, value.month, value.day, value)
    if isinstance(value, bool):
        raise CellError("不是日期", "not a date")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("不是日期", "not a date")
        if 19_000_000 <= value <= 21_001_231 and float(value).is_integer():
            return parse_date(str(int(value)))
        return excel_serial_date(float(value))
    text = half_width(str(value)).strip()
    shown = text[:30]
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _checked_date(year, month, day, shown)
    if _SERIAL_RE.match(text):
        return excel_serial_date(float(text))
    raise CellError(f"不是日期：{shown}", f"not a date: {shown}")


_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


def parse_month_or_day(value: object) -> tuple[dt.date, str]:
    """A day (precision "day") or a month such as 2024-05 or 2024年5月 (precision "month",
    the first of the month)."""
    if not isinstance(value, str):
        return parse_date(value), "day"
    text = half_width(value).strip()
    match = _MONTH_RE.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise CellError(f"不存在的月份：{text[:30]}", f"impossible month: {text[:30]}")
        return _checked_date(year, month, 1, text[:30]), "month"
    return parse_date(value), "day"


_YEAR_RE = re.compile(r"^(\d{4})\s*(?:年度?)?$")
_QUARTER_RE = re.compile(
    r"^(\d{4})\s*年?\s*[-/ ]?\s*(?:[Qq]\s*([1-4])|第?\s*([1-4一二三四])\s*季度?)$"
)
_QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_period(value: object) -> str:
    """A year, quarter or month as its code: 2024, 2024-Q2 (2024年第2季度, 2024Q2) or 2024-03."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not (math.isfinite(value) and float(value).is_integer() and 1949 <= value <= 2100):
            raise CellError(f"不是年度：{value}", f"not a year: {value}")
        return str(int(value))
    text = half_width(str(value)).strip()
    shown = text[:30]
    year = _YEAR_RE.match(text)
    quarter = _QUARTER_RE.match(text)
    month = _MONTH_RE.match(text)
    if year:
        code = year.group(1)
    elif quarter:
        q = quarter.group(2) or quarter.group(3)
        code = f"{quarter.group(1)}-Q{_QUARTER_WORDS.get(q, q)}"
    elif month and 1 <= int(month.group(2)) <= 12:
        code = f"{month.group(1)}-{int(month.group(2)):02d}"
    else:
        raise CellError(
            f"不是年度、季度或月份：{shown}（如 2024、2024年第2季度、2024-03）",
            f"not a year, quarter or month: {shown} (e.g. 2024, 2024-Q2, 2024-03)",
        )
    if not 1949 <= int(code[:4]) <= 2100:
        raise CellError(f"不是年度：{shown}", f"not a year: {shown}")
    return code


def parse_bool(value: object) -> bool:
    """Yes/no from 是/否, 有/无, yes/no, true/false, 1/0, √/×."""
    if isinstance(value, bool):
        return value
    text = clean_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"应为“是”或“否”：{text[:30]}", f"must be yes or no: {text[:30]}")


def vocabulary_lookup(vocabulary: dict[str, tuple[str, str]]) -> Callable[[object], str]:
    """A parser accepting a code, its Chinese name or its English name (any case)."""
    names: dict[str, str] = {}
    for code, (zh, en) in vocabulary.items():
        for name in (code, zh, en):
            names[_compact(name)] = code

    def parse(value: object) -> str:
        text = clean_text(value)
        code = names.get(_compact(text))
        if code is None:
            choices = "、".join(zh for zh, _ in vocabulary.values())
            raise CellError(
                f"未知的取值：{text[:30]}（可选：{choices}）",
                f"unknown value: {text[:30]} (one of: {', '.join(vocabulary)})",
            )
        return code

    return parse


def _compact(text: str) -> str:
    """Text without spaces and case, for lenient matching."""
    return re.sub(r"\s+", "", half_width(text)).lower()


def _short(name: str) -> str:
    """A place name without its trailing 省/市/区/县 (广州市 → 广州), if still two characters."""
    for suffix in ("省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class PlaceIndex:
    """Resolves a place given as adcode, name, or city + county name, to its adcode."""

    names: dict[str, str]
    ambiguous: frozenset[str]
    codes: frozenset[str]

    @classmethod
    def from_registry(cls, registry: pd.DataFrame) -> PlaceIndex:
        """Build the index from region rows (adcode, name, level, city_adcode)."""
        by_code = dict(zip(registry["adcode"], registry["name"], strict=True))
        province = registry.loc[registry["level"] == "province", "name"].tolist()
        prefixes = ["", *province, *(_short(p) for p in province)]
        seen: dict[str, set[str]] = {}

        def add(key: str, code: str) -> None:
            seen.setdefault(_PLACE_SEPARATORS.sub("", key), set()).add(code)

        for code, name, level, city in zip(
            registry["adcode"],
            registry["name"],
            registry["level"],
            registry["city_adcode"],
            strict=True,
        ):
            own = {name, _short(name)}
            if level == "county" and city in by_code:
                city_name = by_code[city]
                own |= {c + n for c in (city_name, _short(city_name)) for n in (name, _short(name))}
            for prefix in prefixes:
                for key in own:
                    add(prefix + key, code)
        # A name of several places is ambiguous unless it is exactly one place's full name.
        exact = {name: code for code, name in by_code.items()}
        names: dict[str, str] = {}
        ambiguous: set[str] = set()
        for key, codes in seen.items():
            if len(codes) == 1:
                names[key] = next(iter(codes))
            elif key in exact:
                names[key] = exact[key]
            else:
                ambiguous.add(key)
        return cls(names=names, ambiguous=frozenset(ambiguous), codes=frozenset(by_code))

    def resolve(self, value: object) -> str:
        """The adcode of a place cell; CellError when unknown or ambiguous.

        "广州市本级" (a city's own figures, not its counties') resolves to the city itself.
        """
        if isinstance(value, bool):
            raise CellError("未知的地区", "unknown place")
        text = OWN_LEVEL.sub("", clean_text(value)) or clean_text(value)
        if re.fullmatch(r"\d{6}(?:\.0+)?", text):
            code = text[:6]
            if code in self.codes:
                return code
            raise CellError(f"未知的行政区划代码：{code}", f"unknown place code: {code}")
        key = _PLACE_SEPARATORS.sub("", text)
        if key in self.names:
            return self.names[key]
        if key in self.ambiguous:
            raise CellError(
                f"地区名称不唯一，请写明所属市：{text[:30]}",
                f"ambiguous place name, add its city: {text[:30]}",
            )
        raise CellError(f"未知的地区：{text[:30]}", f"unknown place: {text[:30]}")


def places_within(registry: pd.DataFrame, scope_adcode: str | None) -> frozenset[str] | None:
    """The adcodes a user scoped to one place may import: that place and the places below it
    (a city: itself and its counties; a county: itself); None for no limit (the province)."""
    if not scope_adcode:
        return None
    level = registry.loc[registry["adcode"] == scope_adcode, "level"]
    if level.empty or level.iloc[0] == "province":
        return None
    if level.iloc[0] == "city":
        return frozenset(registry.loc[registry["city_adcode"] == scope_adcode, "adcode"])
    return frozenset({scope_adcode})


def map_unique(
    values: list[object], parse: Callable[[object], object]
) -> tuple[list[object], list[CellError | None]]:
    """Parse each distinct value once; return parsed values and errors, row by row."""
    done: dict[tuple[type, object], tuple[object, CellError | None]] = {}
    parsed: list[object] = []
    errors: list[CellError | None] = []
    for value in values:
        key = (value.__class__, value)
        found = done.get(key)
        if found is None:
            try:
                found = (parse(value), None)
            except CellError as exc:
                found = (None, exc)
            done[key] = found
        parsed.append(found[0])
        errors.append(found[1])
    return parsed, errors
