"""What an importable dataset is: its columns, natural key, place rules and cross-column checks.

The rules every dataset shares (stated in the templates and the import summary):
- a column absent from the file never changes stored values;
- a blank cell keeps the stored value of an existing row (a new row gets the column's
  default); the word 清空 in an optional column erases the stored value;
- the natural-key columns are needed in every file; the other required columns only for rows
  that are new;
- dates after today (plus `FUTURE_DATE_TOLERANCE_DAYS`) are refused unless a column says
  otherwise;
- free text is stored as typed; keys and codes are folded (full-width to half-width).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
from sqlalchemy import Table

from data_access import models as m
from data_access.intake.cleaning import half_width

Kind = Literal["place", "date", "month_or_day", "period", "int", "float", "text", "code", "bool"]
PlaceLevel = Literal["province", "city", "county_unit"]
Reason = tuple[str, str]
# A check over whole rows (values after merging with the stored row): one reason or None per row.
RowCheck = Callable[[pd.DataFrame], list[Reason | None]]


@dataclass(frozen=True)
class Column:
    """One column of an import file and the database column it fills."""

    name: str  # the database column
    zh: str  # header in templates
    en: str  # English header, also accepted
    kind: Kind
    example: object
    required: bool = True  # needed for a new row (natural-key columns: in every file)
    aliases: tuple[str, ...] = ()
    vocabulary: dict[str, tuple[str, str]] | None = None
    minimum: float | None = 0
    maximum: float | None = None
    max_length: int | None = None
    default: object = None
    fold: bool = False  # text that is a key or code: fold full-width forms (NFKC)
    future_ok: bool = False  # a date column that may lie after today (a plan, a due date)
    note: tuple[str, str] = ("", "")  # what the template's instructions sheet says

    def headers(self) -> tuple[str, ...]:
        """Every header text that names this column."""
        return (self.zh, self.en, self.name, *self.aliases)


@dataclass(frozen=True)
class DatasetSpec:
    """An importable dataset: its columns, natural key and target table."""

    key: str
    zh: str
    en: str
    model: type[m.Base]
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    derived: tuple[str, ...] = field(default=())  # filled from other columns (see checking)
    date_order: tuple[tuple[str, str], ...] = ()  # (earlier, later) date columns
    place_levels: tuple[PlaceLevel, ...] = ()  # allowed levels of the place column; () any
    additive: tuple[str, ...] = ()  # value columns that add up over places (subtotal check)
    row_checks: tuple[RowCheck, ...] = ()
    aliases: tuple[str, ...] = ()  # older dataset names (cli.py import-areas)
    note: tuple[str, str] = ("", "")  # one line for the template and the page

    @property
    def table(self) -> Table:
        """The SQLAlchemy table written to."""
        return self.model.__table__

    @property
    def written(self) -> tuple[str, ...]:
        """The database columns an import writes."""
        return tuple(c.name for c in self.columns) + self.derived

    @property
    def has_place(self) -> bool:
        """True when the dataset has a place column."""
        return any(c.kind == "place" for c in self.columns)

    def column(self, name: str) -> Column:
        """The column named name."""
        return next(c for c in self.columns if c.name == name)


def normalise_header(text: object) -> str:
    """A header as compared with aliases: NFKC, lower case, no spaces, *, _ or - ."""
    return re.sub(r"[\s*_\-:：]+", "", half_width(str(text))).lower()


def header_keys(text: object) -> set[str]:
    """The forms a header is matched by: itself and itself without a bracketed unit."""
    full = normalise_header(text)
    bare = re.sub(r"[(\[【].*?[)\]】]", "", full)
    return {full, bare} - {""}


PLACE_ALIASES = (
    "地区",
    "地区名称",
    "地区代码",
    "行政区划",
    "行政区划代码",
    "区划代码",
    "所在地区",
    "所在区县",
    "地市",
    "区县",
    "县区",
    "adcode",
    "region",
    "area",
)


def place_column(example: str = "广州市越秀区") -> Column:
    """The place column every dataset with places has (adcode or name)."""
    return Column(
        "adcode",
        "地区",
        "place",
        "place",
        example,
        aliases=PLACE_ALIASES,
        note=(
            "行政区划代码或名称（如 440104、越秀区、广州市越秀区）；市本级数据写“广州市本级”",
            "adcode or name (440104, 越秀区, 广州市越秀区); a city's own figures: 广州市本级",
        ),
    )


def example_value(column: Column) -> object:
    """The example cell of a template (dates as text so every spreadsheet shows them alike)."""
    value = column.example
    return value.isoformat() if isinstance(value, dt.date) else value
