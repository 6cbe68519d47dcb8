"""Industry associations and chambers of commerce: one row per registered organisation."""

from __future__ import annotations

from data_access import models as m
from data_access.intake.columns import Column, DatasetSpec, place_column
from data_access.vocabulary import ASSOCIATION_INDUSTRIES, ASSOCIATION_LEVELS

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
            fold=True,
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
        place_column("广州市"),
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
