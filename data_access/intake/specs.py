"""Dataset specs: each importable area's columns, header aliases, types and natural key."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from data_access import models as m
from data_access.intake.cleaning import half_width
from data_access.vocabulary import (
    ASSOCIATION_INDUSTRIES,
    ASSOCIATION_LEVELS,
    COLLECTION_LEVELS,
    SUGGESTION_CATEGORIES,
    SUGGESTION_CHANNELS,
    VOLUNTEER_FIELDS,
)

Kind = Literal["place", "date", "int", "float", "text", "code", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of an import file and the database column it fills."""

    name: str  # the database column
    zh: str  # header in templates
    en: str  # English header, also accepted
    kind: Kind
    example: object
    required: bool = True
    aliases: tuple[str, ...] = ()
    vocabulary: dict[str, tuple[str, str]] | None = None
    minimum: float | None = 0
    maximum: float | None = None
    max_length: int | None = None
    default: object = None

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
    derived: tuple[str, ...] = field(default=())  # filled from other columns (see validation)
    date_order: tuple[tuple[str, str], ...] = ()  # (earlier, later) date columns

    @property
    def table(self):  # type: ignore[no-untyped-def]
        """The SQLAlchemy table written to."""
        return self.model.__table__

    @property
    def written(self) -> tuple[str, ...]:
        """The database columns an import writes."""
        return tuple(c.name for c in self.columns) + self.derived

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
    "地市",
    "区县",
    "县区",
    "adcode",
    "region",
    "area",
)


def _place(example: str = "广州市越秀区") -> Column:
    """The place column every dataset has (adcode or name)."""
    return Column("adcode", "地区", "place", "place", example, aliases=PLACE_ALIASES)


VOLUNTEER_SERVICE = DatasetSpec(
    key="volunteer_service",
    zh="志愿服务",
    en="Volunteer service",
    model=m.VolunteerService,
    natural_key=("adcode", "service_date", "field"),
    columns=(
        _place(),
        Column(
            "service_date",
            "服务日期",
            "date",
            "date",
            "2024-03-01",
            aliases=("日期", "service date", "统计日期"),
        ),
        Column(
            "field",
            "服务领域",
            "field",
            "code",
            "社区服务",
            aliases=("领域", "服务类别", "service field"),
            vocabulary=VOLUNTEER_FIELDS,
        ),
        Column(
            "hours",
            "服务时长（小时）",
            "hours",
            "float",
            1250.5,
            aliases=("服务时长", "时长", "志愿服务时长", "service hours"),
        ),
        Column(
            "volunteers",
            "志愿者人数",
            "volunteers",
            "int",
            320,
            aliases=("人数", "参与人数", "志愿者数", "参与志愿者人数"),
        ),
    ),
)

SUGGESTION = DatasetSpec(
    key="suggestion",
    zh="人民建议",
    en="Suggestions",
    model=m.Suggestion,
    natural_key=("source_id",),
    date_order=(("received_on", "accepted_on"), ("accepted_on", "concluded_on")),
    columns=(
        Column(
            "source_id",
            "建议编号",
            "source id",
            "text",
            "GD-2024-000001",
            aliases=("编号", "来源编号", "件号"),
            max_length=40,
        ),
        Column(
            "channel",
            "征集渠道",
            "channel",
            "code",
            "12345热线",
            aliases=("渠道", "来源渠道"),
            vocabulary=SUGGESTION_CHANNELS,
        ),
        Column(
            "category",
            "建议类别",
            "category",
            "code",
            "民生保障",
            aliases=("类别", "分类"),
            vocabulary=SUGGESTION_CATEGORIES,
        ),
        Column(
            "collection_level",
            "征集层级",
            "collection level",
            "code",
            "市级",
            aliases=("层级", "级别"),
            vocabulary=COLLECTION_LEVELS,
        ),
        _place(),
        Column(
            "received_on",
            "收到日期",
            "received on",
            "date",
            "2024-03-01",
            aliases=("收到时间", "登记日期", "received"),
        ),
        Column(
            "accepted_on",
            "受理日期",
            "accepted on",
            "date",
            "2024-03-05",
            required=False,
            aliases=("受理时间", "accepted"),
        ),
        Column(
            "concluded_on",
            "办结日期",
            "concluded on",
            "date",
            "2024-04-10",
            required=False,
            aliases=("办结时间", "concluded"),
        ),
        Column(
            "adopted",
            "是否采纳",
            "adopted",
            "bool",
            "是",
            required=False,
            aliases=("采纳",),
            default=False,
        ),
        Column(
            "satisfaction",
            "满意度",
            "satisfaction",
            "int",
            5,
            required=False,
            minimum=1,
            maximum=5,
            aliases=("满意度评分",),
        ),
    ),
)

ASSOCIATION = DatasetSpec(
    key="association",
    zh="行业协会商会",
    en="Associations",
    model=m.Association,
    natural_key=("source_id",),
    date_order=(("registered_on", "deregistered_on"),),
    columns=(
        Column(
            "source_id",
            "统一社会信用代码",
            "source id",
            "text",
            "51440000MJL000001X",
            aliases=("信用代码", "编号", "登记证号"),
            max_length=40,
        ),
        Column(
            "name",
            "名称",
            "name",
            "text",
            "广东省示例行业协会",
            aliases=("协会名称", "社会组织名称", "单位名称"),
            max_length=200,
        ),
        Column(
            "level",
            "登记级别",
            "level",
            "code",
            "省级",
            aliases=("级别", "登记层级"),
            vocabulary=ASSOCIATION_LEVELS,
        ),
        _place("广州市"),
        Column(
            "industry",
            "所属行业",
            "industry",
            "code",
            "制造业",
            aliases=("行业", "行业类别"),
            vocabulary=ASSOCIATION_INDUSTRIES,
        ),
        Column(
            "registered_on",
            "登记日期",
            "registered on",
            "date",
            "2015-06-18",
            aliases=("成立日期", "成立时间", "registered"),
        ),
        Column(
            "deregistered_on",
            "注销日期",
            "deregistered on",
            "date",
            "",
            required=False,
            aliases=("注销时间", "deregistered"),
        ),
        Column(
            "has_party_org",
            "是否建立党组织",
            "has party organisation",
            "bool",
            "是",
            required=False,
            aliases=("党组织", "已建党组织", "has party org"),
            default=False,
        ),
    ),
)

PLAQUE_REMOVAL = DatasetSpec(
    key="plaque_removal",
    zh="挂牌清理",
    en="Plaque removal",
    model=m.PlaqueRemoval,
    natural_key=("adcode", "removed_on"),
    columns=(
        _place(),
        Column(
            "removed_on",
            "统计日期",
            "date",
            "date",
            "2024-03-01",
            aliases=("日期", "清理日期", "removed on"),
        ),
        Column(
            "plaques_removed",
            "摘除牌子数",
            "plaques removed",
            "int",
            86,
            aliases=("摘牌数", "清理牌子数", "摘除数量", "摘牌数量"),
        ),
    ),
)

DEPARTMENT = DatasetSpec(
    key="department",
    zh="社会工作部门",
    en="Departments",
    model=m.Department,
    natural_key=("adcode",),
    derived=("level",),
    columns=(
        _place(),
        Column(
            "established_on",
            "成立日期",
            "established on",
            "date",
            "2024-03-28",
            required=False,
            aliases=("组建日期", "挂牌日期", "established"),
        ),
        Column(
            "posts_authorised",
            "核定编制",
            "posts authorised",
            "int",
            12,
            required=False,
            aliases=("编制数", "核定编制数"),
        ),
        Column(
            "posts_filled",
            "实有人数",
            "posts filled",
            "int",
            10,
            required=False,
            aliases=("在编人数", "实有人员"),
        ),
        Column(
            "observers",
            "社会工作观察员",
            "observers",
            "int",
            25,
            required=False,
            aliases=("观察员人数", "社会工作观察员人数"),
        ),
    ),
)

VOLUNTEER_RECORD = DatasetSpec(
    key="volunteer_record",
    zh="志愿服务记录",
    en="Volunteer service records",
    model=m.VolunteerRecord,
    natural_key=("source_id",),
    columns=(
        Column(
            "source_id",
            "记录编号",
            "record id",
            "text",
            "GD-VR-2024-00000001",
            aliases=("服务记录编号", "记录号", "record no", "source id"),
            max_length=40,
        ),
        Column(
            "volunteer_id",
            "志愿者编号",
            "volunteer id",
            "text",
            "V-7f3a9c",
            aliases=("志愿者标识", "志愿者ID", "volunteer"),
            max_length=64,
        ),
        _place(),
        Column(
            "service_date",
            "服务日期",
            "date",
            "date",
            "2024-03-01",
            aliases=("日期", "service date"),
        ),
        Column(
            "field",
            "服务领域",
            "field",
            "code",
            "社区服务",
            aliases=("领域", "服务类别", "service field"),
            vocabulary=VOLUNTEER_FIELDS,
        ),
        Column(
            "hours",
            "服务时长（小时）",
            "hours",
            "float",
            2.5,
            aliases=("服务时长", "时长", "service hours"),
            maximum=24,
        ),
    ),
)

DATASETS: dict[str, DatasetSpec] = {
    spec.key: spec
    for spec in (
        VOLUNTEER_SERVICE,
        SUGGESTION,
        ASSOCIATION,
        PLAQUE_REMOVAL,
        DEPARTMENT,
        VOLUNTEER_RECORD,
    )
}


def example_value(column: Column) -> object:
    """The example cell of a template (dates as text so every spreadsheet shows them alike)."""
    value = column.example
    return value.isoformat() if isinstance(value, dt.date) else value
