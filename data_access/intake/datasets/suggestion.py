"""Citizens' suggestions: one row per item, received → accepted → concluded → adopted."""

from __future__ import annotations

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column
from data_access.vocabulary import COLLECTION_LEVELS, SUGGESTION_CATEGORIES, SUGGESTION_CHANNELS

SUGGESTION = DatasetSpec(
    key="suggestion",
    zh="人民建议",
    en="Suggestions",
    model=m.Suggestion,
    natural_key=("source_id",),
    date_order=(("received_on", "accepted_on"), ("accepted_on", "concluded_on")),
    note=(
        "每行一件建议；进度更新只需 建议编号 和变化的列（如 办结日期）",
        "one row per item; a progress update needs only the id and the columns that changed",
    ),
    columns=(
        Column(
            "source_id",
            "建议编号",
            "source id",
            "text",
            "GD-2024-000001",
            aliases=("编号", "来源编号", "件号"),
            max_length=40,
            fold=True,
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
        place_column(),
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
